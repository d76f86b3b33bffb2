namespace NanoStack.Dns
{
    /// <summary>
    /// The result of reading or writing DNS wire data: names, resource records and queries
    /// (DESIGN.md principle 12: malformed input is a value, never an exception). Each value names
    /// exactly what was wrong so a failed response can be explained.
    /// </summary>
    public enum DnsWireStatus
    {
        /// <summary>Well formed.</summary>
        Ok = 0,

        /// <summary>A name, a record's fixed fields or its RDATA run past the end of the message
        /// (or a count promises more than is present).</summary>
        Truncated,

        /// <summary>A compression pointer that does not point strictly backwards, before the labels
        /// being read (RFC 1035 §4.1.4 "a prior occurrence"): to itself, forwards, or into a loop.</summary>
        BadPointer,

        /// <summary>More compression pointers in one name than <see cref="DnsName.MaxPointerJumps"/>.</summary>
        TooManyPointers,

        /// <summary>A label longer than 63 octets (RFC 1035 §2.3.4). On the wire a length octet
        /// 0x40..0xBF is one of the reserved label types 01/10 (RFC 1035 §4.1.4; the extended label
        /// types of RFC 6891 §5 are deprecated): it is reported as this status too.</summary>
        LabelTooLong,

        /// <summary>A name longer than 255 octets on the wire, or 253 characters as text
        /// (RFC 1035 §2.3.4).</summary>
        NameTooLong,

        /// <summary>A record whose RDATA length does not fit its type: an A record of other than
        /// 4 octets (RFC 1035 §3.4.1), a CNAME whose name does not fill its RDATA exactly
        /// (RFC 1035 §3.3.1).</summary>
        BadRdataLength,

        /// <summary>A host name with no labels: the empty string or a lone ".".</summary>
        EmptyName,

        /// <summary>A host name with an empty label: "a..b", ".a", "a.b..".</summary>
        EmptyLabel,

        /// <summary>A host name character outside letters, digits, '-' and '_' (see
        /// <see cref="DnsName.Encode"/>).</summary>
        InvalidCharacter,

        /// <summary>The caller's buffer is too small for the name or the query.</summary>
        NoRoom,
    }
}
