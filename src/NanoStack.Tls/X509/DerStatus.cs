namespace NanoStack.Tls.X509
{
    /// <summary>
    /// Result of a DER read (ITU-T X.690 §8 and §10). Every rule violation has its own value so
    /// a rejected input says which rule it broke.
    /// </summary>
    public enum DerStatus
    {
        /// <summary>The element was read and conforms to DER.</summary>
        Ok = 0,

        /// <summary>The input ended inside an element (header or content).</summary>
        Truncated,

        /// <summary>The identifier octets are invalid or the tag is not the expected one.</summary>
        BadTag,

        /// <summary>The length octets are invalid (reserved 0xFF, more than 4 octets, or an element longer than its enclosing element).</summary>
        BadLength,

        /// <summary>A length, tag number or value is encoded in more octets than DER allows (X.690 §10.1, §8.1.2.4.2, §8.3.2).</summary>
        NonMinimal,

        /// <summary>The indefinite length form 0x80 (X.690 §8.1.3.6), which DER forbids (§10.1).</summary>
        Indefinite,

        /// <summary>The content octets break the rules of their type (boolean, null, bit string, OID, time...).</summary>
        BadValue,

        /// <summary>Constructed elements nested deeper than the reader's limit.</summary>
        TooDeep,
    }
}
