namespace NanoStack.Dns
{
    /// <summary>The 4-bit RCODE of the header (RFC 1035 §4.1.1).</summary>
    public static class DnsRcode
    {
        public const int NoError = 0;
        /// <summary>The server could not interpret the query.</summary>
        public const int FormatError = 1;
        /// <summary>The server could not process the query (its own problem).</summary>
        public const int ServerFailure = 2;
        /// <summary>NXDOMAIN: the name does not exist (authoritative answers only, RFC 1035;
        /// RFC 2308 §1 for recursive ones).</summary>
        public const int NameError = 3;
        /// <summary>The server does not support this kind of query.</summary>
        public const int NotImplemented = 4;
        /// <summary>The server refuses for policy reasons.</summary>
        public const int Refused = 5;
    }
}
