using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Tls.Crypto;
using Bc = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace NanoStack.Host.Tests.Crypto
{
    /// <summary>
    /// X25519 against BouncyCastle's Org.BouncyCastle.Math.EC.Rfc7748.X25519 on 10,000 seeded
    /// random (private key, peer public value) pairs, plus public-key derivation for a tenth of
    /// them. Some peer values are forced non-canonical (u >= p, top bit set) to exercise the
    /// input reduction.
    /// </summary>
    [TestClass]
    public class X25519DifferentialTests
    {
        private const int Inputs = 10000;

        [TestMethod]
        public void SharedSecretMatchesBouncyCastle()
        {
            var rng = new Random(7748);
            var ours = new X25519();
            byte[] k = new byte[32];
            byte[] u = new byte[32];
            byte[] got = new byte[32];
            byte[] want = new byte[32];
            for (int i = 0; i < Inputs; i++)
            {
                rng.NextBytes(k);
                rng.NextBytes(u);
                if (i % 100 == 1)
                {
                    // Top 250 bits set: a value in [2^255 - 32, 2^255), mostly non-canonical.
                    for (int j = 1; j < 32; j++)
                    {
                        u[j] = 0xFF;
                    }
                    u[0] |= 0xE0;
                }
                bool ok = ours.ComputeSharedSecret(k, 0, u, 0, got, 0);
                Bc.ScalarMult(k, 0, u, 0, want, 0);
                if (!got.AsSpan().SequenceEqual(want))
                {
                    Assert.Fail("input " + i + ": k=" + Convert.ToHexString(k) + " u=" + Convert.ToHexString(u)
                        + " ours " + Convert.ToHexString(got) + " BouncyCastle " + Convert.ToHexString(want));
                }
                bool zero = want.AsSpan().IndexOfAnyExcept((byte)0) < 0;
                Assert.AreEqual(!zero, ok, "input " + i + ": the return value says whether the result is non-zero");

                if (i % 10 == 0)
                {
                    ours.ComputePublicKey(k, 0, got, 0);
                    Bc.ScalarMultBase(k, 0, want, 0);
                    CollectionAssert.AreEqual(want, got, "public key for input " + i);
                }
            }
        }
    }
}
