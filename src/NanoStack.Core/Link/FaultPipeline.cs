using System;

namespace NanoStack.Link
{
    /// <summary>
    /// One direction of a <see cref="FaultInjectorLink"/>: its settings, its counters and its delay
    /// line. Probabilities are parts per million (0 = never, 1 000 000 = always) so no floating
    /// point is needed.
    ///
    /// Implementation notes
    /// - A frame offered to the pipeline goes through, in order: loss; corruption (one random bit
    ///   of one random byte flipped, in a private copy: the caller's buffer is never written);
    ///   duplication (the frame is queued twice); reordering (the frame is held back and queued
    ///   after the next frame, or alone once <see cref="ReorderHoldMs"/> has passed); delay and
    ///   bandwidth (the release time is stamped on the frame in the delay line).
    /// - Release time: due = now + DelayMs + uniform[0, JitterMs]; due is raised to the previous
    ///   frame's due time so the delay line stays first-in first-out (jitter never reorders;
    ///   reordering is its own fault). With a rate limit the frame starts serialising at
    ///   max(due, end of the previous frame), in microseconds, takes ceil(length * 10^6 / rate) us,
    ///   and is released at the millisecond its last byte is sent (rounded up).
    /// - Random draws happen only for faults whose probability is strictly between 0 and 10^6, in
    ///   the fixed order above, so the same seed and the same calls give the same faults.
    /// - Memory: the delay line (frameCapacity slots, byteCapacity bytes) plus two frame buffers of
    ///   maxFrameLength (corruption copy and reorder hold), allocated in the constructor.
    /// </summary>
    public sealed class FaultPipeline
    {
        /// <summary>Parts per million in "always".</summary>
        public const int Million = 1000000;

        private readonly FrameQueue _queue;
        private readonly SeededEntropySource _random;
        private readonly byte[] _scratch;
        private readonly byte[] _hold;
        private int _holdLength = -1;
        private long _holdSinceMs;
        private long _lastDueMs = long.MinValue;
        private long _busyUntilUs = long.MinValue;

        private int _lossPpm;
        private int _duplicatePpm;
        private int _reorderPpm;
        private int _corruptPpm;
        private int _delayMs;
        private int _jitterMs;
        private int _bytesPerSecond;
        private int _reorderHoldMs = 100;

        private int _offered;
        private int _lost;
        private int _duplicated;
        private int _reordered;
        private int _corrupted;
        private int _delayed;
        private int _overflow;
        private int _oversize;
        private int _delivered;

        public FaultPipeline(SeededEntropySource random, int frameCapacity, int byteCapacity, int maxFrameLength)
        {
            if (random == null)
            {
                throw new ArgumentNullException("random");
            }
            if (maxFrameLength <= 0)
            {
                throw new ArgumentOutOfRangeException("maxFrameLength");
            }
            _queue = new FrameQueue(frameCapacity, byteCapacity);
            _random = random;
            _scratch = new byte[maxFrameLength];
            _hold = new byte[maxFrameLength];
        }

        /// <summary>Probability that a frame is lost, in parts per million.</summary>
        public int LossPpm { get { return _lossPpm; } set { _lossPpm = CheckPpm(value); } }

        /// <summary>Probability that a frame is delivered twice.</summary>
        public int DuplicatePpm { get { return _duplicatePpm; } set { _duplicatePpm = CheckPpm(value); } }

        /// <summary>Probability that a frame is held back and delivered after the next one.</summary>
        public int ReorderPpm { get { return _reorderPpm; } set { _reorderPpm = CheckPpm(value); } }

        /// <summary>Probability that one bit of the frame is flipped.</summary>
        public int CorruptPpm { get { return _corruptPpm; } set { _corruptPpm = CheckPpm(value); } }

        /// <summary>Fixed delay added to every frame, in milliseconds.</summary>
        public int DelayMs { get { return _delayMs; } set { _delayMs = CheckNonNegative(value); } }

        /// <summary>Random extra delay, uniform in [0, JitterMs] milliseconds.</summary>
        public int JitterMs { get { return _jitterMs; } set { _jitterMs = CheckNonNegative(value); } }

        /// <summary>Rate limit in bytes per second; 0 = unlimited.</summary>
        public int BytesPerSecond { get { return _bytesPerSecond; } set { _bytesPerSecond = CheckNonNegative(value); } }

        /// <summary>How long a frame held for reordering waits for a successor (default 100 ms).</summary>
        public int ReorderHoldMs { get { return _reorderHoldMs; } set { _reorderHoldMs = CheckNonNegative(value); } }

        /// <summary>Frames accepted into the pipeline (lost ones included).</summary>
        public int Offered { get { return _offered; } }

        public int Lost { get { return _lost; } }

        /// <summary>Frames that got an extra copy.</summary>
        public int Duplicated { get { return _duplicated; } }

        /// <summary>Held frames that were overtaken by a later frame.</summary>
        public int Reordered { get { return _reordered; } }

        /// <summary>Frames with one bit flipped.</summary>
        public int Corrupted { get { return _corrupted; } }

        /// <summary>Frames (copies included) released later than they were offered.</summary>
        public int Delayed { get { return _delayed; } }

        /// <summary>Frames or copies refused because the delay line was full.</summary>
        public int Overflow { get { return _overflow; } }

        /// <summary>Received frames dropped because the caller's buffer was too short.</summary>
        public int Oversize { get { return _oversize; } }

        /// <summary>Frames handed on (to the inner link, or to the receiver).</summary>
        public int Delivered { get { return _delivered; } }

        /// <summary>Frames waiting in the delay line (a held frame not included).</summary>
        public int Pending { get { return _queue.Count; } }

        /// <summary>Sets every fault of this direction at once.</summary>
        public void Configure(int lossPpm, int duplicatePpm, int reorderPpm, int corruptPpm, int delayMs, int jitterMs, int bytesPerSecond)
        {
            LossPpm = lossPpm;
            DuplicatePpm = duplicatePpm;
            ReorderPpm = reorderPpm;
            CorruptPpm = corruptPpm;
            DelayMs = delayMs;
            JitterMs = jitterMs;
            BytesPerSecond = bytesPerSecond;
        }

        /// <summary>True when a frame of <paramref name="length"/> bytes can be offered now.</summary>
        public bool CanAccept(int length)
        {
            return length <= _scratch.Length && _queue.CanEnqueue(length);
        }

        /// <summary>
        /// Offers a frame. Returns false, counting <see cref="Overflow"/>, when the delay line cannot
        /// take it (or it is longer than the pipeline's frame length); otherwise the frame is lost,
        /// held or queued and true is returned.
        /// </summary>
        public bool Accept(byte[] buffer, int offset, int length, long nowMs)
        {
            if (!CanAccept(length))
            {
                _overflow++;
                return false;
            }
            ReleaseExpiredHold(nowMs);
            _offered++;
            if (Chance(_lossPpm))
            {
                _lost++;
                return true;
            }
            byte[] source = buffer;
            int sourceOffset = offset;
            if (length > 0 && Chance(_corruptPpm))
            {
                Array.Copy(buffer, offset, _scratch, 0, length);
                int index = _random.NextInt(length);
                int bit = _random.NextInt(8);
                _scratch[index] = (byte)(_scratch[index] ^ (1 << bit));
                _corrupted++;
                source = _scratch;
                sourceOffset = 0;
            }
            bool duplicate = Chance(_duplicatePpm);
            if (duplicate)
            {
                _duplicated++;
            }
            if (_holdLength < 0 && Chance(_reorderPpm))
            {
                Array.Copy(source, sourceOffset, _hold, 0, length);
                _holdLength = length;
                _holdSinceMs = nowMs;
                if (duplicate)
                {
                    Schedule(source, sourceOffset, length, nowMs);
                }
                return true;
            }
            Schedule(source, sourceOffset, length, nowMs);
            if (duplicate)
            {
                Schedule(source, sourceOffset, length, nowMs);
            }
            if (_holdLength >= 0)
            {
                _reordered++;
                ReleaseHold(nowMs);
            }
            return true;
        }

        /// <summary>Moves a held frame whose wait has expired into the delay line.</summary>
        public void ReleaseExpiredHold(long nowMs)
        {
            if (_holdLength >= 0 && nowMs - _holdSinceMs >= _reorderHoldMs)
            {
                ReleaseHold(nowMs);
            }
        }

        /// <summary>True when the head of the delay line is due at <paramref name="nowMs"/>.</summary>
        public bool IsReady(long nowMs)
        {
            return !_queue.IsEmpty && _queue.PeekDue() <= nowMs;
        }

        /// <summary>The earliest time something in this direction changes, or <c>long.MaxValue</c>.</summary>
        public long NextEventMs()
        {
            long next = _queue.PeekDue();
            if (_holdLength >= 0)
            {
                long release = _holdSinceMs + _reorderHoldMs;
                if (release < next)
                {
                    next = release;
                }
            }
            return next;
        }

        /// <summary>Length of the frame at the head of the delay line, or -1.</summary>
        public int HeadLength()
        {
            return _queue.PeekLength();
        }

        /// <summary>Copies the head frame out without removing it (see <see cref="FrameQueue.CopyHead"/>).</summary>
        public int CopyHead(byte[] buffer, int offset)
        {
            return _queue.CopyHead(buffer, offset);
        }

        /// <summary>Removes the head frame once it has been handed on.</summary>
        public void RemoveDelivered()
        {
            _queue.RemoveHead();
            _delivered++;
        }

        /// <summary>Removes the head frame because the receiver's buffer was too short.</summary>
        public void RemoveOversize()
        {
            _queue.RemoveHead();
            _oversize++;
        }

        private void ReleaseHold(long nowMs)
        {
            int length = _holdLength;
            _holdLength = -1;
            Schedule(_hold, 0, length, nowMs);
        }

        private void Schedule(byte[] buffer, int offset, int length, long nowMs)
        {
            if (!_queue.CanEnqueue(length))
            {
                _overflow++;
                return;
            }
            long due = nowMs + _delayMs;
            if (_jitterMs > 0)
            {
                due += _random.NextInt(_jitterMs + 1);
            }
            if (due < _lastDueMs)
            {
                due = _lastDueMs;
            }
            if (_bytesPerSecond > 0)
            {
                long startUs = due * 1000;
                if (startUs < _busyUntilUs)
                {
                    startUs = _busyUntilUs;
                }
                long rate = _bytesPerSecond;
                long endUs = startUs + ((long)length * 1000000 + rate - 1) / rate;
                _busyUntilUs = endUs;
                due = CeilDiv(endUs, 1000);
            }
            _lastDueMs = due;
            if (due > nowMs)
            {
                _delayed++;
            }
            _queue.TryEnqueue(buffer, offset, length, due);
        }

        private bool Chance(int ppm)
        {
            if (ppm <= 0)
            {
                return false;
            }
            if (ppm >= Million)
            {
                return true;
            }
            return _random.NextInt(Million) < ppm;
        }

        private static long CeilDiv(long a, long b)
        {
            long q = a / b;
            if (q * b < a)
            {
                q++;
            }
            return q;
        }

        private static int CheckPpm(int value)
        {
            if (value < 0 || value > Million)
            {
                throw new ArgumentOutOfRangeException("value");
            }
            return value;
        }

        private static int CheckNonNegative(int value)
        {
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException("value");
            }
            return value;
        }
    }
}
