namespace NanoStack.Tls
{
    /// <summary>
    /// The limits and options of a <see cref="TlsClientEngine"/>, read once by its constructor
    /// (every buffer is sized from here and allocated then). Change it before constructing.
    /// </summary>
    public sealed class TlsClientConfig
    {
        /// <summary>Largest plaintext record the server may send (16384 by default, RFC 5246 §6.2.1).
        /// The receive buffer is this plus 325 bytes. A smaller value needs
        /// <see cref="MaxFragmentLength"/> or <see cref="RecordSizeLimit"/>, and the handshake fails
        /// (<see cref="TlsFailure.FragmentLimitRefused"/>) when the server accepts neither.</summary>
        public int ReceiveFragmentLength = 16384;

        /// <summary>Largest plaintext record the client sends (the send buffer is this plus 29 bytes).</summary>
        public int SendFragmentLength = 2048;

        /// <summary>max_fragment_length to offer (RFC 6066 §4): 0 (off), 512, 1024, 2048 or 4096.</summary>
        public int MaxFragmentLength;

        /// <summary>record_size_limit to offer (RFC 8449): 0 (off) or 64..16384.</summary>
        public int RecordSizeLimit;

        /// <summary>Bytes of the buffer that holds one handshake message (ClientHello out;
        /// ServerHello, ServerKeyExchange, Finished in). Certificate, CertificateRequest and
        /// NewSessionTicket are streamed through it, never held whole.</summary>
        public int HandshakeBufferLength = 1024;

        /// <summary>Cipher suites in preference order (<see cref="TlsCipherSuite"/>); a subset of the default six.</summary>
        public int[] CipherSuites = TlsCipherSuite.DefaultSuites();

        /// <summary>Key-exchange groups in preference order: x25519, secp256r1 (secp384r1 also
        /// works). The engine appends the curves of the ECDSA verifiers it was given (RFC 8422
        /// §5.1.1: in TLS 1.2 the list also limits the server certificate's curve), and the
        /// server may pick those for the key exchange as well.</summary>
        public int[] Groups = TlsCipherSuite.DefaultGroups();

        /// <summary>ALPN protocol names to offer (RFC 7301), e.g. "http/1.1"; null: no ALPN.</summary>
        public string[] AlpnProtocols;

        /// <summary>Offer session tickets (RFC 5077).</summary>
        public bool SessionTickets = true;

        /// <summary>Send server_name (RFC 6066 §3) with the host name given to Start.</summary>
        public bool ServerNameIndication = true;
    }
}
