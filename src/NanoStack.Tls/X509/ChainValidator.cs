using NanoStack.Tls.Crypto;

namespace NanoStack.Tls.X509
{
    /// <summary>
    /// Streaming certificate path validation for the TLS client (RFC 5280 §6, the subset the web
    /// PKI uses), the implementation of <see cref="IServerCertificateValidator"/>.
    ///
    /// Implementation notes
    /// - Streaming: the TLS Certificate message body is consumed in chunks of any size; each
    ///   certificate is parsed as it arrives by a <see cref="CertificateParser"/> into a slot of
    ///   a fixed window, while its tbsCertificate is hashed with SHA-256, SHA-384 and SHA-512 at
    ///   once (the signature algorithm is only known once parsed; SHA-384 and SHA-512 only when
    ///   <see cref="CertificateLimits.MaxDigestLength"/> asks for them), so no certificate is
    ///   ever held whole. Only the digest the issuer's signature needs is kept. One
    ///   <see cref="CertificateParser"/> serves the whole window: it is re-targeted at each
    ///   certificate's slot as the certificate starts.
    /// - The window (<c>windowSize</c> certificates, default 4) lets intermediates arrive in
    ///   any order: the path is built at <see cref="Finish"/> by matching each certificate's
    ///   issuer with a subject in the window or among the trust anchors (names compared as raw
    ///   DER). More certificates than the window → <see cref="ChainStatus.ChainTooLong"/>.
    /// - Checks, in path order from the leaf (position 0): the parse status (unknown critical
    ///   extensions, unsupported keys or algorithms), validity at the time given to
    ///   <see cref="Begin"/>, the deny list, then for each issuer: basicConstraints cA, keyUsage
    ///   keyCertSign when present, pathLenConstraint, no nameConstraints (not processed: refused),
    ///   and the signature of the certificate below it (RSA PKCS#1 v1.5 and PSS, ECDSA
    ///   P-256/P-384 with SHA-256/384/512). The path ends when a certificate is issued by, or is,
    ///   a trust anchor (the anchor's signature is checked with the anchor's key). On the leaf:
    ///   extendedKeyUsage must allow serverAuth when present, keyUsage must allow
    ///   digitalSignature when present (ECDHE suites sign), the host name must match
    ///   (<see cref="HostNameMatcher"/>). With pins configured, some certificate of the path or
    ///   its anchor must carry a pinned SPKI.
    /// - Not checked (documented in the README): CRLs and OCSP fetching (only the application's
    ///   <see cref="RevocationList"/>; a stapled OCSP response is verified by
    ///   <see cref="CheckOcspResponse"/> once <see cref="EnableOcsp"/> was called), policy
    ///   constraints, name normalisation.
    /// - Memory: the window's <see cref="CertificateInfo"/> slots sized by a
    ///   <see cref="CertificateLimits"/> (the leaf's with its SAN pool, the others without), one
    ///   parser shared by the slots, three hash objects and one digest per slot, all allocated in
    ///   the constructor; the verifiers are passed in (shared with the TLS engine). OCSP stapling
    ///   (<see cref="EnableOcsp"/>) and pins (<see cref="AddPin"/>) allocate their state when
    ///   configured at start-up. The host tests report the totals (device profile, window 3, one
    ///   P-256 anchor: under 9 KB on x64).
    /// </summary>
    public sealed class ChainValidator : IServerCertificateValidator
    {
        /// <summary>Certificates accepted in a chain (and kept at once), by default.</summary>
        public const int DefaultWindow = 4;

        /// <summary>SHA-256 pins remembered.</summary>
        public const int MaxPins = 4;

        private const int StateIdle = 0, StateListLength = 1, StateCertLength = 2, StateCertBody = 3, StateDone = 4;

        private readonly TrustAnchorStore _anchors;
        private readonly RevocationList _revoked;
        private readonly CertificateLimits _limits;
        private readonly CertificateInfo[] _slots;
        private readonly CertificateParser _parser;
        private readonly byte[][] _digest;
        private readonly int[] _digestLength;
        private readonly bool[] _used;
        private readonly int[] _path;
        private readonly Sha256 _sha256 = new Sha256();
        private readonly Sha384 _sha384;     // null when CertificateLimits.MaxDigestLength < 48
        private readonly Sha512 _sha512;     // null when CertificateLimits.MaxDigestLength < 64
        private readonly TbsHasher _hasher;
        private readonly EcdsaVerifier _p256;
        private readonly EcdsaVerifier _p384;
        private readonly RsaVerifier _rsa;
        private readonly byte[] _scratch = new byte[Sha256.Size];
        private byte[] _pins;            // MaxPins × 32 bytes, allocated by the first AddPin
        private int _pinCount;

        // OCSP stapling (RFC 6960), allocated by EnableOcsp.
        private Sha1 _sha1;
        private CertificateInfo _responder;
        private byte[] _responderDigest;
        private byte[] _hash2;
        private int _leafIssuerSlot;
        private int _leafIssuerAnchor;

        /// <summary>Clock skew allowed on OCSP thisUpdate (seconds).</summary>
        public int OcspSkewSeconds = 300;

        /// <summary>Age of an OCSP response without nextUpdate still accepted (seconds, default 4 days).</summary>
        public int OcspMaxAgeSeconds = 4 * 24 * 3600;

        private string _host;
        private long _now;
        private int _state;
        private int _need;
        private int _value;
        private int _listLeft;
        private int _certLeft;
        private int _count;
        private ChainStatus _status;
        private int _failed;
        private CertStatus _certError;

        public ChainValidator(TrustAnchorStore anchors) : this(anchors, null, DefaultWindow)
        {
        }

        /// <param name="anchors">The trust anchors (required).</param>
        /// <param name="revoked">The deny list, or null.</param>
        /// <param name="windowSize">Certificates a chain may have (2..16).</param>
        public ChainValidator(TrustAnchorStore anchors, RevocationList revoked, int windowSize)
            : this(anchors, revoked, windowSize, EcdsaVerifier.P256(), EcdsaVerifier.P384(), new RsaVerifier())
        {
        }

        /// <summary>
        /// With the signature verifiers given, so the TLS engine and the validator share them (they
        /// are the largest part: about 26 KB for P-256 and 32 KB for P-384 on x64). A null
        /// verifier makes that key type unsupported (<see cref="ChainStatus.UnsupportedAlgorithm"/>),
        /// e.g. a device that only talks to P-256 servers.
        /// </summary>
        public ChainValidator(TrustAnchorStore anchors, RevocationList revoked, int windowSize, EcdsaVerifier p256, EcdsaVerifier p384, RsaVerifier rsa)
            : this(anchors, revoked, windowSize, p256, p384, rsa, new CertificateLimits())
        {
        }

        /// <summary>
        /// With the capacities of each window slot given (<see cref="CertificateLimits.Device"/> on
        /// a microcontroller): the leaf's slot has <see cref="CertificateLimits.MaxNames"/> SAN
        /// entries, the others none (a CA's names are never matched). A certificate with a field
        /// larger than its capacity fails with <see cref="ChainStatus.BadCertificate"/> or
        /// <see cref="ChainStatus.UnsupportedAlgorithm"/>, and <see cref="CertificateError"/>
        /// names the field.
        /// </summary>
        public ChainValidator(TrustAnchorStore anchors, RevocationList revoked, int windowSize, EcdsaVerifier p256, EcdsaVerifier p384, RsaVerifier rsa, CertificateLimits limits)
        {
            if (limits == null)
            {
                throw new System.ArgumentNullException("limits");
            }
            limits.Validate();
            if (anchors == null)
            {
                throw new System.ArgumentNullException("anchors");
            }
            if (windowSize < 1 || windowSize > 16)
            {
                throw new System.ArgumentOutOfRangeException("windowSize");
            }
            _anchors = anchors;
            _revoked = revoked;
            if (limits.MaxDigestLength >= Sha384.Size)
            {
                _sha384 = new Sha384();
            }
            if (limits.MaxDigestLength >= Sha512.Size)
            {
                _sha512 = new Sha512();
            }
            _hasher = new TbsHasher(_sha256, _sha384, _sha512);
            _limits = limits;
            _slots = new CertificateInfo[windowSize];
            _digest = new byte[windowSize][];
            _digestLength = new int[windowSize];
            _used = new bool[windowSize];
            _path = new int[windowSize];
            for (int i = 0; i < windowSize; i++)
            {
                _slots[i] = i == 0 ? new CertificateInfo(limits) : new CertificateInfo(limits, 0, 0);
                _digest[i] = new byte[limits.MaxDigestLength];
            }
            // One parser for the whole window: certificates arrive one after another, and each
            // one re-targets it at its slot (Reset).
            _parser = new CertificateParser(_slots[0], _hasher, limits);
            _p256 = p256;
            _p384 = p384;
            _rsa = rsa;
        }

        /// <summary>
        /// Allocates what checking a stapled OCSP response needs (SHA-1, a slot for a delegated
        /// responder's certificate, two digests): call it at start-up to use
        /// <see cref="CheckOcspResponse"/>. Without it nothing of OCSP is allocated.
        /// </summary>
        public void EnableOcsp()
        {
            if (_responder != null)
            {
                return;
            }
            _sha1 = new Sha1();
            _responder = new CertificateInfo(_limits, 0, 0);
            _responderDigest = new byte[_limits.MaxDigestLength];
            _hash2 = new byte[_limits.MaxDigestLength];
        }

        /// <summary>True once <see cref="EnableOcsp"/> was called.</summary>
        public bool OcspEnabled { get { return _responder != null; } }

        /// <summary>
        /// Adds a trust anchor from a DER certificate to this validator's store, parsing it with the
        /// validator's own parser and a window slot (start-up; a chain in progress is abandoned
        /// with <see cref="ChainStatus.InvalidState"/>): the
        /// store keeps the anchor's subject, SPKI and key at their exact lengths and nothing else.
        /// Returns <see cref="CertStatus.Ok"/> when added, else the parser's reason (e.g.
        /// <see cref="CertStatus.SpkiTooLong"/> when the key exceeds the slot's capacity).
        /// </summary>
        public CertStatus AddTrustAnchor(byte[] der, int offset, int length)
        {
            AbandonChain();
            CertificateInfo slot = _slots[_slots.Length - 1];
            CertStatus s = _anchors.AddCertificate(der, offset, length, _parser, slot);
            slot.Clear();
            return s;
        }

        /// <summary>Adds every "CERTIFICATE" block of PEM text (RFC 7468) to this validator's store, as
        /// <see cref="AddTrustAnchor"/> does; returns how many were added, or −1 when a block is
        /// malformed or does not parse.</summary>
        public int AddTrustAnchorPem(string pem)
        {
            AbandonChain();
            CertificateInfo slot = _slots[_slots.Length - 1];
            int n = _anchors.AddPem(pem, _parser, slot);
            slot.Clear();
            return n;
        }

        // The parser and the slots are lent to the anchor loaders: a chain still streaming in
        // (an abandoned handshake) ends with InvalidState; the next Begin starts afresh.
        private void AbandonChain()
        {
            if (_state != StateIdle && _state != StateDone)
            {
                Fail(ChainStatus.InvalidState, -1);
            }
        }

        /// <summary>The trust anchors this validator uses.</summary>
        public TrustAnchorStore Anchors { get { return _anchors; } }

        /// <summary>Maximum intermediates between the leaf and the anchor (default 3).</summary>
        public int MaxDepth = 3;

        /// <summary>Requires some certificate of the path (or its anchor) to have an SPKI whose SHA-256 is <paramref name="spkiSha256"/>.</summary>
        public void AddPin(byte[] spkiSha256)
        {
            CryptoRange.Check(spkiSha256, 0, Sha256.Size, "spkiSha256");
            if (_pinCount == MaxPins)
            {
                throw new System.InvalidOperationException("at most " + MaxPins.ToString() + " pins");
            }
            if (_pins == null)
            {
                _pins = new byte[MaxPins * Sha256.Size];
            }
            System.Array.Copy(spkiSha256, 0, _pins, _pinCount * Sha256.Size, Sha256.Size);
            _pinCount++;
        }

        public void ClearPins()
        {
            _pinCount = 0;
        }

        public ChainStatus Status { get { return _status; } }

        public int FailedPosition { get { return _failed; } }

        public CertStatus CertificateError { get { return _certError; } }

        public CertificateInfo Leaf { get { return _slots[0]; } }

        /// <summary>Certificates received in the last chain.</summary>
        public int CertificateCount { get { return _count; } }

        public void Begin(string hostName, long unixTimeSeconds)
        {
            _host = hostName;
            _now = unixTimeSeconds;
            _state = StateListLength;
            _need = 3;
            _value = 0;
            _count = 0;
            _status = ChainStatus.InProgress;
            _failed = -1;
            _certError = CertStatus.Ok;
        }

        public ChainStatus Feed(byte[] data, int offset, int count)
        {
            CryptoRange.Check(data, offset, count, "data");
            if (_status != ChainStatus.InProgress)
            {
                return _status;
            }
            if (_state == StateIdle)
            {
                return count == 0 ? _status : Fail(ChainStatus.InvalidState, -1);
            }
            if (_state == StateDone)
            {
                // The certificate_list already ended (RFC 5246 §7.4.2): bytes after it are a bad
                // encoding, whichever call they arrive in, not a caller error.
                return count == 0 ? _status : Fail(ChainStatus.BadEncoding, _count);
            }
            int end = offset + count;
            while (offset < end)
            {
                switch (_state)
                {
                    case StateListLength:
                    case StateCertLength:
                        _value = (_value << 8) | data[offset++];
                        if (_state == StateCertLength)
                        {
                            _listLeft--;
                        }
                        if (--_need > 0)
                        {
                            break;
                        }
                        if (_state == StateListLength)
                        {
                            _listLeft = _value;
                            _state = StateCertLength;
                            _need = 3;
                            _value = 0;
                            if (_listLeft == 0)
                            {
                                _state = StateDone;
                            }
                            break;
                        }
                        // RFC 5246 §7.4.2: opaque ASN.1Cert<1..2^24-1>.
                        if (_value == 0 || _value > _listLeft)
                        {
                            return Fail(ChainStatus.BadEncoding, _count);
                        }
                        if (_count == _slots.Length)
                        {
                            return Fail(ChainStatus.ChainTooLong, _count);
                        }
                        _certLeft = _value;
                        _hasher.Reset();
                        _parser.Reset(_slots[_count], _hasher);
                        _state = StateCertBody;
                        break;
                    case StateCertBody:
                    {
                        int n = end - offset;
                        if (n > _certLeft)
                        {
                            n = _certLeft;
                        }
                        CertStatus s = _parser.Feed(data, offset, n);
                        offset += n;
                        _certLeft -= n;
                        _listLeft -= n;
                        if (s != CertStatus.InProgress && s != CertStatus.Ok && !IsSoft(s))
                        {
                            _certError = s;
                            return Fail(ChainStatus.BadCertificate, _count);
                        }
                        if (_certLeft == 0)
                        {
                            CertStatus final = _parser.Finish();
                            if (final != CertStatus.Ok && !IsSoft(final))
                            {
                                _certError = final;
                                return Fail(ChainStatus.BadCertificate, _count);
                            }
                            _certError = final == CertStatus.Ok ? _certError : final;
                            KeepDigest(_count);
                            _count++;
                            _state = _listLeft == 0 ? StateDone : StateCertLength;
                            _need = 3;
                            _value = 0;
                        }
                        break;
                    }
                    default:
                        return Fail(ChainStatus.BadEncoding, _count); // bytes after the list
                }
            }
            return _status;
        }

        public ChainStatus Finish()
        {
            if (_status != ChainStatus.InProgress)
            {
                return _status;
            }
            if (_state != StateDone || _listLeft != 0)
            {
                return Fail(_state == StateIdle ? ChainStatus.InvalidState : ChainStatus.BadEncoding, _count);
            }
            if (_count == 0)
            {
                return Fail(ChainStatus.NoCertificate, -1);
            }
            _status = Validate();
            return _status;
        }

        /// <summary>Checks a stapled OCSP response for the leaf (RFC 6960), after <see cref="Finish"/>
        /// returned Ok. Needs <see cref="EnableOcsp"/> at start-up: without it this throws
        /// <see cref="System.InvalidOperationException"/> (a configuration error, not bad input).</summary>
        public ChainStatus CheckOcspResponse(byte[] data, int offset, int count)
        {
            CryptoRange.Check(data, offset, count, "data");
            if (_responder == null)
            {
                throw new System.InvalidOperationException("OCSP is not enabled: call EnableOcsp at start-up");
            }
            if (_status != ChainStatus.Ok)
            {
                return _status;
            }
            if (_leafIssuerSlot < 0 && _leafIssuerAnchor < 0)
            {
                // The leaf is itself a trust anchor: there is no issuer to vouch for it.
                return ChainStatus.Ok;
            }
            ChainStatus r = Ocsp(data, offset, count);
            if (r != ChainStatus.Ok)
            {
                _status = r;
                _failed = 0;
            }
            return r;
        }

        // RFC 6960 §4.2.1: OCSPResponse → BasicOCSPResponse → the SingleResponse for the leaf.
        private ChainStatus Ocsp(byte[] d, int offset, int count)
        {
            const ChainStatus Bad = ChainStatus.BadOcspResponse;
            DerReader top = new DerReader(d, offset, count);
            DerReader response, bytes, bytesSeq, basicOuter, basic;
            int status;
            bool equal;
            int o, l;
            if (top.TryReadSequence(out response) != DerStatus.Ok || top.HasData
                || response.TryReadInt32(0x0A, out status) != DerStatus.Ok || status != 0 // ENUMERATED successful
                || response.TryReadExplicit(0, out bytes) != DerStatus.Ok
                || bytes.TryReadSequence(out bytesSeq) != DerStatus.Ok
                || bytesSeq.TryReadOid(Oids.OcspBasic, out equal) != DerStatus.Ok || !equal
                || bytesSeq.TryReadOctetString(out o, out l) != DerStatus.Ok)
            {
                return Bad;
            }
            basicOuter = new DerReader(d, o, l);
            int tbsOffset, tbsLength, oidOffset, oidLength, unused, sigOffset, sigLength;
            DerReader alg;
            if (basicOuter.TryReadSequence(out basic) != DerStatus.Ok || basicOuter.HasData
                || basic.TryReadEncoded(DerTag.Sequence, out tbsOffset, out tbsLength) != DerStatus.Ok
                || basic.TryReadSequence(out alg) != DerStatus.Ok
                || alg.TryReadOid(out oidOffset, out oidLength) != DerStatus.Ok
                || basic.TryReadBitString(out unused, out sigOffset, out sigLength) != DerStatus.Ok || unused != 0)
            {
                return Bad;
            }
            int certOffset = -1, certLength = 0;
            if (basic.IsNext(DerTag.Context(0, true)))
            {
                DerReader certs, list;
                if (basic.TryReadExplicit(0, out certs) != DerStatus.Ok || certs.TryReadSequence(out list) != DerStatus.Ok
                    || list.TryReadEncoded(DerTag.Sequence, out certOffset, out certLength) != DerStatus.Ok)
                {
                    return Bad;
                }
            }

            // The issuer of the leaf: a certificate of the chain or a trust anchor.
            byte[] issuerName, issuerSpki;
            int issuerNameLength, issuerSpkiLength;
            KeyType issuerKey;
            byte[] mod, exp, point;
            int modLength, expLength, pointLength;
            if (_leafIssuerSlot >= 0)
            {
                CertificateInfo ic = _slots[_leafIssuerSlot];
                issuerName = ic.Subject; issuerNameLength = ic.SubjectLength;
                issuerSpki = ic.Spki; issuerSpkiLength = ic.SpkiLength;
                issuerKey = ic.KeyType;
                mod = ic.RsaModulus; modLength = ic.RsaModulusLength;
                exp = ic.RsaExponent; expLength = ic.RsaExponentLength;
                point = ic.EcPoint; pointLength = ic.EcPointLength;
            }
            else
            {
                CertificateInfo leaf = _slots[0];
                issuerName = leaf.Issuer; issuerNameLength = leaf.IssuerLength;
                issuerSpki = _anchors.Spki(_leafIssuerAnchor, out issuerSpkiLength);
                issuerKey = _anchors.KeyTypeOf(_leafIssuerAnchor);
                mod = _anchors.Modulus(_leafIssuerAnchor, out modLength);
                exp = _anchors.Exponent(_leafIssuerAnchor, out expLength);
                point = _anchors.Point(_leafIssuerAnchor, out pointLength);
            }
            int keyOffset, keyLength;
            if (!SubjectPublicKey(issuerSpki, issuerSpkiLength, out keyOffset, out keyLength))
            {
                return Bad;
            }

            // tbsResponseData.
            DerReader tbsOuter = new DerReader(d, tbsOffset, tbsLength);
            DerReader tbs, responses;
            if (tbsOuter.TryReadSequence(out tbs) != DerStatus.Ok)
            {
                return Bad;
            }
            if (tbs.IsNext(DerTag.Context(0, true)) && tbs.TrySkip() != DerStatus.Ok)
            {
                return Bad;
            }
            int ridTag, ridOffset, ridLength;
            long producedAt;
            if (tbs.TryReadElement(out ridTag, out ridOffset, out ridLength) != DerStatus.Ok
                || tbs.TryReadGeneralizedTime(out producedAt) != DerStatus.Ok
                || tbs.TryReadSequence(out responses) != DerStatus.Ok)
            {
                return Bad;
            }
            bool byIssuer;
            if (ridTag == DerTag.Context(1, true))
            {
                byIssuer = SameBytes(d, ridOffset, ridLength, issuerName, 0, issuerNameLength);
            }
            else if (ridTag == DerTag.Context(2, true))
            {
                DerReader kh = new DerReader(d, ridOffset, ridLength);
                int khOffset, khLength;
                if (kh.TryReadOctetString(out khOffset, out khLength) != DerStatus.Ok || khLength != Sha1.Size)
                {
                    return Bad;
                }
                _sha1.Reset();
                _sha1.Update(issuerSpki, keyOffset, keyLength);
                _sha1.Finish(_hash2, 0);
                byIssuer = SameBytes(d, khOffset, khLength, _hash2, 0, Sha1.Size);
            }
            else
            {
                return Bad;
            }

            // Find the SingleResponse for the leaf (RFC 6960 §4.1.1 CertID).
            CertificateInfo subject = _slots[0];
            int found = -1;
            long thisUpdate = 0, nextUpdate = -1;
            while (responses.HasData)
            {
                DerReader single, certId, hashAlg;
                int nhOffset, nhLength, khOffset, khLength, serialOffset, serialLength;
                bool negative;
                int hOid, hOidLength;
                if (responses.TryReadSequence(out single) != DerStatus.Ok
                    || single.TryReadSequence(out certId) != DerStatus.Ok
                    || certId.TryReadSequence(out hashAlg) != DerStatus.Ok
                    || hashAlg.TryReadOid(out hOid, out hOidLength) != DerStatus.Ok
                    || certId.TryReadOctetString(out nhOffset, out nhLength) != DerStatus.Ok
                    || certId.TryReadOctetString(out khOffset, out khLength) != DerStatus.Ok
                    || certId.TryReadInteger(out serialOffset, out serialLength, out negative) != DerStatus.Ok)
                {
                    return Bad;
                }
                IHash h = DerReader.BytesEqual(d, hOid, hOidLength, Oids.Sha1) ? (IHash)_sha1
                    : DerReader.BytesEqual(d, hOid, hOidLength, Oids.Sha256) ? (IHash)_sha256 : null;
                if (h == null || nhLength != h.HashSize || khLength != h.HashSize)
                {
                    continue;
                }
                h.Reset();
                h.Update(subject.Issuer, 0, subject.IssuerLength);
                h.Finish(_hash2, 0);
                if (!SameBytes(d, nhOffset, nhLength, _hash2, 0, nhLength))
                {
                    continue;
                }
                h.Reset();
                h.Update(issuerSpki, keyOffset, keyLength);
                h.Finish(_hash2, 0);
                if (!SameBytes(d, khOffset, khLength, _hash2, 0, khLength)
                    || !SameInteger(d, serialOffset, serialLength, subject.Serial, subject.SerialLength))
                {
                    continue;
                }
                int stTag, stOffset, stLength;
                if (single.TryReadElement(out stTag, out stOffset, out stLength) != DerStatus.Ok
                    || single.TryReadGeneralizedTime(out thisUpdate) != DerStatus.Ok)
                {
                    return Bad;
                }
                if (single.IsNext(DerTag.Context(0, true)))
                {
                    DerReader nu;
                    if (single.TryReadExplicit(0, out nu) != DerStatus.Ok || nu.TryReadGeneralizedTime(out nextUpdate) != DerStatus.Ok)
                    {
                        return Bad;
                    }
                }
                found = stTag == DerTag.Context(0, false) ? 0 : stTag == DerTag.Context(1, true) ? 1 : 2;
                break;
            }
            if (found < 0)
            {
                return Bad; // no answer about our certificate
            }

            // The signer: the issuer itself, or a delegated responder it certified (RFC 6960 §4.2.2.2).
            if (!byIssuer)
            {
                if (certOffset < 0)
                {
                    return Bad;
                }
                _hasher.Reset();
                _parser.Reset(_responder, _hasher);
                CertStatus cs = _parser.Feed(d, certOffset, certLength);
                if (cs == CertStatus.InProgress)
                {
                    cs = _parser.Finish();
                }
                // The responder's names are never matched: its slot keeps none (TooManyNames).
                if ((cs != CertStatus.Ok && cs != CertStatus.TooManyNames) || _responder.HasUnknownCriticalExtension
                    || !_responder.EkuOcspSigning
                    || !CertificateInfo.NameEquals(_responder.Issuer, _responder.IssuerLength, issuerName, issuerNameLength)
                    || _now < _responder.NotBefore || _now > _responder.NotAfter)
                {
                    return Bad;
                }
                IHash rh = DigestFor(_responder.SignatureAlgorithm, _responder.PssHash);
                if (rh == null)
                {
                    return Bad;
                }
                rh.Finish(_responderDigest, 0);
                if (!VerifySignature(_responder.SignatureAlgorithm, _responder.PssHash, _responder.PssSaltLength, _responderDigest, rh.HashSize,
                        _responder.SignatureValue, 0, _responder.SignatureValueLength,
                        issuerKey, mod, modLength, exp, expLength, point, pointLength))
                {
                    return Bad;
                }
                issuerKey = _responder.KeyType;
                mod = _responder.RsaModulus; modLength = _responder.RsaModulusLength;
                exp = _responder.RsaExponent; expLength = _responder.RsaExponentLength;
                point = _responder.EcPoint; pointLength = _responder.EcPointLength;
            }
            SignatureAlgorithm sa = SignatureFromOid(d, oidOffset, oidLength);
            IHash th = DigestFor(sa, HashAlgorithm.Unknown);
            if (th == null || !Supported(issuerKey))
            {
                return Bad;
            }
            th.Reset();
            th.Update(d, tbsOffset, tbsLength);
            th.Finish(_hash2, 0);
            if (!VerifySignature(sa, HashAlgorithm.Unknown, 0, _hash2, th.HashSize, d, sigOffset, sigLength,
                    issuerKey, mod, modLength, exp, expLength, point, pointLength))
            {
                return Bad;
            }
            // RFC 6960 §3.2 / §4.2.2.1: freshness.
            if (thisUpdate > _now + OcspSkewSeconds || (nextUpdate >= 0 && _now > nextUpdate)
                || (nextUpdate < 0 && _now - thisUpdate > OcspMaxAgeSeconds))
            {
                return Bad;
            }
            if (found == 1)
            {
                return ChainStatus.OcspRevoked;
            }
            return found == 0 ? ChainStatus.Ok : Bad; // "unknown" is not an answer
        }

        // INTEGER content octets compared without their leading zero octets.
        private static bool SameInteger(byte[] a, int aOffset, int aLength, byte[] b, int bLength)
        {
            int bOffset = 0;
            while (aLength > 1 && a[aOffset] == 0)
            {
                aOffset++;
                aLength--;
            }
            while (bLength > 1 && b[bOffset] == 0)
            {
                bOffset++;
                bLength--;
            }
            return SameBytes(a, aOffset, aLength, b, bOffset, bLength);
        }

        private static bool SameBytes(byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength)
        {
            if (aLength != bLength)
            {
                return false;
            }
            for (int i = 0; i < aLength; i++)
            {
                if (a[aOffset + i] != b[bOffset + i])
                {
                    return false;
                }
            }
            return true;
        }

        // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
        private static bool SubjectPublicKey(byte[] spki, int length, out int keyOffset, out int keyLength)
        {
            keyOffset = 0;
            keyLength = 0;
            DerReader outer = new DerReader(spki, 0, length);
            DerReader seq;
            int unused;
            return outer.TryReadSequence(out seq) == DerStatus.Ok && seq.TrySkip() == DerStatus.Ok
                && seq.TryReadBitString(out unused, out keyOffset, out keyLength) == DerStatus.Ok && unused == 0;
        }

        private static SignatureAlgorithm SignatureFromOid(byte[] d, int offset, int length)
        {
            if (DerReader.BytesEqual(d, offset, length, Oids.EcdsaWithSha256)) return SignatureAlgorithm.EcdsaSha256;
            if (DerReader.BytesEqual(d, offset, length, Oids.EcdsaWithSha384)) return SignatureAlgorithm.EcdsaSha384;
            if (DerReader.BytesEqual(d, offset, length, Oids.EcdsaWithSha512)) return SignatureAlgorithm.EcdsaSha512;
            if (DerReader.BytesEqual(d, offset, length, Oids.Sha256WithRsa)) return SignatureAlgorithm.RsaPkcs1Sha256;
            if (DerReader.BytesEqual(d, offset, length, Oids.Sha384WithRsa)) return SignatureAlgorithm.RsaPkcs1Sha384;
            if (DerReader.BytesEqual(d, offset, length, Oids.Sha512WithRsa)) return SignatureAlgorithm.RsaPkcs1Sha512;
            return SignatureAlgorithm.Unknown; // RSASSA-PSS responses are not supported
        }

        // ------------------------------------------------------------------ path validation

        private ChainStatus Validate()
        {
            for (int i = 0; i < _count; i++)
            {
                _used[i] = false;
            }
            CertificateInfo leaf = _slots[0];
            // Leaf-only checks (RFC 5280 §4.2.1.12, RFC 5246 §7.4.2, RFC 6125).
            if (leaf.HasExtendedKeyUsage && !leaf.EkuServerAuth && !leaf.EkuAny)
            {
                return Fail(ChainStatus.ExtendedKeyUsageNotAllowed, 0);
            }
            if (leaf.HasKeyUsage && (leaf.KeyUsage & KeyUsageBits.DigitalSignature) == 0)
            {
                return Fail(ChainStatus.KeyUsageNotAllowed, 0);
            }
            if (_host != null && !HostNameMatcher.Matches(leaf, _host))
            {
                return Fail(ChainStatus.HostNameMismatch, 0);
            }
            int current = 0;
            _used[0] = true;
            _leafIssuerSlot = -1;
            _leafIssuerAnchor = -1;
            int depth = 0;
            bool pinned = _pinCount == 0;
            while (true)
            {
                CertificateInfo c = _slots[current];
                ChainStatus own = CheckOwn(c, current);
                if (own != ChainStatus.Ok)
                {
                    return own;
                }
                if (!pinned && IsPinned(c.Spki, c.SpkiLength))
                {
                    pinned = true;
                }
                // The certificate is itself a trust anchor (same subject and key).
                int self = _anchors.FindSubject(c.Subject, c.SubjectLength, 0);
                while (self >= 0 && !_anchors.SpkiEquals(self, c.Spki, c.SpkiLength))
                {
                    self = _anchors.FindSubject(c.Subject, c.SubjectLength, self + 1);
                }
                if (self >= 0)
                {
                    return pinned ? ChainStatus.Ok : Fail(ChainStatus.PinMismatch, 0);
                }
                // Issued by a trust anchor?
                int anchor = _anchors.FindSubject(c.Issuer, c.IssuerLength, 0);
                bool anchorSignatureFailed = false;
                while (anchor >= 0)
                {
                    if (!Supported(_anchors.KeyTypeOf(anchor)))
                    {
                        return Fail(ChainStatus.UnsupportedAlgorithm, current);
                    }
                    if (VerifyWithAnchor(current, anchor))
                    {
                        if (current == 0)
                        {
                            _leafIssuerAnchor = anchor;
                        }
                        int spkiLength;
                        byte[] spki = _anchors.Spki(anchor, out spkiLength);
                        if (!pinned && IsPinned(spki, spkiLength))
                        {
                            pinned = true;
                        }
                        return pinned ? ChainStatus.Ok : Fail(ChainStatus.PinMismatch, 0);
                    }
                    anchorSignatureFailed = true;
                    anchor = _anchors.FindSubject(c.Issuer, c.IssuerLength, anchor + 1);
                }
                // Issued by a certificate the server sent?
                int issuer = FindIssuer(c);
                if (issuer < 0)
                {
                    if (anchorSignatureFailed)
                    {
                        return Fail(ChainStatus.BadSignature, current);
                    }
                    return Fail(c.IsSelfIssued ? ChainStatus.UntrustedRoot : ChainStatus.MissingIssuer, current);
                }
                CertificateInfo up = _slots[issuer];
                if (!Supported(up.KeyType))
                {
                    return Fail(ChainStatus.UnsupportedAlgorithm, issuer);
                }
                if (!up.HasBasicConstraints || !up.IsCA)
                {
                    return Fail(ChainStatus.NotCertificateAuthority, issuer);
                }
                if (up.HasKeyUsage && (up.KeyUsage & KeyUsageBits.KeyCertSign) == 0)
                {
                    return Fail(ChainStatus.KeyUsageNotAllowed, issuer);
                }
                if (up.HasNameConstraints)
                {
                    return Fail(ChainStatus.NameConstraintsUnsupported, issuer);
                }
                // RFC 5280 §4.2.1.9: pathLenConstraint counts the non-self-issued intermediates
                // below this CA (depth excludes the leaf).
                if (up.PathLenConstraint >= 0 && depth > up.PathLenConstraint)
                {
                    return Fail(ChainStatus.PathLengthExceeded, issuer);
                }
                if (!VerifyWithCertificate(current, issuer))
                {
                    return Fail(ChainStatus.BadSignature, current);
                }
                _used[issuer] = true;
                if (current == 0)
                {
                    _leafIssuerSlot = issuer;
                }
                current = issuer;
                depth++;
                if (depth > MaxDepth)
                {
                    return Fail(ChainStatus.ChainTooLong, current);
                }
            }
        }

        private ChainStatus CheckOwn(CertificateInfo c, int position)
        {
            if (c.HasUnknownCriticalExtension)
            {
                return Fail(ChainStatus.UnknownCriticalExtension, position);
            }
            if (!Supported(c.KeyType))
            {
                return Fail(ChainStatus.UnsupportedAlgorithm, position);
            }
            if (c.SignatureAlgorithm == SignatureAlgorithm.Unknown)
            {
                return Fail(ChainStatus.UnsupportedAlgorithm, position);
            }
            if (DigestFor(c.SignatureAlgorithm, c.PssHash) == null)
            {
                // A hash longer than CertificateLimits.MaxDigestLength (not allocated), or a PSS
                // hash other than SHA-256/384/512.
                return Fail(ChainStatus.UnsupportedAlgorithm, position);
            }
            if (_now < c.NotBefore)
            {
                return Fail(ChainStatus.NotYetValid, position);
            }
            if (_now > c.NotAfter)
            {
                return Fail(ChainStatus.Expired, position);
            }
            if (_revoked != null && !_revoked.IsEmpty)
            {
                _sha256.Reset();
                _sha256.Update(c.Issuer, 0, c.IssuerLength);
                _sha256.Finish(_scratch, 0);
                if (_revoked.ContainsSerial(_scratch, c.Serial, c.SerialLength))
                {
                    return Fail(ChainStatus.Revoked, position);
                }
                _sha256.Reset();
                _sha256.Update(c.Spki, 0, c.SpkiLength);
                _sha256.Finish(_scratch, 0);
                if (_revoked.ContainsKey(_scratch))
                {
                    return Fail(ChainStatus.Revoked, position);
                }
            }
            return ChainStatus.Ok;
        }

        private bool Supported(KeyType k)
        {
            return (k == KeyType.Rsa && _rsa != null) || (k == KeyType.EcP256 && _p256 != null) || (k == KeyType.EcP384 && _p384 != null);
        }

        private int FindIssuer(CertificateInfo c)
        {
            for (int i = 0; i < _count; i++)
            {
                if (!_used[i] && c.IssuerMatchesSubjectOf(_slots[i]))
                {
                    return i;
                }
            }
            return -1;
        }

        private bool IsPinned(byte[] spki, int length)
        {
            _sha256.Reset();
            _sha256.Update(spki, 0, length);
            _sha256.Finish(_scratch, 0);
            for (int i = 0; i < _pinCount; i++)
            {
                if (SameBytes(_pins, i * Sha256.Size, Sha256.Size, _scratch, 0, Sha256.Size))
                {
                    return true;
                }
            }
            return false;
        }

        private bool VerifyWithCertificate(int subject, int issuer)
        {
            CertificateInfo k = _slots[issuer];
            return Verify(subject, k.KeyType, k.RsaModulus, k.RsaModulusLength, k.RsaExponent, k.RsaExponentLength, k.EcPoint, k.EcPointLength);
        }

        private bool VerifyWithAnchor(int subject, int anchor)
        {
            int ml, el, pl;
            byte[] m = _anchors.Modulus(anchor, out ml);
            byte[] e = _anchors.Exponent(anchor, out el);
            byte[] p = _anchors.Point(anchor, out pl);
            return Verify(subject, _anchors.KeyTypeOf(anchor), m, ml, e, el, p, pl);
        }

        private bool Verify(int subject, KeyType keyType, byte[] modulus, int modulusLength, byte[] exponent, int exponentLength, byte[] point, int pointLength)
        {
            CertificateInfo c = _slots[subject];
            if (_digestLength[subject] == 0)
            {
                return false;
            }
            return VerifySignature(c.SignatureAlgorithm, c.PssHash, c.PssSaltLength, _digest[subject], _digestLength[subject],
                c.SignatureValue, 0, c.SignatureValueLength, keyType, modulus, modulusLength, exponent, exponentLength, point, pointLength);
        }

        private bool VerifySignature(SignatureAlgorithm algorithm, HashAlgorithm pssHash, int pssSalt, byte[] digest, int digestLength,
            byte[] signature, int signatureOffset, int signatureLength,
            KeyType keyType, byte[] modulus, int modulusLength, byte[] exponent, int exponentLength, byte[] point, int pointLength)
        {
            switch (algorithm)
            {
                case SignatureAlgorithm.EcdsaSha256:
                case SignatureAlgorithm.EcdsaSha384:
                case SignatureAlgorithm.EcdsaSha512:
                    if (keyType == KeyType.EcP256 && _p256 != null)
                    {
                        return _p256.VerifyDer(point, 0, pointLength, digest, 0, digestLength, signature, signatureOffset, signatureLength);
                    }
                    if (keyType == KeyType.EcP384 && _p384 != null)
                    {
                        return _p384.VerifyDer(point, 0, pointLength, digest, 0, digestLength, signature, signatureOffset, signatureLength);
                    }
                    return false;
                case SignatureAlgorithm.RsaPkcs1Sha256:
                case SignatureAlgorithm.RsaPkcs1Sha384:
                case SignatureAlgorithm.RsaPkcs1Sha512:
                {
                    if (keyType != KeyType.Rsa || _rsa == null)
                    {
                        return false;
                    }
                    int hash = algorithm == SignatureAlgorithm.RsaPkcs1Sha256 ? RsaVerifier.Sha256
                        : algorithm == SignatureAlgorithm.RsaPkcs1Sha384 ? RsaVerifier.Sha384 : RsaVerifier.Sha512;
                    return _rsa.VerifyPkcs1(modulus, 0, modulusLength, exponent, 0, exponentLength, hash, digest, 0, signature, signatureOffset, signatureLength);
                }
                case SignatureAlgorithm.RsaPss:
                {
                    IHash h = HashFor(pssHash);
                    if (keyType != KeyType.Rsa || _rsa == null || h == null)
                    {
                        return false;
                    }
                    return _rsa.VerifyPss(modulus, 0, modulusLength, exponent, 0, exponentLength, h, digest, 0, pssSalt, signature, signatureOffset, signatureLength);
                }
                default:
                    return false;
            }
        }

        // The hash object (not reset) whose state is the digest a signature algorithm needs.
        private IHash DigestFor(SignatureAlgorithm algorithm, HashAlgorithm pssHash)
        {
            switch (algorithm)
            {
                case SignatureAlgorithm.RsaPkcs1Sha256:
                case SignatureAlgorithm.EcdsaSha256:
                    return _sha256;
                case SignatureAlgorithm.RsaPkcs1Sha384:
                case SignatureAlgorithm.EcdsaSha384:
                    return _sha384;
                case SignatureAlgorithm.RsaPkcs1Sha512:
                case SignatureAlgorithm.EcdsaSha512:
                    return _sha512;
                case SignatureAlgorithm.RsaPss:
                    return HashFor(pssHash);
                default:
                    return null;
            }
        }

        private IHash HashFor(HashAlgorithm h)
        {
            switch (h)
            {
                case HashAlgorithm.Sha256: return _sha256;
                case HashAlgorithm.Sha384: return _sha384;
                case HashAlgorithm.Sha512: return _sha512;
                default: return null;
            }
        }

        // After a certificate parsed: keep the digest its signature algorithm uses.
        private void KeepDigest(int slot)
        {
            CertificateInfo c = _slots[slot];
            IHash hash = DigestFor(c.SignatureAlgorithm, c.PssHash);
            if (hash == null)
            {
                _digestLength[slot] = 0;
                return;
            }
            hash.Finish(_digest[slot], 0);
            _digestLength[slot] = hash.HashSize;
        }

        private static bool IsSoft(CertStatus s)
        {
            // Parsed to the end but not fully usable: path validation decides (unknown critical
            // extension, unsupported key or algorithm); extra SAN entries only matter for the leaf.
            return s == CertStatus.UnsupportedKey || s == CertStatus.UnsupportedSignatureAlgorithm
                || s == CertStatus.UnknownCriticalExtension || s == CertStatus.TooManyNames || s == CertStatus.SignatureTooLong
                || s == CertStatus.SpkiTooLong || s == CertStatus.KeyTooLong;
        }

        private ChainStatus Fail(ChainStatus status, int position)
        {
            _status = status;
            _failed = position;
            _state = StateDone;
            return status;
        }

        /// <summary>Feeds the tbsCertificate to the hashes at once (SHA-384 and SHA-512 may be absent).</summary>
        private sealed class TbsHasher : ITbsSink
        {
            private readonly IHash _a, _b, _c;

            public TbsHasher(IHash a, IHash b, IHash c)
            {
                _a = a;
                _b = b;
                _c = c;
            }

            public void Reset()
            {
                _a.Reset();
                if (_b != null)
                {
                    _b.Reset();
                }
                if (_c != null)
                {
                    _c.Reset();
                }
            }

            public void Update(byte[] data, int offset, int count)
            {
                _a.Update(data, offset, count);
                if (_b != null)
                {
                    _b.Update(data, offset, count);
                }
                if (_c != null)
                {
                    _c.Update(data, offset, count);
                }
            }
        }
    }
}
