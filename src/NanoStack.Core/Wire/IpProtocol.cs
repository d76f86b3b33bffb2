namespace NanoStack.Wire
{
    /// <summary>IPv4 protocol numbers (IANA "Assigned Internet Protocol Numbers") the stack handles.</summary>
    public static class IpProtocol
    {
        public const byte Icmp = 1;
        public const byte Tcp = 6;
        public const byte Udp = 17;
    }
}
