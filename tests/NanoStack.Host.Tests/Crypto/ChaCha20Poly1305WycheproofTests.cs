using System;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Tls.Crypto;

namespace NanoStack.Host.Tests.Crypto
{
    /// <summary>
    /// Wycheproof chacha20_poly1305_test.json. Only the 96-bit nonce of RFC 8439 (and TLS,
    /// RFC 7905) is supported: groups with another ivSize are counted as skipped. The file has
    /// only 'valid' and 'invalid' vectors (no 'acceptable'). A valid vector must seal to the exact
    /// ciphertext and tag and open to the message; an invalid one must fail to open and leave the
    /// output buffer untouched.
    /// </summary>
    [TestClass]
    public class ChaCha20Poly1305WycheproofTests
    {
        [TestMethod]
        public void ChaCha20Poly1305()
        {
            var vectors = Wycheproof.Load("chacha20_poly1305_test.json");
            var aead = new ChaCha20Poly1305();
            foreach ((JsonElement group, JsonElement test) in vectors.Cases())
            {
                if (group.GetProperty("ivSize").GetInt32() != 96)
                {
                    vectors.Skip("ivSize " + group.GetProperty("ivSize").GetInt32() + " (only the 96-bit RFC 8439 nonce)");
                    continue;
                }
                byte[] key = Wycheproof.Bytes(test, "key");
                byte[] iv = Wycheproof.Bytes(test, "iv");
                byte[] aad = Wycheproof.Bytes(test, "aad");
                byte[] msg = Wycheproof.Bytes(test, "msg");
                byte[] ct = Wycheproof.Bytes(test, "ct");
                byte[] tag = Wycheproof.Bytes(test, "tag");
                aead.SetKey(key, 0, key.Length);

                bool sealedExactly = false;
                if (tag.Length == 16 && ct.Length == msg.Length)
                {
                    byte[] sealedCt = new byte[msg.Length];
                    byte[] sealedTag = new byte[16];
                    aead.Seal(iv, 0, aad, 0, aad.Length, msg, 0, msg.Length, sealedCt, 0, sealedTag, 0);
                    sealedExactly = sealedCt.AsSpan().SequenceEqual(ct) && sealedTag.AsSpan().SequenceEqual(tag);
                }

                bool opened = false;
                string detail = sealedExactly ? "" : "seal differs";
                if (tag.Length == 16)
                {
                    byte[] plain = new byte[ct.Length];
                    plain.AsSpan().Fill(0xA5);
                    opened = aead.Open(iv, 0, aad, 0, aad.Length, ct, 0, ct.Length, tag, 0, plain, 0);
                    if (!opened && Array.Exists(plain, b => b != 0xA5))
                    {
                        vectors.Fail(test, "wrote plaintext although the tag failed");
                        continue;
                    }
                    if (opened && !plain.AsSpan().SequenceEqual(msg))
                    {
                        vectors.Fail(test, "opened to other bytes");
                        continue;
                    }
                }
                // Valid: sealed to the exact ciphertext and tag, and opened. Invalid: not opened.
                bool accepted = opened && (Wycheproof.Result(test) != "valid" || sealedExactly);
                vectors.Check(test, accepted, detail: detail);
            }
            vectors.AssertAllPassed();
        }
    }
}
