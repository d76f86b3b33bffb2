namespace NanoStack.Tls
{
    /// <summary>
    /// The cipher suites, groups and signature schemes this client implements, with their IANA
    /// code points (RFC 7905, RFC 5289, RFC 8422, RFC 7748, RFC 8446 §4.2.3).
    /// </summary>
    public static class TlsCipherSuite
    {
        public const int EcdheEcdsaChaCha20Poly1305 = 0xCCA9;
        public const int EcdheRsaChaCha20Poly1305 = 0xCCA8;
        public const int EcdheEcdsaAes128GcmSha256 = 0xC02B;
        public const int EcdheRsaAes128GcmSha256 = 0xC02F;
        public const int EcdheEcdsaAes256GcmSha384 = 0xC02C;
        public const int EcdheRsaAes256GcmSha384 = 0xC030;

        public const int GroupX25519 = 0x001D;
        public const int GroupSecp256r1 = 0x0017;
        public const int GroupSecp384r1 = 0x0018;

        public const int SigEcdsaSecp256r1Sha256 = 0x0403;
        public const int SigEcdsaSecp384r1Sha384 = 0x0503;
        public const int SigRsaPssRsaeSha256 = 0x0804;
        public const int SigRsaPssRsaeSha384 = 0x0805;
        public const int SigRsaPkcs1Sha256 = 0x0401;
        public const int SigRsaPkcs1Sha384 = 0x0501;

        /// <summary>The suites in the order the client offers them by default.</summary>
        public static int[] DefaultSuites()
        {
            return new int[]
            {
                EcdheEcdsaChaCha20Poly1305, EcdheRsaChaCha20Poly1305,
                EcdheEcdsaAes128GcmSha256, EcdheRsaAes128GcmSha256,
                EcdheEcdsaAes256GcmSha384, EcdheRsaAes256GcmSha384,
            };
        }

        /// <summary>The groups in the order the client offers them by default.</summary>
        public static int[] DefaultGroups()
        {
            return new int[] { GroupX25519, GroupSecp256r1 };
        }

        /// <summary>True for a suite this client implements.</summary>
        public static bool IsKnown(int suite)
        {
            return suite == EcdheEcdsaChaCha20Poly1305 || suite == EcdheRsaChaCha20Poly1305
                || suite == EcdheEcdsaAes128GcmSha256 || suite == EcdheRsaAes128GcmSha256
                || suite == EcdheEcdsaAes256GcmSha384 || suite == EcdheRsaAes256GcmSha384;
        }

        /// <summary>True when the suite authenticates with ECDSA (else RSA).</summary>
        public static bool IsEcdsa(int suite)
        {
            return suite == EcdheEcdsaChaCha20Poly1305 || suite == EcdheEcdsaAes128GcmSha256 || suite == EcdheEcdsaAes256GcmSha384;
        }

        /// <summary>True for the ChaCha20-Poly1305 suites (RFC 7905 nonce, no explicit nonce).</summary>
        public static bool IsChaCha(int suite)
        {
            return suite == EcdheEcdsaChaCha20Poly1305 || suite == EcdheRsaChaCha20Poly1305;
        }

        /// <summary>True for the suites whose PRF and Finished hash are SHA-384.</summary>
        public static bool UsesSha384(int suite)
        {
            return suite == EcdheEcdsaAes256GcmSha384 || suite == EcdheRsaAes256GcmSha384;
        }

        /// <summary>AEAD key length in bytes.</summary>
        public static int KeyLength(int suite)
        {
            return IsChaCha(suite) || UsesSha384(suite) ? 32 : 16;
        }

        /// <summary>The OpenSSL / IANA name, for messages and logs.</summary>
        public static string Name(int suite)
        {
            switch (suite)
            {
                case EcdheEcdsaChaCha20Poly1305: return "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
                case EcdheRsaChaCha20Poly1305: return "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256";
                case EcdheEcdsaAes128GcmSha256: return "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
                case EcdheRsaAes128GcmSha256: return "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
                case EcdheEcdsaAes256GcmSha384: return "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
                case EcdheRsaAes256GcmSha384: return "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
                default: return string.Concat("suite 0x", suite.ToString("X4"));
            }
        }
    }
}
