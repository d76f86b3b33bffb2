namespace NanoStack.App
{
    /// <summary>
    /// The settings compiled into the firmware. EDIT THESE BEFORE FLASHING: the placeholders below
    /// do not name a real network or server, and the device will report a Wi-Fi failure until
    /// they do. Keep the passphrase out of version control.
    /// </summary>
    public static class Settings
    {
        /// <summary>Your Wi-Fi network's name (SSID).</summary>
        public const string Ssid = "YOUR-SSID";

        /// <summary>Your Wi-Fi network's WPA2-Personal passphrase.</summary>
        public const string Passphrase = "YOUR-PASSPHRASE";

        /// <summary>The page to fetch, https only: https://host[:port]/path.</summary>
        public const string Url = "https://www.example.com/";

        /// <summary>
        /// The root CA certificate(s) that issued the server's chain, as PEM text (paste the
        /// "-----BEGIN CERTIFICATE-----" block(s), e.g. exported from a browser or from
        /// <c>openssl s_client -showcerts</c>). The server must use an ECDSA P-256 chain:
        /// the device checks only P-256 signatures.
        /// </summary>
        public const string TrustAnchorsPem =
            "-----BEGIN CERTIFICATE-----\n"
            + "PASTE-THE-ROOT-CA-CERTIFICATE-HERE\n"
            + "-----END CERTIFICATE-----\n";

        /// <summary>Milliseconds between fetches.</summary>
        public const int FetchIntervalMs = 60000;

        /// <summary>SNTP server: an IPv4 address or host name, or "" for the DHCP router.</summary>
        public const string NtpServer = "pool.ntp.org";

        /// <summary>The settings above as the application reads them.</summary>
        public static AppSettings Create()
        {
            AppSettings s = new AppSettings();
            s.Ssid = Ssid;
            s.Passphrase = Passphrase;
            s.Url = Url;
            s.TrustAnchorsPem = TrustAnchorsPem;
            s.FetchIntervalMs = FetchIntervalMs;
            s.NtpServer = NtpServer;
            return s;
        }
    }
}
