using System;

namespace NanoStack.Dhcp
{
    /// <summary>
    /// The sizes and retry budget of a <see cref="DhcpClient"/>, fixed at construction
    /// (DESIGN.md principles 4 and 5).
    /// </summary>
    public sealed class DhcpLimits
    {
        /// <summary>
        /// The longest message a server may send a client that did not announce a larger size
        /// (option 57, which this client does not send): RFC 2131 §2 makes a client accept an
        /// options field of 312 bytes, so 236 fixed + 312 = 548 bytes of DHCP message, which with
        /// the UDP (8) and IPv4 (20) headers is the 576-byte datagram every host accepts
        /// (RFC 791 §3.1).
        /// </summary>
        public const int MinMessageBufferSize = DhcpPacket.FixedLength + 312;

        /// <summary>
        /// Bytes of the one message buffer, used for every message received and sent. Default
        /// 576, the figure of RFC 2131 §2: the 548 bytes a server may send plus 28 bytes of margin
        /// for servers that count the 576 against the DHCP message instead of the datagram. A
        /// longer datagram is dropped and counted (<see cref="DhcpCounters.Malformed"/>). What we
        /// send is at most 300 bytes (see <see cref="DhcpRepr"/>).
        /// </summary>
        public int MessageBufferSize = 576;

        /// <summary>
        /// DISCOVERs per attempt in SELECTING, and REQUESTs in REQUESTING, before giving up.
        /// Default 5: sent at 0 and after waits of 4, 8, 16 and 32 s, then a last wait of 64 s
        /// (each ±1 s, RFC 2131 §4.1), about 124 s in all.
        /// </summary>
        public int MaxTransmissions = 5;

        /// <summary>
        /// After SELECTING gave up (<see cref="DhcpError.NoOffer"/>), the pause in INIT before the
        /// next DISCOVER; also the pause after <see cref="DhcpClient.NaksBeforePause"/> NAKs in a
        /// row. The client never stops trying on its own (a device must get an address back when
        /// the server returns).
        /// </summary>
        public int RestartDelayMs = 60000;

        /// <summary>
        /// RFC 2131 §4.4.1: a client SHOULD wait a random 1–10 s before its first DISCOVER so that
        /// devices powered on together do not transmit together. The first DISCOVER after
        /// <see cref="DhcpClient.Start"/> waits a random 0 .. this many ms. Default 0 (send at
        /// once): one device joining a network gains nothing from waiting; set 10000 for fleets
        /// that power up together.
        /// </summary>
        public int StartDelayMaxMs;

        /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent value.</summary>
        public void Validate()
        {
            if (MessageBufferSize < MinMessageBufferSize || MessageBufferSize > 65507)
            {
                throw new ArgumentException("MessageBufferSize must be 548 (RFC 2131 §2) .. 65507", "MessageBufferSize");
            }
            if (MaxTransmissions < 1 || MaxTransmissions > 16)
            {
                throw new ArgumentException("MaxTransmissions must be 1..16", "MaxTransmissions");
            }
            if (RestartDelayMs < 0 || RestartDelayMs > 3600000)
            {
                throw new ArgumentException("RestartDelayMs must be 0 .. 1 hour", "RestartDelayMs");
            }
            if (StartDelayMaxMs < 0 || StartDelayMaxMs > 10000)
            {
                throw new ArgumentException("StartDelayMaxMs must be 0..10000 (RFC 2131 §4.4.1)", "StartDelayMaxMs");
            }
        }
    }
}
