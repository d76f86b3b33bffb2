namespace NanoStack.Http
{
    /// <summary>ASCII byte helpers for HTTP parsing (RFC 9110 §5.6.2 token characters, hex digits,
    /// case-insensitive comparison with a string). No allocation.</summary>
    internal static class Ascii
    {
        // RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
        // "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.
        internal static bool IsTokenChar(int c)
        {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            {
                return true;
            }
            switch (c)
            {
                case '!':
                case '#':
                case '$':
                case '%':
                case '&':
                case '\'':
                case '*':
                case '+':
                case '-':
                case '.':
                case '^':
                case '_':
                case '`':
                case '|':
                case '~':
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>0..15 for a hex digit (either case), −1 otherwise.</summary>
        internal static int HexValue(int c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }
            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }
            return -1;
        }

        internal static int ToLower(int c)
        {
            return c >= 'A' && c <= 'Z' ? c + 32 : c;
        }

        /// <summary>The bytes equal the string's characters ignoring ASCII case.</summary>
        internal static bool EqualsIgnoreCase(byte[] buffer, int offset, int length, string s)
        {
            if (length != s.Length)
            {
                return false;
            }
            for (int i = 0; i < length; i++)
            {
                if (ToLower(buffer[offset + i]) != ToLower(s[i]))
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>s[start .. start + length) equals t ignoring ASCII case.</summary>
        internal static bool EqualsIgnoreCase(string s, int start, int length, string t)
        {
            if (t == null || length != t.Length)
            {
                return false;
            }
            for (int i = 0; i < length; i++)
            {
                if (ToLower(s[start + i]) != ToLower(t[i]))
                {
                    return false;
                }
            }
            return true;
        }
    }
}
