namespace NanoStack.Wire
{
    /// <summary>
    /// An ARP request or reply for IPv4 over Ethernet (RFC 826): hardware type 1, protocol type
    /// 0x0800, hardware length 6, protocol length 4. Anything else (other hardware, RARP or
    /// InARP opcodes) is <see cref="WireStatus.Unsupported"/>.
    /// </summary>
    public struct ArpRepr
    {
        /// <summary><see cref="ArpOperation.Request"/> or <see cref="ArpOperation.Reply"/>.</summary>
        public ushort Operation;
        public MacAddress SenderHardwareAddress;
        public Ipv4Address SenderProtocolAddress;
        public MacAddress TargetHardwareAddress;
        public Ipv4Address TargetProtocolAddress;

        /// <summary>Bytes <see cref="Emit"/> writes: 28.</summary>
        public int BufferLength
        {
            get { return ArpPacket.PacketLength; }
        }

        public static WireStatus TryParse(ArpPacket packet, out ArpRepr repr)
        {
            repr = new ArpRepr();
            WireStatus status = packet.CheckLength();
            if (status != WireStatus.Ok)
            {
                return status;
            }
            // RFC 826 "Packet Reception": check ar$hrd, ar$pro (and their lengths) first.
            if (packet.HardwareType != ArpPacket.HardwareTypeEthernet || packet.ProtocolType != EtherType.Ipv4
                || packet.HardwareLength != MacAddress.Length || packet.ProtocolLength != Ipv4Address.Length)
            {
                return WireStatus.Unsupported;
            }
            ushort op = packet.Operation;
            if (op != ArpOperation.Request && op != ArpOperation.Reply)
            {
                return WireStatus.Unsupported;
            }
            repr.Operation = op;
            repr.SenderHardwareAddress = packet.SenderHardwareAddress;
            repr.SenderProtocolAddress = packet.SenderProtocolAddress;
            repr.TargetHardwareAddress = packet.TargetHardwareAddress;
            repr.TargetProtocolAddress = packet.TargetProtocolAddress;
            return WireStatus.Ok;
        }

        /// <summary>Writes all 28 bytes.</summary>
        public void Emit(ArpPacket packet)
        {
            Args.CheckRoom(packet.Length, ArpPacket.PacketLength);
            packet.HardwareType = ArpPacket.HardwareTypeEthernet;
            packet.ProtocolType = EtherType.Ipv4;
            packet.HardwareLength = MacAddress.Length;
            packet.ProtocolLength = Ipv4Address.Length;
            packet.Operation = Operation;
            packet.SenderHardwareAddress = SenderHardwareAddress;
            packet.SenderProtocolAddress = SenderProtocolAddress;
            packet.TargetHardwareAddress = TargetHardwareAddress;
            packet.TargetProtocolAddress = TargetProtocolAddress;
        }
    }
}
