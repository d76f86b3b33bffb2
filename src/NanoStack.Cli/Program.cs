using System;
using System.CommandLine;

namespace NanoStack.Cli
{
    /// <summary>The <c>nanostack</c> command.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            var root = new RootCommand("NanoStack: a TCP/IP stack and TLS 1.2 client for nanoFramework, with host boards.");

            var demo = new Command("demo", "Run the main job on the emulator board: join Wi-Fi, DHCP, DNS, TCP, TLS 1.2, HTTPS GET.");
            demo.SetAction(_ => Demo.Run(Console.Out));
            root.Subcommands.Add(demo);

            var limits = new Command("limits", "Print the buffer budget the stack allocates at start-up with the default limits.");
            limits.SetAction(_ => Demo.PrintLimits(Console.Out, new StackLimits()));
            root.Subcommands.Add(limits);

            var bytes = new Option<long>("--bytes") { Description = "Bytes per direction.", DefaultValueFactory = _ => 10_000_000 };
            var roundTrips = new Option<int>("--round-trips") { Description = "64-byte echo round trips.", DefaultValueFactory = _ => 1000 };
            var ring = new Option<int>("--ring") { Description = "NanoStack's TCP receive and send ring, bytes.", DefaultValueFactory = _ => 65535 };
            var bench = new Command("bench", "Throughput and RTT of NanoStack over TAP against the Linux kernel, and lwIP 2.1.3 in the same run (root).");
            bench.Options.Add(bytes);
            bench.Options.Add(roundTrips);
            bench.Options.Add(ring);
            bench.SetAction(r => Bench.Run(Console.Out, r.GetValue(bytes), r.GetValue(roundTrips), r.GetValue(ring)));
            root.Subcommands.Add(bench);

            return root.Parse(args).Invoke();
        }
    }
}
