using System;

namespace NanoStack.Tls.X509
{
    /// <summary>
    /// The capacities of a <see cref="CertificateInfo"/> and of a <see cref="CertificateParser"/>,
    /// fixed at construction (DESIGN.md principles 4 and 5). A new instance holds the defaults,
    /// which accept any certificate of the web PKI (RSA up to 4096 bits, 16 SAN entries);
    /// <see cref="Device"/> is the profile sized for a microcontroller.
    /// </summary>
    /// <remarks>
    /// A certificate with a field longer than its capacity never makes the parser throw or read
    /// out of bounds: it gives a status that names the field (<see cref="CertStatus.SerialTooLong"/>,
    /// <see cref="CertStatus.NameTooLong"/>, <see cref="CertStatus.AlgorithmIdentifierTooLong"/>,
    /// <see cref="CertStatus.KeyIdTooLong"/>, <see cref="CertStatus.TooManyExtensions"/>: parse
    /// stopped; <see cref="CertStatus.SpkiTooLong"/>, <see cref="CertStatus.KeyTooLong"/>,
    /// <see cref="CertStatus.SignatureTooLong"/>, <see cref="CertStatus.TooManyNames"/>: parsed
    /// to the end, the field not kept).
    /// </remarks>
    public sealed class CertificateLimits
    {
        /// <summary>serialNumber content octets. RFC 5280 §4.1.2.2 limits serials to 20 octets (21 with
        /// the sign octet); default 32 for non-conforming CAs.</summary>
        public int MaxSerialLength = 32;

        /// <summary>Raw DER of issuer or subject, tag and length included. Default 512.</summary>
        public int MaxNameLength = 512;

        /// <summary>Raw DER of the signature AlgorithmIdentifier: ECDSA 12 bytes, RSA PKCS#1 15, an
        /// RSASSA-PSS one with SHA-512 and MGF1-SHA-512 67 (RFC 4055 §3.1). Default 96.</summary>
        public int MaxSignatureAlgorithmLength = 96;

        /// <summary>Raw DER of SubjectPublicKeyInfo: P-256 91 bytes, P-384 120, RSA-2048 294,
        /// RSA-4096 4 + 15 + 5 + 4 + (4 + 513) + 5 = 550. Default 600.</summary>
        public int MaxSpkiLength = 600;

        /// <summary>RSA modulus octets without the sign octet: 256 for RSA-2048, 512 (the default) for RSA-4096.</summary>
        public int MaxModulusLength = 512;

        /// <summary>RSA public exponent octets (65537 takes 3). Default 16.</summary>
        public int MaxExponentLength = 16;

        /// <summary>EC point octets: 65 for uncompressed P-256 (1 + 2 × 32), 97 (the default) for P-384.</summary>
        public int MaxEcPointLength = 97;

        /// <summary>subjectKeyIdentifier / authorityKeyIdentifier keyIdentifier octets (usually 20, sometimes 32). Default 64.</summary>
        public int MaxKeyIdLength = 64;

        /// <summary>signatureValue octets: RSA-2048 256, RSA-4096 512 (the default); ECDSA P-384 at most 104 (DER).</summary>
        public int MaxSignatureLength = 512;

        /// <summary>subjectAltName entries (dNSName, iPAddress) kept for the host name check. Default 16.</summary>
        public int MaxNames = 16;

        /// <summary>Bytes of the SAN pool all kept names share. Default 16 × 253 = 4048 (RFC 1035 §2.3.4: 253 characters a name).</summary>
        public int NamePoolLength = CertificateInfo.DefaultNamePoolLength;

        /// <summary>Extensions per certificate remembered for the duplicate check (RFC 5280 §4.2). Default 24.</summary>
        public int MaxExtensions = 24;

        /// <summary>Bytes of extension OIDs remembered for the duplicate check: the RFC 5280 ones are 3 bytes,
        /// authorityInfoAccess 8, the CT SCT list 10. Default 512.</summary>
        public int ExtensionOidPoolLength = 512;

        /// <summary>
        /// The longest signature digest a <see cref="ChainValidator"/> computes: 32 (SHA-256 only),
        /// 48 (SHA-256 and SHA-384) or 64 (the default: SHA-512 too). Each hash runs over every
        /// tbsCertificate at once, so each costs its object (about 1 KB for SHA-384/512 on x64) and
        /// its bytes in every slot's digest. A signature whose hash is longer gives
        /// <see cref="ChainStatus.UnsupportedAlgorithm"/>.
        /// </summary>
        public int MaxDigestLength = 64;

        /// <summary>
        /// The device profile for a client that verifies ECDSA only (P-256, P-384; no RSA verifier):
        /// names up to 192 bytes of DER (a CA name is 50 to 110), 4 SAN entries in a 256-byte
        /// pool, 16 extensions. Sizes: SPKI 120 (P-384: 2 + 19 + 2 + 97; P-256 is 91); EC point 97
        /// (1 + 2 × 48); signature 104 (an ECDSA P-384 signature in DER: 2 + 2 × (2 + 49)); the
        /// AlgorithmIdentifier 16 (ecdsa-with-SHA384 is 12 bytes, sha256WithRSAEncryption 15, so
        /// an RSA-signed certificate still parses and is refused as unsupported; an RSASSA-PSS
        /// one, 67 bytes, gives <see cref="CertStatus.AlgorithmIdentifierTooLong"/>); no RSA key
        /// (<see cref="CertStatus.SpkiTooLong"/> or <see cref="CertStatus.KeyTooLong"/>); key
        /// identifiers 32 (SHA-256 ones); extension OIDs 16 × 10 = 160 bytes; digests up
        /// to SHA-384 (CA/Browser Forum Baseline Requirements §7.1.3.2.2: a P-256 key signs with
        /// ecdsa-with-SHA256, a P-384 key with ecdsa-with-SHA384; SHA-512 goes unused). One slot
        /// is about 1.5 KB on x64.
        /// </summary>
        public static CertificateLimits Device()
        {
            CertificateLimits l = new CertificateLimits();
            l.MaxNameLength = 192;
            l.MaxSignatureAlgorithmLength = 16;
            l.MaxSpkiLength = 120;
            l.MaxModulusLength = 0;
            l.MaxExponentLength = 0;
            l.MaxEcPointLength = 97;
            l.MaxKeyIdLength = 32;
            l.MaxSignatureLength = 104;
            l.MaxNames = 4;
            l.NamePoolLength = 256;
            l.MaxExtensions = 16;
            l.ExtensionOidPoolLength = 160;
            l.MaxDigestLength = 48;
            return l;
        }

        /// <summary>
        /// <see cref="Device"/> plus RSA keys up to 2048 bits (for a client with an RSA verifier):
        /// SPKI 294 (rounded to 300), modulus 256, exponent 4 octets (65537 takes 3), signature
        /// 256, the RSASSA-PSS AlgorithmIdentifier 67 (rounded to 72), SHA-512 digests
        /// (sha512WithRSAEncryption is allowed for RSA). About 2.2 KB a slot on x64.
        /// </summary>
        public static CertificateLimits DeviceWithRsa2048()
        {
            CertificateLimits l = Device();
            l.MaxSignatureAlgorithmLength = 72;
            l.MaxSpkiLength = 300;
            l.MaxModulusLength = 256;
            l.MaxExponentLength = 4;
            l.MaxSignatureLength = 256;
            l.MaxDigestLength = 64;
            return l;
        }

        /// <summary>Throws <see cref="ArgumentException"/> naming the first value out of range.</summary>
        public void Validate()
        {
            Check(MaxSerialLength, 1, "MaxSerialLength");
            Check(MaxNameLength, 2, "MaxNameLength");
            Check(MaxSignatureAlgorithmLength, 2, "MaxSignatureAlgorithmLength");
            Check(MaxSpkiLength, 2, "MaxSpkiLength");
            Check(MaxModulusLength, 0, "MaxModulusLength");
            Check(MaxExponentLength, 0, "MaxExponentLength");
            Check(MaxEcPointLength, 0, "MaxEcPointLength");
            Check(MaxKeyIdLength, 0, "MaxKeyIdLength");
            Check(MaxSignatureLength, 0, "MaxSignatureLength");
            Check(MaxNames, 0, "MaxNames");
            Check(NamePoolLength, 0, "NamePoolLength");
            Check(MaxExtensions, 0, "MaxExtensions");
            Check(ExtensionOidPoolLength, 0, "ExtensionOidPoolLength");
            if (MaxDigestLength != 32 && MaxDigestLength != 48 && MaxDigestLength != 64)
            {
                throw new ArgumentException("MaxDigestLength must be 32, 48 or 64", "MaxDigestLength");
            }
        }

        private static void Check(int value, int min, string name)
        {
            // 64 KB is far beyond any field of a certificate a TLS server sends; it also keeps the
            // arithmetic on lengths away from overflow.
            if (value < min || value > 65536)
            {
                throw new ArgumentException(string.Concat(name, " out of range"), name);
            }
        }
    }
}
