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
    /// <summary>Known answers from RFC 7748 §5.2 and §6.1 (vectors copied from the RFC).</summary>
    [TestClass]
    public class X25519Tests
    {
        // RFC 7748 §5.2, first and second single-step vectors.
        private const string Scalar1 = "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4";
        private const string U1 = "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c";
        private const string Out1 = "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552";
        private const string Scalar2 = "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d";
        private const string U2 = "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493";
        private const string Out2 = "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957";

        // RFC 7748 §6.1.
        private const string AlicePrivate = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
        private const string AlicePublic = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
        private const string BobPrivate = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
        private const string BobPublic = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
        private const string SharedK = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

        [TestMethod]
        public void Rfc7748SingleStepVector1()
        {
            AssertShared(Scalar1, U1, Out1);
        }

        [TestMethod]
        public void Rfc7748SingleStepVector2()
        {
            // The input u has its top bit set: it must be masked (RFC 7748 §5).
            AssertShared(Scalar2, U2, Out2);
        }

        [TestMethod]
        public void Rfc7748IteratedOnce()
        {
            AssertIterated(1, "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
        }

        [TestMethod]
        public void Rfc7748IteratedThousandTimes()
        {
            AssertIterated(1000, "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
        }

        [TestMethod]
        public void Rfc7748DiffieHellman()
        {
            X25519 x = new X25519();
            byte[] pub = new byte[32];
            x.ComputePublicKey(Hex(AlicePrivate), 0, pub, 0);
            CollectionAssert.AreEqual(Hex(AlicePublic), pub);
            x.ComputePublicKey(Hex(BobPrivate), 0, pub, 0);
            CollectionAssert.AreEqual(Hex(BobPublic), pub);

            byte[] k = new byte[32];
            Assert.IsTrue(x.ComputeSharedSecret(Hex(AlicePrivate), 0, Hex(BobPublic), 0, k, 0));
            CollectionAssert.AreEqual(Hex(SharedK), k);
            Assert.IsTrue(x.ComputeSharedSecret(Hex(BobPrivate), 0, Hex(AlicePublic), 0, k, 0));
            CollectionAssert.AreEqual(Hex(SharedK), k);
        }

        [TestMethod]
        public void TopBitOfTheInputIsIgnored()
        {
            byte[] u = Hex(U1);
            u[31] |= 0x80;
            AssertShared(Scalar1, u, Out1);
        }

        [TestMethod]
        public void NonCanonicalInputIsReducedModP()
        {
            // u = p + 9 = 2^255 - 10 must act as u = 9 (RFC 7748 §5: values >= p are reduced).
            byte[] u = new byte[32];
            for (int i = 0; i < 32; i++)
            {
                u[i] = 0xFF;
            }
            u[0] = 0xF6;
            u[31] = 0x7F;
            X25519 x = new X25519();
            byte[] expected = new byte[32];
            x.ComputePublicKey(Hex(AlicePrivate), 0, expected, 0);
            AssertShared(AlicePrivate, u, ToHex(expected));
        }

        [TestMethod]
        public void LowOrderPointsGiveFalseAndZeros()
        {
            X25519 x = new X25519();
            byte[] k = Hex(AlicePrivate);
            byte[] shared = new byte[32];
            byte[] zero = new byte[32];

            // u = 0 and u = 1 have order 1 and 4; p (encodes 0) and p + 1 (encodes 1) likewise.
            byte[] u = new byte[32];
            Assert.IsFalse(x.ComputeSharedSecret(k, 0, u, 0, shared, 0), "u = 0");
            CollectionAssert.AreEqual(zero, shared);
            u[0] = 1;
            Assert.IsFalse(x.ComputeSharedSecret(k, 0, u, 0, shared, 0), "u = 1");
            u = Hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
            Assert.IsFalse(x.ComputeSharedSecret(k, 0, u, 0, shared, 0), "u = p");
            u[0] = 0xEE;
            Assert.IsFalse(x.ComputeSharedSecret(k, 0, u, 0, shared, 0), "u = p + 1");
            // Order 8 point (RFC 7748 §6.1 / Curve25519 paper list).
            u = Hex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800");
            Assert.IsFalse(x.ComputeSharedSecret(k, 0, u, 0, shared, 0), "order 8");
            CollectionAssert.AreEqual(zero, shared);

            // The instance still works afterwards.
            Assert.IsTrue(x.ComputeSharedSecret(Hex(AlicePrivate), 0, Hex(BobPublic), 0, shared, 0));
            CollectionAssert.AreEqual(Hex(SharedK), shared);
        }

        [TestMethod]
        public void OffsetsAreHonouredAndInputsUnchanged()
        {
            byte[] k = new byte[40];
            byte[] u = new byte[40];
            byte[] output = new byte[40];
            for (int i = 0; i < 40; i++)
            {
                output[i] = 0xA5;
            }
            System.Array.Copy(Hex(Scalar1), 0, k, 3, 32);
            System.Array.Copy(Hex(U1), 0, u, 8, 32);
            X25519 x = new X25519();
            Assert.IsTrue(x.ComputeSharedSecret(k, 3, u, 8, output, 5));
            byte[] got = new byte[32];
            System.Array.Copy(output, 5, got, 0, 32);
            CollectionAssert.AreEqual(Hex(Out1), got);
            Assert.AreEqual((byte)0xA5, output[4]);
            Assert.AreEqual((byte)0xA5, output[37]);

            byte[] scalar = new byte[32];
            System.Array.Copy(k, 3, scalar, 0, 32);
            CollectionAssert.AreEqual(Hex(Scalar1), scalar, "the private key is clamped in a copy");
        }

        [TestMethod]
        public void BadArgumentsThrow()
        {
            X25519 x = new X25519();
            byte[] b = new byte[32];
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => x.ComputePublicKey(null, 0, b, 0));
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => x.ComputeSharedSecret(b, 0, null, 0, b, 0));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => x.ComputePublicKey(b, 1, new byte[32], 0));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => x.ComputeSharedSecret(b, 0, b, 0, new byte[31], 0));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => x.ComputeSharedSecret(b, -1, b, 0, b, 0));
        }

        private static void AssertShared(string scalar, string u, string expected)
        {
            AssertShared(scalar, Hex(u), expected);
        }

        private static void AssertShared(string scalar, byte[] u, string expected)
        {
            X25519 x = new X25519();
            byte[] output = new byte[32];
            Assert.IsTrue(x.ComputeSharedSecret(Hex(scalar), 0, u, 0, output, 0));
            CollectionAssert.AreEqual(Hex(expected), output);
        }

        // RFC 7748 §5.2: k = u = 9; each round sets k = X25519(k, u), u = old k.
        private static void AssertIterated(int rounds, string expected)
        {
            X25519 x = new X25519();
            byte[] k = new byte[32];
            byte[] u = new byte[32];
            byte[] r = new byte[32];
            k[0] = 9;
            u[0] = 9;
            for (int i = 0; i < rounds; i++)
            {
                x.ComputeSharedSecret(k, 0, u, 0, r, 0);
                byte[] t = u;
                u = k;
                k = r;
                r = t;
            }
            CollectionAssert.AreEqual(Hex(expected), k);
        }

        private static string ToHex(byte[] data)
        {
            const string digits = "0123456789abcdef";
            char[] c = new char[data.Length * 2];
            for (int i = 0; i < data.Length; i++)
            {
                c[2 * i] = digits[data[i] >> 4];
                c[2 * i + 1] = digits[data[i] & 15];
            }
            return new string(c);
        }

        private static byte[] Hex(string hex)
        {
            byte[] result = new byte[hex.Length / 2];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (byte)((Nibble(hex[2 * i]) << 4) | Nibble(hex[2 * i + 1]));
            }
            return result;
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
