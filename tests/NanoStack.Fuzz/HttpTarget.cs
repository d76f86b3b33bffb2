using System;
using NanoStack.Http;

namespace NanoStack.Fuzz
{
    /// <summary>
    /// A response byte stream into <see cref="HttpResponseParser"/> in chunks of varying size,
    /// taking body runs of at most 512 bytes, then the end of the stream. Checks that consumed
    /// counts, body runs and header offsets stay inside what was given.
    /// </summary>
    public sealed class HttpTarget
    {
        private readonly HttpResponseParser _parser = new HttpResponseParser(1024, 16);

        public void Run(byte[] data)
        {
            _parser.Reset(false);
            int p = 0;
            int chunk = 0;
            HttpParseEvent ev = HttpParseEvent.NeedMore;
            for (int guard = 0; p < data.Length; guard++)
            {
                if (guard > 4 * data.Length + 100)
                {
                    throw new InvalidOperationException("HTTP parser made no progress");
                }
                chunk = chunk % 5 + 1;
                int count = Math.Min(data.Length - p, chunk == 5 ? int.MaxValue : chunk * 11);
                ev = _parser.Feed(data, p, count, 512, out int consumed);
                if (consumed < 0 || consumed > count)
                {
                    throw new InvalidOperationException("consumed " + consumed + " of " + count);
                }
                if (ev == HttpParseEvent.Body && (_parser.BodyLength < 0 || _parser.BodyLength > 512
                    || _parser.BodyOffset < p || _parser.BodyOffset + _parser.BodyLength > p + consumed))
                {
                    throw new InvalidOperationException("body run outside the input");
                }
                if (ev == HttpParseEvent.HeadComplete)
                {
                    CheckHeaders();
                }
                p += consumed;
                if (ev == HttpParseEvent.Error || ev == HttpParseEvent.Complete)
                {
                    return;
                }
            }
            _parser.FeedEnd();
        }

        private void CheckHeaders()
        {
            int limit = _parser.HeaderBuffer.Length;
            for (int i = 0; i < _parser.HeaderCount; i++)
            {
                _parser.GetHeader(i, out int no, out int nl, out int vo, out int vl);
                if (no < 0 || nl < 0 || no + nl > limit || vo < 0 || vl < 0 || vo + vl > limit)
                {
                    throw new InvalidOperationException("header " + i + " outside the header buffer");
                }
            }
            _parser.TryGetHeader("Content-Type", out _, out _);
        }
    }
}
