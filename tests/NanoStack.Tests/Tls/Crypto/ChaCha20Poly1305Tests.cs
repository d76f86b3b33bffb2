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
    /// <summary>RFC 8439 §2.8.2 (AEAD); round trips in place and empty; Open rejects any changed bit and writes nothing.</summary>
    [TestClass]
    public class ChaCha20Poly1305Tests
    {
        private const string Sunscreen = "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.";

        private const string Ciphertext282 =
            "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
            + "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116";

        private static ChaCha20Poly1305 Aead282()
        {
            byte[] key = new byte[32];
            for (int i = 0; i < 32; i++)
            {
                key[i] = (byte)(0x80 + i);
            }
            ChaCha20Poly1305 aead = new ChaCha20Poly1305();
            aead.SetKey(key, 0, 32);
            return aead;
        }

        [TestMethod]
        public void Seal282()
        {
            ChaCha20Poly1305 aead = Aead282();
            Assert.AreEqual(32, aead.KeySize);
            Assert.AreEqual(12, aead.NonceSize);
            Assert.AreEqual(16, aead.TagSize);
            byte[] nonce = Hex("070000004041424344454647");
            byte[] aad = Hex("50515253c0c1c2c3c4c5c6c7");
            byte[] plaintext = Ascii(Sunscreen);
            byte[] output = new byte[plaintext.Length];
            byte[] tag = new byte[16];
            aead.Seal(nonce, 0, aad, 0, aad.Length, plaintext, 0, plaintext.Length, output, 0, tag, 0);
            CollectionAssert.AreEqual(Hex(Ciphertext282), output);
            CollectionAssert.AreEqual(Hex("1ae10b594f09e26a7e902ecbd0600691"), tag);
        }

        [TestMethod]
        public void Open282AndRejectTampering()
        {
            ChaCha20Poly1305 aead = Aead282();
            byte[] nonce = Hex("070000004041424344454647");
            byte[] aad = Hex("50515253c0c1c2c3c4c5c6c7");
            byte[] ciphertext = Hex(Ciphertext282);
            byte[] tag = Hex("1ae10b594f09e26a7e902ecbd0600691");
            byte[] output = new byte[ciphertext.Length];
            Assert.IsTrue(aead.Open(nonce, 0, aad, 0, aad.Length, ciphertext, 0, ciphertext.Length, tag, 0, output, 0));
            CollectionAssert.AreEqual(Ascii(Sunscreen), output);

            byte[] untouched = Repeat(0xA5, ciphertext.Length);
            byte[] sentinel = Repeat(0xA5, ciphertext.Length);
            tag[15] ^= 0x80;
            Assert.IsFalse(aead.Open(nonce, 0, aad, 0, aad.Length, ciphertext, 0, ciphertext.Length, tag, 0, untouched, 0), "tag");
            CollectionAssert.AreEqual(sentinel, untouched);
            tag[15] ^= 0x80;
            ciphertext[0] ^= 1;
            Assert.IsFalse(aead.Open(nonce, 0, aad, 0, aad.Length, ciphertext, 0, ciphertext.Length, tag, 0, untouched, 0), "ciphertext");
            ciphertext[0] ^= 1;
            aad[11] ^= 1;
            Assert.IsFalse(aead.Open(nonce, 0, aad, 0, aad.Length, ciphertext, 0, ciphertext.Length, tag, 0, untouched, 0), "aad");
            aad[11] ^= 1;
            nonce[0] ^= 1;
            Assert.IsFalse(aead.Open(nonce, 0, aad, 0, aad.Length, ciphertext, 0, ciphertext.Length, tag, 0, untouched, 0), "nonce");
            CollectionAssert.AreEqual(sentinel, untouched);
        }

        [TestMethod]
        public void InPlaceAndEmptyRoundTrips()
        {
            ChaCha20Poly1305 aead = Aead282();
            byte[] nonce = Hex("000000000102030405060708");
            byte[] record = Ascii(Sunscreen);
            byte[] tag = new byte[16];
            aead.Seal(nonce, 0, null, 0, 0, record, 0, record.Length, record, 0, tag, 0);
            Assert.IsTrue(aead.Open(nonce, 0, null, 0, 0, record, 0, record.Length, tag, 0, record, 0));
            CollectionAssert.AreEqual(Ascii(Sunscreen), record);

            byte[] aad = Hex("f33388860000000000004e91");
            aead.Seal(nonce, 0, aad, 0, aad.Length, null, 0, 0, null, 0, tag, 0);
            Assert.IsTrue(aead.Open(nonce, 0, aad, 0, aad.Length, null, 0, 0, tag, 0, null, 0));
            tag[0] ^= 1;
            Assert.IsFalse(aead.Open(nonce, 0, aad, 0, aad.Length, null, 0, 0, tag, 0, null, 0));
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
