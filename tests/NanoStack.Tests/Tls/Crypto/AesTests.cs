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
    /// <summary>FIPS-197 Appendix C example vectors (AES-128, AES-192, AES-256).</summary>
    [TestClass]
    public class AesTests
    {
        private const string Plaintext = "00112233445566778899aabbccddeeff";

        [TestMethod]
        public void Fips197AppendixC1Aes128()
        {
            Check("000102030405060708090a0b0c0d0e0f", "69c4e0d86a7b0430d8cdb78070b4c55a");
        }

        [TestMethod]
        public void Fips197AppendixC2Aes192()
        {
            Check("000102030405060708090a0b0c0d0e0f1011121314151617", "dda97ca4864cdfe06eaf70a0ec0d7191");
        }

        [TestMethod]
        public void Fips197AppendixC3Aes256()
        {
            Check("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "8ea2b7ca516745bfeafc49904b496089");
        }

        [TestMethod]
        public void FourBlocksMatchSingleBlocks()
        {
            Aes aes = new Aes();
            byte[] key = Hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
            aes.SetKey(key, 0, 32);
            byte[] input = new byte[64];
            for (int i = 0; i < 64; i++)
            {
                input[i] = (byte)(i * 37 + 11);
            }
            byte[] four = new byte[64];
            aes.EncryptBlocks4(input, 0, four, 0);
            byte[] one = new byte[64];
            for (int k = 0; k < 4; k++)
            {
                aes.EncryptBlock(input, 16 * k, one, 16 * k);
            }
            CollectionAssert.AreEqual(one, four);
            // In place.
            aes.EncryptBlocks4(input, 0, input, 0);
            CollectionAssert.AreEqual(four, input);
        }

        [TestMethod]
        public void RejectsBadKeyLength()
        {
            Aes aes = new Aes();
            Assert.ThrowsException(typeof(System.ArgumentException), () => aes.SetKey(new byte[20], 0, 20));
        }

        private static void Check(string keyHex, string expectedHex)
        {
            byte[] key = Hex(keyHex);
            Aes aes = new Aes();
            aes.SetKey(key, 0, key.Length);
            Assert.AreEqual(key.Length, aes.KeySize);
            byte[] block = Hex(Plaintext);
            byte[] output = new byte[16];
            aes.EncryptBlock(block, 0, output, 0);
            CollectionAssert.AreEqual(Hex(expectedHex), output);
            // In place gives the same.
            aes.EncryptBlock(block, 0, block, 0);
            CollectionAssert.AreEqual(Hex(expectedHex), block);
        }

        private static byte[] Hex(string s)
        {
            byte[] r = new byte[s.Length / 2];
            for (int i = 0; i < r.Length; i++)
            {
                r[i] = (byte)((Nibble(s[2 * i]) << 4) | Nibble(s[2 * i + 1]));
            }
            return r;
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
