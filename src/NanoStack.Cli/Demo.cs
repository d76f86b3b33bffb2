using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using NanoStack.Board.Emulator;
using NanoStack.Board.Emulator.Trace;
using NanoStack.Board.Emulator.Wifi;
using NanoStack.Channels;
using NanoStack.Dhcp;
using NanoStack.Dns;
using NanoStack.Http;
using NanoStack.Iface;
using NanoStack.Link;
using NanoStack.Sockets;
using NanoStack.Tls;
using NanoStack.Tls.Crypto;
using NanoStack.Tls.X509;
using NanoStack.Wifi;
using NanoStack.Wire;

namespace NanoStack.Cli
{
    /// <summary>Options of <c>nanostack demo</c>.</summary>
    public sealed class DemoOptions
    {
        public string PcapPath;
        public string MermaidPath;
        public int LossPercent;
        public uint Seed = 1;
        public int MaxFragmentLength;
        public bool Resume;
        public string Path = "/";
        public string Passphrase = EmulatedWorld.Passphrase;
    }

    /// <summary>
    /// The main job on the emulator board, nothing mocked between the emulated Wi-Fi frame and the
    /// HTTP body: the device joins the WPA2 network, gets a DHCP lease, resolves the host, opens
    /// TCP, runs the TLS 1.2 handshake with certificate validation, GETs a page and closes with the
    /// four-way handshake, all on the virtual clock. The output reads like <c>curl -v</c>, with
    /// the device's TCP state transitions and a summary.
    /// </summary>
    public sealed class Demo
    {
        /// <summary>Exit codes: which step failed.</summary>
        public const int ExitOk = 0, ExitWifi = 2, ExitDhcp = 3, ExitDns = 4, ExitConnect = 5, ExitTls = 6, ExitHttp = 7;

        private const int StepTimeoutMs = 120_000;
        private const string UserAgent = "NanoStack/1.0";

        private readonly TextWriter _out;
        private readonly DemoOptions _options;
        private readonly EmulatedWorld _world;
        private readonly StateLogWriter _writer;
        private TcpStateLog _stateLog;
        private DeviceAllocationMeter _meter;
        private int _stateLogPrinted;
        private long _deviceBytes;

        private Demo(TextWriter output, DemoOptions options)
        {
            _out = output;
            _options = options;
            _world = new EmulatedWorld(options.Seed);
            _writer = new StateLogWriter(this);
        }

        /// <summary>The page the emulated server serves at "/".</summary>
        public static byte[] IndexPage { get; } = Encoding.ASCII.GetBytes(
            "<!DOCTYPE html>\n<html>\n<head><title>NanoStack</title></head>\n<body>\n"
            + "<h1>Hello from www.nanostack.test</h1>\n"
            + "<p>This page crossed an emulated WPA2 link, NanoStack's IPv4 and TCP, and a TLS 1.2\n"
            + "session that NanoStack's client negotiated with the host's SslStream.</p>\n"
            + "</body>\n</html>\n");

        public static int Run(TextWriter output, DemoOptions options)
        {
            ArgumentNullException.ThrowIfNull(output);
            options ??= new DemoOptions();
            var demo = new Demo(output, options);
            try
            {
                return demo.Execute();
            }
            finally
            {
                demo._world.Dispose();
            }
        }

        private void Say(string text) => _writer.WriteLine("[" + Seconds(_world.NowMs) + "] " + text);

        private static string Seconds(long ms) => (ms / 1000).ToString().PadLeft(4) + "." + (ms % 1000).ToString("D3");

        private int Execute()
        {
            EmulatedWorld w = _world;
            w.Https.AddPage("/", "text/html", IndexPage);
            var large = new byte[64 * 1024];
            new Random((int)_options.Seed).NextBytes(large);
            w.Https.AddPage("/large", "application/octet-stream", large);
            _writer.WriteLine("NanoStack demo: emulator board, virtual clock, seed " + _options.Seed
                + (_options.LossPercent > 0 ? ", " + _options.LossPercent + "% frame loss each way" : "")
                + (_options.MaxFragmentLength > 0 ? ", MFL " + _options.MaxFragmentLength : ""));

            // ---- the device: link decorations, then everything it allocates once.
            EmulatedStation station = w.CreateStation();
            var faults = new FaultInjectorLink(station.Link, _options.Seed + 7, 256, 1 << 20);
            faults.Outbound.LossPpm = _options.LossPercent * 10_000;
            faults.Inbound.LossPpm = _options.LossPercent * 10_000;
            ILink link = faults;
            PcapLink pcap = null;
            if (_options.PcapPath != null)
            {
                pcap = PcapLink.Create(link, _options.PcapPath);
                link = pcap;
            }
            MermaidLink mermaid = null;
            if (_options.MermaidPath != null)
            {
                mermaid = new MermaidLink(link, "Device");
                mermaid.Name(EmulatedWorld.Router, "Router (DHCP, DNS)");
                mermaid.Name(EmulatedWorld.Server, EmulatedWorld.HostName);
                mermaid.Name(new Ipv4Address(255, 255, 255, 255), "Broadcast");
                link = mermaid;
            }
            var metered = new MeteredLink(link);

            long before = GC.GetAllocatedBytesForCurrentThread();
            Device device = Device.Create(metered, _options);
            long construction = GC.GetAllocatedBytesForCurrentThread() - before;
            device.Wifi = station;
            _stateLog = device.StateLog;
            w.AddDevicePoller(device.Iface.Poll, device.Iface.PollAt);
            w.AddDevicePoller(device.Dhcp.Poll, device.Dhcp.PollAt);
            w.AddDevicePoller(device.Dns.Poll, device.Dns.PollAt);
            byte[] anchor = w.Ca.RawData;
            if (device.Validator.AddTrustAnchor(anchor, 0, anchor.Length) != CertStatus.Ok)
            {
                throw new InvalidOperationException("the emulator's CA was not accepted as a trust anchor");
            }

            int exit;
            try
            {
                _meter = new DeviceAllocationMeter(w, metered);
                exit = Steps(device, mermaid);
            }
            finally
            {
                pcap?.Dispose();
            }
            if (mermaid != null)
            {
                mermaid.WriteTo(_options.MermaidPath);
                _writer.WriteLine("Mermaid sequence diagram: " + _options.MermaidPath + " (" + mermaid.Arrows + " frames)");
            }
            if (pcap != null)
            {
                _writer.WriteLine("pcap: " + _options.PcapPath + " (" + pcap.Records + " frames)");
            }
            if (exit != ExitOk)
            {
                return exit;
            }

            _writer.WriteLine();
            _writer.WriteLine("Summary");
            _writer.WriteLine("  frames: device sent " + device.Iface.Counters.FramesSent + ", received " + device.Iface.Counters.FramesReceived
                + (_options.LossPercent > 0 ? "; the link lost " + faults.Outbound.Lost + " sent and " + faults.Inbound.Lost + " received" : ""));
            _writer.WriteLine("  TCP: " + device.Segments + " connection(s), " + device.Retransmissions + " retransmission(s)");
            _writer.WriteLine("  TLS: " + device.TlsBytesOut + " bytes sent, " + device.TlsBytesIn + " bytes received in records; handshake "
                + device.HandshakeMs + " ms on the virtual clock" + (device.ResumedHandshakeMs >= 0 ? ", resumed handshake " + device.ResumedHandshakeMs + " ms" : ""));
            _writer.WriteLine("  HTTP: " + device.BodyBytes + " body bytes, SHA-256 " + device.BodySha256);
            _writer.WriteLine("  device memory (x64 .NET object sizes, GC.GetAllocatedBytesForCurrentThread): " + construction + " B allocated once at start-up:");
            _writer.WriteLine("    " + device.Breakdown);
            var phases = new StringBuilder();
            foreach (var pair in _phaseBytes)
            {
                phases.Append(phases.Length == 0 ? "" : ", ").Append(pair.Key).Append(' ').Append(pair.Value).Append(" B");
            }
            _writer.WriteLine("    after start-up " + _deviceBytes + " B" + (phases.Length > 0 ? " (" + phases + ")" : "") + ":");
            _writer.WriteLine("    static tables built on first use and a 48-byte TcpChannel per connection;");
            _writer.WriteLine("    peak " + (construction + _deviceBytes) + " B, steady " + construction + " B");
            _writer.WriteLine("  virtual time: " + Seconds(w.NowMs).Trim() + " s");
            return ExitOk;
        }

        private int Steps(Device device, MermaidLink mermaid)
        {
            EmulatedWorld w = _world;
            // ---- Wi-Fi.
            var found = new WifiNetwork[4];
            IWifi wifi = device.Wifi;
            int n = wifi.Scan(w.NowMs, found);
            Say("wifi: scan found " + n + " network(s):");
            for (int i = 0; i < n; i++)
            {
                _writer.WriteLine("             \"" + found[i].Ssid + "\" " + found[i].Bssid + " channel " + found[i].Channel + ", " + found[i].Rssi + " dBm, " + found[i].Security);
            }
            wifi.Connect(w.NowMs, EmulatedWorld.Ssid, _options.Passphrase);
            Say("wifi: joining \"" + EmulatedWorld.Ssid + "\" (WPA2-Personal)");
            // Conditions are built before the metered calls: their closures are the demo's, not the device's.
            Func<bool> joined = () => wifi.Status == WifiStatus.Connected || wifi.Error != WifiError.None;
            Metered(() => w.RunUntil(joined, StepTimeoutMs), null, "wifi");
            if (wifi.Status != WifiStatus.Connected)
            {
                Say("wifi: failed: " + wifi.Error + (wifi.Error == WifiError.WrongPassphrase ? " (the access point rejected the 4-way handshake's message 2 MIC)" : ""));
                return ExitWifi;
            }
            Say("wifi: connected, WPA2 4-way handshake complete, link up");
            mermaid?.Note("Wi-Fi link up");

            // ---- DHCP.
            Metered(() => device.Dhcp.Start(w.NowMs), null, "dhcp");
            Say("dhcp: DISCOVER broadcast");
            Func<bool> leased = () => device.Dhcp.HasLease;
            Metered(() => w.RunUntil(leased, StepTimeoutMs), null, "dhcp");
            if (!device.Dhcp.HasLease)
            {
                Say("dhcp: no lease: " + device.Dhcp.LastError);
                return ExitDhcp;
            }
            Say("dhcp: lease " + device.Dhcp.Address + "/" + device.Dhcp.PrefixLength + " from " + device.Dhcp.ServerIdentifier
                + ", router " + device.Dhcp.Router + ", DNS " + device.Dhcp.DnsServer1 + ", " + device.Dhcp.LeaseSeconds + " s");
            mermaid?.Note("DHCP lease " + device.Dhcp.Address);

            // ---- DNS.
            device.Dns.SetServers(device.Dhcp.DnsServer1, device.Dhcp.DnsServer2);
            Ipv4Address address = Ipv4Address.Any;
            int dnsExit = Resolve(device, EmulatedWorld.HostName, ref address);
            if (dnsExit != ExitOk)
            {
                return dnsExit;
            }

            int exit = Fetch(device, mermaid, address, false);
            if (exit != ExitOk || !_options.Resume)
            {
                return exit;
            }
            _writer.WriteLine();
            Say("second connection, offering the cached session");
            return Fetch(device, mermaid, address, true);
        }

        private int Resolve(Device device, string name, ref Ipv4Address address)
        {
            EmulatedWorld w = _world;
            DnsStatus started = DnsStatus.Pending;
            Metered(() => started = device.Dns.Start(w.NowMs, name), null, "dns");
            if (started != DnsStatus.Pending && started != DnsStatus.Resolved)
            {
                Say("dns: cannot query " + name + ": " + started);
                return ExitDns;
            }
            Func<bool> answered = () => device.Dns.Status != DnsStatus.Pending;
            Metered(() => w.RunUntil(answered, StepTimeoutMs), null, "dns");
            if (device.Dns.Status != DnsStatus.Resolved)
            {
                Say("dns: " + name + ": " + device.Dns.Status);
                return ExitDns;
            }
            address = device.Dns.Address;
            Say("dns: " + name + " is " + address + " (TTL " + device.Dns.TtlSeconds + " s)");
            return ExitOk;
        }

        private int Fetch(Device device, MermaidLink mermaid, Ipv4Address address, bool second)
        {
            _phasePrefix = second ? "second connection: " : "";
            EmulatedWorld w = _world;
            string host = EmulatedWorld.HostName;
            _writer.WriteLine("*   Trying " + address + ":443...");
            TcpChannel tcp = null;
            TcpError error = TcpError.None;
            Metered(() => tcp = TcpChannel.Connect(device.Iface, w, address, 443, 30_000, out error), null, "tcp connect");
            if (tcp == null)
            {
                _writer.WriteLine("* connect to " + address + " port 443 failed: " + error);
                return ExitConnect;
            }
            device.Segments++;
            _writer.WriteLine("* Connected to " + host + " (" + address + ") port 443");
            mermaid?.Note("TCP ESTABLISHED");
            _writer.WriteLine("* ALPN: offers http/1.1");
            var trace = new TlsTraceChannel(tcp, _writer, () => w.NowMs);
            var tls = new TlsConnection(device.Engine, trace);
            bool ok = false;
            Metered(() => ok = tls.Handshake(host, w.UnixNowSeconds, device.Sessions, 30_000), trace, "tls handshake");
            if (!ok)
            {
                _writer.WriteLine("* TLS handshake failed: " + device.Engine.DescribeFailure());
                tcp.Abort();
                return ExitTls;
            }
            long handshakeMs = trace.LastServerFinishedMs - trace.FirstClientHelloMs;
            if (second)
            {
                device.ResumedHandshakeMs = handshakeMs;
            }
            else
            {
                device.HandshakeMs = handshakeMs;
            }
            _writer.WriteLine("* SSL connection using TLSv1.2 / " + OpenSslName(device.Engine.CipherSuite) + " / " + GroupName(device.Engine.Group));
            _writer.WriteLine("* ALPN: server accepted " + (device.Engine.NegotiatedProtocol ?? "nothing"));
            if (device.Engine.Resumed)
            {
                _writer.WriteLine("* SSL re-using session (abbreviated handshake, no certificate sent)");
            }
            else
            {
                CertificateInfo leaf = device.Validator.Leaf;
                _writer.WriteLine("* Server certificate:");
                _writer.WriteLine("*  subject: " + Name(leaf.Subject, leaf.SubjectLength));
                _writer.WriteLine("*  issuer: " + Name(leaf.Issuer, leaf.IssuerLength));
                _writer.WriteLine("*  SSL certificate verify ok (signature chain to the trust anchor, validity, host name " + host + ")");
            }
            mermaid?.Note(device.Engine.Resumed ? "TLS resumed" : "TLS established");

            // ---- HTTP.
            HttpClient http = device.Http;
            http.Attach(tls, "https", host, 443);
            string url = "https://" + host + _options.Path;
            _writer.WriteLine("> GET " + _options.Path + " HTTP/1.1");
            _writer.WriteLine("> Host: " + host);
            _writer.WriteLine("> User-Agent: " + UserAgent);
            _writer.WriteLine("> Connection: close");
            _writer.WriteLine(">");
            bool sent = false;
            Metered(() => sent = http.Get(url, 30_000), trace, "http request");
            if (!sent)
            {
                _writer.WriteLine("* HTTP request failed: " + http.Error + (http.ChannelError != 0 ? " (channel " + http.ChannelError + ": " + device.Engine.DescribeFailure() + ")" : ""));
                return ExitHttp;
            }
            _writer.WriteLine("< HTTP/1." + http.MinorVersion + " " + http.StatusCode + " " + http.GetReason());
            for (int i = 0; i < http.HeaderCount; i++)
            {
                http.GetHeader(i, out int no, out int nl, out int vo, out int vl);
                _writer.WriteLine("< " + Encoding.ASCII.GetString(http.HeaderBuffer, no, nl) + ": " + Encoding.ASCII.GetString(http.HeaderBuffer, vo, vl));
            }
            _writer.WriteLine("<");
            var body = new MemoryStream();
            var buffer = device.BodyBuffer;
            int r = 0;
            while (true)
            {
                Metered(() => r = http.ReadBody(buffer, 0, buffer.Length, 30_000), trace, "http body");
                if (r <= 0)
                {
                    break;
                }
                body.Write(buffer, 0, r);
            }
            if (r < 0)
            {
                _writer.WriteLine("* reading the body failed: " + http.Error);
                return ExitHttp;
            }
            byte[] content = body.ToArray();
            string text = Encoding.ASCII.GetString(content);
            foreach (string line in text.Split('\n'))
            {
                if (line.Length > 0)
                {
                    _writer.WriteLine(line);
                }
            }
            device.BodyBytes += content.Length;
            device.BodySha256 = Convert.ToHexStringLower(SHA256.HashData(content));
            if (http.StatusCode != 200)
            {
                _writer.WriteLine("* HTTP status " + http.StatusCode);
                return ExitHttp;
            }

            // ---- close: close_notify, then TCP's FIN exchange and TIME-WAIT.
            TcpSocket socket = tcp.Socket;
            int retransmissions = 0;
            Func<bool> finSent = () => socket.State == TcpState.TimeWait || socket.State == TcpState.Closed || socket.Error != TcpError.None;
            Func<bool> released = () => device.Iface.TcpSocketsInUse == 0;
            Metered(() =>
            {
                http.Close();
                w.RunUntil(finSent, 60_000);
                retransmissions = socket.Retransmissions;
                w.RunUntil(released, 300_000);
            }, trace, "close");
            // The socket's counter survives its reuse: count what this connection added.
            int seen = _retransmissionsSeen.TryGetValue(tcp.Handle, out int before) ? before : 0;
            device.Retransmissions += retransmissions >= seen ? retransmissions - seen : retransmissions;
            _retransmissionsSeen[tcp.Handle] = retransmissions;
            device.TlsBytesOut += trace.BytesOut;
            device.TlsBytesIn += trace.BytesIn;
            _writer.WriteLine("* Connection #" + (device.Segments - 1) + " to host " + host + " closed (TIME-WAIT over, socket released)");
            mermaid?.Note("TCP CLOSED");
            return ExitOk;
        }

        /// <summary>Runs device work and adds what the device itself allocated (emulator, link
        /// decorations and tracer left out).</summary>
        private void Metered(Action work, TlsTraceChannel trace = null, string phase = null)
        {
            long total = _meter.Measure(work, trace);
            _deviceBytes += total;
            if (phase != null && (total != 0 || _phasePrefix.Length > 0))
            {
                // Only the connection's phases run once the prefix is set (Fetch sets it).
                phase = _phasePrefix + phase;
                _phaseBytes[phase] = (_phaseBytes.TryGetValue(phase, out long sum) ? sum : 0) + total;
            }
        }

        private readonly System.Collections.Generic.Dictionary<string, long> _phaseBytes = new System.Collections.Generic.Dictionary<string, long>();
        private string _phasePrefix = "";
        private readonly System.Collections.Generic.Dictionary<int, int> _retransmissionsSeen = new System.Collections.Generic.Dictionary<int, int>();

        private static string Name(byte[] der, int length)
        {
            try
            {
                return new X500DistinguishedName(der.AsSpan(0, length)).Name;
            }
            catch (CryptographicException)
            {
                return "(unreadable name)";
            }
        }

        /// <summary>The OpenSSL name curl prints for a suite.</summary>
        public static string OpenSslName(int suite) => suite switch
        {
            TlsCipherSuite.EcdheEcdsaChaCha20Poly1305 => "ECDHE-ECDSA-CHACHA20-POLY1305",
            TlsCipherSuite.EcdheRsaChaCha20Poly1305 => "ECDHE-RSA-CHACHA20-POLY1305",
            TlsCipherSuite.EcdheEcdsaAes128GcmSha256 => "ECDHE-ECDSA-AES128-GCM-SHA256",
            TlsCipherSuite.EcdheRsaAes128GcmSha256 => "ECDHE-RSA-AES128-GCM-SHA256",
            TlsCipherSuite.EcdheEcdsaAes256GcmSha384 => "ECDHE-ECDSA-AES256-GCM-SHA384",
            TlsCipherSuite.EcdheRsaAes256GcmSha384 => "ECDHE-RSA-AES256-GCM-SHA384",
            _ => TlsCipherSuite.Name(suite),
        };

        private static string GroupName(int group) => group == TlsCipherSuite.GroupX25519 ? "x25519" : group == TlsCipherSuite.GroupSecp256r1 ? "secp256r1" : group == TlsCipherSuite.GroupSecp384r1 ? "secp384r1" : "group " + group;

        private void FlushStateLog()
        {
            if (_stateLog == null)
            {
                return;
            }
            while (_stateLogPrinted < _stateLog.Total)
            {
                if (_stateLog.TryGet(_stateLogPrinted, out long at, out int id, out TcpState from, out TcpState to))
                {
                    _writer.Raw("[" + Seconds(at) + "] tcp #" + id + ": " + TcpSocket.StateName(from) + " -> " + TcpSocket.StateName(to));
                }
                _stateLogPrinted++;
            }
        }

        /// <summary>Every line goes through here, so TCP transitions that happened since the
        /// last line are printed first, in time order.</summary>
        private sealed class StateLogWriter : TextWriter
        {
            private readonly Demo _demo;

            public StateLogWriter(Demo demo) => _demo = demo;

            public override Encoding Encoding => Encoding.UTF8;

            public override void WriteLine(string value)
            {
                _demo.FlushStateLog();
                _demo._out.WriteLine(value);
            }

            public override void WriteLine() => WriteLine(string.Empty);

            public override void Write(char value) => _demo._out.Write(value);

            public void Raw(string line) => _demo._out.WriteLine(line);
        }

        /// <summary>Everything the device allocates once, as firmware would build it.</summary>
        internal sealed class Device
        {
            public Interface Iface;
            public DhcpClient Dhcp;
            public DnsClient Dns;
            public TrustAnchorStore Anchors;
            public ChainValidator Validator;
            public TlsClientEngine Engine;
            public TlsSessionCache Sessions;
            public HttpClient Http;
            public TcpStateLog StateLog;
            public byte[] BodyBuffer;
            public int Segments;
            public int Retransmissions;
            public long TlsBytesOut, TlsBytesIn;
            public long HandshakeMs = -1, ResumedHandshakeMs = -1;
            public long BodyBytes;
            public string BodySha256 = "";
            public string Breakdown = "";
            public IWifi Wifi;

            public static Device Create(ILink link, DemoOptions options)
            {
                var entropy = new SeededDeviceEntropy(options.Seed); // reproducible from --seed
                var limits = new StackLimits
                {
                    MaxTcpSockets = 2, TcpListenBacklog = 1, TcpReceiveBufferSize = 2920, TcpSendBufferSize = 2920,
                    MaxUdpSockets = 2, UdpReceiveBufferSize = 1024, ArpCacheEntries = 4,
                };
                var d = new Device();
                var parts = new StringBuilder();
                long mark = GC.GetAllocatedBytesForCurrentThread();
                void Part(string name)
                {
                    long now = GC.GetAllocatedBytesForCurrentThread();
                    parts.Append(parts.Length == 0 ? "" : ", ").Append(name).Append(' ').Append(now - mark).Append(" B");
                    mark = GC.GetAllocatedBytesForCurrentThread();
                }
                d.Iface = new Interface(limits, link, EmulatedWorld.DeviceMac, entropy);
                d.StateLog = new TcpStateLog(32);
                // Socket options survive reuse: give every socket of the table the state log.
                int[] handles = new int[limits.MaxTcpSockets];
                for (int i = 0; i < handles.Length; i++)
                {
                    handles[i] = d.Iface.TcpOpen();
                    d.Iface.GetTcp(handles[i]).StateLog = d.StateLog;
                    d.Iface.GetTcp(handles[i]).Id = i;
                }
                foreach (int h in handles)
                {
                    d.Iface.TcpRelease(h);
                }
                Part("interface with its buffers");
                d.Dhcp = new DhcpClient(d.Iface, entropy, new DhcpLimits());
                Part("DHCP");
                d.Dns = new DnsClient(d.Iface, entropy, new DnsLimits());
                Part("DNS");
                var p256 = EcdsaVerifier.P256Compact(); // the small G table: a device's memory matters more than 6 % of a verification
                Part("P-256 verifier (compact)");
                d.Anchors = new TrustAnchorStore(1);
                Part("trust anchor store");
                d.Validator = new ChainValidator(d.Anchors, null, 3, p256, null, null, CertificateLimits.Device());
                Part("chain validator");
                var config = new TlsClientConfig
                {
                    CipherSuites = new[] { TlsCipherSuite.EcdheEcdsaChaCha20Poly1305, TlsCipherSuite.EcdheEcdsaAes128GcmSha256 },
                    Groups = new[] { TlsCipherSuite.GroupX25519 },
                    AlpnProtocols = new[] { "http/1.1" },
                    MaxFragmentLength = options.MaxFragmentLength,
                    ReceiveFragmentLength = options.MaxFragmentLength > 0 ? options.MaxFragmentLength : 16384,
                    SendFragmentLength = 1024,
                };
                d.Engine = new TlsClientEngine(config, entropy, d.Validator, p256, null, null);
                Part("TLS engine");
                d.Sessions = new TlsSessionCache(1, 1024);
                Part("session cache");
                d.Http = new HttpClient(new HttpClientConfig());
                d.BodyBuffer = new byte[1024];
                Part("HTTP client and body buffer");
                d.Breakdown = parts.ToString();
                return d;
            }
        }

        public static int PrintLimits(TextWriter output, StackLimits limits)
        {
            limits.Validate();
            output.WriteLine("Memory plan (default StackLimits):");
            output.WriteLine("  MTU " + limits.Mtu + " B, frame buffer " + limits.FrameBufferSize + " B, TCP MSS " + limits.TcpMss + " B");
            output.WriteLine("  TCP sockets " + limits.MaxTcpSockets + " x (rx " + limits.TcpReceiveBufferSize + " B + tx " + limits.TcpSendBufferSize + " B)");
            output.WriteLine("  UDP sockets " + limits.MaxUdpSockets + " x rx " + limits.UdpReceiveBufferSize + " B, ARP entries " + limits.ArpCacheEntries);
            output.WriteLine("  buffers allocated once at start-up: " + limits.TotalBufferBytes + " B");
            return 0;
        }
    }
}
