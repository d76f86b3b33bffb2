namespace NanoStack.Http
{
    /// <summary>
    /// The limits and options of an <see cref="HttpClient"/>, read once by its constructor (every
    /// buffer is sized from here and allocated then). Change it before constructing.
    /// </summary>
    /// <remarks>
    /// Memory with the defaults: header buffer 2,048 + header index 32 × 16 = 512 + receive
    /// buffer 1,024 + request buffer 512 + caller-header buffer 256 = 4,352 bytes of arrays,
    /// plus the objects themselves (a few hundred bytes).
    /// </remarks>
    public sealed class HttpClientConfig
    {
        /// <summary>Bytes for the status line, the header fields and, while a chunked body ends,
        /// its trailer fields (RFC 9112 §4, §5, §7.1.2). A longer head is refused
        /// (<see cref="HttpError.HeadersTooLarge"/>). Also bounds one chunk line.</summary>
        public int HeaderBufferLength = 2048;

        /// <summary>Header fields kept per response (16 bytes of index each); one more is
        /// <see cref="HttpError.TooManyHeaders"/>.</summary>
        public int MaxHeaderCount = 32;

        /// <summary>Bytes read from the channel at a time. Body bytes that the framing lets through
        /// whole go straight from the channel into the caller's buffer instead.</summary>
        public int ReceiveBufferLength = 1024;

        /// <summary>Bytes for one request head: request line, Host, User-Agent, the caller's
        /// headers, Content-Length, Connection (<see cref="HttpError.RequestTooLarge"/> beyond).</summary>
        public int RequestBufferLength = 512;

        /// <summary>Bytes for the caller's extra header lines (<see cref="HttpClient.AddHeader"/>).</summary>
        public int ExtraHeaderBufferLength = 256;

        /// <summary>User-Agent sent with every request (RFC 9110 §10.1.5); null or empty: none.</summary>
        public string UserAgent = "NanoStack/0.1";

        /// <summary>Redirects followed per request when <see cref="HttpClient.FollowRedirects"/> is on;
        /// one more is <see cref="HttpError.TooManyRedirects"/>.</summary>
        public int MaxRedirects = 5;

        /// <summary>Follow a redirect from https to http. Off: such a redirect is
        /// <see cref="HttpError.RedirectNotAllowed"/>.</summary>
        public bool AllowInsecureRedirects;

        /// <summary>Send the caller's extra headers (<see cref="HttpClient.AddHeader"/>) on a redirect
        /// to another origin (scheme, host, port). Off by default, so credentials such as
        /// Authorization stay with the origin they were meant for.</summary>
        public bool ForwardHeadersAcrossOrigins;

        /// <summary>Body bytes of a redirect response read and discarded to keep the connection; a
        /// longer (or unframed) body closes it instead.</summary>
        public int RedirectDrainLimit = 4096;
    }
}
