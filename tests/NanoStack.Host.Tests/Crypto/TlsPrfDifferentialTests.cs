using System;
using System.Security.Cryptography;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Tls.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace NanoStack.Host.Tests.Crypto
{
    /// <summary>
    /// TLS 1.2 PRF: the published vectors checked independently (a P_hash reference written on
    /// .NET's HMACSHA256/HMACSHA384, and BouncyCastle's TLS PRF), then 10,000 seeded inputs per
    /// hash against the reference, with BouncyCastle on a sample.
    /// </summary>
    [TestClass]
    public class TlsPrfDifferentialTests
    {
        /// <summary>RFC 5246 §5, written plainly with .NET's HMAC.</summary>
        private static byte[] Reference(HashAlgorithmName hash, byte[] secret, byte[] labelAndSeed, int length)
        {
            Func<byte[], byte[], byte[]> hmac = hash == HashAlgorithmName.SHA384
                ? (k, d) => HMACSHA384.HashData(k, d)
                : (k, d) => HMACSHA256.HashData(k, d);
            byte[] output = new byte[length];
            byte[] a = hmac(secret, labelAndSeed);
            int position = 0;
            while (position < length)
            {
                byte[] block = hmac(secret, ShaDifferentialTests.Concat(a, labelAndSeed));
                int n = Math.Min(block.Length, length - position);
                Array.Copy(block, 0, output, position, n);
                position += n;
                a = hmac(secret, a);
            }
            return output;
        }

        private static byte[] Bouncy(int prfAlgorithm, byte[] secret, string label, byte[] seed, int length)
        {
            var crypto = new BcTlsCrypto(new SecureRandom());
            return crypto.CreateSecret(secret).DeriveUsingPrf(prfAlgorithm, label, seed, length).Extract();
        }

        private static byte[] Ascii(string s) => System.Text.Encoding.ASCII.GetBytes(s);

        [TestMethod]
        public void PublishedVectorsAgreeWithReferenceAndBouncyCastle()
        {
            byte[] secret = Convert.FromHexString("9bbe436ba940f017b17652849a71db35");
            byte[] seed = Convert.FromHexString("a0ba9f936cda311827a6f796ffd5198c");
            byte[] expected = Convert.FromHexString(
                "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab"
                + "4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66");
            CollectionAssert.AreEqual(expected, Reference(HashAlgorithmName.SHA256, secret, ShaDifferentialTests.Concat(Ascii("test label"), seed), 100));
            CollectionAssert.AreEqual(expected, Bouncy(PrfAlgorithm.tls_prf_sha256, secret, "test label", seed, 100));

            secret = Convert.FromHexString("b80b733d6ceefcdc71566ea48e5567df");
            seed = Convert.FromHexString("cd665cf6a8447dd6ff8b27555edb7465");
            expected = Convert.FromHexString(
                "7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cde9ca0faa60be9fe34f82b1233c9146a0e534cb400fed2700884f9dc236f80edd"
                + "8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abfdad05d9184259b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee6"
                + "91c8f3a26854308d5eaa3be85e0990703d73e56f");
            CollectionAssert.AreEqual(expected, Reference(HashAlgorithmName.SHA384, secret, ShaDifferentialTests.Concat(Ascii("test label"), seed), 148));
            CollectionAssert.AreEqual(expected, Bouncy(PrfAlgorithm.tls_prf_sha384, secret, "test label", seed, 148));
        }

        private static void Run(int seed, TlsPrf ours, HashAlgorithmName hash, int bouncyAlgorithm)
        {
            var rng = new Random(seed);
            byte[] output = new byte[200];
            string[] labels = { "master secret", "key expansion", "client finished", "server finished", "extended master secret", "" };
            for (int i = 0; i < 10000; i++)
            {
                byte[] secret = new byte[rng.Next(1, 200)];
                rng.NextBytes(secret);
                byte[] label = Ascii(labels[rng.Next(labels.Length)]);
                byte[] seedA = new byte[rng.Next(0, 48)];
                byte[] seedB = new byte[rng.Next(0, 48)];
                rng.NextBytes(seedA);
                rng.NextBytes(seedB);
                int length = rng.Next(1, 170);
                int outOffset = rng.Next(0, 30);
                output.AsSpan().Fill(0xA5);
                ours.Derive(secret, 0, secret.Length, label, 0, label.Length, seedA, 0, seedA.Length,
                            seedB.Length == 0 ? null : seedB, 0, seedB.Length, output, outOffset, length);
                byte[] seedAll = ShaDifferentialTests.Concat(seedA, seedB);
                byte[] expected = Reference(hash, secret, ShaDifferentialTests.Concat(label, seedAll), length);
                if (!output.AsSpan(outOffset, length).SequenceEqual(expected))
                {
                    Assert.Fail("input " + i + " differs from the reference");
                }
                Assert.AreEqual((byte)0xA5, output[outOffset + length], "wrote past the output");
                if (i % 500 == 0)
                {
                    CollectionAssert.AreEqual(expected, Bouncy(bouncyAlgorithm, secret, System.Text.Encoding.ASCII.GetString(label), seedAll, length), "BouncyCastle, input " + i);
                }
            }
        }

        [TestMethod]
        public void Sha256MatchesReference() => Run(1256, TlsPrf.CreateSha256(), HashAlgorithmName.SHA256, PrfAlgorithm.tls_prf_sha256);

        [TestMethod]
        public void Sha384MatchesReference() => Run(1384, TlsPrf.CreateSha384(), HashAlgorithmName.SHA384, PrfAlgorithm.tls_prf_sha384);

        [TestMethod]
        public void OutputMayOverlapTheSecret()
        {
            // The master secret computation may write over the pre-master secret's buffer.
            byte[] buffer = new byte[64];
            new Random(3).NextBytes(buffer);
            byte[] secret = buffer.AsSpan(0, 48).ToArray();
            byte[] seed = new byte[64];
            byte[] label = Ascii("master secret");
            byte[] expected = Reference(HashAlgorithmName.SHA256, secret, ShaDifferentialTests.Concat(label, seed), 48);
            TlsPrf.CreateSha256().Derive(buffer, 0, 48, label, 0, label.Length, seed, 0, 32, seed, 32, 32, buffer, 0, 48);
            CollectionAssert.AreEqual(expected, buffer.AsSpan(0, 48).ToArray());
        }
    }
}
