namespace NanoStack.Iface
{
    /// <summary>
    /// What the interface received, sent and dropped, each drop by its reason (DESIGN.md
    /// principle 12: malformed input is counted, never thrown). Plain fields: reading them costs
    /// nothing and they never allocate.
    /// </summary>
    public sealed class InterfaceCounters
    {
        public int FramesReceived;
        public int FramesSent;
        /// <summary>The link refused a frame (queue full, link down).</summary>
        public int LinkTransmitFailures;

        /// <summary>Ethernet frames too short, or an EtherType we do not speak.</summary>
        public int DroppedEthernet;
        /// <summary>Frames addressed to another station's MAC.</summary>
        public int DroppedNotOurMac;
        /// <summary>ARP packets that failed to parse or were not for IPv4 over Ethernet.</summary>
        public int DroppedArp;
        /// <summary>IPv4 headers that failed to parse (length, version, header length).</summary>
        public int DroppedIpv4Malformed;
        /// <summary>IPv4 header checksum wrong.</summary>
        public int DroppedIpv4Checksum;
        /// <summary>IPv4 fragments: this stack does not reassemble (README "Deliberately left out").</summary>
        public int DroppedFragments;
        /// <summary>IPv4 packets for another address.</summary>
        public int DroppedNotForUs;
        /// <summary>IP protocols other than ICMP, UDP and TCP.</summary>
        public int DroppedUnknownProtocol;
        /// <summary>ICMP messages that failed to parse or had a bad checksum.</summary>
        public int DroppedIcmp;
        /// <summary>UDP datagrams that failed to parse or had a bad checksum.</summary>
        public int DroppedUdp;
        /// <summary>UDP datagrams for a port no socket is bound to.</summary>
        public int DroppedUdpNoSocket;
        /// <summary>UDP datagrams that did not fit the socket's receive queue.</summary>
        public int DroppedUdpQueueFull;
        /// <summary>TCP segments that failed to parse, had a bad checksum or an illegal option (RFC 9293 MUST-7).</summary>
        public int DroppedTcp;
        /// <summary>TCP segments to or from a broadcast or multicast address (RFC 9293 §3.10.7.2).</summary>
        public int DroppedTcpBroadcast;
        /// <summary>SYNs for a listener whose backlog was full, or with no free socket.</summary>
        public int DroppedBacklogFull;
        /// <summary>Outgoing packets with no route (no gateway for an off-link address).</summary>
        public int DroppedNoRoute;
        /// <summary>Outgoing packets dropped while their next hop was being resolved (a newer one replaced them, or ARP gave up).</summary>
        public int DroppedArpPending;

        public int ArpRequestsSent;
        public int ArpRepliesSent;
        public int ArpEvictions;
        public int TcpResetsSent;
        /// <summary>Closed connections in TIME-WAIT whose socket <see cref="Interface.TcpOpen"/> took for a new one.</summary>
        public int TcpTimeWaitReclaimed;
        public int IcmpEchoRepliesSent;
        public int IcmpErrorsReceived;
        public int IcmpErrorsSent;
        /// <summary>ICMP errors not sent because of the rate limit (RFC 1812 §4.3.2.8).</summary>
        public int IcmpErrorsRateLimited;
    }
}
