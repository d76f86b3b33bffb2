namespace NanoStack.Dhcp
{
    /// <summary>
    /// What a <see cref="DhcpClient"/> sent, received and ignored, each ignored message by its
    /// reason (DESIGN.md principle 12: hostile or stray input is counted, never thrown). Plain
    /// fields: reading them costs nothing. A message is counted under the first reason that
    /// applies, in the order the fields are listed.
    /// </summary>
    public sealed class DhcpCounters
    {
        /// <summary>Datagrams read from UDP port 68.</summary>
        public int Received;

        /// <summary>Longer than the message buffer, or <see cref="DhcpRepr.TryParse"/> said Truncated,
        /// Malformed or BadOption (bad cookie, an option running past the end, no message type...).</summary>
        public int Malformed;

        /// <summary>Well formed but beyond what the client supports: option overload (52), or a
        /// hardware type other than Ethernet.</summary>
        public int Unsupported;

        /// <summary>Not a server's reply to a client: op BOOTREQUEST (another client's broadcast),
        /// or a source port other than 67.</summary>
        public int NotForUs;

        /// <summary>A reply whose xid is not that of our current exchange.</summary>
        public int WrongXid;

        /// <summary>A reply with our xid but another client's chaddr.</summary>
        public int WrongClientHardwareAddress;

        /// <summary>A message type that does not belong in the current state (an OFFER while
        /// REQUESTING, any reply while BOUND), or an ACK/NAK from a server we did not ask.</summary>
        public int Unexpected;

        /// <summary>An OFFER or ACK whose lease cannot be used: yiaddr not a unicast host address
        /// (0.0.0.0, broadcast, multicast, loopback, class E, the subnet's network or broadcast
        /// address), a subnet mask with a hole, no server identifier in an OFFER, no lease time in
        /// an ACK, or an ACK in REQUESTING for another address than the one requested.</summary>
        public int Unusable;

        /// <summary>OFFERs taken (SELECTING → REQUESTING).</summary>
        public int Offers;

        /// <summary>ACKs taken (a lease obtained, renewed or rebound).</summary>
        public int Acks;

        /// <summary>NAKs taken.</summary>
        public int Naks;

        /// <summary>Messages handed to the interface (first transmissions and retransmissions).</summary>
        public int Sent;

        /// <summary>Of <see cref="Sent"/>, retransmissions of a DISCOVER or REQUEST.</summary>
        public int Retransmissions;

        /// <summary>Messages the interface refused (no route to the server, link refused).</summary>
        public int SendFailures;
    }
}
