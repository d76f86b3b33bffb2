namespace NanoStack.Dhcp
{
    /// <summary>The DHCP option codes the stack reads or writes (RFC 2132; client identifier §9.14).</summary>
    public static class DhcpOption
    {
        /// <summary>One byte, no length (RFC 2132 §3.1).</summary>
        public const byte Pad = 0;
        /// <summary>Subnet mask, 4 bytes (§3.3).</summary>
        public const byte SubnetMask = 1;
        /// <summary>Routers, n × 4 bytes in order of preference (§3.5).</summary>
        public const byte Router = 3;
        /// <summary>Domain name servers, n × 4 bytes in order of preference (§3.8).</summary>
        public const byte DomainNameServer = 6;
        /// <summary>Requested IP address, 4 bytes (§9.1).</summary>
        public const byte RequestedAddress = 50;
        /// <summary>IP address lease time, 4 bytes of seconds (§9.2).</summary>
        public const byte LeaseTime = 51;
        /// <summary>Option overload, 1 byte: options continue in file (1), sname (2) or both (3) (§9.3).</summary>
        public const byte Overload = 52;
        /// <summary>DHCP message type, 1 byte (§9.6).</summary>
        public const byte MessageType = 53;
        /// <summary>Server identifier, 4 bytes (§9.7).</summary>
        public const byte ServerIdentifier = 54;
        /// <summary>Parameter request list, n option codes (§9.8).</summary>
        public const byte ParameterRequestList = 55;
        /// <summary>Renewal (T1) time, 4 bytes of seconds (§9.11).</summary>
        public const byte RenewalTime = 58;
        /// <summary>Rebinding (T2) time, 4 bytes of seconds (§9.12).</summary>
        public const byte RebindingTime = 59;
        /// <summary>Client identifier: a type byte, then the identifier (§9.14).</summary>
        public const byte ClientIdentifier = 61;
        /// <summary>One byte, ends the options (§3.2).</summary>
        public const byte End = 255;

        /// <summary>RFC 2132 §9.2: a lease time of all ones means infinity.</summary>
        public const uint InfiniteLease = 0xFFFFFFFFu;
    }
}
