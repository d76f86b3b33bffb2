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
    /// <summary>RFC 4231 §4.2-§4.8: HMAC-SHA-256 and HMAC-SHA-384 test cases 1-7.</summary>
    [TestClass]
    public class HmacTests
    {
        private static void Check(Hmac hmac, byte[] key, byte[] data, string expected)
        {
            byte[] tag = Hex(expected);
            byte[] output = new byte[hmac.MacSize];
            hmac.SetKey(key, 0, key.Length);
            hmac.Update(data, 0, data.Length);
            hmac.Finish(output, 0);
            CollectionAssert.AreEqual(tag, Slice(output, 0, tag.Length));

            // Finish starts a new message under the same key: the MAC repeats, split anywhere.
            int half = data.Length / 2;
            hmac.Update(data, 0, half);
            hmac.Update(data, half, data.Length - half);
            Assert.IsTrue(hmac.Verify(tag, 0, tag.Length), "verify");
            tag[tag.Length - 1] ^= 1;
            hmac.Update(data, 0, data.Length);
            Assert.IsFalse(hmac.Verify(tag, 0, tag.Length), "verify flipped bit");
        }

        private static byte[] Key4()
        {
            byte[] k = new byte[25];
            for (int i = 0; i < k.Length; i++)
            {
                k[i] = (byte)(i + 1);
            }
            return k;
        }

        private const string Data7 = "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.";

        [TestMethod]
        public void Rfc4231Sha256()
        {
            Sha256Cases(Hmac.CreateSha256());
        }

        [TestMethod]
        public void Rfc4231Sha256CompactShape()
        {
            Sha256Cases(new Hmac(new Sha256()));
        }

        [TestMethod]
        public void Rfc4231Sha384()
        {
            Sha384Cases(Hmac.CreateSha384());
        }

        [TestMethod]
        public void Rfc4231Sha384CompactShape()
        {
            Sha384Cases(new Hmac(new Sha384()));
        }

        [TestMethod]
        public void CompactShapeForgetsTheKeyOnClear()
        {
            Hmac h = new Hmac(new Sha256());
            byte[] key = Repeat(0x0b, 20);
            h.SetKey(key, 0, key.Length);
            h.Clear();
            byte[] data = Ascii("Hi There");
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => h.Update(data, 0, data.Length));
        }

        private static void Sha256Cases(Hmac h)
        {
            Assert.AreEqual(32, h.MacSize);
            Check(h, Repeat(0x0b, 20), Ascii("Hi There"), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
            Check(h, Ascii("Jefe"), Ascii("what do ya want for nothing?"), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
            Check(h, Repeat(0xaa, 20), Repeat(0xdd, 50), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
            Check(h, Key4(), Repeat(0xcd, 50), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
            Check(h, Repeat(0x0c, 20), Ascii("Test With Truncation"), "a3b6167473100ee06e0c796c2955552b");
            Check(h, Repeat(0xaa, 131), Ascii("Test Using Larger Than Block-Size Key - Hash Key First"), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
            Check(h, Repeat(0xaa, 131), Ascii(Data7), "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
        }

        private static void Sha384Cases(Hmac h)
        {
            Assert.AreEqual(48, h.MacSize);
            Check(h, Repeat(0x0b, 20), Ascii("Hi There"), "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6");
            Check(h, Ascii("Jefe"), Ascii("what do ya want for nothing?"), "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649");
            Check(h, Repeat(0xaa, 20), Repeat(0xdd, 50), "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27");
            Check(h, Key4(), Repeat(0xcd, 50), "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb");
            Check(h, Repeat(0x0c, 20), Ascii("Test With Truncation"), "3abf34c3503b2a23a46efc619baef897");
            Check(h, Repeat(0xaa, 131), Ascii("Test Using Larger Than Block-Size Key - Hash Key First"), "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952");
            Check(h, Repeat(0xaa, 131), Ascii(Data7), "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e");
        }

        [TestMethod]
        public void PreconditionsThrow()
        {
            Hmac h = Hmac.CreateSha256();
            byte[] b = new byte[32];
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => h.Update(b, 0, 1));
            h.SetKey(b, 0, 0);
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => h.Verify(b, 0, 9));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => h.Verify(b, 0, 33));
            Sha256 one = new Sha256();
            Assert.ThrowsException(typeof(System.ArgumentException), () => new Hmac(one, one, new Sha256()));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new Hmac(new Sha384(), new Sha512(), new Sha384()));
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

        private static byte[] Ascii(string s)
        {
            byte[] b = new byte[s.Length];
            for (int i = 0; i < b.Length; i++)
            {
                b[i] = (byte)s[i];
            }
            return b;
        }

        private static byte[] Repeat(byte value, int count)
        {
            byte[] b = new byte[count];
            for (int i = 0; i < count; i++)
            {
                b[i] = value;
            }
            return b;
        }

        private static byte[] Slice(byte[] data, int offset, int count)
        {
            byte[] b = new byte[count];
            System.Array.Copy(data, offset, b, 0, count);
            return b;
        }
    }
}
