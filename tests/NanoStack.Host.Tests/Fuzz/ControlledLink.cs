using System;
using System.Collections.Generic;
using NanoStack.Link;

namespace NanoStack.Host.Tests.Fuzz
{
    /// <summary>
    /// A link decorator the fuzz test controls. In pass mode it forwards to the inner link and, when
    /// recording, keeps a copy of every frame received and transmitted. In inject mode the inner
    /// link is cut off: <see cref="Receive"/> hands out the one frame given to <see cref="Inject"/>
    /// and what the stack transmits is counted and dropped.
    /// </summary>
    public sealed class ControlledLink : ILink
    {
        private readonly ILink _inner;
        private byte[] _frame;
        private int _frameOffset;
        private int _frameLength;

        public ControlledLink(ILink inner)
        {
            _inner = inner;
        }

        public bool Injecting;
        public bool Recording;
        public readonly List<byte[]> Received = new List<byte[]>();
        public readonly List<byte[]> Transmitted = new List<byte[]>();
        public long TransmittedWhileInjecting;

        public int MaxFrameLength { get { return _inner.MaxFrameLength; } }

        /// <summary>The next <see cref="Receive"/> returns these bytes (inject mode).</summary>
        public void Inject(byte[] frame, int offset, int length)
        {
            _frame = frame;
            _frameOffset = offset;
            _frameLength = length;
        }

        public int Receive(byte[] buffer, int offset, int count, long nowMs)
        {
            if (Injecting)
            {
                if (_frame == null || _frameLength > count)
                {
                    _frame = null;
                    return 0;
                }
                Array.Copy(_frame, _frameOffset, buffer, offset, _frameLength);
                _frame = null;
                return _frameLength;
            }
            int n = _inner.Receive(buffer, offset, count, nowMs);
            if (n > 0 && Recording)
            {
                Received.Add(buffer.AsSpan(offset, n).ToArray());
            }
            return n;
        }

        public bool Transmit(byte[] buffer, int offset, int length, long nowMs)
        {
            if (Injecting)
            {
                TransmittedWhileInjecting++;
                return true;
            }
            if (Recording)
            {
                Transmitted.Add(buffer.AsSpan(offset, length).ToArray());
            }
            return _inner.Transmit(buffer, offset, length, nowMs);
        }

        public long PollAt(long nowMs)
        {
            return Injecting ? long.MaxValue : _inner.PollAt(nowMs);
        }
    }
}
