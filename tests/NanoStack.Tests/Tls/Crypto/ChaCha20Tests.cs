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
    /// <summary>RFC 8439 §2.3.2, §2.4.2 and Appendix A.1 (ChaCha20 block function and encryption).</summary>
    [TestClass]
    public class ChaCha20Tests
    {
        private const string Sunscreen = "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.";

        private static byte[] Sequence(int start, int count)
        {
            byte[] b = new byte[count];
            for (int i = 0; i < count; i++)
            {
                b[i] = (byte)(start + i);
            }
            return b;
        }

        private static void CheckBlock(byte[] key, uint counter, byte[] nonce, string expected)
        {
            ChaCha20 c = new ChaCha20();
            c.SetKey(key, 0, 32);
            byte[] block = new byte[64];
            c.Block(counter, nonce, 0, block, 0);
            CollectionAssert.AreEqual(Hex(expected), block);
            // Process on zeros gives the same keystream.
            byte[] zeros = new byte[64];
            c.Process(counter, nonce, 0, zeros, 0, 64, zeros, 0);
            CollectionAssert.AreEqual(Hex(expected), zeros);
        }

        [TestMethod]
        public void BlockFunction232()
        {
            CheckBlock(Sequence(0, 32), 1, Hex("000000090000004a00000000"),
                "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4ed2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e");
        }

        [TestMethod]
        public void AppendixA1()
        {
            byte[] zeroKey = new byte[32];
            byte[] zeroNonce = new byte[12];
            CheckBlock(zeroKey, 0, zeroNonce, "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586");
            CheckBlock(zeroKey, 1, zeroNonce, "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f");
            byte[] key3 = new byte[32];
            key3[31] = 1;
            CheckBlock(key3, 1, zeroNonce, "3aeb5224ecf849929b9d828db1ced4dd832025e8018b8160b82284f3c949aa5a8eca00bbb4a73bdad192b5c42f73f2fd4e273644c8b36125a64addeb006c13a0");
            byte[] key4 = new byte[32];
            key4[1] = 0xff;
            CheckBlock(key4, 2, zeroNonce, "72d54dfbf12ec44b362692df94137f328fea8da73990265ec1bbbea1ae9af0ca13b25aa26cb4a648cb9b9d1be65b2c0924a66c54d545ec1b7374f4872e99f096");
            byte[] nonce5 = new byte[12];
            nonce5[11] = 2;
            CheckBlock(zeroKey, 0, nonce5, "c2c64d378cd536374ae204b9ef933fcd1a8b2288b3dfa49672ab765b54ee27c78a970e0e955c14f3a88e741b97c286f75f8fc299e8148362fa198a39531bed6d");
        }

        [TestMethod]
        public void Encryption242()
        {
            ChaCha20 c = new ChaCha20();
            c.SetKey(Sequence(0, 32), 0, 32);
            byte[] nonce = Hex("000000000000004a00000000");
            byte[] plaintext = Ascii(Sunscreen);
            byte[] expected = Hex("6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0bf91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
                + "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab77937365af90bbf74a35be6b40b8eedf2785e42874d");
            byte[] output = new byte[plaintext.Length];
            c.Process(1, nonce, 0, plaintext, 0, plaintext.Length, output, 0);
            CollectionAssert.AreEqual(expected, output);
            // In place, and back.
            c.Process(1, nonce, 0, output, 0, output.Length, output, 0);
            CollectionAssert.AreEqual(plaintext, output);
        }

        [TestMethod]
        public void PreconditionsThrow()
        {
            ChaCha20 c = new ChaCha20();
            byte[] b = new byte[64];
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => c.Block(0, b, 0, b, 0));
            Assert.ThrowsException(typeof(System.ArgumentException), () => c.SetKey(b, 0, 16));
            c.SetKey(b, 0, 32);
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => c.Process(0xFFFFFFFFu, b, 0, b, 0, 64 + 1, b, 0));
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
