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
    /// <summary>RFC 8439 §2.5.2 and Appendix A.3 (Poly1305), including the carry and reduction edge cases.</summary>
    [TestClass]
    public class Poly1305Tests
    {
        private static void Check(string key, byte[] message, string expected)
        {
            Poly1305 p = new Poly1305();
            byte[] tag = new byte[16];
            p.SetKey(Hex(key), 0, 32);
            p.Update(message, 0, message.Length);
            p.Finish(tag, 0);
            CollectionAssert.AreEqual(Hex(expected), tag);

            // Fed in odd pieces.
            p.SetKey(Hex(key), 0, 32);
            int offset = 0;
            int step = 1;
            while (offset < message.Length)
            {
                int n = step < message.Length - offset ? step : message.Length - offset;
                p.Update(message, offset, n);
                offset += n;
                step += 6;
            }
            p.Finish(tag, 0);
            CollectionAssert.AreEqual(Hex(expected), tag);
        }

        [TestMethod]
        public void Example252()
        {
            Check("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b", Ascii("Cryptographic Forum Research Group"), "a8061dc1305136c6c22b8baf0c0127a9");
        }

        [TestMethod]
        public void AppendixA3()
        {
            string zero32 = "0000000000000000000000000000000000000000000000000000000000000000";
            Check(zero32, new byte[64], "00000000000000000000000000000000"); // #1
            string r2 = "0200000000000000000000000000000000000000000000000000000000000000";
            string r1 = "0100000000000000000000000000000000000000000000000000000000000000";
            Check(r2, Hex("ffffffffffffffffffffffffffffffff"), "03000000000000000000000000000000"); // #5
            Check("02000000000000000000000000000000ffffffffffffffffffffffffffffffff", Hex("02000000000000000000000000000000"), "03000000000000000000000000000000"); // #6
            Check(r1, Hex("fffffffffffffffffffffffffffffffff0ffffffffffffffffffffffffffffff11000000000000000000000000000000"), "05000000000000000000000000000000"); // #7
            Check(r1, Hex("fffffffffffffffffffffffffffffffffbfefefefefefefefefefefefefefefe01010101010101010101010101010101"), "00000000000000000000000000000000"); // #8
            Check(r2, Hex("fdffffffffffffffffffffffffffffff"), "faffffffffffffffffffffffffffffff"); // #9
            string k10 = "0100000000000000040000000000000000000000000000000000000000000000";
            string m10 = "e33594d7505e43b900000000000000003394d7505e4379cd010000000000000000000000000000000000000000000000";
            Check(k10, Hex(m10 + "01000000000000000000000000000000"), "14000000000000005500000000000000"); // #10
            Check(k10, Hex(m10), "13000000000000000000000000000000"); // #11
        }

        [TestMethod]
        public void FinishForgetsTheKey()
        {
            Poly1305 p = new Poly1305();
            byte[] b = new byte[32];
            p.SetKey(b, 0, 32);
            p.Finish(b, 0);
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => p.Update(b, 0, 1));
            Assert.ThrowsException(typeof(System.ArgumentException), () => p.SetKey(b, 0, 31));
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
