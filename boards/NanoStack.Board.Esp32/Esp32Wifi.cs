using System.Device.Wifi;
using System.Threading;
using NanoStack.Link;
using NanoStack.Wifi;
using NanoStack.Wire;

namespace NanoStack.Board.Esp32
{
    /// <summary>
    /// <see cref="IWifi"/> over nanoFramework's <c>System.Device.Wifi</c> driver binding. The
    /// driver associates and runs the WPA2 handshake; frames then flow through the native frame
    /// path (<see cref="Esp32FrameLink"/>), not through the firmware's lwIP.
    ///
    /// Driver events (a finished scan) only set a flag under a lock; state changes are noticed in
    /// <see cref="Poll"/> and queued for <see cref="TryGetEvent"/> (DESIGN.md principle 10).
    ///
    /// What the driver API cannot tell: <c>WifiAvailableNetwork</c> carries neither the channel
    /// nor the security mode, so scan results report <c>Channel</c> 0 and <c>Security</c>
    /// <see cref="WifiSecurity.Wpa2Personal"/>; the driver negotiates the actual mode on connect.
    /// <c>WifiAdapter.Connect</c> blocks until the driver answers.
    /// </summary>
    public sealed class Esp32Wifi : IWifi
    {
        private const int EventCapacity = 8;

        /// <summary>How often a connected station asks the driver whether the link is still up.</summary>
        public const int LinkCheckIntervalMs = 500;

        private readonly WifiAdapter _adapter;
        private readonly ILink _link;
        private readonly IStationLinkState _linkState;
        private readonly WifiEventQueue _events = new WifiEventQueue(EventCapacity);
        private readonly object _sync = new object();
        private bool _scanRunning;
        private bool _scanReady;
        private bool _scanCompleted;
        private long _lastPollMs;

        /// <summary>The ESP32 station: the first Wi-Fi adapter and the native frame link.</summary>
        public Esp32Wifi(Esp32FrameLink link)
            : this(WifiAdapter.FindAllAdapters()[0], link, link, link.MacAddress)
        {
        }

        /// <summary>Any adapter, link and link-state source (host tests script them).</summary>
        public Esp32Wifi(WifiAdapter adapter, ILink link, IStationLinkState linkState, MacAddress macAddress)
        {
            if (adapter == null)
            {
                throw new System.ArgumentNullException("adapter");
            }
            if (link == null)
            {
                throw new System.ArgumentNullException("link");
            }
            if (linkState == null)
            {
                throw new System.ArgumentNullException("linkState");
            }
            _adapter = adapter;
            _link = link;
            _linkState = linkState;
            MacAddress = macAddress;
            _adapter.AvailableNetworksChanged += OnAvailableNetworksChanged;
        }

        public MacAddress MacAddress { get; private set; }

        /// <summary>The native link: it refuses to transmit and has nothing to receive while the
        /// station is not associated.</summary>
        public ILink Link { get { return _link; } }

        public WifiStatus Status { get; private set; }

        public WifiError Error { get; private set; }

        /// <summary>Events lost because the application did not poll them in time.</summary>
        public int DroppedEvents { get { return _events.Dropped; } }

        /// <summary>
        /// Writes the networks of the last completed scan, strongest first, and starts a new scan
        /// when none is running. The first call after start-up returns 0; <see cref="Poll"/>
        /// returns true when a scan completes.
        /// </summary>
        public int Scan(long nowMs, WifiNetwork[] results)
        {
            if (results == null)
            {
                throw new System.ArgumentNullException("results");
            }
            bool ready;
            bool start;
            Monitor.Enter(_sync);
            ready = _scanReady;
            start = !_scanRunning;
            if (start)
            {
                _scanRunning = true;
            }
            Monitor.Exit(_sync);

            int written = 0;
            if (ready)
            {
                WifiNetworkReport report = _adapter.NetworkReport;
                WifiAvailableNetwork[] found = report == null ? null : report.AvailableNetworks;
                if (found != null)
                {
                    for (int i = 0; i < found.Length; i++)
                    {
                        written = Insert(results, written, found[i]);
                    }
                }
            }
            if (start)
            {
                _adapter.ScanAsync();
            }
            return written;
        }

        public void Connect(long nowMs, string ssid, string passphrase)
        {
            if (ssid == null || ssid.Length == 0)
            {
                throw new System.ArgumentException("ssid is empty", "ssid");
            }
            Error = WifiError.None;
            Status = WifiStatus.Connecting;
            WifiConnectionResult result = _adapter.Connect(ssid, WifiReconnectionKind.Manual, passphrase == null ? string.Empty : passphrase);
            WifiError error = result == null ? WifiError.DriverError : MapStatus(result.ConnectionStatus);
            if (error == WifiError.None)
            {
                Status = WifiStatus.Connected;
                _events.Enqueue(WifiEventKind.LinkUp);
                return;
            }
            Status = WifiStatus.Disconnected;
            Error = error;
            _events.Enqueue(WifiEventKind.ConnectFailed);
        }

        public void Disconnect(long nowMs)
        {
            _adapter.Disconnect();
            if (Status == WifiStatus.Connected)
            {
                _events.Enqueue(WifiEventKind.LinkDown);
            }
            Status = WifiStatus.Disconnected;
        }

        public bool Poll(long nowMs)
        {
            _lastPollMs = nowMs;
            bool changed = false;
            if (Status == WifiStatus.Connected && !_linkState.IsUp)
            {
                // Deauthenticated, disassociated or beacons lost: the driver dropped the link.
                Status = WifiStatus.Disconnected;
                Error = WifiError.LinkLost;
                _events.Enqueue(WifiEventKind.LinkDown);
                changed = true;
            }
            Monitor.Enter(_sync);
            if (_scanCompleted)
            {
                _scanCompleted = false;
                changed = true;
            }
            Monitor.Exit(_sync);
            return changed;
        }

        public long PollAt(long nowMs)
        {
            // The driver's link state is read, not pushed: a connected station wants a poll now and then.
            return Status == WifiStatus.Connected ? _lastPollMs + LinkCheckIntervalMs : long.MaxValue;
        }

        public bool TryGetEvent(out WifiEventKind kind)
        {
            return _events.TryDequeue(out kind);
        }

        /// <summary>How the driver's connection result reads as a <see cref="WifiError"/>.</summary>
        public static WifiError MapStatus(WifiConnectionStatus status)
        {
            switch (status)
            {
                case WifiConnectionStatus.Success:
                    return WifiError.None;
                case WifiConnectionStatus.NetworkNotAvailable:
                    return WifiError.NetworkNotFound;
                case WifiConnectionStatus.InvalidCredential:
                    return WifiError.WrongPassphrase;
                case WifiConnectionStatus.UnsupportedAuthenticationProtocol:
                    return WifiError.SecurityMismatch;
                case WifiConnectionStatus.AccessRevoked:
                    return WifiError.AssociationRejected;
                case WifiConnectionStatus.Timeout:
                    return WifiError.Timeout;
                default:
                    return WifiError.DriverError;
            }
        }

        // Keeps results sorted by RSSI, strongest first; a network weaker than a full array is skipped.
        private static int Insert(WifiNetwork[] results, int written, WifiAvailableNetwork network)
        {
            if (network == null)
            {
                return written;
            }
            int rssi = (int)network.NetworkRssiInDecibelMilliwatts;
            int at = written;
            while (at > 0 && results[at - 1].Rssi < rssi)
            {
                at--;
            }
            if (at >= results.Length)
            {
                return written;
            }
            int last = written < results.Length ? written : results.Length - 1;
            WifiNetwork slot = results[last];
            for (int i = last; i > at; i--)
            {
                results[i] = results[i - 1];
            }
            results[at] = slot;
            slot.Ssid = network.Ssid;
            MacAddress bssid;
            slot.Bssid = MacAddress.TryParse(network.Bsid, out bssid) ? bssid : MacAddress.Unspecified;
            slot.Channel = 0;
            slot.Rssi = rssi;
            slot.Security = WifiSecurity.Wpa2Personal;
            return written < results.Length ? written + 1 : written;
        }

        private void OnAvailableNetworksChanged(WifiAdapter sender, object e)
        {
            Monitor.Enter(_sync);
            _scanReady = true;
            _scanCompleted = true;
            _scanRunning = false;
            Monitor.Exit(_sync);
        }
    }
}
