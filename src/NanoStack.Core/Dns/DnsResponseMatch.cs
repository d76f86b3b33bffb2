namespace NanoStack.Dns
{
    /// <summary>
    /// Whether a datagram from the server is the response to our query (RFC 5452 §9.1). Anything
    /// but <see cref="Match"/> is ignored and counted by the client; it does not end the query.
    /// </summary>
    public enum DnsResponseMatch
    {
        /// <summary>Same ID, QR set, OPCODE QUERY and the same single question.</summary>
        Match = 0,

        /// <summary>Shorter than the 12-byte header.</summary>
        TooShort,

        /// <summary>Another query ID.</summary>
        WrongId,

        /// <summary>QR clear: a query, not a response.</summary>
        NotResponse,

        /// <summary>An OPCODE other than QUERY (0).</summary>
        WrongOpcode,

        /// <summary>QDCOUNT not 1, or a question that is unreadable or differs in name (ignoring
        /// ASCII case), QTYPE or QCLASS.</summary>
        WrongQuestion,
    }
}
