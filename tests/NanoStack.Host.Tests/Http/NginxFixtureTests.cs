using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;

namespace NanoStack.Host.Tests.Http
{
    /// <summary>The nginx fixture itself, checked with the host's TLS client, so a failure of
    /// NanoStack's client against it is never the fixture's.</summary>
    [TestClass]
    public sealed class NginxFixtureTests
    {
        [TestMethod]
        public void ServesTls12WithTheTestCertificateAndStopsByPid()
        {
            TestEnvironment.Require(NginxServer.IsInstalled, NginxServer.Requirement);
            int port;
            using (NginxServer nginx = NginxServer.Start())
            {
                port = nginx.Port;
                using var tcp = new TcpClient("127.0.0.1", port);
                using var tls = new SslStream(tcp.GetStream(), false, (s, cert, chain, errors) =>
                    cert != null && new X509Certificate2(cert).Thumbprint == nginx.Leaf.Thumbprint);
                tls.AuthenticateAsClient(new SslClientAuthenticationOptions
                {
                    TargetHost = NginxServer.HostName,
                    EnabledSslProtocols = SslProtocols.Tls12,
                });
                Assert.AreEqual(SslProtocols.Tls12, tls.SslProtocol);
                byte[] request = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: " + NginxServer.HostName + "\r\nConnection: close\r\n\r\n");
                tls.Write(request);
                string response = new StreamReader(tls, Encoding.ASCII).ReadToEnd();
                StringAssert.StartsWith(response, "HTTP/1.1 200 OK");
                StringAssert.EndsWith(response, NginxServer.IndexBody);
            }
            Assert.ThrowsExactly<SocketException>(() => new TcpClient("127.0.0.1", port), "nginx stopped");
        }
    }
}
