using NanoStack.Tls.Crypto;
using NanoStack.Tls.X509;

namespace NanoStack.Tls
{
    /// <summary>
    /// A TLS 1.2 client (RFC 5246) that does no I/O: the caller moves record bytes in and out
    /// through <c>TryGet…</c>/<c>Ack…</c> pairs and reads <see cref="Flags"/> to learn what the
    /// engine wants next (<see cref="TlsEngineFlags"/>). <see cref="TlsConnection"/> is the small
    /// blocking driver that joins an engine to a byte channel.
    /// </summary>
    /// <remarks>
    /// Implementation notes
    /// - One file holds the client state machine (<see cref="TlsHandshakeState"/>): every
    ///   handshake message is dispatched in <see cref="OnMessage"/> by one switch on
    ///   (state, message type), and every state change goes through <see cref="SetState"/>.
    /// - Suites: ECDHE-ECDSA/RSA with ChaCha20-Poly1305 (RFC 7905), AES-128-GCM-SHA256 and
    ///   AES-256-GCM-SHA384 (RFC 5289); groups x25519 and secp256r1 (RFC 8422); signatures
    ///   ECDSA P-256/P-384, RSA-PSS (rsae) and PKCS#1 v1.5 with SHA-256/384.
    ///   extended_master_secret (RFC 7627) and an empty renegotiation_info (RFC 5746) are
    ///   required of the server. Renegotiation is refused (no_renegotiation warning).
    /// - Buffers, all allocated by the constructor from <see cref="TlsClientConfig"/>:
    ///   the receive buffer holds one whole record (ReceiveFragmentLength + 29 bytes: header 5,
    ///   and the AEAD expansion, explicit nonce 8 and tag 16 — RFC 5246 §6.2.3 allows 2048, but
    ///   the suites offered here add at most 24, and a longer record is record_overflow); the record is
    ///   decrypted in place and application data is read from there. The send buffer holds one
    ///   record (SendFragmentLength + 29: header 5, explicit nonce 8, tag 16); application data
    ///   is written straight into its plaintext area and sealed in place. The handshake buffer
    ///   holds one handshake message in either direction; Certificate and CertificateRequest
    ///   are streamed (the certificate bytes go to the validator as they arrive), and a
    ///   NewSessionTicket's ticket is kept in the handshake buffer only until the session is
    ///   stored. Transcript hashes run for SHA-256 and SHA-384 until ServerHello picks one.
    /// - Records: the header is read first (5 bytes), then exactly the record, so the caller is
    ///   never asked for more than one record. Lengths are checked against the limit before a
    ///   byte of the body is accepted (record_overflow). Sequence numbers are 64-bit and the
    ///   engine fails rather than wrap.
    /// - Errors are values (<see cref="Failure"/>, <see cref="Alert"/>,
    ///   <see cref="AlertReceived"/>, <see cref="CertificateStatus"/>), sticky until the next
    ///   <see cref="Start"/>. Bad input never throws; a fatal error queues the alert, which the
    ///   caller sends like any record, then the engine is closed.
    /// </remarks>
    public sealed class TlsClientEngine
    {
        // Content types (RFC 5246 §6.2.1).
        private const int ContentChangeCipherSpec = 20;
        private const int ContentAlert = 21;
        private const int ContentHandshake = 22;
        private const int ContentApplicationData = 23;

        // Handshake message types (RFC 5246 §7.4, RFC 5077 §3.3).
        private const int MsgHelloRequest = 0;
        private const int MsgClientHello = 1;
        private const int MsgServerHello = 2;
        private const int MsgNewSessionTicket = 4;
        private const int MsgCertificate = 11;
        private const int MsgServerKeyExchange = 12;
        private const int MsgCertificateRequest = 13;
        private const int MsgServerHelloDone = 14;
        private const int MsgClientKeyExchange = 16;
        private const int MsgFinished = 20;

        // Extension types.
        private const int ExtServerName = 0;
        private const int ExtMaxFragmentLength = 1;
        private const int ExtSupportedGroups = 10;
        private const int ExtEcPointFormats = 11;
        private const int ExtSignatureAlgorithms = 13;
        private const int ExtAlpn = 16;
        private const int ExtExtendedMasterSecret = 23;
        private const int ExtRecordSizeLimit = 28;
        private const int ExtSessionTicket = 35;
        private const int ExtRenegotiationInfo = 0xff01;

        /// <summary>Bytes the receive buffer holds beyond the plaintext limit: header 5, explicit
        /// nonce 8 (AES-GCM; ChaCha20-Poly1305 has none), tag 16.</summary>
        public const int ReceiveOverhead = 29;

        /// <summary>Bytes the send buffer holds beyond the plaintext limit (header, explicit nonce, tag).</summary>
        public const int SendOverhead = 29;

        private const int HeaderLength = 5;
        private const int TagLength = 16;
        private const int VerifyDataLength = 12;
        private const int MaxEmptyRecords = 16;

        // Flight steps.
        private const int FlightIdle = 0, FlightHandshake = 1, FlightCcs = 2, FlightFinished = 3;

        private static readonly byte[] LabelMaster = Ascii("extended master secret");
        private static readonly byte[] LabelKeys = Ascii("key expansion");
        private static readonly byte[] LabelClientFinished = Ascii("client finished");
        private static readonly byte[] LabelServerFinished = Ascii("server finished");

        // RFC 8446 §4.1.3: the last 8 bytes of a ServerHello random when TLS 1.1 or below was negotiated.
        private static readonly byte[] DowngradeTls11 = new byte[] { 0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x00 };

        private static readonly int[] AllSignatureSchemes = new int[]
        {
            TlsCipherSuite.SigEcdsaSecp256r1Sha256, TlsCipherSuite.SigEcdsaSecp384r1Sha384,
            TlsCipherSuite.SigRsaPssRsaeSha256, TlsCipherSuite.SigRsaPssRsaeSha384,
            TlsCipherSuite.SigRsaPkcs1Sha256, TlsCipherSuite.SigRsaPkcs1Sha384,
        };

        // The schemes this client can verify (its verifiers and hashes), in the order above.
        private readonly int[] _sigSchemes;

        // Configuration (copied).
        private readonly int[] _suites;
        private readonly int[] _groups;
        private readonly byte[] _alpnWire;
        private readonly string[] _alpn;
        private readonly int _mflCode;
        private readonly int _rsl;
        private readonly int _recvLimitConfigured;
        private readonly int _sendLimitConfigured;
        private readonly bool _tickets;
        private readonly bool _sni;

        // Collaborators.
        private readonly IEntropySource _entropy;
        private readonly IServerCertificateValidator _validator;
        private readonly EcdsaVerifier _p256;
        private readonly EcdsaVerifier _p384;
        private readonly RsaVerifier _rsa;

        // Buffers.
        private readonly byte[] _in;
        private readonly byte[] _out;
        private readonly byte[] _hs;

        // Crypto state.
        private readonly Sha256 _th256 = new Sha256();
        private readonly Sha384 _th384;
        private readonly Sha256 _s256 = new Sha256();
        private readonly Sha384 _s384;
        private readonly TlsPrf _prf256;
        private readonly TlsPrf _prf384;
        private readonly AesGcm _gcmWrite;
        private readonly AesGcm _gcmRead;
        private readonly ChaCha20Poly1305 _chachaWrite;
        private readonly ChaCha20Poly1305 _chachaRead;
        private int _keyLength;
        private readonly X25519 _x25519;
        private readonly Ecdh _ecdhP256;
        private readonly Ecdh _ecdhP384;
        private readonly byte[] _private = new byte[48];
        private readonly byte[] _private32 = new byte[32];
        private readonly byte[] _public = new byte[97];
        private readonly byte[] _premaster = new byte[48];
        private int _publicLength;
        private int _premasterLength;
        private readonly byte[] _master = new byte[TlsSessionCache.MasterSecretLength];
        private readonly byte[] _keyBlock = new byte[88];
        private readonly byte[] _writeIv = new byte[12];
        private readonly byte[] _readIv = new byte[12];
        private readonly byte[] _nonce = new byte[12];
        private readonly byte[] _aad = new byte[13];
        private readonly byte[] _clientRandom = new byte[32];
        private readonly byte[] _serverRandom = new byte[32];
        private readonly byte[] _sessionId = new byte[32];
        private readonly byte[] _digest = new byte[64];
        private readonly byte[] _verify = new byte[VerifyDataLength];
        private readonly byte[] _small = new byte[8];

        // Connection.
        private string _host;
        private long _now;
        private TlsSessionCache _cache;
        private int _cacheSlot;
        private TlsHandshakeState _state;
        private TlsFailure _failure;
        private int _alert;
        private bool _alertReceived;
        private ChainStatus _certStatus;
        private int _certPosition;
        private bool _closed;

        private int _suite;
        private int _group;
        private int _alpnIndex;
        private bool _resumed;
        private bool _expectTicket;
        private bool _ticketReceived;
        private int _ticketLength;
        private bool _certRequested;
        private int _sessionIdLength;
        private bool _offeredSessionId;
        private bool _mflNegotiated;
        private bool _rslNegotiated;
        private int _peerRecordLimit;
        private int _recvLimit;
        private int _sendLimit;

        private IAead _writeAead;
        private IAead _readAead;
        private int _writeExplicit;
        private int _readExplicit;
        private ulong _writeSeq;
        private ulong _readSeq;

        // Receive side.
        private int _inLength;
        private int _inNeed;
        private int _appInOffset;
        private int _appInLength;
        private int _emptyRecords;
        private bool _firstRecord;

        // Send side.
        private int _outOffset;
        private int _outLength;
        private int _appOutLength;
        private int _pendingAlert;
        private bool _pendingAlertFatal;
        private bool _closeNotifyQueued;
        private bool _closeNotifySent;

        // Handshake message assembly (incoming) and emission (outgoing).
        private int _hdrHave;
        private int _msgType;
        private int _msgLength;
        private int _msgHave;
        private int _msgBase;
        private bool _msgStreamed;
        private int _hsOutPosition;
        private int _hsOutEnd;
        private int _flight;
        private TlsHandshakeState _afterFlight;

        /// <summary>
        /// Allocates every buffer and object the connection needs. The verifiers may be shared
        /// with the certificate validator (they are the largest objects); a null verifier makes
        /// that key type unsupported (the handshake then fails on such a server).
        /// </summary>
        public TlsClientEngine(TlsClientConfig config, IEntropySource entropy, IServerCertificateValidator validator,
                               EcdsaVerifier p256, EcdsaVerifier p384, RsaVerifier rsa)
        {
            if (config == null)
            {
                throw new System.ArgumentNullException("config");
            }
            if (validator == null)
            {
                throw new System.ArgumentNullException("validator");
            }
            _entropy = entropy;
            _validator = validator;
            _p256 = p256;
            _p384 = p384;
            _rsa = rsa;

            _suites = CopyChecked(config.CipherSuites, true, "CipherSuites");
            _groups = OfferedGroups(CopyChecked(config.Groups, false, "Groups"), p256 != null, p384 != null);
            _mflCode = MflCode(config.MaxFragmentLength);
            if (config.RecordSizeLimit != 0 && (config.RecordSizeLimit < 64 || config.RecordSizeLimit > 16384))
            {
                throw new System.ArgumentOutOfRangeException("config", "RecordSizeLimit must be 0 or 64..16384");
            }
            _rsl = config.RecordSizeLimit;
            int recv = config.ReceiveFragmentLength;
            if (recv < 64 || recv > 16384)
            {
                throw new System.ArgumentOutOfRangeException("config", "ReceiveFragmentLength must be 64..16384");
            }
            if (recv < 16384)
            {
                // The server accepts one of them (RFC 8449 §5): the larger must fit.
                int offered = _mflCode != 0 ? config.MaxFragmentLength : 0;
                if (_rsl > offered)
                {
                    offered = _rsl;
                }
                if (_mflCode == 0 && _rsl == 0 || offered > recv)
                {
                    throw new System.ArgumentException("a ReceiveFragmentLength below 16384 needs MaxFragmentLength or RecordSizeLimit no larger than it");
                }
            }
            _recvLimitConfigured = recv;
            int send = config.SendFragmentLength;
            if (send < 64 || send > 16384)
            {
                throw new System.ArgumentOutOfRangeException("config", "SendFragmentLength must be 64..16384");
            }
            _sendLimitConfigured = send;
            if (config.HandshakeBufferLength < 512 || config.HandshakeBufferLength > 65536)
            {
                throw new System.ArgumentOutOfRangeException("config", "HandshakeBufferLength must be 512..65536");
            }
            _tickets = config.SessionTickets;
            _sni = config.ServerNameIndication;
            _alpn = config.AlpnProtocols;
            _alpnWire = EncodeAlpn(config.AlpnProtocols);

            _in = new byte[recv + ReceiveOverhead];
            _out = new byte[send + SendOverhead];
            _hs = new byte[config.HandshakeBufferLength];

            // The PRF's HMAC borrows the scratch hash as its working state (never in use at the same
            // time) and is the compact shape: a handshake runs a few dozen HMACs, so re-hashing the
            // padded key costs microseconds and saves two hash states.
            _prf256 = new TlsPrf(new Hmac(_s256));
            if (UsesSha384(_suites))
            {
                _th384 = new Sha384();
                _prf384 = new TlsPrf(new Hmac(_s384 = new Sha384()));
            }
            else if (p384 != null || rsa != null)
            {
                // SHA-384 signatures on ServerKeyExchange.
                _s384 = new Sha384();
            }
            _sigSchemes = SignatureSchemesFor(p256 != null || p384 != null, rsa != null, _s384 != null);
            for (int i = 0; i < _groups.Length; i++)
            {
                if (_groups[i] == TlsCipherSuite.GroupX25519)
                {
                    _x25519 = new X25519();
                }
                else if (_groups[i] == TlsCipherSuite.GroupSecp256r1)
                {
                    _ecdhP256 = p256 != null ? Ecdh.SharingCurveWith(p256) : Ecdh.P256();
                }
                else
                {
                    _ecdhP384 = p384 != null ? Ecdh.SharingCurveWith(p384) : Ecdh.P384();
                }
            }
            for (int i = 0; i < _suites.Length; i++)
            {
                if (TlsCipherSuite.IsChaCha(_suites[i]))
                {
                    if (_chachaWrite == null)
                    {
                        // One ChaCha20-Poly1305 for both directions: its key is set from the
                        // kept key block before each record (eight words copied), saving an
                        // instance (448 B on x64).
                        _chachaWrite = new ChaCha20Poly1305();
                        _chachaRead = _chachaWrite;
                    }
                }
                else if (_gcmWrite == null)
                {
                    // Likewise one AES-GCM: the key schedule and GHASH key are redone per record.
                    _gcmWrite = new AesGcm();
                    _gcmRead = _gcmWrite;
                }
            }
            _state = TlsHandshakeState.Idle;
            _closed = true;
            _alert = TlsAlert.None;
            _pendingAlert = -1;
        }

        // ------------------------------------------------------------------ public surface

        /// <summary>What the engine wants next: a set of <see cref="TlsEngineFlags"/> bits.</summary>
        public int Flags
        {
            get
            {
                int flags = 0;
                if (_outLength > 0)
                {
                    flags |= TlsEngineFlags.SendRecord;
                }
                if (_closed)
                {
                    return flags | TlsEngineFlags.Closed;
                }
                if (_appInLength > 0)
                {
                    flags |= TlsEngineFlags.ReceiveApp;
                }
                else if (WantsRecords())
                {
                    flags |= TlsEngineFlags.ReceiveRecord;
                }
                if (CanStageAppData())
                {
                    flags |= TlsEngineFlags.SendApp;
                }
                return flags;
            }
        }

        /// <summary>The handshake state.</summary>
        public TlsHandshakeState State { get { return _state; } }

        /// <summary>True once the handshake completed (and until the connection ends).</summary>
        public bool IsEstablished { get { return _state == TlsHandshakeState.Established && !_closed; } }

        /// <summary>Why the connection ended or failed; <see cref="TlsFailure.None"/> while it runs.</summary>
        public TlsFailure Failure { get { return _failure; } }

        /// <summary>The alert description sent or received with the failure (<see cref="TlsAlert"/>), or −1.</summary>
        public int Alert { get { return _alert; } }

        /// <summary>True when <see cref="Alert"/> came from the peer, false when this client sent it.</summary>
        public bool AlertReceived { get { return _alertReceived; } }

        /// <summary>The certificate check that failed when <see cref="Failure"/> is <see cref="TlsFailure.BadCertificate"/>.</summary>
        public ChainStatus CertificateStatus { get { return _certStatus; } }

        /// <summary>Position of the failing certificate (0 = leaf), or −1.</summary>
        public int CertificatePosition { get { return _certPosition; } }

        /// <summary>The negotiated cipher suite (<see cref="TlsCipherSuite"/>), or 0.</summary>
        public int CipherSuite { get { return _suite; } }

        /// <summary>The key-exchange group of a full handshake, or 0 (also after resumption).</summary>
        public int Group { get { return _group; } }

        /// <summary>True when the handshake resumed a cached session.</summary>
        public bool Resumed { get { return _resumed; } }

        /// <summary>The ALPN protocol the server chose, or null.</summary>
        public string NegotiatedProtocol { get { return _alpnIndex >= 0 && _alpn != null ? _alpn[_alpnIndex] : null; } }

        /// <summary>Largest plaintext record the server may send on this connection.</summary>
        public int ReceiveFragmentLimit { get { return _recvLimit; } }

        /// <summary>Largest plaintext record this client sends on this connection.</summary>
        public int SendFragmentLimit { get { return _sendLimit; } }

        /// <summary>True when the server accepted max_fragment_length.</summary>
        public bool MaxFragmentLengthNegotiated { get { return _mflNegotiated; } }

        /// <summary>True when the server accepted record_size_limit.</summary>
        public bool RecordSizeLimitNegotiated { get { return _rslNegotiated; } }

        /// <summary>True when the server sent a NewSessionTicket in this handshake.</summary>
        public bool TicketReceived { get { return _ticketReceived; } }

        /// <summary>HelloRequests refused with a no_renegotiation warning on this connection.</summary>
        public int RenegotiationRequests { get { return _renegotiationRequests; } }

        /// <summary>Bytes of the receive buffer (for memory accounting).</summary>
        public int ReceiveBufferLength { get { return _in.Length; } }

        /// <summary>Bytes of the send buffer.</summary>
        public int SendBufferLength { get { return _out.Length; } }

        /// <summary>
        /// Starts a handshake with <paramref name="hostName"/> (SNI and the certificate's name;
        /// null skips both) at <paramref name="unixTimeSeconds"/> (certificate validity), offering
        /// the session <paramref name="cache"/> holds for the host (null: no resumption). Any
        /// previous connection state is dropped. Allocates nothing.
        /// </summary>
        public void Start(string hostName, long unixTimeSeconds, TlsSessionCache cache)
        {
            ResetConnection();
            _host = hostName;
            _now = unixTimeSeconds;
            _cache = cache;
            _closed = false;
            if (_entropy == null)
            {
                Fail(TlsFailure.NoEntropy, TlsAlert.None);
                return;
            }
            _entropy.GetBytes(_clientRandom, 0, 32);
            _cacheSlot = cache != null ? cache.Find(hostName) : -1;
            if (!BuildClientHello())
            {
                return;
            }
            SetState(TlsHandshakeState.SendClientHello);
            StartHandshakeEmission(0, _hsOutEnd, TlsHandshakeState.WaitServerHello);
            Pump();
        }

        /// <summary>The pending record bytes to send, if any.</summary>
        public bool TryGetRecordsToSend(out byte[] buffer, out int offset, out int count)
        {
            buffer = _out;
            offset = _outOffset;
            count = _outLength;
            return count > 0;
        }

        /// <summary>Says that <paramref name="count"/> of the pending record bytes were sent.</summary>
        public void AckRecordsSent(int count)
        {
            if (count < 0 || count > _outLength)
            {
                throw new System.ArgumentOutOfRangeException("count");
            }
            _outOffset += count;
            _outLength -= count;
            if (_outLength == 0)
            {
                _outOffset = 0;
                Pump();
            }
        }

        /// <summary>Where the next record bytes from the peer go: exactly the bytes still
        /// missing from the current record (its 5-byte header first, then its body).</summary>
        public bool TryGetRecordSpace(out byte[] buffer, out int offset, out int count)
        {
            buffer = _in;
            offset = _inLength;
            if (_closed || _appInLength > 0 || !WantsRecords())
            {
                count = 0;
                return false;
            }
            count = _inNeed - _inLength;
            return count > 0;
        }

        /// <summary>Says that <paramref name="count"/> bytes were written at the space given by
        /// <see cref="TryGetRecordSpace"/>. A completed record is processed at once.</summary>
        public void AckRecordBytes(int count)
        {
            if (count < 0 || count > _inNeed - _inLength)
            {
                throw new System.ArgumentOutOfRangeException("count");
            }
            if (count == 0 || _closed)
            {
                return;
            }
            _inLength += count;
            if (_inLength < _inNeed)
            {
                return;
            }
            if (_inNeed == HeaderLength)
            {
                if (!ParseRecordHeader())
                {
                    Pump();
                    return;
                }
                if (_inNeed > HeaderLength)
                {
                    return;
                }
            }
            ProcessRecord();
            if (_appInLength == 0)
            {
                _inLength = 0;
                _inNeed = HeaderLength;
            }
            Pump();
        }

        /// <summary>Decrypted application data waiting to be read, if any.</summary>
        public bool TryGetAppData(out byte[] buffer, out int offset, out int count)
        {
            buffer = _in;
            offset = _appInOffset;
            count = _appInLength;
            return count > 0;
        }

        /// <summary>Says that <paramref name="count"/> bytes of application data were consumed.</summary>
        public void AckAppData(int count)
        {
            if (count < 0 || count > _appInLength)
            {
                throw new System.ArgumentOutOfRangeException("count");
            }
            _appInOffset += count;
            _appInLength -= count;
            if (_appInLength == 0)
            {
                _appInOffset = 0;
                _inLength = 0;
                _inNeed = HeaderLength;
            }
        }

        /// <summary>Where application data to send may be written (the plaintext area of the next record).</summary>
        public bool TryGetAppSendSpace(out byte[] buffer, out int offset, out int count)
        {
            buffer = _out;
            if (!CanStageAppData())
            {
                offset = 0;
                count = 0;
                return false;
            }
            offset = HeaderLength + _writeExplicit + _appOutLength;
            count = _sendLimit - _appOutLength;
            return count > 0;
        }

        /// <summary>Says that <paramref name="count"/> bytes were written at the space given by
        /// <see cref="TryGetAppSendSpace"/>. A full record is sealed and queued at once.</summary>
        public void AckAppSend(int count)
        {
            if (count < 0 || !CanStageAppData() || count > _sendLimit - _appOutLength)
            {
                throw new System.ArgumentOutOfRangeException("count");
            }
            _appOutLength += count;
            if (_appOutLength == _sendLimit)
            {
                SealAppData();
            }
        }

        /// <summary>Seals the application data written so far into a record (no-op when none).</summary>
        public void Flush()
        {
            if (_appOutLength > 0 && _outLength == 0 && !_closed)
            {
                SealAppData();
            }
        }

        /// <summary>Orderly close: flushes, then queues close_notify; the engine is closed once it is sent.</summary>
        public void Close()
        {
            if (_closed)
            {
                return;
            }
            if (_state != TlsHandshakeState.Established)
            {
                Fail(TlsFailure.LocallyClosed, TlsAlert.UserCanceled);
                return;
            }
            if (_failure == TlsFailure.None)
            {
                _failure = TlsFailure.LocallyClosed;
            }
            _closeNotifyQueued = true;
            Pump();
        }

        /// <summary>The transport reached end of stream: truncation unless close_notify came first.</summary>
        public void EndOfStream()
        {
            if (_closed)
            {
                return;
            }
            if (_failure == TlsFailure.PeerClosed)
            {
                _closed = true;
                SetState(TlsHandshakeState.Closed);
                return;
            }
            FailSilently(TlsFailure.Truncated);
        }

        /// <summary>The transport failed or timed out (<see cref="TlsFailure.Timeout"/>,
        /// <see cref="TlsFailure.TransportFailed"/>): the engine closes without sending anything.</summary>
        public void TransportFailed(TlsFailure reason)
        {
            if (!_closed)
            {
                FailSilently(reason);
            }
            _outLength = 0;
            _outOffset = 0;
        }

        /// <summary>
        /// Copies the client random and the master secret, e.g. to write an NSS key log line
        /// ("CLIENT_RANDOM &lt;client random&gt; &lt;master secret&gt;") for decrypting a capture.
        /// Valid once the handshake derived the keys.
        /// </summary>
        public void ExportKeyLog(byte[] clientRandom, byte[] masterSecret)
        {
            CryptoRange.Check(clientRandom, 0, 32, "clientRandom");
            CryptoRange.Check(masterSecret, 0, TlsSessionCache.MasterSecretLength, "masterSecret");
            System.Array.Copy(_clientRandom, 0, clientRandom, 0, 32);
            System.Array.Copy(_master, 0, masterSecret, 0, TlsSessionCache.MasterSecretLength);
        }

        /// <summary>A one-line description of the failure, e.g. "alert bad_record_mac received".
        /// Allocates (for messages and logs only).</summary>
        public string DescribeFailure()
        {
            string text = FailureName(_failure);
            if (_failure == TlsFailure.BadCertificate)
            {
                text = string.Concat(text, ": ", ChainStatusName(_certStatus), " at certificate ", _certPosition.ToString());
            }
            if (_failedIn != TlsHandshakeState.Idle)
            {
                text = string.Concat(text, " in state ", StateName(_failedIn));
                if (_failedMessage >= 0)
                {
                    text = string.Concat(text, " at handshake message type ", _failedMessage.ToString());
                }
            }
            if (_alert >= 0)
            {
                text = string.Concat(text, " (alert ", TlsAlert.Name(_alert), _alertReceived ? " received)" : " sent)");
            }
            return text;
        }

        // ------------------------------------------------------------------ state machine

        private void SetState(TlsHandshakeState state)
        {
            _state = state;
        }

        // RFC 5246 §7.3 Figures 1 and 2: one switch on (state, message type).
        private void OnMessage(int type, byte[] body, int offset, int length)
        {
            switch (_state)
            {
                case TlsHandshakeState.WaitServerHello:
                    if (type == MsgServerHello)
                    {
                        OnServerHello(body, offset, length);
                        return;
                    }
                    break;
                case TlsHandshakeState.WaitCertificate:
                    if (type == MsgCertificate)
                    {
                        // Streamed: validation completed in OnStreamEnd.
                        return;
                    }
                    break;
                case TlsHandshakeState.WaitServerKeyExchange:
                    if (type == MsgServerKeyExchange)
                    {
                        OnServerKeyExchange(body, offset, length);
                        return;
                    }
                    break;
                case TlsHandshakeState.WaitServerHelloDone:
                    if (type == MsgCertificateRequest && !_certRequested)
                    {
                        // RFC 5246 §7.4.4: answered by an empty Certificate (no client authentication).
                        _certRequested = true;
                        return;
                    }
                    if (type == MsgServerHelloDone)
                    {
                        if (length != 0)
                        {
                            Fail(TlsFailure.DecodeError, TlsAlert.DecodeError);
                            return;
                        }
                        OnServerHelloDone();
                        return;
                    }
                    break;
                case TlsHandshakeState.WaitChangeCipherSpec:
                    if (type == MsgNewSessionTicket && _expectTicket && !_ticketReceived)
                    {
                        // Streamed: the ticket was kept in OnStreamChunk.
                        _ticketReceived = true;
                        return;
                    }
                    break;
                case TlsHandshakeState.WaitFinished:
                    if (type == MsgFinished)
                    {
                        OnServerFinished(body, offset, length);
                        return;
                    }
                    break;
            }
            Fail(TlsFailure.UnexpectedMessage, TlsAlert.UnexpectedMessage);
        }

        private void OnServerHello(byte[] b, int o, int n)
        {
            // RFC 5246 §7.4.1.3.
            if (n < 38)
            {
                Fail(TlsFailure.DecodeError, TlsAlert.DecodeError);
                return;
            }
            int end = o + n;
            int version = (b[o] << 8) | b[o + 1];
            if (version != 0x0303)
            {
                Fail(TlsFailure.ProtocolVersion, TlsAlert.ProtocolVersion);
                return;
            }
            System.Array.Copy(b, o + 2, _serverRandom, 0, 32);
            if (Ct.BytesEqual(_serverRandom, 24, DowngradeTls11, 0, 8) != 0)
            {
                Fail(TlsFailure.ProtocolVersion, TlsAlert.IllegalParameter);
                return;
            }
            int p = o + 34;
            int idLength = b[p++];
            if (idLength > 32 || p + idLength + 3 > end)
            {
                Fail(TlsFailure.DecodeError, TlsAlert.DecodeError);
                return;
            }
            bool sameId = _offeredSessionId && idLength == _sessionIdLength && idLength > 0
                && Ct.BytesEqual(b, p, _sessionId, 0, idLength) != 0;
            System.Array.Copy(b, p, _sessionId, 0, idLength);
            _sessionIdLength = idLength;
            p += idLength;
            int suite = (b[p] << 8) | b[p + 1];
            p += 2;
            int compression = b[p++];
            if (!Contains(_suites, suite))
            {
                Fail(TlsFailure.UnofferedCipherSuite, TlsAlert.IllegalParameter);
                return;
            }
            if (compression != 0)
            {
                Fail(TlsFailure.DecodeError, TlsAlert.IllegalParameter);
                return;
            }
            _suite = suite;

            bool ems = false, reneg = false, mfl = false, rsl = false, sni = false, points = false, ticket = false, alpn = false;
            if (p < end)
            {
                if (p + 2 > end)
                {
                    Fail(TlsFailure.DecodeError, TlsAlert.DecodeError);
                    return;
                }
                int extLength = (b[p] << 8) | b[p + 1];
                p += 2;
                if (p + extLength != end)
                {
                    Fail(TlsFailure.DecodeError, TlsAlert.DecodeError);
                    return;
                }
                while (p < end)
                {
                    if (p + 4 > end)
                    {
                        Fail(TlsFailure.DecodeError, TlsAlert.DecodeError);
                        return;
                    }
                    int type = (b[p] << 8) | b[p + 1];
                    int length = (b[p + 2] << 8) | b[p + 3];
                    p += 4;
                    if (p + length > end)
                    {
                        Fail(TlsFailure.DecodeError, TlsAlert.DecodeError);
                        return;
                    }
                    bool duplicate = false;
                    bool ok = true;
                    switch (type)
                    {
                        case ExtRenegotiationInfo:
                            // RFC 5746 §3.4: renegotiated_connection must be empty on the first handshake.
                            duplicate = reneg;
                            reneg = true;
                            if (length != 1 || b[p] != 0)
                            {
                                Fail(TlsFailure.SecureRenegotiationMissing, TlsAlert.HandshakeFailure);
                                return;
                            }
                            break;
                        case ExtExtendedMasterSecret:
                            duplicate = ems;
                            ems = true;
                            ok = length == 0;
                            break;
                        case ExtServerName:
                            duplicate = sni;
                            sni = true;
                            ok = length == 0 && _sni && _host != null;
                            break;
                        case ExtEcPointFormats:
                            // RFC 8422 §5.2: the list must contain uncompressed (0).
                            duplicate = points;
                            points = true;
                            ok = length >= 2 && b[p] == length - 1 && IndexOfByte(b, p + 1, length - 1, 0) >= 0;
                            break;
                        case ExtSessionTicket:
                            duplicate = ticket;
                            ticket = true;
                            ok = length == 0 && _tickets;
                            break;
                        case ExtAlpn:
                            duplicate = alpn;
                            alpn = true;
                            if (_alpnWire == null)
                            {
                                ok = false;
                                break;
                            }
                            if (length < 3 || ((b[p] << 8) | b[p + 1]) != length - 2 || b[p + 2] != length - 3 || length - 3 == 0)
                            {
                                Fail(TlsFailure.DecodeError, TlsAlert.DecodeError);
                                return;
                            }
                            _alpnIndex = FindAlpn(b, p + 3, length - 3);
                            if (_alpnIndex < 0)
                            {
                                // RFC 7301 §3.2: a protocol the client did not offer.
                                Fail(TlsFailure.AlpnMismatch, TlsAlert.IllegalParameter);
                                return;
                            }
                            break;
                        case ExtMaxFragmentLength:
                            // RFC 6066 §4: the same value the client sent.
                            duplicate = mfl;
                            mfl = true;
                            ok = _mflCode != 0 && length == 1 && b[p] == _mflCode;
                            break;
                        case ExtRecordSizeLimit:
                            // RFC 8449 §4: at least 64; in TLS 1.2 at most 2^14.
                            duplicate = rsl;
                            rsl = true;
                            if (_rsl == 0 || length != 2)
                            {
                                ok = false;
                                break;
                            }
                            _peerRecordLimit = (b[p] << 8) | b[p + 1];
                            ok = _peerRecordLimit >= 64;
                            if (_peerRecordLimit > 16384)
                            {
                                _peerRecordLimit = 16384;
                            }
                            break;
                        default:
                            // RFC 5246 §7.4.1.4: only extensions the client offered.
                            Fail(TlsFailure.UnsupportedExtension, TlsAlert.UnsupportedExtension);
                            return;
                    }
                    if (duplicate)
                    {
                        Fail(TlsFailure.DecodeError, TlsAlert.DecodeError);
                        return;
                    }
                    if (!ok)
                    {
                        Fail(TlsFailure.UnsupportedExtension, TlsAlert.IllegalParameter);
                        return;
                    }
                    p += length;
                }
            }
            if (!reneg)
            {
                Fail(TlsFailure.SecureRenegotiationMissing, TlsAlert.HandshakeFailure);
                return;
            }
            if (!ems)
            {
                // RFC 7627 §5.2 / §5.3: this client requires the extended master secret, resumed or not.
                Fail(TlsFailure.ExtendedMasterSecretMissing, TlsAlert.HandshakeFailure);
                return;
            }
            if (mfl && rsl)
            {
                // RFC 8449 §5: a server that supports record_size_limit ignores max_fragment_length.
                Fail(TlsFailure.UnsupportedExtension, TlsAlert.IllegalParameter);
                return;
            }
            _mflNegotiated = mfl;
            _rslNegotiated = rsl;
            _recvLimit = 16384;
            _sendLimit = _sendLimitConfigured;
            if (mfl)
            {
                _recvLimit = 256 << _mflCode;
                _sendLimit = Min(_sendLimit, _recvLimit);
            }
            if (rsl)
            {
                _recvLimit = _rsl;
                _sendLimit = Min(_sendLimit, _peerRecordLimit);
            }
            if (_recvLimit > _recvLimitConfigured)
            {
                Fail(TlsFailure.FragmentLimitRefused, TlsAlert.HandshakeFailure);
                return;
            }
            _expectTicket = ticket;

            if (sameId)
            {
                // RFC 5246 §7.3 Figure 2 / RFC 5077 §3.4: the server resumes the offered session.
                if (suite != _cache.Suite(_cacheSlot))
                {
                    Fail(TlsFailure.ResumptionMismatch, TlsAlert.IllegalParameter);
                    return;
                }
                _resumed = true;
                System.Array.Copy(_cache.MasterSecret(_cacheSlot), 0, _master, 0, TlsSessionCache.MasterSecretLength);
                DeriveKeys();
                SetState(TlsHandshakeState.WaitChangeCipherSpec);
                return;
            }
            SetState(TlsHandshakeState.WaitCertificate);
        }

        private void OnCertificateEnd()
        {
            ChainStatus status = _validator.Finish();
            if (status != ChainStatus.Ok)
            {
                FailCertificate(status == ChainStatus.InProgress ? ChainStatus.BadEncoding : status);
                return;
            }
            KeyType key = _validator.Leaf.KeyType;
            bool ecdsa = TlsCipherSuite.IsEcdsa(_suite);
            if (ecdsa && key != KeyType.EcP256 && key != KeyType.EcP384 || !ecdsa && key != KeyType.Rsa)
            {
                // RFC 5246 §7.4.2: the key must fit the suite's authentication algorithm.
                FailCertificate(ChainStatus.UnsupportedAlgorithm);
                return;
            }
            SetState(TlsHandshakeState.WaitServerKeyExchange);
        }

        private void OnServerKeyExchange(byte[] b, int o, int n)
        {
            // RFC 8422 §5.4: ECParameters (named_curve) || ECPoint, then the signature.
            if (n < 4 || b[o] != 3)
            {
                Fail(TlsFailure.DecodeError, TlsAlert.DecodeError);
                return;
            }
            int group = (b[o + 1] << 8) | b[o + 2];
            int pointLength = b[o + 3];
            int paramsLength = 4 + pointLength;
            if (paramsLength + 4 > n)
            {
                Fail(TlsFailure.DecodeError, TlsAlert.DecodeError);
                return;
            }
            if (!Contains(_groups, group))
            {
                Fail(TlsFailure.UnofferedGroup, TlsAlert.IllegalParameter);
                return;
            }
            int p = o + paramsLength;
            int scheme = (b[p] << 8) | b[p + 1];
            int sigLength = (b[p + 2] << 8) | b[p + 3];
            int sig = p + 4;
            if (paramsLength + 4 + sigLength != n)
            {
                Fail(TlsFailure.DecodeError, TlsAlert.DecodeError);
                return;
            }
            if (!Contains(_sigSchemes, scheme))
            {
                Fail(TlsFailure.UnofferedSignatureAlgorithm, TlsAlert.IllegalParameter);
                return;
            }

            // RFC 8422 §5.4: the signature covers client_random + server_random + ServerECDHParams.
            bool sha384 = scheme == TlsCipherSuite.SigEcdsaSecp384r1Sha384 || scheme == TlsCipherSuite.SigRsaPssRsaeSha384
                || scheme == TlsCipherSuite.SigRsaPkcs1Sha384;
            IHash h = sha384 ? (IHash)_s384 : _s256;
            h.Reset();
            h.Update(_clientRandom, 0, 32);
            h.Update(_serverRandom, 0, 32);
            h.Update(b, o, paramsLength);
            h.Finish(_digest, 0);
            int digestLength = h.HashSize;

            CertificateInfo leaf = _validator.Leaf;
            bool verified;
            bool ecScheme = scheme == TlsCipherSuite.SigEcdsaSecp256r1Sha256 || scheme == TlsCipherSuite.SigEcdsaSecp384r1Sha384;
            if (ecScheme != TlsCipherSuite.IsEcdsa(_suite))
            {
                Fail(TlsFailure.UnofferedSignatureAlgorithm, TlsAlert.IllegalParameter);
                return;
            }
            if (ecScheme)
            {
                EcdsaVerifier v = leaf.KeyType == KeyType.EcP256 ? _p256 : leaf.KeyType == KeyType.EcP384 ? _p384 : null;
                if (v == null)
                {
                    Fail(TlsFailure.UnofferedSignatureAlgorithm, TlsAlert.HandshakeFailure);
                    return;
                }
                verified = v.VerifyDer(leaf.EcPoint, 0, leaf.EcPointLength, _digest, 0, digestLength, b, sig, sigLength);
            }
            else if (_rsa == null)
            {
                Fail(TlsFailure.UnofferedSignatureAlgorithm, TlsAlert.HandshakeFailure);
                return;
            }
            else if (scheme == TlsCipherSuite.SigRsaPkcs1Sha256 || scheme == TlsCipherSuite.SigRsaPkcs1Sha384)
            {
                verified = _rsa.VerifyPkcs1(leaf.RsaModulus, 0, leaf.RsaModulusLength, leaf.RsaExponent, 0, leaf.RsaExponentLength,
                    sha384 ? RsaVerifier.Sha384 : RsaVerifier.Sha256, _digest, 0, b, sig, sigLength);
            }
            else
            {
                // RFC 8446 §4.2.3: rsa_pss_rsae_* — MGF1 with the same hash, salt as long as the hash.
                verified = _rsa.VerifyPss(leaf.RsaModulus, 0, leaf.RsaModulusLength, leaf.RsaExponent, 0, leaf.RsaExponentLength,
                    h, _digest, 0, digestLength, b, sig, sigLength);
            }
            if (!verified)
            {
                Fail(TlsFailure.BadServerKeyExchangeSignature, TlsAlert.DecryptError);
                return;
            }

            // The ephemeral key pair and the premaster secret (RFC 8422 §5.10, RFC 7748 §6.1).
            int point = o + 4;
            bool good;
            if (group == TlsCipherSuite.GroupX25519)
            {
                if (pointLength != X25519.KeySize || _x25519 == null)
                {
                    Fail(TlsFailure.BadServerKey, TlsAlert.IllegalParameter);
                    return;
                }
                _entropy.GetBytes(_private, 0, 32);
                _x25519.ComputePublicKey(_private, 0, _public, 0);
                good = _x25519.ComputeSharedSecret(_private, 0, b, point, _premaster, 0);
                _publicLength = 32;
                _premasterLength = 32;
            }
            else
            {
                Ecdh ecdh = group == TlsCipherSuite.GroupSecp256r1 ? _ecdhP256 : _ecdhP384;
                byte[] priv = group == TlsCipherSuite.GroupSecp256r1 ? _private32 : _private;
                good = false;
                for (int attempt = 0; attempt < 8 && !good; attempt++)
                {
                    _entropy.GetBytes(priv, 0, priv.Length);
                    good = ecdh.ComputePublicKey(priv, _public);
                }
                good = good && ecdh.ComputeSharedSecret(priv, b, point, pointLength, _premaster);
                Ct.Wipe(priv);
                _publicLength = ecdh.PublicKeyLength;
                _premasterLength = ecdh.SharedSecretLength;
            }
            Ct.Wipe(_private);
            if (!good)
            {
                Fail(TlsFailure.BadServerKey, TlsAlert.IllegalParameter);
                return;
            }
            _group = group;
            SetState(TlsHandshakeState.WaitServerHelloDone);
        }

        private void OnServerHelloDone()
        {
            // RFC 5246 §7.4.6–7.4.7: [empty Certificate], ClientKeyExchange (the ECDH public value).
            int p = 0;
            byte[] m = _hs;
            if (_certRequested)
            {
                m[p++] = MsgCertificate;
                m[p++] = 0;
                m[p++] = 0;
                m[p++] = 3;
                m[p++] = 0;
                m[p++] = 0;
                m[p++] = 0;
            }
            int publicLength = _publicLength;
            m[p++] = MsgClientKeyExchange;
            m[p++] = 0;
            m[p++] = 0;
            m[p++] = (byte)(1 + publicLength);
            m[p++] = (byte)publicLength;
            System.Array.Copy(_public, 0, m, p, publicLength);
            p += publicLength;
            TranscriptUpdate(m, 0, p);

            // RFC 7627 §4: master_secret = PRF(pre_master_secret, "extended master secret", session_hash).
            int hashLength = TranscriptHash(_digest);
            Prf(_premaster, 0, _premasterLength, LabelMaster, _digest, 0, hashLength, null, 0, _master, 0, TlsSessionCache.MasterSecretLength);
            Ct.Wipe(_premaster);
            DeriveKeys();

            SetState(TlsHandshakeState.SendClientFlight);
            StartHandshakeEmission(0, p, TlsHandshakeState.Idle);
            _flight = FlightHandshake;
            _afterFlight = TlsHandshakeState.WaitChangeCipherSpec;
        }

        private void OnServerFinished(byte[] b, int o, int n)
        {
            // RFC 5246 §7.4.9: verify_data = PRF(master_secret, "server finished", Hash(handshake_messages))[0..11].
            if (n != VerifyDataLength)
            {
                Fail(TlsFailure.DecodeError, TlsAlert.DecodeError);
                return;
            }
            int hashLength = TranscriptHash(_digest);
            Prf(_master, 0, TlsSessionCache.MasterSecretLength, LabelServerFinished, _digest, 0, hashLength, null, 0, _verify, 0, VerifyDataLength);
            if (Ct.BytesEqual(_verify, 0, b, o, VerifyDataLength) == 0)
            {
                Fail(TlsFailure.BadFinished, TlsAlert.DecryptError);
                return;
            }
            // The server is authenticated: the session may be cached.
            StoreSession();
            if (_resumed)
            {
                // Figure 2: the client's ChangeCipherSpec and Finished follow the server's.
                TranscriptUpdate(_hsHeader, 0, 4);
                TranscriptUpdate(b, o, n);
                SetState(TlsHandshakeState.SendClientFinished);
                _flight = FlightCcs;
                _afterFlight = TlsHandshakeState.Established;
                return;
            }
            SetState(TlsHandshakeState.Established);
        }

        private void StoreSession()
        {
            if (_cache == null || _host == null)
            {
                return;
            }
            if (_resumed && !_ticketReceived)
            {
                // Nothing new: the cached session stays as it is.
                return;
            }
            if (_sessionIdLength > 0 || _ticketLength > 0)
            {
                // A received ticket sits at the start of the handshake buffer (OnStreamChunk).
                _cacheSlot = _cache.Store(_host, _sessionId, _sessionIdLength, _master, _suite, _hs, _ticketLength);
            }
        }

        // ------------------------------------------------------------------ handshake assembly

        private readonly byte[] _hsHeader = new byte[4];
        private int _renegotiationRequests;
        private TlsHandshakeState _failedIn;
        private int _failedMessage;
        private int _nstHave;
        private int _nstTicketLength;
        private bool _nstKeep;

        private void OnHandshakeBytes(byte[] b, int p, int end)
        {
            while (p < end && !_closed && _failure == TlsFailure.None)
            {
                if (_hdrHave < 4)
                {
                    _hsHeader[_hdrHave++] = b[p++];
                    if (_hdrHave == 4)
                    {
                        _msgType = _hsHeader[0];
                        _msgLength = (_hsHeader[1] << 16) | (_hsHeader[2] << 8) | _hsHeader[3];
                        _msgHave = 0;
                        if (!OnMessageStart())
                        {
                            return;
                        }
                        if (_msgLength == 0)
                        {
                            OnMessageEnd();
                        }
                    }
                    continue;
                }
                int take = Min(end - p, _msgLength - _msgHave);
                if (_msgStreamed)
                {
                    OnStreamChunk(b, p, take);
                }
                else
                {
                    System.Array.Copy(b, p, _hs, _msgBase + _msgHave, take);
                }
                _msgHave += take;
                p += take;
                if (_msgHave == _msgLength)
                {
                    OnMessageEnd();
                }
            }
        }

        // Decides how a message is taken in: streamed (Certificate, CertificateRequest,
        // NewSessionTicket) or buffered whole; the transcript gets streamed headers at once.
        private bool OnMessageStart()
        {
            int type = _msgType;
            _msgStreamed = false;
            _msgBase = 0;
            if (type == MsgHelloRequest)
            {
                if (_msgLength != 0)
                {
                    Fail(TlsFailure.DecodeError, TlsAlert.DecodeError);
                    return false;
                }
                return true;
            }
            if (type == MsgCertificate && _state == TlsHandshakeState.WaitCertificate)
            {
                _msgStreamed = true;
                TranscriptUpdate(_hsHeader, 0, 4);
                _validator.Begin(_host, _now);
                return true;
            }
            if (type == MsgCertificateRequest && _state == TlsHandshakeState.WaitServerHelloDone)
            {
                _msgStreamed = true;
                TranscriptUpdate(_hsHeader, 0, 4);
                return true;
            }
            if (type == MsgNewSessionTicket && _state == TlsHandshakeState.WaitChangeCipherSpec && _expectTicket && !_ticketReceived)
            {
                // RFC 5077 §3.3: lifetime_hint (4), ticket<0..2^16-1>.
                if (_msgLength < 6)
                {
                    Fail(TlsFailure.DecodeError, TlsAlert.DecodeError);
                    return false;
                }
                _msgStreamed = true;
                _nstHave = 0;
                _nstTicketLength = 0;
                _nstKeep = false;
                TranscriptUpdate(_hsHeader, 0, 4);
                return true;
            }
            if (type == MsgFinished)
            {
                // Kept at the end so a received ticket at the start of the buffer survives.
                _msgBase = _hs.Length - VerifyDataLength;
                if (_msgLength != VerifyDataLength)
                {
                    Fail(TlsFailure.DecodeError, TlsAlert.DecodeError);
                    return false;
                }
                return true;
            }
            if (_msgLength > _hs.Length)
            {
                bool known = type == MsgServerHello || type == MsgServerKeyExchange || type == MsgServerHelloDone;
                Fail(known ? TlsFailure.HandshakeMessageTooLarge : TlsFailure.UnexpectedMessage,
                     known ? TlsAlert.InternalError : TlsAlert.UnexpectedMessage);
                return false;
            }
            return true;
        }

        private void OnStreamChunk(byte[] b, int p, int n)
        {
            TranscriptUpdate(b, p, n);
            if (_msgType == MsgCertificate)
            {
                ChainStatus status = _validator.Feed(b, p, n);
                if (status != ChainStatus.InProgress && status != ChainStatus.Ok)
                {
                    FailCertificate(status);
                }
                return;
            }
            if (_msgType == MsgNewSessionTicket)
            {
                int end = p + n;
                while (p < end && _nstHave < 6)
                {
                    byte v = b[p++];
                    if (_nstHave >= 4)
                    {
                        _nstTicketLength = (_nstTicketLength << 8) | v;
                    }
                    _nstHave++;
                    if (_nstHave == 6)
                    {
                        if (6 + _nstTicketLength != _msgLength)
                        {
                            Fail(TlsFailure.DecodeError, TlsAlert.DecodeError);
                            return;
                        }
                        _nstKeep = _nstTicketLength > 0 && _nstTicketLength <= _hs.Length - VerifyDataLength;
                    }
                }
                int take = end - p;
                if (take > 0 && _nstKeep)
                {
                    System.Array.Copy(b, p, _hs, _nstHave - 6, take);
                }
                _nstHave += take;
            }
            // CertificateRequest: only hashed.
        }

        private void OnMessageEnd()
        {
            OnMessageComplete();
            _hdrHave = 0;
        }

        private void OnMessageComplete()
        {
            int type = _msgType;
            if (type == MsgHelloRequest)
            {
                // RFC 5246 §7.4.1.1: not in the transcript; ignored during a handshake; afterwards
                // this client refuses to renegotiate (RFC 5746 §4.2 allows the no_renegotiation warning).
                // A run of them counts with empty records and warnings: the peer may not make the
                // client ignore or answer messages forever.
                if (++_emptyRecords > MaxEmptyRecords)
                {
                    Fail(TlsFailure.TooManyEmptyRecords, TlsAlert.UnexpectedMessage);
                    return;
                }
                if (_state == TlsHandshakeState.Established)
                {
                    _renegotiationRequests++;
                    QueueWarning(TlsAlert.NoRenegotiation);
                }
                return;
            }
            _emptyRecords = 0;
            if (_msgStreamed)
            {
                if (type == MsgCertificate)
                {
                    OnCertificateEnd();
                }
                else if (type == MsgNewSessionTicket)
                {
                    _ticketLength = _nstKeep ? _nstTicketLength : 0;
                    OnMessage(type, _hs, 0, 0);
                }
                else
                {
                    OnMessage(type, _hs, 0, 0);
                }
                return;
            }
            if (type != MsgFinished)
            {
                TranscriptUpdate(_hsHeader, 0, 4);
                TranscriptUpdate(_hs, _msgBase, _msgLength);
            }
            OnMessage(type, _hs, _msgBase, _msgLength);
        }

        // ------------------------------------------------------------------ records in

        private bool WantsRecords()
        {
            if (_closed || _flight != FlightIdle || _hsOutPosition < _hsOutEnd || _closeNotifySent || _pendingAlert >= 0)
            {
                return false;
            }
            switch (_state)
            {
                case TlsHandshakeState.WaitServerHello:
                case TlsHandshakeState.WaitCertificate:
                case TlsHandshakeState.WaitServerKeyExchange:
                case TlsHandshakeState.WaitServerHelloDone:
                case TlsHandshakeState.WaitChangeCipherSpec:
                case TlsHandshakeState.WaitFinished:
                    return true;
                case TlsHandshakeState.Established:
                    return !_closeNotifyQueued && _failure != TlsFailure.PeerClosed;
                default:
                    return false;
            }
        }

        private bool ParseRecordHeader()
        {
            // RFC 5246 §6.2.1: type, ProtocolVersion, uint16 length.
            int type = _in[0];
            int major = _in[1];
            int minor = _in[2];
            int length = (_in[3] << 8) | _in[4];
            if (type < ContentChangeCipherSpec || type > ContentApplicationData)
            {
                Fail(TlsFailure.BadRecord, TlsAlert.UnexpectedMessage);
                return false;
            }
            // The first record may carry an older record version (RFC 5246 Appendix E.1); then 3,3.
            if (major != 3 || (_firstRecord ? minor < 1 || minor > 3 : minor != 3))
            {
                Fail(TlsFailure.ProtocolVersion, TlsAlert.ProtocolVersion);
                return false;
            }
            _firstRecord = false;
            int limit = _readAead == null ? _recvLimitOrDefault() : _recvLimitOrDefault() + _readExplicit + TagLength;
            if (length > limit || length > _in.Length - HeaderLength)
            {
                Fail(TlsFailure.RecordOverflow, TlsAlert.RecordOverflow);
                return false;
            }
            _inNeed = HeaderLength + length;
            return true;
        }

        // Before ServerHello the server may not yet apply a negotiated limit; the buffer bounds it.
        private int _recvLimitOrDefault()
        {
            return _recvLimit > 0 ? _recvLimit : _recvLimitConfigured;
        }

        private void ProcessRecord()
        {
            int type = _in[0];
            int length = _inNeed - HeaderLength;
            int start = HeaderLength;
            if (_readAead != null)
            {
                if (length < _readExplicit + TagLength)
                {
                    Fail(TlsFailure.BadRecordMac, TlsAlert.BadRecordMac);
                    return;
                }
                if (_readSeq == ulong.MaxValue)
                {
                    Fail(TlsFailure.SequenceExhausted, TlsAlert.InternalError);
                    return;
                }
                int plain = length - _readExplicit - TagLength;
                start = HeaderLength + _readExplicit;
                SetNonce(_readIv, _readSeq, _readExplicit > 0, _in, HeaderLength);
                SetAad(_readSeq, type, plain);
                // One AEAD object serves both directions: key it for reading.
                _readAead.SetKey(_keyBlock, _keyLength, _keyLength);
                if (!_readAead.Open(_nonce, 0, _aad, 0, 13, _in, start, plain, _in, start + plain, _in, start))
                {
                    Fail(TlsFailure.BadRecordMac, TlsAlert.BadRecordMac);
                    return;
                }
                _readSeq++;
                length = plain;
            }
            if (length > _recvLimitOrDefault())
            {
                Fail(TlsFailure.RecordOverflow, TlsAlert.RecordOverflow);
                return;
            }
            if (length == 0)
            {
                // RFC 5246 §6.2.1: only application data may be empty; a run of them is a DoS.
                if (type != ContentApplicationData)
                {
                    Fail(TlsFailure.BadRecord, TlsAlert.UnexpectedMessage);
                    return;
                }
                if (_state != TlsHandshakeState.Established)
                {
                    // RFC 5246 §7.4.9: no application data, empty or not, before the handshake completes.
                    Fail(TlsFailure.UnexpectedMessage, TlsAlert.UnexpectedMessage);
                    return;
                }
                if (++_emptyRecords > MaxEmptyRecords)
                {
                    Fail(TlsFailure.TooManyEmptyRecords, TlsAlert.UnexpectedMessage);
                }
                return;
            }
            if (type != ContentHandshake && _hdrHave > 0)
            {
                // A handshake message may not be interleaved with other content.
                Fail(TlsFailure.UnexpectedMessage, TlsAlert.UnexpectedMessage);
                return;
            }
            switch (type)
            {
                case ContentHandshake:
                    // The run of empty records ends with the next complete message other than
                    // HelloRequest (OnMessageComplete), so a HelloRequest flood is bounded too.
                    OnHandshakeBytes(_in, start, start + length);
                    return;
                case ContentChangeCipherSpec:
                    OnChangeCipherSpec(start, length);
                    return;
                case ContentAlert:
                    OnAlert(start, length);
                    return;
                default:
                    if (_state != TlsHandshakeState.Established)
                    {
                        Fail(TlsFailure.UnexpectedMessage, TlsAlert.UnexpectedMessage);
                        return;
                    }
                    _emptyRecords = 0;
                    _appInOffset = start;
                    _appInLength = length;
                    return;
            }
        }

        private void OnChangeCipherSpec(int start, int length)
        {
            // RFC 5246 §7.1: a single byte 1, only where the handshake expects it.
            if (length != 1 || _in[start] != 1)
            {
                Fail(TlsFailure.DecodeError, TlsAlert.DecodeError);
                return;
            }
            if (_state != TlsHandshakeState.WaitChangeCipherSpec || _hdrHave != 0 || _expectTicket && !_ticketReceived)
            {
                Fail(TlsFailure.UnexpectedMessage, TlsAlert.UnexpectedMessage);
                return;
            }
            _readAead = TlsCipherSuite.IsChaCha(_suite) ? (IAead)_chachaRead : _gcmRead;
            _readExplicit = TlsCipherSuite.IsChaCha(_suite) ? 0 : 8;
            _readSeq = 0;
            SetState(TlsHandshakeState.WaitFinished);
        }

        private void OnAlert(int start, int length)
        {
            // RFC 5246 §7.2: level, description.
            if (length != 2)
            {
                Fail(TlsFailure.DecodeError, TlsAlert.DecodeError);
                return;
            }
            int level = _in[start];
            int description = _in[start + 1];
            if (description == TlsAlert.CloseNotify)
            {
                // §7.2.1: answer with close_notify; data read so far is complete.
                _alert = TlsAlert.CloseNotify;
                _alertReceived = true;
                if (_state != TlsHandshakeState.Established)
                {
                    _failure = TlsFailure.AlertReceived;
                    _closed = true;
                    DropSession();
                    SetState(TlsHandshakeState.Closed);
                    return;
                }
                _failure = TlsFailure.PeerClosed;
                _closeNotifyQueued = true;
                return;
            }
            if (level == 1)
            {
                // Warnings (e.g. user_canceled, no_renegotiation) are noted; a run of them is a DoS.
                if (++_emptyRecords > MaxEmptyRecords)
                {
                    Fail(TlsFailure.TooManyEmptyRecords, TlsAlert.UnexpectedMessage);
                }
                return;
            }
            _failure = TlsFailure.AlertReceived;
            _alert = description;
            _alertReceived = true;
            _closed = true;
            _appOutLength = 0;
            if (_outOffset == 0)
            {
                _outLength = 0;
            }
            DropSession();
            SetState(TlsHandshakeState.Closed);
        }

        // ------------------------------------------------------------------ records out

        private bool CanStageAppData()
        {
            return !_closed && _state == TlsHandshakeState.Established && _outLength == 0 && !_closeNotifyQueued
                && _pendingAlert < 0 && _failure == TlsFailure.None;
        }

        private void Pump()
        {
            while (_outLength == 0)
            {
                if (_pendingAlert >= 0)
                {
                    int description = _pendingAlert;
                    bool fatal = _pendingAlertFatal;
                    _pendingAlert = -1;
                    if (!_closed || fatal)
                    {
                        EmitAlert(fatal ? 2 : 1, description);
                    }
                    if (fatal)
                    {
                        _closed = true;
                    }
                    continue;
                }
                if (_closed)
                {
                    return;
                }
                if (_hsOutPosition < _hsOutEnd)
                {
                    int n = Min(_hsOutEnd - _hsOutPosition, _sendLimit > 0 ? _sendLimit : _sendLimitConfigured);
                    EmitRecord(ContentHandshake, _hs, _hsOutPosition, n);
                    _hsOutPosition += n;
                    if (_hsOutPosition == _hsOutEnd)
                    {
                        _hsOutPosition = 0;
                        _hsOutEnd = 0;
                        if (_flight == FlightIdle && _afterFlight != TlsHandshakeState.Idle)
                        {
                            SetState(_afterFlight);
                            _afterFlight = TlsHandshakeState.Idle;
                        }
                    }
                    continue;
                }
                if (_flight == FlightHandshake)
                {
                    _flight = FlightCcs;
                    continue;
                }
                if (_flight == FlightCcs)
                {
                    // RFC 5246 §7.1, then the write keys take effect.
                    _small[0] = 1;
                    EmitRecord(ContentChangeCipherSpec, _small, 0, 1);
                    _writeAead = TlsCipherSuite.IsChaCha(_suite) ? (IAead)_chachaWrite : _gcmWrite;
                    _writeExplicit = TlsCipherSuite.IsChaCha(_suite) ? 0 : 8;
                    _writeSeq = 0;
                    _flight = FlightFinished;
                    continue;
                }
                if (_flight == FlightFinished)
                {
                    BuildClientFinished();
                    _flight = FlightIdle;
                    TlsHandshakeState next = _afterFlight;
                    _afterFlight = TlsHandshakeState.Idle;
                    StartHandshakeEmission(0, 4 + VerifyDataLength, next);
                    if (next == TlsHandshakeState.Established)
                    {
                        // Abbreviated handshake: complete once the Finished is queued.
                        _afterFlight = TlsHandshakeState.Idle;
                        int n = _hsOutEnd;
                        EmitRecord(ContentHandshake, _hs, 0, n);
                        _hsOutPosition = 0;
                        _hsOutEnd = 0;
                        SetState(TlsHandshakeState.Established);
                    }
                    continue;
                }
                if (_closeNotifyQueued && !_closeNotifySent)
                {
                    if (_appOutLength > 0)
                    {
                        SealAppData();
                        continue;
                    }
                    EmitAlert(1, TlsAlert.CloseNotify);
                    _closeNotifySent = true;
                    continue;
                }
                if (_closeNotifySent)
                {
                    _closed = true;
                    SetState(TlsHandshakeState.Closed);
                }
                return;
            }
        }

        private void StartHandshakeEmission(int from, int to, TlsHandshakeState after)
        {
            _hsOutPosition = from;
            _hsOutEnd = to;
            _afterFlight = after;
        }

        private void QueueWarning(int description)
        {
            _pendingAlert = description;
            _pendingAlertFatal = false;
            if (_appOutLength > 0 && _outLength == 0)
            {
                SealAppData();
            }
        }

        private void EmitAlert(int level, int description)
        {
            if (_appOutLength > 0)
            {
                // Staged application data goes first (only possible for warnings).
                SealAppData();
                _pendingAlert = description;
                _pendingAlertFatal = level == 2;
                return;
            }
            _small[0] = (byte)level;
            _small[1] = (byte)description;
            EmitRecord(ContentAlert, _small, 0, 2);
        }

        // Copies a plaintext fragment into the send buffer and seals it when the write keys are on.
        private void EmitRecord(int type, byte[] data, int offset, int length)
        {
            int start = HeaderLength + (_writeAead != null ? _writeExplicit : 0);
            System.Array.Copy(data, offset, _out, start, length);
            SealRecord(type, length);
        }

        private void SealAppData()
        {
            int n = _appOutLength;
            _appOutLength = 0;
            SealRecord(ContentApplicationData, n);
        }

        private void SealRecord(int type, int plainLength)
        {
            byte[] o = _out;
            int length = plainLength;
            if (_writeAead != null)
            {
                if (_writeSeq == ulong.MaxValue)
                {
                    FailSilently(TlsFailure.SequenceExhausted);
                    return;
                }
                int start = HeaderLength + _writeExplicit;
                SetAad(_writeSeq, type, plainLength);
                if (_writeExplicit > 0)
                {
                    // RFC 5288 §3: the explicit nonce is the sequence number (unique per key).
                    WriteUInt64(o, HeaderLength, _writeSeq);
                }
                SetNonce(_writeIv, _writeSeq, _writeExplicit > 0, o, HeaderLength);
                _writeAead.SetKey(_keyBlock, 0, _keyLength);
                _writeAead.Seal(_nonce, 0, _aad, 0, 13, o, start, plainLength, o, start, o, start + plainLength);
                _writeSeq++;
                length = _writeExplicit + plainLength + TagLength;
            }
            o[0] = (byte)type;
            o[1] = 3;
            o[2] = 3;
            o[3] = (byte)(length >> 8);
            o[4] = (byte)length;
            _outOffset = 0;
            _outLength = HeaderLength + length;
        }

        // RFC 5288 §3 (salt || explicit) or RFC 7905 §2 (IV xor padded sequence number).
        private void SetNonce(byte[] iv, ulong seq, bool explicitNonce, byte[] record, int explicitOffset)
        {
            if (explicitNonce)
            {
                System.Array.Copy(iv, 0, _nonce, 0, 4);
                System.Array.Copy(record, explicitOffset, _nonce, 4, 8);
                return;
            }
            System.Array.Copy(iv, 0, _nonce, 0, 12);
            for (int i = 0; i < 8; i++)
            {
                _nonce[11 - i] ^= (byte)(seq >> (8 * i));
            }
        }

        // RFC 5246 §6.2.3.3: additional_data = seq_num + type + version + length.
        private void SetAad(ulong seq, int type, int plainLength)
        {
            WriteUInt64(_aad, 0, seq);
            _aad[8] = (byte)type;
            _aad[9] = 3;
            _aad[10] = 3;
            _aad[11] = (byte)(plainLength >> 8);
            _aad[12] = (byte)plainLength;
        }

        // ------------------------------------------------------------------ messages out

        private bool BuildClientHello()
        {
            byte[] m = _hs;
            int cap = m.Length;
            int hostLength = _host != null && _sni ? _host.Length : 0;
            int ticketLength = 0;
            int idLength = 0;
            _offeredSessionId = false;
            if (_cacheSlot >= 0)
            {
                idLength = _cache.SessionIdLength(_cacheSlot);
                if (_tickets)
                {
                    ticketLength = _cache.TicketLength(_cacheSlot);
                }
                if (ticketLength > 0 && idLength == 0)
                {
                    // RFC 5077 §3.4: a random session ID shows whether the server accepted the ticket.
                    idLength = 32;
                    _entropy.GetBytes(_sessionId, 0, 32);
                }
                else if (idLength > 0)
                {
                    System.Array.Copy(_cache.SessionId(_cacheSlot), 0, _sessionId, 0, idLength);
                }
                _offeredSessionId = idLength > 0;
            }
            int alpnLength = _alpnWire != null ? _alpnWire.Length : 0;
            int need = 4 + 2 + 32 + 1 + idLength + 2 + 2 * _suites.Length + 2 + 2
                + (hostLength > 0 ? 9 + hostLength : 0)
                + 6 + 2 * _groups.Length + 6 + 6 + 2 * _sigSchemes.Length + 4 + 5
                + (_tickets ? 4 + ticketLength : 0) + (alpnLength > 0 ? 6 + alpnLength : 0)
                + (_mflCode != 0 ? 5 : 0) + (_rsl != 0 ? 6 : 0);
            if (need > cap && ticketLength > 0)
            {
                need -= ticketLength;
                ticketLength = 0;
            }
            if (need > cap || hostLength > 255)
            {
                Fail(TlsFailure.HandshakeBufferTooSmall, TlsAlert.None);
                return false;
            }
            int p = 0;
            m[p++] = MsgClientHello;
            p += 3;
            m[p++] = 3;
            m[p++] = 3;
            System.Array.Copy(_clientRandom, 0, m, p, 32);
            p += 32;
            m[p++] = (byte)idLength;
            System.Array.Copy(_sessionId, 0, m, p, idLength);
            _sessionIdLength = idLength;
            p += idLength;
            p = Put16(m, p, 2 * _suites.Length);
            for (int i = 0; i < _suites.Length; i++)
            {
                p = Put16(m, p, _suites[i]);
            }
            m[p++] = 1;
            m[p++] = 0;
            int extStart = p;
            p += 2;
            if (hostLength > 0)
            {
                // RFC 6066 §3: server_name_list with one host_name.
                p = Put16(m, p, ExtServerName);
                p = Put16(m, p, hostLength + 5);
                p = Put16(m, p, hostLength + 3);
                m[p++] = 0;
                p = Put16(m, p, hostLength);
                for (int i = 0; i < hostLength; i++)
                {
                    char c = _host[i];
                    m[p++] = c < 128 ? (byte)c : (byte)'?';
                }
            }
            p = Put16(m, p, ExtSupportedGroups);
            p = Put16(m, p, 2 + 2 * _groups.Length);
            p = Put16(m, p, 2 * _groups.Length);
            for (int i = 0; i < _groups.Length; i++)
            {
                p = Put16(m, p, _groups[i]);
            }
            p = Put16(m, p, ExtEcPointFormats);
            p = Put16(m, p, 2);
            m[p++] = 1;
            m[p++] = 0;
            p = Put16(m, p, ExtSignatureAlgorithms);
            p = Put16(m, p, 2 + 2 * _sigSchemes.Length);
            p = Put16(m, p, 2 * _sigSchemes.Length);
            for (int i = 0; i < _sigSchemes.Length; i++)
            {
                p = Put16(m, p, _sigSchemes[i]);
            }
            p = Put16(m, p, ExtExtendedMasterSecret);
            p = Put16(m, p, 0);
            p = Put16(m, p, ExtRenegotiationInfo);
            p = Put16(m, p, 1);
            m[p++] = 0;
            if (_tickets)
            {
                p = Put16(m, p, ExtSessionTicket);
                p = Put16(m, p, ticketLength);
                if (ticketLength > 0)
                {
                    System.Array.Copy(_cache.Ticket(_cacheSlot), 0, m, p, ticketLength);
                    p += ticketLength;
                }
            }
            if (alpnLength > 0)
            {
                p = Put16(m, p, ExtAlpn);
                p = Put16(m, p, alpnLength + 2);
                p = Put16(m, p, alpnLength);
                System.Array.Copy(_alpnWire, 0, m, p, alpnLength);
                p += alpnLength;
            }
            if (_mflCode != 0)
            {
                p = Put16(m, p, ExtMaxFragmentLength);
                p = Put16(m, p, 1);
                m[p++] = (byte)_mflCode;
            }
            if (_rsl != 0)
            {
                p = Put16(m, p, ExtRecordSizeLimit);
                p = Put16(m, p, 2);
                p = Put16(m, p, _rsl);
            }
            Put16(m, extStart, p - extStart - 2);
            int body = p - 4;
            m[1] = (byte)(body >> 16);
            m[2] = (byte)(body >> 8);
            m[3] = (byte)body;
            _hsOutEnd = p;
            TranscriptUpdate(m, 0, p);
            return true;
        }

        private void BuildClientFinished()
        {
            // RFC 5246 §7.4.9 with the transcript up to (not including) this message.
            int hashLength = TranscriptHash(_digest);
            byte[] m = _hs;
            m[0] = MsgFinished;
            m[1] = 0;
            m[2] = 0;
            m[3] = VerifyDataLength;
            Prf(_master, 0, TlsSessionCache.MasterSecretLength, LabelClientFinished, _digest, 0, hashLength, null, 0, m, 4, VerifyDataLength);
            TranscriptUpdate(m, 0, 4 + VerifyDataLength);
        }

        // ------------------------------------------------------------------ keys

        private void DeriveKeys()
        {
            // RFC 5246 §6.3: key_block = PRF(master, "key expansion", server_random + client_random);
            // AEAD suites have no MAC keys; fixed IVs are 4 bytes (GCM, RFC 5288) or 12 (RFC 7905).
            int keyLength = TlsCipherSuite.KeyLength(_suite);
            int ivLength = TlsCipherSuite.IsChaCha(_suite) ? 12 : 4;
            int total = 2 * keyLength + 2 * ivLength;
            Prf(_master, 0, TlsSessionCache.MasterSecretLength, LabelKeys, _serverRandom, 0, 32, _clientRandom, 32, _keyBlock, 0, total);
            System.Array.Clear(_writeIv, 0, 12);
            System.Array.Clear(_readIv, 0, 12);
            System.Array.Copy(_keyBlock, 2 * keyLength, _writeIv, 0, ivLength);
            System.Array.Copy(_keyBlock, 2 * keyLength + ivLength, _readIv, 0, ivLength);
            // The shared AEAD is keyed per record from here: keep the two keys, drop the IVs.
            System.Array.Clear(_keyBlock, 2 * keyLength, _keyBlock.Length - 2 * keyLength);
            _keyLength = keyLength;
        }

        private void Prf(byte[] secret, int secretOffset, int secretLength, byte[] label,
                         byte[] seedA, int seedAOffset, int seedALength, byte[] seedB, int seedBLength,
                         byte[] output, int outputOffset, int outputLength)
        {
            TlsPrf prf = TlsCipherSuite.UsesSha384(_suite) ? _prf384 : _prf256;
            prf.Derive(secret, secretOffset, secretLength, label, 0, label.Length, seedA, seedAOffset, seedALength,
                       seedB, 0, seedBLength, output, outputOffset, outputLength);
        }

        private void TranscriptUpdate(byte[] data, int offset, int count)
        {
            if (count <= 0)
            {
                return;
            }
            if (_suite == 0 || !TlsCipherSuite.UsesSha384(_suite))
            {
                _th256.Update(data, offset, count);
            }
            if (_prf384 != null && (_suite == 0 || TlsCipherSuite.UsesSha384(_suite)))
            {
                _th384.Update(data, offset, count);
            }
        }

        // Hash of the transcript so far, without ending it.
        private int TranscriptHash(byte[] output)
        {
            if (TlsCipherSuite.UsesSha384(_suite))
            {
                _th384.CopyStateTo(_s384);
                _s384.Finish(output, 0);
                return Sha384.Size;
            }
            _th256.CopyStateTo(_s256);
            _s256.Finish(output, 0);
            return Sha256.Size;
        }

        // ------------------------------------------------------------------ failure

        private void Fail(TlsFailure failure, int alert)
        {
            if (_closed && _failure != TlsFailure.None)
            {
                return;
            }
            _failure = failure;
            _failedIn = _state;
            _failedMessage = _hdrHave == 4 ? _msgType : -1;
            _alert = alert;
            _alertReceived = false;
            _appOutLength = 0;
            _appInLength = 0;
            _hsOutPosition = 0;
            _hsOutEnd = 0;
            _flight = FlightIdle;
            if (_outOffset == 0)
            {
                _outLength = 0;
            }
            DropSession();
            SetState(TlsHandshakeState.Closed);
            if (alert >= 0)
            {
                _pendingAlert = alert;
                _pendingAlertFatal = true;
                Pump();
            }
            else
            {
                _closed = true;
            }
        }

        private void FailSilently(TlsFailure failure)
        {
            _failure = failure;
            _closed = true;
            _appOutLength = 0;
            _flight = FlightIdle;
            _hsOutPosition = 0;
            _hsOutEnd = 0;
            if (_state != TlsHandshakeState.Established)
            {
                DropSession();
            }
            SetState(TlsHandshakeState.Closed);
        }

        private void FailCertificate(ChainStatus status)
        {
            _certStatus = status;
            _certPosition = _validator.FailedPosition;
            Fail(TlsFailure.BadCertificate, AlertFor(status));
        }

        // RFC 5246 §7.2.2 alert for each certificate check.
        private static int AlertFor(ChainStatus status)
        {
            switch (status)
            {
                case ChainStatus.Expired:
                case ChainStatus.NotYetValid:
                    return TlsAlert.CertificateExpired;
                case ChainStatus.UntrustedRoot:
                case ChainStatus.MissingIssuer:
                case ChainStatus.PinMismatch:
                    return TlsAlert.UnknownCa;
                case ChainStatus.Revoked:
                case ChainStatus.OcspRevoked:
                    return TlsAlert.CertificateRevoked;
                case ChainStatus.UnsupportedAlgorithm:
                case ChainStatus.UnknownCriticalExtension:
                case ChainStatus.NameConstraintsUnsupported:
                    return TlsAlert.UnsupportedCertificate;
                case ChainStatus.BadEncoding:
                    return TlsAlert.DecodeError;
                case ChainStatus.HostNameMismatch:
                case ChainStatus.KeyUsageNotAllowed:
                case ChainStatus.ExtendedKeyUsageNotAllowed:
                    return TlsAlert.CertificateUnknown;
                default:
                    return TlsAlert.BadCertificate;
            }
        }

        // A failed connection's session must not be resumed (RFC 5246 §7.2.2).
        private void DropSession()
        {
            if (_cache != null && _host != null && _cacheSlot >= 0)
            {
                _cache.Remove(_host);
                _cacheSlot = -1;
            }
        }

        private void ResetConnection()
        {
            _state = TlsHandshakeState.Idle;
            _failure = TlsFailure.None;
            _alert = TlsAlert.None;
            _alertReceived = false;
            _certStatus = ChainStatus.InProgress;
            _certPosition = -1;
            _closed = false;
            _suite = 0;
            _group = 0;
            _alpnIndex = -1;
            _resumed = false;
            _expectTicket = false;
            _ticketReceived = false;
            _ticketLength = 0;
            _certRequested = false;
            _sessionIdLength = 0;
            _offeredSessionId = false;
            _mflNegotiated = false;
            _rslNegotiated = false;
            _peerRecordLimit = 0;
            _recvLimit = 0;
            _sendLimit = 0;
            _writeAead = null;
            _readAead = null;
            _writeExplicit = 0;
            _readExplicit = 0;
            _writeSeq = 0;
            _readSeq = 0;
            _inLength = 0;
            _inNeed = HeaderLength;
            _appInOffset = 0;
            _appInLength = 0;
            _emptyRecords = 0;
            _firstRecord = true;
            _outOffset = 0;
            _outLength = 0;
            _appOutLength = 0;
            _pendingAlert = -1;
            _pendingAlertFatal = false;
            _closeNotifyQueued = false;
            _closeNotifySent = false;
            _hdrHave = 0;
            _msgType = 0;
            _msgLength = 0;
            _msgHave = 0;
            _msgBase = 0;
            _msgStreamed = false;
            _hsOutPosition = 0;
            _hsOutEnd = 0;
            _flight = FlightIdle;
            _afterFlight = TlsHandshakeState.Idle;
            _cacheSlot = -1;
            _renegotiationRequests = 0;
            _failedIn = TlsHandshakeState.Idle;
            _failedMessage = -1;
            _th256.Reset();
            if (_th384 != null)
            {
                _th384.Reset();
            }
            Ct.Wipe(_master);
            Ct.Wipe(_premaster);
            Ct.Wipe(_keyBlock);
        }

        // ------------------------------------------------------------------ helpers

        private int FindAlpn(byte[] b, int offset, int length)
        {
            if (_alpn == null)
            {
                return -1;
            }
            for (int i = 0; i < _alpn.Length; i++)
            {
                string name = _alpn[i];
                if (name.Length != length)
                {
                    continue;
                }
                bool same = true;
                for (int j = 0; j < length; j++)
                {
                    if (b[offset + j] != (byte)name[j])
                    {
                        same = false;
                        break;
                    }
                }
                if (same)
                {
                    return i;
                }
            }
            return -1;
        }

        private static byte[] EncodeAlpn(string[] names)
        {
            if (names == null || names.Length == 0)
            {
                return null;
            }
            int total = 0;
            for (int i = 0; i < names.Length; i++)
            {
                string name = names[i];
                if (name == null || name.Length == 0 || name.Length > 255)
                {
                    throw new System.ArgumentException("ALPN names must be 1..255 ASCII characters");
                }
                total += 1 + name.Length;
            }
            byte[] wire = new byte[total];
            int p = 0;
            for (int i = 0; i < names.Length; i++)
            {
                string name = names[i];
                wire[p++] = (byte)name.Length;
                for (int j = 0; j < name.Length; j++)
                {
                    char c = name[j];
                    if (c > 127)
                    {
                        throw new System.ArgumentException("ALPN names must be ASCII");
                    }
                    wire[p++] = (byte)c;
                }
            }
            return wire;
        }

        private static int[] CopyChecked(int[] values, bool suites, string name)
        {
            if (values == null || values.Length == 0)
            {
                throw new System.ArgumentException(string.Concat(name, " must not be empty"));
            }
            int[] copy = new int[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                int v = values[i];
                bool known = suites ? TlsCipherSuite.IsKnown(v)
                    : v == TlsCipherSuite.GroupX25519 || v == TlsCipherSuite.GroupSecp256r1 || v == TlsCipherSuite.GroupSecp384r1;
                if (!known)
                {
                    throw new System.ArgumentException(string.Concat(name, " holds an unsupported value"));
                }
                copy[i] = v;
            }
            return copy;
        }

        // RFC 8422 §5.1.1: in TLS 1.2 supported_groups also names the curves the client accepts
        // for the server's ECDSA certificate, so the curves of the verifiers present are appended
        // after the key-exchange groups (and then serve for ECDHE too, should the server pick them).
        private static int[] OfferedGroups(int[] groups, bool p256, bool p384)
        {
            bool add256 = p256 && !Contains(groups, TlsCipherSuite.GroupSecp256r1);
            bool add384 = p384 && !Contains(groups, TlsCipherSuite.GroupSecp384r1);
            int n = groups.Length + (add256 ? 1 : 0) + (add384 ? 1 : 0);
            int[] all = new int[n];
            System.Array.Copy(groups, all, groups.Length);
            int p = groups.Length;
            if (add256)
            {
                all[p++] = TlsCipherSuite.GroupSecp256r1;
            }
            if (add384)
            {
                all[p] = TlsCipherSuite.GroupSecp384r1;
            }
            return all;
        }

        private static int[] SignatureSchemesFor(bool ecdsa, bool rsa, bool sha384)
        {
            int n = 0;
            int[] chosen = new int[AllSignatureSchemes.Length];
            for (int i = 0; i < AllSignatureSchemes.Length; i++)
            {
                int scheme = AllSignatureSchemes[i];
                bool isEcdsa = scheme == TlsCipherSuite.SigEcdsaSecp256r1Sha256 || scheme == TlsCipherSuite.SigEcdsaSecp384r1Sha384;
                bool is384 = scheme == TlsCipherSuite.SigEcdsaSecp384r1Sha384 || scheme == TlsCipherSuite.SigRsaPssRsaeSha384
                    || scheme == TlsCipherSuite.SigRsaPkcs1Sha384;
                if ((isEcdsa ? ecdsa : rsa) && (!is384 || sha384))
                {
                    chosen[n++] = scheme;
                }
            }
            int[] result = new int[n];
            System.Array.Copy(chosen, result, n);
            return result;
        }

        private static bool UsesSha384(int[] suites)
        {
            for (int i = 0; i < suites.Length; i++)
            {
                if (TlsCipherSuite.UsesSha384(suites[i]))
                {
                    return true;
                }
            }
            return false;
        }

        private static int MflCode(int length)
        {
            // RFC 6066 §4: 2^9 (1), 2^10 (2), 2^11 (3), 2^12 (4).
            switch (length)
            {
                case 0: return 0;
                case 512: return 1;
                case 1024: return 2;
                case 2048: return 3;
                case 4096: return 4;
                default: throw new System.ArgumentOutOfRangeException("config", "MaxFragmentLength must be 0, 512, 1024, 2048 or 4096");
            }
        }

        private static bool Contains(int[] values, int value)
        {
            for (int i = 0; i < values.Length; i++)
            {
                if (values[i] == value)
                {
                    return true;
                }
            }
            return false;
        }

        private static int IndexOfByte(byte[] b, int offset, int length, byte value)
        {
            for (int i = 0; i < length; i++)
            {
                if (b[offset + i] == value)
                {
                    return i;
                }
            }
            return -1;
        }

        private static int Put16(byte[] b, int p, int v)
        {
            b[p] = (byte)(v >> 8);
            b[p + 1] = (byte)v;
            return p + 2;
        }

        private static void WriteUInt64(byte[] b, int p, ulong v)
        {
            for (int i = 7; i >= 0; i--)
            {
                b[p + i] = (byte)v;
                v >>= 8;
            }
        }

        private static int Min(int a, int b)
        {
            return a < b ? a : b;
        }

        private static byte[] Ascii(string s)
        {
            byte[] b = new byte[s.Length];
            for (int i = 0; i < s.Length; i++)
            {
                b[i] = (byte)s[i];
            }
            return b;
        }

        private static string FailureName(TlsFailure failure)
        {
            switch (failure)
            {
                case TlsFailure.None: return "no failure";
                case TlsFailure.AlertReceived: return "the server sent a fatal alert";
                case TlsFailure.PeerClosed: return "the server closed the connection (close_notify)";
                case TlsFailure.Truncated: return "the connection ended without close_notify (truncation)";
                case TlsFailure.Timeout: return "timed out";
                case TlsFailure.TransportFailed: return "the transport failed";
                case TlsFailure.LocallyClosed: return "closed locally";
                case TlsFailure.BadCertificate: return "certificate rejected";
                case TlsFailure.BadRecordMac: return "a record failed authentication";
                case TlsFailure.RecordOverflow: return "a record exceeds the negotiated size";
                case TlsFailure.BadRecord: return "malformed record";
                case TlsFailure.DecodeError: return "malformed handshake message";
                case TlsFailure.UnexpectedMessage: return "unexpected message";
                case TlsFailure.ProtocolVersion: return "the server does not speak TLS 1.2 (or signals a downgrade)";
                case TlsFailure.UnofferedCipherSuite: return "the server chose a cipher suite that was not offered";
                case TlsFailure.UnofferedGroup: return "the server chose a group that was not offered";
                case TlsFailure.UnofferedSignatureAlgorithm: return "the server chose a signature algorithm that was not offered or does not fit its key";
                case TlsFailure.UnsupportedExtension: return "the server sent an extension that was not offered or a wrong value";
                case TlsFailure.ExtendedMasterSecretMissing: return "the server does not support extended_master_secret";
                case TlsFailure.SecureRenegotiationMissing: return "the server does not support secure renegotiation (RFC 5746)";
                case TlsFailure.BadServerKeyExchangeSignature: return "the ServerKeyExchange signature does not verify";
                case TlsFailure.BadServerKey: return "the server's ephemeral key is invalid";
                case TlsFailure.BadFinished: return "the server's Finished does not verify";
                case TlsFailure.RenegotiationRefused: return "renegotiation refused";
                case TlsFailure.FragmentLimitRefused: return "the server refused the record size limit the receive buffer needs";
                case TlsFailure.AlpnMismatch: return "the server chose an ALPN protocol that was not offered";
                case TlsFailure.ResumptionMismatch: return "the resumed session does not match the cached one";
                case TlsFailure.HandshakeBufferTooSmall: return "the ClientHello does not fit the handshake buffer";
                case TlsFailure.HandshakeMessageTooLarge: return "a handshake message exceeds the handshake buffer";
                case TlsFailure.TooManyEmptyRecords: return "too many empty records or warnings in a row";
                case TlsFailure.NoEntropy: return "no entropy source";
                case TlsFailure.SequenceExhausted: return "record sequence number exhausted";
                default: return "failure";
            }
        }

        private static string StateName(TlsHandshakeState state)
        {
            switch (state)
            {
                case TlsHandshakeState.SendClientHello: return "SendClientHello";
                case TlsHandshakeState.WaitServerHello: return "WaitServerHello";
                case TlsHandshakeState.WaitCertificate: return "WaitCertificate";
                case TlsHandshakeState.WaitServerKeyExchange: return "WaitServerKeyExchange";
                case TlsHandshakeState.WaitServerHelloDone: return "WaitServerHelloDone";
                case TlsHandshakeState.SendClientFlight: return "SendClientFlight";
                case TlsHandshakeState.WaitChangeCipherSpec: return "WaitChangeCipherSpec";
                case TlsHandshakeState.WaitFinished: return "WaitFinished";
                case TlsHandshakeState.SendClientFinished: return "SendClientFinished";
                case TlsHandshakeState.Established: return "Established";
                case TlsHandshakeState.Closed: return "Closed";
                default: return "Idle";
            }
        }

        private static string ChainStatusName(ChainStatus status)
        {
            switch (status)
            {
                case ChainStatus.BadEncoding: return "bad certificate_list encoding";
                case ChainStatus.BadCertificate: return "certificate does not parse";
                case ChainStatus.NoCertificate: return "no certificate";
                case ChainStatus.ChainTooLong: return "chain too long";
                case ChainStatus.Expired: return "expired";
                case ChainStatus.NotYetValid: return "not yet valid";
                case ChainStatus.HostNameMismatch: return "host name mismatch";
                case ChainStatus.UntrustedRoot: return "untrusted root";
                case ChainStatus.MissingIssuer: return "missing issuer";
                case ChainStatus.BadSignature: return "bad signature";
                case ChainStatus.UnsupportedAlgorithm: return "unsupported algorithm or key";
                case ChainStatus.NotCertificateAuthority: return "issuer is not a CA";
                case ChainStatus.PathLengthExceeded: return "path length exceeded";
                case ChainStatus.KeyUsageNotAllowed: return "key usage not allowed";
                case ChainStatus.ExtendedKeyUsageNotAllowed: return "extended key usage not allowed";
                case ChainStatus.UnknownCriticalExtension: return "unknown critical extension";
                case ChainStatus.PinMismatch: return "pin mismatch";
                case ChainStatus.Revoked: return "revoked";
                case ChainStatus.BadOcspResponse: return "bad OCSP response";
                case ChainStatus.OcspRevoked: return "revoked (OCSP)";
                case ChainStatus.NameConstraintsUnsupported: return "name constraints unsupported";
                default: return "invalid state";
            }
        }
    }
}
