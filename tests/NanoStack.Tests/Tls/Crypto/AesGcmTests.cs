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
using System;
using NanoStack.Tls.Crypto;

namespace NanoStack.Tests.Tls.Crypto
{
    /// <summary>
    /// Test cases 1-4 (AES-128) and 13-16 (AES-256) of D. McGrew, J. Viega, "The Galois/Counter
    /// Mode of Operation (GCM)", revised submission to NIST, 2005, Appendix B.
    /// </summary>
    [TestClass]
    public class AesGcmTests
    {
        private const string Zero128 = "00000000000000000000000000000000";
        private const string Zero256 = "0000000000000000000000000000000000000000000000000000000000000000";
        private const string ZeroIv = "000000000000000000000000";
        private const string Key = "feffe9928665731c6d6a8f9467308308";
        private const string Iv = "cafebabefacedbaddecaf888";
        private const string Aad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
        private const string Plain60 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                                     + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
        private const string Plain64 = Plain60 + "1aafd255";

        [TestMethod]
        public void TestCase1()
        {
            Check(Zero128, ZeroIv, "", "", "", "58e2fccefa7e3061367f1d57a4e7455a");
        }

        [TestMethod]
        public void TestCase2()
        {
            Check(Zero128, ZeroIv, "", Zero128, "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf");
        }

        [TestMethod]
        public void TestCase3()
        {
            Check(Key, Iv, "", Plain64,
                  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                  + "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
                  "4d5c2af327cd64a62cf35abd2ba6fab4");
        }

        [TestMethod]
        public void TestCase4()
        {
            Check(Key, Iv, Aad, Plain60,
                  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                  + "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
                  "5bc94fbc3221a5db94fae95ae7121a47");
        }

        [TestMethod]
        public void TestCase13()
        {
            Check(Zero256, ZeroIv, "", "", "", "530f8afbc74536b9a963b4f1c4cb738b");
        }

        [TestMethod]
        public void TestCase14()
        {
            Check(Zero256, ZeroIv, "", Zero128, "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919");
        }

        [TestMethod]
        public void TestCase15()
        {
            Check(Key + Key, Iv, "", Plain64,
                  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                  + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
                  "b094dac5d93471bdec1a502270e3cc6c");
        }

        [TestMethod]
        public void TestCase16()
        {
            Check(Key + Key, Iv, Aad, Plain60,
                  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                  + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
                  "76fc6ece0f4e1768cddf8853bb2d551b");
        }

        [TestMethod]
        public void WrongTagWritesNothing()
        {
            AesGcm gcm = new AesGcm();
            byte[] key = Hex(Key);
            gcm.SetKey(key, 0, key.Length);
            byte[] iv = Hex(Iv);
            byte[] aad = Hex(Aad);
            byte[] ct = Hex("42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                            + "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091");
            byte[] tag = Hex("5bc94fbc3221a5db94fae95ae7121a47");
            byte[] output = new byte[ct.Length];
            for (int i = 0; i < output.Length; i++)
            {
                output[i] = 0xA5;
            }
            tag[15] ^= 1;
            Assert.IsFalse(gcm.Open(iv, 0, aad, 0, aad.Length, ct, 0, ct.Length, tag, 0, output, 0));
            for (int i = 0; i < output.Length; i++)
            {
                Assert.AreEqual((byte)0xA5, output[i]);
            }
            tag[15] ^= 1;
            aad[0] ^= 0x80;
            Assert.IsFalse(gcm.Open(iv, 0, aad, 0, aad.Length, ct, 0, ct.Length, tag, 0, output, 0));
            aad[0] ^= 0x80;
            Assert.IsTrue(gcm.Open(iv, 0, aad, 0, aad.Length, ct, 0, ct.Length, tag, 0, output, 0));
            CollectionAssert.AreEqual(Hex(Plain60), output);
        }

        [TestMethod]
        public void ClearForgetsTheKey()
        {
            AesGcm gcm = new AesGcm();
            Assert.AreEqual(0, gcm.KeySize);
            byte[] key = Hex(Key);
            gcm.SetKey(key, 0, key.Length);
            gcm.Clear();
            Assert.AreEqual(0, gcm.KeySize);
            byte[] buf = new byte[16];
            Assert.ThrowsException(typeof(InvalidOperationException),
                () => gcm.Seal(buf, 0, buf, 0, 0, buf, 0, 0, buf, 0, buf, 0));
            Assert.ThrowsException(typeof(ArgumentException), () => gcm.SetKey(key, 0, 15));
        }

        private static void Check(string keyHex, string ivHex, string aadHex, string plainHex, string cipherHex, string tagHex)
        {
            byte[] key = Hex(keyHex);
            byte[] iv = Hex(ivHex);
            byte[] aad = Hex(aadHex);
            byte[] plain = Hex(plainHex);
            AesGcm gcm = new AesGcm();
            gcm.SetKey(key, 0, key.Length);
            Assert.AreEqual(key.Length, gcm.KeySize);
            Assert.AreEqual(12, gcm.NonceSize);
            Assert.AreEqual(16, gcm.TagSize);

            byte[] ct = new byte[plain.Length];
            byte[] tag = new byte[16];
            gcm.Seal(iv, 0, aad, 0, aad.Length, plain, 0, plain.Length, ct, 0, tag, 0);
            CollectionAssert.AreEqual(Hex(cipherHex), ct);
            CollectionAssert.AreEqual(Hex(tagHex), tag);

            byte[] back = new byte[plain.Length];
            Assert.IsTrue(gcm.Open(iv, 0, aad, 0, aad.Length, ct, 0, ct.Length, tag, 0, back, 0));
            CollectionAssert.AreEqual(plain, back);

            // In place, at an offset.
            byte[] buf = new byte[plain.Length + 5];
            Array.Copy(plain, 0, buf, 5, plain.Length);
            byte[] tag2 = new byte[20];
            gcm.Seal(iv, 0, aad, 0, aad.Length, buf, 5, plain.Length, buf, 5, tag2, 4);
            Assert.IsTrue(gcm.Open(iv, 0, aad, 0, aad.Length, buf, 5, plain.Length, tag2, 4, buf, 5));
            for (int i = 0; i < plain.Length; i++)
            {
                Assert.AreEqual(plain[i], buf[5 + i]);
            }
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
