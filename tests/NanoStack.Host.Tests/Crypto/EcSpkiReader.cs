namespace NanoStack.Host.Tests.Crypto
{
    /// <summary>
    /// A small, strict DER reader for the SubjectPublicKeyInfo of an EC public key on a named
    /// curve (RFC 5480 §2): SEQUENCE { SEQUENCE { OID id-ecPublicKey, OID namedCurve },
    /// BIT STRING (0 unused bits) ECPoint }. Test-only: it hands the raw ECPoint bytes to the code
    /// under test, so invalid points reach our validation instead of being stopped by .NET's
    /// importers. Explicit curve parameters (specifiedCurve), other curves, BER forms and
    /// trailing data are refused.
    /// </summary>
    public static class EcSpkiReader
    {
        // 1.2.840.10045.2.1 id-ecPublicKey
        private static readonly byte[] EcPublicKeyOid = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };

        // 1.2.840.10045.3.1.7 prime256v1 / secp256r1
        public static readonly byte[] P256Oid = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };

        /// <summary>Finds the ECPoint of a P-256 SPKI; false for anything else.</summary>
        public static bool TryReadPoint(byte[] der, byte[] curveOid, out int pointOffset, out int pointLength)
        {
            pointOffset = 0;
            pointLength = 0;
            int pos = 0;
            if (!TryTag(der, ref pos, der.Length, 0x30, out int spkiLen) || pos + spkiLen != der.Length)
            {
                return false;
            }
            int spkiEnd = pos + spkiLen;
            if (!TryTag(der, ref pos, spkiEnd, 0x30, out int algLen))
            {
                return false;
            }
            int algEnd = pos + algLen;
            if (!TryTag(der, ref pos, algEnd, 0x06, out int oidLen) || !Same(der, pos, oidLen, EcPublicKeyOid))
            {
                return false;
            }
            pos += oidLen;
            if (!TryTag(der, ref pos, algEnd, 0x06, out int curveLen) || !Same(der, pos, curveLen, curveOid))
            {
                return false;
            }
            pos += curveLen;
            if (pos != algEnd)
            {
                return false;
            }
            if (!TryTag(der, ref pos, spkiEnd, 0x03, out int bitsLen) || bitsLen < 1 || pos + bitsLen != spkiEnd)
            {
                return false;
            }
            if (der[pos] != 0)
            {
                return false; // unused bits must be 0
            }
            pointOffset = pos + 1;
            pointLength = bitsLen - 1;
            return true;
        }

        private static bool Same(byte[] der, int pos, int len, byte[] expected)
        {
            if (len != expected.Length)
            {
                return false;
            }
            for (int i = 0; i < len; i++)
            {
                if (der[pos + i] != expected[i])
                {
                    return false;
                }
            }
            return true;
        }

        // Tag, then a DER length (definite, minimal), content within [pos, end).
        private static bool TryTag(byte[] der, ref int pos, int end, byte tag, out int length)
        {
            length = 0;
            if (pos >= end || der[pos] != tag)
            {
                return false;
            }
            pos++;
            if (pos >= end)
            {
                return false;
            }
            int first = der[pos++];
            if (first < 0x80)
            {
                length = first;
            }
            else
            {
                int count = first & 0x7f;
                if (count == 0 || count > 2 || end - pos < count || der[pos] == 0)
                {
                    return false;
                }
                for (int i = 0; i < count; i++)
                {
                    length = (length << 8) | der[pos++];
                }
                if (length < 0x80)
                {
                    return false;
                }
            }
            return length <= end - pos;
        }
    }
}
