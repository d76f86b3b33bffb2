using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Board.Emulator;
using NanoStack.Board.Emulator.Services;
using NanoStack.Dhcp;
using NanoStack.Host.Tests.Support;
using NanoStack.Iface;
using NanoStack.Link;
using NanoStack.Wire;

namespace NanoStack.Host.Tests.Emulator
{
    /// <summary>
    /// The device's <see cref="DhcpClient"/> against the independent <see cref="EmulatedDhcpServer"/>
    /// on a simulated segment and a virtual clock: a lease with the configured router and DNS
    /// server, renewal at T1 by unicast, lost requests, NAKs, a server that goes away, 10% frame
    /// loss, a release, tshark's reading of the exchange, and 0 bytes allocated per poll.
    /// </summary>
    [TestClass]
    public sealed class DhcpClientTests
    {
        private static readonly MacAddress RouterMac = new MacAddress(0x02, 0x00, 0x5E, 0x00, 0x00, 0x01);
        private static readonly MacAddress ClientMac = new MacAddress(0x02, 0x00, 0x5E, 0x00, 0x00, 0x10);
        private static readonly Ipv4Address Router = new Ipv4Address(192, 0, 2, 1);
        private static readonly Ipv4Address PoolStart = new Ipv4Address(192, 0, 2, 100);
        private static readonly Ipv4Address Dns = new Ipv4Address(192, 0, 2, 53);
        private const int LeaseSeconds = 600;

        /// <summary>What the client sent to port 67: time, addressing and message type.</summary>
        private readonly record struct Sent(long AtMs, MacAddress EthernetDestination, Ipv4Address Source, Ipv4Address Destination, byte Type);

        /// <summary>Records the client's DHCP messages as they leave (parsed by hand, not by DhcpRepr).</summary>
        private sealed class DhcpTap : ILink
        {
            private readonly ILink _inner;
            public readonly List<Sent> Sent = new();

            public DhcpTap(ILink inner) => _inner = inner;

            public int MaxFrameLength => _inner.MaxFrameLength;

            public int Receive(byte[] buffer, int offset, int count, long nowMs) => _inner.Receive(buffer, offset, count, nowMs);

            public long PollAt(long nowMs) => _inner.PollAt(nowMs);

            public bool Transmit(byte[] buffer, int offset, int length, long nowMs)
            {
                ReadOnlySpan<byte> f = buffer.AsSpan(offset, length);
                if (f.Length > 42 && f[12] == 0x08 && f[13] == 0x00 && f[23] == 17)
                {
                    int ip = 14;
                    int udp = ip + (f[ip] & 0x0F) * 4;
                    if (f[udp + 2] == 0 && f[udp + 3] == 67)
                    {
                        int o = udp + 8 + 240;
                        byte type = 0;
                        while (o + 1 < f.Length && f[o] != 255)
                        {
                            if (f[o] == 0)
                            {
                                o++;
                                continue;
                            }
                            if (f[o] == 53)
                            {
                                type = f[o + 2];
                            }
                            o += 2 + f[o + 1];
                        }
                        Sent.Add(new Sent(nowMs, MacAddress.Read(buffer, offset), Ipv4Address.Read(buffer, offset + ip + 12), Ipv4Address.Read(buffer, offset + ip + 16), type));
                    }
                }
                return _inner.Transmit(buffer, offset, length, nowMs);
            }
        }

        private sealed class Lan
        {
            public readonly VirtualClock Clock = new VirtualClock();
            public readonly EthernetSegment Segment = new EthernetSegment(latencyMs: 1, queueFrames: 64);
            public readonly EmulatedServicesNode Node;
            public readonly EmulatedDhcpServer Server;
            public readonly Interface Iface;
            public readonly DhcpClient Client;
            public readonly FaultInjectorLink Faults;
            public readonly DhcpTap Tap;
            public readonly PcapLink Pcap;
            public bool Measure;
            public long ClientAllocatedBytes;
            public long ClientPolls;

            public Lan(uint seed = 1, int lossPpm = 0, Stream pcap = null, bool tap = true)
            {
                Node = new EmulatedServicesNode(Segment, RouterMac, Router, 24);
                Server = Node.Add(new EmulatedDhcpServer(Node, PoolStart, 10, Dns, LeaseSeconds));
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
                if (tap)
                {
                    Tap = new DhcpTap(link);
                    link = Tap;
                }
                Iface = new Interface(new StackLimits(), link, ClientMac, new SeededEntropySource(seed));
                Client = new DhcpClient(Iface, new SeededEntropySource(seed + 1000), new DhcpLimits());
            }

            public long Now => Clock.NowMs;

            /// <summary>The device's loop (interface, then DHCP client) and the router node, once.</summary>
            public bool Step(out long next)
            {
                long now = Clock.NowMs;
                long before = Measure ? GC.GetAllocatedBytesForCurrentThread() : 0;
                bool a = Iface.Poll(now);
                bool b = Client.Poll(now);
                long t = Math.Min(Iface.PollAt(now), Client.PollAt(now));
                if (Measure)
                {
                    ClientAllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - before;
                    ClientPolls++;
                }
                bool c = Node.Poll(now);
                next = Math.Min(t, Node.PollAt(now));
                return a | b | c;
            }

            /// <summary>Polls until quiet, then jumps to the next deadline; until the condition holds or the time is up.</summary>
            public bool RunUntil(Func<bool> until, long limitMs)
            {
                long end = Clock.NowMs + limitMs;
                while (true)
                {
                    long next;
                    int rounds = 0;
                    while (Step(out next))
                    {
                        Assert.IsTrue(++rounds < 10_000, "the loop settles");
                        if (until())
                        {
                            return true;
                        }
                    }
                    if (until())
                    {
                        return true;
                    }
                    if (next > end)
                    {
                        if (Clock.NowMs < end)
                        {
                            Clock.AdvanceTo(end);
                            continue;
                        }
                        return false;
                    }
                    Clock.AdvanceTo(Math.Max(next, Clock.NowMs + 1));
                }
            }

            public void RunFor(long ms) => RunUntil(() => false, ms);

            public bool Bind(long limitMs = 10_000)
            {
                Assert.IsTrue(Client.Start(Clock.NowMs));
                return RunUntil(() => Client.State == DhcpState.Bound, limitMs);
            }
        }

        [TestMethod]
        public void ObtainsTheLeaseTheServerConfigured()
        {
            var lan = new Lan();
            Assert.IsTrue(lan.Bind());
            Assert.IsTrue(lan.Now < 100, "DISCOVER, OFFER, REQUEST, ACK within a few ms of virtual time: " + lan.Now);
            DhcpClient c = lan.Client;
            Assert.AreEqual(PoolStart, c.Address);
            Assert.AreEqual(24, c.PrefixLength);
            Assert.AreEqual(new Ipv4Address(255, 255, 255, 0), c.SubnetMask);
            Assert.AreEqual(Router, c.Router);
            Assert.AreEqual(1, c.DnsServerCount);
            Assert.AreEqual(Dns, c.DnsServer1);
            Assert.AreEqual(Router, c.ServerIdentifier);
            Assert.AreEqual((uint)LeaseSeconds, c.LeaseSeconds);
            Assert.AreEqual(300u, c.RenewalSeconds);
            Assert.AreEqual(525u, c.RebindingSeconds);
            Assert.AreEqual(1, c.LeaseChanges);
            Assert.AreEqual(DhcpError.None, c.LastError);

            Assert.AreEqual(PoolStart, lan.Iface.Address);
            Assert.AreEqual(24, lan.Iface.PrefixLength);
            Assert.AreEqual(Router, lan.Iface.Gateway);
            Assert.IsTrue(lan.Server.TryGetLease(ClientMac, out Ipv4Address leased, out long expires));
            Assert.AreEqual(PoolStart, leased);
            Assert.AreEqual(1, lan.Server.Offers);
            Assert.AreEqual(1, lan.Server.Acks);
            Assert.IsTrue(expires >= c.LeaseExpiresMs, "our lease ends no later than the server's");

            CollectionAssert.AreEqual(new byte[] { DhcpMessageType.Discover, DhcpMessageType.Request }, lan.Tap.Sent.ConvertAll(s => s.Type));
            Assert.IsTrue(lan.Tap.Sent.TrueForAll(s => s.Source == Ipv4Address.Any && s.Destination == Ipv4Address.Broadcast && s.EthernetDestination.IsBroadcast));

            // The configuration works: the router answers a ping through ARP.
            Assert.IsTrue(lan.Iface.Ping(lan.Now, Router, 1, 1, 32));
            Assert.IsTrue(lan.RunUntil(() => lan.Iface.TryGetPingReply(out _, out _), 1000));
        }

        [TestMethod]
        public void RenewsAtT1ByUnicastAndKeepsTheAddress()
        {
            var lan = new Lan();
            Assert.IsTrue(lan.Bind());
            long renewAt = lan.Client.RenewAtMs;
            Assert.IsTrue(lan.RunUntil(() => lan.Client.Counters.Acks == 2, 400_000));
            Assert.AreEqual(DhcpState.Bound, lan.Client.State);
            Sent renew = lan.Tap.Sent[2];
            Assert.AreEqual(DhcpMessageType.Request, renew.Type);
            Assert.IsTrue(renew.AtMs >= renewAt && renew.AtMs <= renewAt + 5, "RENEWING at T1 (plus the ARP exchange for the server's MAC): " + (renew.AtMs - renewAt));
            Assert.AreEqual(PoolStart, renew.Source);
            Assert.AreEqual(Router, renew.Destination, "unicast to the server (RFC 2131 §4.4.5)");
            Assert.AreEqual(RouterMac, renew.EthernetDestination);
            Assert.AreEqual(3, lan.Tap.Sent.Count, "no retransmission was needed");
            Assert.AreEqual(renewAt, lan.Client.LeaseStartMs);
            Assert.AreEqual(renewAt + 300_000, lan.Client.RenewAtMs);
            Assert.AreEqual(PoolStart, lan.Iface.Address);
            Assert.AreEqual(1, lan.Client.LeaseChanges, "a renewal that changes nothing is not a change");
            Assert.AreEqual(2, lan.Server.Acks);

            // And again, for a few lease periods.
            lan.RunFor(3 * LeaseSeconds * 1000L);
            Assert.AreEqual(DhcpState.Bound, lan.Client.State);
            Assert.IsTrue(lan.Server.Acks >= 7, "renewed every 300 s: " + lan.Server.Acks);
            Assert.AreEqual(0, lan.Client.Counters.Retransmissions);
        }

        [TestMethod]
        public void ALostDiscoverIsRetransmittedAfterFourSecondsOrSo()
        {
            var lan = new Lan();
            lan.Server.IgnoreNext = 1;
            Assert.IsTrue(lan.Bind());
            Assert.AreEqual(1, lan.Client.Counters.Retransmissions);
            long wait = lan.Tap.Sent[1].AtMs - lan.Tap.Sent[0].AtMs;
            Assert.IsTrue(wait >= 3000 && wait <= 5000, "4 s ± 1 s (RFC 2131 §4.1): " + wait);
            Assert.AreEqual(DhcpMessageType.Discover, lan.Tap.Sent[1].Type);
            Assert.AreEqual(PoolStart, lan.Client.Address);
        }

        [TestMethod]
        public void ALostRequestIsRetransmitted()
        {
            var lan = new Lan();
            Assert.IsTrue(lan.Client.Start(0));
            Assert.IsTrue(lan.RunUntil(() => lan.Client.State == DhcpState.Requesting, 1000));
            lan.Server.IgnoreNext = 1;
            Assert.IsTrue(lan.RunUntil(() => lan.Client.State == DhcpState.Bound, 10_000));
            CollectionAssert.AreEqual(new byte[] { 1, 3, 3 }, lan.Tap.Sent.ConvertAll(s => s.Type));
        }

        [TestMethod]
        public void NakRestartsAndTheNextAttemptSucceeds()
        {
            var lan = new Lan();
            lan.Server.NakNext = 1;
            Assert.IsTrue(lan.Bind());
            Assert.AreEqual(1, lan.Server.Naks);
            Assert.AreEqual(1, lan.Client.Counters.Naks);
            Assert.AreEqual(DhcpError.Nak, lan.Client.LastError, "sticky after recovery");
            CollectionAssert.AreEqual(new byte[] { 1, 3, 1, 3 }, lan.Tap.Sent.ConvertAll(s => s.Type));
            Assert.AreEqual(PoolStart, lan.Iface.Address);

            // A NAK at renewal takes the address away; discovery gets it back.
            lan.Server.NakNext = 1;
            Assert.IsTrue(lan.RunUntil(() => lan.Client.Counters.Naks == 2, 400_000));
            Assert.AreEqual(Ipv4Address.Any, lan.Iface.Address, "cleared on NAK (RFC 2131 §4.4.5)");
            Assert.IsTrue(lan.RunUntil(() => lan.Client.State == DhcpState.Bound, 10_000));
            Assert.AreEqual(3, lan.Client.LeaseChanges);
            Assert.AreEqual(PoolStart, lan.Iface.Address);
        }

        [TestMethod]
        public void ALeaseThatCannotBeRenewedExpiresAndIsRecoveredWhenTheServerReturns()
        {
            var lan = new Lan();
            Assert.IsTrue(lan.Bind());
            long expires = lan.Client.LeaseExpiresMs;
            lan.Server.IgnoreNext = int.MaxValue; // the server is gone
            Assert.IsTrue(lan.RunUntil(() => lan.Client.LastError == DhcpError.LeaseExpired, 700_000));
            Assert.AreEqual(expires, lan.Now, "the address goes at the lease's end exactly");
            Assert.AreEqual(Ipv4Address.Any, lan.Iface.Address);
            Assert.IsTrue(lan.Tap.Sent.Exists(s => s.Type == DhcpMessageType.Request && s.Destination == Router), "RENEWING unicast");
            Assert.IsTrue(lan.Tap.Sent.Exists(s => s.Type == DhcpMessageType.Request && s.Destination == Ipv4Address.Broadcast && s.Source == PoolStart), "REBINDING broadcast");

            // The client keeps trying through NoOffer pauses; the server comes back.
            Assert.IsFalse(lan.RunUntil(() => lan.Client.State == DhcpState.Bound, 300_000));
            Assert.AreEqual(DhcpError.NoOffer, lan.Client.LastError);
            lan.Server.IgnoreNext = 0;
            Assert.IsTrue(lan.RunUntil(() => lan.Client.State == DhcpState.Bound, 200_000));
            Assert.AreEqual(PoolStart, lan.Iface.Address);
            Assert.AreEqual(3, lan.Client.LeaseChanges);
        }

        [TestMethod]
        public void TenPercentFrameLossBothWays()
        {
            for (uint seed = 1; seed <= 5; seed++)
            {
                var lan = new Lan(seed, lossPpm: 100_000);
                Assert.IsTrue(lan.Bind(400_000), "seed " + seed);
                lan.RunFor(6 * LeaseSeconds * 1000L);
                Assert.IsTrue(lan.Client.HasLease, "seed " + seed + ": " + lan.Client.State);
                Assert.AreEqual(1, lan.Client.LeaseChanges, "seed " + seed + ": never lost");
                Assert.AreEqual(PoolStart, lan.Iface.Address);
                Assert.IsTrue(lan.Client.Counters.Acks >= 10, "seed " + seed + ": renewed " + lan.Client.Counters.Acks);
                Assert.IsTrue(lan.Faults.Outbound.Lost + lan.Faults.Inbound.Lost > 0, "loss happened");
            }
        }

        [TestMethod]
        public void ReleaseGivesTheLeaseBack()
        {
            var lan = new Lan();
            Assert.IsTrue(lan.Bind());
            lan.Client.Release(lan.Now);
            lan.RunFor(100);
            Assert.AreEqual(1, lan.Server.Releases);
            Assert.IsFalse(lan.Server.TryGetLease(ClientMac, out _, out _));
            Assert.AreEqual(DhcpState.Stopped, lan.Client.State);
            Assert.AreEqual(Ipv4Address.Any, lan.Iface.Address);
            Sent release = lan.Tap.Sent[^1];
            Assert.AreEqual(DhcpMessageType.Release, release.Type);
            Assert.AreEqual(Router, release.Destination);
            Assert.AreEqual(PoolStart, release.Source);
        }

        [TestMethod]
        public void NothingIsAllocatedPerPollOverAFullRenewCycle()
        {
            var lan = new Lan(tap: false);
            Assert.IsTrue(lan.Bind());
            // Warm-up: one renewal (first calls, ARP for the server).
            Assert.IsTrue(lan.RunUntil(() => lan.Client.Counters.Acks == 2, 400_000));
            lan.Measure = true;
            Assert.IsTrue(lan.RunUntil(() => lan.Client.Counters.Acks == 3, 400_000));
            lan.RunFor(1000);
            lan.Measure = false;
            Assert.AreEqual(DhcpState.Bound, lan.Client.State);
            Assert.IsTrue(lan.ClientPolls > 5, "polls measured: " + lan.ClientPolls);
            Assert.AreEqual(0L, lan.ClientAllocatedBytes, "bytes allocated by Interface/DhcpClient Poll and PollAt over " + lan.ClientPolls + " polls");
        }

        [TestMethod]
        public void TsharkReadsTheClientsExchangeWithoutComplaint()
        {
            string tshark = File.Exists("/usr/bin/tshark") ? "/usr/bin/tshark" : null;
            TestEnvironment.Require(tshark != null, "tshark (apt-get install tshark)");
            string path = Path.Combine(Path.GetTempPath(), "nanostack-dhcp-" + Guid.NewGuid().ToString("N") + ".pcap");
            try
            {
                using (FileStream file = File.Create(path))
                {
                    var lan = new Lan(pcap: file);
                    Assert.IsTrue(lan.Bind());
                    Assert.IsTrue(lan.RunUntil(() => lan.Client.Counters.Acks == 2, 400_000));
                    lan.Client.Release(lan.Now);
                    lan.RunFor(100);
                    lan.Pcap.Dispose();
                }
                string fields = Run(tshark, "-n -r " + path + " -Y dhcp -T fields -E separator=; -e dhcp.option.dhcp -e ip.src -e ip.dst -e dhcp.ip.client -e dhcp.option.requested_ip_address -e dhcp.option.dhcp_server_id -e dhcp.hw.mac_addr");
                string[] lines = fields.Trim().Split('\n');
                // Client messages show the MAC twice: chaddr and the client identifier (type 1 + MAC).
                string[] expected =
                {
                    "1;0.0.0.0;255.255.255.255;0.0.0.0;;;02:00:5e:00:00:10,02:00:5e:00:00:10",
                    "2;192.0.2.1;255.255.255.255;0.0.0.0;;192.0.2.1;02:00:5e:00:00:10",
                    "3;0.0.0.0;255.255.255.255;0.0.0.0;192.0.2.100;192.0.2.1;02:00:5e:00:00:10,02:00:5e:00:00:10",
                    "5;192.0.2.1;255.255.255.255;0.0.0.0;;192.0.2.1;02:00:5e:00:00:10",
                    "3;192.0.2.100;192.0.2.1;192.0.2.100;;;02:00:5e:00:00:10,02:00:5e:00:00:10",
                    "5;192.0.2.1;192.0.2.100;192.0.2.100;;192.0.2.1;02:00:5e:00:00:10",
                    "7;192.0.2.100;192.0.2.1;192.0.2.100;;192.0.2.1;02:00:5e:00:00:10,02:00:5e:00:00:10",
                };
                CollectionAssert.AreEqual(expected, lines, fields);
                string list = Run(tshark, "-n -r " + path + " -Y \"dhcp.option.dhcp == 1\" -T fields -e dhcp.option.request_list_item");
                StringAssert.StartsWith(list.Trim(), "1,3,6,51,54,58,59", list);
                string expert = Run(tshark, "-n -r " + path + " -o udp.check_checksum:TRUE -o ip.check_checksum:TRUE -z expert,warn -q");
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
