namespace NanoStack.Wifi
{
    /// <summary>Where a station is in joining a network.</summary>
    public enum WifiStatus
    {
        /// <summary>Not associated; <see cref="IWifi.Error"/> says why when a connection was lost or refused.</summary>
        Disconnected,

        /// <summary>Looking for the network (probe requests / passive scan).</summary>
        Scanning,

        /// <summary>Authentication, association and, for WPA2, the 4-way handshake in progress.</summary>
        Connecting,

        /// <summary>Associated with keys installed: frames flow on <see cref="IWifi.Link"/>.</summary>
        Connected,
    }
}
