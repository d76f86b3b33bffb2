using System;

namespace NanoStack.Tls.X509
{
    /// <summary>
    /// A bounded reader of DER (ITU-T X.690 §10) over <c>(buffer, offset, length)</c>. A value
    /// type: it never allocates, copies or throws on bad input. Every <c>Try…</c> method returns
    /// a <see cref="DerStatus"/> and, on anything but <see cref="DerStatus.Ok"/>, leaves the
    /// reader where it was. Contents are reported as offsets into the caller's buffer.
    /// </summary>
    /// <remarks>
    /// Implementation notes.
    /// <list type="bullet">
    /// <item>Header: identifier octets (low form, or high-tag-number form with at most 3
    /// subsequent octets, minimal, number ≥ 31: X.690 §8.1.2.4) and definite length octets (short
    /// form, or long form of 1..4 octets, minimal, ≤ int.MaxValue: X.690 §8.1.3, §10.1). The
    /// largest header is therefore 1 + 3 + 1 + 4 = 9 octets (<see cref="MaxHeaderLength"/>).
    /// Indefinite lengths (0x80) and the reserved 0xFF are rejected.</item>
    /// <item>An element never extends past the reader's end: for a reader made by the caller
    /// that is <see cref="DerStatus.Truncated"/> (the input stopped early), for a nested reader
    /// it is <see cref="DerStatus.BadLength"/> (the inner length contradicts the outer one).</item>
    /// <item>Nested readers carry their depth; entering more than <see cref="MaxDepth"/> levels
    /// is <see cref="DerStatus.TooDeep"/>, so a recursive caller has a bounded stack.</item>
    /// <item>The static <c>Check…</c>/<c>DecodeHeader</c> helpers hold each DER rule once; the
    /// streaming <see cref="CertificateParser"/> uses the same ones.</item>
    /// </list>
    /// </remarks>
    public struct DerReader
    {
        /// <summary>Largest DER header this reader accepts: 4 identifier + 5 length octets.</summary>
        public const int MaxHeaderLength = 9;

        /// <summary>Deepest nesting of readers made by <see cref="TryEnterConstructed"/>.</summary>
        public const int MaxDepth = 16;

        private readonly byte[] _buffer;
        private readonly int _end;
        private readonly int _depth;
        private readonly bool _nested;
        private int _position;

        /// <summary>A reader over <paramref name="length"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public DerReader(byte[] buffer, int offset, int length)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }
            if (offset < 0 || length < 0 || offset > buffer.Length - length)
            {
                throw new ArgumentOutOfRangeException("offset");
            }
            _buffer = buffer;
            _position = offset;
            _end = offset + length;
            _depth = 0;
            _nested = false;
        }

        private DerReader(byte[] buffer, int offset, int length, int depth)
        {
            _buffer = buffer;
            _position = offset;
            _end = offset + length;
            _depth = depth;
            _nested = true;
        }

        /// <summary>The underlying buffer (content offsets returned by this reader index it).</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Offset of the next unread byte in <see cref="Buffer"/>.</summary>
        public int Position
        {
            get { return _position; }
        }

        /// <summary>Bytes left before the end of this reader.</summary>
        public int Remaining
        {
            get { return _end - _position; }
        }

        /// <summary>True when at least one more byte is left.</summary>
        public bool HasData
        {
            get { return _position < _end; }
        }

        /// <summary>Nesting depth (0 for a reader made by the caller).</summary>
        public int Depth
        {
            get { return _depth; }
        }

        // ---------------------------------------------------------------- headers

        /// <summary>
        /// Decodes the DER header at <paramref name="offset"/> from the <paramref name="available"/>
        /// bytes there. <see cref="DerStatus.Truncated"/> means more bytes are needed (unless the
        /// bytes present already break a rule, which is reported first).
        /// </summary>
        public static DerStatus DecodeHeader(byte[] buffer, int offset, int available,
            out int tag, out int contentLength, out int headerLength)
        {
            tag = 0;
            contentLength = 0;
            headerLength = 0;
            if (available < 1)
            {
                return DerStatus.Truncated;
            }
            int first = buffer[offset];
            int i = 1;
            if ((first & 0x1F) == 0x1F)
            {
                // X.690 §8.1.2.4: high-tag-number form, base-128 with bit 8 as "more".
                int number = 0;
                int count = 0;
                while (true)
                {
                    if (i >= available)
                    {
                        return DerStatus.Truncated;
                    }
                    int b = buffer[offset + i];
                    i++;
                    if (count == 0 && b == 0x80)
                    {
                        return DerStatus.NonMinimal;   // X.690 §8.1.2.4.2 c: no leading zero septet
                    }
                    number = (number << 7) | (b & 0x7F);
                    count++;
                    if ((b & 0x80) == 0)
                    {
                        break;
                    }
                    if (count == 3)
                    {
                        return DerStatus.BadTag;       // above DerTag.MaxNumber
                    }
                }
                if (number < 31)
                {
                    return DerStatus.NonMinimal;       // X.690 §8.1.2.2: 0..30 use the low form
                }
                tag = (first & 0xE0) | 0x1F | (number << 8);
            }
            else
            {
                if ((first & 0xDF) == 0x00)
                {
                    return DerStatus.BadTag;           // [UNIVERSAL 0] is reserved for end-of-contents (X.690 §8.1.5)
                }
                tag = first;
            }
            if (i >= available)
            {
                return DerStatus.Truncated;
            }
            int l0 = buffer[offset + i];
            i++;
            if (l0 < 0x80)
            {
                contentLength = l0;                    // X.690 §8.1.3.4 short form
            }
            else if (l0 == 0x80)
            {
                return DerStatus.Indefinite;           // X.690 §10.1: definite form only
            }
            else
            {
                int n = l0 & 0x7F;
                if (n > 4)
                {
                    return DerStatus.BadLength;        // includes the reserved 0xFF (§8.1.3.5 c)
                }
                if (i >= available)
                {
                    return DerStatus.Truncated;
                }
                if (buffer[offset + i] == 0)
                {
                    return DerStatus.NonMinimal;       // X.690 §10.1: fewest octets
                }
                if (n == 4 && buffer[offset + i] >= 0x80)
                {
                    return DerStatus.BadLength;        // beyond int.MaxValue
                }
                if (available - i < n)
                {
                    return DerStatus.Truncated;
                }
                int len = 0;
                for (int k = 0; k < n; k++)
                {
                    len = (len << 8) | buffer[offset + i + k];
                }
                i += n;
                if (len < 0x80)
                {
                    return DerStatus.NonMinimal;       // X.690 §10.1: short form when it fits
                }
                contentLength = len;
            }
            headerLength = i;
            return DerStatus.Ok;
        }

        /// <summary>Reads the tag of the next element without moving.</summary>
        public DerStatus TryPeekTag(out int tag)
        {
            int length;
            int headerLength;
            return ReadHeader(out tag, out length, out headerLength);
        }

        /// <summary>True when the next element is well formed and has tag <paramref name="tag"/>.</summary>
        public bool IsNext(int tag)
        {
            int t;
            return TryPeekTag(out t) == DerStatus.Ok && t == tag;
        }

        /// <summary>Reads the next element, whatever its tag, and reports its content.</summary>
        public DerStatus TryReadElement(out int tag, out int contentOffset, out int contentLength)
        {
            contentOffset = 0;
            int headerLength;
            DerStatus s = ReadHeader(out tag, out contentLength, out headerLength);
            if (s != DerStatus.Ok)
            {
                return s;
            }
            contentOffset = _position + headerLength;
            _position = contentOffset + contentLength;
            return DerStatus.Ok;
        }

        /// <summary>Reads the next element, which must have tag <paramref name="expectedTag"/>.</summary>
        public DerStatus TryReadElement(int expectedTag, out int contentOffset, out int contentLength)
        {
            contentOffset = 0;
            int tag;
            int headerLength;
            DerStatus s = ReadHeader(out tag, out contentLength, out headerLength);
            if (s != DerStatus.Ok)
            {
                return s;
            }
            if (tag != expectedTag)
            {
                contentLength = 0;
                return DerStatus.BadTag;
            }
            contentOffset = _position + headerLength;
            _position = contentOffset + contentLength;
            return DerStatus.Ok;
        }

        /// <summary>Reads the next element and reports its whole encoding (header and content), e.g. a Name to keep raw.</summary>
        public DerStatus TryReadEncoded(int expectedTag, out int elementOffset, out int elementLength)
        {
            elementOffset = _position;
            elementLength = 0;
            int tag;
            int contentLength;
            int headerLength;
            DerStatus s = ReadHeader(out tag, out contentLength, out headerLength);
            if (s != DerStatus.Ok)
            {
                return s;
            }
            if (tag != expectedTag)
            {
                return DerStatus.BadTag;
            }
            elementLength = headerLength + contentLength;
            _position += elementLength;
            return DerStatus.Ok;
        }

        /// <summary>Skips the next element (its header is checked, its content is not looked at).</summary>
        public DerStatus TrySkip()
        {
            int tag;
            int offset;
            int length;
            return TryReadElement(out tag, out offset, out length);
        }

        /// <summary>
        /// Reads a constructed element with tag <paramref name="expectedTag"/> and returns a reader
        /// over its content, one level deeper.
        /// </summary>
        public DerStatus TryEnterConstructed(int expectedTag, out DerReader inner)
        {
            inner = default(DerReader);
            if (!DerTag.IsConstructed(expectedTag))
            {
                return DerStatus.BadTag;
            }
            if (_depth >= MaxDepth)
            {
                return DerStatus.TooDeep;
            }
            int saved = _position;
            int offset;
            int length;
            DerStatus s = TryReadElement(expectedTag, out offset, out length);
            if (s != DerStatus.Ok)
            {
                _position = saved;
                return s;
            }
            inner = new DerReader(_buffer, offset, length, _depth + 1);
            return DerStatus.Ok;
        }

        /// <summary>Reads a SEQUENCE (0x30) and returns a reader over its content.</summary>
        public DerStatus TryReadSequence(out DerReader inner)
        {
            return TryEnterConstructed(DerTag.Sequence, out inner);
        }

        /// <summary>Reads a SET (0x31) and returns a reader over its content.</summary>
        public DerStatus TryReadSet(out DerReader inner)
        {
            return TryEnterConstructed(DerTag.Set, out inner);
        }

        /// <summary>Reads an EXPLICIT [<paramref name="number"/>] wrapper and returns a reader over it.</summary>
        public DerStatus TryReadExplicit(int number, out DerReader inner)
        {
            return TryEnterConstructed(DerTag.Context(number, true), out inner);
        }

        // ---------------------------------------------------------------- primitives

        /// <summary>Reads an INTEGER; reports its two's-complement content octets and sign.</summary>
        public DerStatus TryReadInteger(out int valueOffset, out int valueLength, out bool negative)
        {
            return TryReadInteger(DerTag.Integer, out valueOffset, out valueLength, out negative);
        }

        /// <summary>Reads an INTEGER under an IMPLICIT tag.</summary>
        public DerStatus TryReadInteger(int expectedTag, out int valueOffset, out int valueLength, out bool negative)
        {
            negative = false;
            int saved = _position;
            DerStatus s = TryReadElement(expectedTag, out valueOffset, out valueLength);
            if (s == DerStatus.Ok)
            {
                s = CheckInteger(_buffer, valueOffset, valueLength);
            }
            if (s != DerStatus.Ok)
            {
                _position = saved;
                return s;
            }
            negative = _buffer[valueOffset] >= 0x80;
            return DerStatus.Ok;
        }

        /// <summary>Reads an INTEGER that must fit in an <c>int</c> (either sign).</summary>
        public DerStatus TryReadInt32(out int value)
        {
            return TryReadInt32(DerTag.Integer, out value);
        }

        /// <summary>Reads an INTEGER under an IMPLICIT tag that must fit in an <c>int</c>.</summary>
        public DerStatus TryReadInt32(int expectedTag, out int value)
        {
            value = 0;
            int saved = _position;
            int offset;
            int length;
            bool negative;
            DerStatus s = TryReadInteger(expectedTag, out offset, out length, out negative);
            if (s != DerStatus.Ok)
            {
                return s;
            }
            if (length > 4)
            {
                _position = saved;
                return DerStatus.BadValue;
            }
            int v = negative ? -1 : 0;
            for (int i = 0; i < length; i++)
            {
                v = (v << 8) | _buffer[offset + i];
            }
            value = v;
            return DerStatus.Ok;
        }

        /// <summary>Reads an OBJECT IDENTIFIER and reports its content octets.</summary>
        public DerStatus TryReadOid(out int valueOffset, out int valueLength)
        {
            int saved = _position;
            DerStatus s = TryReadElement(DerTag.ObjectIdentifier, out valueOffset, out valueLength);
            if (s == DerStatus.Ok)
            {
                s = CheckOid(_buffer, valueOffset, valueLength);
            }
            if (s != DerStatus.Ok)
            {
                _position = saved;
            }
            return s;
        }

        /// <summary>
        /// Reads an OBJECT IDENTIFIER and compares its content octets with
        /// <paramref name="expected"/> (content octets only, e.g. <c>2A 86 48 86 F7 0D 01 01 0B</c>).
        /// </summary>
        public DerStatus TryReadOid(byte[] expected, out bool equal)
        {
            equal = false;
            int offset;
            int length;
            DerStatus s = TryReadOid(out offset, out length);
            if (s == DerStatus.Ok)
            {
                equal = BytesEqual(_buffer, offset, length, expected);
            }
            return s;
        }

        /// <summary>Reads a BIT STRING: the unused-bits count and the bit octets after it.</summary>
        public DerStatus TryReadBitString(out int unusedBits, out int valueOffset, out int valueLength)
        {
            return TryReadBitString(DerTag.BitString, out unusedBits, out valueOffset, out valueLength);
        }

        /// <summary>Reads a BIT STRING under an IMPLICIT tag.</summary>
        public DerStatus TryReadBitString(int expectedTag, out int unusedBits, out int valueOffset, out int valueLength)
        {
            unusedBits = 0;
            int saved = _position;
            int offset;
            int length;
            DerStatus s = TryReadElement(expectedTag, out offset, out length);
            if (s == DerStatus.Ok)
            {
                s = CheckBitString(_buffer, offset, length);
            }
            if (s != DerStatus.Ok)
            {
                _position = saved;
                valueOffset = 0;
                valueLength = 0;
                return s;
            }
            unusedBits = _buffer[offset];
            valueOffset = offset + 1;
            valueLength = length - 1;
            return DerStatus.Ok;
        }

        /// <summary>Reads an OCTET STRING (primitive: DER forbids the constructed form, X.690 §10.2).</summary>
        public DerStatus TryReadOctetString(out int valueOffset, out int valueLength)
        {
            return TryReadElement(DerTag.OctetString, out valueOffset, out valueLength);
        }

        /// <summary>Reads an OCTET STRING under an IMPLICIT tag.</summary>
        public DerStatus TryReadOctetString(int expectedTag, out int valueOffset, out int valueLength)
        {
            return TryReadElement(expectedTag, out valueOffset, out valueLength);
        }

        /// <summary>Reads a BOOLEAN: one octet, 0x00 or 0xFF (X.690 §11.1).</summary>
        public DerStatus TryReadBoolean(out bool value)
        {
            return TryReadBoolean(DerTag.Boolean, out value);
        }

        /// <summary>Reads a BOOLEAN under an IMPLICIT tag.</summary>
        public DerStatus TryReadBoolean(int expectedTag, out bool value)
        {
            value = false;
            int saved = _position;
            int offset;
            int length;
            DerStatus s = TryReadElement(expectedTag, out offset, out length);
            if (s == DerStatus.Ok)
            {
                s = CheckBoolean(_buffer, offset, length);
            }
            if (s != DerStatus.Ok)
            {
                _position = saved;
                return s;
            }
            value = _buffer[offset] != 0;
            return DerStatus.Ok;
        }

        /// <summary>Reads a NULL (empty content, X.690 §8.8.2).</summary>
        public DerStatus TryReadNull()
        {
            return TryReadNull(DerTag.Null);
        }

        /// <summary>Reads a NULL under an IMPLICIT tag.</summary>
        public DerStatus TryReadNull(int expectedTag)
        {
            int saved = _position;
            int offset;
            int length;
            DerStatus s = TryReadElement(expectedTag, out offset, out length);
            if (s == DerStatus.Ok && length != 0)
            {
                _position = saved;
                return DerStatus.BadValue;
            }
            return s;
        }

        /// <summary>Reads a UTCTime (RFC 5280 §4.1.2.5.1) as seconds since 1970-01-01T00:00:00Z.</summary>
        public DerStatus TryReadUtcTime(out long seconds)
        {
            return ReadTime(DerTag.UtcTime, out seconds);
        }

        /// <summary>Reads a GeneralizedTime (RFC 5280 §4.1.2.5.2) as seconds since 1970-01-01T00:00:00Z.</summary>
        public DerStatus TryReadGeneralizedTime(out long seconds)
        {
            return ReadTime(DerTag.GeneralizedTime, out seconds);
        }

        /// <summary>Reads an X.509 Time (CHOICE of UTCTime and GeneralizedTime, RFC 5280 §4.1).</summary>
        public DerStatus TryReadTime(out long seconds)
        {
            int tag;
            DerStatus s = TryPeekTag(out tag);
            if (s != DerStatus.Ok)
            {
                seconds = 0;
                return s;
            }
            if (tag != DerTag.UtcTime && tag != DerTag.GeneralizedTime)
            {
                seconds = 0;
                return DerStatus.BadTag;
            }
            return ReadTime(tag, out seconds);
        }

        private DerStatus ReadTime(int expectedTag, out long seconds)
        {
            seconds = 0;
            int saved = _position;
            int offset;
            int length;
            DerStatus s = TryReadElement(expectedTag, out offset, out length);
            if (s != DerStatus.Ok)
            {
                return s;
            }
            bool ok = expectedTag == DerTag.UtcTime
                ? DerTime.TryParseUtcTime(_buffer, offset, length, out seconds)
                : DerTime.TryParseGeneralizedTime(_buffer, offset, length, out seconds);
            if (!ok)
            {
                _position = saved;
                return DerStatus.BadValue;
            }
            return DerStatus.Ok;
        }

        // ---------------------------------------------------------------- shared rules

        /// <summary>X.690 §8.3.2: at least one octet, and the first nine bits not all equal.</summary>
        public static DerStatus CheckInteger(byte[] buffer, int offset, int length)
        {
            if (length < 1)
            {
                return DerStatus.BadValue;
            }
            if (length > 1)
            {
                int b0 = buffer[offset];
                int b1 = buffer[offset + 1] & 0x80;
                if ((b0 == 0x00 && b1 == 0) || (b0 == 0xFF && b1 != 0))
                {
                    return DerStatus.NonMinimal;
                }
            }
            return DerStatus.Ok;
        }

        /// <summary>
        /// X.690 §8.19: at least one octet, the last without bit 8, and no subidentifier starting
        /// with 0x80 (each in the fewest octets).
        /// </summary>
        public static DerStatus CheckOid(byte[] buffer, int offset, int length)
        {
            if (length < 1 || buffer[offset + length - 1] >= 0x80)
            {
                return DerStatus.BadValue;
            }
            bool atStart = true;
            for (int i = 0; i < length; i++)
            {
                int b = buffer[offset + i];
                if (atStart && b == 0x80)
                {
                    return DerStatus.NonMinimal;
                }
                atStart = b < 0x80;
            }
            return DerStatus.Ok;
        }

        /// <summary>
        /// X.690 §8.6.2 and §11.2: an initial octet 0..7, 0 when there are no bits, and the unused
        /// bits of the last octet zero.
        /// </summary>
        public static DerStatus CheckBitString(byte[] buffer, int offset, int length)
        {
            if (length < 1)
            {
                return DerStatus.BadValue;
            }
            int unused = buffer[offset];
            if (unused > 7 || (length == 1 && unused != 0))
            {
                return DerStatus.BadValue;
            }
            if (unused != 0 && (buffer[offset + length - 1] & ((1 << unused) - 1)) != 0)
            {
                return DerStatus.BadValue;
            }
            return DerStatus.Ok;
        }

        /// <summary>X.690 §11.1: one octet, FALSE 0x00, TRUE 0xFF.</summary>
        public static DerStatus CheckBoolean(byte[] buffer, int offset, int length)
        {
            if (length != 1 || (buffer[offset] != 0x00 && buffer[offset] != 0xFF))
            {
                return DerStatus.BadValue;
            }
            return DerStatus.Ok;
        }

        /// <summary>True when <paramref name="length"/> bytes at <paramref name="offset"/> equal <paramref name="expected"/>.</summary>
        public static bool BytesEqual(byte[] buffer, int offset, int length, byte[] expected)
        {
            if (length != expected.Length)
            {
                return false;
            }
            for (int i = 0; i < length; i++)
            {
                if (buffer[offset + i] != expected[i])
                {
                    return false;
                }
            }
            return true;
        }

        private DerStatus ReadHeader(out int tag, out int contentLength, out int headerLength)
        {
            int available = _end - _position;
            DerStatus s = DecodeHeader(_buffer, _position, available, out tag, out contentLength, out headerLength);
            if (s == DerStatus.Truncated && _nested)
            {
                return DerStatus.BadLength;
            }
            if (s != DerStatus.Ok)
            {
                return s;
            }
            if (contentLength > available - headerLength)
            {
                return _nested ? DerStatus.BadLength : DerStatus.Truncated;
            }
            return DerStatus.Ok;
        }
    }
}
