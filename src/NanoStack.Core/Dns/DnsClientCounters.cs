namespace NanoStack.Dns
{
    /// <summary>
    /// What a <see cref="DnsClient"/> sent, received and ignored, each ignored datagram by its
    /// reason (DESIGN.md principle 12). A datagram that is not the response to the pending query
    /// (RFC 5452 §9.1) is counted here and changes nothing else: it neither ends nor delays the
    /// query. Plain fields, never allocating; they only grow.
    /// </summary>
    public sealed class DnsClientCounters
    {
        /// <summary>Queries that went to the network (cache hits, literals and invalid names excluded).</summary>
        public int Queries;
        /// <summary>Query datagrams handed to the interface, retransmissions included.</summary>
        public int DatagramsSent;
        /// <summary>Datagrams after the first of a query.</summary>
        public int Retransmissions;
        /// <summary>Sends the interface refused (no route to the server).</summary>
        public int SendFailures;
        /// <summary>Random source ports already in use (or no free socket), drawn again.</summary>
        public int PortCollisions;
        /// <summary>Names answered from the cache.</summary>
        public int CacheHits;
        /// <summary>Responses that matched the query and were read.</summary>
        public int ResponsesAccepted;
        /// <summary>SERVFAIL, NOTIMP or REFUSED answers after which the other server was asked.</summary>
        public int ServerFailovers;
        /// <summary>ICMP errors reported on the query's socket.</summary>
        public int IcmpErrors;

        /// <summary>Not from a server this query was sent to, or not from port 53.</summary>
        public int IgnoredWrongSource;
        /// <summary>Longer than 512 bytes (RFC 1035 §4.2.1; no EDNS(0) was offered).</summary>
        public int IgnoredOversized;
        /// <summary>Shorter than the DNS header.</summary>
        public int IgnoredTooShort;
        /// <summary>Another query ID.</summary>
        public int IgnoredWrongId;
        /// <summary>QR clear.</summary>
        public int IgnoredNotResponse;
        /// <summary>OPCODE not QUERY.</summary>
        public int IgnoredWrongOpcode;
        /// <summary>A question other than ours (or none, or unreadable).</summary>
        public int IgnoredWrongQuestion;

        /// <summary>Every ignored datagram, whatever the reason.</summary>
        public int Ignored
        {
            get
            {
                return IgnoredWrongSource + IgnoredOversized + IgnoredTooShort + IgnoredWrongId
                     + IgnoredNotResponse + IgnoredWrongOpcode + IgnoredWrongQuestion;
            }
        }
    }
}
