using NanoStack.Wire;

namespace NanoStack.Dhcp
{
    /// <summary>
    /// A DHCP message (RFC 2131 §2) with the options a client uses (RFC 2132), in both directions:
    /// the client's DISCOVER, REQUEST and RELEASE, and the server's OFFER, ACK and NAK.
    ///
    /// Implementation notes
    /// - A struct of plain fields: <see cref="TryParse"/> fills an <c>out</c> value and allocates
    ///   nothing. Absent options are 0 (<see cref="Ipv4Address.Any"/>, 0 seconds, false): none of
    ///   them is usable as 0 (a lease of 0 s, a server, router or DNS server 0.0.0.0, a mask of
    ///   0.0.0.0 for a host).
    /// - Parsing (RFC 2131 §2, RFC 2132 §2–3): 240 bytes up to the magic cookie 99.130.83.99
    ///   (Truncated, then Malformed for another cookie); op BOOTREQUEST or BOOTREPLY (else
    ///   Malformed); htype 1 and hlen 6 (else Unsupported). Options are walked from byte 240 to the
    ///   end of the datagram: pad (0) is one byte, end (255) stops the walk, every other option has
    ///   a length byte, and both the length byte and the value must lie before the end of the
    ///   datagram (else BadOption), so no read leaves the view. Bytes after the end option are
    ///   padding. A datagram that runs out without an end option is accepted when every option
    ///   fitted. Options we read must have their RFC 2132 length (4 for addresses and times, a
    ///   non-empty multiple of 4 for the router and DNS lists, 1 for the message type; else
    ///   BadOption). Unknown options are skipped by their length. A message without option 53 is
    ///   BOOTP, not DHCP: Malformed.
    /// - Not supported, and said so: option overload (52, RFC 2132 §9.3, options continued in the
    ///   sname and file fields) makes the message Unsupported rather than read with options
    ///   missing; RFC 3396 long options split over several instances are not concatenated: the
    ///   first instance of each option is used and later ones are ignored.
    /// - Kept from lists: the first router (the preferred one, RFC 2132 §3.5) and the first two
    ///   DNS servers (§3.8).
    /// - Client identifier (61): only the form this client sends is represented, type 1 (Ethernet)
    ///   followed by chaddr (RFC 2132 §9.14); another identifier parses with
    ///   <see cref="ClientIdentifier"/> false. The parameter request list (55) is represented as
    ///   present or not; Emit writes this client's list: 1, 3, 6, 51, 54, 58, 59.
    /// - Emit writes the 236 fixed bytes (zeros in the unused chaddr bytes, sname and file), the
    ///   cookie, the options in the order 53, 61, 50, 54, 55, 51, 58, 59, 1, 3, 6, then end, and
    ///   pads with zeros to <see cref="BufferLength"/>, at least 300 bytes (RFC 1542 §2.1). The
    ///   longest message it can write (every option, two DNS servers) is 240 + 80 = 320 bytes.
    /// </summary>
    public struct DhcpRepr
    {
        /// <summary>Options in the parameter request list Emit writes.</summary>
        public const int RequestedParameterCount = 7;

        /// <summary><see cref="DhcpPacket.OpBootRequest"/> or <see cref="DhcpPacket.OpBootReply"/>.</summary>
        public byte Op;
        public uint TransactionId;
        public ushort Seconds;
        /// <summary>The broadcast bit of flags (RFC 2131 §4.1).</summary>
        public bool Broadcast;
        /// <summary>ciaddr.</summary>
        public Ipv4Address ClientAddress;
        /// <summary>yiaddr.</summary>
        public Ipv4Address YourAddress;
        /// <summary>siaddr.</summary>
        public Ipv4Address ServerAddress;
        /// <summary>giaddr.</summary>
        public Ipv4Address RelayAgentAddress;
        /// <summary>chaddr (Ethernet: 6 bytes).</summary>
        public MacAddress ClientHardwareAddress;

        /// <summary>Option 53 (<see cref="DhcpMessageType"/>); always present after a successful parse.</summary>
        public byte MessageType;
        /// <summary>Option 54; Any: absent.</summary>
        public Ipv4Address ServerIdentifier;
        /// <summary>Option 50; Any: absent.</summary>
        public Ipv4Address RequestedAddress;
        /// <summary>Option 61 as type 1 + chaddr.</summary>
        public bool ClientIdentifier;
        /// <summary>Option 55 (Emit writes the client's list).</summary>
        public bool ParameterRequestList;
        /// <summary>Option 1; Any: absent.</summary>
        public Ipv4Address SubnetMask;
        /// <summary>The first address of option 3; Any: absent.</summary>
        public Ipv4Address Router;
        /// <summary>The first address of option 6; Any: absent.</summary>
        public Ipv4Address DnsServer1;
        /// <summary>The second address of option 6; Any: absent.</summary>
        public Ipv4Address DnsServer2;
        /// <summary>Option 51 in seconds (<see cref="DhcpOption.InfiniteLease"/> = infinite); 0: absent.</summary>
        public uint LeaseSeconds;
        /// <summary>Option 58 (T1) in seconds; 0: absent.</summary>
        public uint RenewalSeconds;
        /// <summary>Option 59 (T2) in seconds; 0: absent.</summary>
        public uint RebindingSeconds;

        /// <summary>Bytes of options Emit writes, the end option included.</summary>
        public int OptionsLength
        {
            get
            {
                int n = 3; // message type
                if (ClientIdentifier)
                {
                    n += 2 + 1 + MacAddress.Length;
                }
                if (!RequestedAddress.IsUnspecified)
                {
                    n += 6;
                }
                if (!ServerIdentifier.IsUnspecified)
                {
                    n += 6;
                }
                if (ParameterRequestList)
                {
                    n += 2 + RequestedParameterCount;
                }
                if (LeaseSeconds != 0)
                {
                    n += 6;
                }
                if (RenewalSeconds != 0)
                {
                    n += 6;
                }
                if (RebindingSeconds != 0)
                {
                    n += 6;
                }
                if (!SubnetMask.IsUnspecified)
                {
                    n += 6;
                }
                if (!Router.IsUnspecified)
                {
                    n += 6;
                }
                int dns = DnsServerCount;
                if (dns > 0)
                {
                    n += 2 + 4 * dns;
                }
                return n + 1; // end
            }
        }

        /// <summary>Bytes Emit writes: 240 + options, at least 300 (RFC 1542 §2.1).</summary>
        public int BufferLength
        {
            get
            {
                int n = DhcpPacket.MinLength + OptionsLength;
                return n < DhcpPacket.MinBootpLength ? DhcpPacket.MinBootpLength : n;
            }
        }

        /// <summary>DNS servers present (0, 1 or 2).</summary>
        public int DnsServerCount
        {
            get
            {
                int n = 0;
                if (!DnsServer1.IsUnspecified)
                {
                    n++;
                }
                if (!DnsServer2.IsUnspecified)
                {
                    n++;
                }
                return n;
            }
        }

        /// <summary>
        /// Validates and reads a message (see the implementation notes for every check). Pass the
        /// UDP payload as the view. Returns Ok, Truncated, Malformed, BadOption or Unsupported;
        /// never throws and never reads outside the view.
        /// </summary>
        public static WireStatus TryParse(DhcpPacket packet, out DhcpRepr repr)
        {
            repr = new DhcpRepr();
            WireStatus status = packet.CheckLength();
            if (status != WireStatus.Ok)
            {
                return status;
            }
            byte op = packet.Op;
            if (op != DhcpPacket.OpBootRequest && op != DhcpPacket.OpBootReply)
            {
                return WireStatus.Malformed;
            }
            if (packet.MagicCookie != DhcpPacket.MagicCookieValue)
            {
                return WireStatus.Malformed; // RFC 2131 §3: options start with 99.130.83.99
            }
            if (packet.HardwareType != DhcpPacket.HardwareTypeEthernet || packet.HardwareLength != MacAddress.Length)
            {
                return WireStatus.Unsupported;
            }
            repr.Op = op;
            repr.TransactionId = packet.TransactionId;
            repr.Seconds = packet.Seconds;
            repr.Broadcast = (packet.Flags & DhcpPacket.FlagBroadcast) != 0;
            repr.ClientAddress = packet.ClientAddress;
            repr.YourAddress = packet.YourAddress;
            repr.ServerAddress = packet.ServerAddress;
            repr.RelayAgentAddress = packet.RelayAgentAddress;
            repr.ClientHardwareAddress = packet.ClientHardwareAddress;

            byte[] b = packet.Buffer;
            int i = packet.OptionsOffset;
            int end = packet.Offset + packet.Length;
            bool overload = false;
            bool seenMask = false, seenRouter = false, seenDns = false, seenClientId = false;
            while (i < end)
            {
                byte code = b[i];
                if (code == DhcpOption.Pad)
                {
                    i++; // RFC 2132 §3.1: a single byte
                    continue;
                }
                if (code == DhcpOption.End)
                {
                    break; // RFC 2132 §3.2: what follows is padding
                }
                // RFC 2132 §2: code, length, value; both the length and the value must be here.
                if (end - i < 2)
                {
                    return WireStatus.BadOption;
                }
                int len = b[i + 1];
                int v = i + 2;
                if (len > end - v)
                {
                    return WireStatus.BadOption;
                }
                switch (code)
                {
                    case DhcpOption.MessageType:
                        if (len != 1)
                        {
                            return WireStatus.BadOption;
                        }
                        if (repr.MessageType == DhcpMessageType.None)
                        {
                            repr.MessageType = b[v];
                        }
                        break;
                    case DhcpOption.SubnetMask:
                        if (len != 4)
                        {
                            return WireStatus.BadOption;
                        }
                        if (!seenMask)
                        {
                            seenMask = true;
                            repr.SubnetMask = Ipv4Address.Read(b, v);
                        }
                        break;
                    case DhcpOption.Router:
                        if (len == 0 || (len & 3) != 0)
                        {
                            return WireStatus.BadOption;
                        }
                        if (!seenRouter)
                        {
                            seenRouter = true;
                            repr.Router = Ipv4Address.Read(b, v);
                        }
                        break;
                    case DhcpOption.DomainNameServer:
                        if (len == 0 || (len & 3) != 0)
                        {
                            return WireStatus.BadOption;
                        }
                        if (!seenDns)
                        {
                            seenDns = true;
                            repr.DnsServer1 = Ipv4Address.Read(b, v);
                            if (len >= 8)
                            {
                                repr.DnsServer2 = Ipv4Address.Read(b, v + 4);
                            }
                        }
                        break;
                    case DhcpOption.RequestedAddress:
                        if (len != 4)
                        {
                            return WireStatus.BadOption;
                        }
                        if (repr.RequestedAddress.IsUnspecified)
                        {
                            repr.RequestedAddress = Ipv4Address.Read(b, v);
                        }
                        break;
                    case DhcpOption.ServerIdentifier:
                        if (len != 4)
                        {
                            return WireStatus.BadOption;
                        }
                        if (repr.ServerIdentifier.IsUnspecified)
                        {
                            repr.ServerIdentifier = Ipv4Address.Read(b, v);
                        }
                        break;
                    case DhcpOption.LeaseTime:
                        if (len != 4)
                        {
                            return WireStatus.BadOption;
                        }
                        if (repr.LeaseSeconds == 0)
                        {
                            repr.LeaseSeconds = BigEndian.ReadUInt32(b, v);
                        }
                        break;
                    case DhcpOption.RenewalTime:
                        if (len != 4)
                        {
                            return WireStatus.BadOption;
                        }
                        if (repr.RenewalSeconds == 0)
                        {
                            repr.RenewalSeconds = BigEndian.ReadUInt32(b, v);
                        }
                        break;
                    case DhcpOption.RebindingTime:
                        if (len != 4)
                        {
                            return WireStatus.BadOption;
                        }
                        if (repr.RebindingSeconds == 0)
                        {
                            repr.RebindingSeconds = BigEndian.ReadUInt32(b, v);
                        }
                        break;
                    case DhcpOption.Overload:
                        if (len != 1)
                        {
                            return WireStatus.BadOption;
                        }
                        overload = true;
                        break;
                    case DhcpOption.ParameterRequestList:
                        if (len == 0)
                        {
                            return WireStatus.BadOption; // RFC 2132 §9.8: minimum length 1
                        }
                        repr.ParameterRequestList = true;
                        break;
                    case DhcpOption.ClientIdentifier:
                        if (len < 2)
                        {
                            return WireStatus.BadOption; // RFC 2132 §9.14: minimum length 2
                        }
                        if (!seenClientId)
                        {
                            seenClientId = true;
                            repr.ClientIdentifier = len == 1 + MacAddress.Length && b[v] == DhcpPacket.HardwareTypeEthernet
                                && MacAddress.Read(b, v + 1) == repr.ClientHardwareAddress;
                        }
                        break;
                }
                i = v + len;
            }
            if (overload)
            {
                return WireStatus.Unsupported; // RFC 2132 §9.3: options in sname/file are not read
            }
            if (repr.MessageType == DhcpMessageType.None)
            {
                return WireStatus.Malformed; // RFC 2131 §3: every DHCP message carries option 53
            }
            return WireStatus.Ok;
        }

        /// <summary>
        /// Writes <see cref="BufferLength"/> bytes: fixed part, cookie, options, end, zero padding.
        /// The view must be at least that long (a caller bug otherwise: ArgumentException).
        /// </summary>
        public void Emit(DhcpPacket packet)
        {
            int length = BufferLength;
            Args.CheckRoom(packet.Length, length);
            byte[] b = packet.Buffer;
            int o = packet.Offset;
            System.Array.Clear(b, o, length);
            packet.Op = Op;
            packet.HardwareType = DhcpPacket.HardwareTypeEthernet;
            packet.HardwareLength = MacAddress.Length;
            packet.Hops = 0;
            packet.TransactionId = TransactionId;
            packet.Seconds = Seconds;
            packet.Flags = Broadcast ? DhcpPacket.FlagBroadcast : (ushort)0;
            packet.ClientAddress = ClientAddress;
            packet.YourAddress = YourAddress;
            packet.ServerAddress = ServerAddress;
            packet.RelayAgentAddress = RelayAgentAddress;
            packet.ClientHardwareAddress = ClientHardwareAddress;
            packet.MagicCookie = DhcpPacket.MagicCookieValue;

            int i = packet.OptionsOffset;
            b[i++] = DhcpOption.MessageType;
            b[i++] = 1;
            b[i++] = MessageType;
            if (ClientIdentifier)
            {
                // RFC 2132 §9.14: type 1 (Ethernet, RFC 1700) + the hardware address.
                b[i++] = DhcpOption.ClientIdentifier;
                b[i++] = 1 + MacAddress.Length;
                b[i++] = DhcpPacket.HardwareTypeEthernet;
                ClientHardwareAddress.Write(b, i);
                i += MacAddress.Length;
            }
            i = PutAddress(b, i, DhcpOption.RequestedAddress, RequestedAddress);
            i = PutAddress(b, i, DhcpOption.ServerIdentifier, ServerIdentifier);
            if (ParameterRequestList)
            {
                b[i++] = DhcpOption.ParameterRequestList;
                b[i++] = RequestedParameterCount;
                b[i++] = DhcpOption.SubnetMask;
                b[i++] = DhcpOption.Router;
                b[i++] = DhcpOption.DomainNameServer;
                b[i++] = DhcpOption.LeaseTime;
                b[i++] = DhcpOption.ServerIdentifier;
                b[i++] = DhcpOption.RenewalTime;
                b[i++] = DhcpOption.RebindingTime;
            }
            i = PutSeconds(b, i, DhcpOption.LeaseTime, LeaseSeconds);
            i = PutSeconds(b, i, DhcpOption.RenewalTime, RenewalSeconds);
            i = PutSeconds(b, i, DhcpOption.RebindingTime, RebindingSeconds);
            i = PutAddress(b, i, DhcpOption.SubnetMask, SubnetMask);
            i = PutAddress(b, i, DhcpOption.Router, Router);
            int dns = DnsServerCount;
            if (dns > 0)
            {
                b[i++] = DhcpOption.DomainNameServer;
                b[i++] = (byte)(4 * dns);
                if (!DnsServer1.IsUnspecified)
                {
                    DnsServer1.Write(b, i);
                    i += 4;
                }
                if (!DnsServer2.IsUnspecified)
                {
                    DnsServer2.Write(b, i);
                    i += 4;
                }
            }
            b[i] = DhcpOption.End; // the rest up to BufferLength stays 0 (pad)
        }

        private static int PutAddress(byte[] b, int i, byte code, Ipv4Address value)
        {
            if (value.IsUnspecified)
            {
                return i;
            }
            b[i] = code;
            b[i + 1] = 4;
            value.Write(b, i + 2);
            return i + 6;
        }

        private static int PutSeconds(byte[] b, int i, byte code, uint value)
        {
            if (value == 0)
            {
                return i;
            }
            b[i] = code;
            b[i + 1] = 4;
            BigEndian.WriteUInt32(b, i + 2, value);
            return i + 6;
        }
    }
}
