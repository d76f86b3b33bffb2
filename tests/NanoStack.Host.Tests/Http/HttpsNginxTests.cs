using System;
using System.IO;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Channels;
using NanoStack.Host.Tests.Support;
using NanoStack.Host.Tests.TlsClient;
using NanoStack.Http;
using NanoStack.Tls;
using NanoStack.Tls.X509;

namespace NanoStack.Host.Tests.Http
{
    /// <summary>
    /// <see cref="HttpClient"/> over NanoStack's TLS (<see cref="TlsConnection"/> on a
    /// <see cref="SocketChannel"/>) to nginx on loopback: the page, a gzip-coded chunked response,
    /// nginx's own absolute redirect and 1 MiB, all on one kept-alive TLS connection opened by the
    /// connector.
    /// </summary>
    [TestClass]
    public sealed class HttpsNginxTests
    {
        private const int Timeout = 20_000;

        /// <summary>Opens https connections to nginx: TCP to loopback, then our TLS handshake with
        /// the host name the URL gives (validated against the fixture's CA).</summary>
        private sealed class TlsConnector : IHttpConnector
        {
            private readonly TestClient _tls;
            private readonly int _port;
            public int Opens;

            public TlsConnector(TestClient tls, int port)
            {
                _tls = tls;
                _port = port;
            }

            public IByteChannel Open(string scheme, string host, int port, int timeoutMs)
            {
                Assert.AreEqual("https", scheme);
                Assert.AreEqual(NginxServer.HostName, host);
                Assert.AreEqual(_port, port);
                Opens++;
                SocketChannel tcp = SocketChannel.Connect(new IPEndPoint(IPAddress.Loopback, port), out string error);
                Assert.IsNotNull(tcp, error);
                var connection = new TlsConnection(_tls.Engine, tcp);
                return connection.Handshake(host, TestClient.Now, null, timeoutMs) ? connection : null;
            }
        }

        private static byte[] ReadBody(HttpClient client)
        {
            var body = new MemoryStream();
            var buffer = new byte[2048];
            int n;
            while ((n = client.ReadBody(buffer, 0, buffer.Length, Timeout)) > 0)
            {
                body.Write(buffer, 0, n);
            }
            Assert.AreEqual(0, n, client.Error + " (channel " + client.ChannelError + ")");
            return body.ToArray();
        }

        [TestMethod]
        public void PageChunkedRedirectAndOneMebibyteOverOneTlsConnection()
        {
            TestEnvironment.Require(NginxServer.IsInstalled, NginxServer.Requirement);
            using NginxServer nginx = NginxServer.Start(true);
            var anchors = new TrustAnchorStore(2);
            byte[] der = nginx.CaCertificate.RawData;
            Assert.AreEqual(CertStatus.Ok, anchors.AddCertificate(der, 0, der.Length));
            var tls = new TestClient(anchors, new TlsClientConfig { AlpnProtocols = new[] { "http/1.1" } });
            var connector = new TlsConnector(tls, nginx.Port);
            var client = new HttpClient(new HttpClientConfig(), connector) { FollowRedirects = true };
            string origin = "https://" + NginxServer.HostName + ":" + nginx.Port;

            Assert.IsTrue(client.Get(origin + "/", Timeout), client.Error + " " + tls.Engine.DescribeFailure());
            Assert.AreEqual(200, client.StatusCode);
            Assert.AreEqual((long)NginxServer.IndexBody.Length, client.ContentLength);
            Assert.AreEqual(NginxServer.IndexBody, Encoding.ASCII.GetString(ReadBody(client)));
            StringAssert.StartsWith(client.GetHeader("server"), "nginx");

            Assert.IsTrue(client.AddHeader("Accept-Encoding", "gzip"));
            Assert.IsTrue(client.Get(origin + "/chunked", Timeout), client.Error.ToString());
            Assert.IsTrue(client.IsChunked, "nginx chunks a body it compresses on the fly");
            Assert.AreEqual("gzip", client.GetHeader("Content-Encoding"));
            using (var gunzip = new GZipStream(new MemoryStream(ReadBody(client)), CompressionMode.Decompress))
            {
                Assert.AreEqual(NginxServer.IndexBody, new StreamReader(gunzip, Encoding.ASCII).ReadToEnd());
            }
            client.ClearHeaders();

            Assert.IsTrue(client.Get(origin + "/redirect", Timeout), client.Error.ToString());
            Assert.AreEqual(1, client.RedirectCount);
            Assert.AreEqual(origin + "/", client.Url);
            Assert.AreEqual(NginxServer.IndexBody, Encoding.ASCII.GetString(ReadBody(client)));

            Assert.IsTrue(client.Get(origin + "/large", Timeout), client.Error.ToString());
            byte[] large = ReadBody(client);
            CollectionAssert.AreEqual(SHA256.HashData(nginx.LargeBody), SHA256.HashData(large));

            Assert.AreEqual(1, connector.Opens, "one TLS connection for five requests");
            client.Close();
        }
    }
}
