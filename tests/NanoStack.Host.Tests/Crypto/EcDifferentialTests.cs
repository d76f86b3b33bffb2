using System;
using System.Security.Cryptography;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Tls.Crypto;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Math;

namespace NanoStack.Host.Tests.Crypto
{
    /// <summary>
    /// Seeded differential tests: 10,000 cases in total.
    /// - ECDH P-256 (2,000): 20 random peers x 100 random own keys (a quarter of them short, with
    ///   leading zero bytes); shared secrets, and every 10th own public key, against BouncyCastle.
    /// - ECDSA P-256 (4,000) and P-384 (4,000): random messages signed by .NET's ECDsa (keys derived
    ///   from seeded scalars), half DER (VerifyDer), half IEEE P1363 r||s (Verify); every valid
    ///   signature must verify and a copy with one random bit flipped (in the signature, the digest
    ///   or the key's coordinates) must fail.
    /// </summary>
    [TestClass]
    public class EcDifferentialTests
    {
        [TestMethod]
        public void EcdhP256MatchesBouncyCastle()
        {
            const int cases = 2000;
            const int peers = 20;
            var rng = new Random(256);
            X9ECParameters x9 = ECNamedCurveTable.GetByName("P-256");
            var ecdh = Ecdh.P256();
            byte[] pubA = new byte[65];
            byte[] shared = new byte[32];
            // 20 peers (public points by BouncyCastle), 100 random own keys each: 2,000 shared
            // secrets compared with BouncyCastle; every 10th own public key compared as well.
            for (int p = 0; p < peers; p++)
            {
                byte[] b = RandomScalar(rng, x9.N, 32);
                var qb = x9.G.Multiply(new BigInteger(1, b)).Normalize();
                byte[] pubB = qb.GetEncoded(false);
                for (int i = 0; i < cases / peers; i++)
                {
                    byte[] a = RandomScalar(rng, x9.N, 32);
                    if (i % 4 == 0)
                    {
                        // Small keys too: leading zero windows in the scalar.
                        Array.Clear(a, 0, rng.Next(32));
                        if (new BigInteger(1, a).SignValue == 0)
                        {
                            a[31] = 1;
                        }
                    }
                    string where = "peer " + p + " case " + i;
                    Assert.IsTrue(ecdh.ComputeSharedSecret(a, pubB, 0, pubB.Length, shared), "shared " + where);
                    byte[] expected = qb.Multiply(new BigInteger(1, a)).Normalize().AffineXCoord.GetEncoded();
                    CollectionAssert.AreEqual(expected, shared, "shared " + where);
                    if (i % 10 == 0)
                    {
                        Assert.IsTrue(ecdh.ComputePublicKey(a, pubA), "public key " + where);
                        CollectionAssert.AreEqual(x9.G.Multiply(new BigInteger(1, a)).Normalize().GetEncoded(false), pubA, "public key " + where);
                    }
                }
            }
        }

        [TestMethod]
        public void EcdsaP256MatchesDotNet()
        {
            RunEcdsa(EcdsaVerifier.P256(), "P-256", ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, 32, 2000, 2560);
        }

        [TestMethod]
        public void EcdsaP384MatchesDotNet()
        {
            RunEcdsa(EcdsaVerifier.P384(), "P-384", ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384, 48, 2000, 3840);
        }

        [TestMethod]
        public void EcdsaP256CompactMatchesDotNet()
        {
            RunEcdsa(EcdsaVerifier.P256Compact(), "P-256", ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, 32, 2000, 2561);
        }

        [TestMethod]
        public void EcdsaP384CompactMatchesDotNet()
        {
            RunEcdsa(EcdsaVerifier.P384Compact(), "P-384", ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384, 48, 1000, 3841);
        }

        // 'signatures' valid signatures, each verified and then verified again with one bit flipped.
        private static void RunEcdsa(EcdsaVerifier verifier, string bcName, ECCurve curve, HashAlgorithmName hash, int len, int signatures, int seed)
        {
            var rng = new Random(seed);
            X9ECParameters x9 = ECNamedCurveTable.GetByName(bcName);
            const int keys = 20;
            int perKey = signatures / keys;
            for (int k = 0; k < keys; k++)
            {
                byte[] d = RandomScalar(rng, x9.N, len);
                var q = x9.G.Multiply(new BigInteger(1, d)).Normalize();
                byte[] pub = q.GetEncoded(false);
                using var ecdsa = ECDsa.Create(new ECParameters
                {
                    Curve = curve,
                    D = d,
                    Q = new ECPoint { X = q.AffineXCoord.GetEncoded(), Y = q.AffineYCoord.GetEncoded() },
                });
                for (int i = 0; i < perKey; i++)
                {
                    byte[] msg = new byte[rng.Next(0, 100)];
                    rng.NextBytes(msg);
                    byte[] digest = hash == HashAlgorithmName.SHA256 ? SHA256.HashData(msg) : SHA384.HashData(msg);
                    bool der = (i & 1) == 0;
                    byte[] sig = ecdsa.SignHash(digest, der ? DSASignatureFormat.Rfc3279DerSequence : DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                    string where = bcName + " key " + k + " sig " + i;
                    Assert.IsTrue(Verify(verifier, pub, digest, sig, der, len), "valid " + where);

                    // Flip one bit in the signature, the digest or the key.
                    int target = rng.Next(3);
                    byte[] s2 = (byte[])sig.Clone();
                    byte[] d2 = (byte[])digest.Clone();
                    byte[] p2 = (byte[])pub.Clone();
                    byte[] victim = target == 0 ? s2 : target == 1 ? d2 : p2;
                    int pos = target == 2 ? 1 + rng.Next(p2.Length - 1) : rng.Next(victim.Length);
                    victim[pos] ^= (byte)(1 << rng.Next(8));
                    Assert.IsFalse(Verify(verifier, p2, d2, s2, der, len), "flipped " + where + " target " + target);
                    if (target != 2)
                    {
                        var format = der ? DSASignatureFormat.Rfc3279DerSequence : DSASignatureFormat.IeeeP1363FixedFieldConcatenation;
                        Assert.IsFalse(ecdsa.VerifyHash(d2, s2, format), ".NET agrees the flipped copy fails " + where);
                    }
                }
            }
        }

        [TestMethod]
        public void EcdsaDigestLengthsMatchDotNet()
        {
            // SEC 1 §4.1.4 step 3: digests shorter than n are used as they are, longer ones are
            // truncated to their leftmost bits. .NET signs any digest length the same way.
            var rng = new Random(4141);
            foreach (int bits in new[] { 256, 384 })
            {
                using var key = ECDsa.Create(bits == 256 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384);
                var p = key.ExportParameters(false);
                byte[] pub = new byte[1 + p.Q.X.Length * 2];
                pub[0] = 4;
                p.Q.X.CopyTo(pub, 1);
                p.Q.Y.CopyTo(pub, 1 + p.Q.X.Length);
                var v = bits == 256 ? EcdsaVerifier.P256() : EcdsaVerifier.P384();
                foreach (int digestLength in new[] { 1, 20, 28, 32, 48, 64 })
                {
                    for (int i = 0; i < 10; i++)
                    {
                        byte[] digest = new byte[digestLength];
                        rng.NextBytes(digest);
                        byte[] sig = key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
                        Assert.IsTrue(v.VerifyDer(pub, 0, pub.Length, digest, 0, digest.Length, sig, 0, sig.Length), "P-" + bits + " digest " + digestLength);
                        // A bit beyond the leftmost bitlen(n) bits is ignored; one inside is not.
                        int used = Math.Min(digestLength, bits / 8);
                        if (digestLength > used)
                        {
                            digest[used + rng.Next(digestLength - used)] ^= 1;
                            Assert.IsTrue(v.VerifyDer(pub, 0, pub.Length, digest, 0, digest.Length, sig, 0, sig.Length), "P-" + bits + " truncated part " + digestLength);
                        }
                        digest[rng.Next(used)] ^= (byte)(1 << rng.Next(8));
                        Assert.IsFalse(v.VerifyDer(pub, 0, pub.Length, digest, 0, digest.Length, sig, 0, sig.Length), "P-" + bits + " flipped digest " + digestLength);
                    }
                }
            }
        }

        private static bool Verify(EcdsaVerifier v, byte[] pub, byte[] digest, byte[] sig, bool der, int len)
        {
            if (der)
            {
                return v.VerifyDer(pub, 0, pub.Length, digest, 0, digest.Length, sig, 0, sig.Length);
            }
            return v.Verify(pub, 0, pub.Length, digest, 0, digest.Length, sig, 0, len, sig, len, len);
        }

        private static byte[] RandomScalar(Random rng, BigInteger n, int len)
        {
            byte[] d = new byte[len];
            while (true)
            {
                rng.NextBytes(d);
                var v = new BigInteger(1, d);
                if (v.SignValue > 0 && v.CompareTo(n) < 0)
                {
                    return d;
                }
            }
        }
    }
}
