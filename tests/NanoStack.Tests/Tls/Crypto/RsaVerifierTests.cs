#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Assert = NanoStack.Testing.Assert;
using CollectionAssert = NanoStack.Testing.CollectionAssert;
using OutputHelper = NanoStack.Testing.OutputHelper;
using SetupAttribute = Microsoft.VisualStudio.TestTools.UnitTesting.TestInitializeAttribute;
using CleanupAttribute = Microsoft.VisualStudio.TestTools.UnitTesting.TestCleanupAttribute;
#endif
using NanoStack.Tls.Crypto;

namespace NanoStack.Tests.Tls.Crypto
{
    [TestClass]
    public class RsaVerifierTests
    {
        // Known answer, made once with OpenSSL 3:
        //   openssl genrsa -out k.pem 2048
        //   printf 'NanoStack RSA PKCS#1 v1.5 SHA-256 KAT' > msg
        //   openssl dgst -sha256 -sign k.pem -out sig msg      (RSASSA-PKCS1-v1_5, SHA-256)
        //   openssl dgst -sha256 -binary msg                   (the digest below)
        //   openssl rsa -in k.pem -noout -modulus              (n; e = 65537)
        private const string Modulus =
            "B6869E6EFECB0AE9B6819EFF833380158ED0312D0687C142EF97BFFC27CB986797DE9465A3ED32480DAEF36077C9E72A"
            + "E730457C2E304A2F242DB6038DA1A6BD921F5D3E2F24447D4B41B1E3E6245BF7F98C95B6A4872C4D20AB36D086506C4A"
            + "60071D5454650A956E734410D3D819A3B47A691F962B67EDC410B3F1D1E0B3433E7B2B81978342270D376BFFFBEADB85"
            + "BDE9D8231BC1F3F8B29A95D3373B7BC13ED1418A2FBA6D12287F2611C9AD5734D842879F0C494F6E887C999632221F0B"
            + "D65A26B6DD9FE301EF36876D7244B371ACD3EC362AC04516740077A7F5C7540CA4A03ED3D3AA7F38022A48BC4E6935A1"
            + "6538035A5A944AEDF9827440C08BE69B";

        private const string Digest = "8f82787535ed0db216b5befe488431acce4b344c3f6dd3f24e81e366c44f1d14";

        private const string Signature =
            "5a91db1de7c54e9dc07d559becbb650a0bf7f27545a6ad196e0b30920846e771e0511f6dae4b2e45778994d061bda780"
            + "99ab36d577889077848df6e42b808f9662c60c3f1ad6bcda0e65d6afe67802ad9ead56a235f608c3c8364239a1c2b9c2"
            + "6c6106068ac41c6818be0d06dd346f18ba378680d7fe2f23dd00890a03b7c805775dd576281ca675011a4bbf6d47ff1a"
            + "f9ce6e21cfaf36134f89bd75eed47b4104c8e6109e43d8bc0a7cf6667d697baa06815f2f309c94661391de0ca930c4c7"
            + "ebe28292b95521e1bfc7179d3fa17f5169d8aa158b5aecb7dd8a584d7057fba5851b63d4b291aeaaf16bbcb141e94323"
            + "22e45dc84d3541544177d18a258b54be";

        private static readonly byte[] E65537 = new byte[] { 0x01, 0x00, 0x01 };

        private static bool Verify(RsaVerifier v, byte[] n, byte[] e, byte[] d, byte[] s)
        {
            return v.VerifyPkcs1(n, 0, n.Length, e, 0, e.Length, RsaVerifier.Sha256, d, 0, s, 0, s.Length);
        }

        [TestMethod]
        public void Pkcs1Sha256KnownAnswerAccepted()
        {
            RsaVerifier v = new RsaVerifier();
            Assert.IsTrue(Verify(v, Hex(Modulus), E65537, Hex(Digest), Hex(Signature)));
            // Again with the same object: no state left over.
            Assert.IsTrue(Verify(v, Hex(Modulus), E65537, Hex(Digest), Hex(Signature)));
        }

        [TestMethod]
        public void Pkcs1Sha256FlippedBitsRejected()
        {
            RsaVerifier v = new RsaVerifier();
            byte[] n = Hex(Modulus);
            byte[] d = Hex(Digest);
            byte[] s = Hex(Signature);
            s[100] ^= 0x10;
            Assert.IsFalse(Verify(v, n, E65537, d, s), "signature bit");
            s[100] ^= 0x10;
            d[31] ^= 0x01;
            Assert.IsFalse(Verify(v, n, E65537, d, s), "digest bit");
            d[31] ^= 0x01;
            n[5] ^= 0x04;
            Assert.IsFalse(Verify(v, n, E65537, d, s), "modulus bit");
            n[5] ^= 0x04;
            Assert.IsTrue(Verify(v, n, E65537, d, s), "restored");
            Assert.IsFalse(v.VerifyPkcs1(n, 0, n.Length, E65537, 0, 3, RsaVerifier.Sha384, new byte[48], 0, s, 0, s.Length), "other hash");
        }

        [TestMethod]
        public void BadKeysAndLengthsRejected()
        {
            RsaVerifier v = new RsaVerifier();
            byte[] n = Hex(Modulus);
            byte[] d = Hex(Digest);
            byte[] s = Hex(Signature);
            Assert.IsFalse(Verify(v, n, new byte[] { 0x01 }, d, s), "e = 1");
            Assert.IsFalse(Verify(v, n, new byte[] { 0x01, 0x00, 0x00 }, d, s), "even e");
            Assert.IsFalse(Verify(v, n, new byte[0], d, s), "empty e");
            byte[] longE = new byte[n.Length + 1];
            longE[0] = 1;
            longE[longE.Length - 1] = 1;
            Assert.IsFalse(Verify(v, n, longE, d, s), "e longer than n");

            byte[] evenN = Hex(Modulus);
            evenN[evenN.Length - 1] ^= 0x01;
            Assert.IsFalse(Verify(v, evenN, E65537, d, s), "even n");

            byte[] shortS = new byte[s.Length - 1];
            System.Array.Copy(s, 1, shortS, 0, shortS.Length);
            Assert.IsFalse(Verify(v, n, E65537, d, shortS), "short signature");

            byte[] longS = new byte[s.Length + 1];
            System.Array.Copy(s, 0, longS, 1, s.Length);
            Assert.IsFalse(Verify(v, n, E65537, d, longS), "signature with a leading zero");

            Assert.IsFalse(Verify(v, n, E65537, d, n), "s = n");

            byte[] smallN = new byte[128];
            System.Array.Copy(n, 0, smallN, 0, 128);
            Assert.IsFalse(v.VerifyPkcs1(smallN, 0, 128, E65537, 0, 3, RsaVerifier.Sha256, d, 0, s, 0, 128), "1024-bit n");

            // A leading zero byte on the modulus (ASN.1 INTEGER form) is ignored.
            byte[] n0 = new byte[n.Length + 1];
            System.Array.Copy(n, 0, n0, 1, n.Length);
            Assert.IsTrue(Verify(v, n0, E65537, d, s), "n with leading zero");
        }

        [TestMethod]
        public void PreconditionsThrow()
        {
            RsaVerifier v = new RsaVerifier();
            byte[] n = Hex(Modulus);
            byte[] s = Hex(Signature);
            Assert.ThrowsException(typeof(System.ArgumentNullException),
                () => v.VerifyPkcs1(null, 0, 0, E65537, 0, 3, RsaVerifier.Sha256, new byte[32], 0, s, 0, s.Length));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException),
                () => v.VerifyPkcs1(n, 0, n.Length, E65537, 0, 3, RsaVerifier.Sha256, new byte[31], 0, s, 0, s.Length));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException),
                () => v.VerifyPkcs1(n, 0, n.Length, E65537, 0, 3, 99, new byte[32], 0, s, 0, s.Length));
        }

        [TestMethod]
        public void NegInverseAndMontgomeryIdentity()
        {
            uint[] odd = new uint[] { 1, 3, 0xFFFFFFFF, 0x12345679, 0x80000001 };
            for (int i = 0; i < odd.Length; i++)
            {
                Assert.AreEqual(0xFFFFFFFFu, odd[i] * BigNat.NegInverse32(odd[i]), "n·n0inv = −1");
            }
        }

        private static byte[] Hex(string hex)
        {
            byte[] b = new byte[hex.Length / 2];
            for (int i = 0; i < b.Length; i++)
            {
                b[i] = (byte)((Nibble(hex[2 * i]) << 4) | Nibble(hex[2 * i + 1]));
            }
            return b;
        }

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }
            return c - 'A' + 10;
        }
    }
}
