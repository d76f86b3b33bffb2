using NanoStack.Wire;

namespace NanoStack.Wifi
{
    /// <summary>One scan result. The application allocates the array of results once and
    /// <see cref="IWifi.Scan"/> fills it.</summary>
    public sealed class WifiNetwork
    {
        /// <summary>Network name (up to 32 octets, IEEE 802.11-2020 §9.4.2.2).</summary>
        public string Ssid;

        /// <summary>The access point's MAC address.</summary>
        public MacAddress Bssid;

        /// <summary>Channel number (1..14 on 2.4 GHz).</summary>
        public int Channel;

        /// <summary>Received signal strength in dBm.</summary>
        public int Rssi;

        public WifiSecurity Security;
    }
}
