namespace NanoStack.Wifi
{
    /// <summary>Why a station is not connected. Sticky until the next <see cref="IWifi.Connect"/>.</summary>
    public enum WifiError
    {
        None,

        /// <summary>No access point answered for the SSID.</summary>
        NetworkNotFound,

        /// <summary>The 4-way handshake failed: the access point rejected our message 2 MIC,
        /// which is what a wrong passphrase looks like (IEEE 802.11-2020 §12.7.6).</summary>
        WrongPassphrase,

        /// <summary>The network uses a security mode the station was not configured for.</summary>
        SecurityMismatch,

        /// <summary>The access point refused the association (e.g. full).</summary>
        AssociationRejected,

        /// <summary>No answer within the connect timeout.</summary>
        Timeout,

        /// <summary>Deauthenticated or disassociated by the access point, or beacons lost.</summary>
        LinkLost,

        /// <summary>The driver reported a failure the board could not classify.</summary>
        DriverError,
    }
}
