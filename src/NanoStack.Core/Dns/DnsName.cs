namespace NanoStack.Dns
{
    /// <summary>
    /// Domain names on the wire (RFC 1035 §3.1, §4.1.4): reading a possibly compressed name out
    /// of a message into its plain form, comparing plain names, and encoding a host name given as
    /// text. The plain form is the uncompressed wire form: length-prefixed labels ending with the
    /// zero-length root label, at most <see cref="MaxLength"/> bytes. Nothing here allocates.
    ///
    /// Implementation notes (reading, <see cref="Read"/>)
    /// - Every byte is checked against the end of the message before it is read; a name that
    ///   runs past it is <see cref="DnsWireStatus.Truncated"/>.
    /// - Compression pointers (top bits 11, RFC 1035 §4.1.4) must point strictly before the start
    ///   of the labels being read: the name's first byte, then each earlier pointer's target. The
    ///   read position thus falls at every jump, so a loop (a pointer to itself, forwards, or
    ///   back into the labels that led to it) is impossible and reported as
    ///   <see cref="DnsWireStatus.BadPointer"/>. A legitimate compressor only points at names
    ///   already written, so it always meets this rule. On top of it at most
    ///   <see cref="MaxPointerJumps"/> pointers are followed per name.
    /// - A length octet 0x40..0xBF (the reserved label types 01 and 10, or a label over 63 octets)
    ///   is <see cref="DnsWireStatus.LabelTooLong"/>; a name whose plain form would pass 255 octets
    ///   is <see cref="DnsWireStatus.NameTooLong"/>, detected before the label is copied.
    /// - Case: names compare equal ignoring ASCII case only (RFC 4343 §3); other octets compare
    ///   exactly.
    ///
    /// Host names (<see cref="Encode"/>): see the method for the characters accepted.
    /// </summary>
    public static class DnsName
    {
        /// <summary>A name's plain wire form is at most 255 octets, root label included (RFC 1035 §2.3.4).</summary>
        public const int MaxLength = 255;

        /// <summary>A label is at most 63 octets (RFC 1035 §2.3.4).</summary>
        public const int MaxLabelLength = 63;

        /// <summary>
        /// A host name as text is at most 253 characters without a trailing dot: 253 characters
        /// hold n labels and n − 1 dots, and their wire form is n length octets + the label octets
        /// + the root octet = 253 + 2 = 255.
        /// </summary>
        public const int MaxTextLength = 253;

        /// <summary>Compression pointers followed in one name at most. A legitimate name needs one
        /// (a pointer ends the name), and rarely a second when it points at a name that itself
        /// ends with a pointer; 16 leaves room and bounds the work on hostile input.</summary>
        public const int MaxPointerJumps = 16;

        private const int PointerTag = 0xC0;

        /// <summary>
        /// Reads the name starting at <paramref name="position"/> (an absolute index in
        /// <paramref name="buffer"/>) of the message <c>buffer[messageOffset .. messageOffset + messageLength)</c>,
        /// following compression pointers (offsets from <paramref name="messageOffset"/>).
        /// Writes its plain form to <c>output[outputOffset ..]</c> unless <paramref name="output"/>
        /// is null (validate and skip only); <paramref name="nameLength"/> is the plain length
        /// (1 for the root). <paramref name="end"/> is where the name ends in place: after its
        /// first pointer or after its root label, i.e. where the next field starts. On failure
        /// the output bytes are unspecified and the outs are 0. Never throws on message content.
        /// </summary>
        /// <exception cref="System.ArgumentException">The message range is invalid,
        /// <paramref name="position"/> lies outside it, or the output has less than
        /// <see cref="MaxLength"/> bytes of room.</exception>
        public static DnsWireStatus Read(byte[] buffer, int messageOffset, int messageLength, int position,
                                         byte[] output, int outputOffset, out int nameLength, out int end)
        {
            Args.CheckRange(buffer, messageOffset, messageLength);
            int limit = messageOffset + messageLength;
            if (position < messageOffset || position > limit)
            {
                throw new System.ArgumentOutOfRangeException("position");
            }
            if (output != null)
            {
                Args.CheckRange(output, outputOffset, MaxLength);
            }
            nameLength = 0;
            end = 0;
            int p = position;
            int runStart = position;
            int jumps = 0;
            int length = 0;
            int after = -1;
            while (true)
            {
                if (p >= limit)
                {
                    return DnsWireStatus.Truncated;
                }
                int b = buffer[p];
                if ((b & PointerTag) == PointerTag)
                {
                    // RFC 1035 §4.1.4: a two-octet pointer to a prior occurrence of the rest of the name.
                    if (p + 1 >= limit)
                    {
                        return DnsWireStatus.Truncated;
                    }
                    int target = messageOffset + (((b & 0x3F) << 8) | buffer[p + 1]);
                    if (after < 0)
                    {
                        after = p + 2;
                    }
                    if (target >= runStart)
                    {
                        return DnsWireStatus.BadPointer;
                    }
                    if (++jumps > MaxPointerJumps)
                    {
                        return DnsWireStatus.TooManyPointers;
                    }
                    runStart = target;
                    p = target;
                    continue;
                }
                if (b > MaxLabelLength)
                {
                    return DnsWireStatus.LabelTooLong; // 0x40..0xBF: RFC 1035 §4.1.4 reserved label types
                }
                if (b == 0)
                {
                    if (output != null)
                    {
                        output[outputOffset + length] = 0;
                    }
                    nameLength = length + 1;
                    end = after < 0 ? p + 1 : after;
                    return DnsWireStatus.Ok;
                }
                // This label (1 + b octets) and at least the root octet must still fit in 255.
                if (length + 1 + b + 1 > MaxLength)
                {
                    return DnsWireStatus.NameTooLong;
                }
                if (p + 1 + b > limit)
                {
                    return DnsWireStatus.Truncated;
                }
                if (output != null)
                {
                    System.Array.Copy(buffer, p, output, outputOffset + length, 1 + b);
                }
                length += 1 + b;
                p += 1 + b;
            }
        }

        /// <summary>
        /// True when two plain names of <paramref name="length"/> octets are equal ignoring ASCII
        /// case (RFC 4343 §3: only 'A'..'Z' fold to 'a'..'z'). Length octets are at most 63, below
        /// 'A', so they never fold. Names of different plain lengths are never equal: compare the
        /// lengths first.
        /// </summary>
        public static bool EqualsIgnoreCase(byte[] a, int aOffset, byte[] b, int bOffset, int length)
        {
            Args.CheckRange(a, aOffset, length);
            Args.CheckRange(b, bOffset, length);
            for (int i = 0; i < length; i++)
            {
                if (Fold(a[aOffset + i]) != Fold(b[bOffset + i]))
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>ASCII lower case of one octet (RFC 4343 §3).</summary>
        public static int Fold(int c)
        {
            return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
        }

        /// <summary>
        /// Encodes the host name <paramref name="name"/> ("www.example.com", optionally with one
        /// trailing dot) into its plain wire form at <c>buffer[offset ..]</c>, at most
        /// <paramref name="count"/> bytes; <paramref name="length"/> is the number written (the
        /// text length without the trailing dot + 2). Returns <see cref="DnsWireStatus.EmptyName"/>,
        /// <see cref="DnsWireStatus.NameTooLong"/> (over 253 characters),
        /// <see cref="DnsWireStatus.EmptyLabel"/>, <see cref="DnsWireStatus.LabelTooLong"/> (over 63),
        /// <see cref="DnsWireStatus.InvalidCharacter"/> or <see cref="DnsWireStatus.NoRoom"/>;
        /// on failure nothing is written and <paramref name="length"/> is 0.
        ///
        /// Characters: ASCII letters, digits and '-' (the LDH rule of RFC 952 and RFC 1123 §2.1),
        /// plus '_' (service labels such as "_sip._udp" per RFC 2782, and real host names that carry
        /// one). Everything else is refused: DNS itself allows any octet in a label (RFC 2181 §11),
        /// but a host name holding a space, a control character, a backslash or a NUL is a caller
        /// bug or an injection, and a non-ASCII name must be given as its IDNA A-label
        /// ("xn--...", RFC 5890 §2.3.2.1). The placement of '-' (leading, trailing) is not judged:
        /// the server answers such names like any other. Case is sent as given.
        /// </summary>
        /// <exception cref="System.ArgumentNullException"><paramref name="name"/> is null.</exception>
        public static DnsWireStatus Encode(string name, byte[] buffer, int offset, int count, out int length)
        {
            if (name == null)
            {
                throw new System.ArgumentNullException("name");
            }
            Args.CheckRange(buffer, offset, count);
            length = 0;
            int n = name.Length;
            if (n > 0 && name[n - 1] == '.')
            {
                n--; // an absolute name: the trailing dot stands for the root label
            }
            if (n == 0)
            {
                return DnsWireStatus.EmptyName;
            }
            if (n > MaxTextLength)
            {
                return DnsWireStatus.NameTooLong;
            }
            // First judge the name, so the status says what is wrong with it whatever the buffer.
            int labelLength = 0;
            for (int i = 0; i < n; i++)
            {
                char c = name[i];
                if (c == '.')
                {
                    if (labelLength == 0)
                    {
                        return DnsWireStatus.EmptyLabel;
                    }
                    labelLength = 0;
                    continue;
                }
                if (!IsHostNameCharacter(c))
                {
                    return DnsWireStatus.InvalidCharacter;
                }
                if (++labelLength > MaxLabelLength)
                {
                    return DnsWireStatus.LabelTooLong;
                }
            }
            if (labelLength == 0)
            {
                return DnsWireStatus.EmptyLabel;
            }
            if (count < n + 2)
            {
                return DnsWireStatus.NoRoom;
            }
            // Then write it: each dot becomes the length octet of the label after it.
            int labelStart = offset;
            int w = offset + 1;
            labelLength = 0;
            for (int i = 0; i < n; i++)
            {
                char c = name[i];
                if (c == '.')
                {
                    buffer[labelStart] = (byte)labelLength;
                    labelStart = w++;
                    labelLength = 0;
                    continue;
                }
                buffer[w++] = (byte)c;
                labelLength++;
            }
            buffer[labelStart] = (byte)labelLength;
            buffer[w++] = 0;
            length = w - offset;
            return DnsWireStatus.Ok;
        }

        /// <summary>Letters, digits, '-' and '_' (see <see cref="Encode"/>).</summary>
        public static bool IsHostNameCharacter(char c)
        {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        }

        /// <summary>
        /// The dotted text of a plain name ("www.example.com"; the root is "."), for diagnostics
        /// and tests: it allocates the string. Octets outside printable ASCII and '.' or '\' inside
        /// a label are written as \DDD (RFC 1035 §5.1). Returns null when the bytes are not a
        /// well-formed plain name.
        /// </summary>
        public static string ToText(byte[] name, int offset, int length)
        {
            Args.CheckRange(name, offset, length);
            char[] text = new char[length * 4 + 1];
            int t = 0;
            int p = offset;
            int end = offset + length;
            while (p < end)
            {
                int n = name[p];
                if (n == 0)
                {
                    if (p + 1 != end)
                    {
                        return null;
                    }
                    if (t == 0)
                    {
                        text[t++] = '.';
                    }
                    return new string(text, 0, t);
                }
                if (n > MaxLabelLength || p + 1 + n > end)
                {
                    return null;
                }
                if (t > 0)
                {
                    text[t++] = '.';
                }
                for (int i = 1; i <= n; i++)
                {
                    int c = name[p + i];
                    if (c > 0x20 && c < 0x7F && c != '.' && c != '\\')
                    {
                        text[t++] = (char)c;
                    }
                    else
                    {
                        text[t++] = '\\';
                        text[t++] = (char)('0' + c / 100);
                        text[t++] = (char)('0' + (c / 10) % 10);
                        text[t++] = (char)('0' + c % 10);
                    }
                }
                p += 1 + n;
            }
            return null;
        }
    }
}
