using System;
using System.Globalization;
using System.IO;
using System.Text;
using NanoStack.Link;
using NanoStack.Wire;

namespace NanoStack.Board.Emulator
{
    /// <summary>
    /// Decorates an <see cref="ILink"/> and writes one line per frame to a <see cref="TextWriter"/>,
    /// in the spirit of tcpdump, for reading a simulation:
    /// <code>
    /// -> 1.500 74 02:00:00:00:00:01 > 02:00:00:00:00:02 IPv4 10.0.0.1 > 10.0.0.2 TCP 49152 > 80 [S] seq=1000 ack=0 win=64240 len=0
    /// &lt;- 1.502 42 02:00:00:00:00:02 > 02:00:00:00:00:01 ARP reply 02:00:00:00:00:02 10.0.0.2 > 02:00:00:00:00:01 10.0.0.1
    /// </code>
    /// Fields: direction (<c>-&gt;</c> transmitted, <c>&lt;-</c> received), virtual time in seconds
    /// with milliseconds, frame length, Ethernet source &gt; destination, then by EtherType: ARP
    /// operation with sender and target hardware and protocol addresses; IPv4 source &gt;
    /// destination and protocol, then for TCP ports, flags (tcpdump letters, '.' for ACK),
    /// sequence and acknowledgment numbers, window and payload length; for UDP ports and payload
    /// length; for ICMP type and code (echo identifier, sequence and data length). Another
    /// EtherType prints as <c>ethertype 0x86dd</c>. A header that does not parse prints
    /// <c>[truncated]</c> or <c>[malformed]</c> where it fails. A transmit the inner link refused is
    /// traced with <c>(refused)</c> appended. Tracing allocates (strings); it is a host tool.
    /// </summary>
    public sealed class TracerLink : ILink
    {
        private readonly ILink _inner;
        private readonly TextWriter _writer;
        private readonly StringBuilder _line = new(256);

        public TracerLink(ILink inner, TextWriter writer)
        {
            ArgumentNullException.ThrowIfNull(inner);
            ArgumentNullException.ThrowIfNull(writer);
            _inner = inner;
            _writer = writer;
        }

        public ILink Inner => _inner;

        public int MaxFrameLength => _inner.MaxFrameLength;

        public int Receive(byte[] buffer, int offset, int count, long nowMs)
        {
            int length = _inner.Receive(buffer, offset, count, nowMs);
            if (length > 0)
            {
                _writer.WriteLine(Describe("<-", buffer, offset, length, nowMs));
            }
            return length;
        }

        public bool Transmit(byte[] buffer, int offset, int length, long nowMs)
        {
            bool sent = _inner.Transmit(buffer, offset, length, nowMs);
            string line = Describe("->", buffer, offset, length, nowMs);
            _writer.WriteLine(sent ? line : line + " (refused)");
            return sent;
        }

        public long PollAt(long nowMs) => _inner.PollAt(nowMs);

        /// <summary>The line traced for a frame (without the newline).</summary>
        public string Describe(string direction, byte[] buffer, int offset, int length, long nowMs)
        {
            StringBuilder s = _line.Clear();
            s.Append(direction).Append(' ');
            AppendTime(s, nowMs);
            s.Append(' ').Append(length.ToString(CultureInfo.InvariantCulture));
            var eth = new EthernetFrame(buffer, offset, length);
            if (eth.CheckLength() != WireStatus.Ok)
            {
                return s.Append(" [truncated]").ToString();
            }
            s.Append(' ').Append(eth.Source.ToString()).Append(" > ").Append(eth.Destination.ToString());
            ushort type = eth.EtherType;
            int payloadOffset = eth.PayloadOffset;
            int payloadLength = eth.PayloadLength;
            switch (type)
            {
                case EtherType.Arp:
                    AppendArp(s, new ArpPacket(buffer, payloadOffset, payloadLength));
                    break;
                case EtherType.Ipv4:
                    AppendIpv4(s, new Ipv4Packet(buffer, payloadOffset, payloadLength));
                    break;
                case EtherType.Ipv6:
                    s.Append(" IPv6");
                    break;
                default:
                    s.Append(" ethertype 0x").Append(type.ToString("x4", CultureInfo.InvariantCulture));
                    break;
            }
            return s.ToString();
        }

        private static void AppendTime(StringBuilder s, long nowMs)
        {
            long ms = nowMs;
            if (ms < 0)
            {
                s.Append('-');
                ms = -ms;
            }
            s.Append((ms / 1000).ToString(CultureInfo.InvariantCulture)).Append('.')
             .Append((ms % 1000).ToString("000", CultureInfo.InvariantCulture));
        }

        // RFC 826.
        private static void AppendArp(StringBuilder s, ArpPacket arp)
        {
            s.Append(" ARP");
            if (arp.CheckLength() != WireStatus.Ok)
            {
                s.Append(" [truncated]");
                return;
            }
            if (arp.HardwareType != ArpPacket.HardwareTypeEthernet || arp.ProtocolType != EtherType.Ipv4
                || arp.HardwareLength != MacAddress.Length || arp.ProtocolLength != Ipv4Address.Length)
            {
                s.Append(" [malformed]");
                return;
            }
            ushort op = arp.Operation;
            s.Append(op switch
            {
                ArpOperation.Request => " request ",
                ArpOperation.Reply => " reply ",
                _ => " op=" + op.ToString(CultureInfo.InvariantCulture) + " ",
            });
            s.Append(arp.SenderHardwareAddress.ToString()).Append(' ').Append(arp.SenderProtocolAddress.ToString())
             .Append(" > ")
             .Append(arp.TargetHardwareAddress.ToString()).Append(' ').Append(arp.TargetProtocolAddress.ToString());
        }

        // RFC 791 §3.1.
        private static void AppendIpv4(StringBuilder s, Ipv4Packet ip)
        {
            s.Append(" IPv4");
            WireStatus status = ip.CheckLength();
            if (status != WireStatus.Ok)
            {
                s.Append(status == WireStatus.Truncated ? " [truncated]" : " [malformed]");
                return;
            }
            if (ip.Version != 4)
            {
                s.Append(" [malformed]");
                return;
            }
            Ipv4Address src = ip.Source;
            Ipv4Address dst = ip.Destination;
            s.Append(' ').Append(src.ToString()).Append(" > ").Append(dst.ToString());
            byte protocol = ip.Protocol;
            if (ip.FragmentOffset != 0)
            {
                s.Append(" proto=").Append(protocol.ToString(CultureInfo.InvariantCulture))
                 .Append(" frag offset=").Append((ip.FragmentOffset * 8).ToString(CultureInfo.InvariantCulture));
                return;
            }
            byte[] buffer = ip.Buffer;
            int offset = ip.PayloadOffset;
            int length = ip.PayloadLength;
            switch (protocol)
            {
                case IpProtocol.Tcp:
                    AppendTcp(s, new TcpSegment(buffer, offset, length));
                    break;
                case IpProtocol.Udp:
                    AppendUdp(s, new UdpPacket(buffer, offset, length));
                    break;
                case IpProtocol.Icmp:
                    AppendIcmp(s, new IcmpPacket(buffer, offset, length));
                    break;
                default:
                    s.Append(" proto=").Append(protocol.ToString(CultureInfo.InvariantCulture));
                    break;
            }
        }

        // RFC 9293 §3.1.
        private static void AppendTcp(StringBuilder s, TcpSegment tcp)
        {
            s.Append(" TCP");
            WireStatus status = tcp.CheckLength();
            if (status != WireStatus.Ok)
            {
                s.Append(status == WireStatus.Truncated ? " [truncated]" : " [malformed]");
                return;
            }
            s.Append(' ').Append(tcp.SourcePort.ToString(CultureInfo.InvariantCulture))
             .Append(" > ").Append(tcp.DestinationPort.ToString(CultureInfo.InvariantCulture))
             .Append(" [");
            byte flags = tcp.Flags;
            int mark = s.Length;
            if ((flags & TcpFlags.Syn) != 0) s.Append('S');
            if ((flags & TcpFlags.Fin) != 0) s.Append('F');
            if ((flags & TcpFlags.Rst) != 0) s.Append('R');
            if ((flags & TcpFlags.Psh) != 0) s.Append('P');
            if ((flags & TcpFlags.Urg) != 0) s.Append('U');
            if ((flags & TcpFlags.Ece) != 0) s.Append('E');
            if ((flags & TcpFlags.Cwr) != 0) s.Append('W');
            if ((flags & TcpFlags.Ack) != 0) s.Append('.');
            if (s.Length == mark) s.Append("none");
            s.Append("] seq=").Append(tcp.SequenceNumber.ToString(CultureInfo.InvariantCulture))
             .Append(" ack=").Append(tcp.AckNumber.ToString(CultureInfo.InvariantCulture))
             .Append(" win=").Append(tcp.Window.ToString(CultureInfo.InvariantCulture))
             .Append(" len=").Append(tcp.PayloadLength.ToString(CultureInfo.InvariantCulture));
        }

        // RFC 768.
        private static void AppendUdp(StringBuilder s, UdpPacket udp)
        {
            s.Append(" UDP");
            WireStatus status = udp.CheckLength();
            if (status != WireStatus.Ok)
            {
                s.Append(status == WireStatus.Truncated ? " [truncated]" : " [malformed]");
                return;
            }
            s.Append(' ').Append(udp.SourcePort.ToString(CultureInfo.InvariantCulture))
             .Append(" > ").Append(udp.DestinationPort.ToString(CultureInfo.InvariantCulture))
             .Append(" len=").Append(udp.PayloadLength.ToString(CultureInfo.InvariantCulture));
        }

        // RFC 792.
        private static void AppendIcmp(StringBuilder s, IcmpPacket icmp)
        {
            s.Append(" ICMP");
            if (icmp.CheckLength() != WireStatus.Ok)
            {
                s.Append(" [truncated]");
                return;
            }
            byte type = icmp.Type;
            if (type == 8 || type == 0)
            {
                s.Append(type == 8 ? " echo request" : " echo reply")
                 .Append(" id=").Append(icmp.Identifier.ToString(CultureInfo.InvariantCulture))
                 .Append(" seq=").Append(icmp.SequenceNumber.ToString(CultureInfo.InvariantCulture))
                 .Append(" len=").Append(icmp.DataLength.ToString(CultureInfo.InvariantCulture));
                return;
            }
            s.Append(" type=").Append(type.ToString(CultureInfo.InvariantCulture))
             .Append(" code=").Append(icmp.Code.ToString(CultureInfo.InvariantCulture));
        }
    }
}
