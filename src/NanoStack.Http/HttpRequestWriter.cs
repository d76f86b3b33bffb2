namespace NanoStack.Http
{
    /// <summary>
    /// Writes an HTTP/1.1 request head (RFC 9112 §3) into a caller buffer, ASCII only, without
    /// allocating. Every Append returns false, and leaves <see cref="Length"/> where it was, when
    /// the buffer is too small or a value holds a byte that would break the framing (CR, LF, a
    /// non-ASCII character, or whitespace in the request target or host): a header injection is
    /// refused rather than sent.
    /// </summary>
    public sealed class HttpRequestWriter
    {
        private readonly byte[] _buffer;
        private readonly int _start;
        private readonly int _capacity;
        private int _length;

        public HttpRequestWriter(byte[] buffer, int offset, int capacity)
        {
            if (buffer == null || offset < 0 || capacity < 0 || offset > buffer.Length - capacity)
            {
                throw new System.ArgumentOutOfRangeException("capacity");
            }
            _buffer = buffer;
            _start = offset;
            _capacity = capacity;
        }

        /// <summary>Bytes written so far, from the offset given at construction.</summary>
        public int Length { get { return _length; } }

        public void Reset()
        {
            _length = 0;
        }

        /// <summary><c>METHOD SP target SP HTTP/1.1 CRLF</c>.</summary>
        public bool AppendRequestLine(string method, string target)
        {
            return target != null && AppendRequestLine(method, target, 0, target.Length);
        }

        /// <summary><c>METHOD SP target SP HTTP/1.1 CRLF</c> with the target taken from
        /// <c>target[start .. start + length)</c> (RFC 9112 §3: visible ASCII, no SP).</summary>
        public bool AppendRequestLine(string method, string target, int start, int length)
        {
            int mark = _length;
            if (IsToken(method) && IsTarget(target, start, length)
                && Put(method) && Put(" ") && Put(target, start, length) && Put(" HTTP/1.1\r\n"))
            {
                return true;
            }
            _length = mark;
            return false;
        }

        /// <summary><c>name: value CRLF</c>.</summary>
        public bool AppendHeader(string name, string value)
        {
            return value != null && AppendHeader(name, value, 0, value.Length);
        }

        /// <summary><c>name: value CRLF</c> with the value taken from <c>value[start .. start + length)</c>.</summary>
        public bool AppendHeader(string name, string value, int start, int length)
        {
            int mark = _length;
            if (IsToken(name) && IsFieldValue(value, start, length)
                && Put(name) && Put(": ") && Put(value, start, length) && Put("\r\n"))
            {
                return true;
            }
            _length = mark;
            return false;
        }

        /// <summary><c>Host: host[:port] CRLF</c> (RFC 9112 §3.2, RFC 9110 §7.2) with the host taken
        /// from <c>host[start .. start + length)</c>; a negative <paramref name="port"/> is left out.</summary>
        public bool AppendHost(string host, int start, int length, int port)
        {
            int mark = _length;
            if (length > 0 && IsTarget(host, start, length) && port <= 65535
                && Put("Host: ") && Put(host, start, length)
                && (port < 0 || (Put(":") && PutDecimal(port))) && Put("\r\n"))
            {
                return true;
            }
            _length = mark;
            return false;
        }

        /// <summary>Copies bytes another writer produced (already checked) as they are.</summary>
        internal bool AppendChecked(byte[] source, int offset, int count)
        {
            if (count > _capacity - _length)
            {
                return false;
            }
            System.Array.Copy(source, offset, _buffer, _start + _length, count);
            _length += count;
            return true;
        }

        /// <summary><c>name: decimal CRLF</c> (Content-Length), without a string conversion.</summary>
        public bool AppendHeader(string name, int value)
        {
            int mark = _length;
            if (value >= 0 && IsToken(name) && Put(name) && Put(": ") && PutDecimal(value) && Put("\r\n"))
            {
                return true;
            }
            _length = mark;
            return false;
        }

        /// <summary>The empty line that ends the head.</summary>
        public bool AppendEnd()
        {
            return Put("\r\n");
        }

        private bool Put(string s)
        {
            return Put(s, 0, s.Length);
        }

        private bool Put(string s, int start, int length)
        {
            if (length > _capacity - _length)
            {
                return false;
            }
            for (int i = 0; i < length; i++)
            {
                _buffer[_start + _length + i] = (byte)s[start + i];
            }
            _length += length;
            return true;
        }

        private bool PutDecimal(int value)
        {
            int digits = 1;
            for (int v = value; v >= 10; v /= 10)
            {
                digits++;
            }
            if (digits > _capacity - _length)
            {
                return false;
            }
            int at = _start + _length + digits - 1;
            int rest = value;
            for (int i = 0; i < digits; i++)
            {
                _buffer[at - i] = (byte)('0' + rest % 10);
                rest /= 10;
            }
            _length += digits;
            return true;
        }

        // RFC 9110 §5.6.2: token = 1*tchar.
        internal static bool IsToken(string s)
        {
            if (s == null || s.Length == 0)
            {
                return false;
            }
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                          || c == '!' || c == '#' || c == '$' || c == '%' || c == '&' || c == '\'' || c == '*'
                          || c == '+' || c == '-' || c == '.' || c == '^' || c == '_' || c == '`' || c == '|' || c == '~';
                if (!ok)
                {
                    return false;
                }
            }
            return true;
        }

        // RFC 9110 §5.5: visible ASCII, SP and HTAB; never CR or LF.
        internal static bool IsFieldValue(string s, int start, int length)
        {
            if (!InRange(s, start, length))
            {
                return false;
            }
            for (int i = start; i < start + length; i++)
            {
                char c = s[i];
                if ((c < 0x20 && c != '\t') || c > 0x7E)
                {
                    return false;
                }
            }
            return true;
        }

        // RFC 9112 §3.2: a request target (and a host) is visible ASCII: no SP, HTAB, CR or LF.
        internal static bool IsTarget(string s, int start, int length)
        {
            if (!InRange(s, start, length) || length == 0)
            {
                return false;
            }
            for (int i = start; i < start + length; i++)
            {
                char c = s[i];
                if (c <= 0x20 || c > 0x7E)
                {
                    return false;
                }
            }
            return true;
        }

        private static bool InRange(string s, int start, int length)
        {
            return s != null && start >= 0 && length >= 0 && start <= s.Length - length;
        }
    }
}
