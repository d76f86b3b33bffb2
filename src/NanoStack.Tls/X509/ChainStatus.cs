namespace NanoStack.Tls.X509
{
    /// <summary>
    /// Outcome of server certificate chain validation (<see cref="IServerCertificateValidator"/>).
    /// <see cref="InProgress"/> while bytes are still expected, <see cref="Ok"/> when the chain is
    /// accepted; every other value names the check that failed, and the validator's
    /// <see cref="IServerCertificateValidator.FailedPosition"/> says at which certificate
    /// (0 = the leaf, then in the order the server sent them).
    /// </summary>
    public enum ChainStatus
    {
        /// <summary>More bytes are needed.</summary>
        InProgress = 0,

        /// <summary>The chain is valid for the host name at the given time and ends at a trust anchor.</summary>
        Ok,

        /// <summary>The TLS certificate_list encoding is broken (lengths that do not add up, RFC 5246 §7.4.2).</summary>
        BadEncoding,

        /// <summary>A certificate failed to parse; <see cref="IServerCertificateValidator.CertificateError"/> has the parser's reason.</summary>
        BadCertificate,

        /// <summary>The server sent no certificate.</summary>
        NoCertificate,

        /// <summary>More certificates than the configured depth or window.</summary>
        ChainTooLong,

        /// <summary>The current time is after notAfter.</summary>
        Expired,

        /// <summary>The current time is before notBefore.</summary>
        NotYetValid,

        /// <summary>The host name matches no subjectAltName (nor the CN when there is no SAN).</summary>
        HostNameMismatch,

        /// <summary>No certificate in the chain is issued by (or is) a trust anchor.</summary>
        UntrustedRoot,

        /// <summary>An issuer named by the chain is neither sent nor a trust anchor.</summary>
        MissingIssuer,

        /// <summary>A signature does not verify with its issuer's key.</summary>
        BadSignature,

        /// <summary>A key or signature algorithm this validator does not support.</summary>
        UnsupportedAlgorithm,

        /// <summary>An issuing certificate is not a CA (basicConstraints cA false or absent, RFC 5280 §4.2.1.9).</summary>
        NotCertificateAuthority,

        /// <summary>pathLenConstraint exceeded (RFC 5280 §4.2.1.9).</summary>
        PathLengthExceeded,

        /// <summary>keyUsage forbids the use (keyCertSign on an issuer, digitalSignature on the leaf).</summary>
        KeyUsageNotAllowed,

        /// <summary>extendedKeyUsage present without id-kp-serverAuth (RFC 5280 §4.2.1.12).</summary>
        ExtendedKeyUsageNotAllowed,

        /// <summary>A critical extension the validator does not process (RFC 5280 §4.2).</summary>
        UnknownCriticalExtension,

        /// <summary>A pinned SPKI was configured and no certificate in the chain carries it.</summary>
        PinMismatch,

        /// <summary>The certificate is on the application's deny list (issuer and serial, or SPKI hash).</summary>
        Revoked,

        /// <summary>A stapled OCSP response is malformed, not signed by the issuer, stale or for another certificate.</summary>
        BadOcspResponse,

        /// <summary>A stapled OCSP response says the certificate is revoked.</summary>
        OcspRevoked,

        /// <summary>Methods called out of order (e.g. Feed before Begin, Feed after Finish).</summary>
        InvalidState,

        /// <summary>A CA in the path carries nameConstraints, which this validator does not process
        /// (RFC 5280 §4.2.1.10): the path is refused rather than accepted unchecked.</summary>
        NameConstraintsUnsupported,
    }
}
