using System;
using NanoStack.Link;

namespace NanoStack.Board.Emulator
{
    /// <summary>
    /// Sits directly under the device's interface and counts the bytes everything beneath it
    /// allocates on the calling thread (capture, tracing, the emulated radio and LAN), so that
    /// what the device itself allocates can be told apart on the same thread.
    /// </summary>
    public sealed class MeteredLink : ILink
    {
        private readonly ILink _inner;

        public MeteredLink(ILink inner)
        {
            ArgumentNullException.ThrowIfNull(inner);
            _inner = inner;
        }

        /// <summary>Bytes allocated below this link so far.</summary>
        public long AllocatedBytes { get; private set; }

        public int MaxFrameLength => _inner.MaxFrameLength;

        public int Receive(byte[] buffer, int offset, int count, long nowMs)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            int n = _inner.Receive(buffer, offset, count, nowMs);
            AllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - before;
            return n;
        }

        public bool Transmit(byte[] buffer, int offset, int length, long nowMs)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            bool sent = _inner.Transmit(buffer, offset, length, nowMs);
            AllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - before;
            return sent;
        }

        public long PollAt(long nowMs)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            long at = _inner.PollAt(nowMs);
            AllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - before;
            return at;
        }
    }
}
