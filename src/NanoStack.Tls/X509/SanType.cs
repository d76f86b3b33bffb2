namespace NanoStack.Tls.X509
{
    /// <summary>The GeneralName kinds kept from subjectAltName (RFC 5280 §4.2.1.6); the value is the context tag number.</summary>
    public enum SanType
    {
        /// <summary>dNSName [2] IA5String.</summary>
        DnsName = 2,
        /// <summary>iPAddress [7] OCTET STRING, 4 (IPv4) or 16 (IPv6) bytes.</summary>
        IpAddress = 7,
    }
}
