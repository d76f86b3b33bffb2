namespace NanoStack.Wire
{
    /// <summary>
    /// The result of checking or parsing bytes from the network (DESIGN.md principle 12: errors are
    /// values). Every <c>CheckLength</c> and <c>TryParse</c> of the wire layer returns one of these
    /// and never throws on malformed input.
    /// </summary>
    public enum WireStatus
    {
        /// <summary>The bytes are well formed and supported.</summary>
        Ok = 0,

        /// <summary>Fewer bytes than the header (or a length field) requires.</summary>
        Truncated,

        /// <summary>A length field is inconsistent (e.g. IPv4 total length below the header length,
        /// UDP length below 8).</summary>
        BadLength,

        /// <summary>A header length field is below its minimum (IPv4 IHL &lt; 5, TCP data offset &lt; 5).</summary>
        BadHeaderLength,

        /// <summary>The IP version is not 4.</summary>
        BadVersion,

        /// <summary>A checksum does not verify.</summary>
        BadChecksum,

        /// <summary>A TCP option has an illegal length (0, 1, past the header, or wrong for its kind).</summary>
        BadOption,

        /// <summary>Well formed but not something this stack handles (802.1Q tag, ARP for another
        /// protocol, an ICMP type we do not process).</summary>
        Unsupported,

        /// <summary>Any other structural error (e.g. an ICMP error that quotes no valid IPv4 header).</summary>
        Malformed,
    }
}
