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
using NanoStack.Dns;
using NanoStack.Iface;
using NanoStack.Link;
using NanoStack.Wire;

namespace NanoStack.Tests.Core.Dns
{
    /// <summary>
    /// A <see cref="DnsClient"/> on a real <see cref="Interface"/> whose link is played by the test:
    /// it takes the frames the interface sends (answering ARP for the servers on the way) and
    /// injects datagrams from any address and port, on a clock the test moves.
    /// </summary>
    internal sealed class DnsBench
    {
        public static readonly MacAddress OurMac = new MacAddress(0x02, 0, 0, 0, 0, 0x02);
        public static readonly MacAddress PeerMac = new MacAddress(0x02, 0, 0, 0, 0, 0x35);
        public static readonly Ipv4Address Us = new Ipv4Address(192, 0, 2, 2);
        public static readonly Ipv4Address Server1 = new Ipv4Address(192, 0, 2, 53);
        public static readonly Ipv4Address Server2 = new Ipv4Address(192, 0, 2, 54);
        public static readonly Ipv4Address Stranger = new Ipv4Address(192, 0, 2, 99);

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
                return ToStack.IsEmpty ? long.MaxValue : nowMs;
            }
        }

        private readonly BenchLink _link = new BenchLink();
        private readonly byte[] _frame = new byte[1514];

        public readonly Interface Iface;
        public readonly DnsClient Dns;
        public long Now = 1000;

        /// <summary>The last datagram taken: the whole frame, and where its UDP payload lies.</summary>
        public byte[] LastFrame = new byte[1514];
        public int LastFrameLength;
        public Ipv4Address LastDestination;
        public ushort LastSourcePort;
        public ushort LastDestinationPort;
        public byte[] LastPayload;

        public DnsBench(uint seed, Ipv4Address primary, Ipv4Address secondary, DnsLimits limits)
            : this(seed, primary, secondary, limits, true)
        {
        }

        public DnsBench(uint seed, Ipv4Address primary, Ipv4Address secondary, DnsLimits limits, bool withGateway)
        {
            Iface = new Interface(new StackLimits(), _link, OurMac, new SeededEntropySource(seed + 1000));
            Iface.SetAddress(Us, 24, withGateway ? new Ipv4Address(192, 0, 2, 1) : Ipv4Address.Any);
            Dns = new DnsClient(Iface, new SeededEntropySource(seed), primary, secondary, limits);
        }

        /// <summary>Polls the interface and the client until neither has anything to do, answering
        /// ARP requests with <see cref="PeerMac"/>.</summary>
        public void Poll()
        {
            for (int i = 0; i < 16; i++)
            {
                bool a = Iface.Poll(Now);
                bool b = Dns.Poll(Now);
                bool c = AnswerArp();
                if (!a && !b && !c)
                {
                    return;
                }
            }
        }

        /// <summary>Moves the clock to <paramref name="ms"/> and polls.</summary>
        public void At(long ms)
        {
            Assert.IsTrue(ms >= Now, "time runs forwards");
            Now = ms;
            Poll();
        }

        public DnsStatus Start(string name)
        {
            DnsStatus st = Dns.Start(Now, name);
            Poll();
            return st;
        }

        private bool AnswerArp()
        {
            bool any = false;
            int skip = 0;
            while (_link.FromStack.Count > skip)
            {
                // ARP requests are answered and removed; other frames stay for TakeDatagram, in order.
                int n = PeekAt(skip, _frame);
                EthernetFrame eth = new EthernetFrame(_frame, 0, n);
                ArpRepr ar;
                if (EthernetRepr.TryParse(eth, out EthernetRepr er) == WireStatus.Ok && er.EtherType == EtherType.Arp
                    && ArpRepr.TryParse(new ArpPacket(_frame, 14, n - 14), out ar) == WireStatus.Ok && ar.Operation == ArpOperation.Request)
                {
                    RemoveAt(skip);
                    ArpRepr reply = new ArpRepr();
                    reply.Operation = ArpOperation.Reply;
                    reply.SenderHardwareAddress = PeerMac;
                    reply.SenderProtocolAddress = ar.TargetProtocolAddress;
                    reply.TargetHardwareAddress = OurMac;
                    reply.TargetProtocolAddress = Us;
                    EthernetRepr e = new EthernetRepr();
                    e.Source = PeerMac;
                    e.Destination = OurMac;
                    e.EtherType = EtherType.Arp;
                    byte[] f = new byte[42];
                    e.Emit(new EthernetFrame(f, 0, 42));
                    reply.Emit(new ArpPacket(f, 14, 28));
                    Assert.IsTrue(_link.ToStack.TryEnqueue(f, 0, 42, Now));
                    any = true;
                    continue;
                }
                skip++;
            }
            return any;
        }

        // FrameQueue is a FIFO: peeking at index k rotates the queue (k is small here).
        private int PeekAt(int index, byte[] into)
        {
            int count = _link.FromStack.Count;
            int length = 0;
            for (int i = 0; i < count; i++)
            {
                int n = _link.FromStack.CopyHead(_scratch, 0);
                if (i == index)
                {
                    System.Array.Copy(_scratch, 0, into, 0, n);
                    length = n;
                }
                _link.FromStack.RemoveHead();
                _link.FromStack.TryEnqueue(_scratch, 0, n, Now);
            }
            return length;
        }

        private void RemoveAt(int index)
        {
            int count = _link.FromStack.Count;
            for (int i = 0; i < count; i++)
            {
                int n = _link.FromStack.CopyHead(_scratch, 0);
                _link.FromStack.RemoveHead();
                if (i != index)
                {
                    _link.FromStack.TryEnqueue(_scratch, 0, n, Now);
                }
            }
        }

        private readonly byte[] _scratch = new byte[1514];

        /// <summary>Takes the next frame the interface sent, which must be a UDP datagram; false when
        /// nothing was sent.</summary>
        public bool TakeDatagram()
        {
            if (_link.FromStack.IsEmpty)
            {
                return false;
            }
            int n = _link.FromStack.CopyHead(LastFrame, 0);
            _link.FromStack.RemoveHead();
            LastFrameLength = n;
            Ipv4Packet ipv = new Ipv4Packet(LastFrame, 14, n - 14);
            Ipv4Repr ip;
            Assert.AreEqual((int)WireStatus.Ok, (int)Ipv4Repr.TryParse(ipv, out ip), "IPv4");
            Assert.AreEqual((int)IpProtocol.Udp, (int)ip.Protocol, "UDP");
            Assert.AreEqual(Us, ip.Source, "from our address");
            UdpRepr udp;
            Assert.AreEqual((int)WireStatus.Ok, (int)UdpRepr.TryParse(new UdpPacket(LastFrame, 14 + ipv.HeaderLength, ip.PayloadLength), ip.Source, ip.Destination, out udp), "UDP");
            LastDestination = ip.Destination;
            LastSourcePort = udp.SourcePort;
            LastDestinationPort = udp.DestinationPort;
            LastPayload = new byte[udp.PayloadLength];
            System.Array.Copy(LastFrame, udp.PayloadOffset, LastPayload, 0, udp.PayloadLength);
            return true;
        }

        /// <summary>Takes the next datagram and checks it is a query to <paramref name="server"/>:53.</summary>
        public void ExpectQuery(Ipv4Address server, string what)
        {
            Assert.IsTrue(TakeDatagram(), what + ": a datagram was sent");
            Assert.AreEqual(server, LastDestination, what + ": to the server");
            Assert.AreEqual((ushort)53, LastDestinationPort, what + ": port 53");
            Assert.AreEqual(Dns.LocalPort, LastSourcePort, what + ": from the query's port");
        }

        public void ExpectNothingSent(string what)
        {
            Assert.IsFalse(TakeDatagram(), what + ": nothing sent");
        }

        /// <summary>A datagram from <paramref name="source"/>:<paramref name="sourcePort"/> to our
        /// <paramref name="port"/>, then a poll.</summary>
        public void Inject(Ipv4Address source, ushort sourcePort, ushort port, byte[] payload)
        {
            UdpRepr udp = new UdpRepr();
            udp.SourcePort = sourcePort;
            udp.DestinationPort = port;
            udp.PayloadLength = payload.Length;
            Ipv4Repr ip = Ipv4Repr.Create(source, Us, IpProtocol.Udp, udp.BufferLength, 7);
            int length = 14 + ip.BufferLength;
            byte[] f = new byte[length];
            EthernetRepr eth = new EthernetRepr();
            eth.Source = PeerMac;
            eth.Destination = OurMac;
            eth.EtherType = EtherType.Ipv4;
            eth.Emit(new EthernetFrame(f, 0, length));
            udp.Emit(new UdpPacket(f, 14 + ip.HeaderLength, udp.BufferLength), source, Us, payload, 0);
            ip.Emit(new Ipv4Packet(f, 14, ip.BufferLength));
            Assert.IsTrue(_link.ToStack.TryEnqueue(f, 0, length, Now));
            Poll();
        }

        /// <summary>The response from <paramref name="server"/>:53 to the query's port.</summary>
        public void Answer(Ipv4Address server, DnsTestMessage m)
        {
            Inject(server, 53, Dns.LocalPort, m.ToArray());
        }

        /// <summary>ICMP destination unreachable (port) from <paramref name="server"/> quoting the
        /// last datagram taken.</summary>
        public void PortUnreachableFrom(Ipv4Address server)
        {
            IcmpRepr icmp = new IcmpRepr();
            icmp.Type = IcmpType.DestinationUnreachable;
            icmp.Code = IcmpType.CodePortUnreachable;
            icmp.DataLength = 28;
            Ipv4Repr ip = Ipv4Repr.Create(server, Us, IpProtocol.Icmp, icmp.BufferLength, 9);
            int length = 14 + ip.BufferLength;
            byte[] f = new byte[length];
            EthernetRepr eth = new EthernetRepr();
            eth.Source = PeerMac;
            eth.Destination = OurMac;
            eth.EtherType = EtherType.Ipv4;
            eth.Emit(new EthernetFrame(f, 0, length));
            icmp.Emit(new IcmpPacket(f, 14 + ip.HeaderLength, icmp.BufferLength), LastFrame, 14);
            ip.Emit(new Ipv4Packet(f, 14, ip.BufferLength));
            Assert.IsTrue(_link.ToStack.TryEnqueue(f, 0, length, Now));
            Poll();
        }

        /// <summary>The question name of the last query (its plain form), for building answers.</summary>
        public ushort LastId
        {
            get { return (ushort)((LastPayload[0] << 8) | LastPayload[1]); }
        }
    }
}
