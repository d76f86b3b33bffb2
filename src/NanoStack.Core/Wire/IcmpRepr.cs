namespace NanoStack.Wire
{
    /// <summary>
    /// The ICMPv4 messages the stack handles (RFC 792): echo request and reply, destination
    /// unreachable and time exceeded. Others parse as <see cref="WireStatus.Unsupported"/>.
    ///
    /// Implementation notes
    /// - The checksum is verified over the whole message before the type is looked at.
    /// - Errors (types 3 and 11) must quote an IPv4 header (version 4, IHL ≥ 5, RFC 792) and
    ///   at least the first 8 bytes of the original datagram's payload (RFC 1122 §3.2.2):
    ///   the quoted source, destination, protocol and those 8 bytes (ports, and for TCP the
    ///   sequence number) let the interface deliver the error to the right socket
    ///   (RFC 1122 §4.1.3.3, RFC 9293 §3.9.2). A shorter quote is Truncated; a quote that is not
    ///   IPv4 is Malformed. The quoted header's checksum is not checked (routers rewrite TTL).
    /// - Emit contract as in <see cref="UdpRepr"/>: the data (echo data, or the quoted datagram
    ///   for an error) is either already at <c>packet.DataOffset</c> or copied from a given range.
    ///   The checksum covers 8 + <see cref="DataLength"/> bytes.
    /// </summary>
    public struct IcmpRepr
    {
        public byte Type;
        public byte Code;
        /// <summary>Echo only.</summary>
        public ushort Identifier;
        /// <summary>Echo only.</summary>
        public ushort SequenceNumber;
        /// <summary>Destination unreachable code 4 only (RFC 1191 §4); 0 otherwise.</summary>
        public ushort NextHopMtu;
        /// <summary>After parsing: absolute offset of the data in the parsed view's buffer.</summary>
        public int DataOffset;
        /// <summary>Bytes after the 8-byte header.</summary>
        public int DataLength;

        // The quoted datagram of an error (valid when IsError).
        public Ipv4Address QuotedSource;
        public Ipv4Address QuotedDestination;
        public byte QuotedProtocol;
        /// <summary>Absolute offset of the quoted transport header's first 8 bytes.</summary>
        public int QuotedTransportOffset;
        /// <summary>First two bytes of the quoted transport header (UDP/TCP source port).</summary>
        public ushort QuotedSourcePort;
        /// <summary>Bytes 2..3 of the quoted transport header (UDP/TCP destination port).</summary>
        public ushort QuotedDestinationPort;
        /// <summary>Bytes 4..7 of the quoted transport header (the TCP sequence number).</summary>
        public uint QuotedSequenceNumber;

        /// <summary>An echo request or reply.</summary>
        public static IcmpRepr Echo(byte type, ushort identifier, ushort sequenceNumber, int dataLength)
        {
            IcmpRepr r = new IcmpRepr();
            r.Type = type;
            r.Identifier = identifier;
            r.SequenceNumber = sequenceNumber;
            r.DataLength = dataLength;
            return r;
        }

        /// <summary>Destination unreachable or time exceeded.</summary>
        public bool IsError
        {
            get { return Type == IcmpType.DestinationUnreachable || Type == IcmpType.TimeExceeded; }
        }

        public int HeaderLength
        {
            get { return IcmpPacket.HeaderLength; }
        }

        /// <summary>8 + data.</summary>
        public int BufferLength
        {
            get { return IcmpPacket.HeaderLength + DataLength; }
        }

        /// <summary>Pass the whole IPv4 payload as the view.</summary>
        public static WireStatus TryParse(IcmpPacket packet, out IcmpRepr repr)
        {
            repr = new IcmpRepr();
            WireStatus status = packet.CheckLength();
            if (status != WireStatus.Ok)
            {
                return status;
            }
            if (!packet.VerifyChecksum())
            {
                return WireStatus.BadChecksum;
            }
            byte type = packet.Type;
            repr.Type = type;
            repr.Code = packet.Code;
            repr.DataOffset = packet.DataOffset;
            repr.DataLength = packet.DataLength;
            switch (type)
            {
                case IcmpType.EchoRequest:
                case IcmpType.EchoReply:
                    repr.Identifier = packet.Identifier;
                    repr.SequenceNumber = packet.SequenceNumber;
                    return WireStatus.Ok;
                case IcmpType.DestinationUnreachable:
                case IcmpType.TimeExceeded:
                    if (type == IcmpType.DestinationUnreachable && repr.Code == IcmpType.CodeFragmentationNeeded)
                    {
                        repr.NextHopMtu = packet.NextHopMtu;
                    }
                    return ParseQuote(packet.Buffer, repr.DataOffset, repr.DataLength, ref repr);
                default:
                    return WireStatus.Unsupported;
            }
        }

        // RFC 792: "Internet Header + 64 bits of Original Data Datagram".
        private static WireStatus ParseQuote(byte[] b, int offset, int length, ref IcmpRepr repr)
        {
            if (length < Ipv4Packet.MinHeaderLength)
            {
                return WireStatus.Truncated;
            }
            int versionIhl = b[offset];
            if ((versionIhl >> 4) != 4)
            {
                return WireStatus.Malformed;
            }
            int ihl = (versionIhl & 0x0F) * 4;
            if (ihl < Ipv4Packet.MinHeaderLength)
            {
                return WireStatus.Malformed;
            }
            if (length < ihl + 8)
            {
                return WireStatus.Truncated;
            }
            repr.QuotedProtocol = b[offset + Ipv4Packet.Field.Protocol];
            repr.QuotedSource = Ipv4Address.Read(b, offset + Ipv4Packet.Field.Source);
            repr.QuotedDestination = Ipv4Address.Read(b, offset + Ipv4Packet.Field.Destination);
            int t = offset + ihl;
            repr.QuotedTransportOffset = t;
            repr.QuotedSourcePort = BigEndian.ReadUInt16(b, t);
            repr.QuotedDestinationPort = BigEndian.ReadUInt16(b, t + 2);
            repr.QuotedSequenceNumber = BigEndian.ReadUInt32(b, t + 4);
            return WireStatus.Ok;
        }

        /// <summary>Writes the header and the checksum; the data is already in place.</summary>
        public void Emit(IcmpPacket packet)
        {
            int total = IcmpPacket.HeaderLength + DataLength;
            Args.CheckRoom(packet.Length, total);
            byte[] b = packet.Buffer;
            int o = packet.Offset;
            b[o + IcmpPacket.Field.Type] = Type;
            b[o + IcmpPacket.Field.Code] = Code;
            if (Type == IcmpType.EchoRequest || Type == IcmpType.EchoReply)
            {
                BigEndian.WriteUInt16(b, o + IcmpPacket.Field.Identifier, Identifier);
                BigEndian.WriteUInt16(b, o + IcmpPacket.Field.SequenceNumber, SequenceNumber);
            }
            else
            {
                // RFC 792: unused, zero; RFC 1191 §4: next-hop MTU in the low half for code 4.
                BigEndian.WriteUInt16(b, o + IcmpPacket.Field.Identifier, 0);
                BigEndian.WriteUInt16(b, o + IcmpPacket.Field.NextHopMtu, NextHopMtu);
            }
            b[o + IcmpPacket.Field.Checksum] = 0;
            b[o + IcmpPacket.Field.Checksum + 1] = 0;
            BigEndian.WriteUInt16(b, o + IcmpPacket.Field.Checksum, InternetChecksum.Compute(b, o, total));
        }

        /// <summary>Copies <see cref="DataLength"/> bytes from <c>data[dataOffset ..]</c> after the
        /// header, then emits as above.</summary>
        public void Emit(IcmpPacket packet, byte[] data, int dataOffset)
        {
            Args.CheckRoom(packet.Length, IcmpPacket.HeaderLength + DataLength);
            Args.CheckRange(data, dataOffset, DataLength);
            System.Array.Copy(data, dataOffset, packet.Buffer, packet.DataOffset, DataLength);
            Emit(packet);
        }
    }
}
