namespace NanoStack.Tls.X509
{
    /// <summary>
    /// PEM (RFC 7468) "CERTIFICATE" blocks to DER, with a Base64 decoder written for it (RFC 4648
    /// §4): no allocation, whitespace between lines ignored, anything else outside the alphabet
    /// rejected, padding checked.
    /// </summary>
    public static class Pem
    {
        private const string Begin = "-----BEGIN CERTIFICATE-----";
        private const string End = "-----END CERTIFICATE-----";

        /// <summary>
        /// Decodes the first CERTIFICATE block at or after <paramref name="start"/> into
        /// <paramref name="der"/>. Returns the index just after the block, 0 when there is no further
        /// block, or −1 when the block is malformed or does not fit.
        /// </summary>
        public static int NextCertificate(string text, int start, byte[] der, out int length)
        {
            length = 0;
            int b = text.IndexOf(Begin, start);
            if (b < 0)
            {
                return 0;
            }
            int body = b + Begin.Length;
            int e = text.IndexOf(End, body);
            if (e < 0)
            {
                return -1;
            }
            length = DecodeBase64(text, body, e, der);
            return length <= 0 ? -1 : e + End.Length;
        }

        /// <summary>
        /// Finds the first CERTIFICATE block at or after <paramref name="start"/> without decoding
        /// it: its Base64 body is [<paramref name="bodyStart"/>, <paramref name="bodyEnd"/>).
        /// Returns the index just after the block, 0 when there is no further block, or −1 when a
        /// block begins and does not end.
        /// </summary>
        public static int FindCertificate(string text, int start, out int bodyStart, out int bodyEnd)
        {
            bodyStart = 0;
            bodyEnd = 0;
            int b = text.IndexOf(Begin, start);
            if (b < 0)
            {
                return 0;
            }
            bodyStart = b + Begin.Length;
            bodyEnd = text.IndexOf(End, bodyStart);
            if (bodyEnd < 0)
            {
                bodyEnd = 0;
                return -1;
            }
            return bodyEnd + End.Length;
        }

        /// <summary>
        /// The end of the next piece of Base64 text from <paramref name="from"/>: the index just
        /// after <paramref name="symbols"/> alphabet or padding characters (whitespace not
        /// counted), or <paramref name="to"/> when fewer remain. With <paramref name="symbols"/> a
        /// multiple of 4 every piece but the last decodes on its own to 3 × symbols / 4 bytes, so
        /// a certificate can be decoded in small chunks.
        /// </summary>
        public static int NextBase64Piece(string text, int from, int to, int symbols)
        {
            int n = 0;
            int i = from;
            while (i < to && n < symbols)
            {
                char c = text[i++];
                if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
                {
                    n++;
                }
            }
            return i;
        }

        /// <summary>Decodes Base64 text in [<paramref name="from"/>, <paramref name="to"/>) into
        /// <paramref name="output"/>; returns the byte count or −1 on bad input or no room.</summary>
        public static int DecodeBase64(string text, int from, int to, byte[] output)
        {
            int bits = 0;
            int value = 0;
            int n = 0;
            int pad = 0;
            for (int i = from; i < to; i++)
            {
                char c = text[i];
                int v;
                if (c >= 'A' && c <= 'Z') v = c - 'A';
                else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
                else if (c >= '0' && c <= '9') v = c - '0' + 52;
                else if (c == '+') v = 62;
                else if (c == '/') v = 63;
                else if (c == '=')
                {
                    pad++;
                    continue;
                }
                else if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
                {
                    continue;
                }
                else
                {
                    return -1;
                }
                if (pad > 0)
                {
                    return -1; // data after padding
                }
                value = (value << 6) | v;
                bits += 6;
                if (bits >= 8)
                {
                    bits -= 8;
                    if (n == output.Length)
                    {
                        return -1;
                    }
                    output[n++] = (byte)(value >> bits);
                    value &= (1 << bits) - 1;
                }
            }
            // A complete encoding leaves 0 bits, or 4 (two "=" after 12 bits) or 2 (one "=" after 18 bits), all zero.
            if (pad > 2 || value != 0 || (bits == 4 && pad != 2) || (bits == 2 && pad != 1) || (bits == 0 && pad != 0) || bits == 6)
            {
                return -1;
            }
            return n;
        }
    }
}
