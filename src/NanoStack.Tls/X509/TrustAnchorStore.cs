using NanoStack.Tls.Crypto;

namespace NanoStack.Tls.X509
{
    /// <summary>
    /// Trust anchors in fixed slots (RFC 5280 §6.1.1 (d)): for each, the subject name (raw DER)
    /// and the SubjectPublicKeyInfo, with the public key kept decoded so a signature can be
    /// checked without parsing again. Loaded from a DER certificate (a file on the device) or
    /// from PEM text (compiled into the application). Anchors are trusted as given: their
    /// validity and extensions are not checked (RFC 5280 §6.1.1).
    ///
    /// Implementation notes
    /// - Memory: the constructor allocates only the slot tables (six arrays of
    ///   <c>capacity</c> entries). Adding an anchor (start-up, not the data path) allocates its
    ///   subject, SPKI and key octets at their exact lengths: a P-256 CA with a 60-byte subject
    ///   keeps 60 + 91 + 65 bytes.
    /// - The store has no parser of its own: the loaders borrow a <see cref="CertificateParser"/>
    ///   and a <see cref="CertificateInfo"/> (<see cref="ChainValidator.AddTrustAnchor"/> lends the
    ///   validator's); the overloads without them create temporary ones for the call (≈ 5 KB of
    ///   garbage, for host tools). PEM is decoded in 48-byte pieces straight into the parser, so
    ///   no certificate-sized buffer exists.
    /// </summary>
    public sealed class TrustAnchorStore
    {
        /// <summary>Largest anchor certificate the former whole-certificate PEM buffer took; kept for callers.</summary>
        public const int MaxCertificateLength = 4096;

        // Base64 symbols decoded at once: 64 symbols are 48 bytes (RFC 4648 §4: 4 symbols → 3 bytes).
        private const int PemPieceSymbols = 64;
        private const int PemPieceBytes = 48;

        private readonly byte[][] _subject;
        private readonly byte[][] _spki;
        private readonly KeyType[] _keyType;
        private readonly byte[][] _modulus;
        private readonly byte[][] _exponent;
        private readonly byte[][] _point;
        private int _count;

        public TrustAnchorStore(int capacity)
        {
            if (capacity < 1)
            {
                throw new System.ArgumentOutOfRangeException("capacity");
            }
            _subject = new byte[capacity][];
            _spki = new byte[capacity][];
            _keyType = new KeyType[capacity];
            _modulus = new byte[capacity][];
            _exponent = new byte[capacity][];
            _point = new byte[capacity][];
        }

        public int Count { get { return _count; } }

        public int Capacity { get { return _subject.Length; } }

        /// <summary>Adds the anchor a DER certificate describes, parsing it with a temporary parser.
        /// Returns the parser's status (<see cref="CertStatus.Ok"/> when added). A full store throws
        /// <see cref="System.InvalidOperationException"/>: the capacity is the caller's configuration.</summary>
        public CertStatus AddCertificate(byte[] der, int offset, int length)
        {
            CertificateInfo info = NewScratch();
            return AddCertificate(der, offset, length, new CertificateParser(info), info);
        }

        /// <summary>Adds the anchor a DER certificate describes, parsing it with <paramref name="parser"/>
        /// into <paramref name="scratch"/> (both borrowed: their state is overwritten).</summary>
        public CertStatus AddCertificate(byte[] der, int offset, int length, CertificateParser parser, CertificateInfo scratch)
        {
            CryptoRange.Check(der, offset, length, "der");
            Start(parser, scratch);
            CertStatus status = parser.Feed(der, offset, length);
            if (status == CertStatus.InProgress)
            {
                status = parser.Finish();
            }
            return Keep(status, scratch);
        }

        /// <summary>Adds every "CERTIFICATE" block of PEM text (RFC 7468) with a temporary parser;
        /// returns how many were added, or −1 when a block is malformed or its certificate does not parse.</summary>
        public int AddPem(string pem)
        {
            if (pem == null)
            {
                throw new System.ArgumentNullException("pem");
            }
            CertificateInfo info = NewScratch();
            return AddPem(pem, new CertificateParser(info), info);
        }

        /// <summary>Adds every "CERTIFICATE" block of PEM text (RFC 7468), decoding the Base64 in
        /// 48-byte pieces straight into <paramref name="parser"/> (borrowed, with <paramref name="scratch"/>);
        /// returns how many were added, or −1 when a block is malformed or its certificate does not parse.</summary>
        public int AddPem(string pem, CertificateParser parser, CertificateInfo scratch)
        {
            if (pem == null)
            {
                throw new System.ArgumentNullException("pem");
            }
            byte[] piece = new byte[PemPieceBytes];
            int added = 0;
            int at = 0;
            while (true)
            {
                int bodyStart, bodyEnd;
                int next = Pem.FindCertificate(pem, at, out bodyStart, out bodyEnd);
                if (next == 0)
                {
                    return added;
                }
                if (next < 0)
                {
                    return -1;
                }
                Start(parser, scratch);
                CertStatus status = CertStatus.InProgress;
                int p = bodyStart;
                while (p < bodyEnd && status == CertStatus.InProgress)
                {
                    int q = Pem.NextBase64Piece(pem, p, bodyEnd, PemPieceSymbols);
                    int n = Pem.DecodeBase64(pem, p, q, piece);
                    // Only the last piece may be short (padding); a short piece before it is padding
                    // in the middle of the text (RFC 4648 §3.3).
                    if (n < 0 || (n != PemPieceBytes && !OnlyWhitespace(pem, q, bodyEnd)))
                    {
                        return -1;
                    }
                    status = parser.Feed(piece, 0, n);
                    p = q;
                }
                if (status == CertStatus.InProgress)
                {
                    status = parser.Finish();
                }
                if (Keep(status, scratch) != CertStatus.Ok)
                {
                    return -1;
                }
                added++;
                at = next;
            }
        }

        private static bool OnlyWhitespace(string text, int from, int to)
        {
            for (int i = from; i < to; i++)
            {
                char c = text[i];
                if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
                {
                    return false;
                }
            }
            return true;
        }

        private static CertificateInfo NewScratch()
        {
            // Names of an anchor are never checked: no SAN pool.
            return new CertificateInfo(new CertificateLimits(), 0, 0);
        }

        private void Start(CertificateParser parser, CertificateInfo scratch)
        {
            if (parser == null)
            {
                throw new System.ArgumentNullException("parser");
            }
            if (scratch == null)
            {
                throw new System.ArgumentNullException("scratch");
            }
            if (_count == _subject.Length)
            {
                throw new System.InvalidOperationException("the trust anchor store is full");
            }
            parser.Reset(scratch, null);
        }

        // Copies what validation needs from a parsed anchor certificate, at exact lengths.
        private CertStatus Keep(CertStatus status, CertificateInfo c)
        {
            // Extra SAN entries do not matter for an anchor (its names are never checked).
            if (status != CertStatus.Ok && status != CertStatus.TooManyNames)
            {
                return status;
            }
            int i = _count;
            _subject[i] = Copy(c.Subject, c.SubjectLength);
            _spki[i] = Copy(c.Spki, c.SpkiLength);
            _keyType[i] = c.KeyType;
            _modulus[i] = Copy(c.RsaModulus, c.RsaModulusLength);
            _exponent[i] = Copy(c.RsaExponent, c.RsaExponentLength);
            _point[i] = Copy(c.EcPoint, c.EcPointLength);
            _count++;
            return CertStatus.Ok;
        }

        private static byte[] Copy(byte[] source, int length)
        {
            if (length == 0)
            {
                return null;
            }
            byte[] b = new byte[length];
            System.Array.Copy(source, 0, b, 0, length);
            return b;
        }

        /// <summary>Index of an anchor whose subject is <paramref name="name"/>, from <paramref name="start"/>; −1 when none.</summary>
        public int FindSubject(byte[] name, int nameLength, int start)
        {
            for (int i = start; i < _count; i++)
            {
                if (CertificateInfo.NameEquals(_subject[i], _subject[i].Length, name, nameLength))
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>True when anchor <paramref name="index"/> has exactly this SPKI.</summary>
        public bool SpkiEquals(int index, byte[] spki, int spkiLength)
        {
            return CertificateInfo.NameEquals(_spki[index], _spki[index].Length, spki, spkiLength);
        }

        public byte[] Spki(int index, out int length)
        {
            length = _spki[index].Length;
            return _spki[index];
        }

        internal KeyType KeyTypeOf(int index) { return _keyType[index]; }
        internal byte[] Modulus(int index, out int length) { return Get(_modulus[index], out length); }
        internal byte[] Exponent(int index, out int length) { return Get(_exponent[index], out length); }
        internal byte[] Point(int index, out int length) { return Get(_point[index], out length); }

        private static byte[] Get(byte[] b, out int length)
        {
            length = b == null ? 0 : b.Length;
            return b;
        }

        public void Clear()
        {
            for (int i = 0; i < _count; i++)
            {
                _subject[i] = null;
                _spki[i] = null;
                _modulus[i] = null;
                _exponent[i] = null;
                _point[i] = null;
            }
            _count = 0;
        }
    }
}
