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
    [TestClass]
    public class HttpStatusLineTests
    {
        private static byte[] Ascii(string s)
        {
            byte[] b = new byte[s.Length];
            for (int i = 0; i < s.Length; i++)
            {
                b[i] = (byte)s[i];
            }
            return b;
        }

        [TestMethod]
        public void ParsesAStatusLine()
        {
            byte[] b = Ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n");
            int code, minor, consumed;
            Assert.AreEqual((int)HttpParseStatus.Ok, (int)HttpStatusLine.TryParse(b, 0, b.Length, out code, out minor, out consumed));
            Assert.AreEqual(200, code);
            Assert.AreEqual(1, minor);
            Assert.AreEqual(17, consumed);
        }

        [TestMethod]
        public void EmptyReasonIsAllowed()
        {
            byte[] b = Ascii("HTTP/1.0 404\r\n");
            int code, minor, consumed;
            Assert.AreEqual((int)HttpParseStatus.Ok, (int)HttpStatusLine.TryParse(b, 0, b.Length, out code, out minor, out consumed));
            Assert.AreEqual(404, code);
            Assert.AreEqual(0, minor);
        }

        [TestMethod]
        [DataRow("HTTP/1.1 200 OK")]
        [DataRow("HTTP/1.1 2")]
        [DataRow("")]
        public void IncompleteNeedsMore(string text)
        {
            byte[] b = Ascii(text);
            int code, minor, consumed;
            Assert.AreEqual((int)HttpParseStatus.NeedMore, (int)HttpStatusLine.TryParse(b, 0, b.Length, out code, out minor, out consumed));
        }

        [TestMethod]
        [DataRow("HTTP/2.0 200 OK\r\n")]
        [DataRow("HTTP/1.1 20 OK\r\n")]
        [DataRow("HTTP/1.1 099 OK\r\n")]
        [DataRow("HTTP/1.1 2000 OK\r\n")]
        [DataRow("HTTP/1.1  200 OK\r\n")]
        [DataRow("ICY 200 OK\r\n")]
        [DataRow("\r\n")]
        public void MalformedIsRejected(string text)
        {
            byte[] b = Ascii(text);
            int code, minor, consumed;
            Assert.AreEqual((int)HttpParseStatus.Malformed, (int)HttpStatusLine.TryParse(b, 0, b.Length, out code, out minor, out consumed));
            Assert.AreEqual(0, code);
            Assert.AreEqual(0, consumed);
        }

        [TestMethod]
        public void ParsesAWholeLineWithItsReason()
        {
            byte[] b = Ascii("xxHTTP/1.1 404 Not Found");
            int code, minor, reasonOffset, reasonLength;
            Assert.IsTrue(HttpStatusLine.TryParseLine(b, 2, b.Length - 2, out code, out minor, out reasonOffset, out reasonLength));
            Assert.AreEqual(404, code);
            Assert.AreEqual(1, minor);
            Assert.AreEqual(15, reasonOffset);
            Assert.AreEqual(9, reasonLength);
            b = Ascii("HTTP/1.1 200");
            Assert.IsTrue(HttpStatusLine.TryParseLine(b, 0, b.Length, out code, out minor, out reasonOffset, out reasonLength));
            Assert.AreEqual(0, reasonLength);
            b = Ascii("HTTP/1.1 200 a\u0001b");
            Assert.IsFalse(HttpStatusLine.TryParseLine(b, 0, b.Length, out code, out minor, out reasonOffset, out reasonLength));
            Assert.IsFalse(HttpStatusLine.TryParseLine(b, 0, b.Length + 1, out code, out minor, out reasonOffset, out reasonLength));
        }

        [TestMethod]
        public void EndlessLineIsMalformedNotBuffered()
        {
            byte[] b = new byte[HttpStatusLine.MaxLength + 10];
            for (int i = 0; i < b.Length; i++)
            {
                b[i] = (byte)'A';
            }
            int code, minor, consumed;
            Assert.AreEqual((int)HttpParseStatus.Malformed, (int)HttpStatusLine.TryParse(b, 0, b.Length, out code, out minor, out consumed));
        }

        [TestMethod]
        public void BadRangeIsMalformedNotAnException()
        {
            byte[] b = Ascii("HTTP/1.1 200 OK\r\n");
            int code, minor, consumed;
            Assert.AreEqual((int)HttpParseStatus.Malformed, (int)HttpStatusLine.TryParse(b, 10, b.Length, out code, out minor, out consumed));
            Assert.AreEqual((int)HttpParseStatus.Malformed, (int)HttpStatusLine.TryParse(null, 0, 0, out code, out minor, out consumed));
        }
    }

    [TestClass]
    public class HttpRequestWriterTests
    {
        private static string Text(byte[] b, int offset, int length)
        {
            char[] c = new char[length];
            for (int i = 0; i < length; i++)
            {
                c[i] = (char)b[offset + i];
            }
            return new string(c);
        }

        [TestMethod]
        public void WritesARequestHead()
        {
            byte[] b = new byte[128];
            var w = new HttpRequestWriter(b, 3, 120);
            Assert.IsTrue(w.AppendRequestLine("GET", "/index.html?q=1"));
            Assert.IsTrue(w.AppendHeader("Host", "device.example"));
            Assert.IsTrue(w.AppendHeader("Content-Length", 1024));
            Assert.IsTrue(w.AppendEnd());
            Assert.AreEqual("GET /index.html?q=1 HTTP/1.1\r\nHost: device.example\r\nContent-Length: 1024\r\n\r\n", Text(b, 3, w.Length));
            Assert.AreEqual((byte)0, b[2]);
        }

        [TestMethod]
        public void RefusesHeaderInjection()
        {
            byte[] b = new byte[128];
            var w = new HttpRequestWriter(b, 0, b.Length);
            Assert.IsFalse(w.AppendHeader("X", "a\r\nEvil: 1"));
            Assert.IsFalse(w.AppendHeader("Bad Name", "v"));
            Assert.IsFalse(w.AppendRequestLine("GET", "/a b\n"));
            Assert.AreEqual(0, w.Length);
        }

        [TestMethod]
        public void WritesFromSlicesAndAHostWithItsPort()
        {
            byte[] b = new byte[128];
            var w = new HttpRequestWriter(b, 0, b.Length);
            string url = "http://device.example:8080/a/b?c";
            Assert.IsTrue(w.AppendRequestLine("GET", url, 26, 6));
            Assert.IsTrue(w.AppendHost(url, 7, 14, 8080));
            Assert.IsTrue(w.AppendHost(url, 7, 14, -1));
            Assert.IsTrue(w.AppendHeader("X-Part", url, 0, 4));
            Assert.AreEqual("GET /a/b?c HTTP/1.1\r\nHost: device.example:8080\r\nHost: device.example\r\nX-Part: http\r\n", Text(b, 0, w.Length));
            int before = w.Length;
            Assert.IsFalse(w.AppendRequestLine("GET", url, 30, 10), "slice outside the string");
            Assert.IsFalse(w.AppendHost("a b", 0, 3, -1));
            Assert.IsFalse(w.AppendHost("", 0, 0, -1));
            Assert.IsFalse(w.AppendHost("h", 0, 1, 70000));
            Assert.AreEqual(before, w.Length);
        }

        [TestMethod]
        public void RefusesWhitespaceInTheTarget()
        {
            byte[] b = new byte[128];
            var w = new HttpRequestWriter(b, 0, b.Length);
            Assert.IsFalse(w.AppendRequestLine("GET", "/a b"));
            Assert.IsFalse(w.AppendRequestLine("GET", "/a\tb"));
            Assert.IsFalse(w.AppendRequestLine("GET", ""));
            Assert.IsFalse(w.AppendRequestLine("G T", "/"));
            Assert.IsFalse(w.AppendRequestLine("GET", "/caf\u00e9"));
            Assert.AreEqual(0, w.Length);
        }

        [TestMethod]
        public void TooSmallLeavesTheLengthUnchanged()
        {
            byte[] b = new byte[20];
            var w = new HttpRequestWriter(b, 0, b.Length);
            Assert.IsTrue(w.AppendRequestLine("GET", "/"));
            int before = w.Length;
            Assert.IsFalse(w.AppendHeader("Host", "a-very-long-host-name.example"));
            Assert.AreEqual(before, w.Length);
            Assert.IsFalse(w.AppendHeader("L", 1234567));
            Assert.AreEqual(before, w.Length);
        }
    }
}
