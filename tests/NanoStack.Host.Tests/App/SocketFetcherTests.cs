using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.App;
using NanoStack.App.Stock;

namespace NanoStack.Host.Tests.App
{
    /// <summary>
    /// The stock-firmware path end to end on the host's loopback: the application's own
    /// <see cref="SocketFetcher"/> (System.Net.Dns → Socket → SocketChannel → TlsConnection →
    /// HttpClient) with the device TLS configuration of <see cref="DeviceTls"/> and the stock
    /// entropy, against the host's SslStream as an HTTPS server for "localhost". What only the
    /// device does (WifiNetworkHelper, the firmware's SNTP date) is not exercised here.
    /// </summary>
    [TestClass]
    public class SocketFetcherTests
    {
        private const string HostName = "localhost";

        private sealed class ListLog : IAppLog
        {
            public readonly List<string> Lines = new List<string>();

            public void Line(string text)
            {
                lock (Lines)
                {
                    Lines.Add(text);
                }
            }

            public override string ToString() => string.Join("\n", Lines);
        }

        /// <summary>An ECDSA P-256 CA and a leaf for "localhost" signed by it.</summary>
        private sealed class Pki
        {
            public X509Certificate2 Ca;
            public X509Certificate2 Leaf;

            public static Pki Make(string caName)
            {
                DateTimeOffset from = DateTimeOffset.UtcNow.AddDays(-1), to = DateTimeOffset.UtcNow.AddDays(30);
                using ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var caReq = new CertificateRequest("CN=" + caName, caKey, HashAlgorithmName.SHA256);
                caReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
                caReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
                caReq.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caReq.PublicKey, false));
                X509Certificate2 ca = caReq.CreateSelfSigned(from, to);

                using ECDsa leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var leafReq = new CertificateRequest("CN=" + HostName, leafKey, HashAlgorithmName.SHA256);
                leafReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
                leafReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
                leafReq.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
                var san = new SubjectAlternativeNameBuilder();
                san.AddDnsName(HostName);
                leafReq.CertificateExtensions.Add(san.Build());
                byte[] serial = new byte[8];
                RandomNumberGenerator.Fill(serial);
                serial[0] &= 0x7F;
                using X509Certificate2 leafPublic = leafReq.Create(ca, from, to, serial);
                using X509Certificate2 withKey = leafPublic.CopyWithPrivateKey(leafKey);
                // Ephemeral keys cannot back an SslStream server everywhere: round-trip through PKCS#12.
                X509Certificate2 leaf = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
                return new Pki { Ca = ca, Leaf = leaf };
            }
        }

        /// <summary>HTTPS on 127.0.0.1: each connection gets a TLS 1.2 handshake (the host's
        /// SslStream), one request read up to its blank line, and one response with the page.</summary>
        private sealed class LoopbackHttpsServer : IDisposable
        {
            private readonly TcpListener _listener;
            private readonly Task _task;
            private readonly SslStreamCertificateContext _context;
            private readonly byte[] _page;

            public LoopbackHttpsServer(Pki pki, byte[] page)
            {
                _page = page;
                _context = SslStreamCertificateContext.Create(pki.Leaf, new X509Certificate2Collection(pki.Ca), offline: true);
                _listener = new TcpListener(IPAddress.Loopback, 0);
                _listener.Start();
                _task = Task.Run(Run);
            }

            public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

            public int Served;

            public readonly List<string> Requests = new List<string>();

            public readonly List<Exception> Errors = new List<Exception>();

            private void Run()
            {
                while (true)
                {
                    Socket socket;
                    try
                    {
                        socket = _listener.AcceptSocket();
                    }
                    catch (Exception)
                    {
                        return; // stopped
                    }
                    try
                    {
                        using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
                        ssl.ReadTimeout = 10_000;
                        ssl.WriteTimeout = 10_000;
                        ssl.AuthenticateAsServer(new SslServerAuthenticationOptions
                        {
                            EnabledSslProtocols = SslProtocols.Tls12,
                            ServerCertificateContext = _context,
                            ClientCertificateRequired = false,
                            AllowRenegotiation = false,
                        });
                        var head = new MemoryStream();
                        var one = new byte[1];
                        while (!EndsWithBlankLine(head) && ssl.Read(one, 0, 1) == 1)
                        {
                            head.WriteByte(one[0]);
                        }
                        lock (Requests)
                        {
                            Requests.Add(Encoding.ASCII.GetString(head.ToArray()));
                        }
                        byte[] response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                            + _page.Length + "\r\nConnection: close\r\n\r\n");
                        ssl.Write(response, 0, response.Length);
                        ssl.Write(_page, 0, _page.Length);
                        ssl.Flush();
                        ssl.ShutdownAsync().Wait(5_000);
                        Interlocked.Increment(ref Served);
                    }
                    catch (Exception e)
                    {
                        lock (Errors)
                        {
                            Errors.Add(e);
                        }
                    }
                }
            }

            private static bool EndsWithBlankLine(MemoryStream s)
            {
                if (s.Length < 4)
                {
                    return false;
                }
                byte[] b = s.GetBuffer();
                long n = s.Length;
                return b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
            }

            public void Dispose()
            {
                _listener.Stop();
                _task.Wait(10_000);
            }
        }

        private static AppSettings SettingsFor(Pki anchors, int port) => new AppSettings
        {
            Ssid = "unused on the host",
            Url = "https://" + HostName + ":" + port + "/status.txt",
            TrustAnchorsPem = anchors.Ca.ExportCertificatePem() + "\n",
        };

        private static SocketFetcher FetcherFor(AppSettings settings, ListLog log, out DeviceTls parts)
        {
            parts = DeviceTls.Create(settings, new StockEntropy(), null);
            parts.CreateHttp(null);
            return new SocketFetcher(parts, log);
        }

        private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        private static uint Fnv1a(byte[] data)
        {
            uint h = 2166136261;
            foreach (byte b in data)
            {
                h = (h ^ b) * 16777619;
            }
            return h;
        }

        [TestMethod]
        public void FetchesTwiceWithTheDeviceTlsConfigurationAndResumes()
        {
            Pki pki = Pki.Make("NanoStack stock path test CA");
            // Larger than the device's 2048-byte records: the server must honour max_fragment_length.
            byte[] page = new byte[5000];
            for (int i = 0; i < page.Length; i++)
            {
                page[i] = (byte)('a' + i % 26);
            }
            using var server = new LoopbackHttpsServer(pki, page);
            var log = new ListLog();
            SocketFetcher fetcher = FetcherFor(SettingsFor(pki, server.Port), log, out DeviceTls parts);

            Assert.IsTrue(fetcher.Fetch(Now), fetcher.LastFailedStep + ": " + fetcher.LastFailure + "\n" + log);
            Assert.AreEqual(200, fetcher.LastStatusCode);
            Assert.AreEqual(page.Length, fetcher.LastBodyBytes);
            Assert.AreEqual(Fnv1a(page), fetcher.LastBodyDigest);
            Assert.AreEqual("127.0.0.1", fetcher.LastAddress);
            Assert.AreEqual(NanoStack.Tls.TlsCipherSuite.EcdheEcdsaAes128GcmSha256, parts.Engine.CipherSuite);
            Assert.IsTrue(parts.Engine.MaxFragmentLengthNegotiated || parts.Engine.RecordSizeLimitNegotiated, "no record limit agreed");
            Assert.IsFalse(fetcher.LastResumed);

            Assert.IsTrue(fetcher.Fetch(Now), fetcher.LastFailedStep + ": " + fetcher.LastFailure + "\n" + log);
            Assert.AreEqual(page.Length, fetcher.LastBodyBytes);
            Assert.IsTrue(fetcher.LastResumed, "the second handshake did not resume the session\n" + log);
            Assert.AreEqual(2, fetcher.Fetches);
            Assert.AreEqual(0, fetcher.Failures);
            Assert.AreEqual(AppStep.None, fetcher.LastFailedStep);

            Assert.IsTrue(SpinWait.SpinUntil(() => Volatile.Read(ref server.Served) == 2, 10_000), "server served " + server.Served);
            lock (server.Errors)
            {
                Assert.AreEqual(0, server.Errors.Count, string.Join("\n", server.Errors));
            }
            StringAssert.StartsWith(server.Requests[0], "GET /status.txt HTTP/1.1\r\n");
            StringAssert.Contains(server.Requests[0], "\r\nHost: localhost:" + server.Port + "\r\n");
            Console.WriteLine(log);
            StringAssert.Contains(log.ToString(), "tls: TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, certificate chain verified for localhost");
            StringAssert.Contains(log.ToString(), "tls: TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, session resumed");
        }

        [TestMethod]
        public void AnUntrustedChainFailsTheTlsStep()
        {
            Pki pki = Pki.Make("NanoStack stock path test CA");
            Pki other = Pki.Make("Some other CA");
            using var server = new LoopbackHttpsServer(pki, Encoding.ASCII.GetBytes("never sent"));
            var log = new ListLog();
            SocketFetcher fetcher = FetcherFor(SettingsFor(other, server.Port), log, out _);

            Assert.IsFalse(fetcher.Fetch(Now));
            Assert.AreEqual(AppStep.Tls, fetcher.LastFailedStep);
            StringAssert.Contains(fetcher.LastFailure, "certificate rejected");
            StringAssert.StartsWith(log.Lines[log.Lines.Count - 1], "tls: failed: ");
            Assert.AreEqual(1, fetcher.Failures);
        }

        [TestMethod]
        public void ARefusedConnectionFailsTheTcpStep()
        {
            int port;
            using (var l = new TcpListener(IPAddress.Loopback, 0))
            {
                l.Start();
                port = ((IPEndPoint)l.LocalEndpoint).Port;
            }
            Pki pki = Pki.Make("NanoStack stock path test CA");
            var log = new ListLog();
            SocketFetcher fetcher = FetcherFor(SettingsFor(pki, port), log, out _);

            Assert.IsFalse(fetcher.Fetch(Now));
            Assert.AreEqual(AppStep.Tcp, fetcher.LastFailedStep);
            StringAssert.StartsWith(fetcher.LastFailure, "connect to 127.0.0.1 port " + port + ": ");
            Console.WriteLine(log);
        }

        [TestMethod]
        public void StockEntropyDoesNotRepeat()
        {
            var a = new StockEntropy();
            var b = new StockEntropy();
            var x = new byte[48];
            var y = new byte[48];
            var z = new byte[48];
            a.GetBytes(x, 0, x.Length);
            a.GetBytes(y, 0, y.Length);
            b.GetBytes(z, 0, z.Length);
            CollectionAssert.AreNotEqual(x, y);
            CollectionAssert.AreNotEqual(x, z);
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => a.GetBytes(x, 40, 9));
        }
    }
}
