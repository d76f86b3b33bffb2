using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.App;
using NanoStack.Board.Emulator;
using NanoStack.Board.Emulator.Wifi;

namespace NanoStack.Host.Tests.App
{
    /// <summary>
    /// The memory budget of the device configuration: everything <see cref="DeviceStack.Create(AppSettings, NanoStack.Wifi.IWifi, NanoStack.Iface.IBoardWait, NanoStack.IEntropySource, NanoStack.Tls.Crypto.IEntropySource, IMemoryMeter)"/>
    /// and the application allocate at start-up (interface and its buffers, DHCP, DNS, SNTP, the
    /// poll loop, certificate validation with the trust anchor loaded, the TLS engine, session
    /// cache, TCP and TLS channels, HTTP client and body buffer) is at most 40 KB, measured as
    /// x64 .NET object sizes with GC.GetAllocatedBytesForCurrentThread (temporaries included). The
    /// board objects are the emulator's here; the ESP32 board's managed side holds no buffers
    /// (the frame ring is native memory) and is not counted. Then the same stack runs fetch cycles
    /// against the emulator's HTTPS server, so the budget is that of a configuration that works.
    /// </summary>
    [TestClass]
    public class DeviceMemoryBudgetTests
    {
        /// <summary>The goal: 40 KB next to the application on the ~90 KB heap of an ESP32 without PSRAM.</summary>
        private const long BudgetBytes = 40 * 1024;

        /// <summary>Bytes this thread allocated per part.</summary>
        private sealed class AllocationMeter : IMemoryMeter
        {
            private long _mark;

            public readonly List<KeyValuePair<string, long>> Parts = new List<KeyValuePair<string, long>>();

            public void Start() => _mark = GC.GetAllocatedBytesForCurrentThread();

            public void Part(string name)
            {
                long now = GC.GetAllocatedBytesForCurrentThread();
                Parts.Add(new KeyValuePair<string, long>(name, now - _mark));
                // What the list itself allocates is the test's, not the device's.
                _mark = GC.GetAllocatedBytesForCurrentThread();
            }

            public long Total
            {
                get
                {
                    long sum = 0;
                    foreach (var p in Parts)
                    {
                        sum += p.Value;
                    }
                    return sum;
                }
            }

            public override string ToString()
            {
                var text = new StringBuilder();
                foreach (var p in Parts)
                {
                    text.Append("  ").Append(p.Key.PadRight(36)).Append(p.Value.ToString("N0").PadLeft(8)).Append(" B\n");
                }
                return text.Append("  ").Append("total".PadRight(36)).Append(Total.ToString("N0").PadLeft(8)).Append(" B").ToString();
            }
        }

        private static AppSettings Settings(EmulatedWorld world) => new AppSettings
        {
            Ssid = EmulatedWorld.Ssid,
            Passphrase = EmulatedWorld.Passphrase,
            Url = "https://" + EmulatedWorld.HostName + "/",
            TrustAnchorsPem = world.Ca.ExportCertificatePem(),
            FetchIntervalMs = 1_000,
        };

        private static (DeviceStack, DeviceApp, AllocationMeter) Build(EmulatedWorld world, EmulatedStation station, EmulatedBoardWait wait, SeededDeviceEntropy entropy, AppSettings settings)
        {
            var meter = new AllocationMeter();
            DeviceStack stack = DeviceStack.Create(settings, station, wait, entropy, entropy, meter);
            DeviceApp app = new DeviceApp(stack, null);
            meter.Part("application");
            return (stack, app, meter);
        }

        [TestMethod]
        public void TheDeviceConfigurationFitsIn40KilobytesAndFetches()
        {
            // Warm-up in another world: static tables and JIT are not the device's heap.
            using (var warm = new EmulatedWorld(5))
            {
                Build(warm, warm.CreateStation(), new EmulatedBoardWait(warm), new SeededDeviceEntropy(3), Settings(warm));
            }

            using var world = new EmulatedWorld(7);
            byte[] page = Encoding.ASCII.GetBytes(new string('x', 6000));
            world.Https.AddPage("/", "text/html", page);
            EmulatedStation station = world.CreateStation();
            var wait = new EmulatedBoardWait(world);
            var entropy = new SeededDeviceEntropy(3);
            AppSettings settings = Settings(world);

            var (stack, app, meter) = Build(world, station, wait, entropy, settings);
            Console.WriteLine("Device configuration, bytes allocated at start-up (x64 object sizes):\n" + meter);
            Assert.IsTrue(meter.Total <= BudgetBytes, "the device configuration takes " + meter.Total + " B, over the " + BudgetBytes + " B budget:\n" + meter);

            // The configuration works: a full handshake, then a resumed one, with the body read whole.
            for (int cycle = 0; cycle < 2; cycle++)
            {
                Assert.IsTrue(app.RunCycle(), "cycle " + cycle + ": " + app.LastFailedStep + ": " + app.LastFailure);
                Assert.AreEqual(200, app.LastStatusCode);
                Assert.AreEqual(page.Length, app.LastBodyBytes);
                Assert.AreEqual(cycle == 1, app.LastResumed, "cycle " + cycle);
            }
            // One TCP socket and a 1 s interval: the second fetch took the first connection's
            // socket out of TIME-WAIT (the device closes first: close_notify, then FIN).
            Assert.AreEqual(1, stack.Iface.Counters.TcpTimeWaitReclaimed, "the second connection reclaimed the TIME-WAIT socket");
            Console.WriteLine("TLS: " + NanoStack.Tls.TlsCipherSuite.Name(stack.Engine.CipherSuite) + ", receive records up to "
                + stack.Engine.ReceiveBufferLength + " B buffer");
        }
    }
}
