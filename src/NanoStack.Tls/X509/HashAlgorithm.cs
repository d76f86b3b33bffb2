namespace NanoStack.Tls.X509
{
    /// <summary>Hash functions named in RSASSA-PSS parameters (RFC 4055 §2.1).</summary>
    public enum HashAlgorithm
    {
        /// <summary>Absent or not recognised.</summary>
        Unknown = 0,
        /// <summary>id-sha1, 1.3.14.3.2.26: the PSS default (RFC 4055 §3.1).</summary>
        Sha1,
        /// <summary>id-sha256, 2.16.840.1.101.3.4.2.1.</summary>
        Sha256,
        /// <summary>id-sha384, 2.16.840.1.101.3.4.2.2.</summary>
        Sha384,
        /// <summary>id-sha512, 2.16.840.1.101.3.4.2.3.</summary>
        Sha512,
    }
}
