namespace NanoStack.Dhcp
{
    /// <summary>Values of the DHCP message type option, code 53 (RFC 2132 §9.6).</summary>
    public static class DhcpMessageType
    {
        /// <summary>Not a DHCP message type: the option was absent.</summary>
        public const byte None = 0;
        public const byte Discover = 1;
        public const byte Offer = 2;
        public const byte Request = 3;
        public const byte Decline = 4;
        public const byte Ack = 5;
        public const byte Nak = 6;
        public const byte Release = 7;
        public const byte Inform = 8;
    }
}
