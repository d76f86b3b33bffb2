using System;
using System.Security.Cryptography;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Tls.Crypto;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;

namespace NanoStack.Host.Tests.Crypto
{
    /// <summary>
    /// Differential tests against System.Security.Cryptography.RSA (10,000 verdicts), a
    /// BouncyCastle spot check, and the allocation budget.
    ///
    /// Keys: two 2048-bit, one 3072-bit and one 4096-bit key made by .NET (e = 65537) at the start
    /// of the run (key generation is not seedable in .NET; a failure message prints the modulus).
    /// Everything else comes from <c>new Random(seed)</c>: messages, hash (SHA-256/384/512),
    /// scheme (PKCS#1 v1.5 or PSS with salt length = hash length, .NET's default) and the
    /// corruptions. Each signature made by .NET (1,000 in all) gives ten cases, each checked against
    /// both .NET's verdict and the expected one: the valid signature, the top bit flipped, two
    /// random signature bits flipped, two digest bits flipped, the other scheme, the last byte
    /// changed, a random value below n as the signature, and the signature one byte short.
    /// </summary>
    [TestClass]
    public class RsaVerifierDifferentialTests
    {
        private const int Seed = 20261123;
        private const int CasesPerSignature = 10;

        private sealed class Key
        {
            public RSA Rsa;
            public byte[] N;
            public byte[] E;
            public RsaKeyParameters Bc;
        }

        private static Key MakeKey(int bits)
        {
            RSA rsa = RSA.Create(bits);
            RSAParameters p = rsa.ExportParameters(false);
            return new Key
            {
                Rsa = rsa,
                N = p.Modulus,
                E = p.Exponent,
                Bc = new RsaKeyParameters(false, new BigInteger(1, p.Modulus), new BigInteger(1, p.Exponent)),
            };
        }

        private static (HashAlgorithmName Name, int Id, NetHashAdapter Hash) PickHash(Random rng, NetHashAdapter[] hashes)
        {
            switch (rng.Next(3))
            {
                case 0: return (HashAlgorithmName.SHA256, RsaVerifier.Sha256, hashes[0]);
                case 1: return (HashAlgorithmName.SHA384, RsaVerifier.Sha384, hashes[1]);
                default: return (HashAlgorithmName.SHA512, RsaVerifier.Sha512, hashes[2]);
            }
        }

        private static bool Ours(RsaVerifier v, Key key, bool pss, int id, NetHashAdapter hash, byte[] digest, byte[] sig)
        {
            return pss
                ? v.VerifyPss(key.N, 0, key.N.Length, key.E, 0, key.E.Length, hash, digest, 0, hash.HashSize, sig, 0, sig.Length)
                : v.VerifyPkcs1(key.N, 0, key.N.Length, key.E, 0, key.E.Length, id, digest, 0, sig, 0, sig.Length);
        }

        [TestMethod]
        public void TenThousandVerdictsMatchDotNet()
        {
            Key[] keys = { MakeKey(2048), MakeKey(2048), MakeKey(3072), MakeKey(4096) };
            // Signatures per key: most at 2048 bits (signing with .NET dominates the run time).
            int[] signatures = { 350, 350, 200, 100 };
            NetHashAdapter[] hashes = { NetHashAdapter.Sha256(), NetHashAdapter.Sha384(), NetHashAdapter.Sha512() };
            RsaVerifier verifier = new RsaVerifier();
            Random rng = new Random(Seed);
            int cases = 0;
            for (int k = 0; k < keys.Length; k++)
            {
                Key key = keys[k];
                for (int s = 0; s < signatures[k]; s++)
                {
                    var (name, id, hash) = PickHash(rng, hashes);
                    bool pss = rng.Next(2) == 1;
                    RSASignaturePadding padding = pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
                    byte[] msg = new byte[rng.Next(0, 200)];
                    rng.NextBytes(msg);
                    byte[] digest = CryptographicOperations.HashData(name, msg);
                    byte[] sig = key.Rsa.SignHash(digest, name, padding);
                    string where = "key " + k + " (" + key.N.Length * 8 + " bits, n=" + Convert.ToHexString(key.N)
                        + ") signature " + s + (pss ? " PSS " : " PKCS1 ") + name.Name;

                    for (int c = 0; c < CasesPerSignature; c++)
                    {
                        byte[] d = (byte[])digest.Clone();
                        byte[] sg = (byte[])sig.Clone();
                        bool scheme = pss;
                        bool expected = false;
                        switch (c % 5)
                        {
                            case 0:
                                if (c == 0)
                                {
                                    expected = true;
                                }
                                else
                                {
                                    // Top bit of the signature flipped (often makes s >= n).
                                    sg[0] ^= 0x80;
                                }
                                break;
                            case 1:
                                int bit = rng.Next(sg.Length * 8);
                                sg[bit >> 3] ^= (byte)(1 << (bit & 7));
                                break;
                            case 2:
                                bit = rng.Next(d.Length * 8);
                                d[bit >> 3] ^= (byte)(1 << (bit & 7));
                                break;
                            case 3:
                                if (c == 3)
                                {
                                    scheme = !pss;
                                }
                                else
                                {
                                    // Last signature byte changed by a random nonzero amount.
                                    sg[sg.Length - 1] ^= (byte)(1 + rng.Next(255));
                                }
                                break;
                            default:
                                if (c == 4)
                                {
                                    rng.NextBytes(sg);
                                    sg[0] = (byte)(sg[0] % key.N[0]);
                                }
                                else
                                {
                                    // One byte short: RFC 8017 §8.2.2 / §8.1.2 step 1 (length k).
                                    sg = new byte[sig.Length - 1];
                                    Array.Copy(sig, 1, sg, 0, sg.Length);
                                }
                                break;
                        }
                        bool ours = Ours(verifier, key, scheme, id, hash, d, sg);
                        bool net = key.Rsa.VerifyHash(d, sg, name, scheme ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
                        // Known difference: when the valid signature starts with 0x00, dropping that byte
                        // leaves the same value in k − 1 bytes; .NET (OpenSSL) then accepts, while RFC 8017
                        // §8.1.2 / §8.2.2 step 1 require exactly k bytes, so we reject. Only our verdict
                        // is checked for that case.
                        bool sameValueShorter = c == 9 && sig[0] == 0;
                        if ((ours != net && !sameValueShorter) || ours != expected)
                        {
                            Assert.Fail(where + " case " + c + ": ours " + ours + ", .NET " + net + ", expected " + expected
                                + ", sig " + Convert.ToHexString(sg) + ", digest " + Convert.ToHexString(d));
                        }
                        cases++;
                    }
                }
            }
            Console.WriteLine("RSA differential vs .NET: " + cases + " cases, seed " + Seed);
            Assert.AreEqual(10000, cases);
            foreach (Key key in keys)
            {
                key.Rsa.Dispose();
            }
            foreach (NetHashAdapter h in hashes)
            {
                h.Dispose();
            }
        }

        [TestMethod]
        public void SpotCheckAgainstBouncyCastle()
        {
            Key[] keys = { MakeKey(2048), MakeKey(3072) };
            RsaVerifier verifier = new RsaVerifier();
            using NetHashAdapter sha256 = NetHashAdapter.Sha256();
            Random rng = new Random(Seed + 1);
            int checkedCount = 0;
            for (int i = 0; i < 100; i++)
            {
                Key key = keys[i % keys.Length];
                bool pss = (i & 2) != 0;
                byte[] msg = new byte[rng.Next(1, 100)];
                rng.NextBytes(msg);
                byte[] digest = SHA256.HashData(msg);
                byte[] sig = key.Rsa.SignHash(digest, HashAlgorithmName.SHA256, pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
                if ((i & 1) != 0)
                {
                    sig[rng.Next(sig.Length)] ^= (byte)(1 << rng.Next(8));
                }
                ISigner bc = pss
                    ? new PssSigner(new RsaEngine(), new Sha256Digest(), 32)
                    : new RsaDigestSigner(new Sha256Digest());
                bc.Init(false, key.Bc);
                bc.BlockUpdate(msg, 0, msg.Length);
                bool theirs = bc.VerifySignature(sig);
                bool ours = Ours(verifier, key, pss, RsaVerifier.Sha256, sha256, digest, sig);
                Assert.AreEqual(theirs, ours, "case " + i + (pss ? " PSS" : " PKCS1"));
                Assert.AreEqual((i & 1) == 0, ours, "case " + i);
                checkedCount++;
            }
            Console.WriteLine("RSA spot check vs BouncyCastle: " + checkedCount + " cases");
        }

        [TestMethod]
        public void PssBadParametersRejected()
        {
            using RSA rsa = RSA.Create(2048);
            RSAParameters p = rsa.ExportParameters(false);
            byte[] digest = SHA256.HashData(new byte[] { 9 });
            byte[] sig = rsa.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
            RsaVerifier v = new RsaVerifier();
            using NetHashAdapter sha256 = NetHashAdapter.Sha256();
            using NetHashAdapter sha384 = NetHashAdapter.Sha384();
            bool Pss(NetHashAdapter h, byte[] d, int salt) =>
                v.VerifyPss(p.Modulus, 0, p.Modulus.Length, p.Exponent, 0, p.Exponent.Length, h, d, 0, salt, sig, 0, sig.Length);
            Assert.IsTrue(Pss(sha256, digest, 32));
            Assert.IsFalse(Pss(sha256, digest, 31), "salt length 31");
            Assert.IsFalse(Pss(sha256, digest, 0), "salt length 0");
            Assert.IsFalse(Pss(sha256, digest, int.MaxValue), "salt length int.MaxValue");
            Assert.IsFalse(Pss(sha384, new byte[48], 32), "other hash");
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Pss(sha256, digest, -1));
        }

        [TestMethod]
        public void VerifyAllocatesNothing()
        {
            using RSA rsa = RSA.Create(2048);
            using RSA rsa4096 = RSA.Create(4096);
            RSAParameters p = rsa.ExportParameters(false);
            RSAParameters p4 = rsa4096.ExportParameters(false);
            byte[] digest = SHA256.HashData(new byte[] { 1, 2, 3 });
            byte[] sigPkcs = rsa.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            byte[] sigPss = rsa.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
            byte[] sig4096 = rsa4096.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            RsaVerifier v = new RsaVerifier();
            using NetHashAdapter sha256 = NetHashAdapter.Sha256();
            bool ok = true;
            long pkcs = Allocations.Measure(() =>
                ok &= v.VerifyPkcs1(p.Modulus, 0, p.Modulus.Length, p.Exponent, 0, p.Exponent.Length, RsaVerifier.Sha256, digest, 0, sigPkcs, 0, sigPkcs.Length));
            long pss = Allocations.Measure(() =>
                ok &= v.VerifyPss(p.Modulus, 0, p.Modulus.Length, p.Exponent, 0, p.Exponent.Length, sha256, digest, 0, 32, sigPss, 0, sigPss.Length));
            long big = Allocations.Measure(() =>
                ok &= v.VerifyPkcs1(p4.Modulus, 0, p4.Modulus.Length, p4.Exponent, 0, p4.Exponent.Length, RsaVerifier.Sha256, digest, 0, sig4096, 0, sig4096.Length));
            Assert.IsTrue(ok);
            Assert.AreEqual(0L, pkcs, "PKCS#1 v1.5 verify");
            Assert.AreEqual(0L, pss, "PSS verify");
            Assert.AreEqual(0L, big, "4096-bit verify");
        }
    }
}
