namespace NanoStack.Iface
{
    /// <summary>
    /// The board's clock and sleep, as seen by a device poll loop that owns the stack: the loop
    /// polls the link, the interface and its clients itself, and when nothing is left to do it
    /// asks the board to wait for the earliest deadline. On a device the board sleeps until the
    /// deadline or a received frame; on the emulator "waiting" runs the rest of the world (access
    /// point, router, servers) and advances the virtual clock.
    /// </summary>
    public interface IBoardWait
    {
        /// <summary>The board's monotonic time in milliseconds.</summary>
        long NowMs { get; }

        /// <summary>
        /// Waits until <paramref name="deadlineMs"/>, returning earlier when a frame arrives (or,
        /// on the emulator, when anything outside the device moved). Returns at once when the
        /// deadline has passed.
        /// </summary>
        void WaitUntil(long deadlineMs);
    }
}
