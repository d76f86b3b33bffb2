using System;
using NanoStack.Channels;
using NanoStack.Dhcp;
using NanoStack.Dns;
using NanoStack.Http;
using NanoStack.Iface;
using NanoStack.Sntp;
using NanoStack.Tls;
using NanoStack.Tls.Crypto;
using NanoStack.Tls.X509;
using NanoStack.Wifi;

namespace NanoStack.App
{
    /// <summary>
    /// Everything the device application allocates, built once at start-up by <see cref="Create"/>
    /// from the settings; nothing is allocated per fetch after that. Every size is a named
    /// constant below with the reason for its value, so the memory plan can be tuned in one place
    /// (the target is a 40 KB budget on an ESP32 without PSRAM).
    /// </summary>
    public sealed class DeviceStack
    {
        // The plan: at most 40 KB at start-up (x64 object sizes, measured by
        // DeviceMemoryBudgetTests, which also prints the share of each part), so the stack fits
        // the ~90 KB managed heap of an ESP32 without PSRAM next to the application.

        // ---------------------------------------------------------------- interface (StackLimits)

        /// <summary>One connection at a time. The previous connection's TIME-WAIT (2 MSL) does not
        /// block the next fetch: <see cref="Interface.TcpOpen"/> reclaims a closed connection in
        /// TIME-WAIT when no socket is free.</summary>
        public const int MaxTcpSockets = 1;

        /// <summary>We never listen, but the socket table reserves at least one backlog slot.</summary>
        public const int TcpListenBacklog = 1;

        /// <summary>The receive window: one whole TLS record (<see cref="ReceiveFragmentLength"/> +
        /// 29 bytes) fits, and the engine drains the socket into its own record buffer as soon as
        /// bytes arrive, so a larger window buys little on a device.</summary>
        public const int TcpReceiveBufferSize = 2080;

        /// <summary>A TLS record we send is at most <see cref="SendFragmentLength"/> + 29 bytes
        /// (header, nonce and tag) = 541; the ClientHello is about 250 bytes, the client's second
        /// flight about 150: two records fit, and the engine waits for room before sealing more.</summary>
        public const int TcpSendBufferSize = 1024;

        /// <summary>Out-of-order ranges remembered: two segments fit in the receive window.</summary>
        public const int TcpMaxGaps = 2;

        /// <summary>DHCP (port 68), DNS (one query socket at a time) and SNTP.</summary>
        public const int MaxUdpSockets = 3;

        /// <summary>A DHCP offer is at most 576 bytes of IP, 548 of UDP payload (RFC 2131 §2), a DNS
        /// answer at most 512 bytes of UDP payload (RFC 1035 §4.2.1), an SNTP reply 48: 600 bytes
        /// hold any one of them with its queue header; a second datagram waits in the driver.</summary>
        public const int UdpReceiveBufferSize = 600;

        /// <summary>The router (gateway, DNS, often SNTP) and the odd on-link peer.</summary>
        public const int ArpCacheEntries = 2;

        /// <summary>Frames held while an address resolves: the device talks through its gateway, so
        /// one is enough (RFC 1122 §2.3.2.2 asks for at least one).</summary>
        public const int ArpHeldFrames = 1;

        // ---------------------------------------------------------------- DNS

        /// <summary>One name is fetched: one cache entry.</summary>
        public const int DnsCacheEntries = 1;

        /// <summary>A records kept per answer: the first is used, the second is spare.</summary>
        public const int DnsMaxAddresses = 2;

        /// <summary>CNAME records followed in one answer (CDN names are chains of two or three).</summary>
        public const int DnsMaxCnames = 4;

        // ---------------------------------------------------------------- TLS

        /// <summary>Records we send carry at most 512 bytes of plaintext: a GET is far smaller, a
        /// longer request goes out in several records.</summary>
        public const int SendFragmentLength = 512;

        /// <summary>Largest record plaintext the device receives. RFC 5246 §6.2.1 lets a server send
        /// 2^14 bytes unless a smaller limit was agreed: the client offers record_size_limit
        /// (RFC 8449) and max_fragment_length (RFC 6066 §4) of 2048, and a server that ignores
        /// both and sends a larger record fails the connection with record_overflow (named in the
        /// failure). Set 16384 for such servers (the offers are then left out): 14 KB more.</summary>
        public const int ReceiveFragmentLength = 2048;

        /// <summary>One handshake message at a time (Certificate is streamed to the validator, not
        /// held): ServerHello (~100 bytes), ServerKeyExchange (~150) and a NewSessionTicket
        /// carrying a ticket of up to <see cref="MaxTicketLength"/> (+ 10 bytes of header) fit.</summary>
        public const int HandshakeBufferLength = 640;

        /// <summary>Certificates kept while validating a chain (leaf, intermediate, root): the
        /// validator's window (fewer is cheaper; three covers the usual chains).</summary>
        public const int ValidatorWindow = 3;

        /// <summary>Trust anchors held from <see cref="AppSettings.TrustAnchorsPem"/>.</summary>
        public const int MaxTrustAnchors = 2;

        /// <summary>One server is fetched, so one cached session (RFC 5246 §7.4.1.2 resumption).</summary>
        public const int SessionCacheSlots = 1;

        /// <summary>Longest session ticket kept (RFC 5077 tickets are typically 100 to 250 bytes;
        /// longer ones are not stored and the next handshake is a full one).</summary>
        public const int MaxTicketLength = 512;

        // ---------------------------------------------------------------- HTTP

        /// <summary>Response head: status line and headers of a typical API or page response.</summary>
        public const int HttpHeaderBufferLength = 1024;

        /// <summary>Headers indexed in the response head.</summary>
        public const int HttpMaxHeaderCount = 16;

        /// <summary>Bytes read from the TLS channel at a time while parsing the head.</summary>
        public const int HttpReceiveBufferLength = 256;

        /// <summary>The request head: GET line, Host, User-Agent, Connection.</summary>
        public const int HttpRequestBufferLength = 256;

        /// <summary>Extra request headers: none are added by the application.</summary>
        public const int HttpExtraHeaderBufferLength = 64;

        /// <summary>The body is read through this buffer, counted and digested, then dropped.</summary>
        public const int BodyBufferLength = 256;

        /// <summary>Local UDP port the SNTP client sends from (any port will do, RFC 4330 §5; the
        /// request's random transmit timestamp is what matches the reply).</summary>
        public const ushort SntpLocalPort = 50123;

        /// <summary>How long one SNTP request waits for its reply.</summary>
        public const int SntpTimeoutMs = 3000;

        private DeviceStack()
        {
        }

        public AppSettings Settings { get; private set; }
        public IWifi Wifi { get; private set; }
        public Interface Iface { get; private set; }
        public DhcpClient Dhcp { get; private set; }
        public DnsClient Dns { get; private set; }
        public SntpClient Sntp { get; private set; }

        /// <summary>The SNTP client's UDP handle.</summary>
        public int SntpHandle { get; private set; }

        public DeviceLoop Loop { get; private set; }
        public TrustAnchorStore Anchors { get; private set; }
        public ChainValidator Validator { get; private set; }
        public TlsClientEngine Engine { get; private set; }
        public TlsSessionCache Sessions { get; private set; }

        /// <summary>The TCP channel, reopened for each connection.</summary>
        public TcpChannel Tcp { get; private set; }

        /// <summary>The TLS connection over <see cref="Tcp"/>, handshaken again for each connection.</summary>
        public TlsConnection Tls { get; private set; }

        public HttpClient Http { get; private set; }
        public byte[] BodyBuffer { get; private set; }

        /// <summary>The URL's host name (SNI, certificate name check, Host header).</summary>
        public string Host { get; private set; }

        /// <summary>The URL's port (443 unless given).</summary>
        public ushort Port { get; private set; }

        /// <summary>
        /// Builds the whole device from the settings: the interface on the Wi-Fi station's link,
        /// DHCP, DNS and SNTP clients, the TLS client with the settings' trust anchors, the HTTP
        /// client and the poll loop. Throws on settings that cannot work (caller bug: a URL that is
        /// not https, PEM text without a usable certificate).
        /// </summary>
        public static DeviceStack Create(AppSettings settings, IWifi wifi, IBoardWait wait,
            NanoStack.IEntropySource entropy, NanoStack.Tls.Crypto.IEntropySource tlsEntropy)
        {
            return Create(settings, wifi, wait, entropy, tlsEntropy, null);
        }

        /// <summary>As <see cref="Create(AppSettings, IWifi, IBoardWait, NanoStack.IEntropySource, NanoStack.Tls.Crypto.IEntropySource)"/>,
        /// telling <paramref name="meter"/> (may be null) as each part is built.</summary>
        public static DeviceStack Create(AppSettings settings, IWifi wifi, IBoardWait wait,
            NanoStack.IEntropySource entropy, NanoStack.Tls.Crypto.IEntropySource tlsEntropy, IMemoryMeter meter)
        {
            if (settings == null)
            {
                throw new ArgumentNullException("settings");
            }
            if (wifi == null)
            {
                throw new ArgumentNullException("wifi");
            }
            if (wait == null)
            {
                throw new ArgumentNullException("wait");
            }
            HttpUrl url;
            if (!HttpUrl.TryParse(settings.Url, out url) || !url.HasOrigin || !url.IsHttps)
            {
                throw new ArgumentException("the URL must be https://host[:port]/path", "settings");
            }

            if (meter != null)
            {
                meter.Start();
            }
            DeviceStack d = new DeviceStack();
            d.Settings = settings;
            d.Wifi = wifi;
            d.Host = settings.Url.Substring(url.HostStart, url.HostLength);
            d.Port = (ushort)url.Port;

            StackLimits limits = new StackLimits();
            limits.MaxTcpSockets = MaxTcpSockets;
            limits.TcpListenBacklog = TcpListenBacklog;
            limits.TcpReceiveBufferSize = TcpReceiveBufferSize;
            limits.TcpSendBufferSize = TcpSendBufferSize;
            limits.TcpMaxGaps = TcpMaxGaps;
            limits.MaxUdpSockets = MaxUdpSockets;
            limits.UdpReceiveBufferSize = UdpReceiveBufferSize;
            limits.ArpCacheEntries = ArpCacheEntries;
            limits.ArpHeldFrames = ArpHeldFrames;
            d.Iface = new Interface(limits, wifi.Link, wifi.MacAddress, entropy);
            Mark(meter, "interface and its buffers");
            d.Dhcp = new DhcpClient(d.Iface, entropy, new DhcpLimits());
            Mark(meter, "DHCP client");
            DnsLimits dns = new DnsLimits();
            dns.CacheEntries = DnsCacheEntries;
            dns.MaxAddresses = DnsMaxAddresses;
            dns.MaxCnames = DnsMaxCnames;
            d.Dns = new DnsClient(d.Iface, entropy, dns);
            Mark(meter, "DNS client");
            d.Sntp = new SntpClient(entropy, SntpTimeoutMs);
            d.SntpHandle = d.Iface.UdpOpen(SntpLocalPort);
            if (d.SntpHandle < 0)
            {
                throw new InvalidOperationException("no UDP socket for SNTP");
            }
            d.Loop = new DeviceLoop(wait, wifi, d.Iface, d.Dhcp, d.Dns, d.Sntp, d.SntpHandle);
            Mark(meter, "SNTP client and poll loop");

            // The P-256 verifier only, with its small tables: the chain and the server's key
            // exchange are ECDSA P-256 (verifications are a few per handshake; the compact tables
            // cost about 7 % of a verification). Its curve also serves ECDHE.
            EcdsaVerifier p256 = EcdsaVerifier.P256Compact();
            Mark(meter, "P-256 verifier");
            d.Anchors = new TrustAnchorStore(MaxTrustAnchors);
            d.Validator = new ChainValidator(d.Anchors, null, ValidatorWindow, p256, null, null, CertificateLimits.Device());
            if (d.Validator.AddTrustAnchorPem(settings.TrustAnchorsPem) <= 0)
            {
                throw new ArgumentException("the trust anchors are not PEM certificates the device can use", "settings");
            }
            Mark(meter, "certificate validation and anchors");
            TlsClientConfig config = new TlsClientConfig();
            // RFC 7525 §4.2 / §4.3 (BCP 195): TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 over
            // secp256r1 is the suite and curve every TLS 1.2 server is expected to have. One suite
            // and one group keep one AEAD and no second curve in memory (ChaCha20-Poly1305 would add
            // 448 bytes, x25519 944).
            config.CipherSuites = new int[] { TlsCipherSuite.EcdheEcdsaAes128GcmSha256 };
            config.Groups = new int[] { TlsCipherSuite.GroupSecp256r1 };
            config.AlpnProtocols = new string[] { "http/1.1" };
            config.SendFragmentLength = SendFragmentLength;
            config.ReceiveFragmentLength = ReceiveFragmentLength;
            if (ReceiveFragmentLength < 16384)
            {
                config.MaxFragmentLength = ReceiveFragmentLength;
                config.RecordSizeLimit = ReceiveFragmentLength;
            }
            config.HandshakeBufferLength = HandshakeBufferLength;
            d.Engine = new TlsClientEngine(config, tlsEntropy, d.Validator, p256, null, null);
            Mark(meter, "TLS engine and record buffers");
            d.Sessions = new TlsSessionCache(SessionCacheSlots, MaxTicketLength);
            Mark(meter, "TLS session cache");
            d.Tcp = new TcpChannel(d.Iface, d.Loop);
            d.Tls = new TlsConnection(d.Engine, d.Tcp);
            Mark(meter, "TCP and TLS channels");

            HttpClientConfig http = new HttpClientConfig();
            http.HeaderBufferLength = HttpHeaderBufferLength;
            http.MaxHeaderCount = HttpMaxHeaderCount;
            http.ReceiveBufferLength = HttpReceiveBufferLength;
            http.RequestBufferLength = HttpRequestBufferLength;
            http.ExtraHeaderBufferLength = HttpExtraHeaderBufferLength;
            d.Http = new HttpClient(http);
            d.BodyBuffer = new byte[BodyBufferLength];
            Mark(meter, "HTTP client and body buffer");
            return d;
        }

        private static void Mark(IMemoryMeter meter, string part)
        {
            if (meter != null)
            {
                meter.Part(part);
            }
        }
    }
}
