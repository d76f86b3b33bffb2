using System;

namespace NanoStack.Link
{
    /// <summary>
    /// A first-in first-out queue of whole frames over storage allocated once, each frame tagged
    /// with the virtual time (<c>dueMs</c>) at which it may leave. Used by the loopback link, the
    /// fault injector's delay line and the emulator's segment ports.
    ///
    /// Implementation notes
    /// - Frame bytes live back to back in one byte ring of <c>byteCapacity</c> bytes; a frame that
    ///   reaches the end of the ring continues at its start (copied in two parts), so no byte is
    ///   wasted and the byte limit is exact. Per-frame start, length and due time live in three
    ///   parallel arrays of <c>frameCapacity</c> slots, also a ring.
    /// - Memory: byteCapacity + frameCapacity * (4 + 4 + 8) bytes, all allocated in the
    ///   constructor; no operation allocates.
    /// - The queue is FIFO: the due time of the head gates everything behind it. Callers that need
    ///   monotonic release (the delay line) keep due times non-decreasing.
    /// </summary>
    public sealed class FrameQueue
    {
        private readonly byte[] _bytes;
        private readonly int[] _start;
        private readonly int[] _length;
        private readonly long[] _due;
        private int _head;
        private int _count;
        private int _byteHead;
        private int _bytesUsed;

        public FrameQueue(int frameCapacity, int byteCapacity)
        {
            if (frameCapacity <= 0)
            {
                throw new ArgumentOutOfRangeException("frameCapacity");
            }
            if (byteCapacity <= 0)
            {
                throw new ArgumentOutOfRangeException("byteCapacity");
            }
            _bytes = new byte[byteCapacity];
            _start = new int[frameCapacity];
            _length = new int[frameCapacity];
            _due = new long[frameCapacity];
        }

        public int FrameCapacity { get { return _start.Length; } }

        public int ByteCapacity { get { return _bytes.Length; } }

        /// <summary>Frames held.</summary>
        public int Count { get { return _count; } }

        /// <summary>Bytes of frame data held.</summary>
        public int BytesUsed { get { return _bytesUsed; } }

        public bool IsEmpty { get { return _count == 0; } }

        /// <summary>True when a frame of <paramref name="length"/> bytes would fit now.</summary>
        public bool CanEnqueue(int length)
        {
            return length >= 0 && _count < _start.Length && length <= _bytes.Length - _bytesUsed;
        }

        /// <summary>
        /// Copies <c>buffer[offset .. offset + length)</c> to the tail, due at
        /// <paramref name="dueMs"/>. Returns false (nothing stored) when the frame or byte limit
        /// would be exceeded.
        /// </summary>
        public bool TryEnqueue(byte[] buffer, int offset, int length, long dueMs)
        {
            Args.CheckRange(buffer, offset, length);
            if (!CanEnqueue(length))
            {
                return false;
            }
            int capacity = _bytes.Length;
            int start = _byteHead + _bytesUsed;
            if (start >= capacity)
            {
                start -= capacity;
            }
            int first = capacity - start;
            if (first >= length)
            {
                Array.Copy(buffer, offset, _bytes, start, length);
            }
            else
            {
                Array.Copy(buffer, offset, _bytes, start, first);
                Array.Copy(buffer, offset + first, _bytes, 0, length - first);
            }
            int slot = _head + _count;
            if (slot >= _start.Length)
            {
                slot -= _start.Length;
            }
            _start[slot] = start;
            _length[slot] = length;
            _due[slot] = dueMs;
            _count++;
            _bytesUsed += length;
            return true;
        }

        /// <summary>Length of the head frame, or -1 when empty.</summary>
        public int PeekLength()
        {
            return _count == 0 ? -1 : _length[_head];
        }

        /// <summary>Due time of the head frame, or <c>long.MaxValue</c> when empty.</summary>
        public long PeekDue()
        {
            return _count == 0 ? long.MaxValue : _due[_head];
        }

        /// <summary>Due time of the tail frame, or <c>long.MinValue</c> when empty.</summary>
        public long TailDue()
        {
            if (_count == 0)
            {
                return long.MinValue;
            }
            int slot = _head + _count - 1;
            if (slot >= _start.Length)
            {
                slot -= _start.Length;
            }
            return _due[slot];
        }

        /// <summary>
        /// Copies the head frame to <c>buffer[offset ..]</c> without removing it and returns its
        /// length; returns -1 when empty. The caller makes sure it fits (see
        /// <see cref="PeekLength"/>); a frame that does not fit throws (precondition).
        /// </summary>
        public int CopyHead(byte[] buffer, int offset)
        {
            if (_count == 0)
            {
                return -1;
            }
            int length = _length[_head];
            Args.CheckRange(buffer, offset, length);
            int start = _start[_head];
            int first = _bytes.Length - start;
            if (first >= length)
            {
                Array.Copy(_bytes, start, buffer, offset, length);
            }
            else
            {
                Array.Copy(_bytes, start, buffer, offset, first);
                Array.Copy(_bytes, 0, buffer, offset + first, length - first);
            }
            return length;
        }

        /// <summary>Removes the head frame (nothing happens when empty).</summary>
        public void RemoveHead()
        {
            if (_count == 0)
            {
                return;
            }
            int length = _length[_head];
            _byteHead += length;
            if (_byteHead >= _bytes.Length)
            {
                _byteHead -= _bytes.Length;
            }
            _bytesUsed -= length;
            _head++;
            if (_head == _start.Length)
            {
                _head = 0;
            }
            _count--;
            if (_count == 0)
            {
                _byteHead = 0;
                _head = 0;
            }
        }

        /// <summary>Drops every frame.</summary>
        public void Clear()
        {
            _head = 0;
            _count = 0;
            _byteHead = 0;
            _bytesUsed = 0;
        }
    }
}
