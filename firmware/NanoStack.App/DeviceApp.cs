using System;
using NanoStack.Dhcp;
using NanoStack.Dns;
using NanoStack.Http;
using NanoStack.Sntp;
using NanoStack.Sockets;
using NanoStack.Tls;
using NanoStack.Wifi;
using NanoStack.Wire;

namespace NanoStack.App
{
    /// <summary>
    /// The device application: joins the Wi-Fi network, takes a DHCP lease, sets the wall time by
    /// SNTP, then fetches the settings' URL over TLS again and again: DNS, TCP connect, TLS
    /// handshake (certificate validated against the settings' trust anchors for the URL's host,
    /// the session resumed on later fetches), HTTP GET, the body read and counted, close, and the
    /// fetch interval. A failed step is logged with its reason (<see cref="LastFailedStep"/>,
    /// <see cref="LastFailure"/>) and the cycle is retried after a growing back-off.
    /// </summary>
    /// <remarks>
    /// Steps already done are not repeated: a connected station, a lease and the time carry over
    /// to the next cycle; only a lost link starts again from Wi-Fi. After the first fetch a cycle
    /// allocates nothing except its log lines (none without a log). Every wait runs the stack
    /// through <see cref="DeviceLoop"/>, so DHCP renewals and TIME-WAIT proceed meanwhile.
    /// </remarks>
    public sealed class DeviceApp
    {
        /// <summary>How long joining the network may take (scan, association, 4-way handshake).</summary>
        public const int WifiJoinTimeoutMs = 20000;

        /// <summary>How long to wait for a lease (the client retransmits at 4, 8, 16 s: RFC 2131 §4.1).</summary>
        public const int DhcpTimeoutMs = 30000;

        /// <summary>SNTP requests per cycle before the step fails.</summary>
        public const int SntpAttempts = 3;

        /// <summary>Pause before re-sending an SNTP request the interface could not send (ARP pending).</summary>
        public const int SntpResendDelayMs = 250;

        /// <summary>How long a name resolution may take (the client's own retry schedule ends first).</summary>
        public const int DnsTimeoutMs = 20000;

        /// <summary>TCP connect: SYN and its retransmissions.</summary>
        public const int ConnectTimeoutMs = 15000;

        /// <summary>Any single wait of the TLS handshake, a request or a body read.</summary>
        public const int IoTimeoutMs = 30000;

        /// <summary>First back-off after a failure; doubles per failure in a row.</summary>
        public const int FirstRetryMs = 2000;

        /// <summary>Longest back-off.</summary>
        public const int MaxRetryMs = 300000;

        private readonly DeviceStack _stack;
        private readonly AppSettings _settings;
        private readonly IAppLog _log;
        private bool _networkUp;
        private int _leaseChangesSeen = -1;
        private long _nextAttemptMs;

        public DeviceApp(DeviceStack stack, IAppLog log)
        {
            if (stack == null)
            {
                throw new ArgumentNullException("stack");
            }
            _stack = stack;
            _settings = stack.Settings;
            _log = log;
        }

        public DeviceStack Stack { get { return _stack; } }

        /// <summary>Cycles run (successful or not).</summary>
        public int Cycles { get; private set; }

        /// <summary>Cycles that fetched the page.</summary>
        public int Fetches { get; private set; }

        /// <summary>Cycles that failed.</summary>
        public int Failures { get; private set; }

        /// <summary>Failures since the last successful fetch (drives the back-off).</summary>
        public int FailuresInARow { get; private set; }

        /// <summary>Times the station joined the network.</summary>
        public int WifiJoins { get; private set; }

        /// <summary>Fetches whose TLS handshake resumed the cached session.</summary>
        public int ResumedHandshakes { get; private set; }

        /// <summary>The step the last failed cycle stopped at; <see cref="AppStep.None"/> after a success.</summary>
        public AppStep LastFailedStep { get; private set; }

        /// <summary>Why the last failed cycle failed (the step's own error value or description).</summary>
        public string LastFailure { get; private set; }

        /// <summary>The HTTP status of the last response.</summary>
        public int LastStatusCode { get; private set; }

        /// <summary>Body bytes of the last fetch.</summary>
        public long LastBodyBytes { get; private set; }

        /// <summary>FNV-1a (32-bit) of the last body: a cheap check that two fetches got the same bytes.</summary>
        public uint LastBodyDigest { get; private set; }

        /// <summary>Whether the last fetch's handshake was abbreviated (session resumed).</summary>
        public bool LastResumed { get; private set; }

        /// <summary>Milliseconds from DNS to the end of the body on the last fetch.</summary>
        public long LastFetchMs { get; private set; }

        /// <summary>Body bytes of every fetch.</summary>
        public long TotalBodyBytes { get; private set; }

        /// <summary>When the next cycle starts (board milliseconds).</summary>
        public long NextAttemptAtMs { get { return _nextAttemptMs; } }

        /// <summary>Whether the wall time is known (SNTP).</summary>
        public bool TimeSynchronized { get { return _stack.Sntp.IsSynchronized; } }

        /// <summary>Runs forever: the device's main loop.</summary>
        public void Run()
        {
            while (true)
            {
                RunCycle();
            }
        }

        /// <summary>Waits (running the stack) until the next cycle is due, then runs it: returns
        /// true when the page was fetched.</summary>
        public bool RunCycle()
        {
            DeviceLoop loop = _stack.Loop;
            loop.RunUntil(_nextAttemptMs);
            Cycles++;
            bool ok = Attempt();
            long now = loop.NowMs;
            if (ok)
            {
                Fetches++;
                FailuresInARow = 0;
                LastFailedStep = AppStep.None;
                LastFailure = null;
                _nextAttemptMs = now + _settings.FetchIntervalMs;
            }
            else
            {
                Failures++;
                int shift = FailuresInARow < 8 ? FailuresInARow : 8;
                FailuresInARow++;
                long backoff = (long)FirstRetryMs << shift;
                if (backoff > MaxRetryMs)
                {
                    backoff = MaxRetryMs;
                }
                _nextAttemptMs = now + backoff;
                if (_log != null)
                {
                    _log.Line(string.Concat("retry: in ", backoff.ToString(), " ms (failure ", FailuresInARow.ToString(), " in a row)"));
                }
            }
            return ok;
        }

        private bool Attempt()
        {
            if (!EnsureWifi() || !EnsureLease() || !EnsureTime())
            {
                return false;
            }
            return Fetch();
        }

        // ---------------------------------------------------------------- Wi-Fi

        private bool EnsureWifi()
        {
            IWifi wifi = _stack.Wifi;
            WifiEventKind kind;
            while (wifi.TryGetEvent(out kind))
            {
                if (kind == WifiEventKind.LinkDown)
                {
                    _networkUp = false;
                }
            }
            if (wifi.Status == WifiStatus.Connected && _networkUp)
            {
                return true;
            }
            _networkUp = false;
            DeviceLoop loop = _stack.Loop;
            if (wifi.Status != WifiStatus.Connected)
            {
                if (_log != null)
                {
                    _log.Line(string.Concat("wifi: joining \"", _settings.Ssid, "\""));
                }
                wifi.Connect(loop.NowMs, _settings.Ssid, _settings.Passphrase);
                long deadline = loop.NowMs + WifiJoinTimeoutMs;
                while (wifi.Status != WifiStatus.Connected && wifi.Error == WifiError.None && loop.NowMs < deadline)
                {
                    loop.RunOnce(deadline);
                }
                if (wifi.Status != WifiStatus.Connected)
                {
                    WifiError error = wifi.Error;
                    wifi.Disconnect(loop.NowMs);
                    return Fail(AppStep.Wifi, error == WifiError.None ? "no connection within the join timeout" : error.ToString());
                }
            }
            WifiJoins++;
            _networkUp = true;
            if (_log != null)
            {
                _log.Line(string.Concat("wifi: connected to \"", _settings.Ssid, "\", link up"));
            }
            // A new link needs a new lease (RFC 2131 §3.7 would verify the old one; starting over is simpler).
            DhcpClient dhcp = _stack.Dhcp;
            dhcp.Stop();
            if (!dhcp.Start(loop.NowMs))
            {
                return Fail(AppStep.Dhcp, dhcp.LastError.ToString());
            }
            return true;
        }

        // ---------------------------------------------------------------- DHCP

        private bool EnsureLease()
        {
            DhcpClient dhcp = _stack.Dhcp;
            DeviceLoop loop = _stack.Loop;
            if (!dhcp.HasLease)
            {
                long deadline = loop.NowMs + DhcpTimeoutMs;
                while (!dhcp.HasLease && loop.NowMs < deadline)
                {
                    loop.RunOnce(deadline);
                }
                if (!dhcp.HasLease)
                {
                    return Fail(AppStep.Dhcp, dhcp.LastError == DhcpError.None
                        ? string.Concat("no lease within ", (DhcpTimeoutMs / 1000).ToString(), " s (state ", DhcpClient.StateName(dhcp.State), ")")
                        : dhcp.LastError.ToString());
                }
            }
            if (dhcp.LeaseChanges != _leaseChangesSeen)
            {
                _leaseChangesSeen = dhcp.LeaseChanges;
                _stack.Dns.SetServers(dhcp.DnsServer1, dhcp.DnsServer2);
                if (_log != null)
                {
                    _log.Line(string.Concat(new string[]
                    {
                        "dhcp: lease ", dhcp.Address.ToString(), "/", dhcp.PrefixLength.ToString(), ", router ", dhcp.Router.ToString(),
                        ", DNS ", dhcp.DnsServer1.ToString(), ", ", dhcp.LeaseSeconds.ToString(), " s",
                    }));
                }
            }
            return true;
        }

        // ---------------------------------------------------------------- SNTP

        private bool EnsureTime()
        {
            SntpClient sntp = _stack.Sntp;
            if (sntp.IsSynchronized)
            {
                return true;
            }
            Ipv4Address server;
            string name = _settings.NtpServer;
            if (name == null || name.Length == 0)
            {
                server = _stack.Dhcp.Router;
                if (server.IsUnspecified)
                {
                    return Fail(AppStep.Sntp, "no NTP server configured and the lease names no router");
                }
            }
            else
            {
                DnsStatus status = Resolve(name, out server);
                if (status != DnsStatus.Resolved)
                {
                    return Fail(AppStep.Sntp, string.Concat("cannot resolve the NTP server ", name, ": ", status.ToString()));
                }
            }
            DeviceLoop loop = _stack.Loop;
            for (int attempt = 0; attempt < SntpAttempts && !sntp.IsSynchronized; attempt++)
            {
                if (_log != null)
                {
                    _log.Line(string.Concat("sntp: request to ", server.ToString()));
                }
                if (!sntp.Request(loop.NowMs, _stack.Iface, _stack.SntpHandle, server))
                {
                    // Not sent (the router's MAC is being resolved): ask again shortly.
                    loop.RunUntil(loop.NowMs + SntpResendDelayMs);
                    if (!sntp.Request(loop.NowMs, _stack.Iface, _stack.SntpHandle, server))
                    {
                        loop.RunUntil(loop.NowMs + SntpResendDelayMs);
                        continue;
                    }
                }
                while (sntp.IsWaiting)
                {
                    loop.RunOnce(sntp.PollAt(loop.NowMs));
                }
                if (sntp.Error == SntpError.KissOfDeath)
                {
                    break; // RFC 4330 §8: stop asking this server
                }
            }
            if (!sntp.IsSynchronized)
            {
                string reason = sntp.Error == SntpError.KissOfDeath
                    ? string.Concat("KissOfDeath ", sntp.KissCode)
                    : sntp.Error == SntpError.None ? "request not sent (no route or ARP answer)" : sntp.Error.ToString();
                return Fail(AppStep.Sntp, string.Concat(reason, " from ", server.ToString(), "; certificates cannot be checked without the date"));
            }
            if (_log != null)
            {
                _log.Line(string.Concat(new string[]
                {
                    "sntp: time set, Unix ", (sntp.UnixMs(loop.NowMs) / 1000).ToString(), " s, stratum ", sntp.Stratum.ToString(),
                    ", round trip ", sntp.RoundTripMs.ToString(), " ms",
                }));
            }
            return true;
        }

        // ---------------------------------------------------------------- one fetch

        private bool Fetch()
        {
            DeviceLoop loop = _stack.Loop;
            long start = loop.NowMs;
            string host = _stack.Host;
            Ipv4Address address;
            DnsStatus status = Resolve(host, out address);
            if (status != DnsStatus.Resolved)
            {
                return Fail(AppStep.Dns, string.Concat(host, ": ", status.ToString()));
            }
            if (_log != null)
            {
                _log.Line(string.Concat("dns: ", host, " is ", address.ToString(), _stack.Dns.FromCache ? " (cached)" : ""));
            }

            TcpError tcpError = _stack.Tcp.Open(address, _stack.Port, ConnectTimeoutMs);
            if (tcpError != TcpError.None)
            {
                return Fail(AppStep.Tcp, string.Concat("connect to ", address.ToString(), " port ", ((int)_stack.Port).ToString(), ": ", tcpError.ToString()));
            }
            if (_log != null)
            {
                _log.Line(string.Concat("tcp: connected to ", address.ToString(), " port ", ((int)_stack.Port).ToString()));
            }

            TlsConnection tls = _stack.Tls;
            TlsClientEngine engine = _stack.Engine;
            long unixSeconds = _stack.Sntp.UnixMs(loop.NowMs) / 1000;
            if (!tls.Handshake(host, unixSeconds, _stack.Sessions, IoTimeoutMs))
            {
                string why = engine.DescribeFailure();
                _stack.Tcp.Abort();
                return Fail(AppStep.Tls, why);
            }
            LastResumed = engine.Resumed;
            if (LastResumed)
            {
                ResumedHandshakes++;
            }
            if (_log != null)
            {
                _log.Line(_stack.TlsParts.DescribeSession(host));
            }

            HttpClient http = _stack.Http;
            http.Attach(tls, "https", host, _stack.Port);
            if (!http.Get(_settings.Url, IoTimeoutMs))
            {
                string why = HttpFailure(http);
                http.Close();
                _stack.Tcp.Abort();
                return Fail(AppStep.Http, why);
            }
            LastStatusCode = http.StatusCode;
            long bytes;
            uint digest;
            int n = _stack.TlsParts.ReadBody(IoTimeoutMs, out bytes, out digest);
            LastBodyBytes = bytes;
            LastBodyDigest = digest;
            if (n < 0)
            {
                string why = string.Concat("reading the body: ", HttpFailure(http));
                http.Close();
                _stack.Tcp.Abort();
                return Fail(AppStep.Http, why);
            }
            http.Close();
            if (_stack.Tcp.IsOpen)
            {
                _stack.Tcp.Close();
            }
            LastFetchMs = loop.NowMs - start;
            if (LastStatusCode != 200)
            {
                return Fail(AppStep.Http, string.Concat("status ", LastStatusCode.ToString(), " ", http.GetReason()));
            }
            TotalBodyBytes += bytes;
            if (_log != null)
            {
                _log.Line(string.Concat(new string[]
                {
                    "http: ", LastStatusCode.ToString(), ", ", bytes.ToString(), " body bytes, FNV-1a ", digest.ToString("x8"),
                    ", ", LastFetchMs.ToString(), " ms",
                }));
            }
            return true;
        }

        private DnsStatus Resolve(string name, out Ipv4Address address)
        {
            DnsClient dns = _stack.Dns;
            DeviceLoop loop = _stack.Loop;
            address = Ipv4Address.Any;
            DnsStatus status = dns.Start(loop.NowMs, name);
            if (status == DnsStatus.Pending)
            {
                long deadline = loop.NowMs + DnsTimeoutMs;
                while (dns.Status == DnsStatus.Pending && loop.NowMs < deadline)
                {
                    loop.RunOnce(deadline);
                }
                status = dns.Status;
                if (status == DnsStatus.Pending)
                {
                    status = DnsStatus.TimedOut;
                }
            }
            if (status == DnsStatus.Resolved)
            {
                address = dns.Address;
            }
            return status;
        }

        private string HttpFailure(HttpClient http)
        {
            string text = http.Error.ToString();
            if (http.ChannelError != 0)
            {
                text = string.Concat(text, " (TLS: ", _stack.Engine.DescribeFailure(), ")");
            }
            return text;
        }

        private bool Fail(AppStep step, string reason)
        {
            LastFailedStep = step;
            LastFailure = reason;
            if (_log != null)
            {
                _log.Line(string.Concat(StepName(step), ": failed: ", reason));
            }
            return false;
        }

        /// <summary>The step's name as the log lines start with it.</summary>
        public static string StepName(AppStep step)
        {
            switch (step)
            {
                case AppStep.Wifi: return "wifi";
                case AppStep.Dhcp: return "dhcp";
                case AppStep.Sntp: return "sntp";
                case AppStep.Dns: return "dns";
                case AppStep.Tcp: return "tcp";
                case AppStep.Tls: return "tls";
                case AppStep.Http: return "http";
                default: return "app";
            }
        }
    }
}
