using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Tls.Crypto;

namespace NanoStack.Host.Tests.Crypto
{
    /// <summary>HMAC-SHA-256/384 against System.Security.Cryptography: 10,000 seeded (key, message) pairs each, messages fed in random pieces.</summary>
    [TestClass]
    public class HmacDifferentialTests
    {
        private static void Run(int seed, Hmac ours, Func<byte[], byte[], byte[]> reference)
        {
            var rng = new Random(seed);
            byte[] output = new byte[ours.MacSize];
            for (int i = 0; i < 10000; i++)
            {
                // Keys around the block size (shorter, equal, longer: hashed first).
                byte[] key = new byte[rng.Next(0, 2 * ours.BlockSize + 2)];
                byte[] msg = new byte[rng.Next(0, 400)];
                rng.NextBytes(key);
                rng.NextBytes(msg);
                ours.SetKey(key, 0, key.Length);
                // A second message under the same key exercises the restored padded-key states.
                for (int round = 0; round < 2; round++)
                {
                    ShaDifferentialTests.UpdateInPieces(rng, msg, 0, msg.Length, ours.Update);
                    ours.Finish(output, 0);
                    byte[] expected = reference(key, msg);
                    if (!output.AsSpan().SequenceEqual(expected))
                    {
                        Assert.Fail("pair " + i + " round " + round + " (key " + key.Length + ", msg " + msg.Length + ") differs");
                    }
                    if (msg.Length > 0)
                    {
                        msg[0] ^= 1;
                    }
                }
            }
        }

        [TestMethod]
        public void HmacSha256MatchesDotNet() => Run(2561, Hmac.CreateSha256(), System.Security.Cryptography.HMACSHA256.HashData);

        [TestMethod]
        public void HmacSha384MatchesDotNet() => Run(3841, Hmac.CreateSha384(), System.Security.Cryptography.HMACSHA384.HashData);

        [TestMethod]
        public void HmacSha512MatchesDotNet() => Run(5121, Hmac.CreateSha512(), System.Security.Cryptography.HMACSHA512.HashData);

        [TestMethod]
        public void ResetDropsTheMessage()
        {
            Hmac h = Hmac.CreateSha256();
            byte[] key = new byte[] { 1, 2, 3 };
            byte[] msg = new byte[] { 4, 5, 6 };
            byte[] output = new byte[32];
            h.SetKey(key, 0, key.Length);
            h.Update(msg, 0, 2);
            h.Reset();
            h.Update(msg, 0, 3);
            h.Finish(output, 0);
            CollectionAssert.AreEqual(System.Security.Cryptography.HMACSHA256.HashData(key, msg), output);
        }
    }
}
