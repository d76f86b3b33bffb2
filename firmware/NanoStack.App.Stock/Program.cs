using System;
using System.Device.Wifi;
using System.Diagnostics;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using nanoFramework.Networking;

namespace NanoStack.App.Stock
{
    /// <summary>
    /// The entry point on STOCK nanoFramework firmware (device only: the host build of this
    /// project leaves the file out). The firmware's own network does Wi-Fi, DHCP, DNS, TCP and
    /// the wall time (its SNTP client); NanoStack does TLS 1.2 and HTTP over a
    /// <c>System.Net.Sockets.Socket</c> (<see cref="SocketFetcher"/>). Joins the network with
    /// <see cref="WifiNetworkHelper"/>, waits for an address and a plausible date, then fetches
    /// the compiled-in <see cref="Settings"/>' URL again and again, its log on the debug output.
    /// References no NanoStack board: nothing here needs a native method stock firmware lacks.
    /// </summary>
    public static class Program
    {
        /// <summary>How long joining the network and getting a DHCP lease and the date may take.</summary>
        private const int NetworkTimeoutMs = 60000;

        /// <summary>Further wait for the date when the network came up without it.</summary>
        private const int TimeWaitMs = 30000;

        /// <summary>Certificates cannot be older than this year; a clock before it was never set.</summary>
        private const int FirstPlausibleYear = 2025;

        /// <summary>First back-off after a failure; doubles per failure in a row.</summary>
        private const int FirstRetryMs = 2000;

        /// <summary>Longest back-off.</summary>
        private const int MaxRetryMs = 300000;

        /// <summary>DateTime ticks at the Unix epoch (1970-01-01T00:00:00Z).</summary>
        private const long UnixEpochTicks = 621355968000000000;

        public static void Main()
        {
            DebugLog log = new DebugLog();
            log.Line("NanoStack application starting (stock firmware: TLS and HTTP over the firmware's sockets)");
            AppSettings settings = Settings.Create();
            StockEntropy entropy = new StockEntropy();
            entropy.Mix((long)HighResTimer.GetCurrent());
            DeviceTls parts = DeviceTls.Create(settings, entropy, null);
            parts.CreateHttp(null);
            SocketFetcher fetcher = new SocketFetcher(parts, log);

            bool networkUp = false;
            int failuresInARow = 0;
            while (true)
            {
                bool ok = false;
                if (!networkUp)
                {
                    networkUp = JoinNetwork(settings, log);
                    entropy.Mix((long)HighResTimer.GetCurrent());
                }
                if (networkUp && WaitForTime(log))
                {
                    entropy.Mix((long)HighResTimer.GetCurrent());
                    ok = fetcher.Fetch((DateTime.UtcNow.Ticks - UnixEpochTicks) / 10000000);
                    if (!ok && (fetcher.LastFailedStep == AppStep.Dns || fetcher.LastFailedStep == AppStep.Tcp))
                    {
                        // The network may be gone: join again on the next cycle.
                        networkUp = false;
                    }
                }
                int waitMs;
                if (ok)
                {
                    failuresInARow = 0;
                    waitMs = settings.FetchIntervalMs;
                }
                else
                {
                    int shift = failuresInARow < 8 ? failuresInARow : 8;
                    failuresInARow++;
                    long backoff = (long)FirstRetryMs << shift;
                    waitMs = backoff > MaxRetryMs ? MaxRetryMs : (int)backoff;
                    log.Line(string.Concat("retry: in ", waitMs.ToString(), " ms (failure ", failuresInARow.ToString(), " in a row)"));
                }
                Thread.Sleep(waitMs);
            }
        }

        /// <summary>Joins the settings' network and waits for a DHCP address and the date
        /// (the firmware sets its clock by SNTP once the network is up).</summary>
        private static bool JoinNetwork(AppSettings settings, DebugLog log)
        {
            log.Line(string.Concat("wifi: joining \"", settings.Ssid, "\" (address by the firmware's DHCP client)"));
            CancellationTokenSource cancel = new CancellationTokenSource(NetworkTimeoutMs);
            bool up = WifiNetworkHelper.ConnectDhcp(settings.Ssid, settings.Passphrase, WifiReconnectionKind.Automatic, true, 0, cancel.Token);
            cancel.Dispose();
            NetworkHelperStatus status = WifiNetworkHelper.Status;
            if (up)
            {
                log.Line("wifi: connected, address and date set");
                return true;
            }
            if (status == NetworkHelperStatus.TokenExpiredWaitingDateTime)
            {
                // Connected with an address; the date may still come (WaitForTime).
                log.Line("wifi: connected, the date is not set yet");
                return true;
            }
            Exception e = WifiNetworkHelper.HelperException;
            log.Line(string.Concat("wifi: failed: ", StatusName(status), e != null ? string.Concat(": ", e.Message) : ""));
            return false;
        }

        /// <summary>Waits until the clock shows a plausible year (the firmware's SNTP client sets
        /// it; stock firmware gives managed code no SNTP API of its own).</summary>
        private static bool WaitForTime(DebugLog log)
        {
            int waited = 0;
            while (DateTime.UtcNow.Year < FirstPlausibleYear)
            {
                if (waited >= TimeWaitMs)
                {
                    log.Line(string.Concat("time: failed: the clock says year ", DateTime.UtcNow.Year.ToString(),
                        " after ", (waited / 1000).ToString(), " s: the firmware's SNTP client has not set it; certificates cannot be checked without the date"));
                    return false;
                }
                Thread.Sleep(1000);
                waited += 1000;
            }
            return true;
        }

        /// <summary>The helper's status by name (enum names may print as numbers on the device).</summary>
        private static string StatusName(NetworkHelperStatus status)
        {
            switch (status)
            {
                case NetworkHelperStatus.None: return "None";
                case NetworkHelperStatus.Started: return "Started";
                case NetworkHelperStatus.NetworkIsReady: return "NetworkIsReady";
                case NetworkHelperStatus.FailedNoNetworkInterface: return "FailedNoNetworkInterface";
                case NetworkHelperStatus.TokenExpiredWaitingIPAddress: return "TokenExpiredWaitingIPAddress (no DHCP lease, or the network was not joined)";
                case NetworkHelperStatus.TokenExpiredWaitingDateTime: return "TokenExpiredWaitingDateTime";
                case NetworkHelperStatus.ExceptionOccurred: return "ExceptionOccurred";
                case NetworkHelperStatus.ErrorConnetingToWiFiWhileScanning: return "ErrorConnetingToWiFiWhileScanning";
                case NetworkHelperStatus.Reconnecting: return "Reconnecting";
                default: return ((int)status).ToString();
            }
        }

        /// <summary>Log lines on the debug output, each prefixed with the seconds since boot.</summary>
        private sealed class DebugLog : IAppLog
        {
            public void Line(string text)
            {
                long ms = (long)(HighResTimer.GetCurrent() / 1000);
                Debug.WriteLine(string.Concat("[", (ms / 1000).ToString(), ".", (ms % 1000).ToString("D3"), "] ", text));
            }
        }
    }
}
