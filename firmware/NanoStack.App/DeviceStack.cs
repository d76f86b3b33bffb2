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
        // ---------------------------------------------------------------- interface (StackLimits)

        /// <summary>One connection at a time, plus the previous one in TIME-WAIT (2 MSL = 60 s):
        /// fetches closer together than 30 s would find both sockets busy.</summary>
        public const int MaxTcpSockets = 2;

        /// <summary>We never listen, but the socket table reserves at least one backlog slot.</summary>
        public const int TcpListenBacklog = 1;

        /// <summary>Two full-size segments (2 x MSS 1460): the TLS engine drains the socket into its
        /// own record buffer as soon as bytes arrive, so a larger window buys little here.</summary>
        public const int TcpReceiveBufferSize = 2920;

        /// <summary>Two segments: a 1 KB TLS record (<see cref="SendFragmentLength"/> + 29 bytes of
        /// header, nonce and tag) fits with room for the next.</summary>
        public const int TcpSendBufferSize = 2920;

        /// <summary>DHCP (port 68), DNS (one query socket at a time) and SNTP.</summary>
        public const int MaxUdpSockets = 3;

        /// <summary>A DHCP offer is at most 576 bytes of IP (RFC 2131 §2), a DNS answer at most 512
        /// bytes of UDP payload (RFC 1035 §4.2.1), an SNTP reply 48: 1 KB holds any one of them with
        /// a second datagram queued.</summary>
        public const int UdpReceiveBufferSize = 1024;

        /// <summary>The router (gateway, DNS, often SNTP) and the odd on-link peer.</summary>
        public const int ArpCacheEntries = 4;

        // ---------------------------------------------------------------- TLS

        /// <summary>Records we send carry at most 1 KB of plaintext: requests are small.</summary>
        public const int SendFragmentLength = 1024;

        /// <summary>RFC 5246 §6.2.1: a server may send records up to 2^14 bytes of plaintext unless
        /// a smaller max_fragment_length was agreed (RFC 6066 §4), which most servers ignore.</summary>
        public const int ReceiveFragmentLength = 16384;

        /// <summary>Certificates kept while validating a chain (leaf, intermediate, root): the
        /// validator's sliding window (fewer is cheaper; three covers the usual chains).</summary>
        public const int ValidatorWindow = 3;

        /// <summary>Trust anchors held from <see cref="AppSettings.TrustAnchorsPem"/>.</summary>
        public const int MaxTrustAnchors = 2;

        /// <summary>One server is fetched, so one cached session (RFC 5246 §7.4.1.2 resumption).</summary>
        public const int SessionCacheSlots = 1;

        /// <summary>Longest session ticket kept (RFC 5077 tickets are typically 100 to 250 bytes;
        /// longer ones are not stored and the next handshake is a full one).</summary>
        public const int MaxTicketLength = 1024;

        // ---------------------------------------------------------------- HTTP

        /// <summary>Response head: status line and headers of a typical server fit in 1.5 KB.</summary>
        public const int HttpHeaderBufferLength = 1536;

        /// <summary>Headers indexed in the response head.</summary>
        public const int HttpMaxHeaderCount = 24;

        /// <summary>The body is read through this buffer, counted and digested, then dropped.</summary>
        public const int BodyBufferLength = 1024;

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
            limits.MaxUdpSockets = MaxUdpSockets;
            limits.UdpReceiveBufferSize = UdpReceiveBufferSize;
            limits.ArpCacheEntries = ArpCacheEntries;
            d.Iface = new Interface(limits, wifi.Link, wifi.MacAddress, entropy);
            d.Dhcp = new DhcpClient(d.Iface, entropy, new DhcpLimits());
            d.Dns = new DnsClient(d.Iface, entropy, new DnsLimits());
            d.Sntp = new SntpClient(entropy, SntpTimeoutMs);
            d.SntpHandle = d.Iface.UdpOpen(SntpLocalPort);
            if (d.SntpHandle < 0)
            {
                throw new InvalidOperationException("no UDP socket for SNTP");
            }
            d.Loop = new DeviceLoop(wait, wifi, d.Iface, d.Dhcp, d.Dns, d.Sntp, d.SntpHandle);

            // The P-256 verifier only: the chain and the server's key exchange are ECDSA P-256.
            EcdsaVerifier p256 = EcdsaVerifier.P256();
            d.Anchors = new TrustAnchorStore(MaxTrustAnchors);
            if (d.Anchors.AddPem(settings.TrustAnchorsPem) <= 0)
            {
                throw new ArgumentException("the trust anchors are not PEM certificates the device can use", "settings");
            }
            d.Validator = new ChainValidator(d.Anchors, null, ValidatorWindow, p256, null, null);
            TlsClientConfig config = new TlsClientConfig();
            config.CipherSuites = new int[] { TlsCipherSuite.EcdheEcdsaChaCha20Poly1305, TlsCipherSuite.EcdheEcdsaAes128GcmSha256 };
            config.Groups = new int[] { TlsCipherSuite.GroupX25519 };
            config.AlpnProtocols = new string[] { "http/1.1" };
            config.SendFragmentLength = SendFragmentLength;
            config.ReceiveFragmentLength = ReceiveFragmentLength;
            d.Engine = new TlsClientEngine(config, tlsEntropy, d.Validator, p256, null, null);
            d.Sessions = new TlsSessionCache(SessionCacheSlots, MaxTicketLength);
            d.Tcp = new TcpChannel(d.Iface, d.Loop);
            d.Tls = new TlsConnection(d.Engine, d.Tcp);

            HttpClientConfig http = new HttpClientConfig();
            http.HeaderBufferLength = HttpHeaderBufferLength;
            http.MaxHeaderCount = HttpMaxHeaderCount;
            d.Http = new HttpClient(http);
            d.BodyBuffer = new byte[BodyBufferLength];
            return d;
        }
    }
}
