using System;

namespace System.Device.Wifi
{
    /// <summary>Stand-in of nanoFramework's Wi-Fi adapter: a scripted driver.</summary>
    public class WifiAdapter : IDisposable
    {
        private WifiNetworkReport _report;

        /// <summary>Scripting: a host test builds the adapter itself (the real one has no public constructor).</summary>
        public WifiAdapter(int networkInterface)
        {
            NetworkInterface = networkInterface;
        }

        public event AvailableNetworksChangedEventHandler AvailableNetworksChanged;

        public int NetworkInterface { get; private set; }

        public WifiNetworkReport NetworkReport { get { return _report; } }

        /// <summary>Scripting: what the next Connect returns.</summary>
        public WifiConnectionStatus NextConnectStatus { get; set; }

        /// <summary>Scripting: calls seen.</summary>
        public int ScanCount { get; private set; }

        public int DisconnectCount { get; private set; }

        public string LastSsid { get; private set; }

        public string LastPassword { get; private set; }

        public WifiReconnectionKind LastReconnectionKind { get; private set; }

        public static WifiAdapter[] FindAllAdapters()
        {
            return new WifiAdapter[] { new WifiAdapter(0) };
        }

        public void ScanAsync()
        {
            ScanCount++;
        }

        /// <summary>Scripting: the driver finishes a scan and raises the event.</summary>
        public void CompleteScan(WifiAvailableNetwork[] networks)
        {
            _report = new WifiNetworkReport(networks);
            AvailableNetworksChangedEventHandler handler = AvailableNetworksChanged;
            if (handler != null)
            {
                handler(this, null);
            }
        }

        public WifiConnectionResult Connect(string ssid, WifiReconnectionKind reconnectionKind, string passwordCredential)
        {
            LastSsid = ssid;
            LastPassword = passwordCredential;
            LastReconnectionKind = reconnectionKind;
            return new WifiConnectionResult(NextConnectStatus);
        }

        public WifiConnectionResult Connect(WifiAvailableNetwork availableNetwork, WifiReconnectionKind reconnectionKind, string passwordCredential)
        {
            return Connect(availableNetwork.Ssid, reconnectionKind, passwordCredential);
        }

        public void Disconnect()
        {
            DisconnectCount++;
        }

        public void SetDeviceName(string name)
        {
        }

        public void Dispose()
        {
        }
    }
}
