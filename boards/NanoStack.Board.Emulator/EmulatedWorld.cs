using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NanoStack.Board.Emulator.Services;
using NanoStack.Board.Emulator.Wifi;
using NanoStack.Iface;
using NanoStack.Wire;

namespace NanoStack.Board.Emulator
{
    /// <summary>
    /// Everything around the device in the emulator: the air with a WPA2 access point, the LAN
    /// behind it, a router answering DHCP, DNS and SNTP, and an HTTPS server (SslStream over
    /// NanoStack's TCP on its own interface) with a certificate for <see cref="HostName"/> issued
    /// at start-up by a CA the device is given. One virtual clock drives it all.
    /// </summary>
    /// <remarks>
    /// The world is also the device's <see cref="IStackRunner"/>: when device code blocks (a TCP
    /// channel waiting for bytes, a DHCP or DNS exchange), <see cref="RunOnce"/> polls every node
    /// (the device's own pollers are registered with <see cref="AddDevicePoller"/>), lets the HTTPS
    /// threads reach quiescence, and only when nothing is left to do advances the clock to the
    /// next deadline. Bytes the emulator itself allocates while doing so are counted apart
    /// (<see cref="EmulatorAllocatedBytes"/>) so the device's own allocations can be measured on
    /// the same thread.
    /// </remarks>
    public sealed class EmulatedWorld : IStackRunner, IDisposable
    {
        public const string Ssid = "NanoNet";
        public const string Passphrase = "correct horse battery staple";
        public const string HostName = "www.nanostack.test";
        public const string AliasName = "nanostack.test";
        public static readonly MacAddress Bssid = new MacAddress(0x02, 0x00, 0x5E, 0x00, 0x00, 0x01);
        public static readonly MacAddress RouterMac = new MacAddress(0x02, 0x00, 0x5E, 0x00, 0x00, 0x02);
        public static readonly MacAddress ServerMac = new MacAddress(0x02, 0x00, 0x5E, 0x00, 0x00, 0x50);
        public static readonly MacAddress DeviceMac = new MacAddress(0x02, 0x4E, 0x53, 0x00, 0x00, 0x10);
        public static readonly Ipv4Address Router = new Ipv4Address(192, 0, 2, 1);
        public static readonly Ipv4Address Server = new Ipv4Address(192, 0, 2, 80);
        public static readonly Ipv4Address PoolStart = new Ipv4Address(192, 0, 2, 100);

        private readonly List<Func<long, bool>> _devicePollers = new List<Func<long, bool>>();
        private readonly List<Func<long, long>> _deviceDeadlines = new List<Func<long, long>>();
        private EmulatedStation _station;

        public EmulatedWorld(uint seed = 1, int leaseSeconds = 3600)
        {
            Clock = new VirtualClock();
            Air = new RadioEnvironment();
            Lan = new EthernetSegment(latencyMs: 1, queueFrames: 256);
            AccessPoint = Air.Add(new EmulatedAccessPoint(Ssid, Passphrase, Bssid, Lan, seed: (int)seed));
            Air.Add(new EmulatedAccessPoint("Neighbours", "another passphrase", new MacAddress(0x02, 0x00, 0x5E, 0x00, 0x01, 0x01), new EthernetSegment(), channel: 11, rssi: -71));
            RouterNode = new EmulatedServicesNode(Lan, RouterMac, Router, 24);
            Dhcp = RouterNode.Add(new EmulatedDhcpServer(RouterNode, PoolStart, 16, Router, leaseSeconds));
            Dns = RouterNode.Add(new EmulatedDnsServer());
            Dns.AddA(HostName, Server);
            Dns.AddCname(AliasName, HostName);
            Sntp = RouterNode.Add(new EmulatedSntpServer(nowMs => UnixEpochSeconds * 1000 + nowMs));

            (Ca, Leaf) = IssueCertificates(Clock);
            ServerInterface = new Interface(new StackLimits { MaxTcpSockets = 4, TcpListenBacklog = 3, TcpReceiveBufferSize = 16384, TcpSendBufferSize = 65536, MaxUdpSockets = 1 },
                Lan.Attach(ServerMac), ServerMac, new SeededEntropySource(seed + 1000));
            ServerInterface.SetAddress(Server, 24, Router);
            Https = new EmulatedHttpsServer(ServerInterface, 443, Leaf, new X509Certificate2Collection(Ca));
        }

        public VirtualClock Clock { get; }
        public RadioEnvironment Air { get; }
        public EthernetSegment Lan { get; }
        public EmulatedAccessPoint AccessPoint { get; }
        public EmulatedServicesNode RouterNode { get; }
        public EmulatedDhcpServer Dhcp { get; }
        public EmulatedDnsServer Dns { get; }

        /// <summary>The router's SNTP server: the world's wall time, <see cref="UnixEpochSeconds"/> plus the virtual time.</summary>
        public EmulatedSntpServer Sntp { get; }
        public Interface ServerInterface { get; }
        public EmulatedHttpsServer Https { get; }

        /// <summary>The CA the device trusts (its DER is the device's trust anchor).</summary>
        public X509Certificate2 Ca { get; }

        /// <summary>The server's certificate for <see cref="HostName"/> (ECDSA P-256, signed by <see cref="Ca"/>).</summary>
        public X509Certificate2 Leaf { get; }

        /// <summary>Bytes allocated on the calling thread by the emulator's own nodes inside <see cref="RunOnce"/>.</summary>
        public long EmulatorAllocatedBytes { get; private set; }

        public long NowMs => Clock.NowMs;

        /// <summary>Unix time of the virtual clock's zero (certificates are valid around it).</summary>
        public long UnixEpochSeconds { get; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        /// <summary>Unix time now, for certificate checks.</summary>
        public long UnixNowSeconds => UnixEpochSeconds + NowMs / 1000;

        /// <summary>The device's Wi-Fi radio on this world's air (polled with the emulator's nodes).</summary>
        public EmulatedStation CreateStation(int seed = 2)
        {
            _station = new EmulatedStation(Air, DeviceMac, seed);
            return _station;
        }

        /// <summary>Registers a device-side poller (interface, DHCP, DNS, Wi-Fi station) and its deadline.</summary>
        public void AddDevicePoller(Func<long, bool> poll, Func<long, long> pollAt)
        {
            _devicePollers.Add(poll);
            _deviceDeadlines.Add(pollAt);
        }

        public void RunOnce(long untilMs)
        {
            bool progress = false;
            for (int round = 0; round < 100_000; round++)
            {
                long now = NowMs;
                bool any = false;
                foreach (Func<long, bool> poll in _devicePollers)
                {
                    any |= poll(now);
                }
                long before = GC.GetAllocatedBytesForCurrentThread();
                if (_station != null)
                {
                    any |= _station.Poll(now);
                }
                any |= RouterNode.Poll(now);
                any |= ServerInterface.Poll(now);
                any |= Https.Service(now);
                EmulatorAllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - before;
                if (!any)
                {
                    break;
                }
                progress = true;
            }
            if (progress)
            {
                return;
            }
            long next = Math.Min(NextDeadline(), untilMs);
            if (next > NowMs && next != long.MaxValue)
            {
                Clock.AdvanceTo(next);
            }
        }

        /// <summary>
        /// The world seen from a device loop that polls its own side (station, interface, clients):
        /// runs the world's nodes (router, server, HTTPS) until they are quiet, without polling the
        /// station or any registered device poller. Returns true when anything moved (a frame may
        /// be on its way to the device: the device loop looks again); otherwise advances the clock
        /// to the earlier of <paramref name="untilMs"/> and the world's next event, and returns false.
        /// </summary>
        public bool RunWorldOnce(long untilMs)
        {
            bool progress = false;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int round = 0; round < 100_000; round++)
            {
                long now = NowMs;
                bool any = RouterNode.Poll(now);
                any |= ServerInterface.Poll(now);
                any |= Https.Service(now);
                if (!any)
                {
                    break;
                }
                progress = true;
            }
            EmulatorAllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - before;
            if (progress)
            {
                return true;
            }
            long now2 = NowMs;
            long next = Math.Min(Math.Min(RouterNode.PollAt(now2), ServerInterface.PollAt(now2)), untilMs);
            if (next > now2 && next != long.MaxValue)
            {
                Clock.AdvanceTo(next);
            }
            return false;
        }

        /// <summary>Runs until <paramref name="condition"/> holds or <paramref name="limitMs"/> of virtual time passed.</summary>
        public bool RunUntil(Func<bool> condition, long limitMs)
        {
            long end = NowMs + limitMs;
            while (!condition())
            {
                if (NowMs >= end)
                {
                    return false;
                }
                long before = NowMs;
                RunOnce(end);
                if (NowMs == before && NextDeadline() == long.MaxValue && !condition())
                {
                    // Nothing scheduled anywhere: idle until the limit.
                    Clock.AdvanceTo(end);
                }
            }
            return true;
        }

        private long NextDeadline()
        {
            long now = NowMs;
            long next = Math.Min(RouterNode.PollAt(now), ServerInterface.PollAt(now));
            if (_station != null)
            {
                next = Math.Min(next, _station.PollAt(now));
            }
            foreach (Func<long, long> at in _deviceDeadlines)
            {
                next = Math.Min(next, at(now));
            }
            return next;
        }

        private static (X509Certificate2 Ca, X509Certificate2 Leaf) IssueCertificates(VirtualClock clock)
        {
            DateTimeOffset from = DateTimeOffset.UtcNow.AddDays(-1), to = DateTimeOffset.UtcNow.AddDays(90);
            using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var caRequest = new CertificateRequest("CN=NanoStack Emulator Root CA, O=NanoStack", caKey, HashAlgorithmName.SHA256);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
            X509Certificate2 ca = caRequest.CreateSelfSigned(from, to);

            using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=" + HostName, leafKey, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(HostName);
            san.AddDnsName(AliasName);
            request.CertificateExtensions.Add(san.Build());
            byte[] serial = new byte[8];
            RandomNumberGenerator.Fill(serial);
            serial[0] &= 0x7F;
            using X509Certificate2 leafPublic = request.Create(ca, from, to, serial);
            using X509Certificate2 withKey = leafPublic.CopyWithPrivateKey(leafKey);
            // Ephemeral keys cannot back an SslStream server on every platform: round-trip through PKCS#12.
            X509Certificate2 leaf = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
            return (ca, leaf);
        }

        public void Dispose() => Https.Dispose();
    }
}
