namespace NanoStack.Wire
{
    /// <summary>
    /// A view of a UDP datagram (RFC 768) over the IPv4 payload. Never allocates or copies.
    ///
    /// Implementation notes
    /// - <see cref="CheckLength"/>: 8 header bytes present (else Truncated); the length field
    ///   ≥ 8 (else BadLength) and ≤ the view, i.e. the IPv4 payload (else Truncated). A length
    ///   field shorter than the IPv4 payload is accepted and wins (the rest is padding), as in
    ///   the BSD and Linux stacks.
    /// - Checksum: RFC 768 covers the pseudo-header, the header and the data, padded with a zero
    ///   byte to an even length. A transmitted 0 means "no checksum"; a computed 0 is sent as
    ///   0xFFFF (its one's complement twin).
    /// </summary>
    public struct UdpPacket
    {
        /// <summary>Byte offsets (RFC 768 "Format").</summary>
        public static class Field
        {
            public const int SourcePort = 0;
            public const int DestinationPort = 2;
            public const int Length = 4;
            public const int Checksum = 6;
            public const int Payload = 8;
        }

        /// <summary>8 bytes.</summary>
        public const int HeaderLength = 8;

        private readonly byte[] _buffer;
        private readonly int _offset;
        private readonly int _length;

        public UdpPacket(byte[] buffer, int offset, int length)
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

        public WireStatus CheckLength()
        {
            if (_length < HeaderLength)
            {
                return WireStatus.Truncated;
            }
            int field = LengthField;
            if (field < HeaderLength)
            {
                return WireStatus.BadLength;
            }
            if (field > _length)
            {
                return WireStatus.Truncated;
            }
            return WireStatus.Ok;
        }

        public ushort SourcePort
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.SourcePort); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.SourcePort, value); }
        }

        public ushort DestinationPort
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.DestinationPort); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.DestinationPort, value); }
        }

        /// <summary>The UDP length field: header plus data.</summary>
        public ushort LengthField
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.Length); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.Length, value); }
        }

        public ushort Checksum
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.Checksum); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.Checksum, value); }
        }

        public int PayloadOffset
        {
            get { return _offset + HeaderLength; }
        }

        /// <summary>Length field minus 8.</summary>
        public int PayloadLength
        {
            get { return LengthField - HeaderLength; }
        }

        /// <summary>True when the checksum field is 0 (none sent, RFC 768) or verifies.</summary>
        public bool VerifyChecksum(Ipv4Address source, Ipv4Address destination)
        {
            if (Checksum == 0)
            {
                return true;
            }
            int length = LengthField;
            uint sum = InternetChecksum.AccumulatePseudoHeader(0, source.Value, destination.Value, IpProtocol.Udp, length);
            sum = InternetChecksum.Accumulate(sum, _buffer, _offset, length);
            return InternetChecksum.Fold(sum) == 0;
        }

        /// <summary>Computes the checksum over the pseudo-header and <see cref="LengthField"/> bytes;
        /// a result of 0 is stored as 0xFFFF (RFC 768).</summary>
        public void FillChecksum(Ipv4Address source, Ipv4Address destination)
        {
            Checksum = 0;
            int length = LengthField;
            uint sum = InternetChecksum.AccumulatePseudoHeader(0, source.Value, destination.Value, IpProtocol.Udp, length);
            sum = InternetChecksum.Accumulate(sum, _buffer, _offset, length);
            ushort c = InternetChecksum.Fold(sum);
            Checksum = c == 0 ? (ushort)0xFFFF : c;
        }
    }
}
