using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace NanoStack.Host.Tests.TlsClient
{
    /// <summary>
    /// The host's <see cref="SslStream"/> as an independent TLS 1.2 server on the far end of a
    /// <see cref="BytePipe"/>, on its own task. After the handshake it runs
    /// <see cref="Application"/> (default: echo until the client closes). What the server saw
    /// (SNI, ALPN, suite, resumption) is recorded for assertions.
    /// </summary>
    public sealed class SslStreamServer : IDisposable
    {
        private readonly BytePipe _pipe;
        private readonly Task _task;
        private readonly SslStream _ssl;

        public SslStreamServer(BytePipe pipe, TlsTestPki pki, TlsCipherSuite[] suites = null,
                               List<SslApplicationProtocol> alpn = null, Action<SslStream> application = null,
                               bool sendChain = true, SslStreamCertificateContext context = null)
        {
            _pipe = pipe;
            _ssl = new SslStream(pipe.Server, leaveInnerStreamOpen: false);
            var options = new SslServerAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12,
                ServerCertificateContext = context ?? SslStreamCertificateContext.Create(pki.Leaf,
                    sendChain ? new X509Certificate2Collection(pki.Ca) : new X509Certificate2Collection(), offline: true),
                ClientCertificateRequired = false,
                ApplicationProtocols = alpn,
                AllowRenegotiation = false,
            };
            if (suites != null && OperatingSystem.IsLinux())
            {
                options.CipherSuitesPolicy = new CipherSuitesPolicy(suites);
            }
            options.ServerCertificateSelectionCallback = null;
            Application = application ?? Echo;
            _task = Task.Run(() => Run(options));
        }

        public Action<SslStream> Application { get; }

        /// <summary>A certificate context to share across servers (the server-side session cache lives with it).</summary>
        public static SslStreamCertificateContext ContextFor(TlsTestPki pki) =>
            SslStreamCertificateContext.Create(pki.Leaf, new X509Certificate2Collection(pki.Ca), offline: true);

        public string SeenHostName { get; private set; }
        public SslApplicationProtocol NegotiatedAlpn { get; private set; }
        public TlsCipherSuite NegotiatedSuite { get; private set; }
        public Exception Error { get; private set; }
        public bool Completed => _task.IsCompleted;

        private void Run(SslServerAuthenticationOptions options)
        {
            try
            {
                _ssl.AuthenticateAsServer(options);
                SeenHostName = _ssl.TargetHostName;
                NegotiatedAlpn = _ssl.NegotiatedApplicationProtocol;
                NegotiatedSuite = _ssl.NegotiatedCipherSuite;
                Application(_ssl);
            }
            catch (Exception e)
            {
                Error = e;
            }
            finally
            {
                try
                {
                    _ssl.Dispose();
                }
                catch (Exception)
                {
                }
            }
        }

        /// <summary>Echoes everything until the client's close_notify (or the pipe's end).</summary>
        public static void Echo(SslStream ssl)
        {
            byte[] buffer = new byte[16384];
            while (true)
            {
                int n = ssl.Read(buffer, 0, buffer.Length);
                if (n <= 0)
                {
                    return;
                }
                ssl.Write(buffer, 0, n);
            }
        }

        /// <summary>Waits for the server task to end (true) within <paramref name="timeoutMs"/>.</summary>
        public bool Wait(int timeoutMs) => _task.Wait(timeoutMs);

        public void Dispose()
        {
            _pipe.Dispose();
            _task.Wait(10_000);
        }
    }
}
