namespace NanoStack.Http
{
    /// <summary>How the end of a response body is found (RFC 9112 §6.3).</summary>
    public enum HttpBodyFraming
    {
        /// <summary>No body: a response to HEAD, or 1xx, 204, 304 (rule 1), or Content-Length: 0.</summary>
        None,

        /// <summary>Exactly Content-Length bytes (rule 6).</summary>
        ContentLength,

        /// <summary>Transfer-Encoding: chunked, up to the last chunk and the trailer section (rule 4).</summary>
        Chunked,

        /// <summary>Every byte until the server closes the connection (rule 8); the connection cannot be reused.</summary>
        UntilClose,
    }
}
