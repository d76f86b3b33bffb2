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
    public class Ipv4PacketTests
    {
        [TestMethod]
        public void ParsesCapturedEchoRequest()
        {
            byte[] f = WireVectors.Hex(WireVectors.LinuxEchoRequest);
            Ipv4Packet ip = WireVectors.Ip(f);
            Ipv4Repr r;
            WireVectors.AreEqual(WireStatus.Ok, Ipv4Repr.TryParse(ip, out r), "parse");
            Assert.AreEqual("127.0.0.1", r.Source.ToString());
            Assert.AreEqual("127.0.0.1", r.Destination.ToString());
            Assert.AreEqual(IpProtocol.Icmp, r.Protocol);
            Assert.AreEqual((byte)64, r.Ttl);
            Assert.AreEqual((ushort)0xB4BB, r.Identification);
            Assert.IsTrue(r.DontFragment);
            Assert.IsFalse(r.IsFragment);
            Assert.AreEqual(64, r.PayloadLength);
            Assert.AreEqual(34, ip.PayloadOffset);
            Assert.AreEqual((ushort)0x87EB, ip.Checksum);
        }

        [TestMethod]
        public void EmitThenParseRoundTrip()
        {
            Ipv4Repr r = Ipv4Repr.Create(new Ipv4Address(10, 0, 0, 1), new Ipv4Address(10, 0, 0, 2), IpProtocol.Udp, 3, 0x1234);
            Assert.AreEqual(Ipv4Repr.DefaultTtl, r.Ttl);
            Assert.IsTrue(r.DontFragment);
            r.Ttl = 5;
            r.TypeOfService = 0xB8;
            byte[] b = WireVectors.Filled(2 + r.BufferLength + 3);
            r.Emit(new Ipv4Packet(b, 2, r.BufferLength));
            Assert.AreEqual((byte)0xA5, b[1]);
            Assert.AreEqual((byte)0xA5, b[2 + 20]); // payload untouched
            Ipv4Packet ip = new Ipv4Packet(b, 2, r.BufferLength);
            Assert.IsTrue(ip.VerifyChecksum());
            Ipv4Repr p;
            WireVectors.AreEqual(WireStatus.Ok, Ipv4Repr.TryParse(ip, out p), "parse");
            Assert.IsTrue(p.Source == r.Source && p.Destination == r.Destination);
            Assert.AreEqual(r.Protocol, p.Protocol);
            Assert.AreEqual((byte)5, p.Ttl);
            Assert.AreEqual((byte)0xB8, p.TypeOfService);
            Assert.AreEqual(46, ip.Dscp);
            Assert.AreEqual((ushort)0x1234, p.Identification);
            Assert.IsTrue(p.DontFragment);
            Assert.AreEqual(3, p.PayloadLength);
        }

        /// <summary>RFC 9293 check 42 (RFC 1122 §3.2.1.8): unknown IP options are ignored, skipped via IHL.</summary>
        [TestMethod]
        public void Rfc9293Check42UnknownIpOptionsIgnored()
        {
            byte[] f = WireVectors.Hex(WireVectors.HandIpv4OptionsUdp);
            Ipv4Packet ip = WireVectors.Ip(f);
            Ipv4Repr r;
            WireVectors.AreEqual(WireStatus.Ok, Ipv4Repr.TryParse(ip, out r), "parse");
            Assert.AreEqual(28, ip.HeaderLength);
            Assert.AreEqual(14 + 28, ip.PayloadOffset);
            Assert.AreEqual(10, ip.PayloadLength);
            UdpRepr u;
            WireVectors.AreEqual(WireStatus.Ok, UdpRepr.TryParse(new UdpPacket(f, ip.PayloadOffset, ip.PayloadLength), r.Source, r.Destination, out u), "udp after options");
            Assert.AreEqual((ushort)53, u.DestinationPort);
            Assert.AreEqual(2, u.PayloadLength);
            Assert.AreEqual((byte)'h', f[u.PayloadOffset]);
        }

        [TestMethod]
        public void BadVersion()
        {
            byte[] f = WireVectors.Hex(WireVectors.LinuxEchoRequest);
            f[14] = 0x65;
            Ipv4Repr r;
            WireVectors.AreEqual(WireStatus.BadVersion, Ipv4Repr.TryParse(WireVectors.Ip(f), out r), "version 6");
        }

        [TestMethod]
        public void IhlBelowFiveIsBadHeaderLength()
        {
            for (int ihl = 0; ihl < 5; ihl++)
            {
                byte[] f = WireVectors.Hex(WireVectors.LinuxEchoRequest);
                f[14] = (byte)(0x40 | ihl);
                Ipv4Repr r;
                WireVectors.AreEqual(WireStatus.BadHeaderLength, Ipv4Repr.TryParse(WireVectors.Ip(f), out r), "ihl " + ihl.ToString());
            }
        }

        [TestMethod]
        public void TotalLengthChecks()
        {
            byte[] f = WireVectors.Hex(WireVectors.LinuxEchoRequest);
            Ipv4Repr r;
            // Beyond the buffer.
            f[16] = 0x00;
            f[17] = 0x55;
            WireVectors.AreEqual(WireStatus.Truncated, Ipv4Repr.TryParse(WireVectors.Ip(f), out r), "total 85 > 84");
            // Below the header length.
            f[17] = 0x13;
            WireVectors.AreEqual(WireStatus.BadLength, Ipv4Repr.TryParse(WireVectors.Ip(f), out r), "total 19");
            // IHL beyond the buffer.
            byte[] g = WireVectors.Hex(WireVectors.LinuxEchoRequest);
            Ipv4Packet small = new Ipv4Packet(g, 14, 24);
            g[14] = 0x4F;
            WireVectors.AreEqual(WireStatus.Truncated, Ipv4Repr.TryParse(small, out r), "ihl 15 in 24 bytes");
        }

        [TestMethod]
        public void EthernetPaddingIsNotPayload()
        {
            byte[] f = WireVectors.Hex(WireVectors.LinuxRstAck);
            byte[] padded = new byte[60];
            System.Array.Copy(f, padded, f.Length);
            Ipv4Packet ip = WireVectors.Ip(padded);
            Ipv4Repr r;
            WireVectors.AreEqual(WireStatus.Ok, Ipv4Repr.TryParse(ip, out r), "padded");
            Assert.AreEqual(20, r.PayloadLength);
            TcpRepr t;
            WireVectors.AreEqual(WireStatus.Ok, TcpRepr.TryParse(new TcpSegment(padded, ip.PayloadOffset, ip.PayloadLength), r.Source, r.Destination, out t), "tcp");
        }

        [TestMethod]
        public void BadChecksumDetected()
        {
            byte[] f = WireVectors.Hex(WireVectors.LinuxEchoRequest);
            f[14 + 10] ^= 0x01;
            Ipv4Repr r;
            WireVectors.AreEqual(WireStatus.BadChecksum, Ipv4Repr.TryParse(WireVectors.Ip(f), out r), "checksum");
            f[14 + 10] ^= 0x01;
            f[14 + 8] = 63; // TTL changed, checksum not
            WireVectors.AreEqual(WireStatus.BadChecksum, Ipv4Repr.TryParse(WireVectors.Ip(f), out r), "ttl");
            WireVectors.Ip(f).FillChecksum();
            WireVectors.AreEqual(WireStatus.Ok, Ipv4Repr.TryParse(WireVectors.Ip(f), out r), "refilled");
        }

        [TestMethod]
        public void FragmentsAreReportedNotReassembled()
        {
            byte[] f = WireVectors.Hex(WireVectors.LinuxEchoRequest);
            Ipv4Packet ip = WireVectors.Ip(f);
            Ipv4Repr r;
            ip.FlagsFragmentOffset = 0x2000; // MF, offset 0: first fragment
            ip.FillChecksum();
            WireVectors.AreEqual(WireStatus.Ok, Ipv4Repr.TryParse(ip, out r), "first fragment");
            Assert.IsTrue(r.IsFragment);
            Assert.IsTrue(ip.MoreFragments);
            ip.FlagsFragmentOffset = 0x0003; // last fragment at byte 24
            ip.FillChecksum();
            WireVectors.AreEqual(WireStatus.Ok, Ipv4Repr.TryParse(ip, out r), "last fragment");
            Assert.IsTrue(r.IsFragment);
            Assert.AreEqual(24, r.FragmentOffset);
            Assert.AreEqual(24, ip.FragmentOffset);
            ip.FlagsFragmentOffset = 0x4000;
            ip.FillChecksum();
            WireVectors.AreEqual(WireStatus.Ok, Ipv4Repr.TryParse(ip, out r), "whole");
            Assert.IsFalse(r.IsFragment);
        }

        [TestMethod]
        public void TruncatedAtEveryLength()
        {
            byte[] f = WireVectors.Hex(WireVectors.HandIpv4OptionsUdp);
            int total = f.Length - 14;
            for (int n = 0; n < total; n++)
            {
                Ipv4Repr r;
                WireStatus s = Ipv4Repr.TryParse(new Ipv4Packet(f, 14, n), out r);
                WireVectors.AreEqual(WireStatus.Truncated, s, "length " + n.ToString());
            }
        }
    }
}
