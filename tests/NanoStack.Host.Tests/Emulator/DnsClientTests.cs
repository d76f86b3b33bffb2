using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Board.Emulator;
using NanoStack.Board.Emulator.Services;
using NanoStack.Dns;
using NanoStack.Host.Tests.Support;
using NanoStack.Iface;
using NanoStack.Link;
using NanoStack.Wire;

namespace NanoStack.Host.Tests.Emulator
{
    /// <summary>
    /// The resolver against the emulated network's independent DNS server (RFC 1035), on an
    /// Ethernet segment with a virtual clock, nothing mocked: A names, CNAME chains, NXDOMAIN,
    /// SERVFAIL, lost queries and 10% frame loss each way, a dead primary, source ports per query,
    /// tshark's reading of the exchange, and 0 bytes allocated per query after construction.
    /// </summary>
    [TestClass]
    public sealed class DnsClientTests
    {
        private static readonly MacAddress RouterMac = new MacAddress(0x02, 0x00, 0x5E, 0x00, 0x00, 0x01);
        private static readonly MacAddress ClientMac = new MacAddress(0x02, 0x00, 0x5E, 0x00, 0x00, 0x10);
        private static readonly Ipv4Address Router = new Ipv4Address(192, 0, 2, 1);
        private static readonly Ipv4Address Me = new Ipv4Address(192, 0, 2, 100);
        private static readonly Ipv4Address Device = new Ipv4Address(192, 0, 2, 10);

        /// <summary>The emulated server, with the source port and ID of every query it saw.</summary>
        private sealed class RecordingDns : IUdpService
        {
            public readonly EmulatedDnsServer Server = new EmulatedDnsServer();
            public readonly List<ushort> SourcePorts = new();
            public readonly List<ushort> Ids = new();

            public ushort Port => 53;

            public byte[] Handle(long nowMs, ReadOnlySpan<byte> payload, Ipv4Address source, ushort sourcePort,
                                 ref Ipv4Address replyTo, ref ushort replyPort, ref MacAddress replyMac)
            {
                SourcePorts.Add(sourcePort);
                Ids.Add(payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : (ushort)0);
                return Server.Handle(nowMs, payload, source, sourcePort, ref replyTo, ref replyPort, ref replyMac);
            }
        }

        /// <summary>
        /// The LAN and the board's poll loop: the router node with the DNS server, our interface
        /// (optionally behind fault injection and a pcap capture) and the resolver. Allocations made
        /// while the server side runs are tallied apart so the client's can be told from them.
        /// </summary>
        private sealed class Lan : IStackRunner
        {
            public readonly VirtualClock Clock = new();
            public readonly EthernetSegment Segment = new(latencyMs: 1, queueFrames: 64);
            public readonly EmulatedServicesNode Node;
            public readonly RecordingDns Dns;
            public readonly FaultInjectorLink Faults;
            public readonly PcapLink Pcap;
            public readonly Interface Iface;
            public readonly DnsClient Client;
            public long ServerBytes;

            public Lan(uint seed, int lossPpm = 0, DnsLimits limits = null, Ipv4Address? primary = null, Stream pcap = null)
            {
                Node = new EmulatedServicesNode(Segment, RouterMac, Router, 24);
                Dns = Node.Add(new RecordingDns());
                Dns.Server.AddA("device.test", Device)
                    .AddA("multi.test", new Ipv4Address(192, 0, 2, 11)).AddA("multi.test", new Ipv4Address(192, 0, 2, 12))
                    .AddCname("www.device.test", "device.test").AddCname("alias.test", "www.device.test");
                ILink link = Segment.Attach(ClientMac);
                if (lossPpm > 0)
                {
                    Faults = new FaultInjectorLink(link, seed, 64, 64 * 1514);
                    Faults.Configure(lossPpm, 0, 0, 0, 0, 0, 0);
                    link = Faults;
                }
                if (pcap != null)
                {
                    Pcap = new PcapLink(link, pcap);
                    link = Pcap;
                }
                Iface = new Interface(new StackLimits(), link, ClientMac, new SeededEntropySource(seed));
                Iface.SetAddress(Me, 24, Router);
                Client = new DnsClient(Iface, new SeededEntropySource(seed + 7), primary ?? Router, Ipv4Address.Any, limits);
            }

            public long NowMs => Clock.NowMs;

            public void RunOnce(long untilMs)
            {
                bool progress = false;
                for (int i = 0; i < 1000; i++)
                {
                    bool any = Iface.Poll(NowMs);
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    any |= Node.Poll(NowMs);
                    ServerBytes += GC.GetAllocatedBytesForCurrentThread() - before;
                    if (!any)
                    {
                        break;
                    }
                    progress = true;
                }
                if (progress)
                {
                    return;
                }
                long next = Math.Min(Math.Min(Iface.PollAt(NowMs), Node.PollAt(NowMs)), untilMs);
                if (next > NowMs && next != long.MaxValue)
                {
                    Clock.AdvanceTo(next);
                }
            }

            /// <summary>Resolves and returns the status, with the virtual time it took.</summary>
            public DnsStatus Resolve(string name, out long elapsedMs)
            {
                long start = NowMs;
                DnsStatus status = Client.Resolve(this, name);
                elapsedMs = NowMs - start;
                return status;
            }
        }

        [TestMethod]
        public void ResolvesAnAName()
        {
            var lan = new Lan(1);
            Assert.AreEqual(DnsStatus.Resolved, lan.Resolve("device.test", out long ms));
            Assert.AreEqual(Device, lan.Client.Address);
            Assert.AreEqual(300u, lan.Client.TtlSeconds);
            Assert.AreEqual(0, lan.Client.CnameCount);
            Assert.AreEqual(Router, lan.Client.AnsweredBy);
            Assert.AreEqual(1, lan.Client.AttemptsMade);
            Assert.IsTrue(ms < 100, "one round trip on the LAN (ARP included): " + ms + " ms");
            Assert.AreEqual(1, lan.Dns.Server.Queries);

            Assert.AreEqual(DnsStatus.Resolved, lan.Resolve("MULTI.test", out _));
            Assert.AreEqual(2, lan.Client.AddressCount);
            Assert.AreEqual(new Ipv4Address(192, 0, 2, 11), lan.Client.GetAddress(0));
            Assert.AreEqual(new Ipv4Address(192, 0, 2, 12), lan.Client.GetAddress(1));
        }

        [TestMethod]
        public void FollowsACnameChain()
        {
            var lan = new Lan(2);
            lan.Dns.Server.TtlSeconds = 120;
            Assert.AreEqual(DnsStatus.Resolved, lan.Resolve("alias.test", out _));
            Assert.AreEqual(Device, lan.Client.Address);
            Assert.AreEqual(2, lan.Client.CnameCount, "alias.test -> www.device.test -> device.test");
            Assert.AreEqual(120u, lan.Client.TtlSeconds);
        }

        [TestMethod]
        public void NameErrorAndServerFailure()
        {
            var lan = new Lan(3);
            Assert.AreEqual(DnsStatus.NameError, lan.Resolve("missing.test", out _));
            Assert.AreEqual(DnsRcode.NameError, lan.Client.ResponseCode);
            Assert.AreEqual(1, lan.Client.AttemptsMade);
            lan.Dns.Server.ServFailNext = 1;
            Assert.AreEqual(DnsStatus.ServerFailure, lan.Resolve("device.test", out _));
            Assert.AreEqual(DnsStatus.Resolved, lan.Resolve("device.test", out _), "the next query is answered");
        }

        [TestMethod]
        public void RetriesAfterLostQueries()
        {
            var lan = new Lan(4);
            lan.Dns.Server.IgnoreNext = 1;
            Assert.AreEqual(DnsStatus.Resolved, lan.Resolve("device.test", out long ms));
            Assert.AreEqual(2, lan.Client.AttemptsMade);
            Assert.IsTrue(ms >= 1000 && ms < 1100, "the second attempt after 1 s: " + ms + " ms");

            lan.Dns.Server.IgnoreNext = 2;
            Assert.AreEqual(DnsStatus.Resolved, lan.Resolve("www.device.test", out ms));
            Assert.AreEqual(3, lan.Client.AttemptsMade);
            Assert.IsTrue(ms >= 3000 && ms < 3100, "the third attempt after 1 + 2 s: " + ms + " ms");

            lan.Dns.Server.IgnoreNext = 3;
            int queries = lan.Dns.Server.Queries;
            Assert.AreEqual(DnsStatus.TimedOut, lan.Resolve("alias.test", out ms));
            Assert.AreEqual(3, lan.Dns.Server.Queries - queries, "three datagrams reached the server");
            Assert.AreEqual(7000, ms, "1 + 2 + 4 s");
            Assert.AreEqual(1, lan.Dns.Ids.Skip(lan.Dns.Ids.Count - 3).Distinct().Count(), "retransmissions keep the ID");
        }

        [TestMethod]
        public void ADeadPrimaryFailsOverToTheSecondary()
        {
            var lan = new Lan(5, primary: new Ipv4Address(192, 0, 2, 53));
            lan.Client.SetServers(new Ipv4Address(192, 0, 2, 53), Router);
            Assert.AreEqual(DnsStatus.Resolved, lan.Resolve("device.test", out long ms));
            Assert.AreEqual(Router, lan.Client.AnsweredBy);
            Assert.AreEqual(2, lan.Client.AttemptsMade);
            Assert.IsTrue(ms >= 1000 && ms < 1100, "after the primary's 1 s: " + ms + " ms");
        }

        [TestMethod]
        public void ResolvesThroughTenPercentLossEachWay()
        {
            var limits = new DnsLimits { Attempts = 6, CacheEntries = 0 };
            var lan = new Lan(6, lossPpm: 100_000, limits: limits);
            const int Names = 60;
            for (int i = 0; i < Names; i++)
            {
                lan.Dns.Server.AddA("n" + i + ".test", new Ipv4Address(10, 0, (byte)(i / 256), (byte)i));
            }
            int attempts = 0;
            for (int i = 0; i < Names; i++)
            {
                Assert.AreEqual(DnsStatus.Resolved, lan.Resolve("n" + i + ".test", out _), "name " + i);
                Assert.AreEqual(new Ipv4Address(10, 0, 0, (byte)i), lan.Client.Address, "name " + i);
                attempts += lan.Client.AttemptsMade;
            }
            int lost = lan.Faults.Outbound.Lost + lan.Faults.Inbound.Lost;
            Console.WriteLine(Names + " names through 10% loss: " + attempts + " attempts, " + lan.Client.Counters.Retransmissions
                + " retransmissions, " + lost + " frames lost, " + lan.NowMs + " ms virtual");
            Assert.IsTrue(lost > 0, "frames were lost");
            Assert.IsTrue(lan.Client.Counters.Retransmissions > 0, "and made up for");
            Assert.AreEqual(0, lan.Client.Counters.Ignored, "nothing spurious arrived");
        }

        [TestMethod]
        public void EveryQueryComesFromItsOwnPort()
        {
            var lan = new Lan(7);
            var clientPorts = new List<ushort>();
            for (int i = 0; i < 20; i++)
            {
                Assert.AreEqual(DnsStatus.Resolved, lan.Resolve(i % 2 == 0 ? "device.test" : "alias.test", out _));
                clientPorts.Add(lan.Client.LocalPort);
                lan.Client.Cache.Clear();
            }
            CollectionAssert.AreEqual(clientPorts, lan.Dns.SourcePorts, "the server saw the client's ports");
            Assert.AreEqual(20, lan.Dns.SourcePorts.Distinct().Count(), "20 queries, 20 source ports");
            Assert.AreEqual(20, lan.Dns.Ids.Distinct().Count(), "20 queries, 20 IDs");
            foreach (ushort port in lan.Dns.SourcePorts)
            {
                Assert.IsTrue(port >= 49152, "dynamic range (RFC 6335 §6): " + port);
            }
            Assert.AreEqual(0, lan.Iface.Counters.DroppedUdpNoSocket, "no answer came to a closed port");
        }

        [TestMethod]
        public void CacheAnswersWithoutTraffic()
        {
            var lan = new Lan(8);
            lan.Dns.Server.TtlSeconds = 60;
            Assert.AreEqual(DnsStatus.Resolved, lan.Resolve("device.test", out _));
            int queries = lan.Dns.Server.Queries;
            lan.Clock.Advance(59_000);
            Assert.AreEqual(DnsStatus.Resolved, lan.Resolve("Device.Test", out long ms));
            Assert.IsTrue(lan.Client.FromCache);
            Assert.AreEqual(0, ms);
            Assert.AreEqual(queries, lan.Dns.Server.Queries, "no query sent");
            lan.Clock.Advance(1_000);
            Assert.AreEqual(DnsStatus.Resolved, lan.Resolve("device.test", out _));
            Assert.IsFalse(lan.Client.FromCache, "expired after 60 s");
            Assert.AreEqual(queries + 1, lan.Dns.Server.Queries);
        }

        [TestMethod]
        public void ConstructionMemory()
        {
            var lan = new Lan(11);
            var limits = new DnsLimits();
            new DnsClient(lan.Iface, new SeededEntropySource(1), limits); // warm-up
            long before = GC.GetAllocatedBytesForCurrentThread();
            var client = new DnsClient(lan.Iface, new SeededEntropySource(1), limits);
            long total = GC.GetAllocatedBytesForCurrentThread() - before;
            Console.WriteLine("DnsClient with the default limits (4 cache entries, 4 addresses, 8 CNAMEs): " + total
                + " B allocated; arrays' contents " + limits.BufferBytes + " B");
            GC.KeepAlive(client);
            Assert.AreEqual(2425, limits.BufferBytes, "the figure the documentation gives");
            Assert.IsTrue(total >= limits.BufferBytes);
            Assert.IsTrue(total - limits.BufferBytes < 1200, "overhead beyond the buffers " + (total - limits.BufferBytes) + " B (1,071 B when written)");
        }

        [TestMethod]
        public void NoAllocationPerQueryAfterConstruction()
        {
            var lan = new Lan(9, limits: new DnsLimits { CacheEntries = 2 });
            lan.Dns.Server.TtlSeconds = 5;
            string[] names = { "device.test", "alias.test", "missing.test", "multi.test", "www.device.test" };

            int failures = RunRound(lan, names); // warm-up: every path once (JIT, ARP, lazy statics)
            lan.ServerBytes = 0;
            const int Rounds = 10;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int r = 0; r < Rounds; r++)
            {
                failures += RunRound(lan, names);
            }
            long total = GC.GetAllocatedBytesForCurrentThread() - before;
            long client = total - lan.ServerBytes;
            int resolutions = Rounds * (names.Length + 3);
            Console.WriteLine(resolutions + " resolutions: " + client + " B allocated by the client side ("
                + lan.ServerBytes + " B by the emulated server), " + lan.Client.Counters.Queries + " queries, "
                + lan.Client.Counters.CacheHits + " cache hits, " + lan.Client.Counters.Retransmissions + " retransmissions");
            Assert.AreEqual(0, failures, "every resolution ended as expected");
            Assert.AreEqual(0, client, "0 bytes per query: " + client + " B over " + resolutions + " resolutions");
        }

        /// <summary>
        /// One round of every path: five fresh queries (A, CNAME chain, NXDOMAIN, two A, a chain's
        /// middle name), a cache hit, a query whose first datagram is lost, a query that times out.
        /// Returns how many ended otherwise than expected (no assertion inside: it would allocate).
        /// </summary>
        private static int RunRound(Lan lan, string[] names)
        {
            int failures = 0;
            lan.Clock.Advance(6_000); // everything cached (TTL 5 s) has expired
            foreach (string name in names)
            {
                DnsStatus expected = name == "missing.test" ? DnsStatus.NameError : DnsStatus.Resolved;
                failures += lan.Client.Resolve(lan, name) == expected && !lan.Client.FromCache ? 0 : 1;
            }
            failures += lan.Client.Resolve(lan, names[4]) == DnsStatus.Resolved && lan.Client.FromCache ? 0 : 1;
            lan.Dns.Server.IgnoreNext = 1;
            failures += lan.Client.Resolve(lan, names[0]) == DnsStatus.Resolved && lan.Client.AttemptsMade == 2 ? 0 : 1;
            lan.Dns.Server.IgnoreNext = 3;
            failures += lan.Client.Resolve(lan, names[3]) == DnsStatus.TimedOut ? 0 : 1;
            return failures;
        }

        [TestMethod]
        public void TsharkReadsOurQueriesWithoutComplaint()
        {
            string tshark = File.Exists("/usr/bin/tshark") ? "/usr/bin/tshark" : null;
            TestEnvironment.Require(tshark != null, "tshark (apt-get install tshark)");
            string path = Path.Combine(Path.GetTempPath(), "nanostack-dns-" + Guid.NewGuid().ToString("N") + ".pcap");
            try
            {
                var lan = new Lan(10, pcap: File.Create(path));
                Assert.AreEqual(DnsStatus.Resolved, lan.Resolve("alias.test", out _));
                Assert.AreEqual(DnsStatus.NameError, lan.Resolve("missing.test", out _));
                lan.Pcap.Dispose();

                string fields = Run(tshark, "-n -r " + path + " -Y dns -T fields -e dns.flags.response -e dns.flags.recdesired -e dns.qry.name -e dns.flags.rcode -e dns.a");
                string[] lines = fields.Trim().Split('\n');
                Assert.AreEqual(4, lines.Length, fields);
                // response flag, RD, name, RCODE, addresses
                StringAssert.StartsWith(lines[0], "0\t1\talias.test\t", fields);
                StringAssert.StartsWith(lines[1], "1\t1\talias.test\t0\t192.0.2.10", fields);
                StringAssert.StartsWith(lines[2], "0\t1\tmissing.test\t", fields);
                StringAssert.StartsWith(lines[3], "1\t1\tmissing.test\t3", fields);
                string expert = Run(tshark, "-n -r " + path + " -z expert,warn -q");
                Assert.IsFalse(expert.Contains("Malformed", StringComparison.OrdinalIgnoreCase), expert);
                Assert.IsFalse(expert.Contains("Bad checksum", StringComparison.OrdinalIgnoreCase), expert);
            }
            finally
            {
                File.Delete(path);
            }
        }

        private static string Run(string file, string args)
        {
            var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
            using Process p = Process.Start(psi);
            string output = p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            Assert.IsTrue(p.WaitForExit(30_000), file + " timed out");
            return output;
        }
    }
}
