using System;
using System.Diagnostics;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Board.Linux;
using NanoStack.Host.Tests.Support;
using NanoStack.Wire;

namespace NanoStack.Host.Tests.Linux
{
    /// <summary>
    /// The TAP link against the real kernel, inside a namespace the test creates. A minimal
    /// responder built from the Wire views answers ARP and echo requests, so the kernel's own
    /// <c>ping</c> proves frames flow both ways with correct Ethernet, ARP, IPv4 and ICMP bytes.
    /// </summary>
    [TestClass]
    public sealed class TapLinkTests
    {
        private static readonly MacAddress StackMac = new MacAddress(0x02, 0x4E, 0x53, 0x00, 0x00, 0x02);

        [TestMethod]
        [DataRow(false, DisplayName = "TAP")]
        [DataRow(true, DisplayName = "TUN")]
        public void KernelPingIsAnsweredThroughTheDevice(bool tun)
        {
            TestEnvironment.Require(NetworkNamespace.IsSupported, NetworkNamespace.Requirement);
            Ipv4Address.TryParse(NetworkNamespace.StackAddress, out Ipv4Address self);
            using NetworkNamespace ns = NetworkNamespace.Create();
            TapLink tap = ns.AddTap(tun: tun);

            Process ping = ns.Start("ping", "-c 3 -i 0.2 -W 2 -n " + NetworkNamespace.StackAddress);
            var buffer = new byte[tap.MaxFrameLength];
            int arpAnswered = 0, echoAnswered = 0;
            var deadline = Stopwatch.StartNew();
            while (!ping.HasExited && deadline.ElapsedMilliseconds < 10_000)
            {
                if (!tap.WaitReadable(100))
                {
                    continue;
                }
                int n = tap.Receive(buffer, 0, buffer.Length, 0);
                if (n == 0)
                {
                    continue;
                }
                Respond(tap, buffer, n, self, ref arpAnswered, ref echoAnswered);
            }
            ping.WaitForExit(5_000);
            string output = ping.StandardOutput.ReadToEnd();
            Assert.IsTrue(ping.HasExited, "ping did not finish within 10 s");
            Assert.AreEqual(0, ping.ExitCode, "ping failed: " + output + ping.StandardError.ReadToEnd());
            StringAssert.Contains(output, "3 received");
            Assert.AreEqual(3, echoAnswered);
            Assert.AreEqual(0, tap.TransmitErrors);
            if (tun)
            {
                Assert.AreEqual(0, arpAnswered, "a TUN device carries no ARP");
                return;
            }
            Assert.IsTrue(arpAnswered >= 1, "the kernel resolved our MAC with ARP");

            CommandResult neigh = ns.Run("ip", "neigh show " + NetworkNamespace.StackAddress);
            StringAssert.Contains(neigh.StandardOutput.ToLowerInvariant(), "02:4e:53:00:00:02", "the kernel learnt our MAC");
        }

        [TestMethod]
        public void TunModeAnswersTheStacksArpRequestItself()
        {
            TestEnvironment.Require(NetworkNamespace.IsSupported, NetworkNamespace.Requirement);
            using NetworkNamespace ns = NetworkNamespace.Create();
            TapLink tun = ns.AddTap(tun: true);
            Ipv4Address.TryParse(NetworkNamespace.StackAddress, out Ipv4Address self);
            Ipv4Address.TryParse(NetworkNamespace.KernelAddress, out Ipv4Address kernel);
            var request = new byte[EthernetFrame.HeaderLength + 28];
            new EthernetRepr { Source = StackMac, Destination = MacAddress.Broadcast, EtherType = EtherType.Arp }.Emit(new EthernetFrame(request, 0, request.Length));
            new ArpRepr { Operation = ArpOperation.Request, SenderHardwareAddress = StackMac, SenderProtocolAddress = self, TargetProtocolAddress = kernel }
                .Emit(new ArpPacket(request, EthernetFrame.HeaderLength, 28));
            Assert.IsTrue(tun.Transmit(request, 0, request.Length, 0));
            Assert.IsTrue(tun.WaitReadable(0));
            var reply = new byte[tun.MaxFrameLength];
            int n = tun.Receive(reply, 0, reply.Length, 0);
            Assert.AreEqual(42, n);
            Assert.AreEqual(WireStatus.Ok, ArpRepr.TryParse(new ArpPacket(reply, 14, 28), out ArpRepr ar));
            Assert.AreEqual(ArpOperation.Reply, ar.Operation);
            Assert.AreEqual(kernel, ar.SenderProtocolAddress);
            Assert.AreEqual(TapLink.TunPeerMac, ar.SenderHardwareAddress);
            Assert.AreEqual(StackMac, ar.TargetHardwareAddress);
            Assert.AreEqual(self, ar.TargetProtocolAddress);
            Assert.AreEqual(StackMac, new EthernetFrame(reply, 0, n).Destination);
        }

        [TestMethod]
        public void DisposeRemovesTheNamespace()
        {
            TestEnvironment.Require(NetworkNamespace.IsSupported, NetworkNamespace.Requirement);
            string name;
            using (NetworkNamespace ns = NetworkNamespace.Create())
            {
                name = ns.Name;
                ns.AddTap();
                Assert.IsTrue(System.IO.File.Exists("/run/netns/" + name));
            }
            Assert.IsFalse(System.IO.File.Exists("/run/netns/" + name), "namespace deleted on dispose");
        }

        private static void Respond(TapLink tap, byte[] frame, int length, Ipv4Address self, ref int arpAnswered, ref int echoAnswered)
        {
            var eth = new EthernetFrame(frame, 0, length);
            if (EthernetRepr.TryParse(eth, out EthernetRepr er) != WireStatus.Ok)
            {
                return;
            }
            if (er.EtherType == EtherType.Arp)
            {
                var arp = new ArpPacket(frame, eth.PayloadOffset, eth.PayloadLength);
                if (ArpRepr.TryParse(arp, out ArpRepr ar) != WireStatus.Ok || ar.Operation != ArpOperation.Request || ar.TargetProtocolAddress != self)
                {
                    return;
                }
                var reply = new byte[EthernetFrame.HeaderLength + 28];
                new EthernetRepr { Source = StackMac, Destination = ar.SenderHardwareAddress, EtherType = EtherType.Arp }.Emit(new EthernetFrame(reply, 0, reply.Length));
                new ArpRepr
                {
                    Operation = ArpOperation.Reply,
                    SenderHardwareAddress = StackMac,
                    SenderProtocolAddress = self,
                    TargetHardwareAddress = ar.SenderHardwareAddress,
                    TargetProtocolAddress = ar.SenderProtocolAddress,
                }.Emit(new ArpPacket(reply, EthernetFrame.HeaderLength, 28));
                Assert.IsTrue(tap.Transmit(reply, 0, reply.Length, 0));
                arpAnswered++;
                return;
            }
            if (er.EtherType != EtherType.Ipv4)
            {
                return;
            }
            var ip = new Ipv4Packet(frame, eth.PayloadOffset, eth.PayloadLength);
            if (Ipv4Repr.TryParse(ip, out Ipv4Repr ir) != WireStatus.Ok || ir.Destination != self || ir.Protocol != IpProtocol.Icmp)
            {
                return;
            }
            var icmp = new IcmpPacket(frame, eth.PayloadOffset + ip.HeaderLength, ir.PayloadLength);
            if (IcmpRepr.TryParse(icmp, out IcmpRepr request) != WireStatus.Ok || request.Type != IcmpType.EchoRequest)
            {
                return;
            }
            IcmpRepr echo = IcmpRepr.Echo(IcmpType.EchoReply, request.Identifier, request.SequenceNumber, request.DataLength);
            Ipv4Repr replyIp = Ipv4Repr.Create(self, ir.Source, IpProtocol.Icmp, echo.BufferLength, (ushort)echoAnswered);
            var out1 = new byte[EthernetFrame.HeaderLength + replyIp.BufferLength];
            new EthernetRepr { Source = StackMac, Destination = er.Source, EtherType = EtherType.Ipv4 }.Emit(new EthernetFrame(out1, 0, out1.Length));
            replyIp.Emit(new Ipv4Packet(out1, EthernetFrame.HeaderLength, replyIp.BufferLength));
            echo.Emit(new IcmpPacket(out1, EthernetFrame.HeaderLength + 20, echo.BufferLength), frame, request.DataOffset);
            Assert.IsTrue(tap.Transmit(out1, 0, out1.Length, 0));
            echoAnswered++;
        }
    }
}
