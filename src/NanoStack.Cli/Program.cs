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
            var demoPcap = new Option<string>("--pcap") { Description = "Write the device's frames to this pcap file (Ethernet; tshark decodes IP/TCP/TLS)." };
            var demoMermaid = new Option<string>("--mermaid") { Description = "Write a Mermaid sequenceDiagram of the exchange to this file." };
            var demoLoss = new Option<int>("--loss") { Description = "Frame loss on the device's link, percent each way (0-50).", DefaultValueFactory = _ => 0 };
            var demoSeed = new Option<uint>("--seed") { Description = "Seed of every random choice (loss, ports, TLS randoms).", DefaultValueFactory = _ => 1 };
            var demoMfl = new Option<int>("--mfl") { Description = "Negotiate TLS max_fragment_length: 512, 1024, 2048 or 4096 (0: off).", DefaultValueFactory = _ => 0 };
            var demoResume = new Option<bool>("--resume") { Description = "Open a second connection that resumes the TLS session." };
            var demoPath = new Option<string>("--path") { Description = "Path to GET (/ or /large).", DefaultValueFactory = _ => "/" };
            var demoPassphrase = new Option<string>("--passphrase") { Description = "WPA2 passphrase the device uses (try a wrong one).", DefaultValueFactory = _ => Board.Emulator.EmulatedWorld.Passphrase };
            demoLoss.Validators.Add(r => { int v = r.GetValueOrDefault<int>(); if (v < 0 || v > 50) r.AddError("--loss must be 0..50"); });
            demoMfl.Validators.Add(r => { int v = r.GetValueOrDefault<int>(); if (v != 0 && v != 512 && v != 1024 && v != 2048 && v != 4096) r.AddError("--mfl must be 0, 512, 1024, 2048 or 4096"); });
            foreach (Option o in new Option[] { demoPcap, demoMermaid, demoLoss, demoSeed, demoMfl, demoResume, demoPath, demoPassphrase })
            {
                demo.Options.Add(o);
            }
            demo.SetAction(r => Demo.Run(Console.Out, new DemoOptions
            {
                PcapPath = r.GetValue(demoPcap), MermaidPath = r.GetValue(demoMermaid), LossPercent = r.GetValue(demoLoss), Seed = r.GetValue(demoSeed),
                MaxFragmentLength = r.GetValue(demoMfl), Resume = r.GetValue(demoResume), Path = r.GetValue(demoPath), Passphrase = r.GetValue(demoPassphrase),
            }));
            root.Subcommands.Add(demo);

            var get = new Command("get", "GET a URL with NanoStack's TLS 1.2 and HTTP/1.1 clients over the host's TCP. Exit codes: 2 DNS, 3 connect, 4 TLS, 5 HTTP.");
            var getUrl = new Argument<string>("url") { Description = "http:// or https:// URL." };
            var getVerbose = new Option<bool>("-v", "--verbose") { Description = "Trace the connection, the TLS records and the HTTP head on stderr." };
            var getCa = new Option<string>("--ca") { Description = "PEM file of trust anchors (default: the system bundle)." };
            var getPin = new Option<string>("--pin") { Description = "Require this SPKI SHA-256 (base64, optionally sha256//...) somewhere in the chain." };
            var getOutput = new Option<string>("-o", "--output") { Description = "Write the body to this file (with a progress bar when stderr is a terminal)." };
            var getTimeout = new Option<int>("--timeout") { Description = "Timeout per step, milliseconds.", DefaultValueFactory = _ => 30_000 };
            get.Arguments.Add(getUrl);
            foreach (Option o in new Option[] { getVerbose, getCa, getPin, getOutput, getTimeout })
            {
                get.Options.Add(o);
            }
            get.SetAction(r => GetCommand.Run(Console.Out, Console.Error, Console.OpenStandardOutput(), new GetOptions
            {
                Url = r.GetValue(getUrl), Verbose = r.GetValue(getVerbose), CaPath = r.GetValue(getCa), Pin = r.GetValue(getPin), OutputPath = r.GetValue(getOutput), TimeoutMs = r.GetValue(getTimeout),
            }));
            root.Subcommands.Add(get);

            var soak = new Command("soak", "The emulated device makes many HTTPS GETs with TLS resumption over a lossy link; reports connections/s and memory.");
            var soakConnections = new Option<int>("--connections") { Description = "HTTPS GETs, each on a new connection.", DefaultValueFactory = _ => 1000 };
            var soakLoss = new Option<int>("--loss") { Description = "Frame loss each way, percent.", DefaultValueFactory = _ => 5 };
            var soakSeed = new Option<uint>("--seed") { Description = "Seed.", DefaultValueFactory = _ => 1 };
            soak.Options.Add(soakConnections);
            soak.Options.Add(soakLoss);
            soak.Options.Add(soakSeed);
            soak.SetAction(r => Soak.Run(Console.Out, new SoakOptions { Connections = r.GetValue(soakConnections), LossPercent = r.GetValue(soakLoss), Seed = r.GetValue(soakSeed) }));
            root.Subcommands.Add(soak);

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
