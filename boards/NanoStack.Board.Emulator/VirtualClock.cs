using System;

namespace NanoStack.Board.Emulator
{
    /// <summary>
    /// The emulator's time: milliseconds that move only when the simulation advances them, so a
    /// run with a given seed is the same run every time, however fast the host is. The stack
    /// never reads it (DESIGN.md principle 6); the main loop passes <see cref="NowMs"/> in.
    /// </summary>
    public sealed class VirtualClock
    {
        private long _nowMs;

        public VirtualClock(long startMs = 0)
        {
            if (startMs < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(startMs));
            }
            _nowMs = startMs;
        }

        public long NowMs => _nowMs;

        /// <summary>Moves time forward by <paramref name="deltaMs"/> (never backwards).</summary>
        public void Advance(long deltaMs)
        {
            if (deltaMs < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(deltaMs), "time never runs backwards");
            }
            _nowMs += deltaMs;
        }

        /// <summary>
        /// Jumps to <paramref name="deadlineMs"/> when it lies ahead (the deadline a poll returned);
        /// a deadline in the past leaves the clock where it is.
        /// </summary>
        public void AdvanceTo(long deadlineMs)
        {
            if (deadlineMs > _nowMs)
            {
                _nowMs = deadlineMs;
            }
        }
    }
}
