using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using NanoStack.Wire;

namespace NanoStack.Board.Linux
{
    /// <summary>
    /// Throughput and round-trip time of NanoStack over a TAP device against the kernel, and in
    /// the same run the same measurements for lwIP 2.1.3 (<see cref="ReferencePrograms"/>), each
    /// in a namespace of its own with the same addresses. The kernel side is <c>bench_client</c>.
    /// Root is needed (namespaces, TAP devices).
    /// </summary>
    public static class TapBench
    {
        public sealed class Result
        {
            public double UpMbps;
            public double DownMbps;
            public double RttMedianUs;
            public double RttMeanUs;
        }

        /// <summary>Runs both stacks; <paramref name="log"/> gets one line per measurement.</summary>
        public static (Result NanoStack, Result Lwip) Run(long bytes, int roundTrips, int ringBytes, TextWriter log)
        {
            string dir = Path.Combine(Path.GetTempPath(), "nanostack-bench-" + Environment.ProcessId);
            try
            {
                var (client, lwip) = ReferencePrograms.Build(dir);
                Ipv4Address.TryParse(NetworkNamespace.StackAddress, out Ipv4Address us);
                Ipv4Address.TryParse(NetworkNamespace.KernelAddress, out Ipv4Address kernel);
                Result nano, reference;
                using (NetworkNamespace ns = NetworkNamespace.Create("nsbn"))
                {
                    TapLink tap = ns.AddTap();
                    using var server = new BenchServer(tap, new MacAddress(0x02, 0x4E, 0x53, 0, 0, 2), us, NetworkNamespace.PrefixLength, kernel, ringBytes);
                    nano = Measure(ns, client, bytes, roundTrips, "NanoStack", log);
                }
                using (NetworkNamespace ns = NetworkNamespace.Create("nsbl"))
                {
                    string device = NetworkNamespace.NewDeviceName();
                    var psi = new ProcessStartInfo(lwip, device + " " + NetworkNamespace.StackAddress + " 255.255.255.0 " + NetworkNamespace.KernelAddress)
                    {
                        RedirectStandardOutput = true,
                        RedirectStandardError = true,
                    };
                    using Process p = Process.Start(psi);
                    try
                    {
                        if (p.StandardOutput.ReadLine() != "ready")
                        {
                            throw new InvalidOperationException("lwip_ref did not start: " + p.StandardError.ReadToEnd());
                        }
                        ns.AdoptDevice(device);
                        reference = Measure(ns, client, bytes, roundTrips, "lwIP 2.1.3", log);
                    }
                    finally
                    {
                        if (!p.HasExited)
                        {
                            p.Kill(entireProcessTree: true);
                            p.WaitForExit(5_000);
                        }
                    }
                }
                return (nano, reference);
            }
            finally
            {
                try
                {
                    Directory.Delete(dir, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }

        private static Result Measure(NetworkNamespace ns, string client, long bytes, int roundTrips, string name, TextWriter log)
        {
            var r = new Result();
            string host = NetworkNamespace.StackAddress;
            r.UpMbps = Value(Check(ns.Run(client, "up " + host + " " + bytes, 120_000), name), "mbps");
            log?.WriteLine(name + ": kernel → stack " + r.UpMbps.ToString("F1", CultureInfo.InvariantCulture) + " Mbit/s");
            r.DownMbps = Value(Check(ns.Run(client, "down " + host + " " + bytes, 120_000), name), "mbps");
            log?.WriteLine(name + ": stack → kernel " + r.DownMbps.ToString("F1", CultureInfo.InvariantCulture) + " Mbit/s");
            string rtt = Check(ns.Run(client, "rtt " + host + " " + roundTrips, 120_000), name);
            r.RttMedianUs = Value(rtt, "median_us");
            r.RttMeanUs = Value(rtt, "mean_us");
            log?.WriteLine(name + ": 64-byte echo median " + r.RttMedianUs.ToString("F1", CultureInfo.InvariantCulture) + " µs");
            return r;
        }

        private static string Check(CommandResult result, string name)
        {
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException(name + ": bench_client " + result);
            }
            return result.StandardOutput;
        }

        private static double Value(string line, string key)
        {
            Match m = Regex.Match(line, key + "=([0-9.]+)");
            if (!m.Success)
            {
                throw new InvalidOperationException("no " + key + " in: " + line);
            }
            return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }
    }
}
