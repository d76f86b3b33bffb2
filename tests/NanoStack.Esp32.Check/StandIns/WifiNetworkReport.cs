namespace System.Device.Wifi
{
    public class WifiNetworkReport
    {
        private readonly WifiAvailableNetwork[] _networks;

        internal WifiNetworkReport(WifiAvailableNetwork[] networks)
        {
            _networks = networks;
        }

        public WifiAvailableNetwork[] AvailableNetworks { get { return _networks; } }
    }
}
