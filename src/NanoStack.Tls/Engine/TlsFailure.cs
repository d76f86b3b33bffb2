namespace NanoStack.Tls
{
    /// <summary>
    /// Why a TLS connection ended or failed: the exact cause, sticky in
    /// <see cref="TlsClientEngine.Failure"/> until the next <see cref="TlsClientEngine.Start"/>.
    /// When an alert was sent or received, <see cref="TlsClientEngine.Alert"/> names it; when a
    /// certificate check failed, <see cref="TlsClientEngine.CertificateStatus"/> names the check.
    /// </summary>
    public enum TlsFailure
    {
        /// <summary>No failure.</summary>
        None = 0,

        /// <summary>The peer sent a fatal alert (<see cref="TlsClientEngine.Alert"/>).</summary>
        AlertReceived,

        /// <summary>The peer sent close_notify: an orderly end, not an error of the peer.</summary>
        PeerClosed,

        /// <summary>The transport ended without close_notify: the data may have been truncated.</summary>
        Truncated,

        /// <summary>The transport timed out (handshake or read).</summary>
        Timeout,

        /// <summary>The transport was reset or failed.</summary>
        TransportFailed,

        /// <summary>The connection was closed locally.</summary>
        LocallyClosed,

        /// <summary>Certificate validation failed (<see cref="TlsClientEngine.CertificateStatus"/>).</summary>
        BadCertificate,

        /// <summary>A record's authentication tag did not verify (bad_record_mac).</summary>
        BadRecordMac,

        /// <summary>A record longer than the negotiated limit (record_overflow).</summary>
        RecordOverflow,

        /// <summary>A malformed record header: unknown content type, wrong version, empty handshake record.</summary>
        BadRecord,

        /// <summary>A handshake message that does not parse (decode_error).</summary>
        DecodeError,

        /// <summary>A message that is not allowed in the current state (unexpected_message).</summary>
        UnexpectedMessage,

        /// <summary>The server chose a TLS version other than 1.2, or the downgrade sentinel is set.</summary>
        ProtocolVersion,

        /// <summary>The server chose a cipher suite the client did not offer.</summary>
        UnofferedCipherSuite,

        /// <summary>The server chose a group (curve) the client did not offer.</summary>
        UnofferedGroup,

        /// <summary>The server chose a signature algorithm the client did not offer, or one that does not fit its key or suite.</summary>
        UnofferedSignatureAlgorithm,

        /// <summary>The server sent an extension the client did not offer, or an offered one with a wrong value.</summary>
        UnsupportedExtension,

        /// <summary>The server did not negotiate extended_master_secret (RFC 7627), which this client requires.</summary>
        ExtendedMasterSecretMissing,

        /// <summary>The server did not send an empty renegotiation_info (RFC 5746).</summary>
        SecureRenegotiationMissing,

        /// <summary>The ServerKeyExchange signature does not verify with the certificate's key.</summary>
        BadServerKeyExchangeSignature,

        /// <summary>The server's ephemeral public key is invalid (not on the curve, small order).</summary>
        BadServerKey,

        /// <summary>The server's Finished verify_data is wrong (RFC 5246 §7.4.9).</summary>
        BadFinished,

        /// <summary>The server asked to renegotiate after the handshake; refused with no_renegotiation.</summary>
        RenegotiationRefused,

        /// <summary>The server refused the max_fragment_length / record_size_limit the client needs for its receive buffer.</summary>
        FragmentLimitRefused,

        /// <summary>The server chose an ALPN protocol the client did not offer.</summary>
        AlpnMismatch,

        /// <summary>A resumed session does not match the cached one (suite or extended master secret).</summary>
        ResumptionMismatch,

        /// <summary>The ClientHello does not fit the handshake buffer (host name, ALPN list, ticket).</summary>
        HandshakeBufferTooSmall,

        /// <summary>A handshake message larger than the handshake buffer.</summary>
        HandshakeMessageTooLarge,

        /// <summary>Too many empty records, warning alerts or HelloRequests in a row (more than 16).</summary>
        TooManyEmptyRecords,

        /// <summary>No entropy source: the engine refuses to run.</summary>
        NoEntropy,

        /// <summary>The 64-bit record sequence number would wrap.</summary>
        SequenceExhausted,
    }
}
