namespace NanoStack.Tls.X509
{
    /// <summary>Certificate signature algorithms (RFC 5280 §4.1.1.2).</summary>
    public enum SignatureAlgorithm
    {
        /// <summary>Not recognised (e.g. sha1WithRSAEncryption, Ed25519); the OID is in <see cref="CertificateInfo.SignatureAlgorithmDer"/>.</summary>
        Unknown = 0,
        /// <summary>sha256WithRSAEncryption, 1.2.840.113549.1.1.11 (RFC 4055 §5).</summary>
        RsaPkcs1Sha256,
        /// <summary>sha384WithRSAEncryption, 1.2.840.113549.1.1.12.</summary>
        RsaPkcs1Sha384,
        /// <summary>sha512WithRSAEncryption, 1.2.840.113549.1.1.13.</summary>
        RsaPkcs1Sha512,
        /// <summary>id-RSASSA-PSS, 1.2.840.113549.1.1.10, with the parameters in <see cref="CertificateInfo.PssHash"/> etc. (RFC 4055 §3.1).</summary>
        RsaPss,
        /// <summary>ecdsa-with-SHA256, 1.2.840.10045.4.3.2 (RFC 5758 §3.2).</summary>
        EcdsaSha256,
        /// <summary>ecdsa-with-SHA384, 1.2.840.10045.4.3.3.</summary>
        EcdsaSha384,
        /// <summary>ecdsa-with-SHA512, 1.2.840.10045.4.3.4.</summary>
        EcdsaSha512,
    }
}
