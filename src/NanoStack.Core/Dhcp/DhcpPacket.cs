using NanoStack.Wire;

namespace NanoStack.Dhcp
{
    /// <summary>
    /// A view of a DHCP message (RFC 2131 §2, the BOOTP layout of RFC 951) over the UDP payload.
    /// Never allocates or copies.
    ///
    /// Implementation notes
    /// - <see cref="CheckLength"/>: the 236 fixed bytes and the 4-byte magic cookie must be present
    ///   (240 bytes, else Truncated). After Ok every fixed-field accessor is in bounds; the options
    ///   run from <see cref="Field.Options"/> to the end of the view (the UDP payload), and
    ///   <see cref="DhcpRepr.TryParse"/> checks every option length against that end.
    /// - <see cref="ClientHardwareAddress"/> reads the first 6 of the 16 chaddr bytes (Ethernet,
    ///   hlen 6); the rest of chaddr, sname and file are reachable only through their offsets.
    /// </summary>
    public struct DhcpPacket
    {
        /// <summary>Byte offsets (RFC 2131 §2 figure 1).</summary>
        public static class Field
        {
            public const int Op = 0;
            public const int HardwareType = 1;
            public const int HardwareLength = 2;
            public const int Hops = 3;
            public const int TransactionId = 4;
            public const int Seconds = 8;
            public const int Flags = 10;
            public const int ClientAddress = 12;
            public const int YourAddress = 16;
            public const int ServerAddress = 20;
            public const int RelayAgentAddress = 24;
            public const int ClientHardwareAddress = 28;
            public const int ServerName = 44;
            public const int File = 108;
            public const int MagicCookie = 236;
            public const int Options = 240;
        }

        /// <summary>op of a message from a client (RFC 951).</summary>
        public const byte OpBootRequest = 1;

        /// <summary>op of a message from a server (RFC 951).</summary>
        public const byte OpBootReply = 2;

        /// <summary>htype of 10 Mb Ethernet, used for every IEEE 802 MAC (RFC 1700 "Hardware Type").</summary>
        public const byte HardwareTypeEthernet = 1;

        /// <summary>chaddr is 16 bytes, of which hlen (6 for Ethernet) are used.</summary>
        public const int ClientHardwareAddressLength = 16;

        /// <summary>sname: 64 bytes.</summary>
        public const int ServerNameLength = 64;

        /// <summary>file: 128 bytes.</summary>
        public const int FileLength = 128;

        /// <summary>The fixed BOOTP part: 4 + 4 + 4 + 4 × 4 + 16 + 64 + 128 = 236 bytes.</summary>
        public const int FixedLength = 236;

        /// <summary>The first four option bytes: 99.130.83.99 (RFC 2131 §3, RFC 2132 §2).</summary>
        public const uint MagicCookieValue = 0x63825363;

        /// <summary>Fixed part + magic cookie: 240 bytes, the shortest message we parse.</summary>
        public const int MinLength = FixedLength + 4;

        /// <summary>
        /// RFC 1542 §2.1: the BOOTP message in the UDP data is at least 300 bytes (relay agents of
        /// the BOOTP era drop shorter ones); <see cref="DhcpRepr.Emit"/> pads to it.
        /// </summary>
        public const int MinBootpLength = 300;

        /// <summary>flags bit 15: the client asks for broadcast replies (RFC 2131 §2 figure 2).</summary>
        public const ushort FlagBroadcast = 0x8000;

        private readonly byte[] _buffer;
        private readonly int _offset;
        private readonly int _length;

        public DhcpPacket(byte[] buffer, int offset, int length)
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

        /// <summary>Ok when the 240 bytes up to and including the magic cookie are present, else Truncated.</summary>
        public WireStatus CheckLength()
        {
            return _length >= MinLength ? WireStatus.Ok : WireStatus.Truncated;
        }

        public byte Op
        {
            get { return _buffer[_offset + Field.Op]; }
            set { _buffer[_offset + Field.Op] = value; }
        }

        public byte HardwareType
        {
            get { return _buffer[_offset + Field.HardwareType]; }
            set { _buffer[_offset + Field.HardwareType] = value; }
        }

        public byte HardwareLength
        {
            get { return _buffer[_offset + Field.HardwareLength]; }
            set { _buffer[_offset + Field.HardwareLength] = value; }
        }

        public byte Hops
        {
            get { return _buffer[_offset + Field.Hops]; }
            set { _buffer[_offset + Field.Hops] = value; }
        }

        /// <summary>xid: chosen by the client, echoed by the server.</summary>
        public uint TransactionId
        {
            get { return BigEndian.ReadUInt32(_buffer, _offset + Field.TransactionId); }
            set { BigEndian.WriteUInt32(_buffer, _offset + Field.TransactionId, value); }
        }

        /// <summary>secs: seconds since the client began acquisition or renewal.</summary>
        public ushort Seconds
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.Seconds); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.Seconds, value); }
        }

        public ushort Flags
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.Flags); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.Flags, value); }
        }

        /// <summary>ciaddr: the client's address when it already has one (BOUND, RENEWING, REBINDING).</summary>
        public Ipv4Address ClientAddress
        {
            get { return Ipv4Address.Read(_buffer, _offset + Field.ClientAddress); }
            set { value.Write(_buffer, _offset + Field.ClientAddress); }
        }

        /// <summary>yiaddr: the address offered or assigned.</summary>
        public Ipv4Address YourAddress
        {
            get { return Ipv4Address.Read(_buffer, _offset + Field.YourAddress); }
            set { value.Write(_buffer, _offset + Field.YourAddress); }
        }

        /// <summary>siaddr: the next server of a boot process (not the DHCP server's identity).</summary>
        public Ipv4Address ServerAddress
        {
            get { return Ipv4Address.Read(_buffer, _offset + Field.ServerAddress); }
            set { value.Write(_buffer, _offset + Field.ServerAddress); }
        }

        /// <summary>giaddr: the relay agent's address.</summary>
        public Ipv4Address RelayAgentAddress
        {
            get { return Ipv4Address.Read(_buffer, _offset + Field.RelayAgentAddress); }
            set { value.Write(_buffer, _offset + Field.RelayAgentAddress); }
        }

        /// <summary>The first 6 bytes of chaddr.</summary>
        public MacAddress ClientHardwareAddress
        {
            get { return MacAddress.Read(_buffer, _offset + Field.ClientHardwareAddress); }
            set { value.Write(_buffer, _offset + Field.ClientHardwareAddress); }
        }

        public uint MagicCookie
        {
            get { return BigEndian.ReadUInt32(_buffer, _offset + Field.MagicCookie); }
            set { BigEndian.WriteUInt32(_buffer, _offset + Field.MagicCookie, value); }
        }

        /// <summary>Absolute offset of the first option byte in <see cref="Buffer"/>.</summary>
        public int OptionsOffset
        {
            get { return _offset + Field.Options; }
        }

        /// <summary>Bytes from the first option to the end of the view.</summary>
        public int OptionsLength
        {
            get { return _length - Field.Options; }
        }
    }
}
