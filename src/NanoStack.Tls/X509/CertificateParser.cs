using System;

namespace NanoStack.Tls.X509
{
    /// <summary>
    /// Streaming parser of one DER X.509 v3 certificate (RFC 5280 §4.1). Bytes arrive through
    /// <see cref="Feed"/> in chunks split anywhere (inside a tag, a length or a value); what path
    /// validation needs lands in a caller-owned <see cref="CertificateInfo"/>, and the
    /// tbsCertificate bytes are passed to an optional <see cref="ITbsSink"/> as they stream.
    /// </summary>
    /// <remarks>
    /// Implementation notes.
    /// <para>Model: a DER walker with a fixed stack of <see cref="MaxFrames"/> frames (context id,
    /// absolute end offset, children seen). A header is gathered byte by byte into a 9-byte
    /// buffer and decoded by <see cref="DerReader.DecodeHeader"/> (the DER rules live there
    /// once). The parent's context decides what the element is: entered (constructed, or an
    /// OCTET/BIT STRING that encapsulates DER: extnValue, subjectPublicKey), captured (its content
    /// copied into a bounded buffer and checked at its end) or skipped. Lengths are known from
    /// the header, so every size limit is decided before a byte of content is copied.</para>
    /// <para>Two position-bounded regions copy the bytes they cover: the tbsCertificate region
    /// goes to the sink, the "raw" region (issuer, subject, SPKI, both signature
    /// AlgorithmIdentifiers) into its destination buffer. Headers are emitted once complete.</para>
    /// <para>Deepest nesting: Certificate › tbs › [3] › Extensions › Extension › extnValue ›
    /// SEQUENCE (SAN, AKI, basicConstraints), or tbs › AlgorithmIdentifier › RSASSA-PSS-params ›
    /// [1] › MGF AlgorithmIdentifier › hash AlgorithmIdentifier: 8 frames with the root; the
    /// stack has 10.</para>
    /// <para>Leniencies (documented choices): an explicitly encoded v1 version and an explicit
    /// critical FALSE are accepted (DER says omit defaults); the order of a SET OF in a Name is not
    /// checked; UTCTime vs GeneralizedTime by year (RFC 5280 §4.1.2.5) is not enforced. Skipped
    /// elements (attribute values, unknown extensions, unused GeneralNames) have their header
    /// checked but not their content.</para>
    /// <para>Fixed state (default <see cref="CertificateLimits"/>): header 9 + scratch 64 + outer
    /// AlgorithmIdentifier 96 + extension OID pool 512 bytes; frame arrays 3 × 10 ints (120
    /// bytes); extension OID index 2 × 24 ints (192 bytes); about 35 scalar fields (≈ 160
    /// bytes): ≈ 1.15 KB (1.0 KB on x64 with <see cref="CertificateLimits.Device"/>). With a
    /// default <see cref="CertificateInfo"/> (≈ 7.4 KB) one certificate in flight costs
    /// ≈ 8.6 KB.</para>
    /// <para>Capacities: every field is checked against the length of the array it lands in
    /// (the <see cref="CertificateInfo"/>'s, or the parser's own for the outer AlgorithmIdentifier
    /// and the extension OIDs) before a byte of it is copied, so one parser can fill infos of
    /// any limits; the status names the field that did not fit.</para>
    /// </remarks>
    public sealed class CertificateParser
    {
        /// <summary>Frames of the state stack (root included).</summary>
        public const int MaxFrames = 10;
        /// <summary>Largest certificate accepted: TLS 1.2 carries each in a 24-bit length (RFC 5246 §7.4.2).</summary>
        public const int MaxCertificateLength = 0xFFFFFF;
        /// <summary>Extensions per certificate (for the duplicate check).</summary>
        public const int MaxExtensions = 24;
        /// <summary>Bytes of extension OIDs kept for the duplicate check.</summary>
        public const int ExtensionOidPoolLength = 512;
        /// <summary>Scratch for small captured values (OIDs, times, integers, flags).</summary>
        public const int ScratchLength = 64;

        // ---- contexts (what the elements of a frame are) ----
        private const int CxRoot = 0, CxCert = 1, CxTbs = 2, CxVersion = 3, CxSigAlg = 4, CxPss = 5,
            CxPssHashWrap = 6, CxPssMgfWrap = 7, CxPssSaltWrap = 8, CxPssTrailerWrap = 9, CxHashAlgPss = 10,
            CxMgfAlg = 11, CxHashAlgMgf = 12, CxName = 13, CxRdn = 14, CxAtv = 15, CxValidity = 16,
            CxSpki = 17, CxSpkiAlg = 18, CxRsaKeyBits = 19, CxRsaKey = 20, CxExtsWrap = 21, CxExts = 22,
            CxExt = 23, CxExtValue = 24, CxBasic = 25, CxEku = 26, CxSan = 27, CxAki = 28;

        // ---- capture kinds (what a primitive's content is) ----
        private const int KSkip = 0, KVersion = 1, KSerial = 2, KSigAlgOid = 3, KNull = 4, KHashOid = 5,
            KMgfOid = 6, KSalt = 7, KTrailer = 8, KAtvOid = 9, KNotBefore = 10, KNotAfter = 11,
            KSpkiAlgOid = 12, KCurveOid = 13, KModulus = 14, KExponent = 15, KEcPoint = 16, KSignature = 17,
            KOuterAlg = 18, KExtOid = 19, KCritical = 20, KBasicCa = 21, KPathLen = 22, KKeyUsage = 23,
            KEkuOid = 24, KSanDns = 25, KSanIp = 26, KSki = 27, KAki = 28, KSkipRawDone = 29;

        // ---- known extensions ----
        private const int ExUnknown = -1, ExBasic = 0, ExKeyUsage = 1, ExEku = 2, ExSan = 3, ExNameConstraints = 4,
            ExSki = 5, ExAki = 6;

        private const int ModeHeader = 0, ModeContent = 1, ModeUnusedBits = 2;

        private readonly byte[] _header = new byte[DerReader.MaxHeaderLength];
        private readonly byte[] _scratch = new byte[ScratchLength];
        private readonly byte[] _outerAlg;
        private readonly byte[] _extOids;
        private readonly int[] _extOidOffset;
        private readonly int[] _extOidLength;
        private readonly int[] _frameEnd = new int[MaxFrames];
        private readonly int[] _frameContext = new int[MaxFrames];
        private readonly int[] _frameCount = new int[MaxFrames];

        private CertificateInfo _info;
        private ITbsSink _sink;
        private CertStatus _status;
        private CertStatus _soft;
        private DerStatus _derError;
        private int _top;
        private int _pos;
        private int _mode;
        private int _headerLength;

        // the primitive being consumed
        private int _elementEnd;
        private int _kind;
        private byte[] _captureBuffer;
        private int _captureOffset;
        private int _captureLength;

        // regions
        private bool _tbsActive;
        private int _tbsEnd;
        private bool _rawActive;
        private int _rawEnd;
        private byte[] _rawBuffer;
        private int _rawLength;

        // schema state
        private int _tbsStage;
        private int _pssLast;
        private int _akiLast;
        private int _basicLast;
        private bool _rsaModulusTooBig;
        private bool _spkiTooLong;
        private int _extKind;
        private int _extStage;
        private bool _extCritical;
        private int _extOidUsed;
        private int _outerAlgLength;

        /// <summary>A parser filling <paramref name="info"/>; call <see cref="Reset"/> to parse another certificate.</summary>
        public CertificateParser(CertificateInfo info) : this(info, null)
        {
        }

        /// <summary>A parser filling <paramref name="info"/> and feeding tbsCertificate to <paramref name="sink"/> (may be null).</summary>
        public CertificateParser(CertificateInfo info, ITbsSink sink) : this(info, sink, new CertificateLimits())
        {
        }

        /// <summary>
        /// A parser whose own buffers (outer signature AlgorithmIdentifier, extension OIDs for the
        /// duplicate check) have the capacities of <paramref name="limits"/>. It can fill any
        /// <see cref="CertificateInfo"/> (<see cref="Reset(CertificateInfo, ITbsSink)"/>): every
        /// field is checked against the capacity of the array it lands in.
        /// </summary>
        public CertificateParser(CertificateInfo info, ITbsSink sink, CertificateLimits limits)
        {
            if (limits == null)
            {
                throw new ArgumentNullException("limits");
            }
            limits.Validate();
            _outerAlg = new byte[limits.MaxSignatureAlgorithmLength];
            _extOids = new byte[limits.ExtensionOidPoolLength];
            _extOidOffset = new int[limits.MaxExtensions];
            _extOidLength = new int[limits.MaxExtensions];
            Reset(info, sink);
        }

        /// <summary>Current status: <see cref="CertStatus.InProgress"/> until the certificate ends or fails.</summary>
        public CertStatus Status
        {
            get { return _status; }
        }

        /// <summary>The DER rule broken when <see cref="Status"/> is <see cref="CertStatus.Malformed"/>.</summary>
        public DerStatus DerError
        {
            get { return _derError; }
        }

        /// <summary>Bytes consumed so far.</summary>
        public int Position
        {
            get { return _pos; }
        }

        /// <summary>The certificate being filled.</summary>
        public CertificateInfo Info
        {
            get { return _info; }
        }

        /// <summary>Starts a new certificate into the same <see cref="CertificateInfo"/> and sink.</summary>
        public void Reset()
        {
            Reset(_info, _sink);
        }

        /// <summary>Starts a new certificate into <paramref name="info"/>, feeding tbsCertificate to <paramref name="sink"/> (may be null).</summary>
        public void Reset(CertificateInfo info, ITbsSink sink)
        {
            if (info == null)
            {
                throw new ArgumentNullException("info");
            }
            _info = info;
            _sink = sink;
            info.Clear();
            _status = CertStatus.InProgress;
            _soft = CertStatus.Ok;
            _derError = DerStatus.Ok;
            _top = 0;
            _frameContext[0] = CxRoot;
            _frameEnd[0] = MaxCertificateLength + DerReader.MaxHeaderLength;
            _frameCount[0] = 0;
            _pos = 0;
            _mode = ModeHeader;
            _headerLength = 0;
            _elementEnd = 0;
            _kind = KSkip;
            _captureBuffer = null;
            _tbsActive = false;
            _rawActive = false;
            _rawBuffer = null;
            _tbsStage = 0;
            _extOidUsed = 0;
            _outerAlgLength = 0;
            _rsaModulusTooBig = false;
            _spkiTooLong = false;
        }

        /// <summary>
        /// Consumes <paramref name="count"/> bytes. Returns <see cref="CertStatus.InProgress"/> while
        /// more are needed, then the final status (sticky). Bytes after the end of the certificate
        /// give <see cref="CertStatus.TrailingData"/>. Allocates nothing.
        /// </summary>
        public CertStatus Feed(byte[] chunk, int offset, int count)
        {
            if (chunk == null)
            {
                throw new ArgumentNullException("chunk");
            }
            if (offset < 0 || count < 0 || offset > chunk.Length - count)
            {
                throw new ArgumentOutOfRangeException("offset");
            }
            if (count > 0 && _info.Complete && _status != CertStatus.TrailingData)
            {
                _status = CertStatus.TrailingData;
                return _status;
            }
            int i = offset;
            int end = offset + count;
            while (i < end && _status == CertStatus.InProgress)
            {
                if (_mode == ModeContent)
                {
                    int n = end - i;
                    if (n > _elementEnd - _pos)
                    {
                        n = _elementEnd - _pos;
                    }
                    Emit(chunk, i, n);
                    if (_captureBuffer != null)
                    {
                        Array.Copy(chunk, i, _captureBuffer, _captureOffset + _captureLength, n);
                        _captureLength += n;
                    }
                    i += n;
                    _pos += n;
                    if (_pos == _elementEnd)
                    {
                        _mode = ModeHeader;
                        EndPrimitive();
                        PopFinished();
                    }
                }
                else if (_mode == ModeUnusedBits)
                {
                    int b = chunk[i];
                    Emit(chunk, i, 1);
                    i++;
                    _pos++;
                    if (b != 0)
                    {
                        // Keys and signatures are whole octets: RFC 5280 §4.1.1.3, RFC 3279 §2.3.
                        Fail(DerStatus.BadValue);
                        break;
                    }
                    if (_captureBuffer != null || _kind != KSkip)
                    {
                        _mode = ModeContent;
                        if (_pos == _elementEnd)
                        {
                            _mode = ModeHeader;
                            EndPrimitive();
                        }
                    }
                    else
                    {
                        _mode = ModeHeader;
                    }
                    PopFinished();
                }
                else
                {
                    _header[_headerLength] = chunk[i];
                    _headerLength++;
                    i++;
                    _pos++;
                    int tag;
                    int length;
                    int hl;
                    DerStatus s = DerReader.DecodeHeader(_header, 0, _headerLength, out tag, out length, out hl);
                    if (s == DerStatus.Truncated)
                    {
                        if (_pos >= _frameEnd[_top])
                        {
                            Fail(DerStatus.BadLength);   // the header runs past its parent
                        }
                        continue;
                    }
                    if (s != DerStatus.Ok)
                    {
                        Fail(s);
                        break;
                    }
                    _headerLength = 0;
                    if (length > _frameEnd[_top] - _pos)
                    {
                        if (_top == 0)
                        {
                            _status = CertStatus.TooLong;
                        }
                        else
                        {
                            Fail(DerStatus.BadLength);
                        }
                        break;
                    }
                    OnHeader(tag, length, hl);
                    if (_status != CertStatus.InProgress)
                    {
                        break;
                    }
                    EmitHeader(hl);
                    if (_mode == ModeContent && length == 0)
                    {
                        _mode = ModeHeader;
                        EndPrimitive();
                    }
                    PopFinished();
                }
            }
            if (i < end && _info.Complete)
            {
                _status = CertStatus.TrailingData;
            }
            return _status;
        }

        /// <summary>Declares the end of input: <see cref="CertStatus.Truncated"/> if the certificate is not complete.</summary>
        public CertStatus Finish()
        {
            if (_status == CertStatus.InProgress)
            {
                _status = CertStatus.Truncated;
            }
            return _status;
        }

        // ================================================================ element dispatch

        private void OnHeader(int tag, int length, int hl)
        {
            int context = _frameContext[_top];
            int index = _frameCount[_top];
            _frameCount[_top] = index + 1;
            int start = _pos - hl;
            int end = _pos + length;
            CertificateInfo info = _info;
            switch (context)
            {
                case CxRoot:
                    if (index != 0 || tag != DerTag.Sequence)
                    {
                        Fail(DerStatus.BadTag);
                        return;
                    }
                    info.CertificateLength = hl + length;
                    Push(CxCert, end);
                    return;

                case CxCert:
                    // RFC 5280 §4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
                    if (index == 0 && tag == DerTag.Sequence)
                    {
                        info.TbsOffset = start;
                        info.TbsLength = hl + length;
                        _tbsActive = true;
                        _tbsEnd = end;
                        Push(CxTbs, end);
                    }
                    else if (index == 1 && tag == DerTag.Sequence)
                    {
                        if (hl + length > _outerAlg.Length)
                        {
                            _status = CertStatus.AlgorithmIdentifierTooLong;
                            return;
                        }
                        StartRaw(_outerAlg, end);
                        Content(KOuterAlg, end, null, 0);
                    }
                    else if (index == 2 && tag == DerTag.BitString)
                    {
                        // RFC 5280 §4.1.1.3
                        if (length < 1)
                        {
                            Fail(DerStatus.BadValue);
                        }
                        else if (length - 1 > info.SignatureValue.Length)
                        {
                            Soft(CertStatus.SignatureTooLong);
                            Content(KSkip, end, null, 0);
                        }
                        else
                        {
                            Content(KSignature, end, info.SignatureValue, 0);
                            _mode = ModeUnusedBits;
                        }
                    }
                    else
                    {
                        Fail(DerStatus.BadTag);
                    }
                    return;

                case CxTbs:
                    OnTbsElement(tag, length, hl, end);
                    return;

                case CxVersion:
                    if (index == 0 && tag == DerTag.Integer)
                    {
                        CaptureScratch(KVersion, length, end);
                    }
                    else
                    {
                        Fail(DerStatus.BadTag);
                    }
                    return;

                case CxSigAlg:
                    // RFC 5280 §4.1.1.2: AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }
                    if (index == 0)
                    {
                        ExpectScratch(tag, DerTag.ObjectIdentifier, KSigAlgOid, length, end);
                    }
                    else if (index == 1)
                    {
                        SignatureAlgorithm alg = info.SignatureAlgorithm;
                        if (alg == SignatureAlgorithm.RsaPss)
                        {
                            Expect(tag, DerTag.Sequence, CxPss, end);
                            _pssLast = -1;
                            info.PssHash = HashAlgorithm.Sha1;      // RFC 4055 §3.1 defaults
                            info.PssMgfHash = HashAlgorithm.Sha1;
                            info.PssSaltLength = 20;
                        }
                        else if (alg == SignatureAlgorithm.RsaPkcs1Sha256 || alg == SignatureAlgorithm.RsaPkcs1Sha384
                            || alg == SignatureAlgorithm.RsaPkcs1Sha512)
                        {
                            ExpectScratch(tag, DerTag.Null, KNull, length, end);   // RFC 4055 §5: NULL (or absent)
                        }
                        else if (alg == SignatureAlgorithm.Unknown)
                        {
                            Content(KSkip, end, null, 0);
                        }
                        else
                        {
                            _status = CertStatus.BadAlgorithmParameters;      // RFC 5758 §3.2: ECDSA parameters absent
                        }
                    }
                    else
                    {
                        Fail(DerStatus.BadTag);
                    }
                    return;

                case CxPss:
                    // RFC 4055 §3.1: RSASSA-PSS-params ::= SEQUENCE { [0] hash, [1] mgf, [2] salt, [3] trailer }
                    {
                        int n = DerTag.NumberOf(tag);
                        if (DerTag.ClassOf(tag) != DerTag.ContextClass || !DerTag.IsConstructed(tag) || n > 3 || n <= _pssLast)
                        {
                            Fail(DerStatus.BadTag);
                            return;
                        }
                        _pssLast = n;
                        Push(n == 0 ? CxPssHashWrap : n == 1 ? CxPssMgfWrap : n == 2 ? CxPssSaltWrap : CxPssTrailerWrap, end);
                    }
                    return;

                case CxPssHashWrap:
                    if (index == 0) { Expect(tag, DerTag.Sequence, CxHashAlgPss, end); } else { Fail(DerStatus.BadTag); }
                    return;

                case CxPssMgfWrap:
                    if (index == 0) { Expect(tag, DerTag.Sequence, CxMgfAlg, end); } else { Fail(DerStatus.BadTag); }
                    return;

                case CxPssSaltWrap:
                    if (index == 0) { ExpectScratch(tag, DerTag.Integer, KSalt, length, end); } else { Fail(DerStatus.BadTag); }
                    return;

                case CxPssTrailerWrap:
                    if (index == 0) { ExpectScratch(tag, DerTag.Integer, KTrailer, length, end); } else { Fail(DerStatus.BadTag); }
                    return;

                case CxHashAlgPss:
                case CxHashAlgMgf:
                    if (index == 0) { ExpectScratch(tag, DerTag.ObjectIdentifier, KHashOid, length, end); }
                    else if (index == 1) { ExpectScratch(tag, DerTag.Null, KNull, length, end); }
                    else { Fail(DerStatus.BadTag); }
                    return;

                case CxMgfAlg:
                    if (index == 0) { ExpectScratch(tag, DerTag.ObjectIdentifier, KMgfOid, length, end); }
                    else if (index == 1) { Expect(tag, DerTag.Sequence, CxHashAlgMgf, end); }
                    else { Fail(DerStatus.BadTag); }
                    return;

                case CxName:
                    // RFC 5280 §4.1.2.4: Name ::= SEQUENCE OF RelativeDistinguishedName (SET OF AttributeTypeAndValue)
                    Expect(tag, DerTag.Set, CxRdn, end);
                    return;

                case CxRdn:
                    Expect(tag, DerTag.Sequence, CxAtv, end);
                    return;

                case CxAtv:
                    if (index == 0) { ExpectScratch(tag, DerTag.ObjectIdentifier, KAtvOid, length, end); }
                    else if (index == 1) { Content(KSkip, end, null, 0); }
                    else { Fail(DerStatus.BadTag); }
                    return;

                case CxValidity:
                    // RFC 5280 §4.1.2.5: Validity ::= SEQUENCE { notBefore Time, notAfter Time }
                    if (index < 2 && (tag == DerTag.UtcTime || tag == DerTag.GeneralizedTime))
                    {
                        CaptureScratch(index == 0 ? KNotBefore : KNotAfter, length, end);
                    }
                    else
                    {
                        Fail(DerStatus.BadTag);
                    }
                    return;

                case CxSpki:
                    OnSpkiElement(tag, length, index, end);
                    return;

                case CxSpkiAlg:
                    if (index == 0)
                    {
                        ExpectScratch(tag, DerTag.ObjectIdentifier, KSpkiAlgOid, length, end);
                    }
                    else if (index == 1)
                    {
                        if (info.KeyType == KeyType.Rsa)
                        {
                            ExpectScratch(tag, DerTag.Null, KNull, length, end);              // RFC 3279 §2.3.1
                        }
                        else if (info.KeyType == KeyType.EcP256)
                        {
                            // Provisional EC marker until the curve is read (RFC 5480 §2.1.1: namedCurve).
                            if (tag == DerTag.ObjectIdentifier)
                            {
                                CaptureScratch(KCurveOid, length, end);
                            }
                            else
                            {
                                SetUnsupportedKey();
                                Content(KSkip, end, null, 0);
                            }
                        }
                        else
                        {
                            Content(KSkip, end, null, 0);
                        }
                    }
                    else
                    {
                        Fail(DerStatus.BadTag);
                    }
                    return;

                case CxRsaKeyBits:
                    if (index == 0) { Expect(tag, DerTag.Sequence, CxRsaKey, end); } else { Fail(DerStatus.BadTag); }
                    return;

                case CxRsaKey:
                    // RFC 8017 §A.1.1: RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
                    if (index == 0 && tag == DerTag.Integer)
                    {
                        if (length > info.RsaModulus.Length)
                        {
                            _rsaModulusTooBig = true;
                            Content(KSkip, end, null, 0);
                        }
                        else
                        {
                            Content(KModulus, end, info.RsaModulus, 0);
                        }
                    }
                    else if (index == 1 && tag == DerTag.Integer)
                    {
                        if (length > info.RsaExponent.Length)
                        {
                            SetKeyNotKept(CertStatus.KeyTooLong);
                            Content(KSkip, end, null, 0);
                        }
                        else
                        {
                            Content(KExponent, end, info.RsaExponent, 0);
                        }
                    }
                    else
                    {
                        Fail(DerStatus.BadTag);
                    }
                    return;

                case CxExtsWrap:
                    if (index == 0) { Expect(tag, DerTag.Sequence, CxExts, end); } else { Fail(DerStatus.BadTag); }
                    return;

                case CxExts:
                    // RFC 5280 §4.1: Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension
                    if (tag != DerTag.Sequence)
                    {
                        Fail(DerStatus.BadTag);
                        return;
                    }
                    _extKind = ExUnknown;
                    _extStage = 0;
                    _extCritical = false;
                    Push(CxExt, end);
                    return;

                case CxExt:
                    OnExtensionElement(tag, length, end);
                    return;

                case CxExtValue:
                    OnExtensionValue(tag, length, index, end);
                    return;

                case CxBasic:
                    // RFC 5280 §4.2.1.9: SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL }
                    if (tag == DerTag.Boolean && _basicLast < 0)
                    {
                        _basicLast = 0;
                        CaptureScratch(KBasicCa, length, end);
                    }
                    else if (tag == DerTag.Integer && _basicLast < 1)
                    {
                        _basicLast = 1;
                        CaptureScratch(KPathLen, length, end);
                    }
                    else
                    {
                        _status = CertStatus.BadExtension;
                    }
                    return;

                case CxEku:
                    // RFC 5280 §4.2.1.12: SEQUENCE SIZE (1..MAX) OF KeyPurposeId
                    ExpectScratch(tag, DerTag.ObjectIdentifier, KEkuOid, length, end);
                    return;

                case CxSan:
                    OnGeneralName(tag, length, end);
                    return;

                case CxAki:
                    // RFC 5280 §4.2.1.1: SEQUENCE { [0] keyIdentifier, [1] authorityCertIssuer, [2] serial }
                    {
                        int n = DerTag.NumberOf(tag);
                        if (DerTag.ClassOf(tag) != DerTag.ContextClass || n > 2 || n <= _akiLast
                            || DerTag.IsConstructed(tag) != (n == 1))
                        {
                            _status = CertStatus.BadExtension;
                            return;
                        }
                        _akiLast = n;
                        if (n == 0)
                        {
                            if (length > info.AuthorityKeyId.Length)
                            {
                                _status = CertStatus.KeyIdTooLong;
                                return;
                            }
                            Content(KAki, end, info.AuthorityKeyId, 0);
                        }
                        else
                        {
                            Content(KSkip, end, null, 0);
                        }
                    }
                    return;

                default:
                    Fail(DerStatus.BadTag);
                    return;
            }
        }

        private void OnTbsElement(int tag, int length, int hl, int end)
        {
            // RFC 5280 §4.1: TBSCertificate ::= SEQUENCE { [0] version DEFAULT v1, serialNumber,
            // signature, issuer, validity, subject, subjectPublicKeyInfo, [1] issuerUniqueID,
            // [2] subjectUniqueID, [3] extensions }
            CertificateInfo info = _info;
            int stage = _tbsStage;
            if (stage == 0)
            {
                if (tag == DerTag.Context(0, true))
                {
                    _tbsStage = 1;
                    Push(CxVersion, end);
                    return;
                }
                info.Version = 1;
                stage = 1;
            }
            switch (stage)
            {
                case 1:
                    if (tag != DerTag.Integer)
                    {
                        Fail(DerStatus.BadTag);
                        return;
                    }
                    if (length > info.Serial.Length)
                    {
                        _status = CertStatus.SerialTooLong;
                        return;
                    }
                    _tbsStage = 2;
                    Content(KSerial, end, info.Serial, 0);
                    return;
                case 2:
                    if (tag != DerTag.Sequence)
                    {
                        Fail(DerStatus.BadTag);
                        return;
                    }
                    if (hl + length > info.SignatureAlgorithmDer.Length)
                    {
                        _status = CertStatus.AlgorithmIdentifierTooLong;
                        return;
                    }
                    _tbsStage = 3;
                    StartRaw(info.SignatureAlgorithmDer, end);
                    Push(CxSigAlg, end);
                    return;
                case 3:
                case 5:
                    if (tag != DerTag.Sequence)
                    {
                        Fail(DerStatus.BadTag);
                        return;
                    }
                    if (hl + length > (stage == 3 ? info.Issuer : info.Subject).Length)
                    {
                        _status = CertStatus.NameTooLong;
                        return;
                    }
                    _tbsStage = stage + 1;
                    StartRaw(stage == 3 ? info.Issuer : info.Subject, end);
                    Push(CxName, end);
                    return;
                case 4:
                    if (tag != DerTag.Sequence)
                    {
                        Fail(DerStatus.BadTag);
                        return;
                    }
                    _tbsStage = 5;
                    Push(CxValidity, end);
                    return;
                case 6:
                    if (tag != DerTag.Sequence)
                    {
                        Fail(DerStatus.BadTag);
                        return;
                    }
                    _tbsStage = 7;
                    if (hl + length <= info.Spki.Length)
                    {
                        StartRaw(info.Spki, end);
                    }
                    else
                    {
                        _spkiTooLong = true;
                    }
                    Push(CxSpki, end);
                    return;
                default:
                    // RFC 5280 §4.1.2.8: unique identifiers only in v2/v3; §4.1.2.9: extensions only in v3.
                    if (tag == DerTag.Context(1, false) && stage <= 7)
                    {
                        _tbsStage = 8;
                    }
                    else if (tag == DerTag.Context(2, false) && stage <= 8)
                    {
                        _tbsStage = 9;
                    }
                    else if (tag == DerTag.Context(3, true) && stage <= 9)
                    {
                        if (info.Version != 3)
                        {
                            _status = CertStatus.BadVersion;
                            return;
                        }
                        _tbsStage = 10;
                        Push(CxExtsWrap, end);
                        return;
                    }
                    else
                    {
                        Fail(DerStatus.BadTag);
                        return;
                    }
                    if (info.Version < 2)
                    {
                        _status = CertStatus.BadVersion;
                        return;
                    }
                    Content(KSkip, end, null, 0);
                    return;
            }
        }

        private void OnSpkiElement(int tag, int length, int index, int end)
        {
            // RFC 5280 §4.1.2.7: SubjectPublicKeyInfo ::= SEQUENCE { algorithm, subjectPublicKey BIT STRING }
            CertificateInfo info = _info;
            if (index == 0)
            {
                Expect(tag, DerTag.Sequence, CxSpkiAlg, end);
                return;
            }
            if (index != 1 || tag != DerTag.BitString)
            {
                Fail(DerStatus.BadTag);
                return;
            }
            if (length < 1)
            {
                Fail(DerStatus.BadValue);
                return;
            }
            KeyType type = info.KeyType;
            if (type == KeyType.Rsa)
            {
                // RFC 3279 §2.3.1: the BIT STRING holds the DER of RSAPublicKey.
                Push(CxRsaKeyBits, end);
                _mode = ModeUnusedBits;
                _kind = KSkip;
                _captureBuffer = null;
                _elementEnd = end;
                return;
            }
            if (type == KeyType.EcP256 || type == KeyType.EcP384)
            {
                // SEC 1 §2.3.3 / RFC 5480 §2.2: uncompressed point 04 || X || Y.
                int expected = type == KeyType.EcP256 ? 65 : 97;
                if (length - 1 != expected)
                {
                    SetUnsupportedKey();
                    Content(KSkip, end, null, 0);
                    return;
                }
                if (expected > info.EcPoint.Length)
                {
                    SetKeyNotKept(CertStatus.KeyTooLong);
                    Content(KSkip, end, null, 0);
                    return;
                }
                Content(KEcPoint, end, info.EcPoint, 0);
                _mode = ModeUnusedBits;
                return;
            }
            Content(KSkip, end, null, 0);
        }

        private void OnExtensionElement(int tag, int length, int end)
        {
            // RFC 5280 §4.1: Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
            if (_extStage == 0)
            {
                _extStage = 1;
                ExpectScratch(tag, DerTag.ObjectIdentifier, KExtOid, length, end);
                return;
            }
            if (_extStage == 1 && tag == DerTag.Boolean)
            {
                _extStage = 2;
                CaptureScratch(KCritical, length, end);
                return;
            }
            if (_extStage > 2 || tag != DerTag.OctetString)
            {
                Fail(DerStatus.BadTag);
                return;
            }
            _extStage = 3;
            if (_extKind == ExUnknown)
            {
                if (_extCritical)
                {
                    _info.HasUnknownCriticalExtension = true;
                    Soft(CertStatus.UnknownCriticalExtension);
                }
                Content(KSkip, end, null, 0);
                return;
            }
            Push(CxExtValue, end);
        }

        private void OnExtensionValue(int tag, int length, int index, int end)
        {
            if (index != 0)
            {
                _status = CertStatus.BadExtension;      // extnValue holds exactly one value
                return;
            }
            CertificateInfo info = _info;
            switch (_extKind)
            {
                case ExBasic:
                    info.HasBasicConstraints = true;
                    _basicLast = -1;
                    ExpectExt(tag, DerTag.Sequence, CxBasic, end);
                    return;
                case ExKeyUsage:
                    // RFC 5280 §4.2.1.3: KeyUsage ::= BIT STRING (nine named bits: at most 2 octets + 1)
                    if (tag != DerTag.BitString || length > 3)
                    {
                        _status = CertStatus.BadExtension;
                        return;
                    }
                    info.HasKeyUsage = true;
                    CaptureScratch(KKeyUsage, length, end);
                    return;
                case ExEku:
                    info.HasExtendedKeyUsage = true;
                    ExpectExt(tag, DerTag.Sequence, CxEku, end);
                    return;
                case ExSan:
                    info.HasSubjectAltName = true;
                    ExpectExt(tag, DerTag.Sequence, CxSan, end);
                    return;
                case ExNameConstraints:
                    // RFC 5280 §4.2.1.10: presence only; path validation refuses what it cannot enforce.
                    if (tag != DerTag.Sequence)
                    {
                        _status = CertStatus.BadExtension;
                        return;
                    }
                    info.HasNameConstraints = true;
                    Content(KSkip, end, null, 0);
                    return;
                case ExSki:
                    // RFC 5280 §4.2.1.2: SubjectKeyIdentifier ::= KeyIdentifier (OCTET STRING)
                    if (tag != DerTag.OctetString)
                    {
                        _status = CertStatus.BadExtension;
                        return;
                    }
                    if (length > info.SubjectKeyId.Length)
                    {
                        _status = CertStatus.KeyIdTooLong;
                        return;
                    }
                    info.HasSubjectKeyId = true;
                    Content(KSki, end, info.SubjectKeyId, 0);
                    return;
                case ExAki:
                    info.HasAuthorityKeyId = true;
                    _akiLast = -1;
                    ExpectExt(tag, DerTag.Sequence, CxAki, end);
                    return;
                default:
                    Fail(DerStatus.BadTag);
                    return;
            }
        }

        private void OnGeneralName(int tag, int length, int end)
        {
            // RFC 5280 §4.2.1.6: GeneralName ::= CHOICE { ... [2] dNSName IA5String, ... [7] iPAddress OCTET STRING ... }
            CertificateInfo info = _info;
            if (DerTag.ClassOf(tag) != DerTag.ContextClass)
            {
                _status = CertStatus.BadExtension;
                return;
            }
            int kind;
            if (tag == DerTag.Context(2, false))
            {
                kind = KSanDns;
                if (length == 0)
                {
                    _status = CertStatus.BadExtension;   // RFC 5280 §4.2.1.6: dNSName MUST NOT be " "/empty
                    return;
                }
            }
            else if (tag == DerTag.Context(7, false))
            {
                kind = KSanIp;
                if (length != 4 && length != 16)
                {
                    _status = CertStatus.BadExtension;
                    return;
                }
            }
            else
            {
                info.SanHasOtherNames = true;
                Content(KSkip, end, null, 0);
                return;
            }
            int n = info.SanCount;
            int used = n == 0 ? 0 : info.SanOffset[n - 1] + info.SanLength[n - 1];
            if (n >= info.SanTypes.Length || length > CertificateInfo.MaxDnsNameLength || length > info.SanPool.Length - used)
            {
                info.SanOverflow = true;
                Soft(CertStatus.TooManyNames);
                Content(KSkip, end, null, 0);
                return;
            }
            info.SanOffset[n] = used;
            info.SanLength[n] = length;
            info.SanTypes[n] = (byte)(kind == KSanDns ? SanType.DnsName : SanType.IpAddress);
            Content(kind, end, info.SanPool, used);
        }

        // ================================================================ element ends

        private void EndPrimitive()
        {
            int kind = _kind;
            int len = _captureLength;
            byte[] s = _scratch;
            CertificateInfo info = _info;
            _captureBuffer = null;
            _kind = KSkip;
            if (_rawActive && _pos == _rawEnd)
            {
                EndRaw();
            }
            switch (kind)
            {
                case KSkip:
                    return;
                case KVersion:
                    {
                        // RFC 5280 §4.1.2.1: Version ::= INTEGER { v1(0), v2(1), v3(2) }
                        if (!CheckInteger(s, len))
                        {
                            return;
                        }
                        if (len != 1 || s[0] > 2)
                        {
                            _status = CertStatus.BadVersion;
                            return;
                        }
                        info.Version = s[0] + 1;
                    }
                    return;
                case KSerial:
                    if (!CheckInteger(info.Serial, len))
                    {
                        return;
                    }
                    info.SerialLength = len;
                    info.SerialNegative = info.Serial[0] >= 0x80;
                    return;
                case KSigAlgOid:
                    if (!CheckOid(len))
                    {
                        return;
                    }
                    info.SignatureAlgorithm = MapSignatureAlgorithm(s, len);
                    if (info.SignatureAlgorithm == SignatureAlgorithm.Unknown)
                    {
                        Soft(CertStatus.UnsupportedSignatureAlgorithm);
                    }
                    return;
                case KNull:
                    if (len != 0)
                    {
                        Fail(DerStatus.BadValue);       // X.690 §8.8.2
                    }
                    return;
                case KHashOid:
                    {
                        if (!CheckOid(len))
                        {
                            return;
                        }
                        HashAlgorithm h = MapHash(s, len);
                        if (_frameContext[_top] == CxHashAlgPss)
                        {
                            info.PssHash = h;
                        }
                        else if (info.PssMgfHash != HashAlgorithm.Unknown)
                        {
                            info.PssMgfHash = h;
                        }
                        if (h == HashAlgorithm.Unknown)
                        {
                            Soft(CertStatus.UnsupportedSignatureAlgorithm);
                        }
                    }
                    return;
                case KMgfOid:
                    if (!CheckOid(len))
                    {
                        return;
                    }
                    if (!DerReader.BytesEqual(s, 0, len, Oids.Mgf1))
                    {
                        info.PssMgfHash = HashAlgorithm.Unknown;
                        Soft(CertStatus.UnsupportedSignatureAlgorithm);
                    }
                    return;
                case KSalt:
                    {
                        int v;
                        if (!ReadSmallNonNegative(len, out v))
                        {
                            if (_status == CertStatus.InProgress)
                            {
                                _status = CertStatus.BadAlgorithmParameters;
                            }
                            return;
                        }
                        info.PssSaltLength = v;
                    }
                    return;
                case KTrailer:
                    {
                        // RFC 4055 §3.1: trailerField MUST be 1 (trailerFieldBC).
                        int v;
                        if ((!ReadSmallNonNegative(len, out v) || v != 1) && _status == CertStatus.InProgress)
                        {
                            _status = CertStatus.BadAlgorithmParameters;
                        }
                    }
                    return;
                case KAtvOid:
                    CheckOid(len);
                    return;
                case KNotBefore:
                case KNotAfter:
                    {
                        long t;
                        bool ok = len == 13
                            ? DerTime.TryParseUtcTime(s, 0, len, out t)
                            : DerTime.TryParseGeneralizedTime(s, 0, len, out t);
                        // The tag chose the form; a 13-byte GeneralizedTime or 15-byte UTCTime is caught by length.
                        if (!ok || (len == 13) != (_headerTagWasUtc))
                        {
                            _status = CertStatus.BadTime;
                            return;
                        }
                        if (kind == KNotBefore)
                        {
                            info.NotBefore = t;
                        }
                        else
                        {
                            info.NotAfter = t;
                        }
                    }
                    return;
                case KSpkiAlgOid:
                    if (!CheckOid(len))
                    {
                        return;
                    }
                    if (DerReader.BytesEqual(s, 0, len, Oids.RsaEncryption))
                    {
                        info.KeyType = KeyType.Rsa;
                    }
                    else if (DerReader.BytesEqual(s, 0, len, Oids.EcPublicKey))
                    {
                        info.KeyType = KeyType.EcP256;     // provisional: the curve decides
                    }
                    else
                    {
                        SetUnsupportedKey();
                    }
                    return;
                case KCurveOid:
                    if (!CheckOid(len))
                    {
                        return;
                    }
                    if (DerReader.BytesEqual(s, 0, len, Oids.Secp256r1))
                    {
                        info.KeyType = KeyType.EcP256;
                    }
                    else if (DerReader.BytesEqual(s, 0, len, Oids.Secp384r1))
                    {
                        info.KeyType = KeyType.EcP384;
                    }
                    else
                    {
                        SetUnsupportedKey();
                    }
                    return;
                case KModulus:
                    {
                        byte[] m = info.RsaModulus;
                        if (!CheckInteger(m, len))
                        {
                            return;
                        }
                        if (m[0] >= 0x80)
                        {
                            Fail(DerStatus.BadValue);      // RFC 8017 §3.1: n is positive
                            return;
                        }
                        int start = m[0] == 0 && len > 1 ? 1 : 0;
                        int n = len - start;
                        if (n > m.Length - 1)
                        {
                            _rsaModulusTooBig = true;
                            return;
                        }
                        for (int i = 0; i < n; i++)
                        {
                            m[i] = m[i + start];
                        }
                        info.RsaModulusLength = n;
                    }
                    return;
                case KExponent:
                    {
                        byte[] e = info.RsaExponent;
                        if (!CheckInteger(e, len))
                        {
                            return;
                        }
                        if (e[0] >= 0x80)
                        {
                            Fail(DerStatus.BadValue);
                            return;
                        }
                        int start = e[0] == 0 && len > 1 ? 1 : 0;
                        for (int i = start; i < len; i++)
                        {
                            e[i - start] = e[i];
                        }
                        info.RsaExponentLength = len - start;
                    }
                    return;
                case KEcPoint:
                    if (info.EcPoint[0] != 0x04)
                    {
                        SetUnsupportedKey();               // compressed or hybrid form
                        return;
                    }
                    info.EcPointLength = len;
                    return;
                case KSignature:
                    info.SignatureValueLength = len;
                    return;
                case KOuterAlg:
                    _outerAlgLength = _rawLength;
                    return;
                case KExtOid:
                    OnExtensionOid(len);
                    return;
                case KCritical:
                    if (DerReader.CheckBoolean(s, 0, len) != DerStatus.Ok)
                    {
                        Fail(DerStatus.BadValue);
                        return;
                    }
                    _extCritical = s[0] != 0;
                    return;
                case KBasicCa:
                    if (DerReader.CheckBoolean(s, 0, len) != DerStatus.Ok)
                    {
                        Fail(DerStatus.BadValue);
                        return;
                    }
                    info.IsCA = s[0] != 0;
                    return;
                case KPathLen:
                    {
                        int v;
                        if (!ReadSmallNonNegative(len, out v))
                        {
                            if (_status == CertStatus.InProgress)
                            {
                                _status = CertStatus.BadExtension;
                            }
                            return;
                        }
                        info.PathLenConstraint = v;
                    }
                    return;
                case KKeyUsage:
                    {
                        if (DerReader.CheckBitString(s, 0, len) != DerStatus.Ok)
                        {
                            Fail(DerStatus.BadValue);
                            return;
                        }
                        // Named bit n is bit (7 − n mod 8) of octet n / 8 (X.690 §8.6.2.4).
                        int flags = 0;
                        for (int bit = 0; bit < (len - 1) * 8; bit++)
                        {
                            if ((s[1 + (bit >> 3)] & (0x80 >> (bit & 7))) != 0)
                            {
                                flags |= 1 << bit;
                            }
                        }
                        if (flags == 0)
                        {
                            _status = CertStatus.BadExtension;   // RFC 5280 §4.2.1.3: at least one bit set
                            return;
                        }
                        info.KeyUsage = flags;
                    }
                    return;
                case KEkuOid:
                    if (!CheckOid(len))
                    {
                        return;
                    }
                    if (DerReader.BytesEqual(s, 0, len, Oids.ServerAuth))
                    {
                        info.EkuServerAuth = true;
                    }
                    else if (DerReader.BytesEqual(s, 0, len, Oids.AnyExtendedKeyUsage))
                    {
                        info.EkuAny = true;
                    }
                    else if (DerReader.BytesEqual(s, 0, len, Oids.OcspSigning))
                    {
                        info.EkuOcspSigning = true;
                    }
                    return;
                case KSanDns:
                case KSanIp:
                    info.SanCount = info.SanCount + 1;
                    return;
                case KSki:
                    info.SubjectKeyIdLength = len;
                    return;
                case KAki:
                    info.AuthorityKeyIdLength = len;
                    return;
            }
        }

        private void OnFrameEnd(int context, int count)
        {
            CertificateInfo info = _info;
            switch (context)
            {
                case CxCert:
                    if (count != 3)
                    {
                        _status = CertStatus.MissingField;
                        return;
                    }
                    // RFC 5280 §4.1.1.2: signatureAlgorithm MUST equal tbsCertificate.signature.
                    if (!CertificateInfo.NameEquals(_outerAlg, _outerAlgLength, info.SignatureAlgorithmDer, info.SignatureAlgorithmDerLength))
                    {
                        _status = CertStatus.SignatureAlgorithmMismatch;
                        return;
                    }
                    info.Complete = true;
                    _status = _soft == CertStatus.Ok ? CertStatus.Ok : _soft;
                    return;
                case CxTbs:
                    _tbsActive = false;
                    if (_tbsStage < 7)
                    {
                        _status = CertStatus.MissingField;
                    }
                    return;
                case CxVersion:
                    if (count != 1)
                    {
                        _status = CertStatus.MissingField;
                    }
                    return;
                case CxSigAlg:
                    if (count < 1 || (count == 1 && info.SignatureAlgorithm == SignatureAlgorithm.RsaPss))
                    {
                        // RFC 4055 §3.1: PSS parameters MUST be present in a signature AlgorithmIdentifier.
                        _status = count < 1 ? CertStatus.MissingField : CertStatus.BadAlgorithmParameters;
                    }
                    return;
                case CxPssHashWrap:
                case CxPssMgfWrap:
                case CxPssSaltWrap:
                case CxPssTrailerWrap:
                    if (count != 1)
                    {
                        _status = CertStatus.MissingField;
                    }
                    return;
                case CxHashAlgPss:
                case CxHashAlgMgf:
                    if (count < 1)
                    {
                        _status = CertStatus.MissingField;
                    }
                    return;
                case CxMgfAlg:
                    if (count != 2)
                    {
                        _status = CertStatus.MissingField;
                    }
                    return;
                case CxRdn:
                    if (count < 1)
                    {
                        Fail(DerStatus.BadValue);              // SET SIZE (1..MAX)
                    }
                    return;
                case CxAtv:
                case CxValidity:
                    if (count != 2)
                    {
                        _status = CertStatus.MissingField;
                    }
                    return;
                case CxSpki:
                    if (count != 2)
                    {
                        _status = CertStatus.MissingField;
                        return;
                    }
                    if (_spkiTooLong)
                    {
                        SetKeyNotKept(CertStatus.SpkiTooLong); // did not fit the SPKI buffer
                    }
                    return;
                case CxSpkiAlg:
                    if (count < 1)
                    {
                        _status = CertStatus.MissingField;
                    }
                    else if (count == 1 && info.KeyType != KeyType.Other)
                    {
                        _status = CertStatus.BadAlgorithmParameters;   // RFC 3279 §2.3.1 NULL, RFC 5480 §2.1.1 namedCurve
                    }
                    return;
                case CxRsaKeyBits:
                    if (count != 1)
                    {
                        _status = CertStatus.MissingField;
                    }
                    return;
                case CxRsaKey:
                    if (count != 2)
                    {
                        _status = CertStatus.MissingField;
                        return;
                    }
                    if (_rsaModulusTooBig)
                    {
                        SetKeyNotKept(CertStatus.KeyTooLong);
                    }
                    return;
                case CxExtsWrap:
                    if (count != 1)
                    {
                        _status = CertStatus.MissingField;
                    }
                    return;
                case CxExts:
                    if (count < 1)
                    {
                        _status = CertStatus.BadExtension;
                    }
                    return;
                case CxExt:
                    if (_extStage != 3)
                    {
                        _status = CertStatus.MissingField;
                    }
                    return;
                case CxExtValue:
                    if (count != 1)
                    {
                        _status = CertStatus.BadExtension;
                    }
                    return;
                case CxEku:
                case CxSan:
                    if (count < 1)
                    {
                        _status = CertStatus.BadExtension;   // SEQUENCE SIZE (1..MAX)
                    }
                    return;
                default:
                    return;
            }
        }

        private void OnExtensionOid(int len)
        {
            byte[] s = _scratch;
            CertificateInfo info = _info;
            if (!CheckOid(len))
            {
                return;
            }
            // RFC 5280 §4.2: a certificate MUST NOT include more than one instance of an extension.
            int count = info.ExtensionCount;
            if (count >= _extOidOffset.Length || len > _extOids.Length - _extOidUsed)
            {
                _status = CertStatus.TooManyExtensions;
                return;
            }
            for (int e = 0; e < count; e++)
            {
                if (_extOidLength[e] == len && SameBytes(_extOids, _extOidOffset[e], s, len))
                {
                    _status = CertStatus.DuplicateExtension;
                    return;
                }
            }
            Array.Copy(s, 0, _extOids, _extOidUsed, len);
            _extOidOffset[count] = _extOidUsed;
            _extOidLength[count] = len;
            _extOidUsed += len;
            info.ExtensionCount = count + 1;
            _extKind = ExUnknown;
            if (len == 3 && s[0] == 0x55 && s[1] == 0x1D)
            {
                switch (s[2])
                {
                    case 0x13: _extKind = ExBasic; break;
                    case 0x0F: _extKind = ExKeyUsage; break;
                    case 0x25: _extKind = ExEku; break;
                    case 0x11: _extKind = ExSan; break;
                    case 0x1E: _extKind = ExNameConstraints; break;
                    case 0x0E: _extKind = ExSki; break;
                    case 0x23: _extKind = ExAki; break;
                }
            }
        }

        // ================================================================ helpers

        private bool _headerTagWasUtc;

        private void Push(int context, int end)
        {
            if (_top + 1 >= MaxFrames)
            {
                _status = CertStatus.TooDeep;
                return;
            }
            _top++;
            _frameContext[_top] = context;
            _frameEnd[_top] = end;
            _frameCount[_top] = 0;
        }

        private void PopFinished()
        {
            while (_status == CertStatus.InProgress && _mode == ModeHeader && _top > 0 && _pos == _frameEnd[_top])
            {
                int context = _frameContext[_top];
                int count = _frameCount[_top];
                _top--;
                if (_rawActive && _pos == _rawEnd)
                {
                    EndRaw();
                }
                OnFrameEnd(context, count);
            }
        }

        private void Expect(int tag, int expected, int context, int end)
        {
            if (tag != expected)
            {
                Fail(DerStatus.BadTag);
                return;
            }
            Push(context, end);
        }

        private void ExpectExt(int tag, int expected, int context, int end)
        {
            if (tag != expected)
            {
                _status = CertStatus.BadExtension;
                return;
            }
            Push(context, end);
        }

        private void ExpectScratch(int tag, int expected, int kind, int length, int end)
        {
            if (tag != expected)
            {
                Fail(DerStatus.BadTag);
                return;
            }
            CaptureScratch(kind, length, end);
        }

        private void CaptureScratch(int kind, int length, int end)
        {
            if (length > _scratch.Length)
            {
                _status = CertStatus.ValueTooLong;
                return;
            }
            _headerTagWasUtc = (_header[0] == DerTag.UtcTime);
            Content(kind, end, _scratch, 0);
        }

        private void Content(int kind, int end, byte[] buffer, int offset)
        {
            _mode = ModeContent;
            _kind = kind;
            _elementEnd = end;
            _captureBuffer = buffer;
            _captureOffset = offset;
            _captureLength = 0;
        }

        private void StartRaw(byte[] buffer, int end)
        {
            _rawActive = true;
            _rawBuffer = buffer;
            _rawEnd = end;
            _rawLength = 0;
        }

        private void EndRaw()
        {
            _rawActive = false;
            CertificateInfo info = _info;
            byte[] b = _rawBuffer;
            if (b == info.Issuer)
            {
                info.IssuerLength = _rawLength;
            }
            else if (b == info.Subject)
            {
                info.SubjectLength = _rawLength;
            }
            else if (b == info.Spki)
            {
                info.SpkiLength = _rawLength;
            }
            else if (b == info.SignatureAlgorithmDer)
            {
                info.SignatureAlgorithmDerLength = _rawLength;
            }
            _rawBuffer = null;
        }

        private void Emit(byte[] data, int offset, int count)
        {
            if (_tbsActive && _sink != null)
            {
                _sink.Update(data, offset, count);
            }
            if (_rawActive)
            {
                Array.Copy(data, offset, _rawBuffer, _rawLength, count);
                _rawLength += count;
            }
        }

        private void EmitHeader(int hl)
        {
            Emit(_header, 0, hl);
        }

        private void Fail(DerStatus error)
        {
            _derError = error;
            _status = CertStatus.Malformed;
        }

        private void Soft(CertStatus status)
        {
            if (_soft == CertStatus.Ok)
            {
                _soft = status;
            }
        }

        private void SetUnsupportedKey()
        {
            CertificateInfo info = _info;
            info.KeyType = KeyType.Other;
            info.RsaModulusLength = 0;
            info.RsaExponentLength = 0;
            info.EcPointLength = 0;
            Soft(CertStatus.UnsupportedKey);
        }

        // A key that is well formed but larger than the capacity of its buffer: not kept, so it
        // cannot verify anything; the status names the field.
        private void SetKeyNotKept(CertStatus reason)
        {
            CertificateInfo info = _info;
            info.KeyType = KeyType.Other;
            info.RsaModulusLength = 0;
            info.RsaExponentLength = 0;
            info.EcPointLength = 0;
            // The SPKI's own length is known at its header, before any part of the key: when it
            // did not fit, that is the reason whatever part of the key also does not.
            Soft(_spkiTooLong ? CertStatus.SpkiTooLong : reason);
        }

        private bool CheckInteger(byte[] buffer, int len)
        {
            DerStatus s = DerReader.CheckInteger(buffer, 0, len);
            if (s != DerStatus.Ok)
            {
                Fail(s);
                return false;
            }
            return true;
        }

        private bool CheckOid(int len)
        {
            DerStatus s = DerReader.CheckOid(_scratch, 0, len);
            if (s != DerStatus.Ok)
            {
                Fail(s);
                return false;
            }
            return true;
        }

        // A minimal non-negative INTEGER in the scratch buffer that fits an int.
        private bool ReadSmallNonNegative(int len, out int value)
        {
            value = 0;
            if (!CheckInteger(_scratch, len))
            {
                return false;
            }
            if (_scratch[0] >= 0x80 || len > 5 || (len == 5 && (_scratch[0] != 0 || _scratch[1] >= 0x80)))
            {
                return false;
            }
            int v = 0;
            for (int i = 0; i < len; i++)
            {
                v = (v << 8) | _scratch[i];
            }
            value = v;
            return true;
        }

        private static bool SameBytes(byte[] a, int aOffset, byte[] b, int len)
        {
            for (int i = 0; i < len; i++)
            {
                if (a[aOffset + i] != b[i])
                {
                    return false;
                }
            }
            return true;
        }

        private static SignatureAlgorithm MapSignatureAlgorithm(byte[] s, int len)
        {
            if (DerReader.BytesEqual(s, 0, len, Oids.Sha256WithRsa)) { return SignatureAlgorithm.RsaPkcs1Sha256; }
            if (DerReader.BytesEqual(s, 0, len, Oids.Sha384WithRsa)) { return SignatureAlgorithm.RsaPkcs1Sha384; }
            if (DerReader.BytesEqual(s, 0, len, Oids.Sha512WithRsa)) { return SignatureAlgorithm.RsaPkcs1Sha512; }
            if (DerReader.BytesEqual(s, 0, len, Oids.RsassaPss)) { return SignatureAlgorithm.RsaPss; }
            if (DerReader.BytesEqual(s, 0, len, Oids.EcdsaWithSha256)) { return SignatureAlgorithm.EcdsaSha256; }
            if (DerReader.BytesEqual(s, 0, len, Oids.EcdsaWithSha384)) { return SignatureAlgorithm.EcdsaSha384; }
            if (DerReader.BytesEqual(s, 0, len, Oids.EcdsaWithSha512)) { return SignatureAlgorithm.EcdsaSha512; }
            return SignatureAlgorithm.Unknown;
        }

        private static HashAlgorithm MapHash(byte[] s, int len)
        {
            if (DerReader.BytesEqual(s, 0, len, Oids.Sha256)) { return HashAlgorithm.Sha256; }
            if (DerReader.BytesEqual(s, 0, len, Oids.Sha384)) { return HashAlgorithm.Sha384; }
            if (DerReader.BytesEqual(s, 0, len, Oids.Sha512)) { return HashAlgorithm.Sha512; }
            if (DerReader.BytesEqual(s, 0, len, Oids.Sha1)) { return HashAlgorithm.Sha1; }
            return HashAlgorithm.Unknown;
        }
    }
}
