using System;
using System.IO;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Board.Linux;
using NanoStack.Host.Tests.Support;
using NanoStack.Http;
using NanoStack.Tls;
using NanoStack.Tls.X509;

namespace NanoStack.Host.Tests.TlsClient
{
    /// <summary>
    /// A full HTTPS GET through the NanoStack TLS client to nginx on loopback (started by the
    /// test, stopped by PID): the request written with <see cref="HttpRequestWriter"/>, the
    /// status line parsed with <see cref="HttpStatusLine"/>, ALPN http/1.1, a 1 MiB body
    /// compared byte for byte, and a second connection resumed by ticket.
    /// </summary>
    [TestClass]
    public sealed class TlsNginxTests
    {
        private const int Timeout = 20_000;

        private static TestClient ClientFor(NginxServer nginx)
        {
            var anchors = new TrustAnchorStore(2);
            byte[] der = nginx.CaCertificate.RawData;
            Assert.AreEqual(CertStatus.Ok, anchors.AddCertificate(der, 0, der.Length));
            return new TestClient(anchors, new TlsClientConfig { AlpnProtocols = new[] { "http/1.1" } });
        }

        /// <summary>GET <paramref name="path"/> with Connection: close; returns (status, body).</summary>
        private static (int status, byte[] body) Get(TestClient client, NginxServer nginx, string path, TlsSessionCache cache)
        {
            using OsSocketChannel channel = OsSocketChannel.Connect(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, nginx.Port), Timeout);
            var tls = new TlsConnection(client.Engine, channel);
            Assert.IsTrue(tls.Handshake(NginxServer.HostName, TestClient.Now, cache, Timeout), client.Engine.DescribeFailure());
            Assert.AreEqual("http/1.1", client.Engine.NegotiatedProtocol);
            byte[] head = new byte[512];
            var writer = new HttpRequestWriter(head, 0, head.Length);
            Assert.IsTrue(writer.AppendRequestLine("GET", path) && writer.AppendHeader("Host", NginxServer.HostName)
                && writer.AppendHeader("Connection", "close") && writer.AppendEnd());
            Assert.AreEqual(writer.Length, tls.Write(head, 0, writer.Length, Timeout), client.Engine.DescribeFailure());
            var response = new MemoryStream();
            byte[] buffer = new byte[8192];
            while (true)
            {
                int n = tls.Read(buffer, 0, buffer.Length, Timeout);
                if (n == 0)
                {
                    break;
                }
                Assert.IsTrue(n > 0, client.Engine.DescribeFailure());
                response.Write(buffer, 0, n);
            }
            Assert.AreEqual(TlsFailure.PeerClosed, client.Engine.Failure, "nginx ends with close_notify");
            tls.Close();
            byte[] all = response.ToArray();
            Assert.AreEqual(HttpParseStatus.Ok, HttpStatusLine.TryParse(all, 0, all.Length, out int status, out int minor, out _));
            Assert.AreEqual(1, minor);
            int bodyStart = IndexOf(all, Encoding.ASCII.GetBytes("\r\n\r\n")) + 4;
            return (status, all.AsSpan(bodyStart).ToArray());
        }

        private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

        [TestMethod]
        [DataRow(true)]
        [DataRow(false)]
        public void HttpsGet_IndexAndOneMebibyte_ThenResumed(bool ecdsa)
        {
            TestEnvironment.Require(NginxServer.IsInstalled, NginxServer.Requirement);
            using NginxServer nginx = NginxServer.Start(ecdsa);
            TestClient client = ClientFor(nginx);
            var cache = new TlsSessionCache(2, 1024);

            var (status, body) = Get(client, nginx, "/", cache);
            Assert.AreEqual(200, status);
            Assert.AreEqual(NginxServer.IndexBody, Encoding.ASCII.GetString(body));
            Assert.IsFalse(client.Engine.Resumed);
            Console.WriteLine("nginx negotiated " + TlsCipherSuite.Name(client.Engine.CipherSuite) + ", ticket " + client.Engine.TicketReceived);

            (status, body) = Get(client, nginx, "/large", cache);
            Assert.AreEqual(200, status);
            Assert.IsTrue(client.Engine.Resumed, "second connection resumed");
            CollectionAssert.AreEqual(nginx.LargeBody, body);
        }

        [TestMethod]
        public void WrongHostName_CertificateRejectedWithExactCheck()
        {
            TestEnvironment.Require(NginxServer.IsInstalled, NginxServer.Requirement);
            using NginxServer nginx = NginxServer.Start(true);
            TestClient client = ClientFor(nginx);
            using OsSocketChannel channel = OsSocketChannel.Connect(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, nginx.Port), Timeout);
            var tls = new TlsConnection(client.Engine, channel);
            Assert.IsFalse(tls.Handshake("other.test", TestClient.Now, null, Timeout));
            Console.WriteLine(client.Engine.DescribeFailure());
            Assert.AreEqual(TlsFailure.BadCertificate, client.Engine.Failure);
            Assert.AreEqual(ChainStatus.HostNameMismatch, client.Engine.CertificateStatus);
            Assert.AreEqual(0, client.Engine.CertificatePosition);
            Assert.AreEqual(TlsAlert.CertificateUnknown, client.Engine.Alert);
        }

        [TestMethod]
        public void UnknownCa_CertificateRejectedWithUnknownCa()
        {
            TestEnvironment.Require(NginxServer.IsInstalled, NginxServer.Requirement);
            using NginxServer nginx = NginxServer.Start(true);
            var client = new TestClient(TlsTestPki.For(ServerKey.EcdsaP256).Anchors());
            using OsSocketChannel channel = OsSocketChannel.Connect(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, nginx.Port), Timeout);
            var tls = new TlsConnection(client.Engine, channel);
            Assert.IsFalse(tls.Handshake(NginxServer.HostName, TestClient.Now, null, Timeout));
            Console.WriteLine(client.Engine.DescribeFailure());
            Assert.AreEqual(TlsFailure.BadCertificate, client.Engine.Failure);
            Assert.IsTrue(client.Engine.CertificateStatus == ChainStatus.UntrustedRoot || client.Engine.CertificateStatus == ChainStatus.MissingIssuer,
                client.Engine.DescribeFailure());
            Assert.AreEqual(TlsAlert.UnknownCa, client.Engine.Alert);
        }
    }
}
