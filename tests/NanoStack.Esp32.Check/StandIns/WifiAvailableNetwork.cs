namespace System.Device.Wifi
{
    public class WifiAvailableNetwork
    {
        public WifiAvailableNetwork()
        {
        }

        /// <summary>Scripting: a network as the driver would report it.</summary>
        public WifiAvailableNetwork(string ssid, string bsid, double rssi)
        {
            Ssid = ssid;
            Bsid = bsid;
            NetworkRssiInDecibelMilliwatts = rssi;
            NetworkKind = WifiNetworkKind.Infrastructure;
        }

        public string Bsid { get; private set; }

        public WifiNetworkKind NetworkKind { get; private set; }

        public double NetworkRssiInDecibelMilliwatts { get; private set; }

        public byte SignalBars { get; private set; }

        public string Ssid { get; private set; }
    }
}
