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
    public class EcdhP256Tests
    {
        // NIST CAVS "ECC CDH Primitive" test vectors (KAS_ECC_CDH_PrimitiveTest.txt), [P-256],
        // COUNT = 0 and COUNT = 1: QCAVS (peer), dIUT, QIUT, ZIUT.
        private const string Cavs0PeerX = "700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287";
        private const string Cavs0PeerY = "db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac";
        private const string Cavs0D = "7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534";
        private const string Cavs0OwnX = "ead218590119e8876b29146ff89ca61770c4edbbf97d38ce385ed281d8a6b230";
        private const string Cavs0OwnY = "28af61281fd35e2fa7002523acc85a429cb06ee6648325389f59edfce1405141";
        private const string Cavs0Z = "46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b";

        private const string Cavs1PeerX = "809f04289c64348c01515eb03d5ce7ac1a8cb9498f5caa50197e58d43a86a7ae";
        private const string Cavs1PeerY = "b29d84e811197f25eba8f5194092cb6ff440e26d4421011372461f579271cda3";
        private const string Cavs1D = "38f65d6dce47676044d58ce5139582d568f64bb16098d179dbab07741dd5caf5";
        private const string Cavs1OwnX = "119f2f047902782ab0c9e27a54aff5eb9b964829ca99c06b02ddba95b0a3f6d0";
        private const string Cavs1OwnY = "8f52b726664cac366fc98ac7a012b2682cbd962e5acb544671d41b9445704d1d";
        private const string Cavs1Z = "057d636096cb80b67a8c038c890e887d1adfa4195e9b3ce241c8a778c59cda67";

        // SP 800-186 §3.2.1.3: the order n of P-256, and the prime p.
        private const string N = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
        private const string P = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";

        [TestMethod]
        public void CavsCount0()
        {
            CheckCavs(Cavs0D, Cavs0PeerX, Cavs0PeerY, Cavs0OwnX, Cavs0OwnY, Cavs0Z);
        }

        [TestMethod]
        public void CavsCount1()
        {
            CheckCavs(Cavs1D, Cavs1PeerX, Cavs1PeerY, Cavs1OwnX, Cavs1OwnY, Cavs1Z);
        }

        private static void CheckCavs(string d, string peerX, string peerY, string ownX, string ownY, string z)
        {
            Ecdh ecdh = Ecdh.P256();
            byte[] pub = new byte[65];
            Assert.IsTrue(ecdh.ComputePublicKey(Hex(d), pub));
            CollectionAssert.AreEqual(Hex(string.Concat("04", ownX, ownY)), pub);

            byte[] peer = Hex(string.Concat("04", peerX, peerY));
            byte[] shared = new byte[32];
            Assert.IsTrue(ecdh.ComputeSharedSecret(Hex(d), peer, 0, peer.Length, shared));
            CollectionAssert.AreEqual(Hex(z), shared);
        }

        [TestMethod]
        public void PublicKeyOfOneIsTheGenerator()
        {
            Ecdh ecdh = Ecdh.P256();
            byte[] d = new byte[32];
            d[31] = 1;
            byte[] pub = new byte[65];
            Assert.IsTrue(ecdh.ComputePublicKey(d, pub));
            // SP 800-186 §3.2.1.3: G.
            CollectionAssert.AreEqual(
                Hex("046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"),
                pub);
        }

        [TestMethod]
        public void BothSidesAgree()
        {
            Ecdh ecdh = Ecdh.P256();
            byte[] a = Hex(Cavs0D);
            byte[] b = Hex(Cavs1D);
            byte[] pubA = new byte[65];
            byte[] pubB = new byte[65];
            Assert.IsTrue(ecdh.ComputePublicKey(a, pubA));
            Assert.IsTrue(ecdh.ComputePublicKey(b, pubB));
            byte[] s1 = new byte[32];
            byte[] s2 = new byte[32];
            Assert.IsTrue(ecdh.ComputeSharedSecret(a, pubB, 0, 65, s1));
            Assert.IsTrue(ecdh.ComputeSharedSecret(b, pubA, 0, 65, s2));
            CollectionAssert.AreEqual(s1, s2);
        }

        [TestMethod]
        public void PrivateKeyOutOfRangeIsRefused()
        {
            Ecdh ecdh = Ecdh.P256();
            byte[] pub = new byte[65];
            Assert.IsFalse(ecdh.ComputePublicKey(new byte[32], pub), "d = 0");
            Assert.IsFalse(ecdh.ComputePublicKey(Hex(N), pub), "d = n");
            byte[] all = new byte[32];
            for (int i = 0; i < 32; i++)
            {
                all[i] = 0xFF;
            }
            Assert.IsFalse(ecdh.ComputePublicKey(all, pub), "d > n");
            byte[] nMinus1 = Hex(N);
            nMinus1[31] -= 1;
            Assert.IsTrue(ecdh.ComputePublicKey(nMinus1, pub), "d = n - 1");
            // (n − 1)·G = −G: x(G), y = p − y(G).
            CollectionAssert.AreEqual(
                Hex("046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296b01cbd1c01e58065711814b583f061e9d431cca994cea1313449bf97c840ae0a"),
                pub);

            byte[] peer = Hex(string.Concat("04", Cavs0PeerX, Cavs0PeerY));
            byte[] shared = new byte[32];
            Assert.IsFalse(ecdh.ComputeSharedSecret(new byte[32], peer, 0, 65, shared), "shared with d = 0");
            Assert.IsFalse(ecdh.ComputeSharedSecret(Hex(N), peer, 0, 65, shared), "shared with d = n");
            Assert.ThrowsException(typeof(System.ArgumentException), () => ecdh.ComputePublicKey(new byte[31], pub));
        }

        [TestMethod]
        public void InvalidPeerPointsAreRefused()
        {
            Ecdh ecdh = Ecdh.P256();
            byte[] d = Hex(Cavs0D);
            byte[] shared = new byte[32];
            byte[] good = Hex(string.Concat("04", Cavs0PeerX, Cavs0PeerY));

            byte[] offCurve = Hex(string.Concat("04", Cavs0PeerX, Cavs0PeerY));
            offCurve[64] ^= 1;
            Assert.IsFalse(ecdh.ComputeSharedSecret(d, offCurve, 0, 65, shared), "not on the curve");
            for (int i = 0; i < 32; i++)
            {
                Assert.AreEqual((byte)0, shared[i], "zeros on failure");
            }

            byte[] compressed = Hex(string.Concat("02", Cavs0PeerX));
            Assert.IsFalse(ecdh.ComputeSharedSecret(d, compressed, 0, 33, shared), "compressed");
            Assert.IsFalse(ecdh.ComputeSharedSecret(d, new byte[1], 0, 1, shared), "infinity encoding 0x00");
            Assert.IsFalse(ecdh.ComputeSharedSecret(d, good, 0, 64, shared), "truncated");
            Assert.IsFalse(ecdh.ComputeSharedSecret(d, new byte[0], 0, 0, shared), "empty");
            byte[] hybrid = Hex(string.Concat("04", Cavs0PeerX, Cavs0PeerY));
            hybrid[0] = 0x06;
            Assert.IsFalse(ecdh.ComputeSharedSecret(d, hybrid, 0, 65, shared), "hybrid prefix");
            byte[] longer = Hex(string.Concat("04", Cavs0PeerX, Cavs0PeerY, "00"));
            Assert.IsFalse(ecdh.ComputeSharedSecret(d, longer, 0, 66, shared), "trailing byte");

            // x = p (not reduced) with any y: must fail the range check (SEC 1 §3.2.2.1 step 2).
            byte[] xIsP = Hex(string.Concat("04", P, Cavs0PeerY));
            Assert.IsFalse(ecdh.ComputeSharedSecret(d, xIsP, 0, 65, shared), "x = p");
            // (0, sqrt(b)) style tricks aside: (0, 0) is not on the curve.
            Assert.IsFalse(ecdh.ComputeSharedSecret(d, new byte[65] { 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 0, 65, shared), "(0, 0)");

            // The point at an offset inside a larger buffer works.
            byte[] framed = Hex(string.Concat("aabb04", Cavs0PeerX, Cavs0PeerY, "cc"));
            Assert.IsTrue(ecdh.ComputeSharedSecret(d, framed, 2, 65, shared));
            CollectionAssert.AreEqual(Hex(Cavs0Z), shared);
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
