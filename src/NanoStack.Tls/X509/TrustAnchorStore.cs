using NanoStack.Tls.Crypto;

namespace NanoStack.Tls.X509
{
    /// <summary>
    /// Trust anchors in fixed slots (RFC 5280 §6.1.1 (d)): for each, the subject name (raw DER)
    /// and the SubjectPublicKeyInfo, with the public key kept decoded so a signature can be
    /// checked without parsing again. Loaded from a DER certificate (a file on the device), from
    /// PEM text (compiled into the application) or from a name and SPKI directly. Anchors are
    /// trusted as given: their validity and extensions are not checked (RFC 5280 §6.1.1).
    ///
    /// Implementation notes
    /// - Memory per slot: subject 512 + SPKI 600 + modulus 513 + exponent 16 + EC point 97 bytes
    ///   (≈ 1.8 KB); a parse scratch (one <see cref="CertificateInfo"/> with one SAN slot and a
    ///   <see cref="CertificateParser"/>, ≈ 3 KB) and a PEM decode buffer of
    ///   <see cref="MaxCertificateLength"/> bytes are shared by the loaders.
    /// </summary>
    public sealed class TrustAnchorStore
    {
        /// <summary>Largest anchor certificate accepted by the loaders.</summary>
        public const int MaxCertificateLength = 4096;

        private readonly byte[][] _subject;
        private readonly int[] _subjectLength;
        private readonly byte[][] _spki;
        private readonly int[] _spkiLength;
        private readonly KeyType[] _keyType;
        private readonly byte[][] _modulus;
        private readonly int[] _modulusLength;
        private readonly byte[][] _exponent;
        private readonly int[] _exponentLength;
        private readonly byte[][] _point;
        private readonly int[] _pointLength;
        private readonly CertificateInfo _scratch = new CertificateInfo(1, CertificateInfo.MaxDnsNameLength);
        private readonly CertificateParser _parser;
        private readonly byte[] _der = new byte[MaxCertificateLength];
        private int _count;

        public TrustAnchorStore(int capacity)
        {
            if (capacity < 1)
            {
                throw new System.ArgumentOutOfRangeException("capacity");
            }
            _subject = new byte[capacity][];
            _subjectLength = new int[capacity];
            _spki = new byte[capacity][];
            _spkiLength = new int[capacity];
            _keyType = new KeyType[capacity];
            _modulus = new byte[capacity][];
            _modulusLength = new int[capacity];
            _exponent = new byte[capacity][];
            _exponentLength = new int[capacity];
            _point = new byte[capacity][];
            _pointLength = new int[capacity];
            for (int i = 0; i < capacity; i++)
            {
                _subject[i] = new byte[CertificateInfo.MaxNameLength];
                _spki[i] = new byte[CertificateInfo.MaxSpkiLength];
                _modulus[i] = new byte[CertificateInfo.MaxModulusLength + 1];
                _exponent[i] = new byte[CertificateInfo.MaxExponentLength];
                _point[i] = new byte[CertificateInfo.MaxEcPointLength];
            }
            _parser = new CertificateParser(_scratch);
        }

        public int Count { get { return _count; } }

        public int Capacity { get { return _subject.Length; } }

        /// <summary>Adds the anchor a DER certificate describes. Returns the parser's status
        /// (<see cref="CertStatus.Ok"/> when added); a full store returns <see cref="CertStatus.TooManyExtensions"/>
        /// never: it throws, since the capacity is the caller's configuration.</summary>
        public CertStatus AddCertificate(byte[] der, int offset, int length)
        {
            CryptoRange.Check(der, offset, length, "der");
            if (_count == _subject.Length)
            {
                throw new System.InvalidOperationException("the trust anchor store is full");
            }
            _parser.Reset(_scratch, null);
            CertStatus status = _parser.Feed(der, offset, length);
            if (status == CertStatus.InProgress)
            {
                status = _parser.Finish();
            }
            if (status != CertStatus.Ok && status != CertStatus.TooManyNames)
            {
                return status;
            }
            int i = _count;
            CertificateInfo c = _scratch;
            System.Array.Copy(c.Subject, 0, _subject[i], 0, c.SubjectLength);
            _subjectLength[i] = c.SubjectLength;
            System.Array.Copy(c.Spki, 0, _spki[i], 0, c.SpkiLength);
            _spkiLength[i] = c.SpkiLength;
            _keyType[i] = c.KeyType;
            System.Array.Copy(c.RsaModulus, 0, _modulus[i], 0, c.RsaModulusLength);
            _modulusLength[i] = c.RsaModulusLength;
            System.Array.Copy(c.RsaExponent, 0, _exponent[i], 0, c.RsaExponentLength);
            _exponentLength[i] = c.RsaExponentLength;
            System.Array.Copy(c.EcPoint, 0, _point[i], 0, c.EcPointLength);
            _pointLength[i] = c.EcPointLength;
            _count++;
            return CertStatus.Ok;
        }

        /// <summary>Adds every "CERTIFICATE" block of PEM text (RFC 7468); returns how many were added,
        /// or −1 when a block is malformed or its certificate does not parse.</summary>
        public int AddPem(string pem)
        {
            if (pem == null)
            {
                throw new System.ArgumentNullException("pem");
            }
            int added = 0;
            int at = 0;
            while (true)
            {
                int length;
                int next = Pem.NextCertificate(pem, at, _der, out length);
                if (next == 0)
                {
                    return added;
                }
                if (next < 0 || AddCertificate(_der, 0, length) != CertStatus.Ok)
                {
                    return -1;
                }
                added++;
                at = next;
            }
        }

        /// <summary>Index of an anchor whose subject is <paramref name="name"/>, from <paramref name="start"/>; −1 when none.</summary>
        public int FindSubject(byte[] name, int nameLength, int start)
        {
            for (int i = start; i < _count; i++)
            {
                if (CertificateInfo.NameEquals(_subject[i], _subjectLength[i], name, nameLength))
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>True when anchor <paramref name="index"/> has exactly this SPKI.</summary>
        public bool SpkiEquals(int index, byte[] spki, int spkiLength)
        {
            return CertificateInfo.NameEquals(_spki[index], _spkiLength[index], spki, spkiLength);
        }

        public byte[] Spki(int index, out int length)
        {
            length = _spkiLength[index];
            return _spki[index];
        }

        internal KeyType KeyTypeOf(int index) { return _keyType[index]; }
        internal byte[] Modulus(int index, out int length) { length = _modulusLength[index]; return _modulus[index]; }
        internal byte[] Exponent(int index, out int length) { length = _exponentLength[index]; return _exponent[index]; }
        internal byte[] Point(int index, out int length) { length = _pointLength[index]; return _point[index]; }

        public void Clear()
        {
            _count = 0;
        }
    }
}
