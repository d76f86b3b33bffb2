using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Board.Emulator;
using NanoStack.Link;

namespace NanoStack.Host.Tests.Core
{
    [TestClass]
    public class TracerLinkTests
    {
        // Hand-built ARP request (RFC 826): 10.0.0.1 at 02:00:00:00:00:01 asks for 10.0.0.2.
        private const string ArpRequest =
            "ffffffffffff020000000001" + "0806" +
            "0001080006040001" + "020000000001" + "0a000001" + "000000000000" + "0a000002";

        // Linux loopback ICMP echo request, id 0x58bc seq 1, 56 data bytes (copied from
        // tests/NanoStack.Tests/Core/WireVectors.cs, LinuxEchoRequest).
        private const string EchoRequest =
            "000000000000000000000000080045000054b4bb4000400187eb7f0000017f0000010800ffa458bc00017ab9046b000000005da6040000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637";

        // Linux loopback SYN 55448 -> 18080 with options (WireVectors.LinuxSyn).
        private const string Syn =
            "00000000000000000000000008004500003c379b40004006051f7f0000017f000001d89846a05a41d4e800000000a002ffd71e9500000204ffd70402080a0dead51c000000000103030a";

        // Hand-built UDP 4660 -> 53 carrying "hello" (checksums left zero: the tracer does not verify).
        private const string Udp =
            "020000000002020000000001" + "0800" +
            "450000210000000040110000" + "0a000001" + "0a000002" +
            "12340035000d0000" + "68656c6c6f";

        // A TCP segment with PSH|ACK and 3 payload bytes (hand-built, no options).
        private const string TcpData =
            "020000000002020000000001" + "0800" +
            "4500002b0000400040060000" + "0a000001" + "0a000002" +
            "c00001bb000003e8000007d05018100000000000" + "616263";

        private static string TraceOne(string hex, bool transmit, long nowMs)
        {
            byte[] frame = Convert.FromHexString(hex);
            var writer = new StringWriter { NewLine = "\n" };
            var tracer = new TracerLink(new LoopbackLink(4, 8000), writer);
            Assert.IsTrue(tracer.Transmit(frame, 0, frame.Length, nowMs));
            if (!transmit)
            {
                writer.GetStringBuilder().Clear();
                byte[] rx = new byte[1514];
                Assert.AreEqual(frame.Length, tracer.Receive(rx, 0, rx.Length, nowMs));
            }
            return writer.ToString();
        }

        [TestMethod]
        public void ArpRequestLine()
        {
            Assert.AreEqual(
                "-> 0.005 42 02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff ARP request 02:00:00:00:00:01 10.0.0.1 > 00:00:00:00:00:00 10.0.0.2\n",
                TraceOne(ArpRequest, true, 5));
        }

        [TestMethod]
        public void IcmpEchoLine()
        {
            Assert.AreEqual(
                "<- 1.234 98 00:00:00:00:00:00 > 00:00:00:00:00:00 IPv4 127.0.0.1 > 127.0.0.1 ICMP echo request id=22716 seq=1 len=56\n",
                TraceOne(EchoRequest, false, 1234));
        }

        [TestMethod]
        public void TcpSynLine()
        {
            Assert.AreEqual(
                "-> 61.000 74 00:00:00:00:00:00 > 00:00:00:00:00:00 IPv4 127.0.0.1 > 127.0.0.1 TCP 55448 > 18080 [S] seq=1514263784 ack=0 win=65495 len=0\n",
                TraceOne(Syn, true, 61000));
        }

        [TestMethod]
        public void TcpDataLine()
        {
            Assert.AreEqual(
                "<- 0.100 57 02:00:00:00:00:01 > 02:00:00:00:00:02 IPv4 10.0.0.1 > 10.0.0.2 TCP 49152 > 443 [P.] seq=1000 ack=2000 win=4096 len=3\n",
                TraceOne(TcpData, false, 100));
        }

        [TestMethod]
        public void UdpLine()
        {
            Assert.AreEqual(
                "-> 0.000 47 02:00:00:00:00:01 > 02:00:00:00:00:02 IPv4 10.0.0.1 > 10.0.0.2 UDP 4660 > 53 len=5\n",
                TraceOne(Udp, true, 0));
        }

        [TestMethod]
        public void TruncatedAndUnknownFrames()
        {
            var tracer = new TracerLink(new LoopbackLink(4, 8000), TextWriter.Null);
            byte[] syn = Convert.FromHexString(Syn);
            Assert.AreEqual("-> 0.000 10 [truncated]", tracer.Describe("->", syn, 0, 10, 0));
            Assert.AreEqual(
                "-> 0.000 40 00:00:00:00:00:00 > 00:00:00:00:00:00 IPv4 [truncated]",
                tracer.Describe("->", syn, 0, 40, 0));
            Assert.AreEqual(
                "-> 0.000 54 00:00:00:00:00:00 > 00:00:00:00:00:00 IPv4 [truncated]",
                tracer.Describe("->", syn, 0, 54, 0));
            byte[] v6 = new byte[60];
            v6[12] = 0x86;
            v6[13] = 0xdd;
            Assert.AreEqual("<- 0.000 60 00:00:00:00:00:00 > 00:00:00:00:00:00 IPv6", tracer.Describe("<-", v6, 0, 60, 0));
            v6[13] = 0x01;
            Assert.AreEqual("<- 0.000 60 00:00:00:00:00:00 > 00:00:00:00:00:00 ethertype 0x8601", tracer.Describe("<-", v6, 0, 60, 0));
            // Every prefix of every frame traces without throwing.
            foreach (string hex in new[] { ArpRequest, EchoRequest, Syn, Udp, TcpData })
            {
                byte[] f = Convert.FromHexString(hex);
                for (int n = 0; n <= f.Length; n++)
                {
                    Assert.IsNotNull(tracer.Describe("->", f, 0, n, 0));
                }
            }
        }

        [TestMethod]
        public void RefusedTransmitIsMarked()
        {
            var writer = new StringWriter { NewLine = "\n" };
            var tracer = new TracerLink(new LoopbackLink(1, 8000), writer);
            byte[] frame = Convert.FromHexString(Udp);
            Assert.IsTrue(tracer.Transmit(frame, 0, frame.Length, 0));
            Assert.IsFalse(tracer.Transmit(frame, 0, frame.Length, 0));
            string[] lines = writer.ToString().Split('\n');
            Assert.IsTrue(lines[1].EndsWith(" (refused)"), lines[1]);
        }
    }
}
