namespace NanoStack.Wire
{
    /// <summary>
    /// The IPv4 header fields the stack uses (RFC 791).
    ///
    /// Implementation notes
    /// - Parsing checks version 4, the lengths (see <see cref="Ipv4Packet"/>) and the header
    ///   checksum. Options are skipped via IHL, never interpreted (RFC 1122 §3.2.1.8); the payload
    ///   starts at <see cref="Ipv4Packet.PayloadOffset"/> of the parsed view.
    /// - Fragments: NanoStack does not reassemble (a reassembly buffer would cost up to 64 KiB
    ///   per datagram, and the peers we talk to use path-MTU discovery and send DF). A datagram
    ///   with MF set or a non-zero fragment offset parses with <see cref="IsFragment"/> true; the
    ///   interface drops it and counts it. This falls short of RFC 1122 §3.3.2 ("MUST be able
    ///   to reassemble") on purpose.
    /// - Emit always writes a 20-byte header without options: version 4, IHL 5, the caller's
    ///   identification, DF as set (true from <see cref="Create"/>), TTL as set (default 64,
    ///   RFC 1122 §3.2.1.7), and the header checksum. A parsed repr therefore
    ///   re-emits identical bytes for any option-less header.
    /// </summary>
    public struct Ipv4Repr
    {
        /// <summary>Default TTL: 64, the IANA "Default IP TTL"; RFC 1122 §3.2.1.7 asks for it to be configurable (it is: set <see cref="Ttl"/>).</summary>
        public const byte DefaultTtl = 64;

        public Ipv4Address Source;
        public Ipv4Address Destination;
        public byte Protocol;
        public byte Ttl;
        /// <summary>DSCP and ECN byte; 0 by default.</summary>
        public byte TypeOfService;
        public ushort Identification;
        public bool DontFragment;
        public bool MoreFragments;
        /// <summary>Fragment offset in bytes (a multiple of 8 when emitted).</summary>
        public int FragmentOffset;
        /// <summary>Bytes after the header (total length − header length).</summary>
        public int PayloadLength;

        /// <summary>A repr for an outgoing datagram: TTL 64, DF set, no fragmentation.</summary>
        public static Ipv4Repr Create(Ipv4Address source, Ipv4Address destination, byte protocol, int payloadLength, ushort identification)
        {
            Ipv4Repr r = new Ipv4Repr();
            r.Source = source;
            r.Destination = destination;
            r.Protocol = protocol;
            r.PayloadLength = payloadLength;
            r.Identification = identification;
            r.Ttl = DefaultTtl;
            r.DontFragment = true;
            return r;
        }

        /// <summary>MF set or a non-zero offset: a fragment, which this stack drops (see notes).</summary>
        public bool IsFragment
        {
            get { return MoreFragments || FragmentOffset != 0; }
        }

        /// <summary>Bytes of header <see cref="Emit"/> writes: 20.</summary>
        public int HeaderLength
        {
            get { return Ipv4Packet.MinHeaderLength; }
        }

        /// <summary>Header plus payload.</summary>
        public int BufferLength
        {
            get { return Ipv4Packet.MinHeaderLength + PayloadLength; }
        }

        /// <summary>
        /// Validates the view (length checks, version 4, header checksum) and fills the repr.
        /// Returns Truncated, BadVersion, BadHeaderLength, BadLength or BadChecksum on failure.
        /// </summary>
        public static WireStatus TryParse(Ipv4Packet packet, out Ipv4Repr repr)
        {
            repr = new Ipv4Repr();
            if (packet.Length < Ipv4Packet.MinHeaderLength)
            {
                return WireStatus.Truncated;
            }
            if (packet.Version != 4)
            {
                return WireStatus.BadVersion;
            }
            WireStatus status = packet.CheckLength();
            if (status != WireStatus.Ok)
            {
                return status;
            }
            if (!packet.VerifyChecksum())
            {
                return WireStatus.BadChecksum;
            }
            repr.Source = packet.Source;
            repr.Destination = packet.Destination;
            repr.Protocol = packet.Protocol;
            repr.Ttl = packet.Ttl;
            repr.TypeOfService = packet.TypeOfService;
            repr.Identification = packet.Identification;
            ushort ff = packet.FlagsFragmentOffset;
            repr.DontFragment = (ff & 0x4000) != 0;
            repr.MoreFragments = (ff & 0x2000) != 0;
            repr.FragmentOffset = (ff & 0x1FFF) * 8;
            repr.PayloadLength = packet.PayloadLength;
            return WireStatus.Ok;
        }

        /// <summary>
        /// Writes the 20-byte header with its checksum into <paramref name="packet"/> (at least
        /// <see cref="HeaderLength"/> long). The payload at <c>packet.PayloadOffset</c> is the
        /// caller's (the transport emits it, typically before or after this call).
        /// </summary>
        public void Emit(Ipv4Packet packet)
        {
            Args.CheckRoom(packet.Length, Ipv4Packet.MinHeaderLength);
            byte[] b = packet.Buffer;
            int o = packet.Offset;
            b[o + Ipv4Packet.Field.VersionIhl] = 0x45;
            b[o + Ipv4Packet.Field.TypeOfService] = TypeOfService;
            BigEndian.WriteUInt16(b, o + Ipv4Packet.Field.TotalLength, (ushort)(Ipv4Packet.MinHeaderLength + PayloadLength));
            BigEndian.WriteUInt16(b, o + Ipv4Packet.Field.Identification, Identification);
            int ff = (FragmentOffset >> 3) & 0x1FFF;
            if (DontFragment)
            {
                ff |= 0x4000;
            }
            if (MoreFragments)
            {
                ff |= 0x2000;
            }
            BigEndian.WriteUInt16(b, o + Ipv4Packet.Field.FlagsFragmentOffset, (ushort)ff);
            b[o + Ipv4Packet.Field.Ttl] = Ttl;
            b[o + Ipv4Packet.Field.Protocol] = Protocol;
            Source.Write(b, o + Ipv4Packet.Field.Source);
            Destination.Write(b, o + Ipv4Packet.Field.Destination);
            b[o + Ipv4Packet.Field.Checksum] = 0;
            b[o + Ipv4Packet.Field.Checksum + 1] = 0;
            BigEndian.WriteUInt16(b, o + Ipv4Packet.Field.Checksum, InternetChecksum.Compute(b, o, Ipv4Packet.MinHeaderLength));
        }
    }
}
