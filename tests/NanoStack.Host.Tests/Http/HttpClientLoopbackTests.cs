using System;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Channels;
using NanoStack.Http;

namespace NanoStack.Host.Tests.Http
{
    /// <summary>
    /// <see cref="HttpClient"/> over <see cref="SocketChannel"/> (the host's TCP through the portable
    /// Socket channel) against <see cref="LoopbackHttpServer"/>: a chunked body and a 1 MiB
    /// Content-Length body compared by SHA-256 over one kept-alive connection, a POST echoed, a
    /// redirect, a body that ends with the connection.
    /// </summary>
    [TestClass]
    public sealed class HttpClientLoopbackTests
    {
        private const int Timeout = 10_000;

        /// <summary>Opens plain TCP connections through <see cref="SocketChannel"/>; counts them.</summary>
        private sealed class SocketConnector : IHttpConnector
        {
            public int Opens;
            public string LastError;

            public IByteChannel Open(string scheme, string host, int port, int timeoutMs)
            {
                Assert.AreEqual("http", scheme);
                Opens++;
                SocketChannel channel = SocketChannel.Connect(new IPEndPoint(IPAddress.Parse(host), port), out LastError);
                return channel;
            }
        }

        private static byte[] Sha256OfBody(HttpClient client, int bufferLength, out long length)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[bufferLength];
            length = 0;
            while (true)
            {
                int n = client.ReadBody(buffer, 0, buffer.Length, Timeout);
                Assert.IsTrue(n >= 0, "ReadBody: " + client.Error + " (channel " + client.ChannelError + ")");
                if (n == 0)
                {
                    return hash.GetHashAndReset();
                }
                hash.AppendData(buffer, 0, n);
                length += n;
            }
        }

        [TestMethod]
        public void ChunkedAndOneMebibyteBodiesOverOneConnection()
        {
            using var server = new LoopbackHttpServer();
            var connector = new SocketConnector();
            var client = new HttpClient(new HttpClientConfig(), connector);
            string origin = "http://127.0.0.1:" + server.Port;

            Assert.IsTrue(client.Get(origin + "/chunked", Timeout), client.Error.ToString());
            Assert.AreEqual(200, client.StatusCode);
            Assert.IsTrue(client.IsChunked);
            Assert.AreEqual("application/octet-stream", client.GetHeader("Content-Type"));
            byte[] digest = Sha256OfBody(client, 1500, out long length);
            Assert.AreEqual(server.ChunkedBody.Length, length);
            CollectionAssert.AreEqual(SHA256.HashData(server.ChunkedBody), digest);
            Assert.IsTrue(client.IsConnected, "kept alive after the trailer");

            Assert.IsTrue(client.Get(origin + "/big", Timeout), client.Error.ToString());
            Assert.AreEqual((long)LoopbackHttpServer.BigLength, client.ContentLength);
            digest = Sha256OfBody(client, 4096, out length);
            Assert.AreEqual((long)LoopbackHttpServer.BigLength, length);
            CollectionAssert.AreEqual(SHA256.HashData(server.BigBody), digest);

            byte[] post = Encoding.ASCII.GetBytes("{\"temperature\":21.5,\"unit\":\"C\"}");
            Assert.IsTrue(client.AddHeader("Content-Type", "application/json"));
            Assert.IsTrue(client.Post(origin + "/echo", post, 0, post.Length, Timeout), client.Error.ToString());
            var echoed = new byte[256];
            int n = client.ReadBodyToEnd(echoed, 0, echoed.Length, Timeout);
            Assert.AreEqual(post.Length, n);
            CollectionAssert.AreEqual(post, echoed.AsSpan(0, n).ToArray());

            Assert.AreEqual(1, connector.Opens);
            Assert.AreEqual(1, server.Connections, "three requests on one connection");
            Assert.AreEqual(3, server.Requests);
            client.Close();
        }

        [TestMethod]
        public void RedirectAndABodyEndedByClose()
        {
            using var server = new LoopbackHttpServer();
            var connector = new SocketConnector();
            var client = new HttpClient(new HttpClientConfig(), connector) { FollowRedirects = true };
            string origin = "http://127.0.0.1:" + server.Port;

            Assert.IsTrue(client.Get(origin + "/redirect", Timeout), client.Error.ToString());
            Assert.AreEqual(1, client.RedirectCount);
            Assert.AreEqual(origin + "/big", client.Url);
            byte[] digest = Sha256OfBody(client, 8192, out long length);
            Assert.AreEqual((long)LoopbackHttpServer.BigLength, length);
            CollectionAssert.AreEqual(SHA256.HashData(server.BigBody), digest);
            Assert.AreEqual(1, server.Connections, "the redirect's body drained, the connection reused");

            Assert.IsTrue(client.Get(origin + "/until-close", Timeout), client.Error.ToString());
            Assert.AreEqual((int)HttpBodyFraming.UntilClose, (int)client.Framing);
            digest = Sha256OfBody(client, 1000, out length);
            Assert.AreEqual(5000L, length);
            CollectionAssert.AreEqual(SHA256.HashData(server.ChunkedBody.AsSpan(0, 5000)), digest);
            Assert.IsFalse(client.IsConnected);

            Assert.IsTrue(client.Get(origin + "/missing", Timeout));
            Assert.AreEqual(404, client.StatusCode);
            Assert.AreEqual("Not Found", client.GetReason());
            Assert.AreEqual(2, connector.Opens);
            client.Close();
        }

        [TestMethod]
        public void RefusedConnectionIsConnectFailed()
        {
            int port;
            using (var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
            {
                l.Start();
                port = ((IPEndPoint)l.LocalEndpoint).Port;
            }
            var connector = new SocketConnector();
            var client = new HttpClient(new HttpClientConfig(), connector);
            Assert.IsFalse(client.Get("http://127.0.0.1:" + port + "/", Timeout));
            Assert.AreEqual(HttpError.ConnectFailed, client.Error);
            StringAssert.Contains(connector.LastError, "refused");
        }
    }
}
