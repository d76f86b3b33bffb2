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

        // ---------------------------------------------------------------- TLS and HTTP

        // Their sizes are constants of DeviceTls, which builds that part for this stack and for
        // the stock-firmware application alike.

        // ---------------------------------------------------------------- SNTP

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
        /// <summary>The TLS and HTTP part, as the stock-firmware application builds it too.</summary>
        public DeviceTls TlsParts { get; private set; }

        public TrustAnchorStore Anchors { get; private set; }
        public ChainValidator Validator { get; private set; }
        public TlsClientEngine Engine { get; private set; }
        public TlsSessionCache Sessions { get; private set; }

        /// <summary>The TCP channel, reopened for each connection.</summary>
        public TcpChannel Tcp { get; private set; }

        /// <summary>The TLS connection over <see cref="Tcp"/>, handshaken again for each connection.</summary>
        public TlsConnection Tls { get; private set; }

        public HttpClient Http { get; private set; }

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
            string host;
            ushort port;
            DeviceTls.ParseUrl(settings.Url, out host, out port);

            if (meter != null)
            {
                meter.Start();
            }
            DeviceStack d = new DeviceStack();
            d.Settings = settings;
            d.Wifi = wifi;
            d.Host = host;
            d.Port = port;

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

            DeviceTls tls = DeviceTls.Create(settings, tlsEntropy, meter);
            d.TlsParts = tls;
            d.Anchors = tls.Anchors;
            d.Validator = tls.Validator;
            d.Engine = tls.Engine;
            d.Sessions = tls.Sessions;
            d.Tcp = new TcpChannel(d.Iface, d.Loop);
            d.Tls = new TlsConnection(d.Engine, d.Tcp);
            Mark(meter, "TCP and TLS channels");
            tls.CreateHttp(meter);
            d.Http = tls.Http;
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
