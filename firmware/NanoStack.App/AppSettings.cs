namespace NanoStack.App
{
    /// <summary>
    /// What the device application is told to do: which Wi-Fi network to join, which HTTPS URL to
    /// fetch, which certificates to trust and how often. The device's values are compiled in
    /// (<see cref="Settings"/>); host tests build their own.
    /// </summary>
    public sealed class AppSettings
    {
        /// <summary>The Wi-Fi network's name.</summary>
        public string Ssid;

        /// <summary>The WPA2-Personal passphrase (8 to 63 characters); null or empty for an open network.</summary>
        public string Passphrase;

        /// <summary>What to fetch: <c>https://host[:port]/path</c>.</summary>
        public string Url;

        /// <summary>The trust anchors, as PEM text: one or more "-----BEGIN CERTIFICATE-----"
        /// blocks (the root CA that issued the server's chain).</summary>
        public string TrustAnchorsPem;

        /// <summary>Time from the end of one fetch to the start of the next.</summary>
        public int FetchIntervalMs = 60000;

        /// <summary>The SNTP server: a dotted IPv4 address or a host name. Null or empty: the
        /// router the DHCP lease names (many home routers answer SNTP).</summary>
        public string NtpServer;
    }
}
