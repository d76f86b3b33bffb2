using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Link;
using NanoStack.Sockets;
using NanoStack.Wire;

namespace NanoStack.Host.Tests.Core
{
    /// <summary>
    /// Hostile TCP peers against the whole stack on the emulator (virtual clock): a raw frame
    /// injector and sniffer (<see cref="RawTcpPeer"/>) on the segment floods, injects blind
    /// segments (RFC 5961), drives a connection across the 2^32 sequence wrap, announces an MSS of
    /// 1, holds a zero window forever, vanishes mid-transfer and sends overlapping data that
    /// disagrees with itself. The segment-level checks of the same rules are in
    /// tests/NanoStack.Tests/Core/Tcp*Tests.cs; these go through ARP, IPv4, demultiplexing, the
    /// listener's backlog and the poll loop, and assert what reaches the wire.
    /// </summary>
    [TestClass]
    public sealed class TcpHostilePeerTests
    {
        private const ushort ServerPort = 8080;

        /// <summary>The captures and long runs leave much garbage: collect it here, so that no
        /// collection falls into the allocation measurement of a test that runs after these.</summary>
        [TestCleanup]
        public void CollectGarbage()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }
        private static readonly MacAddress MacX = new(0x02, 0, 0, 0, 0, 0x0C);
        private static readonly Ipv4Address AddressX = new(192, 0, 2, 30);

        // ------------------------------------------------------------------ SYN flood

        [TestMethod]
        public void SynFloodFromSpoofedSourcesKeepsTheBacklogBoundedAllocatesNothingAndALegitimateClientGetsIn()
        {
            var limits = new StackLimits { MaxTcpSockets = 4, TcpListenBacklog = 2 };
            var pair = new StackPair(limits);
            var attacker = new RawTcpPeer(pair.Segment, MacX, AddressX) { Record = false };
            int listener = pair.B.TcpOpen();
            var log = new TcpStateLog(64);
            TcpSocket l = pair.B.GetTcp(listener);
            l.SynUserTimeoutMs = 10_000; // the children must inherit it (Interface.AcceptSyn)
            l.StateLog = log;
            pair.B.TcpListen(listener, ServerPort);
            int baseline = pair.B.TcpSocketsInUse;
            Assert.AreEqual(1, baseline);

            const int Syns = 5_000;
            int maxInUse = 0;
            // Distinct spoofed 4-tuples: 100 on-link addresses nobody answers ARP for × 50 ports.
            void Flood(int from, int to)
            {
                for (int i = from; i < to; i++)
                {
                    var src = new Ipv4Address(192, 0, 2, (byte)(100 + i % 100));
                    TcpRepr syn = RawTcpPeer.Segment((ushort)(1024 + i / 100), ServerPort, (uint)i * 7919u, 0, TcpFlags.Syn, 65535, 0, 1460);
                    attacker.Send(pair.Now, MacX, StackPair.MacB, src, StackPair.AddressB, ref syn);
                    if (i % 32 == 31)
                    {
                        pair.Clock.Advance(1);
                        pair.PollOnce();
                        attacker.Drain(pair.Now);
                        maxInUse = Math.Max(maxInUse, pair.B.TcpSocketsInUse);
                    }
                }
            }

            Flood(0, 200); // warm-up: JIT, first ARP misses
            long before = GC.GetAllocatedBytesForCurrentThread();
            Flood(200, Syns);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            pair.Clock.Advance(1);
            pair.PollOnce();
            attacker.Drain(pair.Now);
            Console.WriteLine($"{Syns} SYNs in {pair.Now} ms: {allocated} B allocated, backlog drops {pair.B.Counters.DroppedBacklogFull}, " +
                $"ARP requests {attacker.ArpRequestsSeen}, ARP evictions {pair.B.Counters.ArpEvictions}");

            Assert.AreEqual(0L, allocated, "the flood allocates nothing in the stack");
            Assert.AreEqual(baseline + limits.TcpListenBacklog, maxInUse, "half-open connections never exceed the backlog");
            Assert.AreEqual(baseline + limits.TcpListenBacklog, pair.B.TcpSocketsInUse);
            Assert.AreEqual(Syns - limits.TcpListenBacklog, pair.B.Counters.DroppedBacklogFull, "every SYN beyond the backlog is dropped and counted");
            Assert.AreEqual(TcpState.Listen, l.State);

            // The legitimate client connects while the backlog is still full: its first SYN is
            // dropped, a retransmission gets in once the half-open entries reached their 10 s.
            long connectAt = pair.Now;
            int client = pair.A.TcpOpen();
            Assert.AreEqual(TcpError.None, pair.A.TcpConnect(pair.Now, client, StackPair.AddressB, ServerPort));
            int server = -1;
            bool accepted = Run(pair, attacker, null, () => (server = server >= 0 ? server : pair.B.TcpAccept(listener)) >= 0
                && pair.A.GetTcp(client).State == TcpState.Established, 60_000);
            Assert.IsTrue(accepted, $"legitimate client accepted (client {pair.A.GetTcp(client).State} {pair.A.GetTcp(client).Error})");
            Assert.IsTrue(pair.B.Counters.DroppedBacklogFull > Syns - limits.TcpListenBacklog, "the client's first SYN met the full backlog");

            // The half-open children were timed out by the inherited SYN user timeout, not by the
            // default 3 minutes.
            int childTimeouts = 0;
            for (int i = 0; i < log.Total; i++)
            {
                Assert.IsTrue(log.TryGet(i, out long at, out int id, out TcpState fromState, out TcpState toState));
                if (fromState == TcpState.SynReceived && toState == TcpState.Closed)
                {
                    childTimeouts++;
                    Assert.IsTrue(at >= 10_000 && at < 20_000, $"half-open socket {id} closed at {at} ms");
                }
            }
            Assert.AreEqual(limits.TcpListenBacklog, childTimeouts);
            Assert.IsTrue(pair.Now - connectAt < 20_000, $"accepted {pair.Now - connectAt} ms after connect");
            Assert.AreEqual(baseline + 1, pair.B.TcpSocketsInUse, "listener + the accepted connection; the half-open ones are gone");

            // And the connection works.
            byte[] data = Pattern(1000, 5);
            Assert.AreEqual(data.Length, pair.A.GetTcp(client).Send(data, 0, data.Length));
            var got = new byte[data.Length];
            int n = 0;
            Assert.IsTrue(Run(pair, attacker, null, () => (n += pair.B.GetTcp(server).Receive(got, n, got.Length - n)) == data.Length, 10_000));
            CollectionAssert.AreEqual(data, got);
        }

        // ------------------------------------------------------------------ RFC 5961 blind injection

        [TestMethod]
        public void BlindInjectionIsAnsweredPerRfc5961AndTheConnectionSurvives()
        {
            var pair = new StackPair();
            var sniffer = new RawTcpPeer(pair.Segment, MacX, AddressX);
            var (client, server) = TcpWholeStackTests.Connect(pair);
            TcpSocket c = pair.A.GetTcp(client), s = pair.B.GetTcp(server);
            // Some data each way so that both sides have sent more than the handshake.
            Exchange(pair, sniffer, c, s, 300, 200);
            long resetsBefore = pair.B.Counters.TcpResetsSent;

            uint rcvNxt = NextSeq(sniffer, StackPair.AddressA);  // B's RCV.NXT: after A's last byte
            uint sndNxt = NextSeq(sniffer, StackPair.AddressB);  // B's SND.NXT
            ushort window = LastFrom(sniffer, StackPair.AddressB).Tcp.Window;
            Assert.IsTrue(window > 1000, "B announces an open window");

            // a) RST inside the window but not at RCV.NXT: challenge ACK, connection stays.
            var answers = Inject(pair, sniffer, c, rcvNxt + 1, 0, TcpFlags.Rst);
            AssertChallengeAck(answers, sndNxt, rcvNxt);
            Assert.AreEqual(1, s.ChallengeAcks);
            Assert.AreEqual(TcpState.Established, s.State);

            // b) RST out of the window (right of it, and left of RCV.NXT): silently dropped.
            Assert.AreEqual(0, Inject(pair, sniffer, c, rcvNxt + window + 1000u, 0, TcpFlags.Rst).Count);
            Assert.AreEqual(0, Inject(pair, sniffer, c, rcvNxt - 1, 0, TcpFlags.Rst).Count);
            Assert.AreEqual(1, s.ChallengeAcks);
            Assert.AreEqual(TcpState.Established, s.State);

            // c) SYN inside the window on an established connection: challenge ACK, not RST.
            AssertChallengeAck(Inject(pair, sniffer, c, rcvNxt + 5, 0, TcpFlags.Syn), sndNxt, rcvNxt);
            Assert.AreEqual(2, s.ChallengeAcks);
            Assert.AreEqual(TcpState.Established, s.State);
            Assert.AreEqual(resetsBefore, pair.B.Counters.TcpResetsSent, "no RST for an in-window SYN");

            // d) data whose ACK acknowledges what B never sent: ACK, data dropped (RFC 9293 §3.10.7.4).
            byte[] evil = Pattern(10, 66);
            AssertChallengeAck(Inject(pair, sniffer, c, rcvNxt, sndNxt + 5000, TcpFlags.Ack | TcpFlags.Psh, evil), sndNxt, rcvNxt);
            Assert.AreEqual(2, s.ChallengeAcks, "an ACK beyond SND.MAX is answered with a plain ACK, not counted as a challenge");
            //    data whose ACK is older than SND.UNA − MAX.SND.WND: challenge ACK, data dropped (RFC 5961 §5.2).
            AssertChallengeAck(Inject(pair, sniffer, c, rcvNxt, sndNxt - 200_000, TcpFlags.Ack | TcpFlags.Psh, evil), sndNxt, rcvNxt);
            Assert.AreEqual(3, s.ChallengeAcks);
            Assert.AreEqual(0, s.ReceiveQueueLength, "no injected byte was accepted");

            // e) the rate limit: 25 in-window RSTs within 50 ms of a fresh second → 10
            //    challenge ACKs on the wire (RFC 5961 §7), 15 suppressed.
            pair.Clock.Advance(1_001);
            int acksBefore = s.ChallengeAcks, suppressedBefore = s.ChallengeAcksSuppressed;
            int onWire = 0;
            for (int i = 0; i < 25; i++)
            {
                onWire += Inject(pair, sniffer, c, rcvNxt + 1 + (uint)i, 0, TcpFlags.Rst, null, settleMs: 2).Count;
            }
            Assert.AreEqual(TcpSocket.ChallengeAckLimit, s.ChallengeAcks - acksBefore);
            Assert.AreEqual(25 - TcpSocket.ChallengeAckLimit, s.ChallengeAcksSuppressed - suppressedBefore);
            Assert.AreEqual(TcpSocket.ChallengeAckLimit, onWire);
            Assert.AreEqual(TcpState.Established, s.State);
            pair.Clock.Advance(1_000);
            Assert.AreEqual(1, Inject(pair, sniffer, c, rcvNxt + 1, 0, TcpFlags.Rst).Count, "a new second, a new budget");

            // f) after all that the connection still carries data both ways, intact.
            Exchange(pair, sniffer, c, s, 500, 500);
            Assert.AreEqual(TcpError.None, c.Error);
            Assert.AreEqual(TcpError.None, s.Error);

            // g) an RST exactly at RCV.NXT resets.
            rcvNxt = NextSeq(sniffer, StackPair.AddressA);
            Assert.AreEqual(0, Inject(pair, sniffer, c, rcvNxt, 0, TcpFlags.Rst).Count);
            Assert.AreEqual(TcpState.Closed, s.State);
            Assert.AreEqual(TcpError.Reset, s.Error);
        }

        private static void AssertChallengeAck(List<CapturedSegment> answers, uint sndNxt, uint rcvNxt)
        {
            Assert.AreEqual(1, answers.Count, string.Join("\n", answers));
            CapturedSegment a = answers[0];
            Assert.AreEqual(TcpFlags.Ack, a.Tcp.Flags, a.ToString());
            Assert.AreEqual(sndNxt, a.Seq, "SEQ = SND.NXT");
            Assert.AreEqual(rcvNxt, a.Ack, "ACK = RCV.NXT");
            Assert.AreEqual(0, a.Payload.Length);
        }

        /// <summary>Injects one segment that claims to come from A's side of the connection and
        /// returns what B sent (to anyone) in reaction during the next <paramref name="settleMs"/> ms.</summary>
        private static List<CapturedSegment> Inject(StackPair pair, RawTcpPeer peer, TcpSocket a, uint seq, uint ack, byte flags, byte[] data = null, int settleMs = 5)
        {
            peer.Drain(pair.Now);
            int mark = peer.Captured.Count;
            TcpRepr seg = RawTcpPeer.Segment(a.LocalPort, a.RemotePort, seq, ack, flags, 2920, data?.Length ?? 0);
            peer.Send(pair.Now, StackPair.MacA, StackPair.MacB, StackPair.AddressA, StackPair.AddressB, ref seg, data, 0);
            for (int i = 0; i < settleMs; i++)
            {
                pair.Clock.Advance(1);
                pair.PollOnce();
                peer.Drain(pair.Now);
            }
            return peer.Captured.Skip(mark).Where(x => x.Source == StackPair.AddressB).ToList();
        }

        private static void Exchange(StackPair pair, RawTcpPeer peer, TcpSocket c, TcpSocket s, int up, int down)
        {
            byte[] u = Pattern(up, up), d = Pattern(down, down + 1);
            Assert.AreEqual(up, c.Send(u, 0, up));
            Assert.AreEqual(down, s.Send(d, 0, down));
            var gu = new byte[up];
            var gd = new byte[down];
            int nu = 0, nd = 0;
            Assert.IsTrue(Run(pair, peer, null, () =>
            {
                nu += s.Receive(gu, nu, up - nu);
                nd += c.Receive(gd, nd, down - nd);
                return nu == up && nd == down && c.SendQueueLength == 0 && s.SendQueueLength == 0;
            }, 10_000));
            // Let the delayed ACKs go out so the sniffer knows both sides' next sequence numbers.
            Run(pair, peer, null, () => false, 1_000);
            CollectionAssert.AreEqual(u, gu);
            CollectionAssert.AreEqual(d, gd);
        }

        private static uint NextSeq(RawTcpPeer peer, Ipv4Address from)
        {
            uint best = 0;
            bool any = false;
            foreach (CapturedSegment x in peer.Captured)
            {
                if (x.Source != from || x.Has(TcpFlags.Rst))
                {
                    continue;
                }
                uint next = x.Seq + (uint)x.Tcp.SegmentLength;
                if (!any || SeqNumber.GreaterThan(next, best))
                {
                    best = next;
                    any = true;
                }
            }
            Assert.IsTrue(any);
            return best;
        }

        private static CapturedSegment LastFrom(RawTcpPeer peer, Ipv4Address from) => peer.Captured.Last(x => x.Source == from);

        // ------------------------------------------------------------------ sequence wrap

        [TestMethod]
        public void TwoHundredFiftySixKilobytesEachWayAcrossTheSequenceNumberWrap()
        {
            // The ISNs are M + F(4-tuple) (RFC 6528); with the seeds known, F is known, so the
            // connect time and local port can be chosen to put both ISNs just below 2^32. The
            // passive side computes its ISN when the SYN arrives, a few milliseconds later.
            const uint Low = 0xFFFF_0000u - 200_000u, High = 0xFFFF_0000u;
            uint seed = 0;
            ushort localPort = 0;
            long connectAt = 0;
            for (uint candidate = 1; candidate < 50 && localPort == 0; candidate++)
            {
                var isnA = new TcpIsnGenerator(new SeededEntropySource(candidate));
                var isnB = new TcpIsnGenerator(new SeededEntropySource(candidate + 100));
                for (int p = 1024; p < 65536; p++)
                {
                    uint hA = isnA.Next(0, StackPair.AddressA, (ushort)p, StackPair.AddressB, ServerPort);
                    long t = (long)Math.Ceiling((uint)(Low + 100_000u - hA) / 250.0) + 1;
                    uint issA = isnA.Next(t, StackPair.AddressA, (ushort)p, StackPair.AddressB, ServerPort);
                    bool ok = true;
                    for (long d = 0; d <= 20 && ok; d++)
                    {
                        uint issB = isnB.Next(t + d, StackPair.AddressB, ServerPort, StackPair.AddressA, (ushort)p);
                        ok = issB >= Low && issB < High;
                    }
                    if (ok && issA >= Low && issA < High)
                    {
                        seed = candidate;
                        localPort = (ushort)p;
                        connectAt = t;
                        break;
                    }
                }
            }
            Assert.AreNotEqual(0, localPort, "a port and time that put both ISNs below the wrap");

            var pair = new StackPair(seed: seed);
            var sniffer = new RawTcpPeer(pair.Segment, MacX, AddressX);
            pair.Clock.AdvanceTo(connectAt);
            int listener = pair.B.TcpOpen();
            pair.B.TcpListen(listener, ServerPort);
            int client = pair.A.TcpOpen();
            TcpSocket c = pair.A.GetTcp(client);
            c.Connect(pair.Now, StackPair.AddressA, localPort, StackPair.AddressB, ServerPort);
            int server = -1;
            Assert.IsTrue(Run(pair, sniffer, null, () => (server = server >= 0 ? server : pair.B.TcpAccept(listener)) >= 0 && c.State == TcpState.Established, 10_000));
            TcpSocket s = pair.B.GetTcp(server);
            CapturedSegment syn = sniffer.Captured.First(x => x.Has(TcpFlags.Syn) && !x.Has(TcpFlags.Ack));
            CapturedSegment synAck = sniffer.Captured.First(x => x.Has(TcpFlags.Syn) && x.Has(TcpFlags.Ack));
            Console.WriteLine($"seed {seed}, port {localPort}, t {connectAt} ms: ISS A 0x{syn.Seq:x8}, ISS B 0x{synAck.Seq:x8}");
            Assert.IsTrue(syn.Seq >= Low && syn.Seq < High, $"client ISS 0x{syn.Seq:x8}");
            Assert.IsTrue(synAck.Seq >= Low && synAck.Seq < High, $"server ISS 0x{synAck.Seq:x8}");

            const int Size = 256 * 1024;
            byte[] up = Pattern(Size, 11), down = Pattern(Size, 12);
            var gotUp = new byte[Size];
            var gotDown = new byte[Size];
            int sentUp = 0, sentDown = 0, recvUp = 0, recvDown = 0;
            Assert.IsTrue(Run(pair, sniffer, null, () =>
            {
                sentUp += c.Send(up, sentUp, Size - sentUp);
                sentDown += s.Send(down, sentDown, Size - sentDown);
                recvUp += s.Receive(gotUp, recvUp, Size - recvUp);
                recvDown += c.Receive(gotDown, recvDown, Size - recvDown);
                return recvUp == Size && recvDown == Size;
            }, 600_000), $"transfer: up {recvUp}, down {recvDown}, states {c.State}/{s.State}");
            CollectionAssert.AreEqual(up, gotUp);
            CollectionAssert.AreEqual(down, gotDown);
            foreach (Ipv4Address from in new[] { StackPair.AddressA, StackPair.AddressB })
            {
                var data = sniffer.Captured.Where(x => x.Source == from && x.Payload.Length > 0).ToList();
                Assert.IsTrue(data.Any(x => x.Seq >= Low), "data sent before the wrap");
                Assert.IsTrue(data.Any(x => x.Seq < 0x0003_0000u), "data sent after the wrap");
                Assert.IsTrue(data.Any(x => x.Seq > 0x8000_0000u && x.Seq + (uint)x.Payload.Length < 0x8000_0000u), "a segment straddling 2^32");
            }
            Assert.IsFalse(sniffer.Captured.Any(x => x.Has(TcpFlags.Rst)), "no RST");
            Assert.AreEqual(0, c.Retransmissions + s.Retransmissions, "no spurious retransmission at the wrap");

            pair.A.TcpClose(client);
            pair.B.TcpClose(server);
            Assert.IsTrue(Run(pair, sniffer, null, () => pair.A.TcpSocketsInUse == 0 && pair.B.TcpSocketsInUse == 1, 300_000), "closed across the wrap");
        }

        // ------------------------------------------------------------------ MSS 1

        [TestMethod]
        public void PeerAnnouncingMss1GetsSegmentsOfTheSixtyFourByteFloorAndDataStillFlows()
        {
            var pair = new StackPair();
            int listener = ListenOnB(pair);
            var x = new RawClient(pair, iss: 0x1234_5678, window: 65535);
            Assert.IsTrue(x.Connect(mss: 1));
            int server = Accept(x, listener);
            Assert.IsTrue(server >= 0);
            TcpSocket s = pair.B.GetTcp(server);
            // TcpSocket.TakeSynOptions: an announced MSS below 64 is raised to 64, as Linux raises
            // it to 48 (tcp_min_snd_mss), so a hostile MSS cannot make a segment per byte (40 bytes of
            // header for each byte of data).
            Assert.AreEqual(64, s.SendMss);

            byte[] data = Pattern(2000, 3);
            int sent = 0;
            Assert.IsTrue(x.Run(() => (sent += s.Send(data, sent, data.Length - sent)) == data.Length && x.Received.Count == data.Length, 60_000));
            CollectionAssert.AreEqual(data, x.Received.ToArray());
            var segments = x.FromStack.Where(v => v.Payload.Length > 0).ToList();
            Assert.IsTrue(segments.All(v => v.Payload.Length <= 64), "never more than the (floored) MSS");
            Assert.AreEqual((data.Length + 63) / 64, segments.Count, "full 64-byte segments, no retransmission");
            Assert.AreEqual(0, s.Retransmissions);

            // The hostile peer itself sends one byte per segment: the stack takes them all.
            byte[] tiny = Pattern(300, 4);
            for (int i = 0; i < tiny.Length; i++)
            {
                x.SendData(tiny, i, 1);
            }
            var got = new byte[tiny.Length];
            int n = 0;
            Assert.IsTrue(x.Run(() => (n += s.Receive(got, n, got.Length - n)) == tiny.Length, 10_000));
            CollectionAssert.AreEqual(tiny, got);
            Assert.AreEqual(TcpState.Established, s.State);
            Assert.AreEqual(TcpError.None, s.Error);
        }

        // ------------------------------------------------------------------ zero window forever

        [TestMethod]
        public void WindowHeldAtZeroForeverIsProbedWithBoundedBackoffWithoutGrowthAndAbortEndsIt()
        {
            var pair = new StackPair();
            int listener = ListenOnB(pair);
            var x = new RawClient(pair, iss: 7, window: 0);
            Assert.IsTrue(x.Connect(mss: 1460));
            int server = Accept(x, listener);
            TcpSocket s = pair.B.GetTcp(server);
            byte[] data = Pattern(1000, 9);
            Assert.AreEqual(1000, s.Send(data, 0, 1000));
            uint una = x.RcvNxt;

            // One virtual hour and more, every probe answered with a zero window.
            Func<bool> never = () => false; // one delegate, created before the measurement
            Assert.IsFalse(x.Run(never, 1_800_000));
            x.StopRecording();
            Assert.IsFalse(x.Run(never, 600_000)); // warm the allocation-free path
            long before = GC.GetAllocatedBytesForCurrentThread();
            int probesBefore = x.Probes.Count;
            Assert.IsFalse(x.Run(never, 1_800_000));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            int probesInSecondHalf = x.Probes.Count - probesBefore;

            var intervals = new List<long>();
            for (int i = 1; i < x.Probes.Count; i++)
            {
                intervals.Add(x.Probes[i] - x.Probes[i - 1]);
            }
            Console.WriteLine($"{x.Probes.Count} probes, intervals {string.Join(" ", intervals)}; {allocated} B in the second half hour");
            Assert.AreEqual(0L, allocated, "probing allocates nothing");
            Assert.IsTrue(x.ProbeSeqs.All(q => q == una), "every probe carries the first unsent byte");
            Assert.IsTrue(x.ProbeBytes.All(b => b == data[0]));
            // The persist timer, then the RTO doubling from 1 s (RFC 6298 §5.5), capped at 60 s.
            CollectionAssert.AreEqual(new long[] { 1000, 2000, 4000, 8000, 16000, 32000 }, intervals.Take(6).ToArray());
            Assert.IsTrue(intervals.Skip(6).All(v => v == TcpSocket.MaxRtoMs), "then one probe every 60 s");
            Assert.AreEqual(1_800_000 / TcpSocket.MaxRtoMs, probesInSecondHalf, 1, "one probe a minute");
            Assert.AreEqual(TcpState.Established, s.State, "answered probes keep the connection (RFC 9293 §3.8.6.1)");
            Assert.AreEqual(1000, s.SendQueueLength);

            // The application gives up: RST at SND.NXT, Aborted, the handle released.
            x.Peer.Record = true;
            pair.B.TcpAbort(server);
            Assert.AreEqual(TcpError.Aborted, s.Error);
            Assert.AreEqual(TcpState.Closed, s.State);
            Assert.IsTrue(x.Run(() => pair.B.TcpSocketsInUse == 1 && x.FromStack.Last().Has(TcpFlags.Rst), 1_000), "the handle is released once the RST is out");
            CapturedSegment rst = x.FromStack.Last();
            Assert.AreEqual(TcpFlags.Rst, rst.Tcp.Flags, rst.ToString());
            Assert.AreEqual(una + 1, rst.Seq, "RST at SND.NXT (the probe byte is in flight)");
        }

        [TestMethod]
        public void ZeroWindowPeerThatStopsAnsweringTimesOutAtTheUserTimeout()
        {
            var pair = new StackPair();
            var log = new TcpStateLog(16);
            int listener = ListenOnB(pair, l =>
            {
                l.UserTimeoutMs = 120_000;
                l.StateLog = log;
            });
            var x = new RawClient(pair, iss: 99, window: 0);
            Assert.IsTrue(x.Connect(mss: 1460));
            int server = Accept(x, listener);
            TcpSocket s = pair.B.GetTcp(server);
            Assert.AreEqual(120_000, s.UserTimeoutMs, "inherited from the listener");
            s.Send(Pattern(100, 1), 0, 100);
            Assert.IsFalse(x.Run(() => false, 600_000));
            Assert.AreEqual(TcpState.Established, s.State);
            long lastAnswer = x.LastAckSentMs;
            x.AckData = false; // silent from now on
            Assert.IsTrue(x.Run(() => s.State == TcpState.Closed, 600_000));
            Assert.AreEqual(TcpError.TimedOut, s.Error);
            long closedAt = ClosedAt(log, server);
            var after = x.Probes.Where(t => t > lastAnswer).ToList();
            Console.WriteLine($"last answer {lastAnswer} ms, probes after it {string.Join(" ", after)}, closed {closedAt} ms");
            // R2 counts from the last ACK B processed (one latency after the answer was sent); B
            // checks it when a backed-off timeout (60 s by now) expires.
            long lastAckAtB = lastAnswer + pair.Segment.LatencyMs;
            Assert.IsTrue(closedAt - lastAckAtB >= s.UserTimeoutMs, "not before the user timeout");
            Assert.IsTrue(closedAt - TcpSocket.MaxRtoMs - lastAckAtB < s.UserTimeoutMs, "at the first timeout after it");
            Assert.AreEqual(s.UserTimeoutMs / TcpSocket.MaxRtoMs, after.Count, "probing went on until then");
            pair.B.TcpRelease(server);
            Assert.AreEqual(1, pair.B.TcpSocketsInUse);
        }

        // ------------------------------------------------------------------ vanishing peer

        [TestMethod]
        public void PeerVanishingMidTransferEndsInTimedOutAtTheUserTimeoutAndFreesTheSocket()
        {
            FaultInjectorLink faultB = null;
            // B's receive ring is larger than what A may have in flight, so B's window never closes
            // and B vanishes with A's data in flight (not behind a zero window).
            var limits = new StackLimits { TcpReceiveBufferSize = 16 * 1460 };
            var pair = new StackPair(limits, decorateB: l => faultB = new FaultInjectorLink(l, 3, 512, 1 << 20));
            var sniffer = new RawTcpPeer(pair.Segment, MacX, AddressX);
            var log = new TcpStateLog(16);
            int baselineA = pair.A.TcpSocketsInUse;
            var (client, server) = TcpWholeStackTests.Connect(pair);
            TcpSocket c = pair.A.GetTcp(client), s = pair.B.GetTcp(server);
            c.UserTimeoutMs = 20_000;
            c.StateLog = log;
            c.Id = 77;
            byte[] data = Pattern(64 * 1024, 21);
            int sent = 0, received = 0;
            var sink = new byte[data.Length];
            Assert.IsTrue(Run(pair, sniffer, null, () =>
            {
                sent += c.Send(data, sent, data.Length - sent);
                received += s.Receive(sink, received, sink.Length - received);
                return received >= 10_000;
            }, 60_000));
            faultB.Outbound.Configure(1_000_000, 0, 0, 0, 0, 0, 0); // B vanishes: nothing it sends arrives
            long vanishedAt = pair.Now;
            Assert.IsTrue(Run(pair, sniffer, null, () =>
            {
                sent += c.Send(data, sent, data.Length - sent); // A keeps writing; B reads no more
                return c.State == TcpState.Closed;
            }, 600_000),
                $"at {pair.Now} ms: client {c.State}, send queue {c.SendQueueLength}, next A {pair.A.PollAt(pair.Now)}, next B {pair.B.PollAt(pair.Now)}");
            Assert.AreEqual(TcpError.TimedOut, c.Error);
            long closedAt = ClosedAt(log, 77);

            // A's retransmissions of SND.UNA: every copy of the lowest sequence number A sent after B
            // vanished, except the first, original one. The sniffer sees a frame one latency late.
            var fromA = sniffer.Captured.Where(x => x.Source == StackPair.AddressA && x.Payload.Length > 0).ToList();
            uint una = fromA.Where(x => x.AtMs > vanishedAt).Select(x => x.Seq).Aggregate((u, v) => SeqNumber.LessThan(v, u) ? v : u);
            var copies = fromA.Where(x => x.Seq == una).Select(x => x.AtMs - pair.Segment.LatencyMs).ToList();
            Console.WriteLine($"vanished {vanishedAt} ms, SND.UNA sent at {string.Join(" ", copies)}, closed {closedAt} ms");
            Assert.IsTrue(copies.Count >= 4, "retransmitted with backoff");
            Assert.AreEqual(1000L, copies[1] - copies[0], "the first retransmission one RTO (the 1 s minimum, RFC 6298 §2.4) after the original");
            long first = copies[1], last = copies.Last();
            for (int i = 2; i < copies.Count; i++)
            {
                Assert.AreEqual(Math.Min(2 * (copies[i - 1] - copies[i - 2]), TcpSocket.MaxRtoMs), copies[i] - copies[i - 1], "the RTO doubles (RFC 6298 §5.5)");
            }
            Assert.IsTrue(closedAt - first >= c.UserTimeoutMs, $"not before the user timeout ({closedAt - first} ms)");
            Assert.IsTrue(last - first < c.UserTimeoutMs, "the last retransmission went out before it");
            Assert.AreEqual(Math.Min(2 * (last - copies[copies.Count - 2]), TcpSocket.MaxRtoMs), closedAt - last, "closed when the next retransmission was due");

            pair.A.TcpClose(client); // already CLOSED: released at once
            Assert.AreEqual(baselineA, pair.A.TcpSocketsInUse, "the handle is free again");
            pair.B.TcpAbort(server);
            Assert.IsTrue(Run(pair, sniffer, null, () => pair.B.TcpSocketsInUse == 1, 1_000));
        }

        // ------------------------------------------------------------------ overlapping data

        [TestMethod]
        public void OverlappingSegmentsWithDifferentBytesKeepAConsistentStream()
        {
            var pair = new StackPair();
            int listener = ListenOnB(pair);
            var x = new RawClient(pair, iss: 0xFFFF_FF00u, window: 65535); // the sequence numbers wrap on the way, too
            Assert.IsTrue(x.Connect(mss: 1460));
            int server = Accept(x, listener);
            TcpSocket s = pair.B.GetTcp(server);
            byte[] truth = Pattern(700, 31);
            byte[] liar = truth.Select(b => (byte)~b).ToArray();
            uint s0 = x.SndNxt;

            // In order, then a segment re-sending [50, 100) with other bytes plus new [100, 150):
            // the bytes already accepted stay (RFC 9293 §3.10.7.4 trims the old part).
            x.SendAt(s0, truth, 0, 100);
            x.SendAt(s0 + 50, Mix(liar, 50, 100, truth, 100, 150), 0, 100);
            // Out of order: [200, 300) true, then [250, 350) lying in [250, 300) and true after,
            // then the hole [150, 200).
            x.SendAt(s0 + 200, truth, 200, 100);
            x.SendAt(s0 + 250, Mix(liar, 250, 300, truth, 300, 350), 0, 100);
            x.SendAt(s0 + 150, truth, 150, 50);
            // Overlapping out-of-order pieces that agree, in a scrambled order, and one that lies
            // about bytes already delivered.
            x.SendAt(s0 + 500, truth, 500, 100);
            x.SendAt(s0 + 450, truth, 450, 100);
            x.SendAt(s0 + 620, truth, 620, 80);
            x.SendAt(s0 + 350, truth, 350, 120);
            x.SendAt(s0 + 590, truth, 590, 40);
            x.SendAt(s0 + 10, liar, 10, 300);

            var got = new byte[truth.Length];
            int n = 0;
            Assert.IsTrue(x.Run(() => (n += s.Receive(got, n, got.Length - n)) == truth.Length && x.LastAck == s0 + 700, 5_000), $"received {n}");
            // What the stack does: a byte at or below RCV.NXT never changes (the first copy
            // wins); out-of-order bytes not yet delivered are stored as they arrive, so the last
            // copy of an undelivered byte wins ([250, 300) carries the second segment's bytes).
            byte[] expected = (byte[])truth.Clone();
            Array.Copy(liar, 250, expected, 250, 50);
            CollectionAssert.AreEqual(expected, got);
            Assert.AreEqual(0, s.ReceiveQueueLength);
            Assert.AreEqual(s0 + 700, x.LastAck, "everything acknowledged, nothing counted twice");
            Assert.AreEqual(TcpState.Established, s.State);
        }

        private static byte[] Mix(byte[] a, int aFrom, int aTo, byte[] b, int bFrom, int bTo)
        {
            var r = new byte[aTo - aFrom + bTo - bFrom];
            Array.Copy(a, aFrom, r, 0, aTo - aFrom);
            Array.Copy(b, bFrom, r, aTo - aFrom, bTo - bFrom);
            return r;
        }

        // ------------------------------------------------------------------ helpers

        private static int ListenOnB(StackPair pair, Action<TcpSocket> configure = null)
        {
            int listener = pair.B.TcpOpen();
            configure?.Invoke(pair.B.GetTcp(listener));
            pair.B.TcpListen(listener, ServerPort);
            return listener;
        }

        private static int Accept(RawClient x, int listener)
        {
            int server = -1;
            Assert.IsTrue(x.Run(() => (server = x.Pair.B.TcpAccept(listener)) >= 0, 1_000), "accepted");
            return server;
        }

        private static long ClosedAt(TcpStateLog log, int id)
        {
            for (int i = log.Total - 1; i >= 0; i--)
            {
                if (log.TryGet(i, out long at, out int who, out TcpState _, out TcpState to) && who == id && to == TcpState.Closed)
                {
                    return at;
                }
            }
            Assert.Fail("no transition to CLOSED logged");
            return -1;
        }

        private static byte[] Pattern(int length, int seed)
        {
            var b = new byte[length];
            new Random(seed).NextBytes(b);
            return b;
        }

        /// <summary>Polls both stacks and the raw peer until <paramref name="until"/> holds, advancing
        /// the virtual clock to the next deadline of any of the three.</summary>
        private static bool Run(StackPair pair, RawTcpPeer peer, Func<bool> react, Func<bool> until, long limitMs)
        {
            long end = pair.Now + limitMs;
            while (pair.Now <= end)
            {
                for (int i = 0; i < 10_000; i++)
                {
                    bool progress = pair.PollOnce();
                    progress |= peer.Drain(pair.Now) > 0;
                    if (react != null)
                    {
                        progress |= react();
                    }
                    if (until())
                    {
                        return true;
                    }
                    if (!progress)
                    {
                        break;
                    }
                }
                long next = Math.Min(Math.Min(pair.A.PollAt(pair.Now), pair.B.PollAt(pair.Now)), peer.Port.PollAt(pair.Now));
                if (next == long.MaxValue)
                {
                    return until();
                }
                pair.Clock.AdvanceTo(Math.Max(next, pair.Now + 1));
            }
            return until();
        }

        /// <summary>A hand-driven TCP client on the raw peer, talking to B's listener: it
        /// completes the handshake with the options it is told, takes in-order data, ACKs what it
        /// got with the window it is told, and sends what the test tells it to, where it is told.</summary>
        private sealed class RawClient
        {
            public readonly StackPair Pair;
            public readonly RawTcpPeer Peer;
            public readonly ushort LocalPort = 40_000;
            public readonly uint Iss;
            public ushort Window;
            public bool AckData = true;
            public bool Established;
            public uint SndNxt;
            public uint RcvNxt;
            public uint LastAck;
            public long LastAckSentMs;
            public readonly List<byte> Received = new();
            public readonly List<CapturedSegment> FromStack = new();
            public readonly List<long> Probes = new(4096);
            public readonly List<uint> ProbeSeqs = new(4096);
            public readonly List<byte> ProbeBytes = new();
            private readonly Func<bool> _react;
            private int _cursor;

            public RawClient(StackPair pair, uint iss, ushort window)
            {
                Pair = pair;
                Peer = new RawTcpPeer(pair.Segment, MacX, AddressX, promiscuous: false);
                Iss = iss;
                SndNxt = iss;
                Window = window;
                _react = React;
            }

            public bool Connect(ushort mss)
            {
                Peer.Send(Pair.Now, StackPair.MacB, StackPair.AddressB, LocalPort, ServerPort, Iss, 0, TcpFlags.Syn, Window, mss: mss);
                SndNxt = Iss + 1;
                return Run(() => Established, 10_000);
            }

            public bool Run(Func<bool> until, long limitMs) => TcpHostilePeerTests.Run(Pair, Peer, _react, until, limitMs);

            public void SendData(byte[] data, int offset, int count)
            {
                SendAt(SndNxt, data, offset, count);
                SndNxt += (uint)count;
            }

            public void SendAt(uint seq, byte[] data, int offset, int count)
            {
                Peer.Send(Pair.Now, StackPair.MacB, StackPair.AddressB, LocalPort, ServerPort, seq, RcvNxt, TcpFlags.Ack | TcpFlags.Psh, Window, data, offset, count);
                Pair.Clock.Advance(1); // one segment per millisecond, delivered in this order
                Pair.PollOnce();
                Drain();
            }

            /// <summary>Switches to the allocation-free path: probes are answered from <see cref="RawTcpPeer.Last"/>.</summary>
            public void StopRecording()
            {
                Drain();
                Peer.Record = false;
                Peer.Captured.Clear();
                _cursor = 0;
                _lastProbeSeen = Peer.TcpSegmentsSeen;
            }

            private void Drain()
            {
                Peer.Drain(Pair.Now);
                React();
            }

            private bool React()
            {
                bool sent = false;
                if (!Peer.Record)
                {
                    // Allocation-free path for long runs: answer a probe seen as the last segment.
                    if (Peer.Last.PayloadLength > 0 && Peer.LastSource == StackPair.AddressB && _lastProbeSeen != Peer.TcpSegmentsSeen)
                    {
                        _lastProbeSeen = Peer.TcpSegmentsSeen;
                        NoteProbe(Peer.Last.SequenceNumber, 0);
                        sent = AnswerProbe();
                    }
                    return sent;
                }
                while (_cursor < Peer.Captured.Count)
                {
                    CapturedSegment seg = Peer.Captured[_cursor++];
                    if (seg.Destination != Peer.Address || seg.Source != StackPair.AddressB)
                    {
                        continue;
                    }
                    FromStack.Add(seg);
                    LastAck = seg.Has(TcpFlags.Ack) ? seg.Ack : LastAck;
                    if (seg.Has(TcpFlags.Syn) && seg.Has(TcpFlags.Ack))
                    {
                        RcvNxt = seg.Seq + 1;
                        Established = true;
                        AckNow();
                        sent = true;
                        continue;
                    }
                    if (seg.Payload.Length > 0 && Window == 0)
                    {
                        NoteProbe(seg.Seq, seg.Payload[0]);
                        sent |= AnswerProbe();
                        continue;
                    }
                    if (seg.Payload.Length > 0 && seg.Seq == RcvNxt)
                    {
                        Received.AddRange(seg.Payload);
                        RcvNxt += (uint)seg.Payload.Length;
                    }
                    if (seg.Has(TcpFlags.Fin) && seg.Seq + (uint)seg.Payload.Length == RcvNxt)
                    {
                        RcvNxt++;
                    }
                    if (AckData && (seg.Payload.Length > 0 || seg.Has(TcpFlags.Fin)))
                    {
                        AckNow();
                        sent = true;
                    }
                }
                return sent;
            }

            private int _lastProbeSeen = -1;

            private void NoteProbe(uint seq, byte b)
            {
                if (Probes.Count < Probes.Capacity)
                {
                    Probes.Add(Pair.Now - Pair.Segment.LatencyMs); // when it was sent
                    ProbeSeqs.Add(seq);
                    if (Peer.Record)
                    {
                        ProbeBytes.Add(b); // the allocation-free path does not copy the data
                    }
                }
            }

            private bool AnswerProbe()
            {
                if (!AckData)
                {
                    return false;
                }
                AckNow(); // the probe byte is not taken: ACK = RCV.NXT, window still 0
                return true;
            }

            private void AckNow()
            {
                Peer.Send(Pair.Now, StackPair.MacB, StackPair.AddressB, LocalPort, ServerPort, SndNxt, RcvNxt, TcpFlags.Ack, Window);
                LastAckSentMs = Pair.Now;
            }
        }
    }
}
