namespace NanoStack.Dns
{
    /// <summary>CLASS values (RFC 1035 §3.2.4).</summary>
    public static class DnsClass
    {
        /// <summary>The Internet.</summary>
        public const ushort In = 1;
    }
}
