using System.Diagnostics;

namespace NanoStack.Board.Linux
{
    /// <summary>Monotonic milliseconds since this clock was created (never wall time).</summary>
    public sealed class SystemClock
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();

        public long NowMs => _watch.ElapsedMilliseconds;
    }
}
