namespace NanoStack.Wire
{
    /// <summary>
    /// A view of an Ethernet II frame (IEEE 802.3 §3.2, DIX framing) without preamble and FCS:
    /// destination, source, EtherType, payload. Never allocates or copies; accessors read and
    /// write the caller's buffer in place. Call <see cref="CheckLength"/> first: once it returns
    /// <see cref="WireStatus.Ok"/> no accessor can throw.
    /// </summary>
    public struct EthernetFrame
    {
        /// <summary>Byte offsets inside the header.</summary>
        public static class Field
        {
            public const int Destination = 0;
            public const int Source = 6;
            public const int EtherType = 12;
            public const int Payload = 14;
        }

        /// <summary>6 + 6 + 2 = 14 bytes.</summary>
        public const int HeaderLength = 14;

        private readonly byte[] _buffer;
        private readonly int _offset;
        private readonly int _length;

        /// <summary>
        /// A view of <c>buffer[offset .. offset + length)</c>. Throws if the range is outside the
        /// buffer (a caller bug); says nothing about the bytes.
        /// </summary>
        public EthernetFrame(byte[] buffer, int offset, int length)
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

        /// <summary><see cref="WireStatus.Ok"/> when the 14-byte header is present, else Truncated.</summary>
        public WireStatus CheckLength()
        {
            return _length >= HeaderLength ? WireStatus.Ok : WireStatus.Truncated;
        }

        public MacAddress Destination
        {
            get { return MacAddress.Read(_buffer, _offset + Field.Destination); }
            set { value.Write(_buffer, _offset + Field.Destination); }
        }

        public MacAddress Source
        {
            get { return MacAddress.Read(_buffer, _offset + Field.Source); }
            set { value.Write(_buffer, _offset + Field.Source); }
        }

        public ushort EtherType
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.EtherType); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.EtherType, value); }
        }

        /// <summary>Absolute offset of the payload in <see cref="Buffer"/>.</summary>
        public int PayloadOffset
        {
            get { return _offset + HeaderLength; }
        }

        /// <summary>Bytes after the header (may include Ethernet padding to the 60-byte minimum).</summary>
        public int PayloadLength
        {
            get { return _length - HeaderLength; }
        }
    }
}
