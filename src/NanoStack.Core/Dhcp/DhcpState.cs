namespace NanoStack.Dhcp
{
    /// <summary>
    /// The client states of RFC 2131 §4.4 (figure 5), without INIT-REBOOT and REBOOTING (the
    /// client keeps no lease across restarts), plus <see cref="Stopped"/>.
    /// </summary>
    public enum DhcpState
    {
        /// <summary>Not started, or stopped: no socket, no timers, the interface unconfigured.</summary>
        Stopped,

        /// <summary>INIT: no lease; the next DISCOVER is due at <see cref="DhcpClient.PollAt"/>.</summary>
        Init,

        /// <summary>SELECTING: DISCOVER sent, waiting for an OFFER.</summary>
        Selecting,

        /// <summary>REQUESTING: REQUEST for an offer broadcast, waiting for ACK or NAK.</summary>
        Requesting,

        /// <summary>BOUND: the interface carries the leased address until T1.</summary>
        Bound,

        /// <summary>RENEWING: past T1, REQUEST unicast to the server that granted the lease.</summary>
        Renewing,

        /// <summary>REBINDING: past T2, REQUEST broadcast to any server.</summary>
        Rebinding,
    }
}
