namespace NanoStack.Http
{
    /// <summary>
    /// Why an HTTP exchange failed: the exact cause, sticky in <see cref="HttpResponseParser.Error"/>
    /// and <see cref="HttpClient.Error"/> until the next response or request. Every value but
    /// <see cref="None"/> ends the exchange; the client closes the connection.
    /// </summary>
    public enum HttpError
    {
        /// <summary>No error.</summary>
        None = 0,

        // --- The response, as parsed (RFC 9112) ---

        /// <summary>The status line is not <c>HTTP/1.x SP 3DIGIT [SP reason]</c> (RFC 9112 §4).</summary>
        BadStatusLine,

        /// <summary>A header or trailer field line is malformed (RFC 9112 §5): no colon, whitespace
        /// before the colon, a name that is not a token, a control character in the value, a bare
        /// CR, or an obsolete line fold (§5.2, refused).</summary>
        BadHeader,

        /// <summary>The status line, header fields and trailer fields do not fit the header buffer
        /// (<see cref="HttpClientConfig.HeaderBufferLength"/>).</summary>
        HeadersTooLarge,

        /// <summary>More header fields than <see cref="HttpClientConfig.MaxHeaderCount"/>.</summary>
        TooManyHeaders,

        /// <summary>More 1xx interim responses than <see cref="HttpResponseParser.MaxInterimResponses"/>
        /// before the final one (RFC 9110 §15.2).</summary>
        TooManyInterimResponses,

        /// <summary>101 Switching Protocols to a request that asked for no upgrade (RFC 9110 §15.2.2).</summary>
        UnexpectedUpgrade,

        /// <summary>Content-Length is not 1*DIGIT, overflows a 64-bit count, or appears with
        /// different values (RFC 9112 §6.3 rule 5, RFC 9110 §8.6).</summary>
        BadContentLength,

        /// <summary>Transfer-Encoding is empty, applies chunked twice or not last, or comes in an
        /// HTTP/1.0 response (RFC 9112 §6.1).</summary>
        BadTransferEncoding,

        /// <summary>A transfer coding other than chunked (gzip, compress, deflate): never asked for,
        /// and not decoded here (RFC 9112 §7).</summary>
        UnsupportedTransferCoding,

        /// <summary>Both Transfer-Encoding and Content-Length: RFC 9112 §6.3 rule 3 lets
        /// Transfer-Encoding win but says the message "ought to be handled as an error" (request
        /// smuggling, response splitting); it is.</summary>
        ConflictingFraming,

        /// <summary>A malformed chunk (RFC 9112 §7.1): a size that is not hex, overflows 63 bits or is
        /// missing, a bad extension, no CRLF after the data, or an over-long chunk line.</summary>
        BadChunk,

        /// <summary>The connection ended after part of the response and before its end: inside the
        /// head, or before Content-Length bytes or the last chunk arrived (RFC 9112 §8).</summary>
        Truncated,

        /// <summary>The connection ended before a single byte of the response (a keep-alive connection
        /// the server had already closed, for one).</summary>
        NoResponse,

        /// <summary>The body is longer than the buffer given to <see cref="HttpClient.ReadBodyToEnd"/>.</summary>
        BodyTooLarge,

        // --- The channel ---

        /// <summary>The channel reported nothing within the call's timeout (<c>ChannelStatus.TimedOut</c>).</summary>
        Timeout,

        /// <summary>The peer reset the connection (<c>ChannelStatus.Reset</c>).</summary>
        ChannelReset,

        /// <summary>The channel had been closed (<c>ChannelStatus.Closed</c>).</summary>
        ChannelClosed,

        /// <summary>The channel failed (<c>ChannelStatus.Failed</c>); the channel says why.</summary>
        ChannelFailed,

        /// <summary>The layer under HTTP failed, e.g. TLS (<c>ChannelStatus.ProtocolError</c>); its
        /// own error value says why.</summary>
        ChannelProtocolError,

        /// <summary>The connector returned no channel for the origin.</summary>
        ConnectFailed,

        /// <summary>No open connection to the origin and no <see cref="IHttpConnector"/> to open one.</summary>
        NotConnected,

        // --- The request ---

        /// <summary>The URL is not <c>http://</c> or <c>https://</c> host [":" port] path, nor an
        /// origin-form path on the current connection; or it has user information (RFC 9110 §4.2.4).</summary>
        BadUrl,

        /// <summary>The method, path or a header would break the request framing (CR, LF, SP in the
        /// target, a non-token name, non-ASCII).</summary>
        BadRequest,

        /// <summary>The request head does not fit <see cref="HttpClientConfig.RequestBufferLength"/>.</summary>
        RequestTooLarge,

        // --- Redirects (RFC 9110 §15.4) ---

        /// <summary>More redirects than <see cref="HttpClientConfig.MaxRedirects"/>.</summary>
        TooManyRedirects,

        /// <summary>A redirect to a scheme other than http or https, or from https to http (unless
        /// <see cref="HttpClientConfig.AllowInsecureRedirects"/>), or to another origin with no
        /// connector to open it.</summary>
        RedirectNotAllowed,

        /// <summary>A redirect whose Location is not a URI reference we can resolve (RFC 9110 §10.2.2).</summary>
        BadLocation,
    }
}
