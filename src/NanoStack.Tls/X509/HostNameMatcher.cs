namespace NanoStack.Tls.X509
{
    /// <summary>
    /// Server identity check (RFC 6125 §6, CA/Browser Forum Baseline Requirements §7.1.4.2):
    /// - a DNS host name is matched against the subjectAltName dNSName entries only; the subject
    ///   common name is never used (certificates without SAN fail: the Baseline Requirements
    ///   make SAN mandatory, and a CN fallback is how confused identities slip through);
    /// - a dotted IPv4 host is matched against iPAddress entries only (RFC 6125 §6.2.1: no
    ///   wildcard, no DNS-ID);
    /// - comparison is ASCII case-insensitive; one trailing dot on either side is ignored; IDNA
    ///   A-labels ("xn--…") are compared as ASCII like any label;
    /// - a wildcard is only the whole left-most label ("*.example.com"), matches exactly one
    ///   non-empty label, never a partial label ("f*.example.com"), never an A-label, and needs at
    ///   least two labels after it ("*.com" never matches).
    /// Nothing allocates.
    /// </summary>
    public static class HostNameMatcher
    {
        /// <summary>True when <paramref name="host"/> is one of the certificate's identities.</summary>
        public static bool Matches(CertificateInfo certificate, string host)
        {
            if (certificate == null || host == null || host.Length == 0)
            {
                return false;
            }
            uint ip;
            bool isIp = TryParseIpv4(host, out ip);
            for (int i = 0; i < certificate.SanCount; i++)
            {
                int offset = certificate.SanOffset[i];
                int length = certificate.SanLength[i];
                SanType type = certificate.GetSanType(i);
                if (isIp)
                {
                    if (type == SanType.IpAddress && length == 4)
                    {
                        byte[] p = certificate.SanPool;
                        uint san = ((uint)p[offset] << 24) | ((uint)p[offset + 1] << 16) | ((uint)p[offset + 2] << 8) | p[offset + 3];
                        if (san == ip)
                        {
                            return true;
                        }
                    }
                }
                else if (type == SanType.DnsName && MatchesDnsName(certificate.SanPool, offset, length, host))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>Matches one presented dNSName (ASCII bytes) against a reference host name.</summary>
        public static bool MatchesDnsName(byte[] pattern, int offset, int length, string host)
        {
            int hostLength = host.Length;
            if (hostLength > 0 && host[hostLength - 1] == '.')
            {
                hostLength--;
            }
            if (length > 0 && pattern[offset + length - 1] == '.')
            {
                length--;
            }
            if (length == 0 || hostLength == 0)
            {
                return false;
            }
            for (int i = 0; i < hostLength; i++)
            {
                char c = host[i];
                if (c > 127 || c == '*')
                {
                    return false; // reference names are ASCII (A-labels), never wildcards
                }
            }
            if (pattern[offset] == (byte)'*')
            {
                // "*." then at least two labels.
                if (length < 3 || pattern[offset + 1] != (byte)'.')
                {
                    return false;
                }
                int restStart = offset + 2;
                int restLength = length - 2;
                if (CountDots(pattern, restStart, restLength) < 1 || IndexOfByte(pattern, restStart, restLength, (byte)'*') >= 0)
                {
                    return false;
                }
                int firstDot = host.IndexOf('.');
                if (firstDot <= 0 || firstDot >= hostLength)
                {
                    return false;
                }
                if (firstDot >= 4 && StartsWithXn(host))
                {
                    return false; // never let a wildcard stand for an IDNA A-label
                }
                return EqualsIgnoreCase(pattern, restStart, restLength, host, firstDot + 1, hostLength - firstDot - 1);
            }
            if (IndexOfByte(pattern, offset, length, (byte)'*') >= 0)
            {
                return false; // a wildcard anywhere else is not honoured
            }
            return EqualsIgnoreCase(pattern, offset, length, host, 0, hostLength);
        }

        /// <summary>Parses a dotted-quad IPv4 address (four decimal octets, no leading zeros beyond "0").</summary>
        public static bool TryParseIpv4(string s, out uint address)
        {
            address = 0;
            int octets = 0;
            int value = -1;
            int digits = 0;
            for (int i = 0; i <= s.Length; i++)
            {
                if (i == s.Length || s[i] == '.')
                {
                    if (value < 0 || value > 255)
                    {
                        return false;
                    }
                    address = (address << 8) | (uint)value;
                    octets++;
                    value = -1;
                    digits = 0;
                    continue;
                }
                char c = s[i];
                if (c < '0' || c > '9' || (digits == 1 && value == 0))
                {
                    return false;
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                digits++;
                if (digits > 3)
                {
                    return false;
                }
            }
            return octets == 4;
        }

        private static bool StartsWithXn(string host)
        {
            return (host[0] == 'x' || host[0] == 'X') && (host[1] == 'n' || host[1] == 'N') && host[2] == '-' && host[3] == '-';
        }

        private static int CountDots(byte[] b, int offset, int length)
        {
            int n = 0;
            for (int i = 0; i < length; i++)
            {
                if (b[offset + i] == (byte)'.')
                {
                    n++;
                }
            }
            return n;
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

        private static bool EqualsIgnoreCase(byte[] a, int aOffset, int aLength, string b, int bOffset, int bLength)
        {
            if (aLength != bLength)
            {
                return false;
            }
            for (int i = 0; i < aLength; i++)
            {
                int x = a[aOffset + i];
                int y = b[bOffset + i];
                if (x >= 'A' && x <= 'Z')
                {
                    x += 32;
                }
                if (y >= 'A' && y <= 'Z')
                {
                    y += 32;
                }
                if (x != y)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
