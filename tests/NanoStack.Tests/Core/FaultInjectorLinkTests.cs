#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Assert = NanoStack.Testing.Assert;
using CollectionAssert = NanoStack.Testing.CollectionAssert;
using OutputHelper = NanoStack.Testing.OutputHelper;
using SetupAttribute = Microsoft.VisualStudio.TestTools.UnitTesting.TestInitializeAttribute;
using CleanupAttribute = Microsoft.VisualStudio.TestTools.UnitTesting.TestCleanupAttribute;
#endif
using System;
using NanoStack.Link;

namespace NanoStack.Tests.Core
{
    [TestClass]
    public class FaultInjectorLinkTests
    {
        private const int N = 10000;

        // Frame seq: bytes 0..3 carry seq (big-endian), then a pattern; length 60 + seq % 200.
        private static int LengthOf(int seq)
        {
            return 60 + (seq % 200);
        }

        private static void Fill(byte[] b, int seq)
        {
            int length = LengthOf(seq);
            b[0] = (byte)(seq >> 24);
            b[1] = (byte)(seq >> 16);
            b[2] = (byte)(seq >> 8);
            b[3] = (byte)seq;
            for (int i = 4; i < length; i++)
            {
                b[i] = (byte)(seq * 13 + i);
            }
        }

        private static int SeqOf(byte[] b)
        {
            return (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
        }

        private static int BitDifference(byte[] a, byte[] b, int length)
        {
            int bits = 0;
            for (int i = 0; i < length; i++)
            {
                int x = a[i] ^ b[i];
                while (x != 0)
                {
                    bits += x & 1;
                    x >>= 1;
                }
            }
            return bits;
        }

        private sealed class Outcome
        {
            public int Received;
            public uint Hash = 2166136261u;
            public int Descents;
            public int Repeats;
            public int CorruptFrames;
            public int MaxBitFlips;
            public bool LengthsOk = true;
            public FaultPipeline Inbound;
        }

        /// <summary>
        /// Sends N frames through a loopback and receives them through the fault injector's inbound
        /// pipeline, one per millisecond of virtual time, and records what arrives.
        /// </summary>
        private static Outcome Run(uint seed, int loss, int dup, int reorder, int corrupt, int delay, int jitter)
        {
            var loop = new LoopbackLink(8, 8 * 1514);
            var link = new FaultInjectorLink(loop, seed, 16, 16 * 1514);
            link.Inbound.Configure(loss, dup, reorder, corrupt, delay, jitter, 0);
            var o = new Outcome();
            o.Inbound = link.Inbound;
            byte[] tx = new byte[1514];
            byte[] rx = new byte[1514];
            byte[] expected = new byte[1514];
            int last = -1;
            long now = 0;
            for (int seq = 0; seq < N + 300; seq++)
            {
                if (seq < N)
                {
                    Fill(tx, seq);
                    Assert.IsTrue(link.Transmit(tx, 0, LengthOf(seq), now), "transmit");
                }
                int n;
                while ((n = link.Receive(rx, 0, rx.Length, now)) > 0)
                {
                    o.Received++;
                    for (int i = 0; i < n; i++)
                    {
                        o.Hash = (o.Hash ^ rx[i]) * 16777619u;
                    }
                    int s = SeqOf(rx);
                    if (corrupt == 0)
                    {
                        if (n != LengthOf(s))
                        {
                            o.LengthsOk = false;
                        }
                        if (s < last)
                        {
                            o.Descents++;
                        }
                        if (s == last)
                        {
                            o.Repeats++;
                        }
                        last = s;
                    }
                    else
                    {
                        // Only corruption is on here: the i-th frame received is frame i.
                        int want = o.Received - 1;
                        if (n != LengthOf(want))
                        {
                            o.LengthsOk = false;
                        }
                        Fill(expected, want);
                        int bits = BitDifference(expected, rx, n);
                        if (bits > 0)
                        {
                            o.CorruptFrames++;
                        }
                        if (bits > o.MaxBitFlips)
                        {
                            o.MaxBitFlips = bits;
                        }
                    }
                }
                now++;
            }
            return o;
        }

        [TestMethod]
        public void NoFaultsPassesEverythingInOrder()
        {
            Outcome o = Run(1, 0, 0, 0, 0, 0, 0);
            Assert.AreEqual(N, o.Received);
            Assert.AreEqual(0, o.Descents);
            Assert.AreEqual(0, o.Repeats);
            Assert.IsTrue(o.LengthsOk, "lengths");
            Assert.AreEqual(N, o.Inbound.Delivered);
        }

        [TestMethod]
        public void LossTenPercent()
        {
            Outcome o = Run(42, 100000, 0, 0, 0, 0, 0);
            // Exact for seed 42 (SeededEntropySource is the same on every platform).
            Assert.AreEqual(987, o.Inbound.Lost);
            // Binomial(10000, 0.1): mean 1000, sd 30; bounds are 5 sd.
            Assert.IsTrue(o.Inbound.Lost >= 850 && o.Inbound.Lost <= 1150, "loss within bounds");
            Assert.AreEqual(N - o.Inbound.Lost, o.Received);
            Assert.AreEqual(N, o.Inbound.Offered);
            Assert.AreEqual(0, o.Descents);
            Assert.IsTrue(o.LengthsOk, "lengths");
        }

        [TestMethod]
        public void DuplicationFivePercent()
        {
            Outcome o = Run(42, 0, 50000, 0, 0, 0, 0);
            // Exact for seed 42 (SeededEntropySource is the same on every platform).
            Assert.AreEqual(511, o.Inbound.Duplicated);
            // mean 500, sd 21.8.
            Assert.IsTrue(o.Inbound.Duplicated >= 390 && o.Inbound.Duplicated <= 610, "duplication within bounds");
            Assert.AreEqual(N + o.Inbound.Duplicated, o.Received);
            Assert.AreEqual(o.Inbound.Duplicated, o.Repeats);
            Assert.AreEqual(0, o.Descents);
            Assert.IsTrue(o.LengthsOk, "lengths");
        }

        [TestMethod]
        public void ReorderTwoPercent()
        {
            Outcome o = Run(42, 0, 0, 20000, 0, 0, 0);
            Assert.AreEqual(190, o.Inbound.Reordered);
            // A frame is held only when none is held: mean about 196, sd about 14.
            Assert.IsTrue(o.Inbound.Reordered >= 120 && o.Inbound.Reordered <= 270, "reordering within bounds");
            Assert.AreEqual(N, o.Received);
            Assert.AreEqual(o.Inbound.Reordered, o.Descents);
            Assert.IsTrue(o.LengthsOk, "lengths");
        }

        [TestMethod]
        public void CorruptionOnePercentFlipsExactlyOneBit()
        {
            Outcome o = Run(42, 0, 0, 0, 10000, 0, 0);
            Assert.AreEqual(98, o.Inbound.Corrupted);
            // mean 100, sd 10.
            Assert.IsTrue(o.Inbound.Corrupted >= 50 && o.Inbound.Corrupted <= 150, "corruption within bounds");
            Assert.AreEqual(o.Inbound.Corrupted, o.CorruptFrames);
            Assert.AreEqual(1, o.MaxBitFlips);
            Assert.AreEqual(N, o.Received);
            Assert.IsTrue(o.LengthsOk, "lengths");
        }

        [TestMethod]
        public void SameSeedSameOutcomeOtherSeedOtherOutcome()
        {
            Outcome a = Run(7, 30000, 20000, 20000, 0, 3, 5);
            Outcome b = Run(7, 30000, 20000, 20000, 0, 3, 5);
            Outcome c = Run(8, 30000, 20000, 20000, 0, 3, 5);
            // Seed 7, loss 3 %, duplication 2 %, reordering 2 %, delay 3 ms + jitter 0..5 ms.
            Assert.AreEqual(276, a.Inbound.Lost);
            Assert.AreEqual(181, a.Inbound.Duplicated);
            Assert.AreEqual(173, a.Inbound.Reordered);
            Assert.AreEqual(9905, a.Received);
            Assert.AreEqual(3673038071u, a.Hash);
            Assert.AreEqual(a.Hash, b.Hash);
            Assert.AreEqual(a.Received, b.Received);
            Assert.AreEqual(a.Inbound.Lost, b.Inbound.Lost);
            Assert.AreEqual(a.Inbound.Duplicated, b.Inbound.Duplicated);
            Assert.AreEqual(a.Inbound.Reordered, b.Inbound.Reordered);
            Assert.AreNotEqual(a.Hash, c.Hash);
            Assert.IsTrue(a.LengthsOk, "lengths");
            Assert.AreEqual(0, a.Inbound.Overflow);
        }

        [TestMethod]
        public void FixedDelayReleasesExactlyWhenDue()
        {
            var loop = new LoopbackLink(8, 8 * 1514);
            var link = new FaultInjectorLink(loop, 1, 8, 8 * 1514);
            link.Inbound.DelayMs = 50;
            byte[] f = new byte[100];
            Fill(f, 0);
            byte[] rx = new byte[1514];
            Assert.IsTrue(link.Transmit(f, 0, 60, 1000));
            Assert.AreEqual(0, link.Receive(rx, 0, rx.Length, 1000));
            Assert.AreEqual(1050L, link.PollAt(1000));
            Assert.AreEqual(0, link.Receive(rx, 0, rx.Length, 1049));
            Assert.AreEqual(60, link.Receive(rx, 0, rx.Length, 1050));
            Assert.AreEqual(long.MaxValue, link.PollAt(1050));
            Assert.AreEqual(1, link.Inbound.Delayed);
        }

        [TestMethod]
        public void JitterStaysInRangeAndKeepsOrder()
        {
            var loop = new LoopbackLink(8, 8 * 1514);
            var link = new FaultInjectorLink(loop, 99, 64, 64 * 1514);
            link.Inbound.DelayMs = 10;
            link.Inbound.JitterMs = 20;
            byte[] f = new byte[1514];
            byte[] rx = new byte[1514];
            int next = 0;
            long lastArrival = 0;
            for (long now = 0; now < 2000; now++)
            {
                if (now < 1000 && now % 5 == 0)
                {
                    Fill(f, (int)(now / 5));
                    Assert.IsTrue(link.Transmit(f, 0, 60, now));
                }
                int n;
                while ((n = link.Receive(rx, 0, rx.Length, now)) > 0)
                {
                    int s = SeqOf(rx);
                    Assert.AreEqual(next, s);
                    long sent = s * 5;
                    Assert.IsTrue(now >= sent + 10, "not before the fixed delay");
                    // FIFO: a frame may wait behind its predecessor, never beyond its predecessor's release.
                    Assert.IsTrue(now <= sent + 30 || now == lastArrival, "within delay + jitter");
                    lastArrival = now;
                    next++;
                }
            }
            Assert.AreEqual(200, next);
        }

        [TestMethod]
        public void BandwidthReleasesAtTheRate()
        {
            var loop = new LoopbackLink(8, 8 * 1514);
            var link = new FaultInjectorLink(loop, 1, 8, 8 * 1514);
            link.Outbound.BytesPerSecond = 1000;
            link.Outbound.DelayMs = 10;
            byte[] f = new byte[100];
            byte[] rx = new byte[1514];
            Assert.IsTrue(link.Transmit(f, 0, 100, 0));
            Assert.IsTrue(link.Transmit(f, 0, 100, 0));
            Assert.IsTrue(link.Transmit(f, 0, 100, 0));
            // 100 bytes at 1000 B/s = 100 ms each, after 10 ms of delay: 110, 210, 310.
            Assert.AreEqual(110L, link.PollAt(0));
            Assert.AreEqual(0, link.Receive(rx, 0, rx.Length, 109));
            Assert.AreEqual(100, link.Receive(rx, 0, rx.Length, 110));
            Assert.AreEqual(0, link.Receive(rx, 0, rx.Length, 110));
            Assert.AreEqual(210L, link.PollAt(110));
            Assert.AreEqual(0, link.Receive(rx, 0, rx.Length, 209));
            Assert.AreEqual(100, link.Receive(rx, 0, rx.Length, 210));
            Assert.AreEqual(0, link.Receive(rx, 0, rx.Length, 309));
            Assert.AreEqual(100, link.Receive(rx, 0, rx.Length, 310));
            // An idle link starts fresh: a 1-byte frame at 1000 takes 1 ms.
            Assert.IsTrue(link.Transmit(f, 0, 1, 1000));
            Assert.AreEqual(0, link.Receive(rx, 0, rx.Length, 1010));
            Assert.AreEqual(1, link.Receive(rx, 0, rx.Length, 1011));
            Assert.AreEqual(4, link.Outbound.Delivered);
        }

        [TestMethod]
        public void HeldFrameIsReleasedAloneAfterTheHoldTime()
        {
            var loop = new LoopbackLink(8, 8 * 1514);
            var link = new FaultInjectorLink(loop, 1, 8, 8 * 1514);
            link.Inbound.ReorderPpm = FaultPipeline.Million;
            link.Inbound.ReorderHoldMs = 30;
            byte[] f = new byte[100];
            byte[] rx = new byte[1514];
            Assert.IsTrue(link.Transmit(f, 0, 70, 0));
            Assert.AreEqual(0, link.Receive(rx, 0, rx.Length, 0));
            Assert.AreEqual(30L, link.PollAt(1));
            Assert.AreEqual(0, link.Receive(rx, 0, rx.Length, 29));
            Assert.AreEqual(70, link.Receive(rx, 0, rx.Length, 30));
            Assert.AreEqual(0, link.Inbound.Reordered);
        }

        [TestMethod]
        public void FullDelayLineRefusesTransmit()
        {
            var loop = new LoopbackLink(8, 8 * 1514);
            var link = new FaultInjectorLink(loop, 1, 2, 2 * 1514);
            link.Outbound.DelayMs = 100;
            byte[] f = new byte[100];
            Assert.IsTrue(link.Transmit(f, 0, 60, 0));
            Assert.IsTrue(link.Transmit(f, 0, 60, 0));
            Assert.IsFalse(link.Transmit(f, 0, 60, 0));
            Assert.AreEqual(1, link.Outbound.Overflow);
            Assert.AreEqual(0, loop.Pending);
            link.PollAt(100);
            Assert.AreEqual(2, link.Outbound.Delivered);
        }

        [TestMethod]
        public void ShortReceiveBufferDropsNeverTruncates()
        {
            var loop = new LoopbackLink(8, 8 * 1514);
            var link = new FaultInjectorLink(loop, 1, 8, 8 * 1514);
            byte[] f = new byte[300];
            byte[] rx = new byte[100];
            link.Transmit(f, 0, 200, 0);
            link.Transmit(f, 0, 80, 0);
            Assert.AreEqual(80, link.Receive(rx, 0, 100, 0));
            Assert.AreEqual(1, link.Inbound.Oversize);
        }

        [TestMethod]
        public void BadSettingsThrow()
        {
            var link = new FaultInjectorLink(new LoopbackLink(2, 3000), 1, 2, 3000);
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => link.Outbound.LossPpm = 1000001);
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => link.Inbound.DelayMs = -1);
            Assert.ThrowsException(typeof(ArgumentNullException), () => new FaultInjectorLink(null, 1, 2, 3000));
        }
    }
}
