namespace NanoStack.Http
{
    /// <summary>
    /// An HTTP/1.1 response parser that does no I/O (RFC 9112): the caller feeds it the bytes it
    /// received, in pieces of any size, and it reports the end of the head, runs of body data
    /// (in place, inside the bytes fed) and the end of the response. The head is copied into a
    /// fixed header buffer so the status line and header fields stay readable while the body
    /// streams through. Malformed input never throws: it ends in <see cref="HttpParseEvent.Error"/>
    /// with the exact <see cref="HttpError"/>, sticky until <see cref="Reset"/>.
    /// </summary>
    /// <remarks>
    /// Implementation notes
    /// - Lines (status line, field lines, trailer lines) are collected byte by byte into the header
    ///   buffer without their terminator. A line ends at LF, and a CR is accepted only right before
    ///   it (RFC 9112 §2.2 lets a recipient take a bare LF as the terminator; a bare CR is invalid).
    ///   The same holds for chunk lines.
    /// - Field lines (RFC 9112 §5): name = token, no whitespace before the colon (§5.1), the value
    ///   trimmed of OWS and free of control characters other than HTAB (RFC 9110 §5.5: NUL, CR and
    ///   LF must be refused or replaced; the other CTLs are refused too). A line that starts with
    ///   whitespace is an obs-fold (§5.2) or whitespace after the start line (§2.2): refused
    ///   (<see cref="HttpError.BadHeader"/>; a user agent may instead replace the fold with SP, but
    ///   nothing needs it from a device).
    /// - Framing (RFC 9112 §6.3), decided at the end of the head: a response to HEAD and 1xx, 204,
    ///   304 end at the empty line whatever their headers say (rule 1); Transfer-Encoding with
    ///   Content-Length is refused (<see cref="HttpError.ConflictingFraming"/>: rule 3 lets TE win
    ///   but says the message "ought to be handled as an error"); Transfer-Encoding must be exactly
    ///   "chunked" (another coding is <see cref="HttpError.UnsupportedTransferCoding"/>: we never
    ///   advertise one, and rule 4's read-until-close would hand over undecoded bytes); then
    ///   Content-Length (rule 6); otherwise the body runs until the server closes (rule 8).
    /// - Interim 1xx responses (RFC 9110 §15.2) are parsed and dropped, at most
    ///   <see cref="MaxInterimResponses"/> of them; 101 is refused, as no upgrade is ever asked for.
    /// - Chunked (RFC 9112 §7.1): the size is hex with a 63-bit overflow check, extensions are
    ///   skipped (§7.1.1), the chunk line is bounded by the header buffer length, the data must be
    ///   followed by CRLF, trailer fields (§7.1.2) are checked as field lines, kept in the header
    ///   buffer after the head only until the trailer section ends, then dropped: head plus
    ///   trailers must fit the buffer.
    /// - Content-Length (RFC 9110 §8.6): 1*DIGIT, 63-bit; repeated fields or a comma list with
    ///   one same value are accepted as that value, different values refused.
    /// - Body bytes are never copied: <see cref="HttpParseEvent.Body"/> points into the bytes fed.
    ///   A caller can also move body bytes itself (straight from a channel into its buffer) for as
    ///   long as <see cref="DirectBodyLength"/> allows, and report them with <see cref="AckBody"/>.
    /// </remarks>
    public sealed class HttpResponseParser
    {
        /// <summary>1xx interim responses skipped before a final response; one more is
        /// <see cref="HttpError.TooManyInterimResponses"/> (a server cannot keep a client in the head forever).</summary>
        public const int MaxInterimResponses = 8;

        // Parser states.
        private const int StStatusLine = 0;
        private const int StHeaderLine = 1;
        private const int StBodyLength = 2;   // Content-Length bytes remain
        private const int StChunkSize = 3;    // hex digits of chunk-size
        private const int StChunkSizeWs = 4;  // BWS after the size, before ";" or the line end
        private const int StChunkExt = 5;     // chunk-ext, skipped
        private const int StChunkLineLf = 6;  // CR seen on a chunk line, LF expected
        private const int StChunkData = 7;
        private const int StChunkDataCr = 8;  // after chunk-data: CRLF expected
        private const int StChunkDataLf = 9;  // CR after chunk-data seen, LF expected
        private const int StTrailerLine = 10;
        private const int StUntilClose = 11;
        private const int StComplete = 12;
        private const int StFailed = 13;

        private const byte Cr = 13;
        private const byte Lf = 10;
        private const byte Sp = 32;
        private const byte Tab = 9;

        private const long MaxChunkSizeBeforeDigit = long.MaxValue >> 4;

        private readonly byte[] _head;
        private readonly int[] _index; // per field: name offset, name length, value offset, value length
        private readonly int _maxHeaders;

        private int _state;
        private bool _headRequest;
        private bool _started;
        private HttpError _error;

        // Line collection.
        private int _used;
        private int _lineStart;
        private bool _sawCr;
        private int _headEnd;
        private int _interimCount;

        // The head.
        private int _statusCode;
        private int _minorVersion;
        private int _reasonOffset;
        private int _reasonLength;
        private int _headerCount;
        private bool _contentLengthSeen;
        private long _contentLength;
        private bool _transferEncodingSeen;
        private int _chunkedCount;
        private bool _chunkedLast;
        private bool _unsupportedCoding;
        private bool _connectionClose;
        private HttpBodyFraming _framing;

        // The body.
        private long _remaining;
        private long _chunkSize;
        private bool _chunkDigits;
        private int _chunkLine;
        private long _bodyReceived;
        private int _bodyOffset;
        private int _bodyLength;

        /// <summary>
        /// Allocates the header buffer (<paramref name="headerBufferLength"/> bytes: status line,
        /// header fields, trailers) and an index of <paramref name="maxHeaderCount"/> fields.
        /// </summary>
        public HttpResponseParser(int headerBufferLength, int maxHeaderCount)
        {
            if (headerBufferLength < 16)
            {
                throw new System.ArgumentOutOfRangeException("headerBufferLength");
            }
            if (maxHeaderCount < 0)
            {
                throw new System.ArgumentOutOfRangeException("maxHeaderCount");
            }
            _head = new byte[headerBufferLength];
            _index = new int[maxHeaderCount * 4];
            _maxHeaders = maxHeaderCount;
            Reset(false);
        }

        /// <summary>Starts a new response. <paramref name="headRequest"/>: the request was HEAD, so the
        /// response has no body whatever its headers say (RFC 9112 §6.3 rule 1).</summary>
        public void Reset(bool headRequest)
        {
            _headRequest = headRequest;
            _started = false;
            _error = HttpError.None;
            _interimCount = 0;
            _bodyReceived = 0;
            _bodyOffset = 0;
            _bodyLength = 0;
            StartHead();
        }

        /// <summary>The error that ended parsing, or <see cref="HttpError.None"/>.</summary>
        public HttpError Error { get { return _error; } }

        /// <summary>True once any byte of the response has been fed.</summary>
        public bool HasStarted { get { return _started; } }

        /// <summary>True once the final response's head is complete (and while its body is read).</summary>
        public bool IsHeadComplete { get { return _state >= StBodyLength && _state <= StComplete; } }

        /// <summary>True once the whole response, body and trailers included, has been parsed.</summary>
        public bool IsComplete { get { return _state == StComplete; } }

        /// <summary>The status code (100..999), once the head is complete.</summary>
        public int StatusCode { get { return _statusCode; } }

        /// <summary>The x of HTTP/1.x.</summary>
        public int MinorVersion { get { return _minorVersion; } }

        /// <summary>The buffer holding the status line and header fields; offsets below point into it.</summary>
        public byte[] HeaderBuffer { get { return _head; } }

        /// <summary>Where the reason phrase starts in <see cref="HeaderBuffer"/>.</summary>
        public int ReasonOffset { get { return _reasonOffset; } }

        /// <summary>Bytes of the reason phrase (0 when the server sent none).</summary>
        public int ReasonLength { get { return _reasonLength; } }

        /// <summary>Header fields of the final response, in the order received.</summary>
        public int HeaderCount { get { return _headerCount; } }

        /// <summary>The Content-Length the server sent, or −1 without one. For HEAD and 304 this is the
        /// size of the representation, not of a body (none follows).</summary>
        public long ContentLength { get { return _contentLengthSeen ? _contentLength : -1; } }

        /// <summary>How the body is delimited (valid once the head is complete).</summary>
        public HttpBodyFraming Framing { get { return _framing; } }

        /// <summary>The body is chunked (Transfer-Encoding: chunked).</summary>
        public bool IsChunked { get { return _framing == HttpBodyFraming.Chunked; } }

        /// <summary>
        /// The connection may carry another request after this response (RFC 9112 §9.3): HTTP/1.1,
        /// no "close" connection option, and a body whose end is known. HTTP/1.0 responses close.
        /// </summary>
        public bool KeepAlive
        {
            get { return _minorVersion >= 1 && !_connectionClose && _framing != HttpBodyFraming.UntilClose; }
        }

        /// <summary>Body bytes delivered so far (decoded: chunk framing excluded).</summary>
        public long BodyReceived { get { return _bodyReceived; } }

        /// <summary>After <see cref="HttpParseEvent.Body"/>: where the run of body data starts in the bytes fed.</summary>
        public int BodyOffset { get { return _bodyOffset; } }

        /// <summary>After <see cref="HttpParseEvent.Body"/>: bytes of body data in the run.</summary>
        public int BodyLength { get { return _bodyLength; } }

        /// <summary>
        /// How many of the next bytes of the stream are body data with no framing in between, so a
        /// caller may move them itself and report them with <see cref="AckBody"/>: what remains of
        /// the Content-Length or of the current chunk, <see cref="long.MaxValue"/> for a body that runs
        /// until close, 0 elsewhere (in the head, on a chunk line, when complete).
        /// </summary>
        public long DirectBodyLength
        {
            get
            {
                if (_state == StBodyLength || _state == StChunkData)
                {
                    return _remaining;
                }
                return _state == StUntilClose ? long.MaxValue : 0;
            }
        }

        /// <summary>Accounts for <paramref name="count"/> body bytes the caller moved itself
        /// (at most <see cref="DirectBodyLength"/>).</summary>
        public void AckBody(int count)
        {
            if (count < 0 || count > DirectBodyLength)
            {
                throw new System.ArgumentOutOfRangeException("count");
            }
            if (_state != StUntilClose)
            {
                _remaining -= count;
            }
            _bodyReceived += count;
            EndRunIfDone();
        }

        /// <summary>
        /// Parses <paramref name="count"/> bytes at <paramref name="offset"/>, stopping after the head,
        /// after one run of at most <paramref name="maxBody"/> body bytes, or at the end of the
        /// response; <paramref name="consumed"/> says how many bytes were used (the rest are fed
        /// again, or are past the response). Never throws for what the bytes say.
        /// </summary>
        public HttpParseEvent Feed(byte[] data, int offset, int count, int maxBody, out int consumed)
        {
            if (data == null)
            {
                throw new System.ArgumentNullException("data");
            }
            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new System.ArgumentOutOfRangeException("count");
            }
            if (maxBody < 1)
            {
                throw new System.ArgumentOutOfRangeException("maxBody");
            }
            _bodyOffset = 0;
            _bodyLength = 0;
            consumed = 0;
            if (_state == StFailed)
            {
                return HttpParseEvent.Error;
            }
            if (_state == StComplete)
            {
                return HttpParseEvent.Complete;
            }
            if (count > 0)
            {
                _started = true;
            }

            int i = offset;
            int end = offset + count;
            while (i < end)
            {
                int state = _state;
                if (state == StStatusLine || state == StHeaderLine || state == StTrailerLine)
                {
                    byte b = data[i++];
                    if (!LineByte(b))
                    {
                        consumed = i - offset;
                        return HttpParseEvent.Error;
                    }
                    if (b != Lf)
                    {
                        continue;
                    }
                    // A line ended; OnLine moved the state on.
                    consumed = i - offset;
                    if (_state == StFailed)
                    {
                        return HttpParseEvent.Error;
                    }
                    if (state == StHeaderLine && _state != StHeaderLine && _state != StStatusLine)
                    {
                        return HttpParseEvent.HeadComplete;
                    }
                    if (_state == StComplete)
                    {
                        return HttpParseEvent.Complete;
                    }
                    continue;
                }
                if (state == StBodyLength || state == StChunkData || state == StUntilClose)
                {
                    int n = end - i;
                    if (n > maxBody)
                    {
                        n = maxBody;
                    }
                    if (state != StUntilClose && n > _remaining)
                    {
                        n = (int)_remaining;
                    }
                    _bodyOffset = i;
                    _bodyLength = n;
                    i += n;
                    consumed = i - offset;
                    AckBody(n);
                    return HttpParseEvent.Body;
                }
                if (!ChunkByte(data[i++]))
                {
                    consumed = i - offset;
                    return HttpParseEvent.Error;
                }
            }
            consumed = count;
            return HttpParseEvent.NeedMore;
        }

        /// <summary>
        /// The connection ended (the channel read 0). Completes a body that runs until close;
        /// anything else unfinished is <see cref="HttpError.Truncated"/>, or
        /// <see cref="HttpError.NoResponse"/> when not a byte had arrived.
        /// </summary>
        public HttpParseEvent FeedEnd()
        {
            _bodyOffset = 0;
            _bodyLength = 0;
            if (_state == StComplete)
            {
                return HttpParseEvent.Complete;
            }
            if (_state == StFailed)
            {
                return HttpParseEvent.Error;
            }
            if (_state == StUntilClose)
            {
                // RFC 9112 §6.3 rule 8: the close ends the body.
                _state = StComplete;
                return HttpParseEvent.Complete;
            }
            // RFC 9112 §8: a message that ends before its framing says is incomplete.
            _error = _started ? HttpError.Truncated : HttpError.NoResponse;
            _state = StFailed;
            return HttpParseEvent.Error;
        }

        /// <summary>Makes the parser fail with <paramref name="error"/> (a timeout or a channel failure
        /// seen by the caller), so the state says the response is unusable.</summary>
        public void Abort(HttpError error)
        {
            if (_state != StFailed)
            {
                _error = error == HttpError.None ? HttpError.Truncated : error;
                _state = StFailed;
            }
        }

        /// <summary>Header field <paramref name="index"/> (0 .. <see cref="HeaderCount"/> − 1): name and
        /// value (OWS trimmed) as offsets into <see cref="HeaderBuffer"/>.</summary>
        public void GetHeader(int index, out int nameOffset, out int nameLength, out int valueOffset, out int valueLength)
        {
            if (index < 0 || index >= _headerCount)
            {
                throw new System.ArgumentOutOfRangeException("index");
            }
            int k = index * 4;
            nameOffset = _index[k];
            nameLength = _index[k + 1];
            valueOffset = _index[k + 2];
            valueLength = _index[k + 3];
        }

        /// <summary>The index of the first header field at or after <paramref name="startIndex"/> whose
        /// name equals <paramref name="name"/> ignoring ASCII case (RFC 9110 §5.1), or −1.</summary>
        public int FindHeader(string name, int startIndex)
        {
            if (name == null)
            {
                throw new System.ArgumentNullException("name");
            }
            for (int h = startIndex < 0 ? 0 : startIndex; h < _headerCount; h++)
            {
                int k = h * 4;
                if (Ascii.EqualsIgnoreCase(_head, _index[k], _index[k + 1], name))
                {
                    return h;
                }
            }
            return -1;
        }

        /// <summary>The value of the first header field named <paramref name="name"/> as offsets into
        /// <see cref="HeaderBuffer"/>; false when there is none.</summary>
        public bool TryGetHeader(string name, out int valueOffset, out int valueLength)
        {
            int h = FindHeader(name, 0);
            if (h < 0)
            {
                valueOffset = 0;
                valueLength = 0;
                return false;
            }
            valueOffset = _index[h * 4 + 2];
            valueLength = _index[h * 4 + 3];
            return true;
        }

        private void StartHead()
        {
            _state = StStatusLine;
            _used = 0;
            _lineStart = 0;
            _sawCr = false;
            _headEnd = 0;
            _statusCode = 0;
            _minorVersion = 0;
            _reasonOffset = 0;
            _reasonLength = 0;
            _headerCount = 0;
            _contentLengthSeen = false;
            _contentLength = 0;
            _transferEncodingSeen = false;
            _chunkedCount = 0;
            _chunkedLast = false;
            _unsupportedCoding = false;
            _connectionClose = false;
            _framing = HttpBodyFraming.None;
            _remaining = 0;
            _chunkSize = 0;
            _chunkDigits = false;
            _chunkLine = 0;
        }

        private bool SetError(HttpError error)
        {
            _error = error;
            _state = StFailed;
            return false;
        }

        private HttpError LineError()
        {
            return _state == StStatusLine ? HttpError.BadStatusLine : HttpError.BadHeader;
        }

        // One byte of a status, field or trailer line. False on an error (state Failed).
        private bool LineByte(byte b)
        {
            if (_sawCr)
            {
                // RFC 9112 §2.2: a bare CR is invalid.
                if (b != Lf)
                {
                    return SetError(LineError());
                }
            }
            else if (b == Cr)
            {
                _sawCr = true;
                return true;
            }
            if (b == Lf)
            {
                _sawCr = false;
                OnLine(_lineStart, _used - _lineStart);
                return _state != StFailed;
            }
            if (_used == _head.Length)
            {
                return SetError(HttpError.HeadersTooLarge);
            }
            _head[_used++] = b;
            return true;
        }

        private void OnLine(int start, int length)
        {
            if (_state == StStatusLine)
            {
                int code, minor, reasonOffset, reasonLength;
                if (!HttpStatusLine.TryParseLine(_head, start, length, out code, out minor, out reasonOffset, out reasonLength))
                {
                    SetError(HttpError.BadStatusLine);
                    return;
                }
                if (code == 101)
                {
                    // RFC 9110 §15.2.2: only an answer to an Upgrade request, which we never send.
                    SetError(HttpError.UnexpectedUpgrade);
                    return;
                }
                _statusCode = code;
                _minorVersion = minor;
                _reasonOffset = reasonOffset;
                _reasonLength = reasonLength;
                _state = StHeaderLine;
                _lineStart = _used;
                return;
            }
            if (length == 0)
            {
                if (_state == StTrailerLine)
                {
                    // RFC 9112 §7.1.2: trailer fields are dropped; the head stays readable.
                    _used = _headEnd;
                    _lineStart = _used;
                    _state = StComplete;
                    return;
                }
                EndOfHead();
                return;
            }
            int nameEnd, valueStart, valueEnd;
            HttpError error = CheckFieldLine(start, length, out nameEnd, out valueStart, out valueEnd);
            if (error != HttpError.None)
            {
                SetError(error);
                return;
            }
            if (_state == StTrailerLine)
            {
                _lineStart = _used;
                return;
            }
            if (_headerCount == _maxHeaders)
            {
                SetError(HttpError.TooManyHeaders);
                return;
            }
            int k = _headerCount * 4;
            _index[k] = start;
            _index[k + 1] = nameEnd - start;
            _index[k + 2] = valueStart;
            _index[k + 3] = valueEnd - valueStart;
            _headerCount++;
            _lineStart = _used;

            if (Ascii.EqualsIgnoreCase(_head, start, nameEnd - start, "content-length"))
            {
                error = OnContentLength(valueStart, valueEnd);
            }
            else if (Ascii.EqualsIgnoreCase(_head, start, nameEnd - start, "transfer-encoding"))
            {
                error = OnTransferEncoding(valueStart, valueEnd);
            }
            else if (Ascii.EqualsIgnoreCase(_head, start, nameEnd - start, "connection"))
            {
                OnConnection(valueStart, valueEnd);
            }
            if (error != HttpError.None)
            {
                SetError(error);
            }
        }

        // RFC 9112 §5: field-line = field-name ":" OWS field-value OWS.
        private HttpError CheckFieldLine(int start, int length, out int nameEnd, out int valueStart, out int valueEnd)
        {
            nameEnd = 0;
            valueStart = 0;
            valueEnd = 0;
            int end = start + length;
            byte first = _head[start];
            if (first == Sp || first == Tab)
            {
                // RFC 9112 §5.2 obs-fold, or whitespace between the start line and the first field (§2.2).
                return HttpError.BadHeader;
            }
            int colon = -1;
            for (int i = start; i < end; i++)
            {
                byte b = _head[i];
                if (b == (byte)':')
                {
                    colon = i;
                    break;
                }
                // RFC 9110 §5.1: field-name = token. RFC 9112 §5.1: no whitespace before the colon.
                if (!Ascii.IsTokenChar(b))
                {
                    return HttpError.BadHeader;
                }
            }
            if (colon <= start)
            {
                return HttpError.BadHeader;
            }
            int vs = colon + 1;
            int ve = end;
            while (vs < ve && (_head[vs] == Sp || _head[vs] == Tab))
            {
                vs++;
            }
            while (ve > vs && (_head[ve - 1] == Sp || _head[ve - 1] == Tab))
            {
                ve--;
            }
            for (int i = vs; i < ve; i++)
            {
                byte b = _head[i];
                // RFC 9110 §5.5: field-vchar, SP, HTAB, obs-text; CR, LF and NUL are dangerous, the
                // other CTLs invalid.
                if ((b < Sp && b != Tab) || b == 0x7F)
                {
                    return HttpError.BadHeader;
                }
            }
            nameEnd = colon;
            valueStart = vs;
            valueEnd = ve;
            return HttpError.None;
        }

        // RFC 9110 §8.6: Content-Length = 1*DIGIT; a list of one same value (or the same field
        // repeated) may be taken as that value; different values are an unrecoverable error
        // (RFC 9112 §6.3 rule 5).
        private HttpError OnContentLength(int start, int end)
        {
            int i = start;
            while (true)
            {
                if (i == end || _head[i] < (byte)'0' || _head[i] > (byte)'9')
                {
                    return HttpError.BadContentLength;
                }
                long value = 0;
                while (i < end && _head[i] >= (byte)'0' && _head[i] <= (byte)'9')
                {
                    int d = _head[i] - '0';
                    if (value > (long.MaxValue - d) / 10)
                    {
                        return HttpError.BadContentLength;
                    }
                    value = value * 10 + d;
                    i++;
                }
                if (_contentLengthSeen && value != _contentLength)
                {
                    return HttpError.BadContentLength;
                }
                _contentLengthSeen = true;
                _contentLength = value;
                i = SkipOws(i, end);
                if (i == end)
                {
                    return HttpError.None;
                }
                if (_head[i] != (byte)',')
                {
                    return HttpError.BadContentLength;
                }
                i = SkipOws(i + 1, end);
            }
        }

        // RFC 9112 §6.1: Transfer-Encoding = #transfer-coding; transfer-coding = token *( OWS ";"
        // OWS transfer-parameter ). The codings of every Transfer-Encoding line are read in order.
        private HttpError OnTransferEncoding(int start, int end)
        {
            _transferEncodingSeen = true;
            int i = start;
            while (i < end)
            {
                if (_head[i] == (byte)',' || _head[i] == Sp || _head[i] == Tab)
                {
                    // RFC 9110 §5.6.1: empty list elements are ignored.
                    i++;
                    continue;
                }
                int tokenStart = i;
                while (i < end && Ascii.IsTokenChar(_head[i]))
                {
                    i++;
                }
                if (i == tokenStart)
                {
                    return HttpError.BadTransferEncoding;
                }
                if (Ascii.EqualsIgnoreCase(_head, tokenStart, i - tokenStart, "chunked"))
                {
                    _chunkedCount++;
                    _chunkedLast = true;
                }
                else
                {
                    _unsupportedCoding = true;
                    _chunkedLast = false;
                }
                // Parameters (never on chunked) are skipped up to the next element.
                while (i < end && _head[i] != (byte)',')
                {
                    i++;
                }
            }
            return HttpError.None;
        }

        // RFC 9112 §9.6: the "close" connection option ends the connection after this response.
        private void OnConnection(int start, int end)
        {
            int i = start;
            while (i < end)
            {
                if (!Ascii.IsTokenChar(_head[i]))
                {
                    i++;
                    continue;
                }
                int tokenStart = i;
                while (i < end && Ascii.IsTokenChar(_head[i]))
                {
                    i++;
                }
                if (Ascii.EqualsIgnoreCase(_head, tokenStart, i - tokenStart, "close"))
                {
                    _connectionClose = true;
                }
            }
        }

        private int SkipOws(int i, int end)
        {
            while (i < end && (_head[i] == Sp || _head[i] == Tab))
            {
                i++;
            }
            return i;
        }

        private void EndOfHead()
        {
            if (_statusCode < 200)
            {
                // RFC 9110 §15.2: a client must parse and skip interim responses before the final one.
                if (++_interimCount > MaxInterimResponses)
                {
                    SetError(HttpError.TooManyInterimResponses);
                    return;
                }
                StartHead();
                return;
            }
            _headEnd = _used;
            _lineStart = _used;
            // RFC 9112 §6.3 rule 1: no body, whatever the header fields say.
            if (_headRequest || _statusCode == 204 || _statusCode == 304)
            {
                _framing = HttpBodyFraming.None;
                _state = StComplete;
                return;
            }
            if (_transferEncodingSeen)
            {
                if (_contentLengthSeen)
                {
                    // RFC 9112 §6.3 rule 3: "ought to be handled as an error".
                    SetError(HttpError.ConflictingFraming);
                    return;
                }
                if (_minorVersion == 0)
                {
                    // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message means faulty framing.
                    SetError(HttpError.BadTransferEncoding);
                    return;
                }
                if (_unsupportedCoding)
                {
                    SetError(HttpError.UnsupportedTransferCoding);
                    return;
                }
                // RFC 9112 §6.1, §7.1: chunked exactly once, and last.
                if (_chunkedCount != 1 || !_chunkedLast)
                {
                    SetError(HttpError.BadTransferEncoding);
                    return;
                }
                _framing = HttpBodyFraming.Chunked;
                StartChunkLine();
                return;
            }
            if (_contentLengthSeen)
            {
                // RFC 9112 §6.3 rule 6.
                _framing = HttpBodyFraming.ContentLength;
                _remaining = _contentLength;
                _state = _remaining == 0 ? StComplete : StBodyLength;
                return;
            }
            // RFC 9112 §6.3 rule 8.
            _framing = HttpBodyFraming.UntilClose;
            _state = StUntilClose;
        }

        private void StartChunkLine()
        {
            _state = StChunkSize;
            _chunkSize = 0;
            _chunkDigits = false;
            _chunkLine = 0;
        }

        // One byte of chunk framing (RFC 9112 §7.1): chunk-size [ chunk-ext ] CRLF, or the CRLF after
        // chunk-data. False on an error.
        private bool ChunkByte(byte b)
        {
            if (++_chunkLine > _head.Length)
            {
                return SetError(HttpError.BadChunk);
            }
            switch (_state)
            {
                case StChunkSize:
                    {
                        int d = Ascii.HexValue(b);
                        if (d >= 0)
                        {
                            if (_chunkSize > MaxChunkSizeBeforeDigit)
                            {
                                return SetError(HttpError.BadChunk);
                            }
                            _chunkSize = (_chunkSize << 4) + d;
                            _chunkDigits = true;
                            return true;
                        }
                        if (!_chunkDigits)
                        {
                            return SetError(HttpError.BadChunk);
                        }
                        if (b == Sp || b == Tab)
                        {
                            _state = StChunkSizeWs;
                            return true;
                        }
                        return ChunkLineSeparator(b);
                    }
                case StChunkSizeWs:
                    // RFC 9112 §7.1.1: BWS before ";".
                    if (b == Sp || b == Tab)
                    {
                        return true;
                    }
                    return ChunkLineSeparator(b);
                case StChunkExt:
                    // RFC 9112 §7.1.1: extensions are skipped; they hold no CTL but HTAB.
                    if (b == Cr || b == Lf)
                    {
                        return ChunkLineSeparator(b);
                    }
                    if ((b < Sp && b != Tab) || b == 0x7F)
                    {
                        return SetError(HttpError.BadChunk);
                    }
                    return true;
                case StChunkLineLf:
                    if (b != Lf)
                    {
                        return SetError(HttpError.BadChunk);
                    }
                    EndChunkLine();
                    return true;
                case StChunkDataCr:
                    if (b == Cr)
                    {
                        _state = StChunkDataLf;
                        return true;
                    }
                    if (b == Lf)
                    {
                        StartChunkLine();
                        return true;
                    }
                    return SetError(HttpError.BadChunk);
                case StChunkDataLf:
                    if (b != Lf)
                    {
                        return SetError(HttpError.BadChunk);
                    }
                    StartChunkLine();
                    return true;
                default:
                    return SetError(HttpError.BadChunk);
            }
        }

        private bool ChunkLineSeparator(byte b)
        {
            if (b == (byte)';')
            {
                _state = StChunkExt;
                return true;
            }
            if (b == Cr)
            {
                _state = StChunkLineLf;
                return true;
            }
            if (b == Lf)
            {
                EndChunkLine();
                return true;
            }
            return SetError(HttpError.BadChunk);
        }

        private void EndChunkLine()
        {
            if (_chunkSize == 0)
            {
                // RFC 9112 §7.1: last-chunk, then the trailer section up to an empty line.
                _state = StTrailerLine;
                _used = _headEnd;
                _lineStart = _used;
                _sawCr = false;
                return;
            }
            _remaining = _chunkSize;
            _state = StChunkData;
        }

        private void EndRunIfDone()
        {
            if (_remaining != 0)
            {
                return;
            }
            if (_state == StBodyLength)
            {
                _state = StComplete;
            }
            else if (_state == StChunkData)
            {
                _state = StChunkDataCr;
                _chunkLine = 0;
            }
        }
    }
}
