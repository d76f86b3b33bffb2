using System;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Tls.Crypto;

namespace NanoStack.Host.Tests.Crypto
{
    /// <summary>
    /// Wycheproof hmac_sha256_test.json and hmac_sha384_test.json. Groups with a truncated
    /// tagSize compare the MAC's prefix (Hmac.Verify with the tag's length). The files have only
    /// 'valid' and 'invalid' vectors (no 'acceptable'); every vector runs, none is skipped.
    /// </summary>
    [TestClass]
    public class HmacWycheproofTests
    {
        private static void Run(string file, Func<Hmac> create)
        {
            var vectors = Wycheproof.Load(file);
            Hmac hmac = create();
            byte[] mac = new byte[hmac.MacSize];
            foreach ((JsonElement group, JsonElement test) in vectors.Cases())
            {
                int tagBytes = group.GetProperty("tagSize").GetInt32() / 8;
                byte[] key = Wycheproof.Bytes(test, "key");
                byte[] msg = Wycheproof.Bytes(test, "msg");
                byte[] tag = Wycheproof.Bytes(test, "tag");
                if (tag.Length != tagBytes || tagBytes < Hmac.MinimumTagLength || tagBytes > hmac.MacSize)
                {
                    // A tag of another length than the group's cannot match (and Verify would
                    // reject the length as a precondition): count it as a rejection.
                    vectors.Check(test, false, detail: "tag length " + tag.Length);
                    continue;
                }
                hmac.SetKey(key, 0, key.Length);
                hmac.Update(msg, 0, msg.Length);
                bool accepted = hmac.Verify(tag, 0, tag.Length);

                // A valid vector must also reproduce the exact tag through Finish.
                hmac.Update(msg, 0, msg.Length);
                hmac.Finish(mac, 0);
                bool exact = mac.AsSpan(0, tag.Length).SequenceEqual(tag);
                vectors.Check(test, accepted && exact, detail: "mac " + TestData.ToHex(mac, 0, mac.Length));
            }
            vectors.AssertAllPassed();
        }

        [TestMethod]
        public void HmacSha256() => Run("hmac_sha256_test.json", Hmac.CreateSha256);

        [TestMethod]
        public void HmacSha384() => Run("hmac_sha384_test.json", Hmac.CreateSha384);
    }
}
