namespace NanoStack.App
{
    /// <summary>The steps of one fetch cycle, in order: where a cycle failed.</summary>
    public enum AppStep
    {
        None,

        /// <summary>Joining the Wi-Fi network (WPA2 4-way handshake).</summary>
        Wifi,

        /// <summary>Getting a DHCP lease.</summary>
        Dhcp,

        /// <summary>Getting the wall time by SNTP (certificate validity needs the date).</summary>
        Sntp,

        /// <summary>Resolving the URL's host name.</summary>
        Dns,

        /// <summary>Opening the TCP connection.</summary>
        Tcp,

        /// <summary>The TLS handshake, certificate validation included.</summary>
        Tls,

        /// <summary>The HTTP request, response and body.</summary>
        Http,
    }
}
