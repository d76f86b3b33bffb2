using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.App;
using NanoStack.Board.Emulator;
using NanoStack.Board.Emulator.Wifi;
using NanoStack.Link;
using NanoStack.Wifi;
using NanoStack.Wire;

namespace NanoStack.Host.Tests.App
{
    /// <summary>
    /// The device application's main loop on the emulator board: the emulated station as its
    /// IWifi, the world's router (DHCP, DNS, SNTP) and HTTPS server, everything on the virtual
    /// clock with a seed. Nothing is registered with the world as a device poller: the
    /// application's own loop polls the device side, and the board wait runs the world.
    /// </summary>
    [TestClass]
    public class DeviceAppTests
    {
        private const string Url = "https://" + EmulatedWorld.HostName + "/";

        private static readonly byte[] Page = Encoding.ASCII.GetBytes(
            "<!DOCTYPE html>\n<html><body><h1>Hello from the emulated world</h1>\n"
            + "<p>Fetched by the NanoStack device application.</p></body></html>\n");

        /// <summary>The lines as the application wrote them, and as the device prints them (with
        /// the seconds of the virtual clock in front).</summary>
        private sealed class ListLog : IAppLog
        {
            private readonly EmulatedWorld _world;
            private readonly List<string> _printed = new List<string>();

            public ListLog(EmulatedWorld world) => _world = world;

            public readonly List<string> Lines = new List<string>();

            /// <summary>What this sink allocated itself (not the device's).</summary>
            public long SinkBytes { get; private set; }

            public void Line(string text)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                Lines.Add(text);
                _printed.Add("[" + _world.NowMs / 1000 + "." + (_world.NowMs % 1000).ToString("D3") + "] " + text);
                SinkBytes += GC.GetAllocatedBytesForCurrentThread() - before;
            }

            public override string ToString() => string.Join("\n", _printed);
        }

        /// <summary>The station with its link metered, and what its own polling allocates counted
        /// apart (the radio is the emulator's, not the device's).</summary>
        private sealed class MeteredStation : IWifi
        {
            private readonly EmulatedStation _station;

            public MeteredStation(EmulatedStation station)
            {
                _station = station;
                Metered = new MeteredLink(station.Link);
            }

            public MeteredLink Metered { get; }

            public long PollAllocatedBytes { get; private set; }

            public MacAddress MacAddress => _station.MacAddress;

            public ILink Link => Metered;

            public WifiStatus Status => _station.Status;

            public WifiError Error => _station.Error;

            public int Scan(long nowMs, WifiNetwork[] results) => _station.Scan(nowMs, results);

            public void Connect(long nowMs, string ssid, string passphrase) => _station.Connect(nowMs, ssid, passphrase);

            public void Disconnect(long nowMs) => _station.Disconnect(nowMs);

            public bool Poll(long nowMs)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                bool changed = _station.Poll(nowMs);
                PollAllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - before;
                return changed;
            }

            public long PollAt(long nowMs) => _station.PollAt(nowMs);

            public bool TryGetEvent(out WifiEventKind kind) => _station.TryGetEvent(out kind);
        }

        private sealed class Rig : IDisposable
        {
            public readonly EmulatedWorld World;
            public readonly MeteredStation Wifi;
            public readonly EmulatedBoardWait Wait;
            public readonly DeviceStack Stack;
            public readonly DeviceApp App;
            public readonly ListLog Log;

            public Rig(AppSettings settings, bool log = true, uint seed = 1)
            {
                World = new EmulatedWorld(seed);
                World.Https.AddPage("/", "text/html", Page);
                settings.TrustAnchorsPem ??= World.Ca.ExportCertificatePem();
                Wifi = new MeteredStation(World.CreateStation());
                Wait = new EmulatedBoardWait(World);
                var entropy = new SeededDeviceEntropy(seed);
                Stack = DeviceStack.Create(settings, Wifi, Wait, entropy, entropy);
                Log = log ? new ListLog(World) : null;
                App = new DeviceApp(Stack, Log);
            }

            /// <summary>Bytes the device itself allocated in <paramref name="work"/>: the thread's
            /// allocations less the world's nodes, the metered link and the station's polling.</summary>
            public long DeviceBytes(Action work)
            {
                long emulator = World.EmulatorAllocatedBytes;
                long below = Wifi.Metered.AllocatedBytes;
                long radio = Wifi.PollAllocatedBytes;
                long before = GC.GetAllocatedBytesForCurrentThread();
                work();
                long total = GC.GetAllocatedBytesForCurrentThread() - before;
                return total - (World.EmulatorAllocatedBytes - emulator) - (Wifi.Metered.AllocatedBytes - below) - (Wifi.PollAllocatedBytes - radio);
            }

            public void Dispose() => World.Dispose();
        }

        private static AppSettings Settings(string url = Url, string passphrase = EmulatedWorld.Passphrase) => new AppSettings
        {
            Ssid = EmulatedWorld.Ssid,
            Passphrase = passphrase,
            Url = url,
            FetchIntervalMs = 60_000,
        };

        private static void AssertInOrder(IList<string> lines, params string[] prefixes)
        {
            int at = 0;
            foreach (string p in prefixes)
            {
                while (at < lines.Count && !lines[at].StartsWith(p, StringComparison.Ordinal))
                {
                    at++;
                }
                Assert.IsTrue(at < lines.Count, "missing, or out of order: \"" + p + "\"\n---\n" + string.Join("\n", lines));
                at++;
            }
        }

        private static uint Fnv1a(byte[] data)
        {
            uint h = 2166136261;
            foreach (byte b in data)
            {
                h = (h ^ b) * 16777619;
            }
            return h;
        }

        [TestMethod]
        public void TwoFetchCyclesJoinLeaseSetTheTimeAndResumeTheSession()
        {
            using var rig = new Rig(Settings());
            DeviceApp app = rig.App;

            Assert.IsTrue(app.RunCycle(), app.LastFailedStep + ": " + app.LastFailure + "\n" + rig.Log);
            Assert.AreEqual(200, app.LastStatusCode);
            Assert.AreEqual(Page.Length, app.LastBodyBytes);
            Assert.AreEqual(Fnv1a(Page), app.LastBodyDigest);
            Assert.IsFalse(app.LastResumed);
            Assert.IsTrue(app.TimeSynchronized);
            long firstFetchMs = app.LastFetchMs;
            long firstCycleEndMs = rig.World.NowMs;
            // The world's wall time within a second of what SNTP gave the device.
            long unixMs = rig.Stack.Sntp.UnixMs(rig.World.NowMs);
            Assert.IsTrue(Math.Abs(unixMs - (rig.World.UnixEpochSeconds * 1000 + rig.World.NowMs)) < 1000, "SNTP time " + unixMs);

            long startSecond = rig.World.NowMs;
            Assert.IsTrue(app.RunCycle(), app.LastFailedStep + ": " + app.LastFailure + "\n" + rig.Log);
            Assert.IsTrue(rig.World.NowMs - startSecond >= 60_000, "the fetch interval was not waited");
            Assert.AreEqual(200, app.LastStatusCode);
            Assert.AreEqual(Page.Length, app.LastBodyBytes);
            Assert.IsTrue(app.LastResumed, "the second handshake did not resume the session");

            Assert.AreEqual(2, app.Cycles);
            Assert.AreEqual(2, app.Fetches);
            Assert.AreEqual(0, app.Failures);
            Assert.AreEqual(1, app.WifiJoins);
            Assert.AreEqual(1, app.ResumedHandshakes);
            Assert.AreEqual(2L * Page.Length, app.TotalBodyBytes);
            Assert.AreEqual(1, rig.World.Sntp.Requests);
            AssertInOrder(rig.Log.Lines,
                "wifi: joining \"NanoNet\"",
                "wifi: connected to \"NanoNet\"",
                "dhcp: lease 192.0.2.100/24, router 192.0.2.1, DNS 192.0.2.1",
                "sntp: request to 192.0.2.1",
                "sntp: time set",
                "dns: www.nanostack.test is 192.0.2.80",
                "tcp: connected to 192.0.2.80 port 443",
                "tls: TLS_ECDHE_ECDSA_WITH_",
                "http: 200, " + Page.Length + " body bytes",
                "dns: www.nanostack.test is 192.0.2.80 (cached)",
                "tcp: connected to 192.0.2.80 port 443",
                "tls: TLS_ECDHE_ECDSA_WITH_",
                "http: 200, " + Page.Length + " body bytes");
            List<string> tls = rig.Log.Lines.FindAll(l => l.StartsWith("tls: ", StringComparison.Ordinal));
            Assert.AreEqual(2, tls.Count);
            StringAssert.Contains(tls[0], ", certificate chain verified for www.nanostack.test, ALPN http/1.1");
            StringAssert.Contains(tls[1], ", session resumed, ALPN http/1.1");
            Console.WriteLine(rig.Log.ToString());
            Console.WriteLine("virtual time: first cycle (join, lease, time, fetch) ends at " + firstCycleEndMs + " ms; DNS to end of body: first "
                + firstFetchMs + " ms, resumed " + app.LastFetchMs + " ms");
        }

        [TestMethod]
        public void CyclesAfterTheFirstAllocateNothingWithoutALog()
        {
            using var rig = new Rig(Settings(), log: false);
            DeviceApp app = rig.App;
            long first = rig.DeviceBytes(() => Assert.IsTrue(app.RunCycle(), app.LastFailure));
            long second = rig.DeviceBytes(() => Assert.IsTrue(app.RunCycle(), app.LastFailure));
            long third = rig.DeviceBytes(() => Assert.IsTrue(app.RunCycle(), app.LastFailure));
            long fourth = rig.DeviceBytes(() => Assert.IsTrue(app.RunCycle(), app.LastFailure));
            Console.WriteLine("device bytes per cycle without a log: " + first + ", " + second + ", " + third + ", " + fourth);
            Assert.AreEqual(4, app.Fetches);
            Assert.AreEqual(3, app.ResumedHandshakes);
            Assert.AreEqual(0, second, "second cycle");
            Assert.AreEqual(0, third, "third cycle");
            Assert.AreEqual(0, fourth, "fourth cycle");
        }

        [TestMethod]
        public void WithALogACycleAllocatesOnlyItsLogLines()
        {
            // Also shows the meter sees device allocations: the log lines are strings the device builds.
            using var rig = new Rig(Settings());
            DeviceApp app = rig.App;
            Assert.IsTrue(app.RunCycle(), app.LastFailure);
            Assert.IsTrue(app.RunCycle(), app.LastFailure);
            int linesBefore = rig.Log.Lines.Count;
            long sink = rig.Log.SinkBytes;
            long third = rig.DeviceBytes(() => Assert.IsTrue(app.RunCycle(), app.LastFailure)) - (rig.Log.SinkBytes - sink);
            Console.WriteLine("device bytes in a cycle with the log: " + third + " (" + (rig.Log.Lines.Count - linesBefore) + " lines)");
            Assert.AreEqual(4, rig.Log.Lines.Count - linesBefore);
            Assert.IsTrue(third > 0 && third < 4096, third + " B");
        }

        [TestMethod]
        public void WrongPassphraseIsAWifiFailureRetriedWithBackOff()
        {
            using var rig = new Rig(Settings(passphrase: "not the passphrase"));
            DeviceApp app = rig.App;
            Assert.IsFalse(app.RunCycle());
            Assert.AreEqual(AppStep.Wifi, app.LastFailedStep);
            Assert.AreEqual(nameof(WifiError.WrongPassphrase), app.LastFailure);
            long failedAt = rig.World.NowMs;
            Assert.IsFalse(app.RunCycle());
            Assert.IsTrue(rig.World.NowMs - failedAt >= DeviceApp.FirstRetryMs, "retried before the back-off");
            Assert.AreEqual(AppStep.Wifi, app.LastFailedStep);
            Assert.AreEqual(2, app.Cycles);
            Assert.AreEqual(2, app.Failures);
            Assert.AreEqual(2, app.FailuresInARow);
            Assert.AreEqual(0, app.Fetches);
            AssertInOrder(rig.Log.Lines,
                "wifi: joining \"NanoNet\"",
                "wifi: failed: WrongPassphrase",
                "retry: in 2000 ms (failure 1 in a row)",
                "wifi: joining \"NanoNet\"",
                "wifi: failed: WrongPassphrase",
                "retry: in 4000 ms (failure 2 in a row)");
        }

        [TestMethod]
        public void AnAnchorThatDoesNotMatchIsATlsCertificateFailure()
        {
            using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=Some Other Root CA, O=Elsewhere", otherKey, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using X509Certificate2 other = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            AppSettings settings = Settings();
            settings.TrustAnchorsPem = other.ExportCertificatePem();
            using var rig = new Rig(settings);
            DeviceApp app = rig.App;
            Assert.IsFalse(app.RunCycle());
            Assert.AreEqual(AppStep.Tls, app.LastFailedStep, app.LastFailure);
            StringAssert.Contains(app.LastFailure, "certificate");
            AssertInOrder(rig.Log.Lines, "sntp: time set", "tcp: connected to 192.0.2.80 port 443", "tls: failed: ");
            Console.WriteLine(app.LastFailure);
            Assert.AreEqual(0, rig.Stack.Sessions.Count);
        }

        [TestMethod]
        public void AnUnknownHostIsADnsFailure()
        {
            using var rig = new Rig(Settings(url: "https://nowhere.nanostack.test/"));
            DeviceApp app = rig.App;
            Assert.IsFalse(app.RunCycle());
            Assert.AreEqual(AppStep.Dns, app.LastFailedStep);
            Assert.AreEqual("nowhere.nanostack.test: NameError", app.LastFailure);
            AssertInOrder(rig.Log.Lines, "sntp: time set", "dns: failed: nowhere.nanostack.test: NameError", "retry: in 2000 ms");
        }

        [TestMethod]
        public void NoSntpAnswerFailsTheTimeStepClearly()
        {
            using var rig = new Rig(Settings());
            rig.World.Sntp.IgnoreNext = DeviceApp.SntpAttempts;
            DeviceApp app = rig.App;
            Assert.IsFalse(app.RunCycle());
            Assert.AreEqual(AppStep.Sntp, app.LastFailedStep);
            StringAssert.StartsWith(app.LastFailure, "Timeout from 192.0.2.1; certificates cannot be checked without the date");
            Assert.IsFalse(app.TimeSynchronized);
            // The next cycle asks again and goes on to fetch.
            Assert.IsTrue(app.RunCycle(), app.LastFailure);
            Assert.IsTrue(app.TimeSynchronized);
        }
    }
}
