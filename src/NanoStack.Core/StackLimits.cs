using System;

namespace NanoStack
{
    /// <summary>
    /// The one configuration object from which every buffer size of the stack comes
    /// (DESIGN.md principles 4 and 5). The interface allocates everything it will ever use from
    /// these numbers at start-up; <see cref="TotalBufferBytes"/> is that figure.
    ///
    /// Defaults fit an ESP32 without PSRAM (about 90 KB of managed heap, shared with TLS and the
    /// application): 2 TCP sockets with 2 × MSS receive and send rings, 2 UDP sockets (DHCP, DNS),
    /// one frame buffer each way.
    /// </summary>
    public sealed class StackLimits
    {
        /// <summary>Ethernet II header: destination (6) + source (6) + EtherType (2).</summary>
        public const int EthernetHeaderLength = 14;

        /// <summary>IPv4 header without options (RFC 791 §3.1).</summary>
        public const int Ipv4MinHeaderLength = 20;

        /// <summary>TCP header without options (RFC 9293 §3.1).</summary>
        public const int TcpMinHeaderLength = 20;

        /// <summary>UDP header (RFC 768).</summary>
        public const int UdpHeaderLength = 8;

        /// <summary>
        /// The IP MTU of the link. 1500 for Ethernet and Wi-Fi (the ESP-IDF driver's maximum);
        /// RFC 791 requires at least 576 of every host, RFC 9293 §3.7.1 derives the default
        /// MSS from it.
        /// </summary>
        public int Mtu = 1500;

        /// <summary>TCP sockets in the fixed table (handles 0 .. MaxTcpSockets − 1).</summary>
        public int MaxTcpSockets = 2;

        /// <summary>UDP sockets in the fixed table.</summary>
        public int MaxUdpSockets = 2;

        /// <summary>
        /// Receive ring of each TCP socket. Default 2 × MSS (2 × 1460 = 2920): the delayed-ACK
        /// rule "ACK at least every second full-sized segment" (RFC 1122 §4.2.3.2) then never
        /// stalls the peer on a full window.
        /// </summary>
        public int TcpReceiveBufferSize = 2920;

        /// <summary>Send ring of each TCP socket (unacknowledged plus unsent data).</summary>
        public int TcpSendBufferSize = 2920;

        /// <summary>Out-of-order ranges remembered per TCP socket (the gap list).</summary>
        public int TcpMaxGaps = 4;

        /// <summary>Connections a listener may hold in SYN-RECEIVED/ESTABLISHED before accept.</summary>
        public int TcpListenBacklog = 2;

        /// <summary>Receive ring of each UDP socket: queued datagrams, each stored with a small
        /// header (length and sender endpoint).</summary>
        public int UdpReceiveBufferSize = 1024;

        /// <summary>ARP cache entries.</summary>
        public int ArpCacheEntries = 4;

        /// <summary>Frames held while their next hop is being resolved, in slots of
        /// <see cref="FrameBufferSize"/> bytes that the pending ARP entries share (RFC 1122
        /// §2.3.2.2). −1 (the default): one per ARP entry. A device that only talks through its
        /// gateway needs one; 0 holds nothing (the frame is dropped and counted, the transport
        /// retransmits).</summary>
        public int ArpHeldFrames = -1;

        /// <summary>The held-frame slots <see cref="ArpHeldFrames"/> gives.</summary>
        public int ArpHeldFrameSlots
        {
            get { return ArpHeldFrames < 0 ? ArpCacheEntries : ArpHeldFrames; }
        }

        /// <summary>
        /// Bytes of one frame buffer: the largest frame the link carries,
        /// <c>Mtu + EthernetHeaderLength</c> = 1514 by default. The stack keeps one for receive,
        /// one for transmit and one per held-frame slot of the ARP cache (<see cref="ArpHeldFrames"/>).
        /// </summary>
        public int FrameBufferSize
        {
            get { return Mtu + EthernetHeaderLength; }
        }

        /// <summary>
        /// The TCP MSS this host announces: MTU − IPv4 header − TCP header
        /// (RFC 9293 §3.7.1) = 1460 by default.
        /// </summary>
        public int TcpMss
        {
            get { return Mtu - Ipv4MinHeaderLength - TcpMinHeaderLength; }
        }

        /// <summary>
        /// The worst-case bytes of buffers the interface allocates from these limits:
        /// frames (rx + tx + the ARP held-frame slots) + TCP rings + UDP rings.
        /// With the defaults: 1514 × (2 + 4) + 2 × (2920 + 2920) + 2 × 1024 = 22 812 bytes.
        /// Object headers and the small per-socket state come on top and are measured by test.
        /// </summary>
        public int TotalBufferBytes
        {
            get
            {
                return FrameBufferSize * (2 + ArpHeldFrameSlots)
                     + MaxTcpSockets * (TcpReceiveBufferSize + TcpSendBufferSize)
                     + MaxUdpSockets * UdpReceiveBufferSize;
            }
        }

        /// <summary>
        /// Throws <see cref="ArgumentException"/> naming the first inconsistent value: a caller
        /// precondition, checked once at start-up.
        /// </summary>
        public void Validate()
        {
            if (Mtu < 576 || Mtu > 9000)
            {
                throw new ArgumentException("Mtu must be 576..9000 (RFC 791 minimum datagram size)", "Mtu");
            }
            if (MaxTcpSockets < 0 || MaxTcpSockets > 256)
            {
                throw new ArgumentException("MaxTcpSockets must be 0..256", "MaxTcpSockets");
            }
            if (MaxUdpSockets < 0 || MaxUdpSockets > 64)
            {
                throw new ArgumentException("MaxUdpSockets must be 0..64", "MaxUdpSockets");
            }
            if (TcpReceiveBufferSize < 536 || TcpReceiveBufferSize > (1 << 24))
            {
                throw new ArgumentException("TcpReceiveBufferSize must be 536 (the default MSS) .. 16 MiB", "TcpReceiveBufferSize");
            }
            if (TcpSendBufferSize < 536 || TcpSendBufferSize > (1 << 24))
            {
                throw new ArgumentException("TcpSendBufferSize must be 536 .. 16 MiB", "TcpSendBufferSize");
            }
            if (TcpMaxGaps < 1 || TcpMaxGaps > 32)
            {
                throw new ArgumentException("TcpMaxGaps must be 1..32", "TcpMaxGaps");
            }
            if (TcpListenBacklog < 1 || TcpListenBacklog > MaxTcpSockets)
            {
                throw new ArgumentException("TcpListenBacklog must be 1..MaxTcpSockets", "TcpListenBacklog");
            }
            if (UdpReceiveBufferSize < 64)
            {
                throw new ArgumentException("UdpReceiveBufferSize must be at least 64", "UdpReceiveBufferSize");
            }
            if (ArpCacheEntries < 1 || ArpCacheEntries > 256)
            {
                throw new ArgumentException("ArpCacheEntries must be 1..256", "ArpCacheEntries");
            }
            if (ArpHeldFrames < -1 || ArpHeldFrames > ArpCacheEntries)
            {
                throw new ArgumentException("ArpHeldFrames must be -1 (one per entry) or 0..ArpCacheEntries", "ArpHeldFrames");
            }
        }
    }
}
