namespace NanoStack.Wire
{
    /// <summary>
    /// A view of a TCP segment (RFC 9293 §3.1) over the whole IPv4 payload: header, options and
    /// data. Never allocates or copies.
    ///
    /// Implementation notes
    /// - <see cref="CheckLength"/>: 20 bytes present (else Truncated); data offset ≥ 5 words
    ///   (else BadHeaderLength); data offset × 4 ≤ view length (else Truncated). After Ok every
    ///   accessor, options included, stays inside the view.
    /// - Worst case: data offset 15 → 60-byte header, 40 bytes of options.
    /// - The checksum (RFC 9293 §3.1) covers the IPv4 pseudo-header, the header and the data,
    ///   i.e. the whole view; the view must therefore be exactly the IPv4 payload.
    /// </summary>
    public struct TcpSegment
    {
        /// <summary>Byte offsets (RFC 9293 §3.1 figure 1).</summary>
        public static class Field
        {
            public const int SourcePort = 0;
            public const int DestinationPort = 2;
            public const int SequenceNumber = 4;
            public const int AckNumber = 8;
            /// <summary>Data offset in the high nibble; the low nibble is reserved.</summary>
            public const int DataOffset = 12;
            public const int Flags = 13;
            public const int Window = 14;
            public const int Checksum = 16;
            public const int UrgentPointer = 18;
            public const int Options = 20;
        }

        /// <summary>Data offset 5: 20 bytes.</summary>
        public const int MinHeaderLength = 20;

        /// <summary>Data offset 15: 60 bytes (40 bytes of options).</summary>
        public const int MaxHeaderLength = 60;

        private readonly byte[] _buffer;
        private readonly int _offset;
        private readonly int _length;

        public TcpSegment(byte[] buffer, int offset, int length)
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

        public uint SequenceNumber
        {
            get { return BigEndian.ReadUInt32(_buffer, _offset + Field.SequenceNumber); }
            set { BigEndian.WriteUInt32(_buffer, _offset + Field.SequenceNumber, value); }
        }

        public uint AckNumber
        {
            get { return BigEndian.ReadUInt32(_buffer, _offset + Field.AckNumber); }
            set { BigEndian.WriteUInt32(_buffer, _offset + Field.AckNumber, value); }
        }

        /// <summary>Header length in bytes (data offset × 4). The setter takes bytes and clears
        /// the reserved bits.</summary>
        public int HeaderLength
        {
            get { return (_buffer[_offset + Field.DataOffset] >> 4) * 4; }
            set { _buffer[_offset + Field.DataOffset] = (byte)(((value >> 2) & 0x0F) << 4); }
        }

        /// <summary>The control bits (see <see cref="TcpFlags"/>).</summary>
        public byte Flags
        {
            get { return _buffer[_offset + Field.Flags]; }
            set { _buffer[_offset + Field.Flags] = value; }
        }

        public bool Fin
        {
            get { return (Flags & TcpFlags.Fin) != 0; }
        }

        public bool Syn
        {
            get { return (Flags & TcpFlags.Syn) != 0; }
        }

        public bool Rst
        {
            get { return (Flags & TcpFlags.Rst) != 0; }
        }

        public bool Psh
        {
            get { return (Flags & TcpFlags.Psh) != 0; }
        }

        public bool Ack
        {
            get { return (Flags & TcpFlags.Ack) != 0; }
        }

        public bool Urg
        {
            get { return (Flags & TcpFlags.Urg) != 0; }
        }

        /// <summary>The raw 16-bit window (unscaled).</summary>
        public ushort Window
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.Window); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.Window, value); }
        }

        public ushort Checksum
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.Checksum); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.Checksum, value); }
        }

        public ushort UrgentPointer
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.UrgentPointer); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.UrgentPointer, value); }
        }

        /// <summary>Absolute offset of the options in <see cref="Buffer"/>.</summary>
        public int OptionsOffset
        {
            get { return _offset + Field.Options; }
        }

        public int OptionsLength
        {
            get { return HeaderLength - MinHeaderLength; }
        }

        public int PayloadOffset
        {
            get { return _offset + HeaderLength; }
        }

        public int PayloadLength
        {
            get { return _length - HeaderLength; }
        }

        /// <summary>RFC 9293 §3.1: pseudo-header + whole segment sums to zero.</summary>
        public bool VerifyChecksum(Ipv4Address source, Ipv4Address destination)
        {
            uint sum = InternetChecksum.AccumulatePseudoHeader(0, source.Value, destination.Value, IpProtocol.Tcp, _length);
            sum = InternetChecksum.Accumulate(sum, _buffer, _offset, _length);
            return InternetChecksum.Fold(sum) == 0;
        }

        /// <summary>Zeroes the checksum field and stores the checksum over the whole view.</summary>
        public void FillChecksum(Ipv4Address source, Ipv4Address destination)
        {
            Checksum = 0;
            uint sum = InternetChecksum.AccumulatePseudoHeader(0, source.Value, destination.Value, IpProtocol.Tcp, _length);
            sum = InternetChecksum.Accumulate(sum, _buffer, _offset, _length);
            Checksum = InternetChecksum.Fold(sum);
        }
    }
}
