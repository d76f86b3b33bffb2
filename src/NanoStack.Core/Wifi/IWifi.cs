using NanoStack.Link;
using NanoStack.Wire;

namespace NanoStack.Wifi
{
    /// <summary>
    /// The Wi-Fi seam a board implements (the emulator's simulated station, the ESP32's driver
    /// binding), so the same device application runs on both. Time is a parameter (DESIGN.md
    /// principle 6): a board that needs time to pass (the emulator's association and 4-way
    /// handshake, the ESP32's asynchronous driver events) makes progress in <see cref="Poll"/>.
    /// </summary>
    public interface IWifi
    {
        /// <summary>The station's MAC address (the interface uses it as its Ethernet address).</summary>
        MacAddress MacAddress { get; }

        /// <summary>Ethernet II frames to and from the access point. Transmit returns false and
        /// Receive returns 0 while the station is not <see cref="WifiStatus.Connected"/>.</summary>
        ILink Link { get; }

        WifiStatus Status { get; }

        /// <summary>Why the station is not connected (sticky until the next <see cref="Connect"/>).</summary>
        WifiError Error { get; }

        /// <summary>Fills <paramref name="results"/> (entries allocated by the caller) with the
        /// networks in range, strongest first, and returns how many were written.</summary>
        int Scan(long nowMs, WifiNetwork[] results);

        /// <summary>Starts joining <paramref name="ssid"/> (null or empty passphrase: open network).
        /// Progress shows in <see cref="Status"/> and the events.</summary>
        void Connect(long nowMs, string ssid, string passphrase);

        /// <summary>Leaves the network; queues <see cref="WifiEventKind.LinkDown"/> if it was up.</summary>
        void Disconnect(long nowMs);

        /// <summary>Advances the connection state machine; returns true when something changed.</summary>
        bool Poll(long nowMs);

        /// <summary>The next time <see cref="Poll"/> has work, or <c>long.MaxValue</c>.</summary>
        long PollAt(long nowMs);

        /// <summary>Takes the oldest queued event; false when none.</summary>
        bool TryGetEvent(out WifiEventKind kind);
    }
}
