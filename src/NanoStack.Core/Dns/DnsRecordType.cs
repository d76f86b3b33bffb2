namespace NanoStack.Dns
{
    /// <summary>Resource record TYPE and QTYPE values (RFC 1035 §3.2.2, §3.2.3; IANA "Resource
    /// Record (RR) TYPEs") that the resolver names.</summary>
    public static class DnsRecordType
    {
        /// <summary>A host address (RFC 1035 §3.4.1): 4 octets of RDATA.</summary>
        public const ushort A = 1;
        public const ushort Ns = 2;
        /// <summary>The canonical name for an alias (RFC 1035 §3.3.1): a domain name as RDATA.</summary>
        public const ushort Cname = 5;
        public const ushort Soa = 6;
        public const ushort Ptr = 12;
        public const ushort Mx = 15;
        public const ushort Txt = 16;
        /// <summary>An IPv6 address (RFC 3596 §2.1); never asked for by this IPv4 stack.</summary>
        public const ushort Aaaa = 28;
        /// <summary>The EDNS(0) pseudo-record (RFC 6891 §6.1.1); never sent by this resolver.</summary>
        public const ushort Opt = 41;
    }
}
