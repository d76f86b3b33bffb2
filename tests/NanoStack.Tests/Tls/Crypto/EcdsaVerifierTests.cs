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
    public class EcdsaVerifierTests
    {
        // RFC 6979 Appendix A.2.5 (P-256) key pair and signatures; digests are SHA-256 / SHA-512 of
        // the ASCII messages "sample" and "test".
        private const string P256Q = "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
        private const string Sha256Sample = "af2bdbe1aa9b6ec1e2ade1d694f41fc71a831d0268e9891562113d8a62add1bf";
        private const string Sha256Test = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        private const string P256SampleR = "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716";
        private const string P256SampleS = "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";
        private const string P256TestR = "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367";
        private const string P256TestS = "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083";
        // A.2.5, With SHA-512, message = "sample": the digest is longer than n (truncated to 256 bits).
        private const string Sha512Sample = "39a5e04aaff7455d9850c605364f514c11324ce64016960d23d5dc57d3ffd8f49a739468ab8049bf18eef820cdb1ad6c9015f838556bc7fad4138b23fdf986c7";
        private const string P256Sha512SampleR = "8496a60b5e9b47c825488827e0495b0e3fa109ec4568fd3f8d1097678eb97f00";
        private const string P256Sha512SampleS = "2362ab1adbe2b8adf9cb9edab740ea6049c028114f2460f96554f61fae3302fe";

        // RFC 6979 Appendix A.2.6 (P-384) with SHA-384.
        private const string P384Q = "04ec3a4e415b4e19a4568618029f427fa5da9a8bc4ae92e02e06aae5286b300c64def8f0ea9055866064a254515480bc138015d9b72d7d57244ea8ef9ac0c621896708a59367f9dfb9f54ca84b3f1c9db1288b231c3ae0d4fe7344fd2533264720";
        private const string Sha384Sample = "9a9083505bc92276aec4be312696ef7bf3bf603f4bbd381196a029f340585312313bca4a9b5b890efee42c77b1ee25fe";
        private const string Sha384Test = "768412320f7b0aa5812fce428dc4706b3cae50e02a64caa16a782249bfe8efc4b7ef1ccb126255d196047dfedf17a0a9";
        private const string P384SampleR = "94edbb92a5ecb8aad4736e56c691916b3f88140666ce9fa73d64c4ea95ad133c81a648152e44acf96e36dd1e80fabe46";
        private const string P384SampleS = "99ef4aeb15f178cea1fe40db2603138f130e740a19624526203b6351d0a3a94fa329c145786e679e7b82c71a38628ac8";
        private const string P384TestR = "8203b63d3c853e8d77227fb377bcf7b7b772e97892a80f36ab775d509d7a5feb0542a7f0812998da8f1dd3ca3cf023db";
        private const string P384TestS = "ddd0760448d42d8a43af45af836fce4de8be06b485e9b61b827c2f13173923e06a739f040649a667bf3b828246baa5a5";

        private const string P256N = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

        // Every test runs on the fast verifier and on the compact one (smaller G table): same results.
        private static EcdsaVerifier[] P256Verifiers()
        {
            return new EcdsaVerifier[] { EcdsaVerifier.P256(), EcdsaVerifier.P256Compact() };
        }

        private static EcdsaVerifier[] P384Verifiers()
        {
            return new EcdsaVerifier[] { EcdsaVerifier.P384(), EcdsaVerifier.P384Compact() };
        }

        [TestMethod]
        public void Rfc6979P256Sha256()
        {
            foreach (EcdsaVerifier v in P256Verifiers())
            {
                Assert.IsTrue(v.Verify(Hex(P256Q), Hex(Sha256Sample), Hex(P256SampleR), Hex(P256SampleS)), "sample");
                Assert.IsTrue(v.Verify(Hex(P256Q), Hex(Sha256Test), Hex(P256TestR), Hex(P256TestS)), "test");
                Assert.IsFalse(v.Verify(Hex(P256Q), Hex(Sha256Test), Hex(P256SampleR), Hex(P256SampleS)), "wrong message");
                Assert.IsFalse(v.Verify(Hex(P256Q), Hex(Sha256Sample), Hex(P256SampleS), Hex(P256SampleR)), "r and s swapped");
            }
        }

        [TestMethod]
        public void Rfc6979P256Sha512IsTruncated()
        {
            foreach (EcdsaVerifier v in P256Verifiers())
            {
                Assert.IsTrue(v.Verify(Hex(P256Q), Hex(Sha512Sample), Hex(P256Sha512SampleR), Hex(P256Sha512SampleS)));
            }
        }

        [TestMethod]
        public void Rfc6979P384Sha384()
        {
            foreach (EcdsaVerifier v in P384Verifiers())
            {
                Assert.IsTrue(v.Verify(Hex(P384Q), Hex(Sha384Sample), Hex(P384SampleR), Hex(P384SampleS)), "sample");
                Assert.IsTrue(v.Verify(Hex(P384Q), Hex(Sha384Test), Hex(P384TestR), Hex(P384TestS)), "test");
                Assert.IsFalse(v.Verify(Hex(P384Q), Hex(Sha384Sample), Hex(P384TestR), Hex(P384TestS)), "wrong message");
            }
        }

        [TestMethod]
        public void EveryFlippedBitFails()
        {
            foreach (EcdsaVerifier v in P256Verifiers())
            {
                byte[] q = Hex(P256Q);
                byte[] e = Hex(Sha256Sample);
                byte[] r = Hex(P256SampleR);
                byte[] s = Hex(P256SampleS);
                for (int i = 0; i < 32; i += 5)
                {
                    for (int bit = 0; bit < 8; bit += 3)
                    {
                        r[i] ^= (byte)(1 << bit);
                        Assert.IsFalse(v.Verify(q, e, r, s), "r bit");
                        r[i] ^= (byte)(1 << bit);
                        s[i] ^= (byte)(1 << bit);
                        Assert.IsFalse(v.Verify(q, e, r, s), "s bit");
                        s[i] ^= (byte)(1 << bit);
                        e[i] ^= (byte)(1 << bit);
                        Assert.IsFalse(v.Verify(q, e, r, s), "digest bit");
                        e[i] ^= (byte)(1 << bit);
                        q[1 + i] ^= (byte)(1 << bit);
                        Assert.IsFalse(v.Verify(q, e, r, s), "key bit");
                        q[1 + i] ^= (byte)(1 << bit);
                    }
                }
                Assert.IsTrue(v.Verify(q, e, r, s), "restored");
            }
        }

        [TestMethod]
        public void ScalarRangeAndLengths()
        {
            foreach (EcdsaVerifier v in P256Verifiers())
            {
                byte[] q = Hex(P256Q);
                byte[] e = Hex(Sha256Sample);
                byte[] r = Hex(P256SampleR);
                byte[] s = Hex(P256SampleS);
                Assert.IsFalse(v.Verify(q, e, new byte[32], s), "r = 0");
                Assert.IsFalse(v.Verify(q, e, r, new byte[1]), "s = 0");
                Assert.IsFalse(v.Verify(q, e, r, new byte[0]), "s empty");
                Assert.IsFalse(v.Verify(q, e, Hex(P256N), s), "r = n");
                Assert.IsFalse(v.Verify(q, e, r, Hex(P256N)), "s = n");
                // Leading zeros are fine, an extra significant byte is not.
                Assert.IsTrue(v.Verify(q, e, Hex(string.Concat("0000", P256SampleR)), Hex(string.Concat("00", P256SampleS))), "leading zeros");
                Assert.IsFalse(v.Verify(q, e, Hex(string.Concat("01", P256SampleR)), s), "r too long");
                Assert.IsFalse(v.Verify(Hex(P384Q), e, r, s), "P-384 key on a P-256 verifier");
                Assert.IsFalse(v.Verify(Hex(string.Concat("02", P256Q.Substring(2, 64))), e, r, s), "compressed key");
            }
        }

        [TestMethod]
        public void DerSignatureRoundTrip()
        {
            foreach (EcdsaVerifier v in P256Verifiers())
            {
                // SEQUENCE { INTEGER 00 efd4.., INTEGER 00 f7cb.. } (both need a leading zero).
                byte[] der = Hex(string.Concat("3046022100", P256SampleR, "022100", P256SampleS));
                byte[] q = Hex(P256Q);
                byte[] e = Hex(Sha256Sample);
                Assert.IsTrue(v.VerifyDer(q, 0, q.Length, e, 0, e.Length, der, 0, der.Length));
                int ro, rl, so, sl;
                Assert.IsTrue(EcdsaVerifier.TryParseDerSignature(der, 0, der.Length, out ro, out rl, out so, out sl));
                Assert.AreEqual(4, ro);
                Assert.AreEqual(33, rl);
                Assert.AreEqual(39, so);
                Assert.AreEqual(33, sl);
                // "test": s starts with 0x01, no leading zero needed.
                byte[] der2 = Hex(string.Concat("3045022100", P256TestR, "0220", P256TestS));
                byte[] e2 = Hex(Sha256Test);
                Assert.IsTrue(v.VerifyDer(q, 0, q.Length, e2, 0, e2.Length, der2, 0, der2.Length));
            }
        }

        [TestMethod]
        public void DerMalformationsAreRefused()
        {
            Assert.IsTrue(Parses("3006020101020101"), "minimal valid");
            Assert.IsTrue(Parses("3006020100020100"), "zero integers parse (range fails later)");
            Assert.IsTrue(Parses("30070202008002017f"), "0x0080 needs its zero");
            Assert.IsFalse(Parses(""), "empty");
            Assert.IsFalse(Parses("31060201010201 01"), "SET instead of SEQUENCE");
            Assert.IsFalse(Parses("3006020101020101 00"), "trailing byte after the SEQUENCE");
            Assert.IsFalse(Parses("3007020101020101 00"), "trailing byte inside the SEQUENCE");
            Assert.IsFalse(Parses("3005020101020101"), "SEQUENCE length too short");
            Assert.IsFalse(Parses("3008020101020101"), "SEQUENCE length too long");
            Assert.IsFalse(Parses("308106020101020101"), "long-form length below 128");
            Assert.IsFalse(Parses("30820006020101020101"), "non-minimal long form");
            Assert.IsFalse(Parses("3080020101020101 0000"), "indefinite length");
            Assert.IsFalse(Parses("300702020001020101"), "superfluous leading zero");
            Assert.IsFalse(Parses("3006020181020101"), "negative r");
            Assert.IsFalse(Parses("30060201010201ff"), "negative s");
            Assert.IsFalse(Parses("30050200020101"), "empty INTEGER");
            Assert.IsFalse(Parses("3006030101020101"), "BIT STRING instead of INTEGER");
            Assert.IsFalse(Parses("3003020101"), "one INTEGER only");
            Assert.IsFalse(Parses("3009020101020101020101"), "three INTEGERs");
            Assert.IsFalse(Parses("3006020701020101"), "INTEGER length overruns");
            Assert.IsFalse(Parses("30"), "no length");
            Assert.IsFalse(Parses("3081"), "no long-form length octet");
        }

        [TestMethod]
        public void DerLongFormLength()
        {
            // A SEQUENCE longer than 127 bytes uses 0x81 (P-384 signatures can reach 104 bytes; build 130).
            string r = "0201";
            string big = "027f00";
            for (int i = 0; i < 126; i++)
            {
                big = string.Concat(big, "ff");
            }
            string body = string.Concat(r, "01", big);
            // body length: 3 + 2 + 127 = 132 = 0x84
            Assert.IsTrue(Parses(string.Concat("308184", body)), "0x81 form");
            Assert.IsFalse(Parses(string.Concat("30820084", body)), "0x82 form of a one-octet length");
        }

        private static bool Parses(string hex)
        {
            string clean = "";
            char[] c = hex.ToCharArray();
            for (int i = 0; i < c.Length; i++)
            {
                if (c[i] != ' ')
                {
                    clean = string.Concat(clean, new string(c, i, 1));
                }
            }
            byte[] der = Hex(clean);
            int ro, rl, so, sl;
            return EcdsaVerifier.TryParseDerSignature(der, 0, der.Length, out ro, out rl, out so, out sl);
        }

        private static byte[] Hex(string hex)
        {
            char[] c = hex.ToCharArray();
            byte[] b = new byte[c.Length / 2];
            for (int i = 0; i < b.Length; i++)
            {
                b[i] = (byte)((Nibble(c[2 * i]) << 4) | Nibble(c[2 * i + 1]));
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
