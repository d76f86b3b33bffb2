namespace NanoStack.Wifi
{
    /// <summary>Events a station queues for the application, which polls them
    /// (<see cref="IWifi.TryGetEvent"/>; DESIGN.md principle 10: no callbacks).</summary>
    public enum WifiEventKind
    {
        None,

        /// <summary>Associated and keys installed: the link is up.</summary>
        LinkUp,

        /// <summary>The link went down (disconnect, deauthentication, beacon loss).</summary>
        LinkDown,

        /// <summary>A connection attempt failed; <see cref="IWifi.Error"/> says why.</summary>
        ConnectFailed,
    }
}
