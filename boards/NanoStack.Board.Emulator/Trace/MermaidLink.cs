using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using NanoStack.Dhcp;
using NanoStack.Dns;
using NanoStack.Link;
using NanoStack.Wire;

namespace NanoStack.Board.Emulator.Trace
{
    /// <summary>
    /// Decorates the device's link and records the exchange as a Mermaid <c>sequenceDiagram</c>:
    /// one arrow per frame between the device and the peer (named by IPv4 address), labelled with
    /// what the frame is: ARP, DHCP message type (RFC 2132 §9.6), DNS question, TCP flags and
    /// payload (TLS record type when the payload starts with a TLS record header). Notes can be
    /// added (TCP states, TLS milestones). A host tool: it allocates.
    /// </summary>
    public sealed class MermaidLink : ILink
    {
        /// <summary>Arrows beyond this many are counted, not drawn (a lossy run can be long).</summary>
        public const int MaxArrows = 400;

        private readonly ILink _inner;
        private readonly Dictionary<uint, string> _names = new Dictionary<uint, string>();
        private readonly List<string> _lines = new List<string>();
        private readonly List<string> _participants = new List<string>();
        private readonly string _device;
        private int _arrows;

        public MermaidLink(ILink inner, string deviceName)
        {
            ArgumentNullException.ThrowIfNull(inner);
            _inner = inner;
            _device = Id(deviceName);
            _participants.Add("    participant " + _device + " as " + deviceName);
        }

        public int MaxFrameLength => _inner.MaxFrameLength;

        /// <summary>Arrows recorded (drawn or counted).</summary>
        public int Arrows => _arrows;

        /// <summary>Names a peer; frames to or from it get its own lifeline.</summary>
        public void Name(Ipv4Address address, string name)
        {
            _names[address.Value] = Id(name);
            _participants.Add("    participant " + Id(name) + " as " + name);
        }

        /// <summary>Adds a note over the device's lifeline.</summary>
        public void Note(string text)
        {
            if (_arrows < MaxArrows)
            {
                _lines.Add("    Note over " + _device + ": " + Clean(text));
            }
        }

        public int Receive(byte[] buffer, int offset, int count, long nowMs)
        {
            int n = _inner.Receive(buffer, offset, count, nowMs);
            if (n > 0)
            {
                Record(false, buffer, offset, n);
            }
            return n;
        }

        public bool Transmit(byte[] buffer, int offset, int length, long nowMs)
        {
            bool sent = _inner.Transmit(buffer, offset, length, nowMs);
            if (sent)
            {
                Record(true, buffer, offset, length);
            }
            return sent;
        }

        public long PollAt(long nowMs) => _inner.PollAt(nowMs);

        /// <summary>The diagram text.</summary>
        public string Render()
        {
            var sb = new StringBuilder();
            sb.AppendLine("sequenceDiagram");
            foreach (string p in _participants)
            {
                sb.AppendLine(p);
            }
            foreach (string line in _lines)
            {
                sb.AppendLine(line);
            }
            if (_arrows > MaxArrows)
            {
                sb.AppendLine("    Note over " + _device + ": " + (_arrows - MaxArrows) + " more frames not drawn");
            }
            return sb.ToString();
        }

        public void WriteTo(string path) => File.WriteAllText(path, Render());

        private void Record(bool outgoing, byte[] b, int offset, int length)
        {
            string label;
            uint peer;
            if (!Describe(b, offset, length, outgoing, out peer, out label))
            {
                return;
            }
            if (!_names.TryGetValue(peer, out string other))
            {
                other = Id("Host " + new Ipv4Address(peer));
                _names[peer] = other;
                _participants.Add("    participant " + other + " as " + new Ipv4Address(peer));
            }
            _arrows++;
            if (_arrows > MaxArrows)
            {
                return;
            }
            _lines.Add(outgoing
                ? "    " + _device + "->>" + other + ": " + Clean(label)
                : "    " + other + "->>" + _device + ": " + Clean(label));
        }

        private static bool Describe(byte[] b, int o, int length, bool outgoing, out uint peer, out string label)
        {
            peer = 0;
            label = null;
            if (length < 14)
            {
                return false;
            }
            int etherType = (b[o + 12] << 8) | b[o + 13];
            if (etherType == 0x0806 && length >= 42)
            {
                int op = (b[o + 20] << 8) | b[o + 21];
                uint sender = BigEndian.ReadUInt32(b, o + 28);
                uint target = BigEndian.ReadUInt32(b, o + 38);
                peer = outgoing ? target : sender;
                label = op == 1 ? "ARP who-has " + new Ipv4Address(target) : "ARP " + new Ipv4Address(sender) + " is-at";
                return true;
            }
            if (etherType != 0x0800 || length < 34)
            {
                return false;
            }
            int ip = o + 14;
            int ihl = (b[ip] & 0x0F) * 4;
            int total = (b[ip + 2] << 8) | b[ip + 3];
            int protocol = b[ip + 9];
            uint source = BigEndian.ReadUInt32(b, ip + 12);
            uint destination = BigEndian.ReadUInt32(b, ip + 16);
            peer = outgoing ? destination : source;
            int l4 = ip + ihl;
            int end = Math.Min(o + length, ip + total);
            if (protocol == 17 && end - l4 >= 8)
            {
                int sport = (b[l4] << 8) | b[l4 + 1];
                int dport = (b[l4 + 2] << 8) | b[l4 + 3];
                int data = l4 + 8;
                if (sport == 67 || sport == 68 || dport == 67 || dport == 68)
                {
                    label = "DHCP " + DhcpType(b, data, end);
                    if (peer == 0xFFFFFFFF || peer == 0)
                    {
                        // Broadcast: draw it against the DHCP server's lifeline when named.
                        peer = outgoing ? 0xFFFFFFFF : source;
                    }
                }
                else if (sport == 53 || dport == 53)
                {
                    label = DnsLabel(b, data, end);
                }
                else
                {
                    label = "UDP " + sport + " to " + dport + ", " + (end - data) + " bytes";
                }
                return true;
            }
            if (protocol == 6 && end - l4 >= 20)
            {
                int flags = b[l4 + 13];
                int dataOffset = (b[l4 + 12] >> 4) * 4;
                int payload = end - (l4 + dataOffset);
                var names = new List<string>();
                if ((flags & 0x02) != 0) names.Add("SYN");
                if ((flags & 0x01) != 0) names.Add("FIN");
                if ((flags & 0x04) != 0) names.Add("RST");
                if ((flags & 0x10) != 0) names.Add("ACK");
                string text = "TCP " + string.Join(", ", names);
                if (payload > 0)
                {
                    int p = l4 + dataOffset;
                    text += ", " + payload + " bytes";
                    if (payload >= 5 && b[p + 1] == 3 && b[p + 2] == 3 && b[p] >= 20 && b[p] <= 23)
                    {
                        text += " (TLS " + (b[p] == 20 ? "ChangeCipherSpec" : b[p] == 21 ? "Alert" : b[p] == 22 ? "Handshake" : "ApplicationData") + ")";
                    }
                }
                label = text;
                return true;
            }
            if (protocol == 1 && end - l4 >= 8)
            {
                label = "ICMP type " + b[l4] + " code " + b[l4 + 1];
                return true;
            }
            return false;
        }

        private static string DhcpType(byte[] b, int p, int end)
        {
            // The device's own parser reads option 53 (RFC 2132 §9.6).
            if (DhcpRepr.TryParse(new DhcpPacket(b, p, end - p), out DhcpRepr dhcp) != WireStatus.Ok)
            {
                return "message";
            }
            return dhcp.MessageType switch
            {
                DhcpMessageType.Discover => "DISCOVER", DhcpMessageType.Offer => "OFFER", DhcpMessageType.Request => "REQUEST",
                DhcpMessageType.Decline => "DECLINE", DhcpMessageType.Ack => "ACK", DhcpMessageType.Nak => "NAK",
                DhcpMessageType.Release => "RELEASE", DhcpMessageType.Inform => "INFORM", _ => "type " + dhcp.MessageType,
            };
        }

        private static string DnsLabel(byte[] b, int p, int end)
        {
            var dns = new DnsPacket(b, p, end - p);
            if (dns.CheckLength() != DnsWireStatus.Ok)
            {
                return "DNS (short)";
            }
            // The question name, read by the device's own name reader (compression-safe).
            var name = new byte[DnsName.MaxLength];
            string text = DnsName.Read(b, p, end - p, dns.QuestionOffset, name, 0, out int length, out _) == DnsWireStatus.Ok
                ? DnsName.ToText(name, 0, length) : "(bad name)";
            if (!dns.IsResponse)
            {
                return "DNS query A " + text;
            }
            return dns.Rcode == 0 ? "DNS answer " + text + ", " + dns.AnswerCount + " record(s)" : "DNS answer " + text + ", rcode " + dns.Rcode;
        }

        private static string Id(string name)
        {
            var sb = new StringBuilder();
            foreach (char c in name)
            {
                sb.Append(char.IsLetterOrDigit(c) ? c : '_');
            }
            return sb.ToString();
        }

        private static string Clean(string text) => text.Replace(";", ",").Replace("#", "").Replace("\n", " ");
    }
}
