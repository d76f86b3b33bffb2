namespace NanoStack.Tls
{
    /// <summary>
    /// The client handshake states (RFC 5246 §7.3, Figure 1 for the full handshake and Figure 2
    /// for the abbreviated one), named after the message awaited or sent.
    /// </summary>
    public enum TlsHandshakeState
    {
        /// <summary>Not started (or reset).</summary>
        Idle = 0,

        /// <summary>ClientHello is being sent.</summary>
        SendClientHello,

        /// <summary>Waiting for ServerHello.</summary>
        WaitServerHello,

        /// <summary>Full handshake: waiting for Certificate.</summary>
        WaitCertificate,

        /// <summary>Full handshake: waiting for ServerKeyExchange.</summary>
        WaitServerKeyExchange,

        /// <summary>Full handshake: waiting for CertificateRequest or ServerHelloDone.</summary>
        WaitServerHelloDone,

        /// <summary>Full handshake: [Certificate], ClientKeyExchange, ChangeCipherSpec, Finished are being sent.</summary>
        SendClientFlight,

        /// <summary>Waiting for NewSessionTicket (when the server announced one) or ChangeCipherSpec.</summary>
        WaitChangeCipherSpec,

        /// <summary>Waiting for the server's Finished.</summary>
        WaitFinished,

        /// <summary>Abbreviated handshake: ChangeCipherSpec and Finished are being sent.</summary>
        SendClientFinished,

        /// <summary>Application data flows.</summary>
        Established,

        /// <summary>Over: closed in order or failed (see <see cref="TlsClientEngine.Failure"/>).</summary>
        Closed,
    }
}
