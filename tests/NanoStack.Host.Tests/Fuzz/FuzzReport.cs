using System;
using System.Diagnostics;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NanoStack.Host.Tests.Fuzz
{
    /// <summary>
    /// Per-target counters of a seeded fuzz run: inputs, accepted and rejected, wall time, and the
    /// bytes the thread allocated after warm-up (GC.GetAllocatedBytesForCurrentThread). Counting
    /// allocates nothing; <see cref="Print"/> writes the report line at the end.
    /// </summary>
    public sealed class FuzzReport
    {
        private readonly string _target;
        private readonly int _warmup;
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private long _allocStart;
        private long _allocStopped = -1;
        private long _excluded;

        public long Inputs;
        public long Accepted;
        public long Rejected;

        /// <summary>Counts per outcome value (an enum cast to int), so the report can show them.</summary>
        public readonly long[] Outcomes = new long[256];

        public FuzzReport(string target, int warmupInputs)
        {
            _target = target;
            _warmup = warmupInputs;
        }

        /// <summary>Call once per input, after it ran.</summary>
        public void Count(bool accepted, int outcome)
        {
            Inputs++;
            if (accepted)
            {
                Accepted++;
            }
            else
            {
                Rejected++;
            }
            Outcomes[outcome & 0xFF]++;
            if (Inputs == _warmup)
            {
                _allocStart = GC.GetAllocatedBytesForCurrentThread();
            }
        }

        /// <summary>Bytes allocated on this thread since warm-up ended (until <see cref="Stop"/>).</summary>
        public long AllocatedAfterWarmup
        {
            get
            {
                if (Inputs < _warmup)
                {
                    return 0;
                }
                return (_allocStopped >= 0 ? _allocStopped : GC.GetAllocatedBytesForCurrentThread()) - _allocStart - _excluded;
            }
        }

        /// <summary>Takes bytes the caller measured for its own work (a report string) out of the budget.</summary>
        public void ExcludeAllocated(long bytes)
        {
            _excluded += bytes;
        }

        /// <summary>Ends the measured run, so the caller may print before <see cref="Finish"/>.</summary>
        public void Stop()
        {
            _allocStopped = GC.GetAllocatedBytesForCurrentThread();
            _watch.Stop();
        }

        /// <summary>Prints the report and asserts the allocation budget: at most
        /// <paramref name="bytesPer10000"/> bytes per 10,000 inputs after warm-up.</summary>
        public void Finish(long minimumInputs, long bytesPer10000, Type outcomeEnum)
        {
            long allocated = AllocatedAfterWarmup;
            _watch.Stop();
            Console.WriteLine(string.Concat(_target, ": ", Inputs.ToString(), " inputs, ", Accepted.ToString(), " accepted, ",
                Rejected.ToString(), " rejected, ", _watch.ElapsedMilliseconds.ToString(), " ms (",
                ((long)(Inputs * 1000.0 / Math.Max(1, _watch.ElapsedMilliseconds))).ToString(), " inputs/s), ",
                allocated.ToString(), " bytes allocated after ", _warmup.ToString(), " warm-up inputs"));
            for (int i = 0; i < Outcomes.Length; i++)
            {
                if (Outcomes[i] != 0)
                {
                    Console.WriteLine(string.Concat("  ", Enum.GetName(outcomeEnum, i) ?? i.ToString(), ": ", Outcomes[i].ToString()));
                }
            }
            Assert.IsTrue(Inputs >= minimumInputs, _target + ": inputs run");
            long budget = bytesPer10000 * ((Inputs - _warmup) / 10_000 + 1);
            Assert.IsTrue(allocated <= budget, string.Concat(_target, ": ", allocated.ToString(), " bytes allocated after warm-up, budget ", budget.ToString()));
            Assert.IsTrue(Accepted > 0, _target + ": some mutated inputs are still accepted");
            Assert.IsTrue(Rejected > 0, _target + ": some mutated inputs are rejected");
        }
    }
}
