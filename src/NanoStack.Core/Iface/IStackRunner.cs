namespace NanoStack.Iface
{
    /// <summary>
    /// The board's poll loop as seen by code that blocks (a TCP channel waiting for bytes, a DHCP
    /// or DNS exchange): it owns the clock, polls the link and the interface, and sleeps between
    /// deadlines. On the emulator board the clock is virtual and "sleeping" advances it; on the
    /// Linux and ESP32 boards it waits for a frame or the time.
    /// </summary>
    public interface IStackRunner
    {
        /// <summary>The board's monotonic time in milliseconds, the time the stack runs on.</summary>
        long NowMs { get; }

        /// <summary>
        /// Polls the interface until it has nothing left to do now. If that moved anything (a frame
        /// in or out, a timer), returns so the caller can look again; otherwise waits until the
        /// stack's next deadline, a received frame or <paramref name="untilMs"/>, whichever comes
        /// first. Never waits past <paramref name="untilMs"/>.
        /// </summary>
        void RunOnce(long untilMs);
    }
}
