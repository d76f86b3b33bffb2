namespace NanoStack.Http
{
    /// <summary>
    /// Writes an HTTP/1.1 request head (RFC 9112 §3) into a caller buffer, ASCII only, without
    /// allocating. Every Append returns false, and leaves <see cref="Length"/> where it was, when
    /// the buffer is too small or a value holds a byte that would break the framing (CR, LF, or a
    /// non-ASCII character): a header injection is refused rather than sent.
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
            int mark = _length;
            if (IsToken(method) && IsFieldValue(target) && target.Length > 0
                && Put(method) && Put(" ") && Put(target) && Put(" HTTP/1.1\r\n"))
            {
                return true;
            }
            _length = mark;
            return false;
        }

        /// <summary><c>name: value CRLF</c>.</summary>
        public bool AppendHeader(string name, string value)
        {
            int mark = _length;
            if (IsToken(name) && IsFieldValue(value)
                && Put(name) && Put(": ") && Put(value) && Put("\r\n"))
            {
                return true;
            }
            _length = mark;
            return false;
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
            if (s.Length > _capacity - _length)
            {
                return false;
            }
            for (int i = 0; i < s.Length; i++)
            {
                _buffer[_start + _length + i] = (byte)s[i];
            }
            _length += s.Length;
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
        private static bool IsToken(string s)
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
        private static bool IsFieldValue(string s)
        {
            if (s == null)
            {
                return false;
            }
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if ((c < 0x20 && c != '\t') || c > 0x7E)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
