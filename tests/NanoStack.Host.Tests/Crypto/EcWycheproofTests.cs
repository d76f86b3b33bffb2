using System;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Tls.Crypto;

namespace NanoStack.Host.Tests.Crypto
{
    /// <summary>
    /// Wycheproof vectors for P-256 ECDH and P-256/P-384 ECDSA.
    ///
    /// Decisions on 'acceptable' vectors (every one is expected to be REJECTED):
    /// - ecdh_secp256r1_test.json, InvalidAsn (222): BER forms of the SubjectPublicKeyInfo (long-form
    ///   lengths, etc.). Our test-side SPKI reader is strict DER, as a TLS certificate parser should be.
    /// - ecdh_secp256r1_test.json, UnnamedCurve + UnusedParam (WrongOrder, ModifiedGenerator,
    ///   ModifiedCofactor, NoCofactor, ModifiedCurveParameter; 7): explicit curve parameters
    ///   (specifiedCurve) are refused; only the named curve prime256v1 is supported (RFC 5480 §2.1.1:
    ///   specifiedCurve MUST NOT be used in PKIX).
    /// - CompressedPublic / CompressedPoint (1 in each ECDH file): Ecdh accepts only the
    ///   uncompressed form 0x04 || X || Y (RFC 8422 §5.1.2 deprecates the compressed formats for TLS).
    /// The ECDSA files of this Wycheproof version have no 'acceptable' vectors.
    /// </summary>
    [TestClass]
    public class EcWycheproofTests
    {
        [TestMethod]
        public void EcdhSecp256r1Spki()
        {
            var file = Wycheproof.Load("ecdh_secp256r1_test.json");
            var ecdh = Ecdh.P256();
            byte[] shared = new byte[32];
            foreach (var (group, test) in file.Cases())
            {
                byte[] spki = Wycheproof.Bytes(test, "public");
                byte[] priv;
                if (!TryPrivateKey(Wycheproof.Bytes(test, "private"), out priv))
                {
                    file.Skip("private key longer than 32 significant bytes");
                    continue;
                }
                bool accepted = EcSpkiReader.TryReadPoint(spki, EcSpkiReader.P256Oid, out int off, out int len)
                                && ecdh.ComputeSharedSecret(priv, spki, off, len, shared);
                CheckShared(file, test, accepted, shared);
            }
            file.AssertAllPassed();
        }

        [TestMethod]
        public void EcdhSecp256r1EcPoint()
        {
            var file = Wycheproof.Load("ecdh_secp256r1_ecpoint_test.json");
            var ecdh = Ecdh.P256();
            byte[] shared = new byte[32];
            foreach (var (group, test) in file.Cases())
            {
                byte[] point = Wycheproof.Bytes(test, "public");
                byte[] priv;
                if (!TryPrivateKey(Wycheproof.Bytes(test, "private"), out priv))
                {
                    file.Skip("private key longer than 32 significant bytes");
                    continue;
                }
                bool accepted = ecdh.ComputeSharedSecret(priv, point, 0, point.Length, shared);
                CheckShared(file, test, accepted, shared);
            }
            file.AssertAllPassed();
        }

        private static void CheckShared(Wycheproof file, JsonElement test, bool accepted, byte[] shared)
        {
            string expected = test.GetProperty("shared").GetString();
            if (accepted && Wycheproof.Result(test) != "invalid" && expected.Length > 0
                && TestData.ToHex(shared, 0, 32) != expected)
            {
                file.Fail(test, "wrong shared secret " + TestData.ToHex(shared, 0, 32));
                return;
            }
            // Every 'acceptable' vector is rejected by decision (see the class comment).
            file.Check(test, accepted, acceptableExpected: false);
        }

        // Wycheproof writes private keys as ASN.1 INTEGER contents (leading 00, or fewer bytes).
        private static bool TryPrivateKey(byte[] raw, out byte[] key)
        {
            key = new byte[32];
            int start = 0;
            while (start < raw.Length && raw[start] == 0)
            {
                start++;
            }
            int len = raw.Length - start;
            if (len > 32)
            {
                return false;
            }
            Array.Copy(raw, start, key, 32 - len, len);
            return true;
        }

        [TestMethod]
        public void EcdsaSecp256r1Sha256()
        {
            RunEcdsa("ecdsa_secp256r1_sha256_test.json", EcdsaVerifier.P256(), "secp256r1", "SHA-256");
        }

        [TestMethod]
        public void EcdsaSecp384r1Sha384()
        {
            RunEcdsa("ecdsa_secp384r1_sha384_test.json", EcdsaVerifier.P384(), "secp384r1", "SHA-384");
        }

        [TestMethod]
        public void EcdsaSecp256r1Sha256Compact()
        {
            RunEcdsa("ecdsa_secp256r1_sha256_test.json", EcdsaVerifier.P256Compact(), "secp256r1", "SHA-256");
        }

        [TestMethod]
        public void EcdsaSecp384r1Sha384Compact()
        {
            RunEcdsa("ecdsa_secp384r1_sha384_test.json", EcdsaVerifier.P384Compact(), "secp384r1", "SHA-384");
        }

        /// <summary>
        /// ECDH over the curve of a compact verifier (shared tables and scratch), with a
        /// verification between every two shared secrets: neither disturbs the other.
        /// </summary>
        [TestMethod]
        public void EcdhSecp256r1EcPointSharingCompactVerifier()
        {
            var file = Wycheproof.Load("ecdh_secp256r1_ecpoint_test.json");
            var verifier = EcdsaVerifier.P256Compact();
            var ecdh = Ecdh.SharingCurveWith(verifier);
            using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            var kp = key.ExportParameters(false);
            byte[] pub = new byte[65];
            pub[0] = 4;
            kp.Q.X.CopyTo(pub, 1);
            kp.Q.Y.CopyTo(pub, 33);
            byte[] digest = SHA256.HashData(new byte[] { 7 });
            byte[] sig = key.SignHash(digest, System.Security.Cryptography.DSASignatureFormat.Rfc3279DerSequence);
            byte[] shared = new byte[32];
            foreach (var (group, test) in file.Cases())
            {
                byte[] point = Wycheproof.Bytes(test, "public");
                byte[] priv;
                if (!TryPrivateKey(Wycheproof.Bytes(test, "private"), out priv))
                {
                    file.Skip("private key longer than 32 significant bytes");
                    continue;
                }
                bool accepted = ecdh.ComputeSharedSecret(priv, point, 0, point.Length, shared);
                CheckShared(file, test, accepted, shared);
                Assert.IsTrue(verifier.VerifyDer(pub, 0, pub.Length, digest, 0, digest.Length, sig, 0, sig.Length));
            }
            file.AssertAllPassed();
        }

        private static void RunEcdsa(string name, EcdsaVerifier verifier, string curve, string sha)
        {
            var file = Wycheproof.Load(name);
            foreach (var (group, test) in file.Cases())
            {
                JsonElement key = group.GetProperty("publicKey");
                if (key.GetProperty("curve").GetString() != curve || group.GetProperty("sha").GetString() != sha)
                {
                    file.Skip("other curve or hash");
                    continue;
                }
                byte[] q = Wycheproof.Bytes(key, "uncompressed");
                byte[] msg = Wycheproof.Bytes(test, "msg");
                byte[] digest = sha == "SHA-256" ? SHA256.HashData(msg) : SHA384.HashData(msg);
                byte[] sig = Wycheproof.Bytes(test, "sig");
                bool accepted = verifier.VerifyDer(q, 0, q.Length, digest, 0, digest.Length, sig, 0, sig.Length);
                file.Check(test, accepted, acceptableExpected: false);
            }
            file.AssertAllPassed();
        }
    }
}
