using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NanoStack.Board.Emulator.Trace;
using NanoStack.Board.Linux;
using NanoStack.Channels;
using NanoStack.Http;
using NanoStack.Tls;
using NanoStack.Tls.Crypto;
using NanoStack.Tls.X509;

namespace NanoStack.Cli
{
    /// <summary>Options of <c>nanostack get</c>.</summary>
    public sealed class GetOptions
    {
        public string Url;
        public bool Verbose;
        public string CaPath;
        public string Pin;
        public string OutputPath;
        public int TimeoutMs = 30_000;
        public bool Progress = true;

        /// <summary>Name resolution (default: the operating system's).</summary>
        public Func<string, IPAddress[]> Resolve = System.Net.Dns.GetHostAddresses;
    }

    /// <summary>
    /// <c>nanostack get URL</c>: NanoStack's TLS 1.2 client and HTTP/1.1 client over the host
    /// operating system's TCP (name resolution too), for trying real endpoints. Exit codes say
    /// which layer failed.
    /// </summary>
    public static class GetCommand
    {
        public const int ExitOk = 0, ExitUsage = 1, ExitDns = 2, ExitConnect = 3, ExitTls = 4, ExitHttp = 5;

        /// <summary>Where Debian and most Linux distributions keep the system's CA bundle.</summary>
        public const string SystemBundle = "/etc/ssl/certs/ca-certificates.crt";

        public static int Run(TextWriter output, TextWriter error, Stream stdout, GetOptions options)
        {
            if (!HttpUrl.TryParse(options.Url ?? "", out HttpUrl url) || !url.HasOrigin)
            {
                error.WriteLine("nanostack get: not an http:// or https:// URL: " + options.Url);
                return ExitUsage;
            }
            TrustAnchorStore anchors = null;
            byte[] pin = null;
            if (url.IsHttps)
            {
                string caPath = options.CaPath ?? SystemBundle;
                if (!File.Exists(caPath))
                {
                    error.WriteLine("nanostack get: no trust anchors: " + caPath + " does not exist (give --ca PEM)");
                    return ExitUsage;
                }
                string pem = File.ReadAllText(caPath);
                int count = 0;
                for (int at = pem.IndexOf("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal); at >= 0; at = pem.IndexOf("-----BEGIN CERTIFICATE-----", at + 1, StringComparison.Ordinal))
                {
                    count++;
                }
                anchors = new TrustAnchorStore(Math.Max(1, count));
                int added = anchors.AddPem(pem);
                if (added <= 0)
                {
                    error.WriteLine("nanostack get: no usable certificate in " + caPath);
                    return ExitUsage;
                }
                if (options.Verbose)
                {
                    error.WriteLine("* trust anchors: " + added + " of " + count + " certificates in " + caPath);
                }
                if (options.Pin != null)
                {
                    try
                    {
                        pin = Convert.FromBase64String(options.Pin.StartsWith("sha256//", StringComparison.Ordinal) ? options.Pin.Substring(8) : options.Pin);
                    }
                    catch (FormatException)
                    {
                        pin = null;
                    }
                    if (pin == null || pin.Length != 32)
                    {
                        error.WriteLine("nanostack get: --pin takes the base64 SHA-256 of a SubjectPublicKeyInfo (as curl's sha256//…)");
                        return ExitUsage;
                    }
                }
            }

            var connector = new OsConnector(anchors, pin, options.Verbose ? error : null, options.Resolve);
            var client = new HttpClient(new HttpClientConfig { UserAgent = "nanostack-get/1.0", HeaderBufferLength = 8192, MaxHeaderCount = 64 }, connector);
            client.FollowRedirects = true;
            if (options.Verbose)
            {
                string host = url.Text.Substring(url.HostStart, url.HostLength);
                string target = url.PathLength > 0 ? url.Text.Substring(url.PathStart, url.PathLength) : "/";
                error.WriteLine("> GET " + target + " HTTP/1.1");
                error.WriteLine("> Host: " + host + (url.Port != url.DefaultPort ? ":" + url.Port : ""));
                error.WriteLine("> User-Agent: nanostack-get/1.0");
                error.WriteLine(">");
            }
            bool ok = client.Get(options.Url, options.TimeoutMs);
            if (!ok)
            {
                if (connector.Failure != ExitOk)
                {
                    error.WriteLine("nanostack get: " + connector.FailureText);
                    return connector.Failure;
                }
                error.WriteLine("nanostack get: HTTP failed: " + client.Error + (client.ChannelError != 0 ? " (channel status " + client.ChannelError + (connector.LastTls != null ? ", TLS: " + connector.LastTls.Engine.DescribeFailure() : "") + ")" : ""));
                return client.ChannelError != 0 && connector.LastTls != null && connector.LastTls.Engine.Failure != TlsFailure.None && connector.LastTls.Engine.Failure != TlsFailure.PeerClosed ? ExitTls : ExitHttp;
            }
            if (options.Verbose)
            {
                error.WriteLine("< HTTP/1." + client.MinorVersion + " " + client.StatusCode + " " + client.GetReason());
                for (int i = 0; i < client.HeaderCount; i++)
                {
                    client.GetHeader(i, out int no, out int nl, out int vo, out int vl);
                    error.WriteLine("< " + Encoding.ASCII.GetString(client.HeaderBuffer, no, nl) + ": " + Encoding.ASCII.GetString(client.HeaderBuffer, vo, vl));
                }
                error.WriteLine("<");
            }

            Stream sink = options.OutputPath != null ? File.Create(options.OutputPath) : stdout;
            var progress = options.OutputPath != null && options.Progress && !Console.IsErrorRedirected ? new ProgressBar(error, client.ContentLength) : null;
            var buffer = new byte[16384];
            long total = 0;
            int n;
            try
            {
                while ((n = client.ReadBody(buffer, 0, buffer.Length, options.TimeoutMs)) > 0)
                {
                    sink.Write(buffer, 0, n);
                    total += n;
                    progress?.Update(total);
                }
            }
            finally
            {
                sink.Flush();
                if (options.OutputPath != null)
                {
                    sink.Dispose();
                }
            }
            progress?.Done(total);
            client.Close();
            if (n < 0)
            {
                error.WriteLine("nanostack get: reading the body failed: " + client.Error + (connector.LastTls != null ? " (TLS: " + connector.LastTls.Engine.DescribeFailure() + ")" : ""));
                return ExitHttp;
            }
            if (options.Verbose)
            {
                error.WriteLine("* " + total + " body bytes" + (client.RedirectCount > 0 ? " after " + client.RedirectCount + " redirect(s)" : ""));
            }
            if (client.StatusCode >= 400)
            {
                error.WriteLine("nanostack get: HTTP status " + client.StatusCode + " " + client.GetReason());
                return ExitHttp;
            }
            return ExitOk;
        }

        /// <summary>Opens connections for the HTTP client: the OS resolves and connects, our TLS
        /// runs on top; the first failure is kept with its layer.</summary>
        private sealed class OsConnector : IHttpConnector
        {
            private readonly TrustAnchorStore _anchors;
            private readonly byte[] _pin;
            private readonly TextWriter _verbose;
            private readonly Func<string, IPAddress[]> _resolve;
            private readonly EcdsaVerifier _p256 = EcdsaVerifier.P256();
            private readonly EcdsaVerifier _p384 = EcdsaVerifier.P384();
            private readonly RsaVerifier _rsa = new RsaVerifier();

            public OsConnector(TrustAnchorStore anchors, byte[] pin, TextWriter verbose, Func<string, IPAddress[]> resolve)
            {
                _resolve = resolve;
                _anchors = anchors;
                _pin = pin;
                _verbose = verbose;
            }

            public int Failure { get; private set; }

            public string FailureText { get; private set; }

            public TlsConnection LastTls { get; private set; }

            public IByteChannel Open(string scheme, string host, int port, int timeoutMs)
            {
                IPAddress address;
                if (IPAddress.TryParse(host, out IPAddress literal))
                {
                    address = literal;
                }
                else
                {
                    try
                    {
                        address = Array.Find(_resolve(host), a => a.AddressFamily == AddressFamily.InterNetwork);
                    }
                    catch (SocketException e)
                    {
                        return Fail(ExitDns, "DNS: cannot resolve " + host + ": " + e.Message);
                    }
                }
                if (address == null)
                {
                    return Fail(ExitDns, "DNS: " + host + " has no IPv4 address");
                }
                _verbose?.WriteLine("*   Trying " + address + ":" + port + "...");
                OsSocketChannel socket;
                try
                {
                    socket = OsSocketChannel.Connect(new IPEndPoint(address, port), timeoutMs);
                }
                catch (Exception e) when (e is SocketException || e is TimeoutException)
                {
                    return Fail(ExitConnect, "connect to " + address + " port " + port + " failed: " + e.Message);
                }
                _verbose?.WriteLine("* Connected to " + host + " (" + address + ") port " + port);
                if (scheme != "https")
                {
                    return socket;
                }
                var validator = new ChainValidator(_anchors, null, ChainValidator.DefaultWindow, _p256, _p384, _rsa);
                if (_pin != null)
                {
                    validator.AddPin(_pin);
                }
                var engine = new TlsClientEngine(new TlsClientConfig { AlpnProtocols = new[] { "http/1.1" } }, new SystemEntropy(), validator, _p256, _p384, _rsa);
                IByteChannel transport = _verbose != null ? new TlsTraceChannel(socket, _verbose) : socket;
                var tls = new TlsConnection(engine, transport);
                LastTls = tls;
                if (!tls.Handshake(host, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), null, timeoutMs))
                {
                    socket.Close();
                    return Fail(ExitTls, "TLS handshake with " + host + " failed: " + engine.DescribeFailure());
                }
                _verbose?.WriteLine("* SSL connection using TLSv1.2 / " + Demo.OpenSslName(engine.CipherSuite));
                _verbose?.WriteLine("* ALPN: server accepted " + (engine.NegotiatedProtocol ?? "nothing"));
                _verbose?.WriteLine("* SSL certificate verify ok");
                return tls;
            }

            private IByteChannel Fail(int code, string text)
            {
                if (Failure == ExitOk)
                {
                    Failure = code;
                    FailureText = text;
                }
                return null;
            }
        }

        private sealed class SystemEntropy : NanoStack.Tls.Crypto.IEntropySource
        {
            public void GetBytes(byte[] buffer, int offset, int count) => System.Security.Cryptography.RandomNumberGenerator.Fill(buffer.AsSpan(offset, count));
        }

        /// <summary>A one-line progress bar on stderr (only when stderr is a terminal).</summary>
        private sealed class ProgressBar
        {
            private readonly TextWriter _writer;
            private readonly long _total;
            private long _lastDrawn = -1;

            public ProgressBar(TextWriter writer, long total)
            {
                _writer = writer;
                _total = total;
            }

            public void Update(long done)
            {
                if (done - _lastDrawn < 65536 && done != _total)
                {
                    return;
                }
                _lastDrawn = done;
                if (_total > 0)
                {
                    int width = 40;
                    int filled = (int)(width * done / _total);
                    _writer.Write("\r[" + new string('#', filled) + new string(' ', width - filled) + "] " + (100 * done / _total) + "% " + done + " / " + _total + " B");
                }
                else
                {
                    _writer.Write("\r" + done + " B");
                }
            }

            public void Done(long done)
            {
                Update(done);
                _writer.WriteLine();
            }
        }
    }
}
