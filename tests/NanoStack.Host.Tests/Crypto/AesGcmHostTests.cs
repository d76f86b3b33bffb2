using System;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Tls.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace NanoStack.Host.Tests.Crypto
{
    /// <summary>AES and AES-GCM: Wycheproof, differential against .NET and BouncyCastle, allocations.</summary>
    [TestClass]
    public class AesGcmHostTests
    {
        /// <summary>
        /// Every vector of aes_gcm_test.json. All groups use 128-bit tags (the only size the
        /// IAead seam has). Key sizes 128, 192 and 256 are all supported; IVs of every non-zero
        /// length go through the IV-length overloads (J0 by GHASH). The file has no 'acceptable'
        /// vectors; zero-length IVs are 'invalid': Seal refuses them (ArgumentOutOfRangeException,
        /// a caller precondition) and Open returns false, both counted as rejection.
        /// </summary>
        [TestMethod]
        public void Wycheproof_AesGcm()
        {
            Wycheproof file = Wycheproof.Load("aes_gcm_test.json");
            AesGcm gcm = new AesGcm();
            foreach ((JsonElement group, JsonElement test) in file.Cases())
            {
                int tagSize = group.GetProperty("tagSize").GetInt32();
                if (tagSize != 128)
                {
                    file.Skip("tagSize " + tagSize + " (only 128-bit tags are offered)");
                    continue;
                }
                byte[] key = Wycheproof.Bytes(test, "key");
                byte[] iv = Wycheproof.Bytes(test, "iv");
                byte[] aad = Wycheproof.Bytes(test, "aad");
                byte[] msg = Wycheproof.Bytes(test, "msg");
                byte[] ct = Wycheproof.Bytes(test, "ct");
                byte[] tag = Wycheproof.Bytes(test, "tag");
                gcm.SetKey(key, 0, key.Length);

                // Open decides the verdict.
                byte[] plain = new byte[ct.Length];
                bool opened = gcm.Open(iv, 0, iv.Length, aad, 0, aad.Length, ct, 0, ct.Length, tag, 0, plain, 0);
                if (opened && !plain.AsSpan().SequenceEqual(msg))
                {
                    file.Fail(test, "opened to the wrong plaintext");
                    continue;
                }
                if (!opened && !plain.AsSpan().SequenceEqual(new byte[plain.Length]))
                {
                    file.Fail(test, "wrote plaintext although the tag was rejected");
                    continue;
                }

                // Seal must reproduce valid vectors exactly.
                if (Wycheproof.Result(test) == "valid")
                {
                    byte[] c2 = new byte[msg.Length];
                    byte[] t2 = new byte[16];
                    gcm.Seal(iv, 0, iv.Length, aad, 0, aad.Length, msg, 0, msg.Length, c2, 0, t2, 0);
                    if (!c2.AsSpan().SequenceEqual(ct) || !t2.AsSpan().SequenceEqual(tag))
                    {
                        file.Fail(test, "seal differs");
                        continue;
                    }
                }
                else if (iv.Length == 0)
                {
                    Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
                        gcm.Seal(iv, 0, 0, aad, 0, aad.Length, msg, 0, msg.Length, new byte[msg.Length], 0, new byte[16], 0));
                }
                file.Check(test, opened);
            }
            file.AssertAllPassed();
        }

        /// <summary>10,000 seeded random cases against System.Security.Cryptography.AesGcm and BouncyCastle.</summary>
        [TestMethod]
        public void Differential_AgainstDotNetAndBouncyCastle()
        {
            var rng = new Random(0x47434D);
            var ours = new AesGcm();
            var bc = new GcmBlockCipher(new AesEngine());
            byte[] buffer = new byte[300 + 16];
            for (int n = 0; n < 10000; n++)
            {
                int keySize = rng.Next(2) == 0 ? 16 : 32;
                byte[] key = new byte[keySize];
                rng.NextBytes(key);
                byte[] nonce = new byte[12];
                rng.NextBytes(nonce);
                byte[] aad = new byte[rng.Next(301)];
                rng.NextBytes(aad);
                byte[] plain = new byte[rng.Next(301)];
                rng.NextBytes(plain);

                ours.SetKey(key, 0, keySize);
                byte[] ct = new byte[plain.Length];
                byte[] tag = new byte[16];
                ours.Seal(nonce, 0, aad, 0, aad.Length, plain, 0, plain.Length, ct, 0, tag, 0);

                byte[] refCt = new byte[plain.Length];
                byte[] refTag = new byte[16];
                using (var net = new System.Security.Cryptography.AesGcm(key, 16))
                {
                    net.Encrypt(nonce, plain, refCt, refTag, aad);
                }
                CollectionAssert.AreEqual(refCt, ct, "ciphertext vs .NET, case " + n);
                CollectionAssert.AreEqual(refTag, tag, "tag vs .NET, case " + n);

                bc.Init(true, new AeadParameters(new KeyParameter(key), 128, nonce, aad));
                int len = bc.ProcessBytes(plain, 0, plain.Length, buffer, 0);
                len += bc.DoFinal(buffer, len);
                Assert.AreEqual(plain.Length + 16, len);
                Assert.IsTrue(buffer.AsSpan(0, plain.Length).SequenceEqual(ct), "ciphertext vs BouncyCastle, case " + n);
                Assert.IsTrue(buffer.AsSpan(plain.Length, 16).SequenceEqual(tag), "tag vs BouncyCastle, case " + n);

                // Open: the right tag in place, then a tampered tag, AAD or ciphertext byte.
                byte[] work = (byte[])ct.Clone();
                Assert.IsTrue(ours.Open(nonce, 0, aad, 0, aad.Length, work, 0, work.Length, tag, 0, work, 0), "open, case " + n);
                CollectionAssert.AreEqual(plain, work, "plaintext, case " + n);

                byte[] output = new byte[plain.Length];
                int what = rng.Next(3);
                if (what == 0 || (what == 1 && aad.Length == 0) || (what == 2 && ct.Length == 0))
                {
                    tag[rng.Next(16)] ^= (byte)(1 << rng.Next(8));
                }
                else if (what == 1)
                {
                    aad[rng.Next(aad.Length)] ^= (byte)(1 << rng.Next(8));
                }
                else
                {
                    ct[rng.Next(ct.Length)] ^= (byte)(1 << rng.Next(8));
                }
                Assert.IsFalse(ours.Open(nonce, 0, aad, 0, aad.Length, ct, 0, ct.Length, tag, 0, output, 0), "tampered, case " + n);
                Assert.IsTrue(output.AsSpan().SequenceEqual(new byte[output.Length]), "no plaintext on rejection, case " + n);
            }
        }

        /// <summary>IVs other than 96 bits (J0 by GHASH) against BouncyCastle, 1,000 seeded cases.</summary>
        [TestMethod]
        public void Differential_OtherIvLengths_AgainstBouncyCastle()
        {
            var rng = new Random(0x4956);
            var ours = new AesGcm();
            var bc = new GcmBlockCipher(new AesEngine());
            byte[] buffer = new byte[200 + 16];
            for (int n = 0; n < 1000; n++)
            {
                int keySize = 16 + 8 * rng.Next(3);
                byte[] key = new byte[keySize];
                rng.NextBytes(key);
                byte[] iv = new byte[1 + rng.Next(64)];
                rng.NextBytes(iv);
                byte[] aad = new byte[rng.Next(40)];
                rng.NextBytes(aad);
                byte[] plain = new byte[rng.Next(201)];
                rng.NextBytes(plain);

                ours.SetKey(key, 0, keySize);
                byte[] ct = new byte[plain.Length];
                byte[] tag = new byte[16];
                ours.Seal(iv, 0, iv.Length, aad, 0, aad.Length, plain, 0, plain.Length, ct, 0, tag, 0);

                bc.Init(true, new AeadParameters(new KeyParameter(key), 128, iv, aad));
                int len = bc.ProcessBytes(plain, 0, plain.Length, buffer, 0);
                len += bc.DoFinal(buffer, len);
                Assert.IsTrue(buffer.AsSpan(0, plain.Length).SequenceEqual(ct), "ciphertext, case " + n + ", iv " + iv.Length);
                Assert.IsTrue(buffer.AsSpan(plain.Length, 16).SequenceEqual(tag), "tag, case " + n + ", iv " + iv.Length);

                byte[] back = new byte[plain.Length];
                Assert.IsTrue(ours.Open(iv, 0, iv.Length, aad, 0, aad.Length, ct, 0, ct.Length, tag, 0, back, 0), "open, case " + n);
                CollectionAssert.AreEqual(plain, back, "plaintext, case " + n);
            }
        }

        /// <summary>Single blocks and four-block passes against .NET's AES for all key sizes.</summary>
        [TestMethod]
        public void Aes_Differential_AgainstDotNet()
        {
            var rng = new Random(0x414553);
            var aes = new Aes();
            byte[] block = new byte[64];
            byte[] ours = new byte[64];
            for (int n = 0; n < 3000; n++)
            {
                int keySize = 16 + 8 * rng.Next(3);
                byte[] key = new byte[keySize];
                rng.NextBytes(key);
                rng.NextBytes(block);
                aes.SetKey(key, 0, keySize);
                using var net = System.Security.Cryptography.Aes.Create();
                net.Key = key;
                byte[] expected = net.EncryptEcb(block, System.Security.Cryptography.PaddingMode.None);
                aes.EncryptBlocks4(block, 0, ours, 0);
                CollectionAssert.AreEqual(expected, ours, "four blocks, case " + n);
                aes.EncryptBlock(block, 16, ours, 0);
                Assert.IsTrue(ours.AsSpan(0, 16).SequenceEqual(expected.AsSpan(16, 16)), "one block, case " + n);
            }
        }

        [TestMethod]
        public void Allocations_SealOpenAndBlockAllocateNothing()
        {
            var gcm = new AesGcm();
            byte[] key = new byte[32];
            new Random(5).NextBytes(key);
            gcm.SetKey(key, 0, 32);
            byte[] nonce = new byte[12];
            byte[] aad = new byte[13];
            byte[] data = new byte[1500];
            byte[] ct = new byte[1500];
            byte[] tag = new byte[16];
            byte[] longIv = new byte[20];
            long bytes = Allocations.Measure(() =>
            {
                gcm.Seal(nonce, 0, aad, 0, aad.Length, data, 0, data.Length, ct, 0, tag, 0);
                if (!gcm.Open(nonce, 0, aad, 0, aad.Length, ct, 0, ct.Length, tag, 0, data, 0))
                {
                    throw new InvalidOperationException("open failed");
                }
                tag[0] ^= 1;
                gcm.Open(nonce, 0, aad, 0, aad.Length, ct, 0, ct.Length, tag, 0, data, 0);
                tag[0] ^= 1;
                gcm.Seal(longIv, 0, longIv.Length, aad, 0, aad.Length, data, 0, 100, ct, 0, tag, 0);
            }, 100);
            Assert.AreEqual(0L, bytes, "AES-GCM");

            var aes = new Aes();
            aes.SetKey(key, 0, 16);
            byte[] block = new byte[64];
            bytes = Allocations.Measure(() =>
            {
                aes.EncryptBlock(block, 0, block, 0);
                aes.EncryptBlocks4(block, 0, block, 0);
            }, 100);
            Assert.AreEqual(0L, bytes, "AES");
        }
    }
}
