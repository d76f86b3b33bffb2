namespace NanoStack.Http
{
    /// <summary>Outcome of parsing a status line.</summary>
    public enum HttpParseStatus
    {
        /// <summary>A complete, valid status line was read.</summary>
        Ok,

        /// <summary>No CRLF yet: more bytes are needed.</summary>
        NeedMore,

        /// <summary>The bytes are not an HTTP/1.x status line (RFC 9112 §4).</summary>
        Malformed,
    }

    /// <summary>
    /// Parses an HTTP/1.1 status line (RFC 9112 §4: <c>HTTP-version SP status-code SP [reason] CRLF</c>)
    /// in place: no allocation, no exception on any input.
    /// </summary>
    public static class HttpStatusLine
    {
        /// <summary>Longest status line accepted; a longer one is malformed rather than buffered forever.</summary>
        public const int MaxLength = 512;

        /// <summary>
        /// Parses the line at <c>buffer[offset .. offset + length)</c>. On <see cref="HttpParseStatus.Ok"/>,
        /// <paramref name="statusCode"/> is 100..999, <paramref name="minorVersion"/> is the x of
        /// HTTP/1.x and <paramref name="consumed"/> counts the bytes up to and including CRLF.
        /// </summary>
        public static HttpParseStatus TryParse(byte[] buffer, int offset, int length,
                                               out int statusCode, out int minorVersion, out int consumed)
        {
            statusCode = 0;
            minorVersion = 0;
            consumed = 0;
            if (buffer == null || offset < 0 || length < 0 || offset > buffer.Length - length)
            {
                return HttpParseStatus.Malformed;
            }

            int limit = length < MaxLength ? length : MaxLength;
            int lineEnd = -1;
            for (int i = 0; i + 1 < limit; i++)
            {
                if (buffer[offset + i] == (byte)'\r' && buffer[offset + i + 1] == (byte)'\n')
                {
                    lineEnd = i;
                    break;
                }
            }
            if (lineEnd < 0)
            {
                return length >= MaxLength ? HttpParseStatus.Malformed : HttpParseStatus.NeedMore;
            }

            int code, minor, reasonOffset, reasonLength;
            if (!TryParseLine(buffer, offset, lineEnd, out code, out minor, out reasonOffset, out reasonLength))
            {
                return HttpParseStatus.Malformed;
            }
            statusCode = code;
            minorVersion = minor;
            consumed = lineEnd + 2;
            return HttpParseStatus.Ok;
        }

        /// <summary>
        /// Parses a whole status line without its line terminator, at
        /// <c>buffer[offset .. offset + length)</c>. On success <paramref name="statusCode"/> is
        /// 100..999, <paramref name="minorVersion"/> the x of HTTP/1.x, and the reason phrase is at
        /// <paramref name="reasonOffset"/> (absolute), <paramref name="reasonLength"/> bytes (0 when
        /// absent). Never throws; false for anything that is not a status line.
        /// </summary>
        public static bool TryParseLine(byte[] buffer, int offset, int length, out int statusCode, out int minorVersion,
                                        out int reasonOffset, out int reasonLength)
        {
            statusCode = 0;
            minorVersion = 0;
            reasonOffset = 0;
            reasonLength = 0;
            if (buffer == null || offset < 0 || length < 0 || offset > buffer.Length - length)
            {
                return false;
            }
            // "HTTP/1.x 200" is at least 12 bytes.
            if (length < 12 || length > MaxLength)
            {
                return false;
            }
            // RFC 9112 §2.3: HTTP-version = "HTTP" "/" DIGIT "." DIGIT, case-sensitive; only 1.x here.
            if (buffer[offset] != (byte)'H' || buffer[offset + 1] != (byte)'T' || buffer[offset + 2] != (byte)'T'
                || buffer[offset + 3] != (byte)'P' || buffer[offset + 4] != (byte)'/' || buffer[offset + 5] != (byte)'1'
                || buffer[offset + 6] != (byte)'.')
            {
                return false;
            }
            int minor = buffer[offset + 7] - '0';
            if (minor < 0 || minor > 9 || buffer[offset + 8] != (byte)' ')
            {
                return false;
            }
            // RFC 9112 §4: status-code = 3DIGIT.
            int code = 0;
            for (int i = 9; i < 12; i++)
            {
                int d = buffer[offset + i] - '0';
                if (d < 0 || d > 9)
                {
                    return false;
                }
                code = code * 10 + d;
            }
            if (code < 100)
            {
                return false;
            }
            // After the code: end of line, or SP and a reason phrase. The SP before an empty reason
            // is required by the grammar but often left out; both are accepted.
            if (length > 12)
            {
                if (buffer[offset + 12] != (byte)' ')
                {
                    return false;
                }
                // RFC 9112 §4: reason-phrase = 1*( HTAB / SP / VCHAR / obs-text ).
                for (int i = 13; i < length; i++)
                {
                    byte b = buffer[offset + i];
                    if ((b < 0x20 && b != (byte)'\t') || b == 0x7F)
                    {
                        return false;
                    }
                }
                reasonOffset = offset + 13;
                reasonLength = length - 13;
            }
            else
            {
                reasonOffset = offset + length;
            }
            statusCode = code;
            minorVersion = minor;
            return true;
        }
    }
}
