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

            var tap = new Option<string>("--tap") { Description = "Attach to this existing TAP device instead of creating a namespace." };
            var ip = new Option<string>("--ip") { Description = "NanoStack's address.", DefaultValueFactory = _ => "192.0.2.2" };
            var prefix = new Option<int>("--prefix") { Description = "Prefix length.", DefaultValueFactory = _ => 24 };
            var gateway = new Option<string>("--gateway") { Description = "Gateway (and default ping target).", DefaultValueFactory = _ => "192.0.2.1" };
            var mac = new Option<string>("--mac") { Description = "NanoStack's MAC address.", DefaultValueFactory = _ => "02:4e:53:00:00:02" };
            var pcap = new Option<string>("--pcap") { Description = "Write NanoStack's frames to this pcap file." };
            Option[] link = { tap, ip, prefix, gateway, mac, pcap };
            LinuxCommands.Options LinkOptions(ParseResult r) => new LinuxCommands.Options
            {
                Tap = r.GetValue(tap), Address = r.GetValue(ip), Prefix = r.GetValue(prefix), Gateway = r.GetValue(gateway), Mac = r.GetValue(mac), Pcap = r.GetValue(pcap),
            };

            var count = new Option<int>("--count") { Description = "Echo requests.", DefaultValueFactory = _ => 4 };
            var pingTarget = new Argument<string>("address") { Description = "Address to ping (default: the gateway).", Arity = ArgumentArity.ZeroOrOne };
            var ping = new Command("ping", "NanoStack pings over a TAP device (root).");
            ping.Arguments.Add(pingTarget);
            ping.Options.Add(count);
            foreach (Option opt in link) ping.Options.Add(opt);
            ping.SetAction(r => LinuxCommands.Ping(Console.Out, LinkOptions(r), r.GetValue(pingTarget), r.GetValue(count)));
            root.Subcommands.Add(ping);

            var tcp = new Command("tcp", "NanoStack's TCP over a TAP device (root).");
            var host = new Argument<string>("host");
            var port = new Argument<int>("port");
            var message = new Option<string>("--message") { Description = "Line to send.", DefaultValueFactory = _ => "hello from NanoStack" };
            var connect = new Command("connect", "Connect, send a line, half-close, print what comes back.");
            connect.Arguments.Add(host);
            connect.Arguments.Add(port);
            connect.Options.Add(message);
            foreach (Option opt in link) connect.Options.Add(opt);
            connect.SetAction(r => LinuxCommands.Connect(Console.Out, LinkOptions(r), r.GetValue(host), r.GetValue(port), r.GetValue(message)));
            tcp.Subcommands.Add(connect);
            var listenPort = new Argument<int>("port");
            var mode = new Option<string>("--mode") { Description = "echo, discard or close-first.", DefaultValueFactory = _ => "echo" };
            mode.AcceptOnlyFromAmong("echo", "discard", "close-first");
            var connections = new Option<int>("--connections") { Description = "Connections to serve before exiting.", DefaultValueFactory = _ => int.MaxValue };
            var listen = new Command("listen", "Serve connections on a port: echo, discard, or close first after one line.");
            listen.Arguments.Add(listenPort);
            listen.Options.Add(mode);
            listen.Options.Add(connections);
            foreach (Option opt in link) listen.Options.Add(opt);
            listen.SetAction(r => LinuxCommands.Listen(Console.Out, LinkOptions(r), r.GetValue(listenPort), r.GetValue(mode), r.GetValue(connections)));
            tcp.Subcommands.Add(listen);
            root.Subcommands.Add(tcp);

            return root.Parse(args).Invoke();
        }
    }
}
