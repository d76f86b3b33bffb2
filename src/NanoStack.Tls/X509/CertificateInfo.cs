using System;

namespace NanoStack.Tls.X509
{
    /// <summary>
    /// What path validation needs from one X.509 v3 certificate (RFC 5280 §4.1), in fixed,
    /// caller-owned buffers filled by <see cref="CertificateParser"/>. Allocated once; reused
    /// for any number of certificates (the parser clears it at each <see cref="CertificateParser.Reset"/>).
    /// </summary>
    /// <remarks>
    /// Implementation notes.
    /// <para>Fixed state (default capacities, 16 SAN entries and a 4048-byte pool):
    /// byte arrays 32 (serial) + 512 (issuer) + 512 (subject) + 96 (signature AlgorithmIdentifier)
    /// + 600 (SPKI) + 513 (modulus) + 16 (exponent) + 97 (EC point) + 64 (SKI) + 64 (AKI)
    /// + 512 (signature) + 4048 (SAN pool) + 16 (SAN types) = 7082 bytes; int arrays 2 × 16 × 4
    /// = 128 bytes; about 40 scalar fields ≈ 200 bytes; 14 array headers. Total ≈ 7.4 KB, of which
    /// the SAN pool is 4048. <see cref="CertificateLimits.Device"/> sizes every array down for a
    /// microcontroller (RSA up to 2048 bits, 4 SAN entries in 256 bytes): about 2 KB on x64.</para>
    /// <para>Sizes: RSA-4096 SPKI is 4 + 15 + 5 + 4 + (4 + 513) + 5 = 550 bytes (≤ 600); an
    /// RSASSA-PSS AlgorithmIdentifier with SHA-512 and MGF1-SHA-512 is 67 bytes (≤ 96); a
    /// signature is at most 512 bytes (RSA-4096), an ECDSA P-384 one at most 104.</para>
    /// <para>Names are kept as their raw DER (tag and length included) and compared byte for byte
    /// (<see cref="NameEquals"/>): the RFC 5280 §7.1 normalisation (case folding, whitespace,
    /// PrintableString vs UTF8String) is deliberately not done. Conforming CAs copy the issuer's
    /// subject verbatim into the issuer field (RFC 5280 §4.1.2.4), which is what chains match on.</para>
    /// </remarks>
    public sealed class CertificateInfo
    {
        // The Max* constants are the default capacities (CertificateLimits' defaults); the arrays
        // of an instance have the capacities of the limits it was built with.

        /// <summary>RFC 5280 §4.1.2.2 limits serials to 20 octets; 32 are accepted for non-conforming CAs.</summary>
        public const int MaxSerialLength = 32;
        /// <summary>Raw DER of issuer or subject, tag and length included.</summary>
        public const int MaxNameLength = 512;
        /// <summary>Raw DER of the signature AlgorithmIdentifier (a PSS one is at most 67 bytes).</summary>
        public const int MaxSignatureAlgorithmLength = 96;
        /// <summary>Raw DER of SubjectPublicKeyInfo (RSA-4096 is 550 bytes).</summary>
        public const int MaxSpkiLength = 600;
        /// <summary>RSA modulus up to 4096 bits (kept without the sign octet).</summary>
        public const int MaxModulusLength = 512;
        /// <summary>RSA public exponent octets (65537 takes 3).</summary>
        public const int MaxExponentLength = 16;
        /// <summary>Uncompressed P-384 point: 1 + 2 × 48.</summary>
        public const int MaxEcPointLength = 97;
        /// <summary>subjectKeyIdentifier / authorityKeyIdentifier keyIdentifier octets (usually 20 or 32).</summary>
        public const int MaxKeyIdLength = 64;
        /// <summary>signatureValue octets (RSA-4096).</summary>
        public const int MaxSignatureLength = 512;
        /// <summary>Longest dNSName kept (RFC 1035 §2.3.4 limits names to 253 characters in text form).</summary>
        public const int MaxDnsNameLength = 253;
        /// <summary>Default number of subjectAltName entries kept.</summary>
        public const int DefaultMaxNames = 16;
        /// <summary>Default SAN pool: 16 names of 253 bytes.</summary>
        public const int DefaultNamePoolLength = DefaultMaxNames * MaxDnsNameLength;

        public readonly byte[] Serial;
        public readonly byte[] Issuer;
        public readonly byte[] Subject;
        public readonly byte[] SignatureAlgorithmDer;
        public readonly byte[] Spki;
        /// <summary>Modulus octets; its capacity is <see cref="CertificateLimits.MaxModulusLength"/> + 1 (the
        /// sign octet is read in, then dropped).</summary>
        public readonly byte[] RsaModulus;
        public readonly byte[] RsaExponent;
        public readonly byte[] EcPoint;
        public readonly byte[] SubjectKeyId;
        public readonly byte[] AuthorityKeyId;
        public readonly byte[] SignatureValue;

        /// <summary>The bytes of every kept SAN entry; entry i is at <see cref="SanOffset"/>[i], <see cref="SanLength"/>[i].</summary>
        public readonly byte[] SanPool;
        public readonly byte[] SanTypes;
        public readonly int[] SanOffset;
        public readonly int[] SanLength;

        /// <summary>Allocates the default capacities (16 SAN entries, 4048-byte pool).</summary>
        public CertificateInfo() : this(new CertificateLimits())
        {
        }

        /// <summary>Default capacities, with room for <paramref name="maxNames"/> SAN entries in a pool of <paramref name="namePoolLength"/> bytes.</summary>
        public CertificateInfo(int maxNames, int namePoolLength) : this(new CertificateLimits(), maxNames, namePoolLength)
        {
        }

        /// <summary>Allocates the capacities of <paramref name="limits"/>.</summary>
        public CertificateInfo(CertificateLimits limits) : this(limits, NamesOf(limits), limits.NamePoolLength)
        {
        }

        /// <summary>Allocates the capacities of <paramref name="limits"/>, except the SAN list:
        /// <paramref name="maxNames"/> entries in a pool of <paramref name="namePoolLength"/> bytes
        /// (0 and 0 for a certificate whose names are never checked, e.g. a CA's).</summary>
        public CertificateInfo(CertificateLimits limits, int maxNames, int namePoolLength)
        {
            if (limits == null)
            {
                throw new ArgumentNullException("limits");
            }
            if (maxNames < 0 || namePoolLength < 0)
            {
                throw new ArgumentOutOfRangeException("maxNames");
            }
            limits.Validate();
            Serial = new byte[limits.MaxSerialLength];
            Issuer = new byte[limits.MaxNameLength];
            Subject = new byte[limits.MaxNameLength];
            SignatureAlgorithmDer = new byte[limits.MaxSignatureAlgorithmLength];
            Spki = new byte[limits.MaxSpkiLength];
            RsaModulus = new byte[limits.MaxModulusLength + 1];
            RsaExponent = new byte[limits.MaxExponentLength];
            EcPoint = new byte[limits.MaxEcPointLength];
            SubjectKeyId = new byte[limits.MaxKeyIdLength];
            AuthorityKeyId = new byte[limits.MaxKeyIdLength];
            SignatureValue = new byte[limits.MaxSignatureLength];
            SanPool = new byte[namePoolLength];
            SanTypes = new byte[maxNames];
            SanOffset = new int[maxNames];
            SanLength = new int[maxNames];
            Clear();
        }

        private static int NamesOf(CertificateLimits limits)
        {
            if (limits == null)
            {
                throw new ArgumentNullException("limits");
            }
            return limits.MaxNames;
        }

        /// <summary>True once the parser reached the end of the certificate (status Ok or one of the "complete" statuses).</summary>
        public bool Complete { get; internal set; }

        /// <summary>1, 2 or 3 (the encoded value plus one, RFC 5280 §4.1.2.1).</summary>
        public int Version { get; internal set; }
        public int SerialLength { get; internal set; }
        /// <summary>The serial is negative (non-conforming, RFC 5280 §4.1.2.2; kept as encoded).</summary>
        public bool SerialNegative { get; internal set; }

        public SignatureAlgorithm SignatureAlgorithm { get; internal set; }
        public int SignatureAlgorithmDerLength { get; internal set; }
        /// <summary>RSASSA-PSS hashAlgorithm (default SHA-1, RFC 4055 §3.1).</summary>
        public HashAlgorithm PssHash { get; internal set; }
        /// <summary>RSASSA-PSS MGF1 hash (default SHA-1); Unknown when the MGF is not MGF1.</summary>
        public HashAlgorithm PssMgfHash { get; internal set; }
        /// <summary>RSASSA-PSS saltLength (default 20).</summary>
        public int PssSaltLength { get; internal set; }

        public int IssuerLength { get; internal set; }
        public int SubjectLength { get; internal set; }

        /// <summary>notBefore, seconds since 1970-01-01T00:00:00Z.</summary>
        public long NotBefore { get; internal set; }
        /// <summary>notAfter, seconds since 1970-01-01T00:00:00Z.</summary>
        public long NotAfter { get; internal set; }

        public KeyType KeyType { get; internal set; }
        /// <summary>Length of the whole SubjectPublicKeyInfo DER in <see cref="Spki"/>; 0 when it did not fit.</summary>
        public int SpkiLength { get; internal set; }
        /// <summary>Modulus octets (big-endian, no sign octet) in <see cref="RsaModulus"/>.</summary>
        public int RsaModulusLength { get; internal set; }
        public int RsaExponentLength { get; internal set; }
        public int EcPointLength { get; internal set; }

        public bool HasBasicConstraints { get; internal set; }
        public bool IsCA { get; internal set; }
        /// <summary>pathLenConstraint, or −1 when absent.</summary>
        public int PathLenConstraint { get; internal set; }

        public bool HasKeyUsage { get; internal set; }
        /// <summary>Flags of <see cref="KeyUsageBits"/>.</summary>
        public int KeyUsage { get; internal set; }

        public bool HasExtendedKeyUsage { get; internal set; }
        public bool EkuServerAuth { get; internal set; }
        public bool EkuAny { get; internal set; }
        /// <summary>id-kp-OCSPSigning (RFC 6960 §4.2.2.2): a delegated OCSP responder.</summary>
        public bool EkuOcspSigning { get; internal set; }

        public bool HasSubjectAltName { get; internal set; }
        /// <summary>SAN entries kept (dNSName and iPAddress only; other GeneralNames are skipped).</summary>
        public int SanCount { get; internal set; }
        /// <summary>Some dNSName/iPAddress entries did not fit and were dropped (status <see cref="CertStatus.TooManyNames"/>).</summary>
        public bool SanOverflow { get; internal set; }
        /// <summary>subjectAltName also holds other kinds (rfc822Name, URI, directoryName, ...).</summary>
        public bool SanHasOtherNames { get; internal set; }

        public bool HasNameConstraints { get; internal set; }
        public bool HasSubjectKeyId { get; internal set; }
        public int SubjectKeyIdLength { get; internal set; }
        public bool HasAuthorityKeyId { get; internal set; }
        public int AuthorityKeyIdLength { get; internal set; }
        public bool HasUnknownCriticalExtension { get; internal set; }
        public int ExtensionCount { get; internal set; }

        public int SignatureValueLength { get; internal set; }

        /// <summary>Offset of tbsCertificate in the certificate's DER, and its encoded length.</summary>
        public int TbsOffset { get; internal set; }
        public int TbsLength { get; internal set; }
        /// <summary>Length of the whole certificate DER.</summary>
        public int CertificateLength { get; internal set; }

        /// <summary>Type of SAN entry <paramref name="index"/>.</summary>
        public SanType GetSanType(int index)
        {
            return (SanType)SanTypes[index];
        }

        /// <summary>Forgets everything (lengths to zero, flags off); buffer contents are not wiped.</summary>
        public void Clear()
        {
            Complete = false;
            Version = 0;
            SerialLength = 0;
            SerialNegative = false;
            SignatureAlgorithm = SignatureAlgorithm.Unknown;
            SignatureAlgorithmDerLength = 0;
            PssHash = HashAlgorithm.Unknown;
            PssMgfHash = HashAlgorithm.Unknown;
            PssSaltLength = 0;
            IssuerLength = 0;
            SubjectLength = 0;
            NotBefore = 0;
            NotAfter = 0;
            KeyType = KeyType.None;
            SpkiLength = 0;
            RsaModulusLength = 0;
            RsaExponentLength = 0;
            EcPointLength = 0;
            HasBasicConstraints = false;
            IsCA = false;
            PathLenConstraint = -1;
            HasKeyUsage = false;
            KeyUsage = 0;
            HasExtendedKeyUsage = false;
            EkuServerAuth = false;
            EkuAny = false;
            EkuOcspSigning = false;
            HasSubjectAltName = false;
            SanCount = 0;
            SanOverflow = false;
            SanHasOtherNames = false;
            HasNameConstraints = false;
            HasSubjectKeyId = false;
            SubjectKeyIdLength = 0;
            HasAuthorityKeyId = false;
            AuthorityKeyIdLength = 0;
            HasUnknownCriticalExtension = false;
            ExtensionCount = 0;
            SignatureValueLength = 0;
            TbsOffset = 0;
            TbsLength = 0;
            CertificateLength = 0;
        }

        /// <summary>
        /// True when this certificate's issuer equals <paramref name="issuer"/>'s subject, byte for
        /// byte (no RFC 5280 §7.1 normalisation; see the remarks).
        /// </summary>
        public bool IssuerMatchesSubjectOf(CertificateInfo issuer)
        {
            return NameEquals(Issuer, IssuerLength, issuer.Subject, issuer.SubjectLength);
        }

        /// <summary>True when the subject equals the issuer byte for byte (a self-issued certificate).</summary>
        public bool IsSelfIssued
        {
            get { return NameEquals(Issuer, IssuerLength, Subject, SubjectLength); }
        }

        /// <summary>Exact comparison of two raw DER names (no hashing, no normalisation).</summary>
        public static bool NameEquals(byte[] a, int aLength, byte[] b, int bLength)
        {
            if (aLength != bLength)
            {
                return false;
            }
            for (int i = 0; i < aLength; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }
            return true;
        }
    }
}
