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
using NanoStack.Dhcp;
using NanoStack.Iface;
using NanoStack.Link;
using NanoStack.Wire;

namespace NanoStack.Tests.Core
{
    /// <summary>
    /// Exact-datagram bench for a <see cref="DhcpClient"/> on a real <see cref="Interface"/>
    /// (DESIGN.md principle 14). The bench plays the server and the network: it injects Ethernet
    /// frames carrying DHCP replies, takes every frame the interface transmits, answers ARP for
    /// the server by itself, and hands DHCP datagrams back with their Ethernet, IPv4 and UDP
    /// addressing for the tests to assert.
    /// </summary>
    internal sealed class DhcpBench
    {
        public static readonly MacAddress ClientMac = new MacAddress(0x02, 0x00, 0x5E, 0x10, 0x20, 0x30);
        public static readonly MacAddress ServerMac = new MacAddress(0x02, 0x00, 0x5E, 0x00, 0x00, 0x01);
        public static readonly Ipv4Address Server = new Ipv4Address(192, 0, 2, 1);
        public static readonly Ipv4Address Offered = new Ipv4Address(192, 0, 2, 50);
        public static readonly Ipv4Address Mask = new Ipv4Address(255, 255, 255, 0);
        public static readonly Ipv4Address Dns1 = new Ipv4Address(192, 0, 2, 53);
        public static readonly Ipv4Address Dns2 = new Ipv4Address(198, 51, 100, 53);
        public const uint LeaseSeconds = 3600;

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

        /// <summary>One datagram the client sent, with its addressing.</summary>
        public sealed class Datagram
        {
            public MacAddress EthernetSource;
            public MacAddress EthernetDestination;
            public Ipv4Address Source;
            public Ipv4Address Destination;
            public ushort SourcePort;
            public ushort DestinationPort;
            public byte[] Payload;
            public long AtMs;

            public DhcpRepr Parse()
            {
                DhcpRepr m;
                Assert.AreEqual((int)WireStatus.Ok, (int)DhcpRepr.TryParse(new DhcpPacket(Payload, 0, Payload.Length), out m), "the client's message parses");
                return m;
            }
        }

        private readonly BenchLink _link = new BenchLink();
        private readonly byte[] _frame = new byte[1514];
        private readonly byte[] _message = new byte[600];

        public readonly Interface Iface;
        public readonly DhcpClient Client;
        public long Now = 1000;
        public int ArpRequestsAnswered;

        public DhcpBench(IEntropySource clientEntropy) : this(clientEntropy, new DhcpLimits())
        {
        }

        public DhcpBench(IEntropySource clientEntropy, DhcpLimits limits)
        {
            Iface = new Interface(new StackLimits(), _link, ClientMac, new SeededEntropySource(77));
            Client = new DhcpClient(Iface, clientEntropy, limits);
        }

        /// <summary>Starts the client and takes the DISCOVER it sends at once.</summary>
        public Datagram Start()
        {
            Assert.IsTrue(Client.Start(Now));
            Poll();
            return Expect();
        }

        /// <summary>The application's loop at <see cref="Now"/>: interface, then client, until quiet.</summary>
        public void Poll()
        {
            for (int i = 0; i < 16; i++)
            {
                bool a = Iface.Poll(Now);
                bool b = Client.Poll(Now);
                if (!a && !b)
                {
                    return;
                }
            }
        }

        /// <summary>Moves to the client's next deadline and polls.</summary>
        public void RunToNextDeadline()
        {
            long at = Client.PollAt(Now);
            Assert.IsTrue(at != long.MaxValue, "the client has a deadline");
            Assert.IsTrue(at >= Now, "deadlines never lie in the past");
            Now = at;
            Poll();
        }

        // ------------------------------------------------------------- egress (client → bench)

        /// <summary>The next DHCP datagram the client sent; ARP requests for the server are answered on the way.</summary>
        public Datagram Expect()
        {
            Datagram d = TryTake();
            Assert.IsNotNull(d, "a datagram from the client");
            return d;
        }

        /// <summary>Asserts the client sent nothing (ARP answered on the way).</summary>
        public void ExpectNothing()
        {
            Datagram d = TryTake();
            Assert.IsNull(d, "nothing from the client");
        }

        private Datagram TryTake()
        {
            while (!_link.FromStack.IsEmpty)
            {
                long at = _link.FromStack.PeekDue();
                int n = _link.FromStack.CopyHead(_frame, 0);
                _link.FromStack.RemoveHead();
                EthernetRepr eth;
                Assert.AreEqual((int)WireStatus.Ok, (int)EthernetRepr.TryParse(new EthernetFrame(_frame, 0, n), out eth));
                if (eth.EtherType == EtherType.Arp)
                {
                    AnswerArp(n);
                    continue;
                }
                Assert.AreEqual((int)EtherType.Ipv4, (int)eth.EtherType);
                Ipv4Repr ip;
                Assert.AreEqual((int)WireStatus.Ok, (int)Ipv4Repr.TryParse(new Ipv4Packet(_frame, 14, n - 14), out ip));
                Assert.AreEqual((int)IpProtocol.Udp, (int)ip.Protocol);
                UdpRepr udp;
                Assert.AreEqual((int)WireStatus.Ok, (int)UdpRepr.TryParse(new UdpPacket(_frame, 34, ip.PayloadLength), ip.Source, ip.Destination, out udp), "UDP checksum verifies");
                Datagram d = new Datagram();
                d.EthernetSource = eth.Source;
                d.EthernetDestination = eth.Destination;
                d.Source = ip.Source;
                d.Destination = ip.Destination;
                d.SourcePort = udp.SourcePort;
                d.DestinationPort = udp.DestinationPort;
                d.AtMs = at;
                d.Payload = new byte[udp.PayloadLength];
                System.Array.Copy(_frame, udp.PayloadOffset, d.Payload, 0, udp.PayloadLength);
                return d;
            }
            return null;
        }

        private void AnswerArp(int n)
        {
            ArpRepr arp;
            Assert.AreEqual((int)WireStatus.Ok, (int)ArpRepr.TryParse(new ArpPacket(_frame, 14, n - 14), out arp));
            Assert.AreEqual((int)ArpOperation.Request, (int)arp.Operation);
            Assert.IsTrue(arp.TargetProtocolAddress == Server, "the client resolves only the server");
            byte[] reply = new byte[42];
            EthernetRepr eth = new EthernetRepr();
            eth.Source = ServerMac;
            eth.Destination = arp.SenderHardwareAddress;
            eth.EtherType = EtherType.Arp;
            eth.Emit(new EthernetFrame(reply, 0, 42));
            ArpRepr answer = new ArpRepr();
            answer.Operation = ArpOperation.Reply;
            answer.SenderHardwareAddress = ServerMac;
            answer.SenderProtocolAddress = Server;
            answer.TargetHardwareAddress = arp.SenderHardwareAddress;
            answer.TargetProtocolAddress = arp.SenderProtocolAddress;
            answer.Emit(new ArpPacket(reply, 14, 28));
            Assert.IsTrue(_link.ToStack.TryEnqueue(reply, 0, 42, Now));
            ArpRequestsAnswered++;
            Poll(); // the held datagram goes out and lands in FromStack
        }

        // ------------------------------------------------------------- ingress (bench → client)

        /// <summary>An OFFER of <see cref="Offered"/>/24 with router, two DNS servers and a 3600 s lease.</summary>
        public DhcpRepr Offer(uint xid)
        {
            DhcpRepr m = Reply(xid, DhcpMessageType.Offer);
            m.YourAddress = Offered;
            m.SubnetMask = Mask;
            m.Router = Server;
            m.DnsServer1 = Dns1;
            m.DnsServer2 = Dns2;
            m.LeaseSeconds = LeaseSeconds;
            return m;
        }

        /// <summary>The ACK matching <see cref="Offer"/>.</summary>
        public DhcpRepr Ack(uint xid)
        {
            DhcpRepr m = Offer(xid);
            m.MessageType = DhcpMessageType.Ack;
            return m;
        }

        public DhcpRepr Nak(uint xid)
        {
            return Reply(xid, DhcpMessageType.Nak);
        }

        private static DhcpRepr Reply(uint xid, byte type)
        {
            DhcpRepr m = new DhcpRepr();
            m.Op = DhcpPacket.OpBootReply;
            m.TransactionId = xid;
            m.ClientHardwareAddress = ClientMac;
            m.MessageType = type;
            m.ServerIdentifier = Server;
            return m;
        }

        /// <summary>Sends <paramref name="m"/> from the server to 255.255.255.255:68 and polls.</summary>
        public void Send(DhcpRepr m)
        {
            int n = m.BufferLength;
            m.Emit(new DhcpPacket(_message, 0, n));
            SendRaw(_message, n, Ipv4Address.Broadcast, DhcpClient.ServerPort);
        }

        /// <summary>Sends <paramref name="m"/> unicast to <paramref name="destination"/> (our MAC) and polls.</summary>
        public void SendTo(DhcpRepr m, Ipv4Address destination)
        {
            int n = m.BufferLength;
            m.Emit(new DhcpPacket(_message, 0, n));
            SendRaw(_message, n, destination, DhcpClient.ServerPort);
        }

        /// <summary>Sends arbitrary bytes as the UDP payload of a datagram from the server and polls.</summary>
        public void SendRaw(byte[] payload, int length, Ipv4Address destination, ushort sourcePort)
        {
            UdpRepr udp = new UdpRepr();
            udp.SourcePort = sourcePort;
            udp.DestinationPort = DhcpClient.ClientPort;
            udp.PayloadLength = length;
            Ipv4Repr ip = Ipv4Repr.Create(Server, destination, IpProtocol.Udp, udp.BufferLength, 9);
            EthernetRepr eth = new EthernetRepr();
            eth.Source = ServerMac;
            eth.Destination = destination.IsBroadcast ? MacAddress.Broadcast : ClientMac;
            eth.EtherType = EtherType.Ipv4;
            int total = 14 + ip.BufferLength;
            byte[] frame = new byte[total];
            eth.Emit(new EthernetFrame(frame, 0, total));
            udp.Emit(new UdpPacket(frame, 34, udp.BufferLength), Server, destination, payload, 0);
            ip.Emit(new Ipv4Packet(frame, 14, ip.BufferLength));
            Assert.IsTrue(_link.ToStack.TryEnqueue(frame, 0, total, Now));
            Poll();
        }

        /// <summary>
        /// A 300-byte client message written by hand from RFC 2131 §2 (independent of
        /// <see cref="DhcpRepr.Emit"/>): op 1, htype 1, hlen 6, the given xid, secs and ciaddr,
        /// our MAC in chaddr, the cookie, then <paramref name="options"/> and zero padding.
        /// </summary>
        public static byte[] Expected(uint xid, ushort secs, Ipv4Address ciaddr, byte[] options)
        {
            byte[] e = new byte[300];
            e[0] = 1;
            e[1] = 1;
            e[2] = 6;
            e[4] = (byte)(xid >> 24);
            e[5] = (byte)(xid >> 16);
            e[6] = (byte)(xid >> 8);
            e[7] = (byte)xid;
            e[8] = (byte)(secs >> 8);
            e[9] = (byte)secs;
            for (int i = 0; i < 4; i++)
            {
                e[12 + i] = ciaddr.GetOctet(i);
            }
            for (int i = 0; i < 6; i++)
            {
                e[28 + i] = ClientMac.GetOctet(i);
            }
            e[236] = 99;
            e[237] = 130;
            e[238] = 83;
            e[239] = 99;
            for (int i = 0; i < options.Length; i++)
            {
                e[240 + i] = options[i];
            }
            return e;
        }

        /// <summary>The byte arrays joined.</summary>
        public static byte[] Join(params byte[][] parts)
        {
            int n = 0;
            for (int i = 0; i < parts.Length; i++)
            {
                n += parts[i].Length;
            }
            byte[] all = new byte[n];
            int o = 0;
            for (int i = 0; i < parts.Length; i++)
            {
                System.Array.Copy(parts[i], 0, all, o, parts[i].Length);
                o += parts[i].Length;
            }
            return all;
        }

        /// <summary>Option 61: type 1 + our MAC.</summary>
        public static byte[] ClientIdOption()
        {
            return new byte[] { 61, 7, 1, 0x02, 0x00, 0x5E, 0x10, 0x20, 0x30 };
        }

        /// <summary>Option 55: 1, 3, 6, 51, 54, 58, 59.</summary>
        public static byte[] ParameterListOption()
        {
            return new byte[] { 55, 7, 1, 3, 6, 51, 54, 58, 59 };
        }

        /// <summary>Runs DISCOVER, OFFER, REQUEST, ACK; returns the REQUEST's time (the lease's start).</summary>
        public long Bind()
        {
            Datagram discover = Start();
            uint xid = discover.Parse().TransactionId;
            Send(Offer(xid));
            Datagram request = Expect();
            Send(Ack(xid));
            Assert.AreEqual((int)DhcpState.Bound, (int)Client.State);
            return request.AtMs;
        }
    }

    /// <summary>
    /// Entropy that returns a script of 32-bit values, big-endian, one per 4 bytes asked for
    /// (cycling): the client draws one value per xid, jitter and start delay.
    /// </summary>
    internal sealed class ScriptedEntropy : IEntropySource
    {
        private readonly uint[] _values;
        private int _next;

        public ScriptedEntropy(params uint[] values)
        {
            _values = values;
        }

        /// <summary>Values drawn so far.</summary>
        public int Drawn { get { return _next; } }

        public void GetBytes(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i += 4)
            {
                uint v = _values[_next % _values.Length];
                _next++;
                for (int k = 0; k < 4 && i + k < count; k++)
                {
                    buffer[offset + i + k] = (byte)(v >> (24 - 8 * k));
                }
            }
        }
    }
}
