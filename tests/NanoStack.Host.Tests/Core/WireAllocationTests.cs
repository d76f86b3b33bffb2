using System;
using System.Diagnostics;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Wire;

namespace NanoStack.Host.Tests.Core
{
    [TestClass]
    public class WireAllocationTests
    {
        // Hand-built ACK with NOP NOP TS NOP NOP SACK (2 blocks), from WireVectors.HandTcpSack.
        private const string TcpSack =
            "020000000002020000000001080045000048123440004006147a0a0000010a0000029c4001bb1111111122222222d0100400cd0d00000101080a010203040506070801010512000003e8000007d000000bb800000fa0";

        // Linux loopback ICMP echo request (WireVectors.LinuxEchoRequest).
        private const string Echo =
            "000000000000000000000000080045000054b4bb4000400187eb7f0000017f0000010800ffa458bc00017ab9046b000000005da6040000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637";

        [TestMethod]
        public void ParseAndEmitAllocateNothing()
        {
            byte[] frame = Convert.FromHexString(TcpSack);
            byte[] echo = Convert.FromHexString(Echo);
            byte[] output = new byte[1514];
            long bytes = Allocations.Measure(() => RoundTrip(frame, echo, output), 1000);
            Assert.AreEqual(0L, bytes);
        }

        [TestMethod]
        public void MeasureParseAndEmitTime()
        {
            byte[] frame = Convert.FromHexString(TcpSack);
            byte[] echo = Convert.FromHexString(Echo);
            byte[] output = new byte[1514];
            for (int i = 0; i < 10000; i++)
            {
                RoundTrip(frame, echo, output);
            }
            const int n = 200000;
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < n; i++)
            {
                ParseTcp(frame);
            }
            double parseNs = sw.Elapsed.TotalMilliseconds * 1e6 / n;
            sw.Restart();
            for (int i = 0; i < n; i++)
            {
                RoundTrip(frame, echo, output);
            }
            double roundNs = sw.Elapsed.TotalMilliseconds * 1e6 / n;
            Console.WriteLine("Ethernet+IPv4+TCP(options) parse: " + parseNs.ToString("F0") + " ns; full TCP+ICMP parse and emit round: " + roundNs.ToString("F0") + " ns (host JIT)");
        }

        private static void ParseTcp(byte[] frame)
        {
            EthernetRepr eth;
            EthernetRepr.TryParse(new EthernetFrame(frame, 0, frame.Length), out eth);
            var ipView = new Ipv4Packet(frame, 14, frame.Length - 14);
            Ipv4Repr ip;
            Ipv4Repr.TryParse(ipView, out ip);
            TcpRepr tcp;
            TcpRepr.TryParse(new TcpSegment(frame, ipView.PayloadOffset, ipView.PayloadLength), ip.Source, ip.Destination, out tcp);
        }

        private static void RoundTrip(byte[] frame, byte[] echo, byte[] output)
        {
            EthernetRepr eth;
            Assert.AreEqual(WireStatus.Ok, EthernetRepr.TryParse(new EthernetFrame(frame, 0, frame.Length), out eth));
            var ipView = new Ipv4Packet(frame, 14, frame.Length - 14);
            Ipv4Repr ip;
            Assert.AreEqual(WireStatus.Ok, Ipv4Repr.TryParse(ipView, out ip));
            TcpRepr tcp;
            Assert.AreEqual(WireStatus.Ok, TcpRepr.TryParse(new TcpSegment(frame, ipView.PayloadOffset, ipView.PayloadLength), ip.Source, ip.Destination, out tcp));
            eth.Emit(new EthernetFrame(output, 0, eth.BufferLength(ip.BufferLength)));
            ip.Emit(new Ipv4Packet(output, 14, ip.BufferLength));
            tcp.Emit(new TcpSegment(output, 34, tcp.BufferLength), ip.Source, ip.Destination, frame, tcp.PayloadOffset);

            var icmpView = new IcmpPacket(echo, 34, echo.Length - 34);
            IcmpRepr icmp;
            Assert.AreEqual(WireStatus.Ok, IcmpRepr.TryParse(icmpView, out icmp));
            IcmpRepr reply = IcmpRepr.Echo(IcmpType.EchoReply, icmp.Identifier, icmp.SequenceNumber, icmp.DataLength);
            reply.Emit(new IcmpPacket(output, 34, reply.BufferLength), echo, icmp.DataOffset);

            UdpRepr udp = new UdpRepr();
            udp.SourcePort = 68;
            udp.DestinationPort = 67;
            udp.PayloadLength = 4;
            udp.Emit(new UdpPacket(output, 34, udp.BufferLength), ip.Source, ip.Destination);
            UdpRepr back;
            Assert.AreEqual(WireStatus.Ok, UdpRepr.TryParse(new UdpPacket(output, 34, udp.BufferLength), ip.Source, ip.Destination, out back));

            ArpRepr arp = new ArpRepr();
            arp.Operation = ArpOperation.Request;
            arp.Emit(new ArpPacket(output, 14, arp.BufferLength));
            ArpRepr arpBack;
            Assert.AreEqual(WireStatus.Ok, ArpRepr.TryParse(new ArpPacket(output, 14, arp.BufferLength), out arpBack));
        }
    }
}
