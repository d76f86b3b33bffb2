using NanoStack.Channels;

namespace NanoStack.Http
{
    /// <summary>
    /// A blocking HTTP/1.1 client (RFC 9110, RFC 9112) over any <see cref="IByteChannel"/>: our TCP
    /// channel, a TLS connection, a <c>Socket</c> channel. It sends GET, HEAD, POST (or any method)
    /// with a Host, a User-Agent and the caller's headers, reads the status and header fields into a
    /// fixed buffer, and hands the body out decoded (chunked or not) through
    /// <see cref="ReadBody"/>. Connections are kept alive and reused; redirects are followed when
    /// asked. Every buffer is allocated by the constructor; a request to an origin the client is
    /// connected to, with its response and body, allocates nothing.
    /// </summary>
    /// <remarks>
    /// Implementation notes
    /// - Timeouts: every call takes <c>timeoutMs</c>, and every wait on the channel (each read,
    ///   each write, the connector's open) is bounded by it; it is an inactivity bound, as the
    ///   channels have no clock. A head larger than the header buffer or an endless stream of 1xx
    ///   responses is refused, so a server cannot hold the client in the head.
    /// - Connections: one at a time. It is reused for the next request to the same origin (scheme,
    ///   host, port) when the previous body was read to its end and the response allowed it
    ///   (RFC 9112 §9.3: HTTP/1.1, no "Connection: close", a framed body, and no stray bytes after
    ///   it). Otherwise the client closes it, and opens a new one through the
    ///   <see cref="IHttpConnector"/> when it has one. A reused connection that the server had
    ///   already closed (no byte of a response, or a reset) is opened again once for an idempotent
    ///   method (RFC 9110 §9.2.2; RFC 9112 §9.3.1 allows the automatic retry).
    /// - Redirects (RFC 9110 §15.4), only with <see cref="FollowRedirects"/>: 301, 302, 303, 307
    ///   and 308 with a Location (without one the response is returned as it is). 303 turns any
    ///   method but HEAD into GET, and 301/302 turn POST into GET (§15.4.2, §15.4.3, §15.4.4); 307
    ///   and 308 repeat the method and body. The Location is resolved against the URL of the
    ///   request (RFC 3986 §5.2). A redirect allocates the new URL's strings, and the host string
    ///   when it opens a connection to a new origin.
    /// - Errors are values: <see cref="Error"/> is sticky until the next request. An error closes
    ///   the connection, except one found before anything was sent (<see cref="HttpError.BadUrl"/>,
    ///   <see cref="HttpError.BadRequest"/>, <see cref="HttpError.RequestTooLarge"/>,
    ///   <see cref="HttpError.NotConnected"/>), which leaves it as it was. Only a caller's bug throws
    ///   (bad arguments, reading a body with no response).
    /// </remarks>
    public sealed class HttpClient
    {
        // The exchange: no response yet, the head read and the body in progress, the body done, failed.
        private const int PhaseIdle = 0;
        private const int PhaseBody = 1;
        private const int PhaseDone = 2;
        private const int PhaseFailed = 3;

        private readonly IHttpConnector _connector;
        private readonly HttpResponseParser _parser;
        private readonly byte[] _rx;
        private readonly byte[] _tx;
        private readonly HttpRequestWriter _writer;
        private readonly byte[] _extra;
        private readonly HttpRequestWriter _extraWriter;
        private readonly byte[] _probe = new byte[1];
        private readonly string _userAgent;
        private readonly int _maxRedirects;
        private readonly bool _allowInsecureRedirects;
        private readonly bool _forwardHeadersAcrossOrigins;
        private readonly int _redirectDrainLimit;

        private int _rxStart;
        private int _rxEnd;

        // The connection and its origin (kept after the channel closes, for origin-form requests).
        private IByteChannel _channel;
        private bool _reusable;
        private string _originHost;
        private bool _originHttps;
        private int _originPort;

        private int _phase;
        private HttpError _error;
        private int _channelStatus;
        private int _redirectCount;
        private string _url;
        private bool _followRedirects;
        private bool _keepAlive = true;

        /// <summary>A client that can only use connections handed to it with <see cref="Attach"/>.</summary>
        public HttpClient(HttpClientConfig config)
            : this(config, null)
        {
        }

        /// <summary>
        /// A client that opens its connections through <paramref name="connector"/> (null: only
        /// <see cref="Attach"/>). Allocates every buffer <paramref name="config"/> sizes.
        /// </summary>
        public HttpClient(HttpClientConfig config, IHttpConnector connector)
        {
            if (config == null)
            {
                throw new System.ArgumentNullException("config");
            }
            if (config.ReceiveBufferLength < 1 || config.RequestBufferLength < 64 || config.ExtraHeaderBufferLength < 0
                || config.MaxRedirects < 0 || config.RedirectDrainLimit < 0)
            {
                throw new System.ArgumentOutOfRangeException("config");
            }
            _connector = connector;
            _parser = new HttpResponseParser(config.HeaderBufferLength, config.MaxHeaderCount);
            _rx = new byte[config.ReceiveBufferLength];
            _tx = new byte[config.RequestBufferLength];
            _writer = new HttpRequestWriter(_tx, 0, _tx.Length);
            _extra = new byte[config.ExtraHeaderBufferLength];
            _extraWriter = new HttpRequestWriter(_extra, 0, _extra.Length);
            _userAgent = config.UserAgent != null && config.UserAgent.Length > 0 ? config.UserAgent : null;
            if (_userAgent != null && !HttpRequestWriter.IsFieldValue(_userAgent, 0, _userAgent.Length))
            {
                throw new System.ArgumentException("UserAgent holds a character a header cannot carry", "config");
            }
            _maxRedirects = config.MaxRedirects;
            _allowInsecureRedirects = config.AllowInsecureRedirects;
            _forwardHeadersAcrossOrigins = config.ForwardHeadersAcrossOrigins;
            _redirectDrainLimit = config.RedirectDrainLimit;
        }

        /// <summary>Follow 301, 302, 303, 307 and 308 (off by default: the 3xx response is returned).</summary>
        public bool FollowRedirects
        {
            get { return _followRedirects; }
            set { _followRedirects = value; }
        }

        /// <summary>Keep connections open between requests (on by default); off sends
        /// "Connection: close" (RFC 9112 §9.6) and closes after each response.</summary>
        public bool KeepAlive
        {
            get { return _keepAlive; }
            set { _keepAlive = value; }
        }

        /// <summary>Why the last request or body read failed, or <see cref="HttpError.None"/>.</summary>
        public HttpError Error { get { return _error; } }

        /// <summary>The channel's negative status behind a channel error (a <see cref="ChannelStatus"/> value), or 0.</summary>
        public int ChannelError { get { return _channelStatus; } }

        /// <summary>The open connection, or null (for the details of a channel or TLS failure, read
        /// them before the next request).</summary>
        public IByteChannel Channel { get { return _channel; } }

        /// <summary>A connection is open.</summary>
        public bool IsConnected { get { return _channel != null; } }

        /// <summary>Redirects followed by the last request.</summary>
        public int RedirectCount { get { return _redirectCount; } }

        /// <summary>The URL the response came from: the caller's, or the last redirect's (allocated).</summary>
        public string Url { get { return _url; } }

        // ---------------------------------------------------------------- the response

        /// <summary>The final response's status code (after a request that returned true).</summary>
        public int StatusCode { get { return _parser.StatusCode; } }

        /// <summary>The x of the response's HTTP/1.x.</summary>
        public int MinorVersion { get { return _parser.MinorVersion; } }

        /// <summary>The status line and header fields; the offsets below point into it. Its content
        /// is valid until the next request.</summary>
        public byte[] HeaderBuffer { get { return _parser.HeaderBuffer; } }

        /// <summary>Where the reason phrase starts in <see cref="HeaderBuffer"/>.</summary>
        public int ReasonOffset { get { return _parser.ReasonOffset; } }

        /// <summary>Bytes of the reason phrase.</summary>
        public int ReasonLength { get { return _parser.ReasonLength; } }

        /// <summary>Header fields in the response.</summary>
        public int HeaderCount { get { return _parser.HeaderCount; } }

        /// <summary>The Content-Length the server sent, or −1 when unknown (chunked, until close).</summary>
        public long ContentLength { get { return _parser.ContentLength; } }

        /// <summary>The body is chunked.</summary>
        public bool IsChunked { get { return _parser.IsChunked; } }

        /// <summary>How the body is delimited.</summary>
        public HttpBodyFraming Framing { get { return _parser.Framing; } }

        /// <summary>Body bytes read so far.</summary>
        public long BodyReceived { get { return _parser.BodyReceived; } }

        /// <summary>The body has been read to its end.</summary>
        public bool IsBodyComplete { get { return _phase == PhaseDone; } }

        /// <summary>The reason phrase as a new string (allocates).</summary>
        public string GetReason()
        {
            return Latin1(_parser.HeaderBuffer, _parser.ReasonOffset, _parser.ReasonLength);
        }

        /// <summary>Header field <paramref name="index"/> as offsets into <see cref="HeaderBuffer"/>.</summary>
        public void GetHeader(int index, out int nameOffset, out int nameLength, out int valueOffset, out int valueLength)
        {
            _parser.GetHeader(index, out nameOffset, out nameLength, out valueOffset, out valueLength);
        }

        /// <summary>The first header field named <paramref name="name"/> (any case) at or after
        /// <paramref name="startIndex"/>, or −1: for fields that repeat, such as Set-Cookie.</summary>
        public int FindHeader(string name, int startIndex)
        {
            return _parser.FindHeader(name, startIndex);
        }

        /// <summary>The value of the first field named <paramref name="name"/> (any case), as offsets into
        /// <see cref="HeaderBuffer"/>. Allocates nothing.</summary>
        public bool TryGetHeader(string name, out int valueOffset, out int valueLength)
        {
            return _parser.TryGetHeader(name, out valueOffset, out valueLength);
        }

        /// <summary>
        /// Copies the value of the first field named <paramref name="name"/> into
        /// <paramref name="destination"/>. False when there is no such field (<paramref name="length"/>
        /// 0) or it does not fit (<paramref name="length"/> is the length needed, nothing copied).
        /// Allocates nothing.
        /// </summary>
        public bool TryGetHeader(string name, byte[] destination, int offset, int count, out int length)
        {
            CheckRange(destination, offset, count);
            int at;
            if (!_parser.TryGetHeader(name, out at, out length))
            {
                return false;
            }
            if (length > count)
            {
                return false;
            }
            System.Array.Copy(_parser.HeaderBuffer, at, destination, offset, length);
            return true;
        }

        /// <summary>As the byte[] overload, into characters (each byte one character, ISO-8859-1).</summary>
        public bool TryGetHeader(string name, char[] destination, int offset, int count, out int length)
        {
            if (destination == null)
            {
                throw new System.ArgumentNullException("destination");
            }
            if (offset < 0 || count < 0 || offset > destination.Length - count)
            {
                throw new System.ArgumentOutOfRangeException("count");
            }
            int at;
            if (!_parser.TryGetHeader(name, out at, out length))
            {
                return false;
            }
            if (length > count)
            {
                return false;
            }
            byte[] head = _parser.HeaderBuffer;
            for (int i = 0; i < length; i++)
            {
                destination[offset + i] = (char)head[at + i];
            }
            return true;
        }

        /// <summary>The value of the first field named <paramref name="name"/> as a new string, or null
        /// (allocates: a convenience off the hot path).</summary>
        public string GetHeader(string name)
        {
            int at, length;
            if (!_parser.TryGetHeader(name, out at, out length))
            {
                return null;
            }
            return Latin1(_parser.HeaderBuffer, at, length);
        }

        // ---------------------------------------------------------------- headers and connections

        /// <summary>
        /// Adds <c>name: value</c> to every following request (until <see cref="ClearHeaders"/>).
        /// False, and nothing added, when the name is not a token, the value holds CR, LF or a
        /// character outside visible ASCII, SP and HTAB (no header injection), there is no room, or
        /// the name is one the client writes itself: Host, Content-Length, Transfer-Encoding,
        /// Connection (see <see cref="KeepAlive"/>), and User-Agent unless the config leaves it out.
        /// </summary>
        public bool AddHeader(string name, string value)
        {
            if (name == null || value == null)
            {
                return false;
            }
            if (Ascii.EqualsIgnoreCase(name, 0, name.Length, "host")
                || Ascii.EqualsIgnoreCase(name, 0, name.Length, "content-length")
                || Ascii.EqualsIgnoreCase(name, 0, name.Length, "transfer-encoding")
                || Ascii.EqualsIgnoreCase(name, 0, name.Length, "connection")
                || (_userAgent != null && Ascii.EqualsIgnoreCase(name, 0, name.Length, "user-agent")))
            {
                return false;
            }
            return _extraWriter.AppendHeader(name, value);
        }

        /// <summary>Drops every header added with <see cref="AddHeader"/>.</summary>
        public void ClearHeaders()
        {
            _extraWriter.Reset();
        }

        /// <summary>
        /// Hands the client an open connection to <paramref name="scheme"/>://<paramref name="host"/>:
        /// <paramref name="port"/> (for https, a TLS connection already through its handshake). The
        /// client owns it from now on and closes it when it is done with it; a connection it had
        /// before is closed.
        /// </summary>
        public void Attach(IByteChannel channel, string scheme, string host, int port)
        {
            if (channel == null)
            {
                throw new System.ArgumentNullException("channel");
            }
            bool https;
            if (scheme == "https")
            {
                https = true;
            }
            else if (scheme == "http")
            {
                https = false;
            }
            else
            {
                throw new System.ArgumentException("scheme must be \"http\" or \"https\"", "scheme");
            }
            if (host == null || !HttpRequestWriter.IsTarget(host, 0, host.Length))
            {
                throw new System.ArgumentException("host must be a host name", "host");
            }
            if (port < 1 || port > 65535)
            {
                throw new System.ArgumentOutOfRangeException("port");
            }
            CloseChannel();
            _channel = channel;
            _reusable = true;
            _originHttps = https;
            _originHost = host;
            _originPort = port;
            _phase = PhaseIdle;
        }

        /// <summary>Closes the connection, if one is open; a body still being read ends with
        /// <see cref="HttpError.ChannelClosed"/>.</summary>
        public void Close()
        {
            if (_phase == PhaseBody)
            {
                FailQuiet(HttpError.ChannelClosed);
                return;
            }
            CloseChannel();
        }

        // ---------------------------------------------------------------- requests

        /// <summary>GET <paramref name="url"/>: <c>http://host[:port]/path</c>, <c>https://…</c>, or
        /// "/path" on the current origin. True when a response head arrived (any status); its body
        /// is then read with <see cref="ReadBody"/>. False with <see cref="Error"/> otherwise.</summary>
        public bool Get(string url, int timeoutMs)
        {
            return Send("GET", url, null, 0, 0, timeoutMs);
        }

        /// <summary>HEAD <paramref name="url"/>: the head only, no body (RFC 9110 §9.3.2).</summary>
        public bool Head(string url, int timeoutMs)
        {
            return Send("HEAD", url, null, 0, 0, timeoutMs);
        }

        /// <summary>POST the <paramref name="count"/> bytes at <paramref name="offset"/> of
        /// <paramref name="body"/> with their Content-Length (a Content-Type, if wanted, goes through
        /// <see cref="AddHeader"/>).</summary>
        public bool Post(string url, byte[] body, int offset, int count, int timeoutMs)
        {
            return Send("POST", url, body, offset, count, timeoutMs);
        }

        /// <summary>
        /// Sends <paramref name="method"/> <paramref name="url"/> with an optional body (null: none)
        /// and reads the response head, following redirects when <see cref="FollowRedirects"/> is
        /// on. An unread body of the previous response closes its connection first. True when a
        /// final response head arrived; false with <see cref="Error"/>.
        /// </summary>
        public bool Send(string method, string url, byte[] body, int offset, int count, int timeoutMs)
        {
            if (method == null)
            {
                throw new System.ArgumentNullException("method");
            }
            if (url == null)
            {
                throw new System.ArgumentNullException("url");
            }
            if (body != null)
            {
                CheckRange(body, offset, count);
            }
            else if (offset != 0 || count != 0)
            {
                throw new System.ArgumentOutOfRangeException("count");
            }
            if (_phase == PhaseBody)
            {
                // The previous body was not read to its end: its connection cannot carry this request.
                CloseChannel();
            }
            _phase = PhaseIdle;
            _error = HttpError.None;
            _channelStatus = 0;
            _redirectCount = 0;
            _url = url;
            bool sendExtra = true;
            string currentUrl = url;
            string currentMethod = method;
            while (true)
            {
                HttpUrl target;
                if (!HttpUrl.TryParse(currentUrl, out target))
                {
                    return FailUnsent(HttpError.BadUrl);
                }
                if (!target.HasOrigin && _originHost == null)
                {
                    return FailUnsent(HttpError.NotConnected);
                }
                if (!Exchange(currentMethod, target, body, offset, count, sendExtra, timeoutMs))
                {
                    return false;
                }
                int status = _parser.StatusCode;
                int locationAt, locationLength;
                if (!_followRedirects || !IsRedirect(status) || !_parser.TryGetHeader("location", out locationAt, out locationLength))
                {
                    return Delivered();
                }

                // RFC 9110 §15.4: a redirect to follow.
                if (_redirectCount == _maxRedirects)
                {
                    return Fail(HttpError.TooManyRedirects);
                }
                _redirectCount++;
                string baseUrl = target.HasOrigin ? currentUrl : OriginUrl(currentUrl);
                bool otherScheme;
                string next = HttpUrl.Resolve(baseUrl, Latin1(_parser.HeaderBuffer, locationAt, locationLength), out otherScheme);
                HttpUrl nextUrl;
                if (next == null || !HttpUrl.TryParse(next, out nextUrl))
                {
                    return Fail(otherScheme ? HttpError.RedirectNotAllowed : HttpError.BadLocation);
                }
                if (_originHttps && !nextUrl.IsHttps && !_allowInsecureRedirects)
                {
                    return Fail(HttpError.RedirectNotAllowed);
                }
                if (!SameOrigin(nextUrl))
                {
                    if (_connector == null)
                    {
                        return Fail(HttpError.RedirectNotAllowed);
                    }
                    if (!_forwardHeadersAcrossOrigins)
                    {
                        sendExtra = false;
                    }
                }
                // RFC 9110 §15.4.4: 303 → GET (HEAD stays HEAD); §15.4.2/§15.4.3: 301/302 may turn
                // POST into GET, as every user agent does. 307/308 repeat method and body.
                if ((status == 303 && currentMethod != "HEAD") || ((status == 301 || status == 302) && currentMethod == "POST"))
                {
                    currentMethod = "GET";
                    body = null;
                    offset = 0;
                    count = 0;
                }
                DrainForReuse(timeoutMs);
                currentUrl = next;
                _url = next;
            }
        }

        // ---------------------------------------------------------------- the body

        /// <summary>
        /// Reads body bytes into <paramref name="buffer"/>: 1..<paramref name="count"/> bytes, 0 at
        /// the end of the body, −1 on an error (<see cref="Error"/>: <see cref="HttpError.Truncated"/>,
        /// <see cref="HttpError.BadChunk"/>, <see cref="HttpError.Timeout"/>, a channel error…; the
        /// connection is closed). At the end the connection is kept for the next request or closed.
        /// Allocates nothing.
        /// </summary>
        public int ReadBody(byte[] buffer, int offset, int count, int timeoutMs)
        {
            CheckRange(buffer, offset, count);
            if (count == 0)
            {
                throw new System.ArgumentOutOfRangeException("count", "count must be at least 1");
            }
            if (_phase == PhaseFailed)
            {
                return -1;
            }
            if (_phase == PhaseIdle)
            {
                throw new System.InvalidOperationException("no response to read a body from");
            }
            while (true)
            {
                if (_phase == PhaseDone)
                {
                    return 0;
                }
                if (_parser.IsComplete)
                {
                    EndBody();
                    return 0;
                }
                if (_rxStart < _rxEnd)
                {
                    int consumed;
                    HttpParseEvent e = _parser.Feed(_rx, _rxStart, _rxEnd - _rxStart, count, out consumed);
                    _rxStart += consumed;
                    if (e == HttpParseEvent.Body)
                    {
                        int n = _parser.BodyLength;
                        System.Array.Copy(_rx, _parser.BodyOffset, buffer, offset, n);
                        if (_parser.IsComplete)
                        {
                            EndBody();
                        }
                        return n;
                    }
                    if (e == HttpParseEvent.Error)
                    {
                        FailQuiet(_parser.Error);
                        return -1;
                    }
                    continue;
                }
                long direct = _parser.DirectBodyLength;
                if (direct > 0)
                {
                    // Framing-free body bytes go from the channel straight into the caller's buffer.
                    int want = direct < count ? (int)direct : count;
                    int n = _channel.Read(buffer, offset, want, timeoutMs);
                    if (n > 0)
                    {
                        _parser.AckBody(n);
                        if (_parser.IsComplete)
                        {
                            EndBody();
                        }
                        return n;
                    }
                    if (!OnEndOrFailure(n))
                    {
                        return -1;
                    }
                    continue;
                }
                int got = Fill(timeoutMs);
                if (got <= 0 && !OnEndOrFailure(got))
                {
                    return -1;
                }
            }
        }

        /// <summary>
        /// Reads the whole body into <paramref name="buffer"/>: the total, or −1 on an error, with
        /// <see cref="HttpError.BodyTooLarge"/> when the body is longer than <paramref name="count"/>.
        /// Allocates nothing.
        /// </summary>
        public int ReadBodyToEnd(byte[] buffer, int offset, int count, int timeoutMs)
        {
            CheckRange(buffer, offset, count);
            int total = 0;
            while (total < count)
            {
                int n = ReadBody(buffer, offset + total, count - total, timeoutMs);
                if (n < 0)
                {
                    return -1;
                }
                if (n == 0)
                {
                    return total;
                }
                total += n;
            }
            int more = ReadBody(_probe, 0, 1, timeoutMs);
            if (more < 0)
            {
                return -1;
            }
            if (more > 0)
            {
                FailQuiet(HttpError.BodyTooLarge);
                return -1;
            }
            return total;
        }

        // ---------------------------------------------------------------- internals

        private static bool IsRedirect(int status)
        {
            return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
        }

        // RFC 9110 §9.2.2.
        private static bool IsIdempotent(string method)
        {
            return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE"
                   || method == "OPTIONS" || method == "TRACE";
        }

        private bool SameOrigin(HttpUrl url)
        {
            if (!url.HasOrigin)
            {
                return _originHost != null;
            }
            return _originHost != null && url.IsHttps == _originHttps && url.Port == _originPort && url.HostEquals(_originHost);
        }

        // The absolute form of an origin-form URL on the current origin (a redirect's base; allocates).
        private string OriginUrl(string path)
        {
            int defaultPort = _originHttps ? 443 : 80;
            string authority = _originPort == defaultPort ? _originHost : string.Concat(_originHost, ":", _originPort.ToString());
            return string.Concat(_originHttps ? "https://" : "http://", authority, path);
        }

        // One request on one connection (opened or reused), and the head of its final response.
        private bool Exchange(string method, HttpUrl target, byte[] body, int offset, int count, bool sendExtra, int timeoutMs)
        {
            HttpError built = BuildRequest(method, target, body != null ? count : -1, sendExtra);
            if (built != HttpError.None)
            {
                return FailUnsent(built);
            }
            // A small body travels in the same write (one segment, one TLS record) as the head.
            bool bodyInHead = body != null && count > 0 && count <= _tx.Length - _writer.Length;
            int headLength = _writer.Length;
            if (bodyInHead)
            {
                System.Array.Copy(body, offset, _tx, headLength, count);
                headLength += count;
            }

            bool reused;
            if (!Connect(target, timeoutMs, out reused))
            {
                return false;
            }
            bool retry = reused && _connector != null && IsIdempotent(method);
            while (true)
            {
                _parser.Reset(method == "HEAD");
                _rxStart = 0;
                _rxEnd = 0;
                int w = _channel.Write(_tx, 0, headLength, timeoutMs);
                if (w >= 0 && body != null && count > 0 && !bodyInHead)
                {
                    w = _channel.Write(body, offset, count, timeoutMs);
                }
                if (w < 0)
                {
                    if (retry && w != ChannelStatus.TimedOut)
                    {
                        retry = false;
                        if (!Reconnect(timeoutMs))
                        {
                            return false;
                        }
                        continue;
                    }
                    return FailChannel(w);
                }
                int status = ReadHead(timeoutMs);
                if (status == 0)
                {
                    return true;
                }
                // RFC 9112 §9.3.1: a reused connection the server had closed, before any response byte
                // (an end of stream, or a reset, which a Socket channel reports as a failure).
                bool stale = !_parser.HasStarted
                             && (status == 1 || status == ChannelStatus.Reset || status == ChannelStatus.Failed);
                if (retry && stale)
                {
                    retry = false;
                    if (!Reconnect(timeoutMs))
                    {
                        return false;
                    }
                    continue;
                }
                return status == 1 ? Fail(_parser.Error) : FailChannel(status);
            }
        }

        // 0: the head is complete; 1: the parser failed (its Error); negative: the channel's status.
        private int ReadHead(int timeoutMs)
        {
            while (true)
            {
                if (_rxStart < _rxEnd)
                {
                    int consumed;
                    HttpParseEvent e = _parser.Feed(_rx, _rxStart, _rxEnd - _rxStart, int.MaxValue, out consumed);
                    _rxStart += consumed;
                    if (e == HttpParseEvent.HeadComplete)
                    {
                        return 0;
                    }
                    if (e == HttpParseEvent.Error)
                    {
                        return 1;
                    }
                    continue;
                }
                int n = Fill(timeoutMs);
                if (n == 0)
                {
                    _parser.FeedEnd();
                    return 1;
                }
                if (n < 0)
                {
                    return n;
                }
            }
        }

        private HttpError BuildRequest(string method, HttpUrl target, int bodyCount, bool sendExtra)
        {
            string path = target.Text;
            int pathStart = target.PathStart;
            int pathLength = target.PathLength;
            if (pathLength == 0)
            {
                path = "/";
                pathStart = 0;
                pathLength = 1;
            }
            if (!HttpRequestWriter.IsToken(method) || !HttpRequestWriter.IsTarget(path, pathStart, pathLength))
            {
                return HttpError.BadRequest;
            }
            _writer.Reset();
            bool ok = _writer.AppendRequestLine(method, path, pathStart, pathLength);
            // RFC 9112 §3.2: Host in every HTTP/1.1 request; the port only when not the default.
            if (target.HasOrigin)
            {
                ok = ok && _writer.AppendHost(target.Text, target.HostStart, target.HostLength,
                                              target.Port == target.DefaultPort ? -1 : target.Port);
            }
            else
            {
                ok = ok && _writer.AppendHost(_originHost, 0, _originHost.Length,
                                              _originPort == (_originHttps ? 443 : 80) ? -1 : _originPort);
            }
            if (_userAgent != null)
            {
                ok = ok && _writer.AppendHeader("User-Agent", _userAgent);
            }
            if (sendExtra && _extraWriter.Length > 0)
            {
                ok = ok && _writer.AppendChecked(_extra, 0, _extraWriter.Length);
            }
            // RFC 9110 §8.6: Content-Length with content, and for methods that expect content even
            // when it is empty; not for GET, HEAD and the like without content.
            if (bodyCount > 0 || method == "POST" || method == "PUT" || method == "PATCH")
            {
                ok = ok && _writer.AppendHeader("Content-Length", bodyCount > 0 ? bodyCount : 0);
            }
            if (!_keepAlive)
            {
                ok = ok && _writer.AppendHeader("Connection", "close");
            }
            ok = ok && _writer.AppendEnd();
            // Every piece was checked above, by HttpUrl, by Attach or when added: only room can be missing.
            return ok ? HttpError.None : HttpError.RequestTooLarge;
        }

        private bool Connect(HttpUrl target, int timeoutMs, out bool reused)
        {
            reused = false;
            bool same = SameOrigin(target);
            if (_channel != null && same && _reusable)
            {
                reused = true;
                return true;
            }
            if (_connector == null)
            {
                return FailUnsent(HttpError.NotConnected);
            }
            CloseChannel();
            if (!same)
            {
                // The one allocation of a new origin: its host name for the connector.
                _originHost = target.Text.Substring(target.HostStart, target.HostLength);
                _originHttps = target.IsHttps;
                _originPort = target.Port;
            }
            return Open(timeoutMs);
        }

        private bool Reconnect(int timeoutMs)
        {
            CloseChannel();
            return Open(timeoutMs);
        }

        private bool Open(int timeoutMs)
        {
            IByteChannel channel = _connector.Open(_originHttps ? "https" : "http", _originHost, _originPort, timeoutMs);
            if (channel == null)
            {
                return Fail(HttpError.ConnectFailed);
            }
            _channel = channel;
            _reusable = true;
            return true;
        }

        private bool Delivered()
        {
            _phase = PhaseBody;
            if (_parser.IsComplete)
            {
                EndBody();
            }
            return true;
        }

        // The body ended: keep the connection when the response allows it (RFC 9112 §9.3) and
        // nothing was sent after the response; close it otherwise.
        private void EndBody()
        {
            _phase = PhaseDone;
            _reusable = _reusable && _keepAlive && _parser.KeepAlive && _rxStart == _rxEnd;
            if (!_reusable)
            {
                CloseChannel();
            }
        }

        // Reads and drops a redirect's body, so the connection can carry the next request; closes
        // it when the body is longer than the drain limit, runs until close, or fails.
        private void DrainForReuse(int timeoutMs)
        {
            _phase = PhaseBody;
            if (_parser.Framing == HttpBodyFraming.UntilClose)
            {
                CloseChannel();
                return;
            }
            long limit = _parser.BodyReceived + _redirectDrainLimit;
            while (!_parser.IsComplete)
            {
                if (_parser.BodyReceived > limit || _channel == null)
                {
                    CloseChannel();
                    return;
                }
                if (_rxStart == _rxEnd)
                {
                    int n = Fill(timeoutMs);
                    if (n <= 0)
                    {
                        CloseChannel();
                        return;
                    }
                }
                int consumed;
                HttpParseEvent e = _parser.Feed(_rx, _rxStart, _rxEnd - _rxStart, int.MaxValue, out consumed);
                _rxStart += consumed;
                if (e == HttpParseEvent.Error)
                {
                    CloseChannel();
                    return;
                }
            }
            EndBody();
        }

        private int Fill(int timeoutMs)
        {
            _rxStart = 0;
            _rxEnd = 0;
            int n = _channel.Read(_rx, 0, _rx.Length, timeoutMs);
            if (n > 0)
            {
                _rxEnd = n;
            }
            return n;
        }

        // The channel read 0 (end of stream) or failed while a body was read. True when the body
        // ended with it; false when that is an error (recorded).
        private bool OnEndOrFailure(int n)
        {
            if (n == 0)
            {
                if (_parser.FeedEnd() == HttpParseEvent.Complete)
                {
                    EndBody();
                    return true;
                }
                FailQuiet(_parser.Error);
                return false;
            }
            FailChannelQuiet(n);
            return false;
        }

        private bool Fail(HttpError error)
        {
            FailQuiet(error);
            return false;
        }

        // An error found before anything was sent: a connection at hand stays as it is.
        private bool FailUnsent(HttpError error)
        {
            _error = error;
            _parser.Abort(error);
            _phase = PhaseFailed;
            return false;
        }

        private void FailQuiet(HttpError error)
        {
            _error = error;
            _parser.Abort(error);
            _phase = PhaseFailed;
            CloseChannel();
        }

        private bool FailChannel(int status)
        {
            FailChannelQuiet(status);
            return false;
        }

        private void FailChannelQuiet(int status)
        {
            _channelStatus = status;
            HttpError error;
            switch (status)
            {
                case ChannelStatus.TimedOut:
                    error = HttpError.Timeout;
                    break;
                case ChannelStatus.Reset:
                    error = HttpError.ChannelReset;
                    break;
                case ChannelStatus.Closed:
                    error = HttpError.ChannelClosed;
                    break;
                case ChannelStatus.ProtocolError:
                    error = HttpError.ChannelProtocolError;
                    break;
                default:
                    error = HttpError.ChannelFailed;
                    break;
            }
            FailQuiet(error);
        }

        private void CloseChannel()
        {
            IByteChannel channel = _channel;
            _channel = null;
            _reusable = false;
            _rxStart = 0;
            _rxEnd = 0;
            if (channel != null)
            {
                channel.Close();
            }
        }

        private static string Latin1(byte[] buffer, int offset, int length)
        {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = (char)buffer[offset + i];
            }
            return new string(chars);
        }

        private static void CheckRange(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new System.ArgumentNullException("buffer");
            }
            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new System.ArgumentOutOfRangeException("count");
            }
        }
    }
}
