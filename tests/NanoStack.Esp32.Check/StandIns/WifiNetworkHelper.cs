using System;
using System.Device.Wifi;
using System.Threading;

namespace nanoFramework.Networking
{
    /// <summary>Stand-in of nanoFramework's Wi-Fi network helper (System.Device.Wifi): joins a
    /// network and waits for the firmware's DHCP address (and, when asked, its SNTP date).
    /// Scripted by host tests through the setters.</summary>
    public static class WifiNetworkHelper
    {
        /// <summary>Scripting: what the next ConnectDhcp returns.</summary>
        public static bool NextConnectResult { get; set; }

        public static NetworkHelperStatus Status { get; set; }

        public static Exception HelperException { get; set; }

        public static bool ConnectDhcp(string ssid, string password, WifiReconnectionKind reconnectionKind = WifiReconnectionKind.Automatic,
            bool requiresDateTime = false, int wifiAdapterId = 0, CancellationToken token = default(CancellationToken))
        {
            return NextConnectResult;
        }

        public static bool ScanAndConnectDhcp(string ssid, string password, WifiReconnectionKind reconnectionKind = WifiReconnectionKind.Automatic,
            bool requiresDateTime = false, int wifiAdapterId = 0, CancellationToken token = default(CancellationToken))
        {
            return NextConnectResult;
        }

        public static void Disconnect()
        {
        }
    }
}
