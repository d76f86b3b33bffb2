using System;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Channels;
using NanoStack.Host.Tests.Support;
using NanoStack.Http;

namespace NanoStack.Host.Tests.Http
{
    /// <summary>
    /// After construction, a request with its response and body allocates nothing
    /// (GC.GetAllocatedBytesForCurrentThread): keep-alive GET with a chunked body, Content-Length,
    /// a 1xx first, a POST, header look-ups into caller buffers. The URL strings are the caller's,
    /// made before measuring. The channel replays one response per request and allocates nothing.
    /// </summary>
    [TestClass]
    public sealed class HttpClientAllocationTests
    {
        /// <summary>Plays <see cref="Response"/> again after every request written, in reads of at
        /// most <see cref="MaxRead"/> bytes.</summary>
        private sealed class ReplayChannel : IByteChannel, IHttpConnector
        {
            public byte[] Response = Array.Empty<byte>();
            public int MaxRead = 300;
            public int Opens;
            private int _position;
            private bool _requested;

            public IByteChannel Open(string scheme, string host, int port, int timeoutMs)
            {
                Opens++;
                _requested = false;
                return this;
            }

            public int Read(byte[] buffer, int offset, int count, int timeoutMs)
            {
                if (!_requested)
                {
                    return ChannelStatus.TimedOut;
                }
                int n = Math.Min(Math.Min(count, MaxRead), Response.Length - _position);
                if (n == 0)
                {
                    return ChannelStatus.TimedOut;
                }
                Array.Copy(Response, _position, buffer, offset, n);
                _position += n;
                return n;
            }

            public int Write(byte[] buffer, int offset, int count, int timeoutMs)
            {
                _requested = true;
                _position = 0;
                return count;
            }

            public void Close()
            {
            }
        }

        private static byte[] Chunked()
        {
            var sb = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 20; i++)
            {
                sb.Append("40;i=" + i + "\r\n").Append('x', 64).Append("\r\n");
            }
            sb.Append("0\r\nX-T: 1\r\n\r\n");
            return Encoding.ASCII.GetBytes(sb.ToString());
        }

        private static long MeasureRequests(HttpClient client, Func<bool> request, long expectedBody)
        {
            var buffer = new byte[100];
            var value = new char[64];
            int failures = 0;
            long bytes = Allocations.Measure(() =>
            {
                // Checked without building messages: a failure message would allocate.
                if (!request() || client.StatusCode != 200)
                {
                    failures++;
                    return;
                }
                client.TryGetHeader("content-type", value, 0, value.Length, out _);
                long total = 0;
                int n;
                while ((n = client.ReadBody(buffer, 0, buffer.Length, 1000)) > 0)
                {
                    total += n;
                }
                if (n != 0 || total != expectedBody)
                {
                    failures++;
                }
            }, 50);
            Assert.AreEqual(0, failures, "failed requests; last error " + client.Error);
            return bytes;
        }

        [TestMethod]
        public void RequestsAllocateNothingAfterConstruction()
        {
            var channel = new ReplayChannel();
            var client = new HttpClient(new HttpClientConfig(), channel);
            Assert.IsTrue(client.AddHeader("Accept", "application/json"));
            string url = "http://device.example/api/data?x=1";
            string path = "/api/data?x=2";
            byte[] post = Encoding.ASCII.GetBytes("{\"on\":true}");

            channel.Response = Chunked();
            long chunked = MeasureRequests(client, () => client.Get(url, 1000), 20 * 64);

            channel.Response = Encoding.ASCII.GetBytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + new string('y', 1000));
            long length = MeasureRequests(client, () => client.Get(path, 1000), 1000);

            channel.Response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");
            long posted = MeasureRequests(client, () => client.Post(url, post, 0, post.Length, 1000), 2);

            Console.WriteLine($"allocated over 50 requests each: chunked {chunked} B, content-length after 1xx {length} B, POST {posted} B; connections opened {channel.Opens}");
            Assert.AreEqual(1, channel.Opens, "one kept-alive connection");
            Assert.AreEqual(0L, chunked);
            Assert.AreEqual(0L, length);
            Assert.AreEqual(0L, posted);
        }

        [TestMethod]
        public void ClientMemory()
        {
            var config = new HttpClientConfig();
            new HttpClient(config, null); // warm-up
            long before = GC.GetAllocatedBytesForCurrentThread();
            var client = new HttpClient(config, null);
            long total = GC.GetAllocatedBytesForCurrentThread() - before;
            long arrays = config.HeaderBufferLength + config.MaxHeaderCount * 16 + config.ReceiveBufferLength
                          + config.RequestBufferLength + config.ExtraHeaderBufferLength;
            Console.WriteLine($"HttpClient with the default config: {total} B allocated ({arrays} B of them buffers)");
            GC.KeepAlive(client);
            Assert.IsTrue(total >= arrays);
            Assert.IsTrue(total - arrays < 800, "overhead beyond the buffers " + (total - arrays) + " B");
        }
    }
}
