using System;

namespace NanoStack.Host.Tests.Support
{
    /// <summary>Allocation budgets, measured with GC.GetAllocatedBytesForCurrentThread.</summary>
    public static class Allocations
    {
        /// <summary>Measurements taken at most before the smallest is returned.</summary>
        private const int Attempts = 3;

        /// <summary>
        /// Runs <paramref name="action"/> once to warm up (JIT, lazy statics), then
        /// <paramref name="iterations"/> times, and returns the bytes allocated by the measured runs.
        /// The measured runs are repeated (up to three times, stopping at a run that allocated
        /// nothing) and the smallest figure is returned: the runtime now and then charges a
        /// one-time allocation of its own to the thread (a collection started by another thread,
        /// a method re-compiled by the tiered JIT), which lands in one run only, whereas code that
        /// allocates per iteration shows in every run.
        /// </summary>
        public static long Measure(Action action, int iterations = 10)
        {
            action();
            long smallest = long.MaxValue;
            for (int attempt = 0; attempt < Attempts && smallest != 0; attempt++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < iterations; i++)
                {
                    action();
                }
                long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
                if (bytes < smallest)
                {
                    smallest = bytes;
                }
            }
            return smallest;
        }
    }
}
