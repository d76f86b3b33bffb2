namespace NanoStack.Tls.X509
{
    /// <summary>
    /// The seam between the TLS client engine and certificate validation. The engine streams the
    /// body of the TLS Certificate handshake message into it as the records arrive, so no chain
    /// is ever held whole in memory.
    ///
    /// Call order per handshake: <see cref="Begin"/>, <see cref="Feed"/> any number of times
    /// with consecutive chunks of the Certificate message body (RFC 5246 §7.4.2: the 3-byte
    /// certificate_list length, then each certificate as a 3-byte length and its DER),
    /// <see cref="Finish"/> once the message ended; then, only if the server stapled one,
    /// <see cref="CheckOcspResponse"/>. A status other than <see cref="ChainStatus.InProgress"/>
    /// and <see cref="ChainStatus.Ok"/> is final until the next <see cref="Begin"/>.
    /// No method allocates or throws on bad input.
    /// </summary>
    public interface IServerCertificateValidator
    {
        /// <summary>Starts a new chain for <paramref name="hostName"/> (null: no host name check) at
        /// <paramref name="unixTimeSeconds"/> (validity is checked against it).</summary>
        void Begin(string hostName, long unixTimeSeconds);

        /// <summary>Consumes the next bytes of the Certificate message body.</summary>
        ChainStatus Feed(byte[] data, int offset, int count);

        /// <summary>The message ended: completes path validation.</summary>
        ChainStatus Finish();

        /// <summary>Checks a stapled OCSP response (RFC 6066 §8 CertificateStatus: the DER
        /// OCSPResponse) for the leaf, after <see cref="Finish"/> returned Ok.</summary>
        ChainStatus CheckOcspResponse(byte[] data, int offset, int count);

        /// <summary>The last status returned.</summary>
        ChainStatus Status { get; }

        /// <summary>Position of the certificate that failed (0 = leaf, in the order sent), or −1.</summary>
        int FailedPosition { get; }

        /// <summary>The parser's reason when <see cref="Status"/> is <see cref="ChainStatus.BadCertificate"/>.</summary>
        CertStatus CertificateError { get; }

        /// <summary>The leaf's parsed fields (its public key verifies ServerKeyExchange); valid after
        /// <see cref="Finish"/> returned Ok.</summary>
        CertificateInfo Leaf { get; }
    }
}
