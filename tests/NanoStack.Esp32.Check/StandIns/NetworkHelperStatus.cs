namespace nanoFramework.Networking
{
    /// <summary>Stand-in of nanoFramework's network helper status (System.Net).</summary>
    public enum NetworkHelperStatus
    {
        None,
        Started,
        NetworkIsReady,
        FailedNoNetworkInterface,
        TokenExpiredWaitingIPAddress,
        TokenExpiredWaitingDateTime,
        ExceptionOccurred,
        ErrorConnetingToWiFiWhileScanning,
        Reconnecting,
    }
}
