using System;
using System.Net;
using System.Net.Sockets;
using NanoStack.Channels;
using NanoStack.Http;
using NanoStack.Tls;

namespace NanoStack.App.Stock
{
    /// <summary>
    /// One HTTPS fetch of the settings' URL over the platform's own IP stack: what the application
    /// does on stock nanoFramework firmware, where lwIP owns the network and NanoStack supplies
    /// only TLS and HTTP. The host name is resolved by <c>System.Net.Dns</c>, the connection is a
    /// <c>System.Net.Sockets.Socket</c> wrapped in <see cref="SocketChannel"/>, the TLS handshake
    /// and the GET run with the device configuration of <see cref="DeviceTls"/> (same suite,
    /// group, fragment limits, trust anchors and certificate limits, the session resumed on later
    /// fetches), and the body is read, counted and digested. Each step is logged; a failed step is
    /// named with its reason (<see cref="LastFailedStep"/>, <see cref="LastFailure"/>).
    /// </summary>
    /// <remarks>
    /// Unlike the custom-firmware path, each fetch allocates: the platform's DNS answer, the
    /// socket, its endpoint, the channel and the TLS connection over it. The TLS engine, session
    /// cache, HTTP client and body buffer are the ones built once by <see cref="DeviceTls"/>.
    /// </remarks>
    public sealed class SocketFetcher
    {
        /// <summary>Any single wait of the TLS handshake, a request or a body read.</summary>
        public const int IoTimeoutMs = 30000;

        private readonly DeviceTls _parts;
        private readonly IAppLog _log;

        /// <summary>Fetches with <paramref name="parts"/> (its HTTP client built), logging to
        /// <paramref name="log"/> (may be null).</summary>
        public SocketFetcher(DeviceTls parts, IAppLog log)
        {
            if (parts == null)
            {
                throw new ArgumentNullException("parts");
            }
            if (parts.Http == null)
            {
                throw new ArgumentException("the HTTP client is not built (DeviceTls.CreateHttp)", "parts");
            }
            _parts = parts;
            _log = log;
        }

        /// <summary>Fetches that got the page with status 200.</summary>
        public int Fetches { get; private set; }

        /// <summary>Fetches that failed.</summary>
        public int Failures { get; private set; }

        /// <summary>Fetches whose TLS handshake resumed the cached session.</summary>
        public int ResumedHandshakes { get; private set; }

        /// <summary>The step the last failed fetch stopped at; <see cref="AppStep.None"/> after a success.</summary>
        public AppStep LastFailedStep { get; private set; }

        /// <summary>Why the last failed fetch failed.</summary>
        public string LastFailure { get; private set; }

        /// <summary>The address the host name resolved to on the last fetch.</summary>
        public string LastAddress { get; private set; }

        /// <summary>The HTTP status of the last response.</summary>
        public int LastStatusCode { get; private set; }

        /// <summary>Body bytes of the last fetch.</summary>
        public long LastBodyBytes { get; private set; }

        /// <summary>FNV-1a (32-bit) of the last body.</summary>
        public uint LastBodyDigest { get; private set; }

        /// <summary>Whether the last fetch's handshake was abbreviated (session resumed).</summary>
        public bool LastResumed { get; private set; }

        /// <summary>
        /// Resolves, connects, runs the TLS handshake at <paramref name="unixSeconds"/> (the wall
        /// time certificates are checked against), sends the GET, reads the body and closes.
        /// Returns true when the page came with status 200.
        /// </summary>
        public bool Fetch(long unixSeconds)
        {
            string host = _parts.Host;
            int port = _parts.Port;
            IPAddress address;
            string why;
            if (!Resolve(host, out address, out why))
            {
                return Fail(AppStep.Dns, string.Concat(host, ": ", why));
            }
            LastAddress = address.ToString();
            Log(string.Concat("dns: ", host, " is ", LastAddress));

            SocketChannel channel = SocketChannel.Connect(new IPEndPoint(address, port), out why);
            if (channel == null)
            {
                return Fail(AppStep.Tcp, string.Concat("connect to ", LastAddress, " port ", port.ToString(), ": ", why));
            }
            Log(string.Concat("tcp: connected to ", LastAddress, " port ", port.ToString()));

            TlsClientEngine engine = _parts.Engine;
            TlsConnection tls = new TlsConnection(engine, channel);
            if (!tls.Handshake(host, unixSeconds, _parts.Sessions, IoTimeoutMs))
            {
                why = Describe(engine, channel);
                channel.Close();
                return Fail(AppStep.Tls, why);
            }
            LastResumed = engine.Resumed;
            if (LastResumed)
            {
                ResumedHandshakes++;
            }
            Log(_parts.DescribeSession(host));

            HttpClient http = _parts.Http;
            http.Attach(tls, "https", host, port);
            if (!http.Get(_parts.Url, IoTimeoutMs))
            {
                why = HttpFailure(http, engine, channel);
                http.Close();
                channel.Close();
                return Fail(AppStep.Http, why);
            }
            LastStatusCode = http.StatusCode;
            long bytes;
            uint digest;
            int n = _parts.ReadBody(IoTimeoutMs, out bytes, out digest);
            LastBodyBytes = bytes;
            LastBodyDigest = digest;
            if (n < 0)
            {
                why = string.Concat("reading the body: ", HttpFailure(http, engine, channel));
                http.Close();
                channel.Close();
                return Fail(AppStep.Http, why);
            }
            http.Close();
            channel.Close();
            if (LastStatusCode != 200)
            {
                return Fail(AppStep.Http, string.Concat("status ", LastStatusCode.ToString(), " ", http.GetReason()));
            }
            Fetches++;
            LastFailedStep = AppStep.None;
            LastFailure = null;
            Log(string.Concat(new string[]
            {
                "http: ", LastStatusCode.ToString(), ", ", bytes.ToString(), " body bytes, FNV-1a ", digest.ToString("x8"),
            }));
            return true;
        }

        /// <summary>The first IPv4 address of <paramref name="host"/> (a dotted address is taken as
        /// it is), or false with the reason.</summary>
        private static bool Resolve(string host, out IPAddress address, out string why)
        {
            address = null;
            why = null;
            IPHostEntry entry;
            try
            {
                entry = System.Net.Dns.GetHostEntry(host);
            }
            catch (SocketException e)
            {
                why = e.Message;
                return false;
            }
            IPAddress[] list = entry == null ? null : entry.AddressList;
            if (list != null)
            {
                for (int i = 0; i < list.Length; i++)
                {
                    if (list[i] != null && list[i].AddressFamily == AddressFamily.InterNetwork)
                    {
                        address = list[i];
                        return true;
                    }
                }
            }
            why = "no IPv4 address";
            return false;
        }

        private static string Describe(TlsClientEngine engine, SocketChannel channel)
        {
            string text = engine.DescribeFailure();
            if (channel.LastError != null)
            {
                text = string.Concat(text, " (socket: ", channel.LastError, ")");
            }
            return text;
        }

        private static string HttpFailure(HttpClient http, TlsClientEngine engine, SocketChannel channel)
        {
            string text = http.Error.ToString();
            if (http.ChannelError != 0)
            {
                text = string.Concat(text, " (TLS: ", Describe(engine, channel), ")");
            }
            return text;
        }

        private bool Fail(AppStep step, string reason)
        {
            Failures++;
            LastFailedStep = step;
            LastFailure = reason;
            Log(string.Concat(StepName(step), ": failed: ", reason));
            return false;
        }

        /// <summary>The step's name as the log lines start with it (as <c>DeviceApp.StepName</c>).</summary>
        private static string StepName(AppStep step)
        {
            switch (step)
            {
                case AppStep.Dns: return "dns";
                case AppStep.Tcp: return "tcp";
                case AppStep.Tls: return "tls";
                case AppStep.Http: return "http";
                default: return "app";
            }
        }

        private void Log(string line)
        {
            if (_log != null)
            {
                _log.Line(line);
            }
        }
    }
}
