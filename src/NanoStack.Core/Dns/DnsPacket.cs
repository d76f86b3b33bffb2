using NanoStack.Wire;

namespace NanoStack.Dns
{
    /// <summary>
    /// A view of a DNS message (RFC 1035 §4.1): the 12-byte header with its flags and section
    /// counts, over <c>(buffer, offset, length)</c>. Never allocates or copies.
    ///
    /// Implementation notes
    /// - <see cref="CheckLength"/>: 12 header bytes present, else <see cref="DnsWireStatus.Truncated"/>.
    ///   After Ok every header accessor stays inside the view. The sections that follow are read
    ///   with <see cref="DnsName"/> and <see cref="DnsRecord"/>, which check every byte against
    ///   <see cref="Length"/> themselves: the counts are claims, not facts.
    /// - Compression pointers are offsets from the first header byte (RFC 1035 §4.1.4), so the view's
    ///   <see cref="Offset"/> is the origin the name reader resolves them against.
    /// - Worst case: a UDP message without EDNS(0) is at most <see cref="MaxUdpLength"/> = 512 bytes
    ///   (RFC 1035 §2.3.4, §4.2.1); the view itself accepts any length.
    /// </summary>
    public struct DnsPacket
    {
        /// <summary>Byte offsets (RFC 1035 §4.1.1).</summary>
        public static class Field
        {
            public const int Id = 0;
            public const int Flags = 2;
            public const int QuestionCount = 4;
            public const int AnswerCount = 6;
            public const int AuthorityCount = 8;
            public const int AdditionalCount = 10;
            public const int Question = 12;
        }

        /// <summary>12 bytes.</summary>
        public const int HeaderLength = 12;

        /// <summary>The largest message over UDP without EDNS(0) (RFC 1035 §2.3.4).</summary>
        public const int MaxUdpLength = 512;

        /// <summary>The OPCODE of a standard query (RFC 1035 §4.1.1).</summary>
        public const int OpcodeQuery = 0;

        // RFC 1035 §4.1.1: QR | Opcode(4) | AA | TC | RD | RA | Z(3) | RCODE(4), most significant first.
        private const ushort FlagQr = 0x8000;
        private const int OpcodeShift = 11;
        private const ushort OpcodeMask = 0x7800;
        private const ushort FlagAa = 0x0400;
        private const ushort FlagTc = 0x0200;
        private const ushort FlagRd = 0x0100;
        private const ushort FlagRa = 0x0080;
        private const ushort RcodeMask = 0x000F;

        private readonly byte[] _buffer;
        private readonly int _offset;
        private readonly int _length;

        public DnsPacket(byte[] buffer, int offset, int length)
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

        /// <summary>Where the header starts: the origin of compression pointers.</summary>
        public int Offset
        {
            get { return _offset; }
        }

        public int Length
        {
            get { return _length; }
        }

        /// <summary>One past the last byte of the message (absolute index in <see cref="Buffer"/>).</summary>
        public int End
        {
            get { return _offset + _length; }
        }

        /// <summary>Ok when the 12 header bytes are present, else Truncated.</summary>
        public DnsWireStatus CheckLength()
        {
            return _length < HeaderLength ? DnsWireStatus.Truncated : DnsWireStatus.Ok;
        }

        /// <summary>The query identifier the response copies (RFC 1035 §4.1.1 ID).</summary>
        public ushort Id
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.Id); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.Id, value); }
        }

        /// <summary>The whole flags word (bytes 2 and 3).</summary>
        public ushort Flags
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.Flags); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.Flags, value); }
        }

        /// <summary>QR: the message is a response.</summary>
        public bool IsResponse
        {
            get { return (Flags & FlagQr) != 0; }
            set { SetFlag(FlagQr, value); }
        }

        /// <summary>OPCODE (0 = standard query).</summary>
        public int Opcode
        {
            get { return (Flags & OpcodeMask) >> OpcodeShift; }
            set { Flags = (ushort)((Flags & ~OpcodeMask) | ((value << OpcodeShift) & OpcodeMask)); }
        }

        /// <summary>AA: the responding server is an authority for the name.</summary>
        public bool IsAuthoritative
        {
            get { return (Flags & FlagAa) != 0; }
            set { SetFlag(FlagAa, value); }
        }

        /// <summary>TC: the message was cut to fit the transport.</summary>
        public bool IsTruncated
        {
            get { return (Flags & FlagTc) != 0; }
            set { SetFlag(FlagTc, value); }
        }

        /// <summary>RD: the query asks the server to recurse.</summary>
        public bool RecursionDesired
        {
            get { return (Flags & FlagRd) != 0; }
            set { SetFlag(FlagRd, value); }
        }

        /// <summary>RA: the server offers recursion.</summary>
        public bool RecursionAvailable
        {
            get { return (Flags & FlagRa) != 0; }
            set { SetFlag(FlagRa, value); }
        }

        /// <summary>RCODE (see <see cref="DnsRcode"/>).</summary>
        public int Rcode
        {
            get { return Flags & RcodeMask; }
            set { Flags = (ushort)((Flags & ~RcodeMask) | (value & RcodeMask)); }
        }

        /// <summary>QDCOUNT.</summary>
        public ushort QuestionCount
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.QuestionCount); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.QuestionCount, value); }
        }

        /// <summary>ANCOUNT.</summary>
        public ushort AnswerCount
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.AnswerCount); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.AnswerCount, value); }
        }

        /// <summary>NSCOUNT.</summary>
        public ushort AuthorityCount
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.AuthorityCount); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.AuthorityCount, value); }
        }

        /// <summary>ARCOUNT.</summary>
        public ushort AdditionalCount
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.AdditionalCount); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.AdditionalCount, value); }
        }

        /// <summary>Absolute index of the question section, right after the header.</summary>
        public int QuestionOffset
        {
            get { return _offset + Field.Question; }
        }

        private void SetFlag(ushort flag, bool on)
        {
            ushort f = Flags;
            Flags = on ? (ushort)(f | flag) : (ushort)(f & ~flag);
        }
    }
}
