using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Channels;
using NanoStack.Host.Tests.Support;
using NanoStack.Host.Tests.TlsClient;
using NanoStack.Host.Tests.X509;
using NanoStack.Sockets;
using NanoStack.Tls;

namespace NanoStack.Host.Tests.Linux
{
    /// <summary>
    /// The whole client path on a real kernel: NanoStack's TCP on a TAP device and its TLS client
    /// over <see cref="TcpChannel"/>, against <c>openssl s_server -www</c> listening inside the
    /// namespace the test creates (192.0.2.1), the capture checked by tshark.
    /// </summary>
    [TestClass]
    public class TlsOverKernelTests
    {
        [TestMethod]
        [DataRow(ServerKey.EcdsaP256, DisplayName = "ECDSA P-256 chain")]
        [DataRow(ServerKey.Rsa2048, DisplayName = "RSA-2048 chain")]
        public void HttpsGetFromOpenSslInTheNamespace(ServerKey kind)
        {
            KernelNode.Require();
            TestEnvironment.Require(OpenSsl.Available(), OpenSslServer.Requirement);
            TlsTestPki pki = TlsTestPki.For(kind);
            string dir = Path.Combine(Path.GetTempPath(), "nanostack-tls-kernel-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(dir);
            try
            {
                File.WriteAllText(Path.Combine(dir, "leaf.pem"), pki.Leaf.ExportCertificatePem() + "\n");
                File.WriteAllText(Path.Combine(dir, "ca.pem"), pki.Ca.ExportCertificatePem() + "\n");
                File.WriteAllText(Path.Combine(dir, "leaf.key"), pki.LeafKeyPem + "\n");
                using var node = new KernelNode();
                bool capturing = node.StartCapture();
                Process server = node.Ns.Start("openssl", "s_server -accept 192.0.2.1:4433 -tls1_2 -www"
                    + " -cert " + Path.Combine(dir, "leaf.pem") + " -key " + Path.Combine(dir, "leaf.key") + " -cert_chain " + Path.Combine(dir, "ca.pem"));
                var output = new StringBuilder();
                var accepting = new ManualResetEventSlim();
                server.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } if (e.Data != null && e.Data.Contains("ACCEPT")) { accepting.Set(); } };
                server.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
                server.BeginOutputReadLine();
                server.BeginErrorReadLine();
                Assert.IsTrue(accepting.Wait(10_000), "s_server did not start: " + output);

                TcpChannel tcp = TcpChannel.Connect(node.Iface, node, KernelNode.Kernel, 4433, 10_000, out TcpError error);
                Assert.IsNotNull(tcp, "connect: " + error);
                var client = new TestClient(pki.Anchors());
                var tls = new TlsConnection(client.Engine, tcp);
                Assert.IsTrue(tls.Handshake(TlsTestPki.HostName, TestClient.Now, null, 10_000), "handshake: " + client.Engine.DescribeFailure());

                byte[] request = Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\nHost: " + TlsTestPki.HostName + "\r\n\r\n");
                Assert.AreEqual(request.Length, tls.Write(request, 0, request.Length, 5_000));
                var page = new MemoryStream();
                var buffer = new byte[4096];
                int n;
                while ((n = tls.Read(buffer, 0, buffer.Length, 10_000)) > 0)
                {
                    page.Write(buffer, 0, n);
                }
                string text = Encoding.ASCII.GetString(page.ToArray());
                Assert.AreEqual(0, n, "the page ends with close_notify: " + client.Engine.DescribeFailure());
                StringAssert.StartsWith(text, "HTTP/1.0 200 ok");
                StringAssert.Contains(text, "Protocol  : TLSv1.2");
                StringAssert.Contains(text, kind == ServerKey.Rsa2048 ? "ECDHE-RSA-CHACHA20-POLY1305" : "ECDHE-ECDSA-CHACHA20-POLY1305");
                TcpSocket socket = tcp.Socket;
                tls.Close();
                Assert.IsTrue(node.Pump(() => node.Iface.TcpSocketsInUse == 0 || socket.State == TcpState.TimeWait, 5_000), "closed: " + socket.State);

                node.Ns.Stop(server);
                if (capturing)
                {
                    var (problems, packets) = node.CheckCapture();
                    Console.WriteLine($"capture: {packets} packets");
                    Assert.AreEqual("", problems, "tshark: no malformed packets, no bad checksums");
                    // The count is reported, not asserted (see KernelEdgeTests: tcpdump in the
                    // namespace sometimes records nothing in short runs).
                }
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
