namespace System.Device.Wifi
{
    public enum WifiNetworkKind
    {
        Any,
        Infrastructure,
        Adhoc,
    }
}
