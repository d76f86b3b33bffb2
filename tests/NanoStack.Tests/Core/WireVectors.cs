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
using System;
using NanoStack.Wire;

namespace NanoStack.Tests.Core
{
    /// <summary>
    /// Whole Ethernet frames used by the wire tests, and helpers shared by them.
    ///
    /// Sources
    /// - "Linux…" frames were captured from the Linux 6.x kernel on loopback (which has an
    ///   all-zero Ethernet header) with
    ///   <c>tcpdump -i lo -w lo.pcap</c> while running <c>ping -c1 127.0.0.1</c>,
    ///   <c>curl http://127.0.0.1:18080/</c> (nothing listening: SYN then RST) and a Python
    ///   <c>sendto(b"hello nanostack", ("127.0.0.1", 5353))</c> (answered by ICMP port
    ///   unreachable); the SYN/SYN-ACK/ACK triple is a loopback handshake of the same capture.
    ///   IPv4 and ICMP checksums and the RST's TCP checksum are the kernel's. Loopback uses
    ///   checksum offload (CHECKSUM_PARTIAL), so the captured SYN, SYN-ACK, ACK and UDP frames
    ///   carried only the pseudo-header partial sum in their checksum field; those four fields
    ///   were replaced by the full checksum computed with a separate Python script
    ///   (the original partial values are noted next to each vector).
    /// - "Hand…" frames were built byte by byte from the RFC 826 / 791 / 792 / 768 / 9293 /
    ///   7323 / 2018 layouts with that same Python script (struct.pack and an RFC 1071 sum),
    ///   independent of the code under test.
    /// </summary>
    internal static class WireVectors
    {
        // ICMP echo request, id 0x58bc seq 1, 56 data bytes, DF, TTL 64.
        public const string LinuxEchoRequest =
            "000000000000000000000000080045000054b4bb4000400187eb7f0000017f0000010800ffa458bc00017ab9046b000000005da6040000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637";

        // The kernel's echo reply to it (DF clear).
        public const string LinuxEchoReply =
            "000000000000000000000000080045000054b4bc00004001c7ea7f0000017f000001000007a558bc00017ab9046b000000005da6040000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637";

        // SYN 55448 → 18080, options MSS 65495, SACK-permitted, TS 233493788/0, NOP, WS 10
        // (captured checksum field: fe30, partial).
        public const string LinuxSyn =
            "00000000000000000000000008004500003c379b40004006051f7f0000017f000001d89846a05a41d4e800000000a002ffd71e9500000204ffd70402080a0dead51c000000000103030a";

        // RST|ACK answering it (kernel-computed checksum 636a).
        public const string LinuxRstAck =
            "0000000000000000000000000800450000280000400040063cce7f0000017f00000146a0d898000000005a41d4e950140000636a0000";

        // SYN|ACK 36037 → 45960 with MSS, SACK-permitted, TS, NOP, WS 10 (captured: fe30).
        public const string LinuxSynAck =
            "00000000000000000000000008004500003c0000400040063cba7f0000017f0000018cc5b388f3996e952a99852aa012ffcb4ec100000204ffd70402080acc3c6dfb59621b5e0103030a";

        // ACK 45960 → 36037 with NOP NOP TS (captured: fe28).
        public const string LinuxAckTimestamps =
            "000000000000000000000000080045000034f3a14000400649207f0000017f000001b3888cc52a99852af3996e9680100040774000000101080a59621b5ecc3c6dfb";

        // UDP 40551 → 5353 "hello nanostack" (captured: fe2a).
        public const string LinuxUdp =
            "00000000000000000000000008004500002b3cc04000401100007f0000017f0000019e6714e90017edd168656c6c6f206e616e6f737461636b";

        // ICMP port unreachable quoting the UDP datagram above as sent (partial checksum fe2a inside).
        public const string LinuxPortUnreachable =
            "000000000000000000000000080045c00047b60000004001c5f37f0000017f0000010303eace000000004500002b3cc04000401100007f0000017f0000019e6714e90017fe2a68656c6c6f206e616e6f737461636b";

        // ARP request "who has 192.168.1.1, tell 192.168.1.100" from 02:00:00:00:00:01,
        // padded with zeros to the 60-byte Ethernet minimum.
        public const string HandArpRequest =
            "ffffffffffff02000000000108060001080006040001020000000001c0a80164000000000000c0a80101000000000000000000000000000000000000";

        // ARP reply "192.168.1.1 is at 02:00:00:00:00:02".
        public const string HandArpReply =
            "02000000000102000000000208060001080006040002020000000002c0a80101020000000001c0a80164";

        // IPv4 with IHL 7: router alert (94 04 00 00), NOP, unknown option 0x9e len 3; UDP 5000 → 53 "hi".
        public const string HandIpv4OptionsUdp =
            "0200000000020200000000010800470000261234400040110990c0a80164c0a8010194040000019e03ab13880035000afffd6869";

        // ACK 10.0.0.1:40000 → 10.0.0.2:443 with NOP NOP TS(0x01020304, 0x05060708) NOP NOP
        // SACK {1000-2000, 3000-4000}.
        public const string HandTcpSack =
            "020000000002020000000001080045000048123440004006147a0a0000010a0000029c4001bb1111111122222222d0100400cd0d00000101080a010203040506070801010512000003e8000007d000000bb800000fa0";

        // SYN with options at odd alignment: NOP, MSS 1460, WS 7, unknown kind 253 len 4,
        // SACK-permitted, TS(0xdeadbeef, 0), EOL and zero padding.
        public const string HandTcpSynOddOptions =
            "020000000002020000000001080045000044123440004006147e0a0000010a0000029c410050fffffff000000000c002ffff81c5000001020405b4030307fd04aabb0402080adeadbeef0000000000000000";

        // PSH|ACK 80 → 40001 with "hello", no options.
        public const string HandTcpData =
            "02000000000202000000000108004500002d12344000400614950a0000020a00000100509c4100000001fffffff1501820009b6e000068656c6c6f";

        // ICMP fragmentation needed, next-hop MTU 1400, quoting IPv4 header + 8 bytes of a SYN
        // 10.0.0.1:40002 → 93.184.216.34:443 seq 0xabcdef01.
        public const string HandIcmpFragNeeded =
            "02000000000102000000000208004500003812340000ff0194920a0000fe0a0000010304beb60000057845000028123440004006e8c00a0000015db8d8229c4201bbabcdef01";

        // ICMP time exceeded (TTL) quoting the same datagram.
        public const string HandIcmpTimeExceeded =
            "02000000000102000000000208004500003812340000ff0194920a0000fe0a0000010b00bc320000000045000028123440004006e8c00a0000015db8d8229c4201bbabcdef01";

        /// <summary>Every frame above, for loops.</summary>
        public static string[] All()
        {
            return new string[]
            {
                LinuxEchoRequest, LinuxEchoReply, LinuxSyn, LinuxRstAck, LinuxSynAck, LinuxAckTimestamps,
                LinuxUdp, LinuxPortUnreachable, HandArpRequest, HandArpReply, HandIpv4OptionsUdp,
                HandTcpSack, HandTcpSynOddOptions, HandTcpData, HandIcmpFragNeeded, HandIcmpTimeExceeded,
            };
        }

        public static byte[] Hex(string hex)
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

        /// <summary>A buffer of <paramref name="length"/> bytes of 0xA5, so stale bytes show.</summary>
        public static byte[] Filled(int length)
        {
            byte[] b = new byte[length];
            for (int i = 0; i < length; i++)
            {
                b[i] = 0xA5;
            }
            return b;
        }

        public static void AreEqual(WireStatus expected, WireStatus actual, string message)
        {
            Assert.AreEqual((int)expected, (int)actual, message);
        }

        public static void SameBytes(byte[] expected, byte[] actual, string message)
        {
            Assert.AreEqual(expected.Length, actual.Length, message);
            for (int i = 0; i < expected.Length; i++)
            {
                if (expected[i] != actual[i])
                {
                    Assert.IsTrue(false, message + " differs at byte " + i.ToString());
                }
            }
        }

        /// <summary>The IPv4 view of a frame (offset 14, length to the end of the frame).</summary>
        public static Ipv4Packet Ip(byte[] frame)
        {
            return new Ipv4Packet(frame, EthernetFrame.HeaderLength, frame.Length - EthernetFrame.HeaderLength);
        }

        /// <summary>
        /// Parses a whole frame down to its transport repr and emits it again with the reprs into
        /// a 0xA5-filled buffer of the same length (data copied from the original). Returns the
        /// emitted bytes; every status on the way must be Ok.
        /// </summary>
        public static byte[] ParseAndEmit(byte[] frame)
        {
            byte[] output = Filled(frame.Length);
            EthernetRepr eth;
            AreEqual(WireStatus.Ok, EthernetRepr.TryParse(new EthernetFrame(frame, 0, frame.Length), out eth), "ethernet");
            eth.Emit(new EthernetFrame(output, 0, output.Length));
            int o = EthernetFrame.HeaderLength;
            int rest = frame.Length - o;
            if (eth.EtherType == EtherType.Arp)
            {
                ArpRepr arp;
                AreEqual(WireStatus.Ok, ArpRepr.TryParse(new ArpPacket(frame, o, rest), out arp), "arp");
                arp.Emit(new ArpPacket(output, o, rest));
                Array.Copy(frame, o + arp.BufferLength, output, o + arp.BufferLength, rest - arp.BufferLength);
                return output;
            }
            Ipv4Packet ip = new Ipv4Packet(frame, o, rest);
            Ipv4Repr ipr;
            AreEqual(WireStatus.Ok, Ipv4Repr.TryParse(ip, out ipr), "ipv4");
            Assert.AreEqual(Ipv4Packet.MinHeaderLength, ip.HeaderLength, "round trips need option-less IPv4 headers");
            ipr.Emit(new Ipv4Packet(output, o, rest));
            int t = ip.PayloadOffset;
            int tl = ip.PayloadLength;
            if (ipr.Protocol == IpProtocol.Tcp)
            {
                TcpRepr tcp;
                AreEqual(WireStatus.Ok, TcpRepr.TryParse(new TcpSegment(frame, t, tl), ipr.Source, ipr.Destination, out tcp), "tcp");
                Assert.AreEqual(tl, tcp.BufferLength, "tcp length");
                tcp.Emit(new TcpSegment(output, t, tl), ipr.Source, ipr.Destination, frame, tcp.PayloadOffset);
            }
            else if (ipr.Protocol == IpProtocol.Udp)
            {
                UdpRepr udp;
                AreEqual(WireStatus.Ok, UdpRepr.TryParse(new UdpPacket(frame, t, tl), ipr.Source, ipr.Destination, out udp), "udp");
                udp.Emit(new UdpPacket(output, t, tl), ipr.Source, ipr.Destination, frame, udp.PayloadOffset);
            }
            else
            {
                IcmpRepr icmp;
                AreEqual(WireStatus.Ok, IcmpRepr.TryParse(new IcmpPacket(frame, t, tl), out icmp), "icmp");
                icmp.Emit(new IcmpPacket(output, t, tl), frame, icmp.DataOffset);
            }
            return output;
        }
    }
}
