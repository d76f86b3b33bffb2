using System;
using System.Collections.Generic;
using NanoStack.Board.Emulator;
using NanoStack.Wire;

namespace NanoStack.Host.Tests.Core
{
    /// <summary>
    /// A hostile or hand-driven node on an <see cref="EthernetSegment"/>: it emits hand-built
    /// Ethernet / IPv4 / TCP frames (any addresses, ports, flags and sequence numbers, correct
    /// checksums, built with the Wire reprs) and, as a promiscuous port, sniffs every frame on the
    /// segment. It answers ARP for its own address so that a stack can reach it, and nothing else.
    /// Sending and draining allocate nothing unless <see cref="Record"/> is set.
    /// </summary>
    public sealed class RawTcpPeer
    {
        public readonly EthernetSegment.Port Port;
        public readonly MacAddress Mac;
        public readonly Ipv4Address Address;

        /// <summary>Captured TCP segments (only while <see cref="Record"/> is true).</summary>
        public readonly List<CapturedSegment> Captured = new();

        /// <summary>Copy every TCP segment seen into <see cref="Captured"/>.</summary>
        public bool Record = true;

        /// <summary>Frames of any kind taken from the port.</summary>
        public int FramesSeen;

        /// <summary>TCP segments taken from the port.</summary>
        public int TcpSegmentsSeen;

        /// <summary>ARP requests seen (broadcast, so also those for addresses nobody owns).</summary>
        public int ArpRequestsSeen;

        /// <summary>The last TCP segment seen (kept without allocating) and its source address.</summary>
        public TcpRepr Last;
        public Ipv4Address LastSource;

        private readonly byte[] _tx = new byte[1514];
        private readonly byte[] _rx = new byte[1514];
        private ushort _ipId = 1;

        public RawTcpPeer(EthernetSegment segment, MacAddress mac, Ipv4Address address, bool promiscuous = true)
        {
            Mac = mac;
            Address = address;
            Port = segment.Attach(mac);
            Port.Promiscuous = promiscuous;
        }

        /// <summary>Emits one TCP segment with arbitrary link and network addresses.</summary>
        public void Send(long nowMs, MacAddress srcMac, MacAddress dstMac, Ipv4Address src, Ipv4Address dst, ref TcpRepr tcp, byte[] payload = null, int payloadOffset = 0)
        {
            int tcpOffset = EthernetFrame.HeaderLength + Ipv4Packet.MinHeaderLength;
            int tcpLength = tcp.HeaderLength + tcp.PayloadLength;
            var segment = new TcpSegment(_tx, tcpOffset, tcpLength);
            if (tcp.PayloadLength > 0)
            {
                tcp.Emit(segment, src, dst, payload, payloadOffset);
            }
            else
            {
                tcp.Emit(segment, src, dst);
            }
            Ipv4Repr ip = Ipv4Repr.Create(src, dst, IpProtocol.Tcp, tcpLength, _ipId++);
            ip.Emit(new Ipv4Packet(_tx, EthernetFrame.HeaderLength, ip.BufferLength));
            var eth = new EthernetRepr { Source = srcMac, Destination = dstMac, EtherType = EtherType.Ipv4 };
            int length = EthernetFrame.HeaderLength + ip.BufferLength;
            eth.Emit(new EthernetFrame(_tx, 0, length));
            if (!Port.Transmit(_tx, 0, length, nowMs))
            {
                throw new InvalidOperationException("frame refused by the segment");
            }
        }

        /// <summary>A segment from this peer's own addresses.</summary>
        public void Send(long nowMs, MacAddress dstMac, Ipv4Address dst, ushort srcPort, ushort dstPort, uint seq, uint ack, byte flags,
            ushort window, byte[] payload = null, int offset = 0, int count = 0, ushort mss = 0)
        {
            TcpRepr tcp = Segment(srcPort, dstPort, seq, ack, flags, window, count, mss);
            Send(nowMs, Mac, dstMac, Address, dst, ref tcp, payload, offset);
        }

        /// <summary>A TCP repr with the given fields (and an MSS option when <paramref name="mss"/> ≠ 0).</summary>
        public static TcpRepr Segment(ushort srcPort, ushort dstPort, uint seq, uint ack, byte flags, ushort window, int payloadLength = 0, ushort mss = 0)
        {
            return new TcpRepr
            {
                SourcePort = srcPort,
                DestinationPort = dstPort,
                SequenceNumber = seq,
                AckNumber = ack,
                Flags = flags,
                Window = window,
                PayloadLength = payloadLength,
                HasMss = mss != 0,
                Mss = mss,
            };
        }

        /// <summary>Takes every due frame; answers ARP for <see cref="Address"/>; returns the TCP segments seen.</summary>
        public int Drain(long nowMs)
        {
            int tcpSeen = 0;
            int n;
            while ((n = Port.Receive(_rx, 0, _rx.Length, nowMs)) > 0)
            {
                FramesSeen++;
                var frame = new EthernetFrame(_rx, 0, n);
                if (EthernetRepr.TryParse(frame, out EthernetRepr eth) != WireStatus.Ok)
                {
                    continue;
                }
                if (eth.EtherType == EtherType.Arp)
                {
                    AnswerArp(nowMs, new ArpPacket(_rx, frame.PayloadOffset, frame.PayloadLength));
                    continue;
                }
                if (eth.EtherType != EtherType.Ipv4)
                {
                    continue;
                }
                var packet = new Ipv4Packet(_rx, frame.PayloadOffset, frame.PayloadLength);
                if (Ipv4Repr.TryParse(packet, out Ipv4Repr ip) != WireStatus.Ok || ip.Protocol != IpProtocol.Tcp)
                {
                    continue;
                }
                var view = new TcpSegment(_rx, frame.PayloadOffset + packet.HeaderLength, ip.PayloadLength);
                if (TcpRepr.TryParse(view, ip.Source, ip.Destination, out TcpRepr tcp) != WireStatus.Ok)
                {
                    throw new InvalidOperationException("the stack sent a TCP segment that does not parse");
                }
                tcpSeen++;
                TcpSegmentsSeen++;
                Last = tcp;
                LastSource = ip.Source;
                if (Record)
                {
                    var payload = new byte[tcp.PayloadLength];
                    Array.Copy(_rx, tcp.PayloadOffset, payload, 0, payload.Length);
                    Captured.Add(new CapturedSegment(nowMs, eth.Source, eth.Destination, ip.Source, ip.Destination, tcp, payload));
                }
            }
            return tcpSeen;
        }

        private void AnswerArp(long nowMs, ArpPacket packet)
        {
            if (ArpRepr.TryParse(packet, out ArpRepr arp) != WireStatus.Ok || arp.Operation != ArpOperation.Request)
            {
                return;
            }
            ArpRequestsSeen++;
            if (arp.TargetProtocolAddress != Address)
            {
                return;
            }
            var reply = new ArpRepr
            {
                Operation = ArpOperation.Reply,
                SenderHardwareAddress = Mac,
                SenderProtocolAddress = Address,
                TargetHardwareAddress = arp.SenderHardwareAddress,
                TargetProtocolAddress = arp.SenderProtocolAddress,
            };
            var eth = new EthernetRepr { Source = Mac, Destination = arp.SenderHardwareAddress, EtherType = EtherType.Arp };
            int length = EthernetFrame.HeaderLength + reply.BufferLength;
            eth.Emit(new EthernetFrame(_tx, 0, length));
            reply.Emit(new ArpPacket(_tx, EthernetFrame.HeaderLength, reply.BufferLength));
            Port.Transmit(_tx, 0, length, nowMs);
        }
    }
}
