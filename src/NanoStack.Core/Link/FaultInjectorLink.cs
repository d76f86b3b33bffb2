using System;

namespace NanoStack.Link
{
    /// <summary>
    /// Decorates any <see cref="ILink"/> with seeded, reproducible faults (DESIGN.md principle 13):
    /// loss, duplication, reordering, corruption, delay with jitter and a bandwidth limit, set per
    /// direction on <see cref="Outbound"/> (frames the stack transmits) and <see cref="Inbound"/>
    /// (frames the inner link receives), or on both at once with <see cref="Configure"/>. Each
    /// direction counts every fault it injects.
    ///
    /// Implementation notes
    /// - Outbound frames enter the outbound pipeline in <see cref="Transmit"/> and reach the inner
    ///   link when due. Due frames are pushed on every call (Transmit, Receive and PollAt), so a
    ///   poll loop that calls PollAt and Receive drains delayed transmissions. A frame the inner
    ///   link refuses stays at the head and is retried on the next call (PollAt then answers
    ///   nowMs, since a frame is due).
    /// - Inbound frames are pulled from the inner link while the inbound delay line has room for a
    ///   frame of the inner link's maximum length, then released to <see cref="Receive"/> when due.
    /// - Deterministic: the constructor taking a seed gives each direction its own generator, so
    ///   the faults of one direction do not depend on traffic in the other.
    /// - Memory: two pipelines (see <see cref="FaultPipeline"/>) plus two frame buffers of
    ///   MaxFrameLength, allocated in the constructor; no call allocates.
    /// </summary>
    public sealed class FaultInjectorLink : ILink
    {
        private readonly ILink _inner;
        private readonly FaultPipeline _outbound;
        private readonly FaultPipeline _inbound;
        private readonly byte[] _txScratch;
        private readonly byte[] _rxScratch;

        /// <summary>
        /// Faults drawn from <paramref name="seed"/>: the outbound direction uses
        /// <c>SeededEntropySource(seed)</c>, the inbound one <c>SeededEntropySource(seed ^ 0x5EED1B0D)</c>.
        /// Each direction's delay line holds <paramref name="frameCapacity"/> frames and
        /// <paramref name="byteCapacity"/> bytes.
        /// </summary>
        public FaultInjectorLink(ILink inner, uint seed, int frameCapacity, int byteCapacity)
            : this(inner, new SeededEntropySource(seed), new SeededEntropySource(seed ^ 0x5EED1B0Du), frameCapacity, byteCapacity)
        {
        }

        /// <summary>Both directions draw from one shared generator.</summary>
        public FaultInjectorLink(ILink inner, SeededEntropySource random, int frameCapacity, int byteCapacity)
            : this(inner, random, random, frameCapacity, byteCapacity)
        {
        }

        private FaultInjectorLink(ILink inner, SeededEntropySource outboundRandom, SeededEntropySource inboundRandom, int frameCapacity, int byteCapacity)
        {
            if (inner == null)
            {
                throw new ArgumentNullException("inner");
            }
            int max = inner.MaxFrameLength;
            _inner = inner;
            _outbound = new FaultPipeline(outboundRandom, frameCapacity, byteCapacity, max);
            _inbound = new FaultPipeline(inboundRandom, frameCapacity, byteCapacity, max);
            _txScratch = new byte[max];
            _rxScratch = new byte[max];
        }

        /// <summary>Faults applied to transmitted frames.</summary>
        public FaultPipeline Outbound { get { return _outbound; } }

        /// <summary>Faults applied to received frames.</summary>
        public FaultPipeline Inbound { get { return _inbound; } }

        public ILink Inner { get { return _inner; } }

        public int MaxFrameLength { get { return _inner.MaxFrameLength; } }

        /// <summary>Applies the same settings to both directions (see <see cref="FaultPipeline.Configure"/>).</summary>
        public void Configure(int lossPpm, int duplicatePpm, int reorderPpm, int corruptPpm, int delayMs, int jitterMs, int bytesPerSecond)
        {
            _outbound.Configure(lossPpm, duplicatePpm, reorderPpm, corruptPpm, delayMs, jitterMs, bytesPerSecond);
            _inbound.Configure(lossPpm, duplicatePpm, reorderPpm, corruptPpm, delayMs, jitterMs, bytesPerSecond);
        }

        public bool Transmit(byte[] buffer, int offset, int length, long nowMs)
        {
            Args.CheckRange(buffer, offset, length);
            PumpOutbound(nowMs);
            bool accepted = _outbound.Accept(buffer, offset, length, nowMs);
            PumpOutbound(nowMs);
            return accepted;
        }

        public int Receive(byte[] buffer, int offset, int count, long nowMs)
        {
            Args.CheckRange(buffer, offset, count);
            PumpOutbound(nowMs);
            PullInbound(nowMs);
            while (_inbound.IsReady(nowMs))
            {
                int length = _inbound.HeadLength();
                if (length > count)
                {
                    // ILink: dropped and counted, never truncated.
                    _inbound.RemoveOversize();
                    continue;
                }
                _inbound.CopyHead(buffer, offset);
                _inbound.RemoveDelivered();
                return length;
            }
            return 0;
        }

        /// <summary>
        /// Pushes due outbound frames and pulls inbound ones, then returns the earliest of: the
        /// next inbound or outbound release, the end of a reorder hold, and the inner link's
        /// PollAt; <paramref name="nowMs"/> when a frame is ready now.
        /// </summary>
        public long PollAt(long nowMs)
        {
            PumpOutbound(nowMs);
            PullInbound(nowMs);
            long next = _inner.PollAt(nowMs);
            long t = _inbound.NextEventMs();
            if (t < next)
            {
                next = t;
            }
            t = _outbound.NextEventMs();
            if (t < next)
            {
                next = t;
            }
            return next < nowMs ? nowMs : next;
        }

        private void PumpOutbound(long nowMs)
        {
            _outbound.ReleaseExpiredHold(nowMs);
            while (_outbound.IsReady(nowMs))
            {
                int length = _outbound.CopyHead(_txScratch, 0);
                if (!_inner.Transmit(_txScratch, 0, length, nowMs))
                {
                    return;
                }
                _outbound.RemoveDelivered();
            }
        }

        private void PullInbound(long nowMs)
        {
            _inbound.ReleaseExpiredHold(nowMs);
            int max = _rxScratch.Length;
            while (_inbound.CanAccept(max))
            {
                int length = _inner.Receive(_rxScratch, 0, max, nowMs);
                if (length <= 0)
                {
                    return;
                }
                _inbound.Accept(_rxScratch, 0, length, nowMs);
            }
        }
    }
}
