namespace NanoStack.Http
{
    /// <summary>What <see cref="HttpResponseParser.Feed"/> stopped for.</summary>
    public enum HttpParseEvent
    {
        /// <summary>Every byte given was consumed; more are needed.</summary>
        NeedMore,

        /// <summary>The head of the final (non-1xx) response is complete: status and header fields
        /// can be read. The consumed count ends at the empty line.</summary>
        HeadComplete,

        /// <summary>The consumed bytes end with a run of body data at
        /// <see cref="HttpResponseParser.BodyOffset"/>, <see cref="HttpResponseParser.BodyLength"/>
        /// (chunk framing before the run is consumed too).</summary>
        Body,

        /// <summary>The response is complete; bytes after the consumed count are not part of it.</summary>
        Complete,

        /// <summary>The response is malformed or truncated; <see cref="HttpResponseParser.Error"/> says how.</summary>
        Error,
    }
}
