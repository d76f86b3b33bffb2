namespace NanoStack.Wire
{
    /// <summary>
    /// A view of an IPv4 datagram (RFC 791 §3.1). Never allocates or copies.
    ///
    /// Implementation notes
    /// - <see cref="CheckLength"/> establishes, in this order: 20 bytes present (else Truncated);
    ///   IHL ≥ 5 (else BadHeaderLength); IHL × 4 ≤ view length (else Truncated);
    ///   total length ≥ IHL × 4 (else BadLength); total length ≤ view length (else Truncated).
    ///   After Ok every accessor stays inside the first <see cref="TotalLength"/> bytes.
    ///   The view may be longer than the datagram (Ethernet pads frames to 60 bytes); the
    ///   payload is bounded by the total length, never by the view.
    /// - Options (IHL &gt; 5) are not interpreted: <see cref="PayloadOffset"/> skips them
    ///   (RFC 1122 §3.2.1.8: unknown options MUST be silently ignored).
    /// - Worst case: IHL 15 → 60-byte header; total length ≤ 65 535.
    /// </summary>
    public struct Ipv4Packet
    {
        /// <summary>Byte offsets (RFC 791 §3.1 figure 4).</summary>
        public static class Field
        {
            public const int VersionIhl = 0;
            public const int TypeOfService = 1;
            public const int TotalLength = 2;
            public const int Identification = 4;
            public const int FlagsFragmentOffset = 6;
            public const int Ttl = 8;
            public const int Protocol = 9;
            public const int Checksum = 10;
            public const int Source = 12;
            public const int Destination = 16;
            public const int Options = 20;
        }

        /// <summary>IHL 5: 20 bytes.</summary>
        public const int MinHeaderLength = 20;

        /// <summary>IHL 15: 60 bytes.</summary>
        public const int MaxHeaderLength = 60;

        private const ushort FlagDontFragment = 0x4000;
        private const ushort FlagMoreFragments = 0x2000;
        private const ushort FragmentOffsetMask = 0x1FFF;

        private readonly byte[] _buffer;
        private readonly int _offset;
        private readonly int _length;

        public Ipv4Packet(byte[] buffer, int offset, int length)
        {
            Args.CheckRange(buffer, offset, length);
            _buffer = buffer;
            _offset = offset;
            _length = length;
        }

        public byte[] Buffer
        {
            get { return _buffer; }
        }

        public int Offset
        {
            get { return _offset; }
        }

        public int Length
        {
            get { return _length; }
        }

        /// <summary>See the implementation notes for the order of checks.</summary>
        public WireStatus CheckLength()
        {
            if (_length < MinHeaderLength)
            {
                return WireStatus.Truncated;
            }
            int headerLength = HeaderLength;
            if (headerLength < MinHeaderLength)
            {
                return WireStatus.BadHeaderLength;
            }
            if (headerLength > _length)
            {
                return WireStatus.Truncated;
            }
            int total = TotalLength;
            if (total < headerLength)
            {
                return WireStatus.BadLength;
            }
            if (total > _length)
            {
                return WireStatus.Truncated;
            }
            return WireStatus.Ok;
        }

        public int Version
        {
            get { return _buffer[_offset + Field.VersionIhl] >> 4; }
            set { _buffer[_offset + Field.VersionIhl] = (byte)((value << 4) | (_buffer[_offset + Field.VersionIhl] & 0x0F)); }
        }

        /// <summary>Header length in bytes (IHL × 4). The setter takes bytes and stores bytes / 4.</summary>
        public int HeaderLength
        {
            get { return (_buffer[_offset + Field.VersionIhl] & 0x0F) * 4; }
            set { _buffer[_offset + Field.VersionIhl] = (byte)((_buffer[_offset + Field.VersionIhl] & 0xF0) | ((value >> 2) & 0x0F)); }
        }

        /// <summary>The whole second byte: DSCP (high 6 bits, RFC 2474) and ECN (low 2, RFC 3168).</summary>
        public byte TypeOfService
        {
            get { return _buffer[_offset + Field.TypeOfService]; }
            set { _buffer[_offset + Field.TypeOfService] = value; }
        }

        public int Dscp
        {
            get { return _buffer[_offset + Field.TypeOfService] >> 2; }
        }

        public int Ecn
        {
            get { return _buffer[_offset + Field.TypeOfService] & 3; }
        }

        public ushort TotalLength
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.TotalLength); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.TotalLength, value); }
        }

        public ushort Identification
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.Identification); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.Identification, value); }
        }

        /// <summary>The 16-bit word of flags (3 high bits) and fragment offset (13 low bits).</summary>
        public ushort FlagsFragmentOffset
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.FlagsFragmentOffset); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.FlagsFragmentOffset, value); }
        }

        public bool DontFragment
        {
            get { return (FlagsFragmentOffset & FlagDontFragment) != 0; }
        }

        public bool MoreFragments
        {
            get { return (FlagsFragmentOffset & FlagMoreFragments) != 0; }
        }

        /// <summary>Fragment offset in bytes (the field counts 8-byte units).</summary>
        public int FragmentOffset
        {
            get { return (FlagsFragmentOffset & FragmentOffsetMask) * 8; }
        }

        public byte Ttl
        {
            get { return _buffer[_offset + Field.Ttl]; }
            set { _buffer[_offset + Field.Ttl] = value; }
        }

        public byte Protocol
        {
            get { return _buffer[_offset + Field.Protocol]; }
            set { _buffer[_offset + Field.Protocol] = value; }
        }

        public ushort Checksum
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.Checksum); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.Checksum, value); }
        }

        public Ipv4Address Source
        {
            get { return Ipv4Address.Read(_buffer, _offset + Field.Source); }
            set { value.Write(_buffer, _offset + Field.Source); }
        }

        public Ipv4Address Destination
        {
            get { return Ipv4Address.Read(_buffer, _offset + Field.Destination); }
            set { value.Write(_buffer, _offset + Field.Destination); }
        }

        /// <summary>Absolute offset of the payload in <see cref="Buffer"/> (after any options).</summary>
        public int PayloadOffset
        {
            get { return _offset + HeaderLength; }
        }

        /// <summary>Total length minus header length (never the padded view length).</summary>
        public int PayloadLength
        {
            get { return TotalLength - HeaderLength; }
        }

        /// <summary>RFC 791 §3.1 "Header Checksum": the header, checksum included, sums to zero.</summary>
        public bool VerifyChecksum()
        {
            return InternetChecksum.Verify(_buffer, _offset, HeaderLength);
        }

        /// <summary>Zeroes the checksum field, then stores the checksum of the header.</summary>
        public void FillChecksum()
        {
            Checksum = 0;
            Checksum = InternetChecksum.Compute(_buffer, _offset, HeaderLength);
        }
    }
}
