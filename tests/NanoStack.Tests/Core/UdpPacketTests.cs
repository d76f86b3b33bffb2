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
    public class UdpPacketTests
    {
        private static readonly Ipv4Address Loopback = new Ipv4Address(127, 0, 0, 1);

        [TestMethod]
        public void ParsesCapturedDatagram()
        {
            byte[] f = WireVectors.Hex(WireVectors.LinuxUdp);
            UdpRepr r;
            WireVectors.AreEqual(WireStatus.Ok, UdpRepr.TryParse(new UdpPacket(f, 34, f.Length - 34), Loopback, Loopback, out r), "parse");
            Assert.AreEqual((ushort)40551, r.SourcePort);
            Assert.AreEqual((ushort)5353, r.DestinationPort);
            Assert.AreEqual(15, r.PayloadLength);
            Assert.AreEqual(42, r.PayloadOffset);
            Assert.AreEqual((byte)'h', f[r.PayloadOffset]);
            Assert.AreEqual((byte)'k', f[r.PayloadOffset + 14]);
        }

        [TestMethod]
        public void EmitThenParseRoundTrip()
        {
            byte[] data = WireVectors.Hex("0102030405");
            UdpRepr r = new UdpRepr();
            r.SourcePort = 68;
            r.DestinationPort = 67;
            r.PayloadLength = data.Length;
            byte[] b = WireVectors.Filled(1 + r.BufferLength + 1);
            Ipv4Address src = new Ipv4Address(192, 168, 1, 100);
            Ipv4Address dst = Ipv4Address.Broadcast;
            r.Emit(new UdpPacket(b, 1, r.BufferLength), src, dst, data, 0);
            Assert.AreEqual((byte)0xA5, b[0]);
            Assert.AreEqual((byte)0xA5, b[b.Length - 1]);
            UdpRepr p;
            WireVectors.AreEqual(WireStatus.Ok, UdpRepr.TryParse(new UdpPacket(b, 1, r.BufferLength), src, dst, out p), "parse");
            Assert.AreEqual(r.SourcePort, p.SourcePort);
            Assert.AreEqual(r.DestinationPort, p.DestinationPort);
            Assert.AreEqual(5, p.PayloadLength);
            Assert.AreEqual((byte)5, b[p.PayloadOffset + 4]);
            Assert.AreNotEqual(0, (int)new UdpPacket(b, 1, r.BufferLength).Checksum);
        }

        [TestMethod]
        public void ZeroChecksumMeansNone()
        {
            byte[] f = WireVectors.Hex(WireVectors.LinuxUdp);
            f[34 + 6] = 0;
            f[34 + 7] = 0;
            f[34 + 8] ^= 0xFF; // would fail a checksum
            UdpRepr r;
            WireVectors.AreEqual(WireStatus.Ok, UdpRepr.TryParse(new UdpPacket(f, 34, f.Length - 34), Loopback, Loopback, out r), "no checksum");
        }

        [TestMethod]
        public void ComputedZeroIsSentAsAllOnes()
        {
            // Payload chosen so the one's complement sum is 0xFFFF: checksum 0 → sent as 0xFFFF (RFC 768).
            UdpRepr r = new UdpRepr();
            r.SourcePort = 0;
            r.DestinationPort = 0;
            r.PayloadLength = 2;
            Ipv4Address a = new Ipv4Address(0);
            byte[] b = WireVectors.Filled(10);
            // Sum without payload: pseudo (17 + 10) + header length 10 = 37 = 0x0025; payload 0xFFDA makes 0xFFFF.
            b[8] = 0xFF;
            b[9] = 0xDA;
            r.Emit(new UdpPacket(b, 0, 10), a, a);
            UdpPacket u = new UdpPacket(b, 0, 10);
            Assert.AreEqual((ushort)0xFFFF, u.Checksum);
            Assert.IsTrue(u.VerifyChecksum(a, a));
        }

        /// <summary>RFC 9293 check 2 for UDP: a corrupted byte or a wrong pseudo-header is detected.</summary>
        [TestMethod]
        public void BadChecksumDetected()
        {
            byte[] f = WireVectors.Hex(WireVectors.LinuxUdp);
            UdpRepr r;
            WireVectors.AreEqual(WireStatus.BadChecksum, UdpRepr.TryParse(new UdpPacket(f, 34, f.Length - 34), Loopback, new Ipv4Address(127, 0, 0, 2), out r), "pseudo-header");
            f[f.Length - 1] ^= 0x20;
            WireVectors.AreEqual(WireStatus.BadChecksum, UdpRepr.TryParse(new UdpPacket(f, 34, f.Length - 34), Loopback, Loopback, out r), "data");
        }

        [TestMethod]
        public void LengthFieldCheckedAgainstIpPayload()
        {
            byte[] f = WireVectors.Hex(WireVectors.LinuxUdp);
            int n = f.Length - 34;
            UdpRepr r;
            f[34 + 5] = (byte)(n + 1);
            WireVectors.AreEqual(WireStatus.Truncated, UdpRepr.TryParse(new UdpPacket(f, 34, n), Loopback, Loopback, out r), "beyond payload");
            f[34 + 5] = 7;
            WireVectors.AreEqual(WireStatus.BadLength, UdpRepr.TryParse(new UdpPacket(f, 34, n), Loopback, Loopback, out r), "below 8");
            // Shorter than the IP payload: the length field wins (trailing bytes are padding).
            byte[] g = WireVectors.Hex(WireVectors.LinuxUdp);
            byte[] longer = new byte[g.Length + 3];
            System.Array.Copy(g, longer, g.Length);
            WireVectors.AreEqual(WireStatus.Ok, UdpRepr.TryParse(new UdpPacket(longer, 34, n + 3), Loopback, Loopback, out r), "padding");
            Assert.AreEqual(15, r.PayloadLength);
        }

        [TestMethod]
        public void TruncatedAtEveryLength()
        {
            byte[] f = WireVectors.Hex(WireVectors.LinuxUdp);
            int n = f.Length - 34;
            for (int k = 0; k < n; k++)
            {
                UdpRepr r;
                WireVectors.AreEqual(WireStatus.Truncated, UdpRepr.TryParse(new UdpPacket(f, 34, k), Loopback, Loopback, out r), "length " + k.ToString());
            }
        }
    }
}
