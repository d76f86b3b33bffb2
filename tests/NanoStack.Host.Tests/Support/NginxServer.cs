using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;

namespace NanoStack.Host.Tests.Support
{
    /// <summary>
    /// A private nginx on 127.0.0.1 for HTTPS tests: its own configuration, certificate, logs and
    /// temp directories under a fresh temp directory, started in the foreground
    /// (<c>daemon off</c>) and stopped by PID in <see cref="Dispose"/>. TLS 1.2 only.
    /// Routes: <c>/</c> a small page, <c>/large</c> a file of <see cref="LargeBodyLength"/> bytes,
    /// <c>/chunked</c> the same small page gzip-compressed with chunked transfer coding (sent
    /// when the request accepts gzip), <c>/chunked-plain</c> the small page with "test page"
    /// rewritten to "chunked page" (sub_filter: chunked without gzip), <c>/redirect</c> a 302 to <c>/</c>.
    /// The certificate is issued by a test CA (<see cref="CaCertificate"/>) for <see cref="HostName"/>.
    /// </summary>
    public sealed class NginxServer : IDisposable
    {
        public const string HostName = "nginx.test";
        public const int LargeBodyLength = 1 << 20;
        public const string IndexBody = "<html><body>NanoStack test page</body></html>\n";

        private readonly string _dir;
        private Process _process;

        private NginxServer(string dir, int port, X509Certificate2 ca, X509Certificate2 leaf, bool ecdsa)
        {
            _dir = dir;
            Port = port;
            CaCertificate = ca;
            Leaf = leaf;
            IsEcdsa = ecdsa;
        }

        public static string Executable => File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : null;

        public static bool IsInstalled => Executable != null;

        public const string Requirement = "nginx (apt package nginx) for HTTPS tests against an independent server";

        public int Port { get; }

        public X509Certificate2 CaCertificate { get; }

        public X509Certificate2 Leaf { get; }

        public bool IsEcdsa { get; }

        /// <summary>The bytes of <c>/large</c>.</summary>
        public byte[] LargeBody { get; private set; }

        /// <summary>Starts nginx with an ECDSA P-256 (or RSA-2048) certificate; waits until it accepts connections.</summary>
        public static NginxServer Start(bool ecdsa = true)
        {
            string dir = Path.Combine(Path.GetTempPath(), "nanostack-nginx-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(dir);
            Directory.CreateDirectory(Path.Combine(dir, "www"));
            (X509Certificate2 ca, X509Certificate2 leaf, string leafPem, string keyPem) = MakeCertificates(ecdsa);
            File.WriteAllText(Path.Combine(dir, "leaf.pem"), leafPem);
            File.WriteAllText(Path.Combine(dir, "leaf.key"), keyPem);
            File.WriteAllText(Path.Combine(dir, "www", "index.html"), IndexBody);
            byte[] large = new byte[LargeBodyLength];
            new Random(1234).NextBytes(large);
            File.WriteAllBytes(Path.Combine(dir, "www", "large"), large);
            int port = FreePort();
            string conf = $$"""
                worker_processes 1;
                daemon off;
                master_process on;
                user root;
                pid {{dir}}/nginx.pid;
                error_log {{dir}}/error.log warn;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path {{dir}}/body;
                    proxy_temp_path {{dir}}/proxy;
                    fastcgi_temp_path {{dir}}/fastcgi;
                    uwsgi_temp_path {{dir}}/uwsgi;
                    scgi_temp_path {{dir}}/scgi;
                    server {
                        listen 127.0.0.1:{{port}} ssl;
                        server_name {{HostName}};
                        ssl_certificate {{dir}}/leaf.pem;
                        ssl_certificate_key {{dir}}/leaf.key;
                        ssl_protocols TLSv1.2;
                        ssl_session_tickets on;
                        ssl_session_cache shared:test:1m;
                        keepalive_requests 100;
                        root {{dir}}/www;
                        default_type text/html;
                        location = /large { default_type application/octet-stream; }
                        location = /chunked {
                            gzip on; gzip_min_length 0; gzip_types text/html;
                            try_files /index.html =404;
                        }
                        location = /chunked-plain {
                            # sub_filter rewrites the body, so nginx drops Content-Length and sends it chunked.
                            sub_filter 'test page' 'chunked page'; sub_filter_once off;
                            try_files /index.html =404;
                        }
                        location = /redirect { return 302 /; }
                    }
                }
                """;
            string confPath = Path.Combine(dir, "nginx.conf");
            File.WriteAllText(confPath, conf);
            var server = new NginxServer(dir, port, ca, leaf, ecdsa) { LargeBody = large };
            var psi = new ProcessStartInfo(Executable, "-p " + dir + " -c " + confPath)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            server._process = Process.Start(psi);
            var watch = Stopwatch.StartNew();
            while (watch.ElapsedMilliseconds < 10_000)
            {
                if (server._process.HasExited)
                {
                    string err = server._process.StandardError.ReadToEnd();
                    server.Dispose();
                    throw new InvalidOperationException("nginx exited at start: " + err);
                }
                try
                {
                    using var probe = new TcpClient();
                    probe.Connect(IPAddress.Loopback, port);
                    return server;
                }
                catch (SocketException)
                {
                    Thread.Sleep(50);
                }
            }
            server.Dispose();
            throw new InvalidOperationException("nginx did not accept connections within 10 s");
        }

        private static (X509Certificate2, X509Certificate2, string, string) MakeCertificates(bool ecdsa)
        {
            DateTimeOffset from = DateTimeOffset.UtcNow.AddDays(-1), to = DateTimeOffset.UtcNow.AddDays(30);
            using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var caReq = new CertificateRequest("CN=NanoStack Test CA", caKey, HashAlgorithmName.SHA256);
            caReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            caReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            caReq.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caReq.PublicKey, false));
            X509Certificate2 ca = caReq.CreateSelfSigned(from, to);

            AsymmetricAlgorithm leafKey = ecdsa ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(2048);
            CertificateRequest leafReq = ecdsa
                ? new CertificateRequest("CN=" + HostName, (ECDsa)leafKey, HashAlgorithmName.SHA256)
                : new CertificateRequest("CN=" + HostName, (RSA)leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            leafReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            leafReq.CertificateExtensions.Add(new X509KeyUsageExtension(ecdsa ? X509KeyUsageFlags.DigitalSignature : X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            leafReq.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(HostName);
            san.AddIpAddress(IPAddress.Loopback);
            leafReq.CertificateExtensions.Add(san.Build());
            byte[] serial = new byte[8];
            RandomNumberGenerator.Fill(serial);
            serial[0] &= 0x7F;
            // The CA is ECDSA; an RSA leaf needs the explicit signature generator.
            X509Certificate2 leaf = leafReq.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), from, to, serial);
            string keyPem = ecdsa ? ((ECDsa)leafKey).ExportPkcs8PrivateKeyPem() : ((RSA)leafKey).ExportPkcs8PrivateKeyPem();
            leafKey.Dispose();
            // nginx sends the whole file as the chain: leaf then the CA.
            string chainPem = leaf.ExportCertificatePem() + "\n" + ca.ExportCertificatePem() + "\n";
            return (ca, leaf, chainPem, keyPem);
        }

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int signal);

        private static int FreePort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            int port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }

        public void Dispose()
        {
            if (_process != null)
            {
                try
                {
                    if (!_process.HasExited)
                    {
                        // SIGTERM to the master by PID: it stops and reaps its workers (fast shutdown).
                        kill(_process.Id, 15);
                        if (!_process.WaitForExit(5_000))
                        {
                            _process.Kill(entireProcessTree: true);
                            _process.WaitForExit(5_000);
                        }
                    }
                }
                catch (InvalidOperationException)
                {
                }
                _process.Dispose();
                _process = null;
            }
            try
            {
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
