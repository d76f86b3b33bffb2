using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using NanoStack.Board.Emulator;
using NanoStack.Board.Emulator.Wifi;
using NanoStack.Channels;
using NanoStack.Dns;
using NanoStack.Link;
using NanoStack.Sockets;
using NanoStack.Tls;
using NanoStack.Wifi;

namespace NanoStack.Cli
{
    /// <summary>Options of <c>nanostack soak</c>.</summary>
    public sealed class SoakOptions
    {
        public int Connections = 1000;
        public int LossPercent = 5;
        public uint Seed = 1;
        public int ReportEvery = 100;
    }

    /// <summary>What a soak run measured.</summary>
    public sealed class SoakResult
    {
        public int Completed;
        public int Resumed;
        public int Failed;
        public readonly Dictionary<string, int> Failures = new Dictionary<string, int>();
        public long VirtualMs;
        public double RealSeconds;
        public int Retransmissions;
        public int FramesLost;
        /// <summary>Bytes the device allocated per connection after the warm-up connections.</summary>
        public double DeviceBytesPerConnection;
        /// <summary>Managed heap after a full collection, sampled every report interval.</summary>
        public readonly List<long> HeapSamples = new List<long>();
    }

    /// <summary>
    /// <c>nanostack soak</c>: the emulated device of the demo makes thousands of HTTPS GETs, each a
    /// new TCP connection and a TLS session resumed from the cache, over a lossy link, and reports
    /// connections per second and its memory: the bytes the device allocates per connection
    /// (emulator and server excluded, as in the demo) and the managed heap after full collections.
    /// </summary>
    public static class Soak
    {
        private const int WarmUp = 5;

        public static int Run(TextWriter output, SoakOptions options)
        {
            SoakResult result = Execute(output, options);
            return result.Failed == 0 && result.Completed == options.Connections ? 0 : 1;
        }

        public static SoakResult Execute(TextWriter output, SoakOptions options)
        {
            var result = new SoakResult();
            using var world = new EmulatedWorld(options.Seed);
            world.Https.AddPage("/", "text/html", Demo.IndexPage);
            EmulatedStation station = world.CreateStation();
            var faults = new FaultInjectorLink(station.Link, options.Seed + 7, 256, 1 << 20);
            var metered = new MeteredLink(faults);
            var demoOptions = new DemoOptions { Seed = options.Seed };
            Demo.Device device = Demo.Device.Create(metered, demoOptions);
            device.Wifi = station;
            byte[] anchor = world.Ca.RawData;
            device.Anchors.AddCertificate(anchor, 0, anchor.Length);
            world.AddDevicePoller(device.Iface.Poll, device.Iface.PollAt);
            world.AddDevicePoller(device.Dhcp.Poll, device.Dhcp.PollAt);
            world.AddDevicePoller(device.Dns.Poll, device.Dns.PollAt);

            // Join, lease, resolve: the loss starts after this.
            station.Connect(world.NowMs, EmulatedWorld.Ssid, EmulatedWorld.Passphrase);
            world.RunUntil(() => station.Status == WifiStatus.Connected, 60_000);
            device.Dhcp.Start(world.NowMs);
            world.RunUntil(() => device.Dhcp.HasLease, 120_000);
            device.Dns.SetServers(device.Dhcp.DnsServer1, device.Dhcp.DnsServer2);
            device.Dns.Start(world.NowMs, EmulatedWorld.HostName);
            world.RunUntil(() => device.Dns.Status != DnsStatus.Pending, 60_000);
            if (device.Dns.Status != DnsStatus.Resolved)
            {
                output.WriteLine("soak: set-up failed (wifi " + station.Status + ", dhcp " + device.Dhcp.State + ", dns " + device.Dns.Status + ")");
                result.Failed = 1;
                return result;
            }
            faults.Outbound.LossPpm = options.LossPercent * 10_000;
            faults.Inbound.LossPpm = options.LossPercent * 10_000;
            output.WriteLine("soak: " + options.Connections + " HTTPS GETs, each a new TCP connection resuming the TLS session, " + options.LossPercent + "% frame loss each way, seed " + options.Seed);

            var meter = new DeviceAllocationMeter(world, metered);
            var watch = Stopwatch.StartNew();
            long startVirtual = world.NowMs;
            long deviceBytes = 0;
            // Conditions built once: the loop itself allocates nothing per connection.
            Func<bool> released = () => device.Iface.TcpSocketsInUse == 0;
            var current = new SocketHolder();
            Func<bool> finished = () => current.Socket.State == TcpState.TimeWait || current.Socket.State == TcpState.Closed;
            for (int i = 0; i < options.Connections; i++)
            {
                string failure = null;
                long used = meter.Measure(() => failure = OneConnection(world, device, released, finished, current, result));
                if (i >= WarmUp)
                {
                    deviceBytes += used;
                }
                if (failure == null)
                {
                    result.Completed++;
                }
                else
                {
                    result.Failed++;
                    result.Failures[failure] = (result.Failures.TryGetValue(failure, out int n) ? n : 0) + 1;
                }
                if ((i + 1) % options.ReportEvery == 0 || i + 1 == options.Connections)
                {
                    long heap = GC.GetTotalMemory(true);
                    result.HeapSamples.Add(heap);
                    output.WriteLine("  " + (i + 1) + " connections, " + result.Resumed + " resumed, " + result.Failed + " failed; "
                        + ((i + 1) / watch.Elapsed.TotalSeconds).ToString("F1") + " connections/s; managed heap " + heap + " B");
                }
            }
            result.RealSeconds = watch.Elapsed.TotalSeconds;
            result.VirtualMs = world.NowMs - startVirtual;
            result.FramesLost = faults.Outbound.Lost + faults.Inbound.Lost;
            result.DeviceBytesPerConnection = options.Connections > WarmUp ? (double)deviceBytes / (options.Connections - WarmUp) : 0;
            output.WriteLine("soak: " + result.Completed + " of " + options.Connections + " completed (" + result.Resumed + " resumed), " + result.Failed + " failed"
                + (result.Failures.Count > 0 ? " " + string.Join(", ", result.Failures) : ""));
            output.WriteLine("  real time " + result.RealSeconds.ToString("F1") + " s: " + (options.Connections / result.RealSeconds).ToString("F1") + " connections/s; virtual time "
                + result.VirtualMs / 1000 + " s; " + result.FramesLost + " frames lost, " + result.Retransmissions + " TCP retransmissions by the device");
            output.WriteLine("  device allocations after " + WarmUp + " warm-up connections: " + result.DeviceBytesPerConnection.ToString("F1") + " B per connection"
                + " (the app's new TcpChannel and TlsConnection objects)");
            return result;
        }

        private sealed class SocketHolder
        {
            public TcpSocket Socket;
            public readonly Dictionary<int, int> Seen = new Dictionary<int, int>();
        }

        private static string OneConnection(EmulatedWorld world, Demo.Device device, Func<bool> released, Func<bool> finished, SocketHolder current, SoakResult result)
        {
            TcpChannel tcp = TcpChannel.Connect(device.Iface, world, device.Dns.Address, 443, 60_000, out TcpError error);
            if (tcp == null)
            {
                world.RunUntil(released, 600_000);
                return "connect " + error;
            }
            var tls = new TlsConnection(device.Engine, tcp);
            if (!tls.Handshake(EmulatedWorld.HostName, world.UnixNowSeconds, device.Sessions, 60_000))
            {
                string why = "tls " + device.Engine.Failure;
                tcp.Abort();
                world.RunUntil(released, 600_000);
                return why;
            }
            if (device.Engine.Resumed)
            {
                result.Resumed++;
            }
            device.Http.Attach(tls, "https", EmulatedWorld.HostName, 443);
            string failure = null;
            if (!device.Http.Get("/", 60_000))
            {
                failure = "http " + device.Http.Error;
            }
            else
            {
                long body = 0;
                int n;
                while ((n = device.Http.ReadBody(device.BodyBuffer, 0, device.BodyBuffer.Length, 60_000)) > 0)
                {
                    body += n;
                }
                if (n < 0 || device.Http.StatusCode != 200 || body != Demo.IndexPage.Length)
                {
                    failure = "http " + (n < 0 ? device.Http.Error.ToString() : "status " + device.Http.StatusCode + ", " + body + " B");
                }
            }
            current.Socket = tcp.Socket;
            device.Http.Close();
            world.RunUntil(finished, 120_000);
            // The socket's counter survives its reuse: count what this connection added.
            int total = current.Socket.Retransmissions;
            int seen = current.Seen.TryGetValue(tcp.Handle, out int s) ? s : 0;
            result.Retransmissions += total >= seen ? total - seen : total;
            current.Seen[tcp.Handle] = total;
            world.RunUntil(released, 600_000);
            return failure;
        }
    }
}
