namespace NanoStack.Dhcp
{
    /// <summary>
    /// The most recent failure of a <see cref="DhcpClient"/>; sticky until the next
    /// <see cref="DhcpClient.Start"/>, so an application that polls late still sees what happened
    /// (the client itself goes on trying).
    /// </summary>
    public enum DhcpError
    {
        None,

        /// <summary>UDP port 68 could not be bound: the socket table is full or the port is taken
        /// (<see cref="StackLimits.MaxUdpSockets"/>).</summary>
        NoSocket,

        /// <summary>SELECTING gave up: no usable OFFER after <see cref="DhcpLimits.MaxTransmissions"/>
        /// DISCOVERs. The client pauses for <see cref="DhcpLimits.RestartDelayMs"/> in INIT and
        /// starts again.</summary>
        NoOffer,

        /// <summary>REQUESTING gave up: neither ACK nor NAK after <see cref="DhcpLimits.MaxTransmissions"/>
        /// REQUESTs; back to INIT (RFC 2131 §4.4.1).</summary>
        NoAck,

        /// <summary>A server answered a REQUEST with DHCPNAK (RFC 2131 §4.4.1, §4.4.5); back to INIT,
        /// the address cleared if one was configured.</summary>
        Nak,

        /// <summary>The lease ran out in RENEWING or REBINDING without an ACK (RFC 2131 §4.4.5);
        /// the address was cleared and the client is back in INIT.</summary>
        LeaseExpired,
    }
}
