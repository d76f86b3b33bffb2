namespace NanoStack.Wire
{
    /// <summary>
    /// A view of an ICMPv4 message (RFC 792) over the whole IPv4 payload: the checksum covers
    /// every byte of the view. Never allocates or copies. Bytes 4..7 mean different things per
    /// type: identifier and sequence number (echo), unused (errors) or unused + next-hop MTU
    /// (fragmentation needed, RFC 1191 §4).
    /// </summary>
    public struct IcmpPacket
    {
        /// <summary>Byte offsets (RFC 792 message formats).</summary>
        public static class Field
        {
            public const int Type = 0;
            public const int Code = 1;
            public const int Checksum = 2;
            public const int Identifier = 4;
            public const int SequenceNumber = 6;
            public const int NextHopMtu = 6;
            public const int Data = 8;
        }

        /// <summary>Type, code, checksum and the 4-byte rest of header: 8 bytes.</summary>
        public const int HeaderLength = 8;

        private readonly byte[] _buffer;
        private readonly int _offset;
        private readonly int _length;

        public IcmpPacket(byte[] buffer, int offset, int length)
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

        /// <summary>Ok when the 8-byte header is present, else Truncated.</summary>
        public WireStatus CheckLength()
        {
            return _length >= HeaderLength ? WireStatus.Ok : WireStatus.Truncated;
        }

        public byte Type
        {
            get { return _buffer[_offset + Field.Type]; }
            set { _buffer[_offset + Field.Type] = value; }
        }

        public byte Code
        {
            get { return _buffer[_offset + Field.Code]; }
            set { _buffer[_offset + Field.Code] = value; }
        }

        public ushort Checksum
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.Checksum); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.Checksum, value); }
        }

        /// <summary>Echo identifier (bytes 4..5).</summary>
        public ushort Identifier
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.Identifier); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.Identifier, value); }
        }

        /// <summary>Echo sequence number (bytes 6..7).</summary>
        public ushort SequenceNumber
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.SequenceNumber); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.SequenceNumber, value); }
        }

        /// <summary>Bytes 4..7 as one word (unused in errors, RFC 792).</summary>
        public uint RestOfHeader
        {
            get { return BigEndian.ReadUInt32(_buffer, _offset + Field.Identifier); }
            set { BigEndian.WriteUInt32(_buffer, _offset + Field.Identifier, value); }
        }

        /// <summary>Next-hop MTU of a "fragmentation needed" message (RFC 1191 §4), bytes 6..7.</summary>
        public ushort NextHopMtu
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.NextHopMtu); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.NextHopMtu, value); }
        }

        /// <summary>Absolute offset of the data (echo data, or the quoted datagram of an error).</summary>
        public int DataOffset
        {
            get { return _offset + HeaderLength; }
        }

        public int DataLength
        {
            get { return _length - HeaderLength; }
        }

        /// <summary>RFC 792: the checksum over the whole message verifies.</summary>
        public bool VerifyChecksum()
        {
            return InternetChecksum.Verify(_buffer, _offset, _length);
        }

        public void FillChecksum()
        {
            Checksum = 0;
            Checksum = InternetChecksum.Compute(_buffer, _offset, _length);
        }
    }
}
