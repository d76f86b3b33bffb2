namespace NanoStack.Dns
{
    /// <summary>
    /// Where a name resolution stands, and how it ended (DESIGN.md principle 12: sticky values
    /// that say exactly what happened). Set by <see cref="DnsClient.Start"/> and
    /// <see cref="DnsClient.Poll"/>; read from <see cref="DnsClient.Status"/>.
    /// </summary>
    public enum DnsStatus
    {
        /// <summary>No query started yet, or the last one was cancelled.</summary>
        None = 0,

        /// <summary>The query is on its way; keep polling.</summary>
        Pending,

        /// <summary>At least one address: <see cref="DnsClient.Address"/>, <see cref="DnsClient.TtlSeconds"/>.</summary>
        Resolved,

        /// <summary>RCODE 3, NXDOMAIN: the name does not exist (RFC 1035 §4.1.1).</summary>
        NameError,

        /// <summary>NOERROR without an A record for the name or the end of its CNAME chain
        /// (a "NODATA" answer, RFC 2308 §2.2): the name exists but has no IPv4 address.</summary>
        NoAddress,

        /// <summary>RCODE 2, after the other server was tried when there is one.</summary>
        ServerFailure,

        /// <summary>RCODE 5, after the other server was tried when there is one.</summary>
        Refused,

        /// <summary>RCODE 1: the server could not read our query.</summary>
        FormatError,

        /// <summary>RCODE 4: the server does not do this kind of query (after the other server
        /// was tried when there is one).</summary>
        NotImplemented,

        /// <summary>An RCODE above 5 (the update and later codes); the value is in
        /// <see cref="DnsClient.ResponseCode"/>.</summary>
        UnexpectedRcode,

        /// <summary>TC set: the answer did not fit 512 bytes and this resolver has no TCP fallback
        /// (RFC 1035 §4.2.1, RFC 7766 §5).</summary>
        Truncated,

        /// <summary>The response matched our query but its sections are broken; the exact fault
        /// is in <see cref="DnsClient.WireStatus"/>.</summary>
        Malformed,

        /// <summary>The CNAME chain is longer than <see cref="DnsLimits.MaxCnames"/>.</summary>
        TooManyCnames,

        /// <summary>The CNAME chain comes back to a record it already followed.</summary>
        CnameLoop,

        /// <summary>No matching response after every attempt of the retry schedule.</summary>
        TimedOut,

        /// <summary>The last attempt was ended by an ICMP destination-unreachable error
        /// (RFC 1122 §4.1.3.3), e.g. nothing listens on port 53 of the server.</summary>
        Unreachable,

        /// <summary>No attempt could be sent: no route to any server.</summary>
        NoRoute,

        /// <summary>No server address is configured (<see cref="DnsClient.SetServers"/>), or the
        /// servers were removed while the query was pending.</summary>
        NoServer,

        /// <summary>The interface has no free UDP socket for the query.</summary>
        NoSocket,

        /// <summary>The host name cannot be encoded; the reason is in <see cref="DnsClient.WireStatus"/>.</summary>
        InvalidName,
    }
}
