using System;
using System.Collections.Generic;
using NanoStack.Link;
using NanoStack.Wire;

namespace NanoStack.Board.Emulator
{
    /// <summary>
    /// A simulated shared Ethernet or Wi-Fi segment joining any number of interfaces. Each
    /// <see cref="Attach(MacAddress)"/> returns a <see cref="Port"/> implementing <see cref="ILink"/>.
    /// A frame transmitted on a port is delivered to the other port whose MAC equals the
    /// destination, or to every other port when the destination is broadcast or multicast (I/G bit,
    /// bit 0 of the first octet, IEEE 802-2014 §8.2). A unicast frame for an address no port owns is
    /// dropped and counted in <see cref="UnknownDestination"/>. Each port has a bounded receive queue;
    /// a frame that does not fit is dropped and counted on that port. With
    /// <see cref="LatencyMs"/> a frame becomes receivable that many virtual milliseconds after it
    /// was transmitted. A port marked <see cref="Port.Promiscuous"/> also gets a copy of every
    /// unicast frame addressed to another port (a monitor, or an on-path attacker).
    /// </summary>
    public sealed class EthernetSegment
    {
        private readonly List<Port> _ports = new();
        private readonly int _queueFrames;
        private readonly int _queueBytes;
        private readonly int _maxFrameLength;

        /// <param name="latencyMs">Virtual delay between transmit and delivery.</param>
        /// <param name="queueFrames">Receive queue of each port, in frames.</param>
        /// <param name="queueBytes">Receive queue of each port, in bytes (0: queueFrames × maxFrameLength).</param>
        /// <param name="maxFrameLength">Largest frame carried (1514: 1500 MTU + 14).</param>
        public EthernetSegment(int latencyMs = 0, int queueFrames = 64, int queueBytes = 0, int maxFrameLength = LoopbackLink.DefaultMaxFrameLength)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(latencyMs);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(queueFrames);
            ArgumentOutOfRangeException.ThrowIfNegative(queueBytes);
            ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameLength, EthernetFrame.HeaderLength);
            LatencyMs = latencyMs;
            _queueFrames = queueFrames;
            _queueBytes = queueBytes == 0 ? queueFrames * maxFrameLength : queueBytes;
            _maxFrameLength = maxFrameLength;
        }

        /// <summary>Virtual delay between transmit and delivery, in milliseconds.</summary>
        public int LatencyMs { get; set; }

        /// <summary>Unicast frames whose destination no port owns.</summary>
        public int UnknownDestination { get; private set; }

        /// <summary>Frames shorter than an Ethernet header, or longer than the maximum.</summary>
        public int Malformed { get; private set; }

        public IReadOnlyList<Port> Ports => _ports;

        /// <summary>Adds an interface with address <paramref name="mac"/>.</summary>
        public Port Attach(MacAddress mac)
        {
            var port = new Port(this, mac, new FrameQueue(_queueFrames, _queueBytes));
            _ports.Add(port);
            return port;
        }

        /// <summary>Adds an interface with the address given as six octets in wire order.</summary>
        public Port Attach(ReadOnlySpan<byte> mac)
        {
            if (mac.Length != MacAddress.Length)
            {
                throw new ArgumentException("a MAC address is 6 bytes", nameof(mac));
            }
            return Attach(new MacAddress(mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]));
        }

        private bool Forward(Port from, byte[] buffer, int offset, int length, long nowMs)
        {
            if (length < EthernetFrame.HeaderLength || length > _maxFrameLength)
            {
                Malformed++;
                return false;
            }
            MacAddress destination = MacAddress.Read(buffer, offset + EthernetFrame.Field.Destination);
            long due = nowMs + LatencyMs;
            if (destination.IsMulticast)
            {
                foreach (Port port in _ports)
                {
                    if (!ReferenceEquals(port, from))
                    {
                        port.Deliver(buffer, offset, length, due);
                    }
                }
                return true;
            }
            bool delivered = false;
            foreach (Port port in _ports)
            {
                if (ReferenceEquals(port, from))
                {
                    continue;
                }
                if (!delivered && port.Mac.Value == destination.Value)
                {
                    port.Deliver(buffer, offset, length, due);
                    delivered = true;
                }
                else if (port.Promiscuous)
                {
                    port.Deliver(buffer, offset, length, due);
                }
            }
            if (!delivered)
            {
                UnknownDestination++;
            }
            return true;
        }

        /// <summary>One interface on the segment.</summary>
        public sealed class Port : ILink
        {
            private readonly EthernetSegment _segment;
            private readonly FrameQueue _queue;

            internal Port(EthernetSegment segment, MacAddress mac, FrameQueue queue)
            {
                _segment = segment;
                Mac = mac;
                _queue = queue;
            }

            public MacAddress Mac { get; }

            public int MaxFrameLength => _segment._maxFrameLength;

            /// <summary>Receives copies of unicast frames for other ports too (not its own transmissions).</summary>
            public bool Promiscuous { get; set; }

            /// <summary>Frames dropped because this port's receive queue was full.</summary>
            public int Overflow { get; private set; }

            /// <summary>Frames dropped because the receiver's buffer was too short.</summary>
            public int Oversize { get; private set; }

            public int Transmitted { get; private set; }

            public int Received { get; private set; }

            /// <summary>Frames queued for this port (due or not).</summary>
            public int Pending => _queue.Count;

            /// <summary>
            /// Puts the frame on the segment. Returns false only for a frame that is not Ethernet
            /// (shorter than 14 bytes, longer than the maximum); delivery failures at receivers
            /// are counted there, as on a real wire.
            /// </summary>
            public bool Transmit(byte[] buffer, int offset, int length, long nowMs)
            {
                ArgumentNullException.ThrowIfNull(buffer);
                if (offset < 0 || length < 0 || offset > buffer.Length - length)
                {
                    throw new ArgumentOutOfRangeException(nameof(length));
                }
                if (!_segment.Forward(this, buffer, offset, length, nowMs))
                {
                    return false;
                }
                Transmitted++;
                return true;
            }

            public int Receive(byte[] buffer, int offset, int count, long nowMs)
            {
                ArgumentNullException.ThrowIfNull(buffer);
                if (offset < 0 || count < 0 || offset > buffer.Length - count)
                {
                    throw new ArgumentOutOfRangeException(nameof(count));
                }
                while (!_queue.IsEmpty && _queue.PeekDue() <= nowMs)
                {
                    int length = _queue.PeekLength();
                    if (length > count)
                    {
                        _queue.RemoveHead();
                        Oversize++;
                        continue;
                    }
                    _queue.CopyHead(buffer, offset);
                    _queue.RemoveHead();
                    Received++;
                    return length;
                }
                return 0;
            }

            /// <summary>The due time of the next queued frame (<paramref name="nowMs"/> if it is
            /// due already), or <c>long.MaxValue</c>.</summary>
            public long PollAt(long nowMs) => Math.Max(nowMs, _queue.PeekDue());

            internal void Deliver(byte[] buffer, int offset, int length, long dueMs)
            {
                if (!_queue.TryEnqueue(buffer, offset, length, dueMs))
                {
                    Overflow++;
                }
            }

            public override string ToString() => "port " + Mac;
        }
    }
}
