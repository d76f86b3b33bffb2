using System;

namespace NanoStack.Host.Tests.Support
{
    /// <summary>Allocation budgets, measured with GC.GetAllocatedBytesForCurrentThread.</summary>
    public static class Allocations
    {
        /// <summary>
        /// Runs <paramref name="action"/> once to warm up (JIT, lazy statics), then
        /// <paramref name="iterations"/> times, and returns the bytes allocated by the measured runs.
        /// </summary>
        public static long Measure(Action action, int iterations = 10)
        {
            action();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < iterations; i++)
            {
                action();
            }
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
    }
}
