using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Tls.Crypto;

namespace NanoStack.Host.Tests.Crypto
{
    /// <summary>SHA-256/384/512 against System.Security.Cryptography: 10,000 seeded inputs each, fed in random pieces.</summary>
    [TestClass]
    public class ShaDifferentialTests
    {
        private const int Inputs = 10000;

        /// <summary>Feeds <paramref name="data"/> in up to four pieces cut at random points.</summary>
        internal static void UpdateInPieces(Random rng, byte[] data, int offset, int length, Action<byte[], int, int> update)
        {
            int pieces = rng.Next(1, 5);
            int position = offset;
            int end = offset + length;
            for (int p = 1; p < pieces && position < end; p++)
            {
                int n = rng.Next(0, end - position + 1);
                update(data, position, n);
                position += n;
            }
            update(data, position, end - position);
        }

        private static void Run(int seed, IHash ours, Func<byte[], byte[]> reference, int maxLength)
        {
            var rng = new Random(seed);
            byte[] buffer = new byte[maxLength + 16];
            byte[] output = new byte[ours.HashSize + 3];
            for (int i = 0; i < Inputs; i++)
            {
                int length = rng.Next(0, maxLength + 1);
                int offset = rng.Next(0, 16);
                rng.NextBytes(buffer);
                UpdateInPieces(rng, buffer, offset, length, ours.Update);
                int outOffset = rng.Next(0, 4);
                ours.Finish(output, outOffset);
                byte[] expected = reference(buffer.AsSpan(offset, length).ToArray());
                if (!output.AsSpan(outOffset, ours.HashSize).SequenceEqual(expected))
                {
                    Assert.Fail("input " + i + " (length " + length + ") differs: " + Convert.ToHexString(expected));
                }
            }
        }

        [TestMethod]
        public void Sha256MatchesDotNet() => Run(256, new Sha256(), System.Security.Cryptography.SHA256.HashData, 300);

        [TestMethod]
        public void Sha384MatchesDotNet() => Run(384, new Sha384(), System.Security.Cryptography.SHA384.HashData, 400);

        [TestMethod]
        public void Sha512MatchesDotNet() => Run(512, new Sha512(), System.Security.Cryptography.SHA512.HashData, 400);

        [TestMethod]
        public void MillionAsAndLongMessages()
        {
            // FIPS 180-4 / NIST: one million 'a' (crosses many blocks through the buffered path).
            byte[] a = new byte[1000];
            a.AsSpan().Fill((byte)'a');
            var sha256 = new Sha256();
            var sha512 = new Sha512();
            for (int i = 0; i < 1000; i++)
            {
                sha256.Update(a, 0, 1000);
                sha512.Update(a, 0, 1000);
            }
            byte[] out256 = new byte[32];
            byte[] out512 = new byte[64];
            sha256.Finish(out256, 0);
            sha512.Finish(out512, 0);
            Assert.AreEqual("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Convert.ToHexString(out256).ToLowerInvariant());
            byte[] million = new byte[1000000];
            million.AsSpan().Fill((byte)'a');
            CollectionAssert.AreEqual(System.Security.Cryptography.SHA512.HashData(million), out512);
        }

        [TestMethod]
        public void CopyStateToMidMessageMatchesBothBranches()
        {
            var rng = new Random(7);
            var original = new Sha384();
            var copy = new Sha384();
            for (int i = 0; i < 200; i++)
            {
                byte[] prefix = new byte[rng.Next(0, 300)];
                byte[] suffixA = new byte[rng.Next(0, 300)];
                byte[] suffixB = new byte[rng.Next(0, 300)];
                rng.NextBytes(prefix);
                rng.NextBytes(suffixA);
                rng.NextBytes(suffixB);
                copy.Update(suffixB, 0, suffixB.Length); // stale state that CopyStateTo must replace
                original.Update(prefix, 0, prefix.Length);
                original.CopyStateTo(copy);
                original.Update(suffixA, 0, suffixA.Length);
                copy.Update(suffixB, 0, suffixB.Length);
                byte[] a = new byte[48];
                byte[] b = new byte[48];
                original.Finish(a, 0);
                copy.Finish(b, 0);
                CollectionAssert.AreEqual(System.Security.Cryptography.SHA384.HashData(Concat(prefix, suffixA)), a);
                CollectionAssert.AreEqual(System.Security.Cryptography.SHA384.HashData(Concat(prefix, suffixB)), b);
            }
        }

        internal static byte[] Concat(byte[] a, byte[] b)
        {
            byte[] r = new byte[a.Length + b.Length];
            a.CopyTo(r, 0);
            b.CopyTo(r, a.Length);
            return r;
        }
    }
}
