using System;

namespace NanoStack.Buffers
{
    /// <summary>
    /// A fixed ring of bytes over storage allocated once (or handed in by the caller).
    ///
    /// Implementation notes (after smoltcp's <c>RingBuffer</c>)
    /// - State is <c>(read, count)</c>; the write position is derived, so full and empty are never
    ///   confused and no slot is wasted.
    /// - Zero-copy windows: <see cref="GetWriteWindow"/> returns the largest contiguous free run
    ///   after the data and <see cref="CommitWrite"/> publishes bytes written there;
    ///   <see cref="GetReadWindow"/> returns the largest contiguous run of data and
    ///   <see cref="Consume"/> releases it. Either window may be shorter than the total when the
    ///   data or the free space wraps; call again after committing to get the rest.
    /// - <see cref="WriteUnallocated"/> stores bytes at a distance beyond the committed data without
    ///   publishing them (TCP out-of-order segments); <see cref="CommitWrite"/> later publishes
    ///   them once the gap is filled. <see cref="Peek"/> reads at a distance into the data without
    ///   consuming it (TCP retransmission).
    /// - Precondition violations (negative counts, committing more than is free) throw; nothing
    ///   else does, and nothing allocates after construction.
    /// </summary>
    public sealed class RingBuffer
    {
        private readonly byte[] _storage;
        private int _read;
        private int _count;

        public RingBuffer(int capacity)
        {
            if (capacity <= 0)
            {
                throw new ArgumentOutOfRangeException("capacity");
            }
            _storage = new byte[capacity];
        }

        /// <summary>Uses caller-owned storage; the ring never copies it.</summary>
        public RingBuffer(byte[] storage)
        {
            if (storage == null || storage.Length == 0)
            {
                throw new ArgumentException("storage must be a non-empty array", "storage");
            }
            _storage = storage;
        }

        /// <summary>The backing array: windows are offsets into it.</summary>
        public byte[] Storage { get { return _storage; } }

        public int Capacity { get { return _storage.Length; } }

        /// <summary>Bytes of data held.</summary>
        public int Count { get { return _count; } }

        /// <summary>Bytes that can still be written.</summary>
        public int Free { get { return _storage.Length - _count; } }

        public bool IsEmpty { get { return _count == 0; } }

        public bool IsFull { get { return _count == _storage.Length; } }

        public void Clear()
        {
            _read = 0;
            _count = 0;
        }

        private int WrapIndex(int index)
        {
            int capacity = _storage.Length;
            return index >= capacity ? index - capacity : index;
        }

        /// <summary>
        /// The contiguous free run after the data: bytes may be written to
        /// <c>Storage[offset .. offset + returned)</c>, then published with <see cref="CommitWrite"/>.
        /// </summary>
        public int GetWriteWindow(out int offset)
        {
            int capacity = _storage.Length;
            offset = WrapIndex(_read + _count);
            if (_count == capacity)
            {
                return 0;
            }
            int untilEnd = capacity - offset;
            int free = capacity - _count;
            return free < untilEnd ? free : untilEnd;
        }

        /// <summary>Publishes <paramref name="count"/> bytes written after the data.</summary>
        public void CommitWrite(int count)
        {
            if (count < 0 || count > Free)
            {
                throw new ArgumentOutOfRangeException("count");
            }
            _count += count;
        }

        /// <summary>
        /// The contiguous run of data at the read position: <c>Storage[offset .. offset + returned)</c>.
        /// </summary>
        public int GetReadWindow(out int offset)
        {
            offset = _read;
            int untilEnd = _storage.Length - _read;
            return _count < untilEnd ? _count : untilEnd;
        }

        /// <summary>Releases <paramref name="count"/> bytes from the read position.</summary>
        public void Consume(int count)
        {
            if (count < 0 || count > _count)
            {
                throw new ArgumentOutOfRangeException("count");
            }
            // The read position never jumps back to 0 when the ring drains: bytes stored beyond
            // the data by WriteUnallocated (TCP out-of-order segments) must stay where they are.
            _count -= count;
            _read = WrapIndex(_read + count);
        }

        /// <summary>Copies up to <paramref name="count"/> bytes in; returns how many fitted.</summary>
        public int Write(byte[] source, int offset, int count)
        {
            Args.CheckRange(source, offset, count);
            int written = 0;
            while (written < count)
            {
                int at;
                int window = GetWriteWindow(out at);
                if (window == 0)
                {
                    break;
                }
                int n = count - written < window ? count - written : window;
                Array.Copy(source, offset + written, _storage, at, n);
                _count += n;
                written += n;
            }
            return written;
        }

        /// <summary>Copies up to <paramref name="count"/> bytes out and consumes them.</summary>
        public int Read(byte[] destination, int offset, int count)
        {
            int n = Peek(0, destination, offset, count);
            Consume(n);
            return n;
        }

        /// <summary>
        /// Copies up to <paramref name="count"/> bytes that start <paramref name="skip"/> bytes into
        /// the data, without consuming; returns how many were available.
        /// </summary>
        public int Peek(int skip, byte[] destination, int offset, int count)
        {
            Args.CheckRange(destination, offset, count);
            if (skip < 0)
            {
                throw new ArgumentOutOfRangeException("skip");
            }
            if (skip >= _count)
            {
                return 0;
            }
            int available = _count - skip;
            int total = count < available ? count : available;
            int start = WrapIndex(_read + skip);
            int first = _storage.Length - start;
            if (first > total)
            {
                first = total;
            }
            Array.Copy(_storage, start, destination, offset, first);
            if (total > first)
            {
                Array.Copy(_storage, 0, destination, offset + first, total - first);
            }
            return total;
        }

        /// <summary>
        /// Stores bytes <paramref name="distance"/> bytes past the end of the data without
        /// publishing them; returns how many fitted in the free space. Used for out-of-order data.
        /// </summary>
        public int WriteUnallocated(int distance, byte[] source, int offset, int count)
        {
            Args.CheckRange(source, offset, count);
            if (distance < 0)
            {
                throw new ArgumentOutOfRangeException("distance");
            }
            int free = Free;
            if (distance >= free)
            {
                return 0;
            }
            int total = count < free - distance ? count : free - distance;
            int start = WrapIndex(WrapIndex(_read + _count) + distance);
            int first = _storage.Length - start;
            if (first > total)
            {
                first = total;
            }
            Array.Copy(source, offset, _storage, start, first);
            if (total > first)
            {
                Array.Copy(source, offset + first, _storage, 0, total - first);
            }
            return total;
        }
    }
}
