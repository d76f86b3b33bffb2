#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Assert = NanoStack.Testing.Assert;
using CollectionAssert = NanoStack.Testing.CollectionAssert;
using OutputHelper = NanoStack.Testing.OutputHelper;
using SetupAttribute = Microsoft.VisualStudio.TestTools.UnitTesting.TestInitializeAttribute;
using CleanupAttribute = Microsoft.VisualStudio.TestTools.UnitTesting.TestCleanupAttribute;
#endif
using NanoStack.Http;

namespace NanoStack.Tests.Http
{
    /// <summary>
    /// <see cref="HttpResponseParser"/> fed exact responses (RFC 9112): every way of splitting them,
    /// each framing of RFC 9112 §6.3, interim responses, and hostile input ending in the exact
    /// <see cref="HttpError"/>.
    /// </summary>
    [TestClass]
    public class HttpResponseParserTests
    {
        private const string ChunkedResponse =
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n7 ; a ; b=\"q\"\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n";

        private const string LengthResponse =
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\nhello, world";

        // ------------------------------------------------------------------ harness

        /// <summary>What one run of the parser ended with.</summary>
        private sealed class Outcome
        {
            public HttpParseEvent Last;
            public HttpError Error;
            public bool HeadSeen;
            public string Body = "";
            public int Consumed;
        }

        private static byte[] Ascii(string s)
        {
            byte[] b = new byte[s.Length];
            for (int i = 0; i < s.Length; i++)
            {
                b[i] = (byte)s[i];
            }
            return b;
        }

        private static string Text(byte[] b, int offset, int length)
        {
            char[] c = new char[length];
            for (int i = 0; i < length; i++)
            {
                c[i] = (char)b[offset + i];
            }
            return new string(c);
        }

        /// <summary>
        /// Feeds <paramref name="data"/> in the pieces the cuts make, each piece until it is consumed;
        /// stops at Complete or Error. <paramref name="end"/>: then the connection ends.
        /// </summary>
        private static Outcome Run(HttpResponseParser p, byte[] data, int[] cuts, int maxBody, bool end)
        {
            var o = new Outcome();
            char[] body = new char[data.Length];
            int bodyLength = 0;
            int pieceStart = 0;
            for (int c = 0; c <= cuts.Length; c++)
            {
                int pieceEnd = c < cuts.Length ? cuts[c] : data.Length;
                int at = pieceStart;
                while (true)
                {
                    int consumed;
                    HttpParseEvent e = p.Feed(data, at, pieceEnd - at, maxBody, out consumed);
                    Assert.IsTrue(consumed >= 0 && consumed <= pieceEnd - at, "consumed in range");
                    at += consumed;
                    o.Consumed = at;
                    o.Last = e;
                    if (e == HttpParseEvent.HeadComplete)
                    {
                        Assert.IsFalse(o.HeadSeen, "one head");
                        o.HeadSeen = true;
                    }
                    else if (e == HttpParseEvent.Body)
                    {
                        Assert.IsTrue(p.BodyLength >= 1 && p.BodyLength <= maxBody, "run length");
                        Assert.IsTrue(p.BodyOffset >= at - consumed && p.BodyOffset + p.BodyLength == at, "run inside the consumed bytes");
                        for (int i = 0; i < p.BodyLength; i++)
                        {
                            body[bodyLength++] = (char)data[p.BodyOffset + i];
                        }
                    }
                    else if (e == HttpParseEvent.Complete || e == HttpParseEvent.Error)
                    {
                        o.Error = p.Error;
                        o.Body = new string(body, 0, bodyLength);
                        return o;
                    }
                    if (e == HttpParseEvent.NeedMore || at == pieceEnd)
                    {
                        break;
                    }
                }
                pieceStart = pieceEnd;
            }
            int tail;
            o.Last = p.Feed(data, data.Length, 0, maxBody, out tail);
            if (o.Last == HttpParseEvent.NeedMore && end)
            {
                o.Last = p.FeedEnd();
            }
            o.Error = p.Error;
            o.Body = new string(body, 0, bodyLength);
            return o;
        }

        private static Outcome RunWhole(string response, bool headRequest, bool end)
        {
            var p = new HttpResponseParser(2048, 32);
            p.Reset(headRequest);
            return Run(p, Ascii(response), new int[0], int.MaxValue, end);
        }

        private static HttpError ErrorOf(string response)
        {
            Outcome o = RunWhole(response, false, true);
            Assert.AreEqual((int)HttpParseEvent.Error, (int)o.Last, "parsing must fail");
            return o.Error;
        }

        private static void AssertError(HttpError expected, string response)
        {
            Assert.AreEqual(expected.ToString(), ErrorOf(response).ToString(), response);
        }

        private static string Header(HttpResponseParser p, string name)
        {
            int at, length;
            if (!p.TryGetHeader(name, out at, out length))
            {
                return null;
            }
            return Text(p.HeaderBuffer, at, length);
        }

        // ------------------------------------------------------------------ framings

        [TestMethod]
        public void ContentLengthResponse()
        {
            var p = new HttpResponseParser(2048, 32);
            byte[] data = Ascii(LengthResponse + "EXTRA");
            int consumed;
            Assert.AreEqual((int)HttpParseEvent.HeadComplete, (int)p.Feed(data, 0, data.Length, 100, out consumed));
            Assert.AreEqual(LengthResponse.Length - 12, consumed);
            Assert.AreEqual(200, p.StatusCode);
            Assert.AreEqual(1, p.MinorVersion);
            Assert.AreEqual("OK", Text(p.HeaderBuffer, p.ReasonOffset, p.ReasonLength));
            Assert.AreEqual(2, p.HeaderCount);
            Assert.AreEqual("text/plain", Header(p, "content-TYPE"));
            Assert.AreEqual("12", Header(p, "Content-Length"));
            Assert.IsNull(Header(p, "Content"));
            Assert.AreEqual(12L, p.ContentLength);
            Assert.AreEqual((int)HttpBodyFraming.ContentLength, (int)p.Framing);
            Assert.IsFalse(p.IsChunked);
            Assert.IsTrue(p.KeepAlive);
            Assert.IsTrue(p.IsHeadComplete);
            Assert.AreEqual(12L, p.DirectBodyLength);

            int at = consumed;
            Assert.AreEqual((int)HttpParseEvent.Body, (int)p.Feed(data, at, data.Length - at, 100, out consumed));
            Assert.AreEqual(12, consumed);
            Assert.AreEqual("hello, world", Text(data, p.BodyOffset, p.BodyLength));
            Assert.IsTrue(p.IsComplete);
            at += consumed;
            Assert.AreEqual((int)HttpParseEvent.Complete, (int)p.Feed(data, at, data.Length - at, 100, out consumed));
            Assert.AreEqual(0, consumed, "bytes after the body are not the response's");
            Assert.AreEqual(12L, p.BodyReceived);
        }

        [TestMethod]
        public void ChunkedWithExtensionsAndTrailers()
        {
            var p = new HttpResponseParser(2048, 32);
            Outcome o = Run(p, Ascii(ChunkedResponse), new int[0], int.MaxValue, false);
            Assert.AreEqual((int)HttpParseEvent.Complete, (int)o.Last);
            Assert.IsTrue(o.HeadSeen);
            Assert.AreEqual("hello, world", o.Body);
            Assert.AreEqual(ChunkedResponse.Length, o.Consumed);
            Assert.IsTrue(p.IsChunked);
            Assert.AreEqual(-1L, p.ContentLength);
            Assert.IsTrue(p.KeepAlive);
            // Trailer fields are dropped; the head stays readable.
            Assert.AreEqual(1, p.HeaderCount);
            Assert.IsNull(Header(p, "X-Trailer"));
            Assert.AreEqual("chunked", Header(p, "transfer-encoding"));
            Assert.AreEqual(12L, p.BodyReceived);
        }

        [TestMethod]
        public void ChunkedSplitAtEveryByteAndEveryPairOfBytes()
        {
            byte[] data = Ascii(ChunkedResponse);
            var p = new HttpResponseParser(2048, 32);
            int runs = 0;
            for (int i = 0; i <= data.Length; i++)
            {
                for (int j = i; j <= data.Length; j++)
                {
                    p.Reset(false);
                    Outcome o = Run(p, data, new int[] { i, j }, int.MaxValue, false);
                    Assert.AreEqual((int)HttpParseEvent.Complete, (int)o.Last, "cuts " + i + "," + j);
                    Assert.AreEqual("hello, world", o.Body, "cuts " + i + "," + j);
                    Assert.AreEqual(data.Length, o.Consumed);
                    Assert.AreEqual("chunked", Header(p, "Transfer-Encoding"));
                    runs++;
                }
            }
            OutputHelper.WriteLine("splits run: " + runs);
        }

        [TestMethod]
        public void ContentLengthSplitAtEveryByte()
        {
            byte[] data = Ascii(LengthResponse);
            var p = new HttpResponseParser(2048, 32);
            for (int i = 0; i <= data.Length; i++)
            {
                p.Reset(false);
                Outcome o = Run(p, data, new int[] { i }, int.MaxValue, false);
                Assert.AreEqual((int)HttpParseEvent.Complete, (int)o.Last, "cut " + i);
                Assert.AreEqual("hello, world", o.Body, "cut " + i);
                Assert.AreEqual("text/plain", Header(p, "Content-Type"));
            }
        }

        [TestMethod]
        public void OneByteAtATimeAndOneBodyByteAtATime()
        {
            byte[] data = Ascii(ChunkedResponse);
            int[] everyByte = new int[data.Length];
            for (int i = 0; i < data.Length; i++)
            {
                everyByte[i] = i;
            }
            var p = new HttpResponseParser(2048, 32);
            Outcome o = Run(p, data, everyByte, 1, false);
            Assert.AreEqual((int)HttpParseEvent.Complete, (int)o.Last);
            Assert.AreEqual("hello, world", o.Body);

            p.Reset(false);
            o = Run(p, data, new int[0], 1, false);
            Assert.AreEqual((int)HttpParseEvent.Complete, (int)o.Last);
            Assert.AreEqual("hello, world", o.Body);
        }

        [TestMethod]
        public void ReadUntilClose()
        {
            var p = new HttpResponseParser(2048, 32);
            Outcome o = Run(p, Ascii("HTTP/1.1 200 OK\r\nServer: x\r\n\r\nall of this"), new int[] { 5, 33 }, int.MaxValue, false);
            Assert.AreEqual((int)HttpParseEvent.NeedMore, (int)o.Last, "the body runs until the connection ends");
            Assert.AreEqual("all of this", o.Body);
            Assert.AreEqual((int)HttpBodyFraming.UntilClose, (int)p.Framing);
            Assert.IsFalse(p.KeepAlive);
            Assert.AreEqual(long.MaxValue, p.DirectBodyLength);
            Assert.AreEqual((int)HttpParseEvent.Complete, (int)p.FeedEnd());
            Assert.IsTrue(p.IsComplete);
            Assert.AreEqual((int)HttpError.None, (int)p.Error);
        }

        [TestMethod]
        public void InterimResponsesAreSkipped()
        {
            var p = new HttpResponseParser(2048, 32);
            Outcome o = Run(p, Ascii("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n"
                                     + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), new int[0], int.MaxValue, false);
            Assert.AreEqual((int)HttpParseEvent.Complete, (int)o.Last);
            Assert.AreEqual(200, p.StatusCode);
            Assert.AreEqual(1, p.HeaderCount);
            Assert.IsNull(Header(p, "Link"));
            Assert.AreEqual("ok", o.Body);
        }

        [TestMethod]
        public void NoBodyFor204And304AndHead()
        {
            string[] heads =
            {
                "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n",
                "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n",
            };
            for (int i = 0; i < heads.Length; i++)
            {
                var p = new HttpResponseParser(2048, 32);
                byte[] data = Ascii(heads[i] + "HTTP/1.1 200 OK\r\n");
                int consumed;
                Assert.AreEqual((int)HttpParseEvent.HeadComplete, (int)p.Feed(data, 0, data.Length, 100, out consumed));
                Assert.AreEqual(heads[i].Length, consumed);
                Assert.IsTrue(p.IsComplete);
                Assert.AreEqual((int)HttpBodyFraming.None, (int)p.Framing);
                Assert.IsTrue(p.KeepAlive);
                Assert.AreEqual((int)HttpParseEvent.Complete, (int)p.Feed(data, consumed, data.Length - consumed, 100, out consumed));
                Assert.AreEqual(0, consumed);
            }

            var head = new HttpResponseParser(2048, 32);
            head.Reset(true);
            byte[] h = Ascii("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
            int used;
            Assert.AreEqual((int)HttpParseEvent.HeadComplete, (int)head.Feed(h, 0, h.Length, 100, out used));
            Assert.AreEqual(h.Length, used);
            Assert.IsTrue(head.IsComplete);
            Assert.AreEqual(1000L, head.ContentLength, "the representation's length, reported");
            Assert.AreEqual((int)HttpParseEvent.Complete, (int)head.FeedEnd());
        }

        [TestMethod]
        public void ZeroContentLengthEndsAtTheHead()
        {
            Outcome o = RunWhole("HTTP/1.1 302 Found\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n", false, false);
            Assert.AreEqual((int)HttpParseEvent.Complete, (int)o.Last);
            Assert.AreEqual("", o.Body);
        }

        [TestMethod]
        public void RepeatedEqualContentLengthIsOneValue()
        {
            Outcome o = RunWhole("HTTP/1.1 200 OK\r\nContent-Length: 3\r\ncontent-length: 003\r\n\r\nabc", false, false);
            Assert.AreEqual((int)HttpParseEvent.Complete, (int)o.Last);
            Assert.AreEqual("abc", o.Body);
            o = RunWhole("HTTP/1.1 200 OK\r\nContent-Length: 3 , 3\r\n\r\nabc", false, false);
            Assert.AreEqual((int)HttpParseEvent.Complete, (int)o.Last);
            Assert.AreEqual("abc", o.Body);
        }

        [TestMethod]
        public void ConnectionPersistence()
        {
            var p = new HttpResponseParser(2048, 32);
            Run(p, Ascii("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 0\r\n\r\n"), new int[0], 100, false);
            Assert.IsFalse(p.KeepAlive, "close option");
            p.Reset(false);
            Run(p, Ascii("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"), new int[0], 100, false);
            Assert.AreEqual(0, p.MinorVersion);
            Assert.IsFalse(p.KeepAlive, "HTTP/1.0");
            p.Reset(false);
            Run(p, Ascii("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n"), new int[0], 100, false);
            Assert.IsTrue(p.KeepAlive);
        }

        [TestMethod]
        public void BareLfLineEndsAndOwsAreAccepted()
        {
            var p = new HttpResponseParser(2048, 32);
            Outcome o = Run(p, Ascii("HTTP/1.1 200 OK\nX-A:\t spaced value \t\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n"),
                            new int[0], int.MaxValue, false);
            Assert.AreEqual((int)HttpParseEvent.Complete, (int)o.Last);
            Assert.AreEqual("abc", o.Body);
            Assert.AreEqual("spaced value", Header(p, "x-a"));
        }

        [TestMethod]
        public void EmptyValueAndObsTextAndRepeatedFields()
        {
            var p = new HttpResponseParser(2048, 32);
            Run(p, Ascii("HTTP/1.1 200 \r\nX-Empty:\r\nSet-Cookie: a=1\r\nX-Latin: caf\u00e9\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n"),
                new int[0], 100, false);
            Assert.IsTrue(p.IsComplete);
            Assert.AreEqual(0, p.ReasonLength);
            Assert.AreEqual("", Header(p, "X-Empty"));
            Assert.AreEqual("caf\u00e9", Header(p, "X-Latin"));
            int first = p.FindHeader("set-cookie", 0);
            int second = p.FindHeader("set-cookie", first + 1);
            Assert.AreEqual(1, first);
            Assert.AreEqual(3, second);
            Assert.AreEqual(-1, p.FindHeader("set-cookie", second + 1));
            int no, nl, vo, vl;
            p.GetHeader(second, out no, out nl, out vo, out vl);
            Assert.AreEqual("Set-Cookie", Text(p.HeaderBuffer, no, nl));
            Assert.AreEqual("b=2", Text(p.HeaderBuffer, vo, vl));
        }

        [TestMethod]
        public void LargestChunkSizeIsAccepted()
        {
            var p = new HttpResponseParser(2048, 32);
            Outcome o = Run(p, Ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\nab"), new int[0], int.MaxValue, false);
            Assert.AreEqual((int)HttpParseEvent.NeedMore, (int)o.Last);
            Assert.AreEqual("ab", o.Body);
            Assert.AreEqual(long.MaxValue - 2, p.DirectBodyLength);
            o = RunWhole("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0000000000000000000000A\r\n0123456789\r\n0\r\n\r\n", false, false);
            Assert.AreEqual((int)HttpParseEvent.Complete, (int)o.Last);
            Assert.AreEqual("0123456789", o.Body);
        }

        [TestMethod]
        public void BodyMovedByTheCallerIsAcknowledged()
        {
            var p = new HttpResponseParser(2048, 32);
            byte[] head = Ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n");
            int consumed;
            Assert.AreEqual((int)HttpParseEvent.HeadComplete, (int)p.Feed(head, 0, head.Length, 100, out consumed));
            Assert.AreEqual((int)HttpParseEvent.NeedMore, (int)p.Feed(head, consumed, head.Length - consumed, 100, out consumed));
            Assert.AreEqual(4L, p.DirectBodyLength);
            p.AckBody(3);
            Assert.AreEqual(1L, p.DirectBodyLength);
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => p.AckBody(2));
            p.AckBody(1);
            Assert.AreEqual(0L, p.DirectBodyLength, "the CRLF after the data is framing");
            byte[] rest = Ascii("\r\n0\r\n\r\n");
            Assert.AreEqual((int)HttpParseEvent.Complete, (int)p.Feed(rest, 0, rest.Length, 100, out consumed));
            Assert.AreEqual(4L, p.BodyReceived);
        }

        // ------------------------------------------------------------------ hostile input

        [TestMethod]
        [DataRow("HTTP/2 200 OK\r\n\r\n")]
        [DataRow("HTTP/2.0 200 OK\r\n\r\n")]
        [DataRow("http/1.1 200 OK\r\n\r\n")]
        [DataRow("HTTP/1.1 20 OK\r\n\r\n")]
        [DataRow("HTTP/1.1 200OK\r\n\r\n")]
        [DataRow("HTTP/1.1 099 Low\r\n\r\n")]
        [DataRow("ICY 200 OK\r\n\r\n")]
        [DataRow("\r\nHTTP/1.1 200 OK\r\n\r\n")]
        [DataRow("HTTP/1.1 200 O\u0000K\r\n\r\n")]
        [DataRow("HTTP/1.1 200 OK\rX\r\n\r\n")]
        public void BadStatusLine(string response)
        {
            AssertError(HttpError.BadStatusLine, response);
        }

        [TestMethod]
        [DataRow("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n")]
        [DataRow("HTTP/1.1 200 OK\r\nName : value\r\n\r\n")]
        [DataRow("HTTP/1.1 200 OK\r\nName\t: value\r\n\r\n")]
        [DataRow("HTTP/1.1 200 OK\r\n: value\r\n\r\n")]
        [DataRow("HTTP/1.1 200 OK\r\nNa(me: value\r\n\r\n")]
        [DataRow("HTTP/1.1 200 OK\r\nX-A: first\r\n folded\r\n\r\n")]
        [DataRow("HTTP/1.1 200 OK\r\nX-A: first\r\n\tfolded\r\n\r\n")]
        [DataRow("HTTP/1.1 200 OK\r\n X-A: after the start line\r\n\r\n")]
        [DataRow("HTTP/1.1 200 OK\r\nX-A: nul\u0000here\r\n\r\n")]
        [DataRow("HTTP/1.1 200 OK\r\nX-A: bell\u0007\r\n\r\n")]
        [DataRow("HTTP/1.1 200 OK\r\nX-A: del\u007f\r\n\r\n")]
        [DataRow("HTTP/1.1 200 OK\r\nX-A: bare\rCR\r\n\r\n")]
        public void BadHeader(string response)
        {
            AssertError(HttpError.BadHeader, response);
        }

        [TestMethod]
        public void BadTrailerIsABadHeader()
        {
            AssertError(HttpError.BadHeader, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nNo colon\r\n\r\n");
        }

        [TestMethod]
        public void OversizedHeadersAndTrailers()
        {
            var p = new HttpResponseParser(64, 8);
            Outcome o = Run(p, Ascii("HTTP/1.1 200 OK\r\nX-Long: 012345678901234567890123456789012345678901234567890123456789\r\n\r\n"), new int[0], 100, true);
            Assert.AreEqual((int)HttpError.HeadersTooLarge, (int)o.Error);

            // The head fits; the head and the trailers do not.
            p.Reset(false);
            o = Run(p, Ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: 0123456789012345678\r\n\r\n"), new int[0], 100, true);
            Assert.AreEqual((int)HttpError.HeadersTooLarge, (int)o.Error);

            // A status line longer than any status line may be.
            var big = new HttpResponseParser(4096, 8);
            string reason = new string('r', HttpStatusLine.MaxLength);
            o = Run(big, Ascii("HTTP/1.1 200 " + reason + "\r\n\r\n"), new int[0], 100, true);
            Assert.AreEqual((int)HttpError.BadStatusLine, (int)o.Error);
        }

        [TestMethod]
        public void TooManyHeaders()
        {
            var p = new HttpResponseParser(2048, 3);
            Outcome o = Run(p, Ascii("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nContent-Length: 0\r\n\r\n"), new int[0], 100, false);
            Assert.AreEqual((int)HttpParseEvent.Complete, (int)o.Last, "three fit");
            p.Reset(false);
            o = Run(p, Ascii("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n"), new int[0], 100, false);
            Assert.AreEqual((int)HttpError.TooManyHeaders, (int)o.Error);
        }

        [TestMethod]
        [DataRow("10000000000000000")]
        [DataRow("8000000000000000")]
        [DataRow("fffffffffffffffff")]
        [DataRow("z")]
        [DataRow("0x5")]
        [DataRow("-5")]
        [DataRow("")]
        [DataRow(";ext")]
        [DataRow("5 x")]
        [DataRow("5;ext\u0000")]
        [DataRow("5\rX")]
        public void BadChunkSizeLine(string line)
        {
            AssertError(HttpError.BadChunk, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + line + "\r\nhello\r\n0\r\n\r\n");
        }

        [TestMethod]
        public void ChunkDataWithoutCrlfAndEndlessExtension()
        {
            AssertError(HttpError.BadChunk, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloX\r\n0\r\n\r\n");
            AssertError(HttpError.BadChunk, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\rX0\r\n\r\n");
            var p = new HttpResponseParser(128, 8);
            Outcome o = Run(p, Ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;" + new string('e', 200) + "\r\n"),
                            new int[0], 100, false);
            Assert.AreEqual((int)HttpError.BadChunk, (int)o.Error, "a chunk line is bounded by the header buffer");
        }

        [TestMethod]
        [DataRow("-1")]
        [DataRow("+5")]
        [DataRow("abc")]
        [DataRow("")]
        [DataRow("1 2")]
        [DataRow("5,")]
        [DataRow("0x10")]
        [DataRow("9223372036854775808")]
        [DataRow("99999999999999999999")]
        [DataRow("5, 6")]
        public void BadContentLength(string value)
        {
            AssertError(HttpError.BadContentLength, "HTTP/1.1 200 OK\r\nContent-Length: " + value + "\r\n\r\nhello");
        }

        [TestMethod]
        public void LargestContentLengthIsAccepted()
        {
            var p = new HttpResponseParser(2048, 8);
            Outcome o = Run(p, Ascii("HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775807\r\n\r\n"), new int[0], 100, false);
            Assert.IsTrue(o.HeadSeen);
            Assert.AreEqual(long.MaxValue, p.ContentLength);
        }

        [TestMethod]
        public void ConflictingDuplicateContentLength()
        {
            AssertError(HttpError.BadContentLength, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello");
        }

        [TestMethod]
        public void TransferEncodingRules()
        {
            AssertError(HttpError.ConflictingFraming, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
            AssertError(HttpError.UnsupportedTransferCoding, "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n");
            AssertError(HttpError.UnsupportedTransferCoding, "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
            AssertError(HttpError.UnsupportedTransferCoding, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n");
            AssertError(HttpError.BadTransferEncoding, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n");
            AssertError(HttpError.BadTransferEncoding, "HTTP/1.1 200 OK\r\nTransfer-Encoding:\r\n\r\n");
            AssertError(HttpError.BadTransferEncoding, "HTTP/1.1 200 OK\r\nTransfer-Encoding: ;x\r\n\r\n");
            AssertError(HttpError.BadTransferEncoding, "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
            Outcome o = RunWhole("HTTP/1.1 200 OK\r\nTransfer-Encoding: CHUNKED\r\n\r\n1\r\nx\r\n0\r\n\r\n", false, false);
            Assert.AreEqual((int)HttpParseEvent.Complete, (int)o.Last);
            Assert.AreEqual("x", o.Body);
        }

        [TestMethod]
        public void TruncationIsReported()
        {
            Assert.AreEqual((int)HttpError.Truncated, (int)ErrorOf("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
            Assert.AreEqual((int)HttpError.Truncated, (int)ErrorOf("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"));
            Assert.AreEqual((int)HttpError.Truncated, (int)ErrorOf("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"));
            Assert.AreEqual((int)HttpError.Truncated, (int)ErrorOf("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n"));
            Assert.AreEqual((int)HttpError.Truncated, (int)ErrorOf("HTTP/1.1 200 OK\r\nContent-Le"));
            Assert.AreEqual((int)HttpError.Truncated, (int)ErrorOf("H"));
            Assert.AreEqual((int)HttpError.NoResponse, (int)ErrorOf(""));

            Outcome o = RunWhole("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", false, true);
            Assert.AreEqual("abc", o.Body, "what arrived was handed out before the end");
        }

        [TestMethod]
        public void UpgradeAndEndlessInterimResponses()
        {
            AssertError(HttpError.UnexpectedUpgrade, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n");
            string interim = "";
            for (int i = 0; i < HttpResponseParser.MaxInterimResponses; i++)
            {
                interim += "HTTP/1.1 100 Continue\r\n\r\n";
            }
            Outcome o = RunWhole(interim + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false, false);
            Assert.AreEqual((int)HttpParseEvent.Complete, (int)o.Last, "the maximum is allowed");
            AssertError(HttpError.TooManyInterimResponses, interim + "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n");
        }

        [TestMethod]
        public void ErrorsAreStickyUntilReset()
        {
            var p = new HttpResponseParser(2048, 8);
            byte[] bad = Ascii("HTTP/1.1 200 OK\r\nBad Header\r\n\r\n");
            int consumed;
            HttpParseEvent e = p.Feed(bad, 0, bad.Length, 100, out consumed);
            Assert.AreEqual((int)HttpParseEvent.Error, (int)e);
            Assert.AreEqual((int)HttpError.BadHeader, (int)p.Error);
            byte[] good = Ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            Assert.AreEqual((int)HttpParseEvent.Error, (int)p.Feed(good, 0, good.Length, 100, out consumed));
            Assert.AreEqual(0, consumed);
            Assert.AreEqual((int)HttpParseEvent.Error, (int)p.FeedEnd());
            p.Reset(false);
            Assert.AreEqual((int)HttpError.None, (int)p.Error);
            Assert.AreEqual((int)HttpParseEvent.HeadComplete, (int)p.Feed(good, 0, good.Length, 100, out consumed));
        }

        [TestMethod]
        public void MutatedResponsesNeverThrow()
        {
            // Seeded xorshift32, so both runners see the same inputs.
            uint state = 0x9E3779B9;
            byte[] original = Ascii(ChunkedResponse);
            byte[] data = new byte[original.Length];
            var p = new HttpResponseParser(96, 4);
            int completed = 0;
            int failed = 0;
            for (int round = 0; round < 3000; round++)
            {
                System.Array.Copy(original, data, data.Length);
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                int mutations = 1 + (int)(state % 3);
                for (int m = 0; m < mutations; m++)
                {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    data[(int)(state % (uint)data.Length)] = (byte)(state >> 24);
                }
                int cut = (int)((state >> 8) % (uint)(data.Length + 1));
                p.Reset((round & 7) == 0);
                Outcome o = Run(p, data, new int[] { cut }, 1 + (int)(state % 13), true);
                if (o.Last == HttpParseEvent.Complete)
                {
                    completed++;
                }
                else
                {
                    Assert.AreEqual((int)HttpParseEvent.Error, (int)o.Last);
                    Assert.AreNotEqual((int)HttpError.None, (int)o.Error);
                    failed++;
                }
            }
            OutputHelper.WriteLine("mutated responses: " + completed + " complete, " + failed + " refused");
            Assert.IsTrue(completed > 0 && failed > 0);
        }

        [TestMethod]
        public void CallerBugsThrow()
        {
            var p = new HttpResponseParser(2048, 8);
            int consumed;
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => p.Feed(null, 0, 0, 1, out consumed));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => p.Feed(new byte[4], 2, 3, 1, out consumed));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => p.Feed(new byte[4], 0, 4, 0, out consumed));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new HttpResponseParser(8, 8));
        }
    }
}
