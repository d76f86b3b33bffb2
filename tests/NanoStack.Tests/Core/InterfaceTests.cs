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
using NanoStack.Iface;
using NanoStack.Link;
using NanoStack.Sockets;
using NanoStack.Wire;

namespace NanoStack.Tests.Core
{
    /// <summary>
    /// The interface with exact frames in and out: ARP, echo, UDP, routing, TCP demultiplexing
    /// and every drop counted. The bench plays the network: it injects frames and reads what the
    /// interface transmits.
    /// </summary>
    [TestClass]
    public class InterfaceTests
    {
        private static readonly MacAddress OurMac = new MacAddress(0x02, 0, 0, 0, 0, 0x02);
        private static readonly MacAddress PeerMac = new MacAddress(0x02, 0, 0, 0, 0, 0x01);
        private static readonly MacAddress RouterMac = new MacAddress(0x02, 0, 0, 0, 0, 0xFE);
        private static readonly Ipv4Address Us = new Ipv4Address(192, 0, 2, 2);
        private static readonly Ipv4Address Peer = new Ipv4Address(192, 0, 2, 1);
        private static readonly Ipv4Address Router = new Ipv4Address(192, 0, 2, 254);
        private static readonly Ipv4Address Far = new Ipv4Address(198, 51, 100, 7);

        /// <summary>Frames to the interface and from it.</summary>
        private sealed class BenchLink : ILink
        {
            public readonly FrameQueue ToStack = new FrameQueue(16, 16 * 1514);
            public readonly FrameQueue FromStack = new FrameQueue(16, 16 * 1514);

            public int MaxFrameLength { get { return 1514; } }

            public int Receive(byte[] buffer, int offset, int count, long nowMs)
            {
                if (ToStack.IsEmpty)
                {
                    return 0;
                }
                int n = ToStack.CopyHead(buffer, offset);
                ToStack.RemoveHead();
                return n;
            }

            public bool Transmit(byte[] buffer, int offset, int length, long nowMs)
            {
                return FromStack.TryEnqueue(buffer, offset, length, nowMs);
            }

            public long PollAt(long nowMs)
            {
                return long.MaxValue;
            }
        }

        private BenchLink _link;
        private Interface _iface;
        private long _now;
        private readonly byte[] _frame = new byte[1514];

        private void Setup()
        {
            Setup(-1);
        }

        private void Setup(int arpHeldFrames)
        {
            _link = new BenchLink();
            StackLimits limits = new StackLimits();
            limits.ArpHeldFrames = arpHeldFrames;
            _iface = new Interface(limits, _link, OurMac, new SeededEntropySource(5));
            _iface.SetAddress(Us, 24, Router);
            _now = 1000;
        }

        // --------------------------------------------------------------- frame helpers

        private void Inject(byte[] frame, int length)
        {
            Assert.IsTrue(_link.ToStack.TryEnqueue(frame, 0, length, _now));
            _iface.Poll(_now);
        }

        private int Take(byte[] into)
        {
            if (_link.FromStack.IsEmpty)
            {
                return 0;
            }
            int n = _link.FromStack.CopyHead(into, 0);
            _link.FromStack.RemoveHead();
            return n;
        }

        private int ArpFrame(ushort operation, MacAddress senderMac, Ipv4Address sender, MacAddress targetMac, Ipv4Address target, MacAddress destination)
        {
            EthernetRepr eth = new EthernetRepr();
            eth.Source = senderMac;
            eth.Destination = destination;
            eth.EtherType = EtherType.Arp;
            eth.Emit(new EthernetFrame(_frame, 0, 42));
            ArpRepr arp = new ArpRepr();
            arp.Operation = operation;
            arp.SenderHardwareAddress = senderMac;
            arp.SenderProtocolAddress = sender;
            arp.TargetHardwareAddress = targetMac;
            arp.TargetProtocolAddress = target;
            arp.Emit(new ArpPacket(_frame, 14, 28));
            return 42;
        }

        private int UdpFrame(Ipv4Address source, Ipv4Address destination, ushort sourcePort, ushort destinationPort, byte[] data, MacAddress destinationMac)
        {
            UdpRepr udp = new UdpRepr();
            udp.SourcePort = sourcePort;
            udp.DestinationPort = destinationPort;
            udp.PayloadLength = data.Length;
            Ipv4Repr ip = Ipv4Repr.Create(source, destination, IpProtocol.Udp, udp.BufferLength, 7);
            EthernetRepr eth = new EthernetRepr();
            eth.Source = PeerMac;
            eth.Destination = destinationMac;
            eth.EtherType = EtherType.Ipv4;
            eth.Emit(new EthernetFrame(_frame, 0, 14 + ip.BufferLength));
            udp.Emit(new UdpPacket(_frame, 34, udp.BufferLength), source, destination, data, 0);
            ip.Emit(new Ipv4Packet(_frame, 14, ip.BufferLength));
            return 14 + ip.BufferLength;
        }

        private int TcpFrame(Ipv4Address source, Ipv4Address destination, byte flags, MacAddress destinationMac)
        {
            TcpRepr tcp = new TcpRepr();
            tcp.SourcePort = 40000;
            tcp.DestinationPort = 80;
            tcp.SequenceNumber = 5000;
            tcp.AckNumber = 0;
            tcp.Flags = flags;
            tcp.Window = 1000;
            Ipv4Repr ip = Ipv4Repr.Create(source, destination, IpProtocol.Tcp, tcp.BufferLength, 8);
            EthernetRepr eth = new EthernetRepr();
            eth.Source = PeerMac;
            eth.Destination = destinationMac;
            eth.EtherType = EtherType.Ipv4;
            eth.Emit(new EthernetFrame(_frame, 0, 14 + ip.BufferLength));
            tcp.Emit(new TcpSegment(_frame, 34, tcp.BufferLength), source, destination);
            ip.Emit(new Ipv4Packet(_frame, 14, ip.BufferLength));
            return 14 + ip.BufferLength;
        }

        private void LearnPeer()
        {
            Inject(_frame, ArpFrame(ArpOperation.Request, PeerMac, Peer, new MacAddress(0), Us, MacAddress.Broadcast));
            byte[] reply = new byte[1514];
            Assert.AreEqual(42, Take(reply), "ARP reply sent");
        }

        // --------------------------------------------------------------- tests

        [TestMethod]
        public void AnswersArpRequestsForItsAddressOnly()
        {
            Setup();
            Inject(_frame, ArpFrame(ArpOperation.Request, PeerMac, Peer, new MacAddress(0), Us, MacAddress.Broadcast));
            byte[] got = new byte[1514];
            Assert.AreEqual(42, Take(got));
            ArpRepr reply;
            Assert.AreEqual((int)WireStatus.Ok, (int)ArpRepr.TryParse(new ArpPacket(got, 14, 28), out reply));
            Assert.AreEqual(ArpOperation.Reply, reply.Operation);
            Assert.AreEqual(OurMac.Value, reply.SenderHardwareAddress.Value);
            Assert.AreEqual(Us.Value, reply.SenderProtocolAddress.Value);
            Assert.AreEqual(PeerMac.Value, new EthernetFrame(got, 0, 42).Destination.Value);
            Assert.AreEqual(1, _iface.ArpCache.ReachableCount, "the requester is learnt (RFC 826 merge)");

            Inject(_frame, ArpFrame(ArpOperation.Request, PeerMac, Peer, new MacAddress(0), new Ipv4Address(192, 0, 2, 99), MacAddress.Broadcast));
            Assert.AreEqual(0, Take(got), "not for us: silence");
        }

        [TestMethod]
        public void HoldsOnePacketWhileResolvingAndSendsItOnTheReply()
        {
            Setup();
            int udp = _iface.UdpOpen(5000);
            Assert.IsTrue(_iface.UdpSendTo(_now, udp, Peer, 7, new byte[] { 1, 2, 3 }, 0, 3));
            byte[] got = new byte[1514];
            Assert.AreEqual(42, Take(got), "an ARP request goes out first");
            ArpRepr request;
            ArpRepr.TryParse(new ArpPacket(got, 14, 28), out request);
            Assert.AreEqual(ArpOperation.Request, request.Operation);
            Assert.AreEqual(Peer.Value, request.TargetProtocolAddress.Value);
            Assert.AreEqual(0, Take(got), "the datagram waits");
            Inject(_frame, ArpFrame(ArpOperation.Reply, PeerMac, Peer, OurMac, Us, OurMac));
            int n = Take(got);
            Assert.AreEqual(14 + 20 + 8 + 3, n, "the held datagram follows the reply");
            Assert.AreEqual(PeerMac.Value, new EthernetFrame(got, 0, n).Destination.Value);
        }

        [TestMethod]
        public void OneSharedHeldFrameSlotGoesToTheNewestPendingAddress()
        {
            Setup(1);
            Assert.AreEqual(1, _iface.ArpCache.HeldFrameSlots);
            int udp = _iface.UdpOpen(5000);
            Ipv4Address second = new Ipv4Address(192, 0, 2, 3);
            MacAddress secondMac = new MacAddress(0x02, 0, 0, 0, 0, 0x03);
            Assert.IsTrue(_iface.UdpSendTo(_now, udp, Peer, 7, new byte[] { 1 }, 0, 1));
            _now += 10;
            Assert.IsTrue(_iface.UdpSendTo(_now, udp, second, 7, new byte[] { 2, 2 }, 0, 2));
            byte[] got = new byte[1514];
            Assert.AreEqual(42, Take(got), "request for the first address");
            Assert.AreEqual(42, Take(got), "request for the second address");
            Assert.AreEqual(1, _iface.Counters.DroppedArpPending, "the first datagram lost the only slot");
            Inject(_frame, ArpFrame(ArpOperation.Reply, PeerMac, Peer, OurMac, Us, OurMac));
            Assert.AreEqual(0, Take(got), "nothing held for the first address any more");
            Inject(_frame, ArpFrame(ArpOperation.Reply, secondMac, second, OurMac, Us, OurMac));
            int n = Take(got);
            Assert.AreEqual(14 + 20 + 8 + 2, n, "the second datagram follows its reply");
            Assert.AreEqual(secondMac.Value, new EthernetFrame(got, 0, n).Destination.Value);
            Assert.IsTrue(_iface.UdpSendTo(_now, udp, new Ipv4Address(192, 0, 2, 4), 7, new byte[] { 3 }, 0, 1));
            Assert.AreEqual(1, _iface.Counters.DroppedArpPending, "the slot was free again");
        }

        [TestMethod]
        public void WithoutHeldFrameSlotsAFrameToAnUnresolvedAddressIsDroppedAndCounted()
        {
            Setup(0);
            int udp = _iface.UdpOpen(5000);
            Assert.IsTrue(_iface.UdpSendTo(_now, udp, Peer, 7, new byte[] { 1, 2, 3 }, 0, 3));
            byte[] got = new byte[1514];
            Assert.AreEqual(42, Take(got), "the address is still asked for");
            Assert.AreEqual(1, _iface.Counters.DroppedArpPending);
            Inject(_frame, ArpFrame(ArpOperation.Reply, PeerMac, Peer, OurMac, Us, OurMac));
            Assert.AreEqual(0, Take(got), "nothing was held");
            Assert.IsTrue(_iface.UdpSendTo(_now, udp, Peer, 7, new byte[] { 1, 2, 3 }, 0, 3));
            Assert.AreEqual(14 + 20 + 8 + 3, Take(got), "resolved now: sent at once");
        }

        [TestMethod]
        public void ArpGivesUpAfterThreeRequestsAndCountsTheDrop()
        {
            Setup();
            int udp = _iface.UdpOpen(5000);
            _iface.UdpSendTo(_now, udp, Peer, 7, new byte[] { 1 }, 0, 1);
            byte[] got = new byte[1514];
            int requests = 0;
            for (int i = 0; i < 10; i++)
            {
                while (Take(got) > 0)
                {
                    requests++;
                }
                _now += ArpCache.RetryMs;
                _iface.Poll(_now);
            }
            Assert.AreEqual(ArpCache.MaxRequests, requests);
            Assert.AreEqual(1, _iface.Counters.DroppedArpPending);
        }

        [TestMethod]
        public void OffLinkTrafficGoesToTheGatewayAndWithoutOneHasNoRoute()
        {
            Setup();
            int udp = _iface.UdpOpen(5000);
            _iface.UdpSendTo(_now, udp, Far, 7, new byte[] { 1 }, 0, 1);
            byte[] got = new byte[1514];
            Take(got);
            ArpRepr request;
            ArpRepr.TryParse(new ArpPacket(got, 14, 28), out request);
            Assert.AreEqual(Router.Value, request.TargetProtocolAddress.Value, "the gateway is resolved, not the far host");

            _iface.SetAddress(Us, 24, Ipv4Address.Any);
            Assert.IsFalse(_iface.UdpSendTo(_now, udp, Far, 7, new byte[] { 1 }, 0, 1));
            Assert.AreEqual(1, _iface.Counters.DroppedNoRoute);
            int tcp = _iface.TcpOpen();
            Assert.AreEqual((object)TcpError.HostUnreachable, (object)_iface.TcpConnect(_now, tcp, Far, 80));
        }

        [TestMethod]
        public void RepliesToEchoRequests()
        {
            Setup();
            LearnPeer();
            IcmpRepr echo = IcmpRepr.Echo(IcmpType.EchoRequest, 0x1234, 7, 4);
            Ipv4Repr ip = Ipv4Repr.Create(Peer, Us, IpProtocol.Icmp, echo.BufferLength, 9);
            EthernetRepr eth = new EthernetRepr();
            eth.Source = PeerMac;
            eth.Destination = OurMac;
            eth.EtherType = EtherType.Ipv4;
            eth.Emit(new EthernetFrame(_frame, 0, 14 + ip.BufferLength));
            echo.Emit(new IcmpPacket(_frame, 34, echo.BufferLength), new byte[] { 9, 8, 7, 6 }, 0);
            ip.Emit(new Ipv4Packet(_frame, 14, ip.BufferLength));
            Inject(_frame, 14 + ip.BufferLength);
            byte[] got = new byte[1514];
            int n = Take(got);
            Assert.AreEqual(14 + 20 + 8 + 4, n);
            IcmpRepr reply;
            Assert.AreEqual((int)WireStatus.Ok, (int)IcmpRepr.TryParse(new IcmpPacket(got, 34, n - 34), out reply));
            Assert.AreEqual(IcmpType.EchoReply, reply.Type);
            Assert.AreEqual((ushort)0x1234, reply.Identifier);
            Assert.AreEqual((byte)9, got[42]);
            Assert.AreEqual(1, _iface.Counters.IcmpEchoRepliesSent);
        }

        [TestMethod]
        public void UdpBothWaysAndPortUnreachableForClosedPorts()
        {
            Setup();
            LearnPeer();
            int udp = _iface.UdpOpen(5000);
            Inject(_frame, UdpFrame(Peer, Us, 6000, 5000, new byte[] { 4, 5, 6 }, OurMac));
            UdpSocket s = _iface.GetUdp(udp);
            byte[] data = new byte[10];
            Ipv4Address from;
            ushort fromPort;
            Assert.AreEqual(3, s.ReceiveFrom(data, 0, 10, out from, out fromPort));
            Assert.AreEqual(Peer.Value, from.Value);
            Assert.AreEqual((ushort)6000, fromPort);
            Assert.AreEqual((byte)6, data[2]);

            Inject(_frame, UdpFrame(Peer, Us, 6000, 5001, new byte[] { 1 }, OurMac));
            Assert.AreEqual(1, _iface.Counters.DroppedUdpNoSocket);
            byte[] got = new byte[1514];
            int n = Take(got);
            Assert.IsTrue(n > 0, "ICMP port unreachable sent");
            IcmpRepr error;
            Assert.AreEqual((int)WireStatus.Ok, (int)IcmpRepr.TryParse(new IcmpPacket(got, 34, n - 34), out error));
            Assert.AreEqual(IcmpType.DestinationUnreachable, error.Type);
            Assert.AreEqual((byte)3, error.Code);
            Assert.AreEqual((ushort)5001, error.QuotedDestinationPort);
        }

        [TestMethod]
        public void BroadcastUdpIsReceivedBeforeConfigurationAndSentFromZero()
        {
            _link = new BenchLink();
            _iface = new Interface(new StackLimits(), _link, OurMac, new SeededEntropySource(5));
            int dhcp = _iface.UdpOpen(68);
            Assert.IsTrue(_iface.UdpSendTo(0, dhcp, Ipv4Address.Broadcast, 67, new byte[] { 1 }, 0, 1));
            byte[] got = new byte[1514];
            int n = Take(got);
            Assert.AreEqual(MacAddress.Broadcast.Value, new EthernetFrame(got, 0, n).Destination.Value);
            Ipv4Repr ip;
            Ipv4Repr.TryParse(new Ipv4Packet(got, 14, n - 14), out ip);
            Assert.AreEqual(0u, ip.Source.Value, "source 0.0.0.0 before an address (RFC 2131 §4.1)");
            Inject(_frame, UdpFrame(Peer, Ipv4Address.Broadcast, 67, 68, new byte[] { 2, 2 }, MacAddress.Broadcast));
            Assert.AreEqual(2, _iface.GetUdp(dhcp).NextLength);
        }

        [TestMethod]
        public void Check16_BroadcastAndMulticastSynsAreDropped()
        {
            Setup();
            int listener = _iface.TcpOpen();
            _iface.TcpListen(listener, 80);
            Inject(_frame, TcpFrame(Peer, new Ipv4Address(192, 0, 2, 255), TcpFlags.Syn, MacAddress.Broadcast));
            Inject(_frame, TcpFrame(Peer, Ipv4Address.Broadcast, TcpFlags.Syn, MacAddress.Broadcast));
            Inject(_frame, TcpFrame(new Ipv4Address(224, 0, 0, 9), Us, TcpFlags.Syn, OurMac));
            Assert.AreEqual(3, _iface.Counters.DroppedTcpBroadcast);
            Assert.AreEqual(1, _iface.TcpSocketsInUse, "no connection was created");
            int c = _iface.TcpOpen();
            Assert.AreEqual((object)TcpError.HostUnreachable, (object)_iface.TcpConnect(_now, c, new Ipv4Address(192, 0, 2, 255), 80));
            Assert.AreEqual((object)TcpError.HostUnreachable, (object)_iface.TcpConnect(_now, c, new Ipv4Address(239, 1, 1, 1), 80));
        }

        [TestMethod]
        public void SegmentForNoSocketIsAnsweredWithRst()
        {
            Setup();
            LearnPeer();
            Inject(_frame, TcpFrame(Peer, Us, TcpFlags.Syn, OurMac));
            byte[] got = new byte[1514];
            int n = Take(got);
            TcpRepr rst;
            Assert.AreEqual((int)WireStatus.Ok, (int)TcpRepr.TryParse(new TcpSegment(got, 34, n - 34), Us, Peer, out rst));
            Assert.AreEqual("R.", TcpHarness.Flags(rst.Flags));
            Assert.AreEqual(5001u, rst.AckNumber);
            Assert.AreEqual(1, _iface.Counters.TcpResetsSent);
        }

        [TestMethod]
        public void ListenBacklogIsBoundedAndCounted()
        {
            Setup();
            LearnPeer();
            int listener = _iface.TcpOpen();
            _iface.TcpListen(listener, 80);
            // Default limits: 2 sockets, backlog 2; the listener holds one, so one SYN fits and
            // the next (another source port, another connection) finds no free socket.
            Inject(_frame, TcpFrame(Peer, Us, TcpFlags.Syn, OurMac));
            byte[] got = new byte[1514];
            Assert.IsTrue(Take(got) > 0, "SYN-ACK");
            Inject(_frame, TcpFrame2(40001));
            Assert.AreEqual(1, _iface.Counters.DroppedBacklogFull);
        }

        private int TcpFrame2(ushort sourcePort)
        {
            TcpRepr tcp = new TcpRepr();
            tcp.SourcePort = sourcePort;
            tcp.DestinationPort = 80;
            tcp.SequenceNumber = 9000;
            tcp.Flags = TcpFlags.Syn;
            tcp.Window = 1000;
            Ipv4Repr ip = Ipv4Repr.Create(Peer, Us, IpProtocol.Tcp, tcp.BufferLength, 8);
            EthernetRepr eth = new EthernetRepr();
            eth.Source = PeerMac;
            eth.Destination = OurMac;
            eth.EtherType = EtherType.Ipv4;
            eth.Emit(new EthernetFrame(_frame, 0, 14 + ip.BufferLength));
            tcp.Emit(new TcpSegment(_frame, 34, tcp.BufferLength), Peer, Us);
            ip.Emit(new Ipv4Packet(_frame, 14, ip.BufferLength));
            return 14 + ip.BufferLength;
        }

        [TestMethod]
        public void EveryDropIsCounted()
        {
            Setup();
            int n = UdpFrame(Peer, Us, 1, 2, new byte[] { 1 }, OurMac);
            _frame[14 + 10] ^= 0xFF; // IPv4 header checksum
            Inject(_frame, n);
            Assert.AreEqual(1, _iface.Counters.DroppedIpv4Checksum);

            n = UdpFrame(Peer, Us, 1, 2, new byte[] { 1 }, OurMac);
            _frame[14 + 6] = 0x20; // MF: a fragment
            _frame[14 + 10] = 0;
            _frame[14 + 11] = 0;
            BigEndian.WriteUInt16(_frame, 14 + 10, InternetChecksum.Compute(_frame, 14, 20));
            Inject(_frame, n);
            Assert.AreEqual(1, _iface.Counters.DroppedFragments);

            n = UdpFrame(Peer, new Ipv4Address(192, 0, 2, 77), 1, 2, new byte[] { 1 }, OurMac);
            Inject(_frame, n);
            Assert.AreEqual(1, _iface.Counters.DroppedNotForUs);

            n = UdpFrame(Peer, Us, 1, 2, new byte[] { 1 }, new MacAddress(0x02, 9, 9, 9, 9, 9));
            Inject(_frame, n);
            Assert.AreEqual(1, _iface.Counters.DroppedNotOurMac);

            n = TcpFrame(Peer, Us, TcpFlags.Syn, OurMac);
            _frame[34 + 16] ^= 0x55; // TCP checksum: dropped silently (check 2)
            Inject(_frame, n);
            Assert.AreEqual(1, _iface.Counters.DroppedTcp);
            byte[] got = new byte[1514];
            Assert.AreEqual(0, Take(got), "no answer to a corrupt segment");

            Inject(_frame, 10);
            Assert.AreEqual(1, _iface.Counters.DroppedEthernet, "runt frame");
        }

        [TestMethod]
        public void TtlIsConfigurable()
        {
            Setup();
            _iface.Ttl = 5;
            int udp = _iface.UdpOpen(5000);
            _iface.UdpSendTo(_now, udp, Ipv4Address.Broadcast, 7, new byte[] { 1 }, 0, 1);
            byte[] got = new byte[1514];
            Take(got);
            Assert.AreEqual((byte)5, got[14 + 8]);
        }
    }
}
