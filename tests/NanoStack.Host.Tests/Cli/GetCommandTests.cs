using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Cli;
using NanoStack.Host.Tests.Support;

namespace NanoStack.Host.Tests.Cli
{
    /// <summary>
    /// <c>nanostack get</c> against nginx on loopback (started by the test, stopped by PID): a
    /// page with the verbose trace, 1 MiB to a file, a chunked body, a redirect, and each failure
    /// with its own exit code.
    /// </summary>
    [TestClass]
    public class GetCommandTests
    {
        private static NginxServer _nginx;
        private static string _caPath;

        [ClassInitialize]
        public static void Start(TestContext _)
        {
            if (!NginxServer.IsInstalled)
            {
                return;
            }
            _nginx = NginxServer.Start();
            _caPath = Path.Combine(Path.GetTempPath(), "nanostack-get-ca-" + Environment.ProcessId + ".pem");
            File.WriteAllText(_caPath, _nginx.CaCertificate.ExportCertificatePem() + "\n");
        }

        [ClassCleanup]
        public static void Stop()
        {
            _nginx?.Dispose();
            if (_caPath != null)
            {
                File.Delete(_caPath);
            }
        }

        private static (int Exit, byte[] Body, string Errors) Get(string path, Action<GetOptions> configure = null)
        {
            TestEnvironment.Require(_nginx != null, NginxServer.Requirement);
            var options = new GetOptions { Url = "https://localhost:" + _nginx.Port + path, CaPath = _caPath, Progress = false };
            options.Resolve = host => host == "localhost" ? new[] { IPAddress.Loopback } : throw new SocketException((int)SocketError.HostNotFound);
            configure?.Invoke(options);
            var body = new MemoryStream();
            var errors = new StringWriter();
            int exit = GetCommand.Run(new StringWriter(), errors, body, options);
            return (exit, body.ToArray(), errors.ToString());
        }

        [TestMethod]
        public void VerbosePage()
        {
            // The certificate names nginx.test and 127.0.0.1: reach it by address.
            var (exit, body, errors) = Get("/", o => { o.Url = "https://127.0.0.1:" + _nginx.Port + "/"; o.Verbose = true; });
            Assert.AreEqual(GetCommand.ExitOk, exit, errors);
            Assert.AreEqual(NginxServer.IndexBody, Encoding.ASCII.GetString(body));
            StringAssert.Contains(errors, "* TLSv1.2 (OUT), TLS handshake, Client hello (1):");
            StringAssert.Contains(errors, "* SSL connection using TLSv1.2 / ECDHE-ECDSA-");
            StringAssert.Contains(errors, "< HTTP/1.1 200 OK");
        }

        [TestMethod]
        public void LargeBodyToAFile()
        {
            string file = Path.Combine(Path.GetTempPath(), "nanostack-get-" + Guid.NewGuid().ToString("N"));
            try
            {
                var (exit, _, errors) = Get("/large", o => { o.Url = "https://127.0.0.1:" + _nginx.Port + "/large"; o.OutputPath = file; });
                Assert.AreEqual(GetCommand.ExitOk, exit, errors);
                CollectionAssert.AreEqual(SHA256.HashData(_nginx.LargeBody), SHA256.HashData(File.ReadAllBytes(file)));
            }
            finally
            {
                File.Delete(file);
            }
        }

        [TestMethod]
        public void ChunkedBody()
        {
            var (exit, body, errors) = Get("/chunked-plain", o => { o.Url = "https://127.0.0.1:" + _nginx.Port + "/chunked-plain"; o.Verbose = true; });
            Assert.AreEqual(GetCommand.ExitOk, exit, errors);
            StringAssert.Contains(errors, "< Transfer-Encoding: chunked");
            Assert.AreEqual(NginxServer.IndexBody.Replace("test page", "chunked page"), Encoding.ASCII.GetString(body));
        }

        [TestMethod]
        public void RedirectFollowed()
        {
            var (exit, body, errors) = Get("/redirect", o => { o.Url = "https://127.0.0.1:" + _nginx.Port + "/redirect"; o.Verbose = true; });
            Assert.AreEqual(GetCommand.ExitOk, exit, errors);
            Assert.AreEqual(NginxServer.IndexBody, Encoding.ASCII.GetString(body));
            StringAssert.Contains(errors, "after 1 redirect(s)");
        }

        [TestMethod]
        public void HostNameMismatchIsATlsFailureWithTheReason()
        {
            var (exit, _, errors) = Get("/");
            Assert.AreEqual(GetCommand.ExitTls, exit, errors);
            StringAssert.Contains(errors, "host name");
        }

        [TestMethod]
        public void WrongPinIsATlsFailure()
        {
            var (exit, _, errors) = Get("/", o => { o.Url = "https://127.0.0.1:" + _nginx.Port + "/"; o.Pin = Convert.ToBase64String(new byte[32]); });
            Assert.AreEqual(GetCommand.ExitTls, exit, errors);
            StringAssert.Contains(errors, "TLS handshake with 127.0.0.1 failed");
        }

        [TestMethod]
        public void NotFoundIsAnHttpFailure()
        {
            var (exit, _, errors) = Get("/missing", o => o.Url = "https://127.0.0.1:" + _nginx.Port + "/missing");
            Assert.AreEqual(GetCommand.ExitHttp, exit, errors);
            StringAssert.Contains(errors, "404");
        }

        [TestMethod]
        public void UnknownNameIsADnsFailure()
        {
            var (exit, _, errors) = Get("/", o => o.Url = "https://no-such-host.test:" + _nginx.Port + "/");
            Assert.AreEqual(GetCommand.ExitDns, exit, errors);
            StringAssert.Contains(errors, "DNS: cannot resolve no-such-host.test");
        }

        [TestMethod]
        public void ClosedPortIsAConnectFailure()
        {
            int port;
            using (var l = new TcpListener(IPAddress.Loopback, 0))
            {
                l.Start();
                port = ((IPEndPoint)l.LocalEndpoint).Port;
            }
            var (exit, _, errors) = Get("/", o => o.Url = "https://127.0.0.1:" + port + "/");
            Assert.AreEqual(GetCommand.ExitConnect, exit, errors);
            StringAssert.Contains(errors, "connect to 127.0.0.1 port " + port + " failed");
        }
    }
}
