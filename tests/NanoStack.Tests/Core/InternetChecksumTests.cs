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
using NanoStack.Wire;

namespace NanoStack.Tests.Core
{
    [TestClass]
    public class InternetChecksumTests
    {
        // RFC 1071 §3 worked example: bytes 00 01 f2 03 f4 f5 f6 f7 sum to 0xddf2 (before complement).
        private static readonly byte[] Rfc1071Bytes = new byte[] { 0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7 };

        // A real IPv4 header (20 bytes) with checksum 0xB861 at offset 10.
        private static readonly byte[] Ipv4Header = new byte[]
        {
            0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0xB8, 0x61,
            0xC0, 0xA8, 0x00, 0x01, 0xC0, 0xA8, 0x00, 0xC7,
        };

        [TestMethod]
        public void Rfc1071Example()
        {
            Assert.AreEqual((ushort)0x220D, InternetChecksum.Compute(Rfc1071Bytes, 0, Rfc1071Bytes.Length));
        }

        [TestMethod]
        public void Ipv4HeaderVerifiesAndRecomputes()
        {
            byte[] h = (byte[])Ipv4Header.Clone();
            Assert.IsTrue(InternetChecksum.Verify(h, 0, h.Length));
            h[10] = 0;
            h[11] = 0;
            Assert.AreEqual((ushort)0xB861, InternetChecksum.Compute(h, 0, h.Length));
            h[15] ^= 1;
            Assert.IsFalse(InternetChecksum.Verify(h, 0, h.Length), "flipped bit must not verify");
        }

        [TestMethod]
        public void OddLengthPadsWithZero()
        {
            byte[] odd = new byte[] { 0x12, 0x34, 0x56 };
            byte[] padded = new byte[] { 0x12, 0x34, 0x56, 0x00 };
            Assert.AreEqual(InternetChecksum.Compute(padded, 0, 4), InternetChecksum.Compute(odd, 0, 3));
            Assert.AreEqual((ushort)0x97CB, InternetChecksum.Compute(odd, 0, 3), "~(0x1234 + 0x5600)");
        }

        [TestMethod]
        public void IncrementalEqualsOneShot()
        {
            var rng = new SeededEntropySource(7);
            byte[] data = new byte[1501];
            rng.GetBytes(data, 0, data.Length);
            ushort whole = InternetChecksum.Compute(data, 0, data.Length);
            for (int split = 0; split <= 1500; split += 2)
            {
                uint sum = InternetChecksum.Accumulate(0, data, 0, split);
                sum = InternetChecksum.Accumulate(sum, data, split, data.Length - split);
                Assert.AreEqual(whole, InternetChecksum.Fold(sum), "split at " + split);
            }
        }

        [TestMethod]
        public void AllOnesDataDoesNotOverflow()
        {
            byte[] data = new byte[65535];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = 0xFF;
            }
            // One's complement sum of all-ones words is 0xFFFF (negative zero); the odd 0xFF00 tail
            // adds to 0xFF00 after the end-around carry, complement 0x00FF.
            Assert.AreEqual((ushort)0x00FF, InternetChecksum.Compute(data, 0, data.Length));
        }

        [TestMethod]
        public void UdpPseudoHeader()
        {
            // UDP 192.0.2.1:1234 -> 192.0.2.2:53, payload "hi"; checksum computed by hand:
            // words: c000 0201 c000 0202 0011 000a | 04d2 0035 000a 0000 6869
            byte[] udp = new byte[] { 0x04, 0xD2, 0x00, 0x35, 0x00, 0x0A, 0x00, 0x00, 0x68, 0x69 };
            uint sum = InternetChecksum.AccumulatePseudoHeader(0, 0xC0000201u, 0xC0000202u, 17, udp.Length);
            sum = InternetChecksum.Accumulate(sum, udp, 0, udp.Length);
            uint expected = 0xC000 + 0x0201 + 0xC000 + 0x0202 + 0x0011 + 0x000A + 0x04D2 + 0x0035 + 0x000A + 0x6869;
            while ((expected >> 16) != 0)
            {
                expected = (expected & 0xFFFF) + (expected >> 16);
            }
            ushort checksum = InternetChecksum.Fold(sum);
            Assert.AreEqual((ushort)~expected, checksum);

            // Storing it makes the whole thing verify to zero.
            udp[6] = (byte)(checksum >> 8);
            udp[7] = (byte)checksum;
            sum = InternetChecksum.AccumulatePseudoHeader(0, 0xC0000201u, 0xC0000202u, 17, udp.Length);
            Assert.AreEqual((ushort)0, InternetChecksum.Fold(InternetChecksum.Accumulate(sum, udp, 0, udp.Length)));
        }
    }
}
