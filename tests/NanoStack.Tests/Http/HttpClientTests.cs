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
using NanoStack.Channels;
using NanoStack.Http;

namespace NanoStack.Tests.Http
{
    /// <summary>
    /// <see cref="HttpClient"/> over scripted channels: the exact requests it writes, keep-alive and
    /// its end, redirects within and across origins and their limits, POST bodies, channel
    /// timeouts and failures, header access without allocation.
    /// </summary>
    [TestClass]
    public class HttpClientTests
    {
        private const int Timeout = 1000;
        private const string Ua = "User-Agent: NanoStack/0.1\r\n";

        private static HttpClient NewClient(TestConnector connector)
        {
            return new HttpClient(new HttpClientConfig(), connector);
        }

        private static string ReadAll(HttpClient client)
        {
            byte[] buffer = new byte[7]; // small, so bodies take several reads
            char[] text = new char[4096];
            int length = 0;
            while (true)
            {
                int n = client.ReadBody(buffer, 0, buffer.Length, Timeout);
                Assert.IsTrue(n >= 0, "ReadBody failed: " + client.Error.ToString());
                if (n == 0)
                {
                    return new string(text, 0, length);
                }
                for (int i = 0; i < n; i++)
                {
                    text[length++] = (char)buffer[i];
                }
            }
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

        private static void AssertError(HttpError expected, HttpError actual)
        {
            Assert.AreEqual(expected.ToString(), actual.ToString());
        }

        // ------------------------------------------------------------------ keep-alive

        [TestMethod]
        public void TwoRequestsOverOneKeepAliveConnection()
        {
            var channel = new ScriptedChannel("a");
            channel.MaxRead = 10;
            channel.AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello")
                   .AwaitRequest().Send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n3\r\ndef\r\n0\r\nT: 1\r\n\r\n");
            var connector = new TestConnector().Add(channel);
            HttpClient client = NewClient(connector);

            Assert.IsTrue(client.Get("http://example.com/a", Timeout));
            Assert.AreEqual(200, client.StatusCode);
            Assert.AreEqual("OK", client.GetReason());
            Assert.AreEqual(5L, client.ContentLength);
            Assert.IsFalse(client.IsChunked);
            Assert.AreEqual("text/plain", client.GetHeader("content-type"));
            Assert.AreEqual("hello", ReadAll(client));
            Assert.IsTrue(client.IsBodyComplete);
            Assert.IsTrue(client.IsConnected);
            Assert.AreEqual(0, client.ReadBody(new byte[4], 0, 4, Timeout), "the end stays the end");

            Assert.IsTrue(client.Get("/b", Timeout));
            Assert.IsTrue(client.IsChunked);
            Assert.AreEqual(-1L, client.ContentLength);
            Assert.AreEqual("abcdef", ReadAll(client));

            Assert.AreEqual(1, connector.Opens);
            Assert.AreEqual("http://example.com:80", connector.Log);
            Assert.IsFalse(channel.Closed);
            Assert.AreEqual("GET /a HTTP/1.1\r\nHost: example.com\r\n" + Ua + "\r\n"
                            + "GET /b HTTP/1.1\r\nHost: example.com\r\n" + Ua + "\r\n", channel.Written);
            client.Close();
            Assert.IsTrue(channel.Closed);
        }

        [TestMethod]
        public void OneByteAtATimeFromTheChannel()
        {
            var channel = new ScriptedChannel("trickle");
            channel.MaxRead = 1;
            channel.AwaitRequest().Send("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n1;e\r\nc\r\n0\r\n\r\n")
                   .AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nwxyz")
                   .AwaitRequest().Send("HTTP/1.1 200 OK\r\n\r\nuntil close").End();
            var connector = new TestConnector().Add(channel);
            HttpClient client = NewClient(connector);
            Assert.IsTrue(client.Post("http://h/", Ascii("q"), 0, 1, Timeout));
            Assert.AreEqual("abc", ReadAll(client));
            Assert.IsTrue(client.Get("http://h/", Timeout));
            Assert.AreEqual("wxyz", ReadAll(client));
            Assert.IsTrue(client.Get("http://h/", Timeout));
            Assert.AreEqual((int)HttpBodyFraming.UntilClose, (int)client.Framing);
            Assert.AreEqual("until close", ReadAll(client));
            Assert.AreEqual(11L, client.BodyReceived);
            Assert.IsTrue(channel.Closed);
            Assert.AreEqual(1, connector.Opens);
        }

        [TestMethod]
        public void ConnectionCloseIsHonouredAndTheNextRequestReconnects()
        {
            var first = new ScriptedChannel("first");
            first.AwaitRequest().Send("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nhi");
            var second = new ScriptedChannel("second");
            second.AwaitRequest().Send("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nbye");
            var third = new ScriptedChannel("third");
            third.AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            var connector = new TestConnector().Add(first).Add(second).Add(third);
            HttpClient client = NewClient(connector);

            Assert.IsTrue(client.Get("http://h:8080/1", Timeout));
            Assert.AreEqual("hi", ReadAll(client));
            Assert.IsTrue(first.Closed, "Connection: close");
            Assert.IsFalse(client.IsConnected);

            Assert.IsTrue(client.Get("http://h:8080/2", Timeout));
            Assert.AreEqual(0, client.MinorVersion);
            Assert.AreEqual("bye", ReadAll(client));
            Assert.IsTrue(second.Closed, "HTTP/1.0 responses close");

            client.KeepAlive = false;
            Assert.IsTrue(client.Get("http://h:8080/3", Timeout));
            Assert.IsTrue(third.Closed, "no body, and we asked to close");
            Assert.AreEqual("GET /3 HTTP/1.1\r\nHost: h:8080\r\n" + Ua + "Connection: close\r\n\r\n", third.Written);
            Assert.AreEqual("http://h:8080 http://h:8080 http://h:8080", connector.Log);
        }

        [TestMethod]
        public void UnreadBodyClosesTheConnectionBeforeTheNextRequest()
        {
            var first = new ScriptedChannel("first");
            first.AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part");
            var second = new ScriptedChannel("second");
            second.AwaitRequest().Send("HTTP/1.1 204 No Content\r\n\r\n");
            var connector = new TestConnector().Add(first).Add(second);
            HttpClient client = NewClient(connector);
            Assert.IsTrue(client.Get("http://h/big", Timeout));
            Assert.IsTrue(client.Get("http://h/small", Timeout));
            Assert.IsTrue(first.Closed);
            Assert.AreEqual(204, client.StatusCode);
            Assert.AreEqual(0, client.ReadBody(new byte[8], 0, 8, Timeout));
            Assert.IsFalse(second.Closed);
            Assert.AreEqual(2, connector.Opens);
        }

        [TestMethod]
        public void StaleKeepAliveConnectionIsOpenedAgainForAnIdempotentRequest()
        {
            var first = new ScriptedChannel("first");
            first.AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n1").AwaitRequest().End();
            var second = new ScriptedChannel("second");
            second.AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n2");
            var connector = new TestConnector().Add(first).Add(second);
            HttpClient client = NewClient(connector);
            Assert.IsTrue(client.Get("http://h/1", Timeout));
            Assert.AreEqual("1", ReadAll(client));
            Assert.IsTrue(client.Get("http://h/2", Timeout));
            Assert.AreEqual("2", ReadAll(client));
            Assert.IsTrue(first.Closed);
            Assert.AreEqual(2, connector.Opens);
            Assert.AreEqual("GET /2 HTTP/1.1\r\nHost: h\r\n" + Ua + "\r\n", second.Written);
        }

        [TestMethod]
        public void StaleConnectionIsNotRetriedForPost()
        {
            var first = new ScriptedChannel("first");
            first.AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").AwaitRequest().ResetConnection();
            var connector = new TestConnector().Add(first).Add(new ScriptedChannel("unused"));
            HttpClient client = NewClient(connector);
            Assert.IsTrue(client.Get("http://h/1", Timeout));
            Assert.IsFalse(client.Post("http://h/2", Ascii("x"), 0, 1, Timeout));
            AssertError(HttpError.ChannelReset, client.Error);
            Assert.AreEqual(ChannelStatus.Reset, client.ChannelError);
            Assert.AreEqual(1, connector.Opens);
            Assert.AreEqual(-1, client.ReadBody(new byte[1], 0, 1, Timeout));
        }

        [TestMethod]
        public void HeadHasNoBodyAndKeepsTheConnection()
        {
            var channel = new ScriptedChannel("a");
            channel.AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 123456\r\n\r\n")
                   .AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            var connector = new TestConnector().Add(channel);
            HttpClient client = NewClient(connector);
            Assert.IsTrue(client.Head("http://h/file", Timeout));
            Assert.AreEqual(123456L, client.ContentLength);
            Assert.IsTrue(client.IsBodyComplete);
            Assert.AreEqual(0, client.ReadBody(new byte[8], 0, 8, Timeout));
            Assert.IsTrue(client.Get("http://h/file", Timeout));
            Assert.AreEqual("ok", ReadAll(client));
            Assert.AreEqual(1, connector.Opens);
            Assert.AreEqual("HEAD /file HTTP/1.1\r\nHost: h\r\n" + Ua + "\r\nGET /file HTTP/1.1\r\nHost: h\r\n" + Ua + "\r\n", channel.Written);
        }

        [TestMethod]
        public void AttachedChannelWithoutAConnector()
        {
            var channel = new ScriptedChannel("attached");
            channel.AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                   .AwaitRequest().Send("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
            var client = new HttpClient(new HttpClientConfig());
            client.Attach(channel, "https", "device.local", 8443);
            Assert.IsTrue(client.Get("/one", Timeout));
            Assert.AreEqual("ok", ReadAll(client));

            // Errors found before anything is sent leave the connection as it is.
            Assert.IsFalse(client.Get("/a b", Timeout));
            AssertError(HttpError.BadRequest, client.Error);
            Assert.IsFalse(client.Get("http://other.local/", Timeout));
            AssertError(HttpError.NotConnected, client.Error);
            Assert.IsTrue(client.IsConnected);
            Assert.IsFalse(channel.Closed);

            Assert.IsTrue(client.Get("https://DEVICE.local:8443/two", Timeout), "the same origin, any case");
            Assert.IsTrue(channel.Closed);
            Assert.IsFalse(client.Get("/three", Timeout));
            AssertError(HttpError.NotConnected, client.Error);
            Assert.AreEqual("GET /one HTTP/1.1\r\nHost: device.local:8443\r\n" + Ua + "\r\n"
                            + "GET /two HTTP/1.1\r\nHost: DEVICE.local:8443\r\n" + Ua + "\r\n", channel.Written);

            var fresh = new HttpClient(new HttpClientConfig());
            Assert.IsFalse(fresh.Get("/x", Timeout));
            AssertError(HttpError.NotConnected, fresh.Error);
            Assert.IsFalse(fresh.Get("http://other/x", Timeout));
            AssertError(HttpError.NotConnected, fresh.Error);
        }

        // ------------------------------------------------------------------ requests

        [TestMethod]
        public void PostSendsTheBodyWithItsLength()
        {
            var channel = new ScriptedChannel("a", 8192);
            channel.AwaitRequest().Send("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n")
                   .AwaitRequest().Send("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                   .AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            var connector = new TestConnector().Add(channel);
            HttpClient client = NewClient(connector);
            Assert.IsTrue(client.AddHeader("Content-Type", "application/json"));
            byte[] body = Ascii("xx{\"t\":21.5}yy");
            Assert.IsTrue(client.Post("http://sensors.example/api/v1?id=7", body, 2, 10, Timeout));
            Assert.AreEqual(201, client.StatusCode);
            string first = "POST /api/v1?id=7 HTTP/1.1\r\nHost: sensors.example\r\n" + Ua
                           + "Content-Type: application/json\r\nContent-Length: 10\r\n\r\n{\"t\":21.5}";
            Assert.AreEqual(first, channel.Written);
            Assert.AreEqual(1, channel.Writes, "a small body goes with the head");

            // A body larger than the request buffer is written on its own, after the head; an interim
            // 100 response before the final one is skipped.
            byte[] large = new byte[3000];
            for (int i = 0; i < large.Length; i++)
            {
                large[i] = (byte)('a' + i % 26);
            }
            Assert.IsTrue(client.Send("PUT", "http://sensors.example/blob", large, 0, large.Length, Timeout));
            Assert.AreEqual(200, client.StatusCode);
            Assert.AreEqual(3, channel.Writes);
            string written = channel.Written;
            string head = "PUT /blob HTTP/1.1\r\nHost: sensors.example\r\n" + Ua + "Content-Type: application/json\r\nContent-Length: 3000\r\n\r\n";
            Assert.AreEqual(first.Length + head.Length + 3000, written.Length);
            Assert.AreEqual(head, written.Substring(first.Length, head.Length));
            Assert.AreEqual("abc", written.Substring(first.Length + head.Length, 3));

            // POST without a body still says Content-Length: 0 (RFC 9110 §8.6).
            client.ClearHeaders();
            Assert.IsTrue(client.Post("http://sensors.example/ping", null, 0, 0, Timeout));
            Assert.IsTrue(written.Length < channel.Written.Length);
            Assert.AreEqual("POST /ping HTTP/1.1\r\nHost: sensors.example\r\n" + Ua + "Content-Length: 0\r\n\r\n", channel.Written.Substring(written.Length));
        }

        [TestMethod]
        public void HeaderInjectionAndBadRequestsAreRefused()
        {
            var connector = new TestConnector();
            HttpClient client = NewClient(connector);
            Assert.IsFalse(client.AddHeader("X-A", "ok\r\nEvil: 1"));
            Assert.IsFalse(client.AddHeader("X A", "v"));
            Assert.IsFalse(client.AddHeader("X-A", "caf\u00e9"));
            Assert.IsFalse(client.AddHeader("Host", "other"));
            Assert.IsFalse(client.AddHeader("content-length", "5"));
            Assert.IsFalse(client.AddHeader("Transfer-Encoding", "chunked"));
            Assert.IsFalse(client.AddHeader("Connection", "close"));
            Assert.IsFalse(client.AddHeader("User-Agent", "other"));
            Assert.IsFalse(client.AddHeader(null, "v"));
            Assert.IsTrue(client.AddHeader("Accept", "*/*"));

            Assert.IsFalse(client.Get("http://h/a b", Timeout));
            AssertError(HttpError.BadRequest, client.Error);
            Assert.IsFalse(client.Get("http://h/a\r\nX: y", Timeout));
            AssertError(HttpError.BadRequest, client.Error);
            Assert.IsFalse(client.Send("G ET", "http://h/", null, 0, 0, Timeout));
            AssertError(HttpError.BadRequest, client.Error);
            Assert.IsFalse(client.Get("ftp://h/", Timeout));
            AssertError(HttpError.BadUrl, client.Error);
            Assert.IsFalse(client.Get("http://user@h/", Timeout));
            AssertError(HttpError.BadUrl, client.Error);
            Assert.AreEqual(0, connector.Opens, "nothing was sent");

            var small = new HttpClient(new HttpClientConfig { RequestBufferLength = 64 }, connector);
            Assert.IsFalse(small.Get("http://h/" + new string('p', 64), Timeout));
            AssertError(HttpError.RequestTooLarge, small.Error);

            var config = new HttpClientConfig { UserAgent = null, ExtraHeaderBufferLength = 20 };
            var noUa = new HttpClient(config, connector);
            Assert.IsTrue(noUa.AddHeader("User-Agent", "mine"));
            Assert.IsFalse(noUa.AddHeader("X-Long", "0123456789"), "no room left");

            Assert.ThrowsException(typeof(System.ArgumentException), () => new HttpClient(new HttpClientConfig { UserAgent = "a\r\nb" }));
        }

        [TestMethod]
        public void HeadersWithoutAllocation()
        {
            var channel = new ScriptedChannel("a");
            channel.AwaitRequest().Send("HTTP/1.1 200 Fine\r\nETag: \"abc\"\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n");
            HttpClient client = NewClient(new TestConnector().Add(channel));
            Assert.IsTrue(client.Get("http://h/", Timeout));
            Assert.AreEqual("GET / HTTP/1.1\r\nHost: h\r\n" + Ua + "\r\n", channel.Written, "an empty path is /");

            int at, length;
            Assert.IsTrue(client.TryGetHeader("etag", out at, out length));
            Assert.AreEqual(5, length);
            Assert.AreEqual((byte)'"', client.HeaderBuffer[at]);
            Assert.AreEqual("Fine", new string(Chars(client.HeaderBuffer, client.ReasonOffset, client.ReasonLength)));

            byte[] bytes = new byte[8];
            Assert.IsTrue(client.TryGetHeader("ETag", bytes, 1, 7, out length));
            Assert.AreEqual(5, length);
            Assert.AreEqual((byte)'a', bytes[2]);
            Assert.IsFalse(client.TryGetHeader("ETag", bytes, 0, 4, out length), "does not fit");
            Assert.AreEqual(5, length, "the length needed");
            Assert.IsFalse(client.TryGetHeader("Missing", bytes, 0, 8, out length));
            Assert.AreEqual(0, length);

            char[] chars = new char[16];
            Assert.IsTrue(client.TryGetHeader("set-cookie", chars, 0, 16, out length));
            Assert.AreEqual("a=1", new string(chars, 0, length));
            int second = client.FindHeader("Set-Cookie", client.FindHeader("Set-Cookie", 0) + 1);
            int no, nl, vo, vl;
            client.GetHeader(second, out no, out nl, out vo, out vl);
            Assert.AreEqual("b=2", new string(Chars(client.HeaderBuffer, vo, vl)));
            Assert.AreEqual(4, client.HeaderCount);
            Assert.IsNull(client.GetHeader("Location"));
        }

        private static char[] Chars(byte[] b, int offset, int length)
        {
            char[] c = new char[length];
            for (int i = 0; i < length; i++)
            {
                c[i] = (char)b[offset + i];
            }
            return c;
        }

        // ------------------------------------------------------------------ errors from the channel

        [TestMethod]
        public void ChannelTimeoutIsATimeout()
        {
            var channel = new ScriptedChannel("slow");
            channel.AwaitRequest().Timeout();
            HttpClient client = NewClient(new TestConnector().Add(channel));
            Assert.IsFalse(client.Get("http://h/", Timeout));
            AssertError(HttpError.Timeout, client.Error);
            Assert.AreEqual(ChannelStatus.TimedOut, client.ChannelError);
            Assert.IsTrue(channel.Closed);
            Assert.IsFalse(client.IsConnected);
        }

        [TestMethod]
        public void TimeoutAndTruncationInTheBody()
        {
            var slow = new ScriptedChannel("slow");
            slow.AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc").Timeout();
            var cut = new ScriptedChannel("cut");
            cut.AwaitRequest().Send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabc").End();
            var connector = new TestConnector().Add(slow).Add(cut);
            HttpClient client = NewClient(connector);
            byte[] buffer = new byte[64];

            Assert.IsTrue(client.Get("http://h/", Timeout));
            Assert.AreEqual(3, client.ReadBody(buffer, 0, buffer.Length, Timeout));
            Assert.AreEqual(-1, client.ReadBody(buffer, 0, buffer.Length, Timeout));
            AssertError(HttpError.Timeout, client.Error);
            Assert.IsTrue(slow.Closed);
            Assert.AreEqual(-1, client.ReadBody(buffer, 0, buffer.Length, Timeout), "sticky");

            Assert.IsTrue(client.Get("http://h/", Timeout));
            Assert.AreEqual((int)HttpError.None, (int)client.Error);
            Assert.AreEqual(3, client.ReadBody(buffer, 0, buffer.Length, Timeout));
            Assert.AreEqual(-1, client.ReadBody(buffer, 0, buffer.Length, Timeout));
            AssertError(HttpError.Truncated, client.Error);
            Assert.IsTrue(cut.Closed);
        }

        [TestMethod]
        public void ConnectFailureAndMalformedResponse()
        {
            var bad = new ScriptedChannel("bad");
            bad.AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx");
            var connector = new TestConnector().Add(bad);
            HttpClient client = NewClient(connector);
            Assert.IsTrue(client.AddHeader("X", "1"));
            Assert.IsFalse(client.Get("http://h/", Timeout));
            AssertError(HttpError.BadContentLength, client.Error);
            Assert.IsTrue(bad.Closed);
            Assert.IsFalse(client.Get("http://h/", Timeout));
            AssertError(HttpError.ConnectFailed, client.Error);
        }

        [TestMethod]
        public void WriteFailures()
        {
            var broken = new ScriptedChannel("broken");
            broken.WriteStatus = ChannelStatus.Failed;
            var connector = new TestConnector().Add(broken);
            HttpClient client = NewClient(connector);
            Assert.IsFalse(client.Get("http://h/", Timeout));
            AssertError(HttpError.ChannelFailed, client.Error);
            Assert.AreEqual(ChannelStatus.Failed, client.ChannelError);
            Assert.IsTrue(broken.Closed);

            // A reused connection that fails on write is opened again for GET.
            var first = new ScriptedChannel("first");
            first.AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            var second = new ScriptedChannel("second");
            second.AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            connector = new TestConnector().Add(first).Add(second);
            client = NewClient(connector);
            Assert.IsTrue(client.Get("http://h/1", Timeout));
            first.WriteStatus = ChannelStatus.Reset;
            Assert.IsTrue(client.Get("http://h/2", Timeout));
            Assert.AreEqual(2, connector.Opens);
            Assert.AreEqual("GET /2 HTTP/1.1\r\nHost: h\r\n" + Ua + "\r\n", second.Written);

            // A closed channel under a body in progress.
            var third = new ScriptedChannel("third");
            third.AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
            client = NewClient(new TestConnector().Add(third));
            Assert.IsTrue(client.Get("http://h/", Timeout));
            client.Close();
            Assert.AreEqual(-1, client.ReadBody(new byte[4], 0, 4, Timeout));
            AssertError(HttpError.ChannelClosed, client.Error);
        }

        [TestMethod]
        public void ReadBodyToEnd()
        {
            var channel = new ScriptedChannel("a");
            channel.AwaitRequest().Send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n")
                   .AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n12345");
            HttpClient client = NewClient(new TestConnector().Add(channel));
            byte[] buffer = new byte[4];
            Assert.IsTrue(client.Get("http://h/fits", Timeout));
            Assert.AreEqual(4, client.ReadBodyToEnd(buffer, 0, 4, Timeout), "exactly the buffer");
            Assert.IsTrue(client.IsConnected);
            Assert.IsTrue(client.Get("http://h/too-big", Timeout));
            Assert.AreEqual(-1, client.ReadBodyToEnd(buffer, 0, 4, Timeout));
            AssertError(HttpError.BodyTooLarge, client.Error);
            Assert.IsTrue(channel.Closed);
        }

        [TestMethod]
        public void CallerBugsThrow()
        {
            HttpClient client = NewClient(new TestConnector());
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => client.ReadBody(new byte[1], 0, 1, Timeout));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => client.ReadBody(new byte[1], 0, 2, Timeout));
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => client.Get(null, Timeout));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => client.Post("http://h/", new byte[2], 1, 2, Timeout));
            Assert.ThrowsException(typeof(System.ArgumentException), () => client.Attach(new ScriptedChannel("x"), "ftp", "h", 21));
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => new HttpClient(null));
        }

        // ------------------------------------------------------------------ redirects

        [TestMethod]
        public void RedirectToAnotherHostThroughTheConnector()
        {
            var a = new ScriptedChannel("a");
            a.AwaitRequest().Send("HTTP/1.1 302 Found\r\nLocation: http://cdn.example:8080/files/fw.bin?v=2\r\nContent-Length: 5\r\n\r\nmoved");
            var b = new ScriptedChannel("b");
            b.AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nfirmware");
            var connector = new TestConnector().Add(a).Add(b);
            HttpClient client = NewClient(connector);
            client.FollowRedirects = true;
            Assert.IsTrue(client.AddHeader("Authorization", "Bearer secret"));
            Assert.IsTrue(client.Get("http://updates.example/latest", Timeout));
            Assert.AreEqual(200, client.StatusCode);
            Assert.AreEqual(1, client.RedirectCount);
            Assert.AreEqual("http://cdn.example:8080/files/fw.bin?v=2", client.Url);
            Assert.AreEqual("firmware", ReadAll(client));
            Assert.AreEqual("http://updates.example:80 http://cdn.example:8080", connector.Log);
            Assert.IsTrue(a.Closed);
            Assert.AreEqual("GET /latest HTTP/1.1\r\nHost: updates.example\r\n" + Ua + "Authorization: Bearer secret\r\n\r\n", a.Written);
            Assert.AreEqual("GET /files/fw.bin?v=2 HTTP/1.1\r\nHost: cdn.example:8080\r\n" + Ua + "\r\n", b.Written,
                            "the caller's headers stay with their origin");
        }

        [TestMethod]
        public void RelativeRedirectOnTheSameConnection()
        {
            var a = new ScriptedChannel("a");
            a.AwaitRequest().Send("HTTP/1.1 301 Moved Permanently\r\nLocation: ../v2/items?page=1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nsee \r\n5\r\nthere\r\n0\r\n\r\n")
             .AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]");
            var connector = new TestConnector().Add(a);
            HttpClient client = NewClient(connector);
            client.FollowRedirects = true;
            Assert.IsTrue(client.AddHeader("Accept", "application/json"));
            Assert.IsTrue(client.Get("/api/v1/items", Timeout) == false, "no origin yet");
            Assert.IsTrue(client.Get("http://h/api/v1/items", Timeout));
            Assert.AreEqual("[]", ReadAll(client));
            Assert.AreEqual("http://h/api/v2/items?page=1", client.Url);
            Assert.AreEqual(1, connector.Opens);
            Assert.AreEqual("GET /api/v1/items HTTP/1.1\r\nHost: h\r\n" + Ua + "Accept: application/json\r\n\r\n"
                            + "GET /api/v2/items?page=1 HTTP/1.1\r\nHost: h\r\n" + Ua + "Accept: application/json\r\n\r\n", a.Written);
        }

        [TestMethod]
        public void RedirectLimitExceeded()
        {
            var a = new ScriptedChannel("a");
            for (int i = 0; i <= 5; i++)
            {
                a.AwaitRequest().Send("HTTP/1.1 307 Temporary Redirect\r\nLocation: /r" + (i + 1).ToString() + "\r\nContent-Length: 0\r\n\r\n");
            }
            var connector = new TestConnector().Add(a);
            HttpClient client = NewClient(connector);
            client.FollowRedirects = true;
            Assert.IsFalse(client.Get("http://h/r0", Timeout));
            AssertError(HttpError.TooManyRedirects, client.Error);
            Assert.AreEqual(5, client.RedirectCount);
            Assert.AreEqual(1, connector.Opens);
            Assert.IsTrue(a.Closed);
            Assert.IsTrue(a.Exhausted, "six responses were read");
        }

        [TestMethod]
        public void RedirectsNotFollowedUnlessAsked()
        {
            var a = new ScriptedChannel("a");
            a.AwaitRequest().Send("HTTP/1.1 302 Found\r\nLocation: http://elsewhere/\r\nContent-Length: 4\r\n\r\ngone");
            var connector = new TestConnector().Add(a);
            HttpClient client = NewClient(connector);
            Assert.IsTrue(client.Get("http://h/", Timeout));
            Assert.AreEqual(302, client.StatusCode);
            Assert.AreEqual("http://elsewhere/", client.GetHeader("Location"));
            Assert.AreEqual("gone", ReadAll(client));
            Assert.AreEqual(0, client.RedirectCount);
        }

        [TestMethod]
        public void RedirectMethodRules()
        {
            var a = new ScriptedChannel("a", 8192);
            a.AwaitRequest().Send("HTTP/1.1 303 See Other\r\nLocation: /result\r\nContent-Length: 0\r\n\r\n")
             .AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
             .AwaitRequest().Send("HTTP/1.1 307 Temporary Redirect\r\nLocation: /upload2\r\nContent-Length: 0\r\n\r\n")
             .AwaitRequest().Send("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n")
             .AwaitRequest().Send("HTTP/1.1 302 Found\r\nLocation: /other\r\nContent-Length: 0\r\n\r\n")
             .AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
             .AwaitRequest().Send("HTTP/1.1 303 See Other\r\nLocation: /head2\r\nContent-Length: 0\r\n\r\n")
             .AwaitRequest().Send("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n");
            HttpClient client = NewClient(new TestConnector().Add(a));
            client.FollowRedirects = true;
            byte[] body = Ascii("data");

            Assert.IsTrue(client.Post("http://h/form", body, 0, 4, Timeout));
            string expected = "POST /form HTTP/1.1\r\nHost: h\r\n" + Ua + "Content-Length: 4\r\n\r\ndata"
                              + "GET /result HTTP/1.1\r\nHost: h\r\n" + Ua + "\r\n";
            Assert.AreEqual(expected, a.Written, "303: GET, no body");

            Assert.IsTrue(client.Post("http://h/upload", body, 0, 4, Timeout));
            Assert.AreEqual(201, client.StatusCode);
            expected += "POST /upload HTTP/1.1\r\nHost: h\r\n" + Ua + "Content-Length: 4\r\n\r\ndata"
                        + "POST /upload2 HTTP/1.1\r\nHost: h\r\n" + Ua + "Content-Length: 4\r\n\r\ndata";
            Assert.AreEqual(expected, a.Written, "307: the same method and body");

            Assert.IsTrue(client.Post("http://h/p", body, 0, 4, Timeout));
            expected += "POST /p HTTP/1.1\r\nHost: h\r\n" + Ua + "Content-Length: 4\r\n\r\ndata"
                        + "GET /other HTTP/1.1\r\nHost: h\r\n" + Ua + "\r\n";
            Assert.AreEqual(expected, a.Written, "302 after POST: GET");

            Assert.IsTrue(client.Head("http://h/head", Timeout));
            Assert.AreEqual(7L, client.ContentLength);
            expected += "HEAD /head HTTP/1.1\r\nHost: h\r\n" + Ua + "\r\n"
                        + "HEAD /head2 HTTP/1.1\r\nHost: h\r\n" + Ua + "\r\n";
            Assert.AreEqual(expected, a.Written, "303 after HEAD: HEAD");
        }

        [TestMethod]
        public void RedirectsThatAreRefused()
        {
            var a = new ScriptedChannel("a");
            a.AwaitRequest().Send("HTTP/1.1 301 Moved\r\nLocation: http://h/plain\r\nContent-Length: 0\r\n\r\n");
            var connector = new TestConnector().Add(a);
            HttpClient client = NewClient(connector);
            client.FollowRedirects = true;
            Assert.IsFalse(client.Get("https://h/secure", Timeout));
            AssertError(HttpError.RedirectNotAllowed, client.Error);
            Assert.AreEqual("https://h:443", connector.Log);

            var b = new ScriptedChannel("b");
            b.AwaitRequest().Send("HTTP/1.1 302 Found\r\nLocation: ftp://h/file\r\nContent-Length: 0\r\n\r\n");
            client = NewClient(new TestConnector().Add(b));
            client.FollowRedirects = true;
            Assert.IsFalse(client.Get("http://h/", Timeout));
            AssertError(HttpError.RedirectNotAllowed, client.Error);

            var c = new ScriptedChannel("c");
            c.AwaitRequest().Send("HTTP/1.1 302 Found\r\nLocation: http://user@h/\r\nContent-Length: 0\r\n\r\n");
            client = NewClient(new TestConnector().Add(c));
            client.FollowRedirects = true;
            Assert.IsFalse(client.Get("http://h/", Timeout));
            AssertError(HttpError.BadLocation, client.Error);

            var d = new ScriptedChannel("d");
            d.AwaitRequest().Send("HTTP/1.1 302 Found\r\nLocation: http://other/\r\nContent-Length: 0\r\n\r\n");
            client = new HttpClient(new HttpClientConfig());
            client.Attach(d, "http", "h", 80);
            client.FollowRedirects = true;
            Assert.IsFalse(client.Get("/", Timeout));
            AssertError(HttpError.RedirectNotAllowed, client.Error);
        }
    }
}
