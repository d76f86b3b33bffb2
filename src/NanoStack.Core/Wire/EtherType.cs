namespace NanoStack.Wire
{
    /// <summary>EtherType values (IEEE Registration Authority) the stack recognises.</summary>
    public static class EtherType
    {
        public const ushort Ipv4 = 0x0800;
        public const ushort Arp = 0x0806;
        /// <summary>IEEE 802.1Q VLAN tag (reported as <see cref="WireStatus.Unsupported"/>).</summary>
        public const ushort Vlan = 0x8100;
        /// <summary>IEEE 802.1ad service tag (reported as <see cref="WireStatus.Unsupported"/>).</summary>
        public const ushort QinQ = 0x88A8;
        public const ushort Ipv6 = 0x86DD;
        /// <summary>Values below this are IEEE 802.3 length fields, not EtherTypes (IEEE 802.3 §3.2.6).</summary>
        public const ushort MinEtherType = 0x0600;
    }
}
