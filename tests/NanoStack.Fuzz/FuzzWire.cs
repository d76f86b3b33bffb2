using System;
using System.Collections.Generic;
using NanoStack.Link;

namespace NanoStack.Fuzz
{
    /// <summary>
    /// A point-to-point cable between two interfaces with no latency: a frame transmitted by one
    /// end is received by the other on its next poll. The fuzzer cuts the peer off and injects
    /// frames into the first end; the seed writer records what the peer sent to it.
    /// </summary>
    public sealed class FuzzWire
    {
        private readonly Queue<byte[]> _toA = new Queue<byte[]>();
        private readonly Queue<byte[]> _toB = new Queue<byte[]>();

        public FuzzWire(int maxFrameLength)
        {
            A = new End(this, true, maxFrameLength);
            B = new End(this, false, maxFrameLength);
        }

        public End A { get; }
        public End B { get; }

        /// <summary>When false, frames sent by either end are dropped (the peer is gone).</summary>
        public bool Connected { get; set; } = true;

        /// <summary>When set, every frame delivered to end A is also added here.</summary>
        public List<byte[]> RecordToA { get; set; }

        /// <summary>Queues a frame for end A whatever <see cref="Connected"/> says.</summary>
        public void InjectToA(byte[] frame) => _toA.Enqueue(frame);

        public sealed class End : ILink
        {
            private readonly FuzzWire _wire;
            private readonly bool _isA;

            public End(FuzzWire wire, bool isA, int maxFrameLength)
            {
                _wire = wire;
                _isA = isA;
                MaxFrameLength = maxFrameLength;
            }

            public int MaxFrameLength { get; }

            public int Receive(byte[] buffer, int offset, int count, long nowMs)
            {
                Queue<byte[]> q = _isA ? _wire._toA : _wire._toB;
                while (q.Count > 0)
                {
                    byte[] frame = q.Dequeue();
                    if (frame.Length <= count)
                    {
                        frame.CopyTo(buffer, offset);
                        return frame.Length;
                    }
                }
                return 0;
            }

            public bool Transmit(byte[] buffer, int offset, int length, long nowMs)
            {
                if (!_wire.Connected)
                {
                    return true;
                }
                byte[] frame = buffer.AsSpan(offset, length).ToArray();
                if (_isA)
                {
                    _wire._toB.Enqueue(frame);
                }
                else
                {
                    _wire._toA.Enqueue(frame);
                    _wire.RecordToA?.Add(frame);
                }
                return true;
            }

            public long PollAt(long nowMs)
            {
                Queue<byte[]> q = _isA ? _wire._toA : _wire._toB;
                return q.Count > 0 ? nowMs : long.MaxValue;
            }
        }
    }
}
