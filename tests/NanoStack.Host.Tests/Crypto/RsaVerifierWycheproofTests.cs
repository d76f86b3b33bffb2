using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Tls.Crypto;

namespace NanoStack.Host.Tests.Crypto
{
    /// <summary>
    /// Every vector of the Wycheproof RSA signature files. The key of each test group is read from
    /// its <c>publicKey.modulus</c> / <c>publicKey.publicExponent</c> fields (hex, big-endian); the
    /// message is hashed here with .NET and the digest handed to the verifier.
    ///
    /// Acceptable decisions:
    /// - PKCS#1 v1.5, flag <c>MissingNull</c> (DigestInfo whose AlgorithmIdentifier omits the NULL
    ///   parameters, one vector per file): rejected. RFC 8017 §9.2 note 1 gives the NULL form, and
    ///   verification re-encodes and compares (§8.2.2 step 3–4), so only that form matches.
    /// - The PSS file has no acceptable vectors.
    /// </summary>
    [TestClass]
    public class RsaVerifierWycheproofTests
    {
        [TestMethod]
        [DataRow("rsa_signature_2048_sha256_test.json")]
        [DataRow("rsa_signature_2048_sha384_test.json")]
        [DataRow("rsa_signature_3072_sha256_test.json")]
        [DataRow("rsa_signature_4096_sha256_test.json")]
        public void Pkcs1(string fileName)
        {
            Wycheproof file = Wycheproof.Load(fileName);
            RsaVerifier verifier = new RsaVerifier();
            foreach ((JsonElement group, JsonElement test) in file.Cases())
            {
                JsonElement key = group.GetProperty("publicKey");
                byte[] n = Wycheproof.Bytes(key, "modulus");
                byte[] e = Wycheproof.Bytes(key, "publicExponent");
                string sha = group.GetProperty("sha").GetString();
                int alg;
                byte[] msg = Wycheproof.Bytes(test, "msg");
                byte[] digest;
                switch (sha)
                {
                    case "SHA-256": alg = RsaVerifier.Sha256; digest = SHA256.HashData(msg); break;
                    case "SHA-384": alg = RsaVerifier.Sha384; digest = SHA384.HashData(msg); break;
                    case "SHA-512": alg = RsaVerifier.Sha512; digest = SHA512.HashData(msg); break;
                    default: file.Skip("hash " + sha); continue;
                }
                byte[] sig = Wycheproof.Bytes(test, "sig");
                bool ok = verifier.VerifyPkcs1(n, 0, n.Length, e, 0, e.Length, alg, digest, 0, sig, 0, sig.Length);
                // Acceptable (MissingNull only): rejected, see the class comment.
                file.Check(test, ok, acceptableExpected: false);
            }
            file.AssertAllPassed();
        }

        [TestMethod]
        public void PssSha256Mgf1Salt32()
        {
            Wycheproof file = Wycheproof.Load("rsa_pss_2048_sha256_mgf1_32_test.json");
            RsaVerifier verifier = new RsaVerifier();
            // End to end with our own SHA-256: the message digest and MGF1 both go through it.
            var sha256 = new NanoStack.Tls.Crypto.Sha256();
            byte[] digest = new byte[32];
            foreach ((JsonElement group, JsonElement test) in file.Cases())
            {
                if (group.GetProperty("sha").GetString() != "SHA-256" || group.GetProperty("mgf").GetString() != "MGF1"
                    || group.GetProperty("mgfSha").GetString() != "SHA-256")
                {
                    file.Skip("hash/MGF other than SHA-256/MGF1-SHA-256");
                    continue;
                }
                JsonElement key = group.GetProperty("publicKey");
                byte[] n = Wycheproof.Bytes(key, "modulus");
                byte[] e = Wycheproof.Bytes(key, "publicExponent");
                int sLen = group.GetProperty("sLen").GetInt32();
                byte[] msg = Wycheproof.Bytes(test, "msg");
                sha256.Update(msg, 0, msg.Length);
                sha256.Finish(digest, 0);
                byte[] sig = Wycheproof.Bytes(test, "sig");
                bool ok = verifier.VerifyPss(n, 0, n.Length, e, 0, e.Length, sha256, digest, 0, sLen, sig, 0, sig.Length);
                file.Check(test, ok);
            }
            file.AssertAllPassed();
        }
    }
}
