namespace NanoStack.Tls.X509
{
    /// <summary>
    /// Outcome of <see cref="CertificateParser"/>. <see cref="InProgress"/> while bytes are still
    /// expected; <see cref="Ok"/> when the certificate parsed and every field is usable. Values
    /// from <see cref="UnsupportedKey"/> on are "complete but unusable for some purpose": the
    /// certificate was parsed to its end and <see cref="CertificateInfo.Complete"/> is true, yet
    /// path validation must take the status into account (the first such condition is kept).
    /// Every other value is a hard failure that stopped the parse.
    /// </summary>
    public enum CertStatus
    {
        /// <summary>More bytes are needed.</summary>
        InProgress = 0,

        /// <summary>The whole certificate parsed; every field in <see cref="CertificateInfo"/> is set.</summary>
        Ok,

        /// <summary><see cref="CertificateParser.Finish"/> was called before the certificate ended.</summary>
        Truncated,

        /// <summary>A DER rule was broken or an element has the wrong tag; <see cref="CertificateParser.DerError"/> says which.</summary>
        Malformed,

        /// <summary>Bytes were fed after the end of the certificate.</summary>
        TrailingData,

        /// <summary>The certificate is longer than <see cref="CertificateParser.MaxCertificateLength"/>.</summary>
        TooLong,

        /// <summary>Nesting deeper than <see cref="CertificateParser.MaxFrames"/> (cannot happen with the fixed schema, kept as a guard).</summary>
        TooDeep,

        /// <summary>A mandatory element is absent (e.g. a Validity with one time, an Extension without extnValue).</summary>
        MissingField,

        /// <summary>version is not v1/v2/v3, or extensions appear in a certificate that is not v3 (RFC 5280 §4.1.2.1).</summary>
        BadVersion,

        /// <summary>serialNumber longer than its buffer (<see cref="CertificateLimits.MaxSerialLength"/> octets).</summary>
        SerialTooLong,

        /// <summary>issuer or subject longer than its buffer (<see cref="CertificateLimits.MaxNameLength"/> octets of DER).</summary>
        NameTooLong,

        /// <summary>An OID, time, flag or algorithm identifier longer than the fixed buffers that hold them.</summary>
        ValueTooLong,

        /// <summary>A validity time is not in the strict RFC 5280 §4.1.2.5 form.</summary>
        BadTime,

        /// <summary>Algorithm parameters break RFC 4055 / RFC 5758 / RFC 3279 / RFC 5480 (e.g. ECDSA with parameters, PSS without them).</summary>
        BadAlgorithmParameters,

        /// <summary>The outer signatureAlgorithm differs from tbsCertificate.signature (RFC 5280 §4.1.1.2).</summary>
        SignatureAlgorithmMismatch,

        /// <summary>An extension value breaks its syntax (RFC 5280 §4.2.1), e.g. an empty SAN or keyUsage without bits.</summary>
        BadExtension,

        /// <summary>The same extension twice (RFC 5280 §4.2).</summary>
        DuplicateExtension,

        /// <summary>More extensions than the parser remembers (<see cref="CertificateLimits.MaxExtensions"/>), or their OIDs overflow its pool (<see cref="CertificateLimits.ExtensionOidPoolLength"/>).</summary>
        TooManyExtensions,

        /// <summary>A subject or authority key identifier longer than its buffer (<see cref="CertificateLimits.MaxKeyIdLength"/>).</summary>
        KeyIdTooLong,

        /// <summary>The signature AlgorithmIdentifier (inner or outer) is longer than its buffer
        /// (<see cref="CertificateLimits.MaxSignatureAlgorithmLength"/>).</summary>
        AlgorithmIdentifierTooLong,

        // ---- complete but not fully usable (the parse reached the end) ----

        /// <summary>The public key is not RSA (≤ 4096 bits) or uncompressed EC P-256/P-384; see <see cref="CertificateInfo.KeyType"/>.</summary>
        UnsupportedKey,

        /// <summary>The signature algorithm is none of <see cref="SignatureAlgorithm"/>'s supported values.</summary>
        UnsupportedSignatureAlgorithm,

        /// <summary>signatureValue longer than its buffer (<see cref="CertificateLimits.MaxSignatureLength"/>); it was not kept.</summary>
        SignatureTooLong,

        /// <summary>A critical extension this parser does not know (RFC 5280 §4.2): the certificate must be rejected.</summary>
        UnknownCriticalExtension,

        /// <summary>subjectAltName entries did not fit the name pool; <see cref="CertificateInfo.SanOverflow"/> is set and the list is incomplete.</summary>
        TooManyNames,

        /// <summary>SubjectPublicKeyInfo longer than <see cref="CertificateLimits.MaxSpkiLength"/>; the key was not kept
        /// (<see cref="CertificateInfo.KeyType"/> is Other).</summary>
        SpkiTooLong,

        /// <summary>The RSA modulus or exponent, or the EC point, is longer than its buffer
        /// (<see cref="CertificateLimits.MaxModulusLength"/>, <see cref="CertificateLimits.MaxExponentLength"/>,
        /// <see cref="CertificateLimits.MaxEcPointLength"/>); the key was not kept.</summary>
        KeyTooLong,
    }
}
