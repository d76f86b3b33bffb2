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
    /// <summary>FIPS 180-4 examples (NIST CSRC "Examples with intermediate values": SHA-256, SHA-384, SHA-512).</summary>
    [TestClass]
    public class ShaTests
    {
        private const string Msg448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        private const string Msg896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

        private static void Check(IHash hash, string message, string expected)
        {
            byte[] data = Ascii(message);
            byte[] output = new byte[hash.HashSize];
            hash.Update(data, 0, data.Length);
            hash.Finish(output, 0);
            CollectionAssert.AreEqual(Hex(expected), output);

            // Byte by byte gives the same digest, and Finish left the object reset.
            for (int i = 0; i < data.Length; i++)
            {
                hash.Update(data, i, 1);
            }
            hash.Finish(output, 0);
            CollectionAssert.AreEqual(Hex(expected), output);
        }

        [TestMethod]
        public void Sha256Examples()
        {
            Sha256 h = new Sha256();
            Assert.AreEqual(32, h.HashSize);
            Assert.AreEqual(64, h.BlockSize);
            Check(h, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
            Check(h, Msg448, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
            Check(h, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        }

        [TestMethod]
        public void Sha384Examples()
        {
            Sha384 h = new Sha384();
            Assert.AreEqual(48, h.HashSize);
            Assert.AreEqual(128, h.BlockSize);
            Check(h, "abc", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
            Check(h, Msg896, "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039");
            Check(h, Msg448, "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6b0455a8520bc4e6f5fe95b1fe3c8452b");
        }

        [TestMethod]
        public void Sha512Examples()
        {
            Sha512 h = new Sha512();
            Assert.AreEqual(64, h.HashSize);
            Assert.AreEqual(128, h.BlockSize);
            Check(h, "abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
            Check(h, Msg896, "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
            Check(h, Msg448, "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445");
        }

        [TestMethod]
        public void CopyStateToForksATranscript()
        {
            Sha256 transcript = new Sha256();
            Sha256 fork = new Sha256();
            byte[] ab = Ascii("ab");
            byte[] c = Ascii("c");
            byte[] output = new byte[32];
            transcript.Update(ab, 0, 2);
            transcript.CopyStateTo(fork);
            fork.Update(c, 0, 1);
            fork.Finish(output, 0);
            CollectionAssert.AreEqual(Hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), output);
            // The original goes on undisturbed.
            transcript.Update(c, 0, 1);
            transcript.Finish(output, 0);
            CollectionAssert.AreEqual(Hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), output);

            Sha384 s384 = new Sha384();
            Sha384 fork384 = new Sha384();
            byte[] out384 = new byte[48];
            s384.Update(ab, 0, 2);
            s384.CopyStateTo(fork384);
            fork384.Update(c, 0, 1);
            fork384.Finish(out384, 0);
            CollectionAssert.AreEqual(Hex("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"), out384);
        }

        [TestMethod]
        public void CopyStateToRejectsAnotherAlgorithm()
        {
            Sha256 a = new Sha256();
            Assert.ThrowsException(typeof(System.ArgumentException), () => a.CopyStateTo(new Sha384()));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new Sha384().CopyStateTo(new Sha512()));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new Sha512().CopyStateTo(null));
        }

        [TestMethod]
        public void BadRangesThrow()
        {
            Sha256 h = new Sha256();
            byte[] b = new byte[10];
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => h.Update(null, 0, 0));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => h.Update(b, 5, 6));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => h.Update(b, -1, 1));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => h.Finish(b, 0));
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
