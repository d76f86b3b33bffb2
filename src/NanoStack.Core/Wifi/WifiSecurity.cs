namespace NanoStack.Wifi
{
    /// <summary>How a network authenticates stations.</summary>
    public enum WifiSecurity
    {
        /// <summary>No authentication, no encryption.</summary>
        Open,

        /// <summary>WPA2-Personal: a passphrase turned into the PMK (IEEE 802.11-2020 §12.7, PBKDF2-SHA1).</summary>
        Wpa2Personal,
    }
}
