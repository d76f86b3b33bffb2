using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Tls.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace NanoStack.Host.Tests.Crypto
{
    /// <summary>
    /// ChaCha20, Poly1305 and ChaCha20-Poly1305 against BouncyCastle and (where the platform
    /// supports it) System.Security.Cryptography.ChaCha20Poly1305: 10,000 seeded inputs each.
    /// </summary>
    [TestClass]
    public class ChaCha20Poly1305DifferentialTests
    {
        private const int Inputs = 10000;

        private static byte[] BouncySeal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext)
        {
            var bc = new Org.BouncyCastle.Crypto.Modes.ChaCha20Poly1305();
            bc.Init(true, new AeadParameters(new KeyParameter(key), 128, nonce, aad));
            byte[] result = new byte[bc.GetOutputSize(plaintext.Length)];
            int n = bc.ProcessBytes(plaintext, 0, plaintext.Length, result, 0);
            bc.DoFinal(result, n);
            return result;
        }

        [TestMethod]
        public void AeadMatchesDotNetOrBouncyCastle()
        {
            bool native = System.Security.Cryptography.ChaCha20Poly1305.IsSupported;
            Console.WriteLine("reference: " + (native ? "System.Security.Cryptography.ChaCha20Poly1305" : "BouncyCastle ChaCha20Poly1305"));
            var rng = new Random(8439);
            var ours = new NanoStack.Tls.Crypto.ChaCha20Poly1305();
            byte[] key = new byte[32];
            byte[] nonce = new byte[12];
            for (int i = 0; i < Inputs; i++)
            {
                rng.NextBytes(key);
                rng.NextBytes(nonce);
                byte[] aad = new byte[rng.Next(0, 40)];
                byte[] plaintext = new byte[rng.Next(0, 600)];
                rng.NextBytes(aad);
                rng.NextBytes(plaintext);
                byte[] expectedCt = new byte[plaintext.Length];
                byte[] expectedTag = new byte[16];
                if (native && i % 2 == 0)
                {
                    using var reference = new System.Security.Cryptography.ChaCha20Poly1305(key);
                    reference.Encrypt(nonce, plaintext, expectedCt, expectedTag, aad);
                }
                else
                {
                    byte[] both = BouncySeal(key, nonce, aad, plaintext);
                    Array.Copy(both, 0, expectedCt, 0, plaintext.Length);
                    Array.Copy(both, plaintext.Length, expectedTag, 0, 16);
                }

                ours.SetKey(key, 0, 32);
                int offset = rng.Next(0, 8);
                byte[] record = new byte[offset + plaintext.Length + 16];
                Array.Copy(plaintext, 0, record, offset, plaintext.Length);
                // In place, with the tag after the ciphertext as in a TLS record.
                ours.Seal(nonce, 0, aad, 0, aad.Length, record, offset, plaintext.Length, record, offset, record, offset + plaintext.Length);
                if (!record.AsSpan(offset, plaintext.Length).SequenceEqual(expectedCt) || !record.AsSpan(offset + plaintext.Length, 16).SequenceEqual(expectedTag))
                {
                    Assert.Fail("seal " + i + " differs (aad " + aad.Length + ", plaintext " + plaintext.Length + ")");
                }
                Assert.IsTrue(ours.Open(nonce, 0, aad, 0, aad.Length, record, offset, plaintext.Length, record, offset + plaintext.Length, record, offset), "open " + i);
                Assert.IsTrue(record.AsSpan(offset, plaintext.Length).SequenceEqual(plaintext), "round trip " + i);

                // A flipped bit anywhere is rejected and nothing is written.
                Array.Copy(expectedCt, 0, record, offset, plaintext.Length);
                int flip = rng.Next(0, plaintext.Length + 16 + aad.Length);
                bool inAad = flip >= plaintext.Length + 16;
                if (inAad)
                {
                    aad[flip - plaintext.Length - 16] ^= (byte)(1 << rng.Next(8));
                }
                else
                {
                    record[offset + flip] ^= (byte)(1 << rng.Next(8));
                }
                byte[] before = (byte[])record.Clone();
                Assert.IsFalse(ours.Open(nonce, 0, aad, 0, aad.Length, record, offset, plaintext.Length, record, offset + plaintext.Length, record, offset), "tampered open " + i);
                CollectionAssert.AreEqual(before, record, "tampered open wrote " + i);
            }
        }

        [TestMethod]
        public void ChaCha20MatchesBouncyCastle()
        {
            var rng = new Random(20);
            var ours = new ChaCha20();
            var bc = new ChaCha7539Engine();
            byte[] key = new byte[32];
            byte[] nonce = new byte[12];
            for (int i = 0; i < Inputs; i++)
            {
                rng.NextBytes(key);
                rng.NextBytes(nonce);
                byte[] input = new byte[rng.Next(0, 700)];
                rng.NextBytes(input);
                byte[] expected = new byte[input.Length];
                bc.Init(true, new ParametersWithIV(new KeyParameter(key), nonce));
                bc.ProcessBytes(input, 0, input.Length, expected, 0);
                byte[] output = new byte[input.Length];
                ours.SetKey(key, 0, 32);
                // BouncyCastle's ChaCha7539Engine starts at block counter 0.
                ours.Process(0, nonce, 0, input, 0, input.Length, output, 0);
                if (!output.AsSpan().SequenceEqual(expected))
                {
                    Assert.Fail("input " + i + " (length " + input.Length + ") differs");
                }
            }
        }

        [TestMethod]
        public void Poly1305MatchesBouncyCastle()
        {
            var rng = new Random(1305);
            var ours = new NanoStack.Tls.Crypto.Poly1305();
            var bc = new Org.BouncyCastle.Crypto.Macs.Poly1305();
            byte[] key = new byte[32];
            byte[] tag = new byte[16];
            byte[] expected = new byte[16];
            for (int i = 0; i < Inputs; i++)
            {
                rng.NextBytes(key);
                // Edge-case keys and messages: all-ones r/s and all-ones data push the carries.
                if (i % 10 == 1)
                {
                    key.AsSpan().Fill(0xFF);
                }
                byte[] msg = new byte[rng.Next(0, 300)];
                if (i % 10 == 2 || i % 10 == 1)
                {
                    msg.AsSpan().Fill(0xFF);
                }
                else
                {
                    rng.NextBytes(msg);
                }
                bc.Init(new KeyParameter(key));
                bc.BlockUpdate(msg, 0, msg.Length);
                bc.DoFinal(expected, 0);
                ours.SetKey(key, 0, 32);
                ShaDifferentialTests.UpdateInPieces(rng, msg, 0, msg.Length, ours.Update);
                ours.Finish(tag, 0);
                if (!tag.AsSpan().SequenceEqual(expected))
                {
                    Assert.Fail("input " + i + " (length " + msg.Length + ") differs");
                }
            }
        }
    }
}
