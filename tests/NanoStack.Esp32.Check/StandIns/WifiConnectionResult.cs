namespace System.Device.Wifi
{
    public class WifiConnectionResult
    {
        internal WifiConnectionResult(WifiConnectionStatus status)
        {
            ConnectionStatus = status;
        }

        public WifiConnectionStatus ConnectionStatus { get; private set; }
    }
}
