namespace NanoStack.Wire
{
    /// <summary>
    /// A view of an ARP packet for IPv4 over Ethernet (RFC 826): the fixed 28-byte layout with
    /// 6-byte hardware and 4-byte protocol addresses. Other address sizes are representable only
    /// through the raw length fields (<see cref="HardwareLength"/>, <see cref="ProtocolLength"/>);
    /// <see cref="ArpRepr.TryParse"/> rejects them. Never allocates or copies.
    /// </summary>
    public struct ArpPacket
    {
        /// <summary>Byte offsets (RFC 826 "Packet format", Ethernet/IPv4 sizes).</summary>
        public static class Field
        {
            public const int HardwareType = 0;
            public const int ProtocolType = 2;
            public const int HardwareLength = 4;
            public const int ProtocolLength = 5;
            public const int Operation = 6;
            public const int SenderHardwareAddress = 8;
            public const int SenderProtocolAddress = 14;
            public const int TargetHardwareAddress = 18;
            public const int TargetProtocolAddress = 24;
        }

        /// <summary>8 + 2 × (6 + 4) = 28 bytes.</summary>
        public const int PacketLength = 28;

        /// <summary>RFC 826 ar$hrd for Ethernet (IANA hardware type 1).</summary>
        public const ushort HardwareTypeEthernet = 1;

        private readonly byte[] _buffer;
        private readonly int _offset;
        private readonly int _length;

        public ArpPacket(byte[] buffer, int offset, int length)
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

        /// <summary>Ok when the 28 bytes of an Ethernet/IPv4 ARP packet are present, else Truncated.
        /// (Ethernet padding after them is allowed.)</summary>
        public WireStatus CheckLength()
        {
            return _length >= PacketLength ? WireStatus.Ok : WireStatus.Truncated;
        }

        public ushort HardwareType
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.HardwareType); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.HardwareType, value); }
        }

        public ushort ProtocolType
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.ProtocolType); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.ProtocolType, value); }
        }

        public byte HardwareLength
        {
            get { return _buffer[_offset + Field.HardwareLength]; }
            set { _buffer[_offset + Field.HardwareLength] = value; }
        }

        public byte ProtocolLength
        {
            get { return _buffer[_offset + Field.ProtocolLength]; }
            set { _buffer[_offset + Field.ProtocolLength] = value; }
        }

        public ushort Operation
        {
            get { return BigEndian.ReadUInt16(_buffer, _offset + Field.Operation); }
            set { BigEndian.WriteUInt16(_buffer, _offset + Field.Operation, value); }
        }

        public MacAddress SenderHardwareAddress
        {
            get { return MacAddress.Read(_buffer, _offset + Field.SenderHardwareAddress); }
            set { value.Write(_buffer, _offset + Field.SenderHardwareAddress); }
        }

        public Ipv4Address SenderProtocolAddress
        {
            get { return Ipv4Address.Read(_buffer, _offset + Field.SenderProtocolAddress); }
            set { value.Write(_buffer, _offset + Field.SenderProtocolAddress); }
        }

        public MacAddress TargetHardwareAddress
        {
            get { return MacAddress.Read(_buffer, _offset + Field.TargetHardwareAddress); }
            set { value.Write(_buffer, _offset + Field.TargetHardwareAddress); }
        }

        public Ipv4Address TargetProtocolAddress
        {
            get { return Ipv4Address.Read(_buffer, _offset + Field.TargetProtocolAddress); }
            set { value.Write(_buffer, _offset + Field.TargetProtocolAddress); }
        }
    }
}
