using System;
using System.Globalization;
using System.IO;
using NanoStack.Board.Linux;

namespace NanoStack.Cli
{
    /// <summary>
    /// <c>nanostack bench</c>: NanoStack over a TAP device against the Linux kernel, and lwIP 2.1.3
    /// the same way in the same run, with the ratio. Needs root (network namespaces and TAP
    /// devices), gcc and liblwip-dev; says which is missing.
    /// </summary>
    public static class Bench
    {
        public static int Run(TextWriter output, long bytes, int roundTrips, int ringBytes)
        {
            if (!NetworkNamespace.IsSupported)
            {
                output.WriteLine("bench needs " + NetworkNamespace.Requirement + " (run as root)");
                return 2;
            }
            if (!ReferencePrograms.IsSupported)
            {
                output.WriteLine("bench needs " + ReferencePrograms.Requirement + " (apt-get install gcc pkg-config liblwip-dev)");
                return 2;
            }
            output.WriteLine("NanoStack vs lwIP 2.1.3 over TAP, kernel peer bench_client; " + bytes + " bytes each way, " + roundTrips + " round trips, NanoStack rings " + ringBytes + " B");
            var (nano, lwip) = TapBench.Run(bytes, roundTrips, ringBytes, output);
            output.WriteLine();
            output.WriteLine("| measurement | NanoStack | lwIP 2.1.3 | NanoStack / lwIP |");
            output.WriteLine("|---|---:|---:|---:|");
            Row(output, "kernel → stack (Mbit/s)", nano.UpMbps, lwip.UpMbps);
            Row(output, "stack → kernel (Mbit/s)", nano.DownMbps, lwip.DownMbps);
            Row(output, "64-byte echo, median (µs)", nano.RttMedianUs, lwip.RttMedianUs);
            Row(output, "64-byte echo, mean (µs)", nano.RttMeanUs, lwip.RttMeanUs);
            return 0;
        }

        private static void Row(TextWriter output, string name, double ours, double reference)
        {
            output.WriteLine("| " + name + " | " + ours.ToString("F1", CultureInfo.InvariantCulture) + " | "
                + reference.ToString("F1", CultureInfo.InvariantCulture) + " | " + (ours / reference).ToString("F2", CultureInfo.InvariantCulture) + " |");
        }
    }
}
