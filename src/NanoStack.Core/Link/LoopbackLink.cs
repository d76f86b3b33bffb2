using System;

namespace NanoStack.Link
{
    /// <summary>
    /// A link whose transmitted frames are received back, in order, through a fixed frame queue
    /// (DESIGN.md principle 13). Capacity in frames and in bytes is set at construction; a frame
    /// that does not fit makes <see cref="Transmit"/> return false and counts in
    /// <see cref="Dropped"/>. Nothing is allocated after the constructor.
    /// </summary>
    public sealed class LoopbackLink : ILink
    {
        /// <summary>Ethernet II frame without FCS: 1500 bytes of MTU + 14 bytes of header.</summary>
        public const int DefaultMaxFrameLength = 1514;

        private readonly FrameQueue _queue;
        private readonly int _maxFrameLength;
        private int _dropped;
        private int _oversize;
        private int _transmitted;
        private int _received;

        /// <summary>A loopback holding up to <paramref name="frameCapacity"/> frames and
        /// <paramref name="byteCapacity"/> bytes, carrying frames of up to 1514 bytes.</summary>
        public LoopbackLink(int frameCapacity, int byteCapacity)
            : this(frameCapacity, byteCapacity, DefaultMaxFrameLength)
        {
        }

        public LoopbackLink(int frameCapacity, int byteCapacity, int maxFrameLength)
        {
            if (maxFrameLength <= 0)
            {
                throw new ArgumentOutOfRangeException("maxFrameLength");
            }
            _queue = new FrameQueue(frameCapacity, byteCapacity);
            _maxFrameLength = maxFrameLength;
        }

        public int MaxFrameLength { get { return _maxFrameLength; } }

        /// <summary>Frames refused by <see cref="Transmit"/> (queue full or frame too long).</summary>
        public int Dropped { get { return _dropped; } }

        /// <summary>Frames dropped by <see cref="Receive"/> because the caller's buffer was too short.</summary>
        public int Oversize { get { return _oversize; } }

        public int Transmitted { get { return _transmitted; } }

        public int Received { get { return _received; } }

        /// <summary>Frames waiting to be received.</summary>
        public int Pending { get { return _queue.Count; } }

        public int Receive(byte[] buffer, int offset, int count, long nowMs)
        {
            Args.CheckRange(buffer, offset, count);
            while (!_queue.IsEmpty)
            {
                int length = _queue.PeekLength();
                if (length > count)
                {
                    // ILink: a frame longer than the buffer is dropped and counted, never truncated.
                    _queue.RemoveHead();
                    _oversize++;
                    continue;
                }
                _queue.CopyHead(buffer, offset);
                _queue.RemoveHead();
                _received++;
                return length;
            }
            return 0;
        }

        public bool Transmit(byte[] buffer, int offset, int length, long nowMs)
        {
            Args.CheckRange(buffer, offset, length);
            if (length > _maxFrameLength || !_queue.TryEnqueue(buffer, offset, length, nowMs))
            {
                _dropped++;
                return false;
            }
            _transmitted++;
            return true;
        }

        /// <summary><paramref name="nowMs"/> when a frame is waiting (do not sleep), else
        /// <c>long.MaxValue</c>: nothing arrives here that was not transmitted first.</summary>
        public long PollAt(long nowMs)
        {
            return _queue.IsEmpty ? long.MaxValue : nowMs;
        }
    }
}
