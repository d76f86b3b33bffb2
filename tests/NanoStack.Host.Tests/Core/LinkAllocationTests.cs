using System;
using System.Diagnostics;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Board.Emulator;
using NanoStack.Host.Tests.Support;
using NanoStack.Link;
using NanoStack.Wire;

namespace NanoStack.Host.Tests.Core
{
    [TestClass]
    public class LinkAllocationTests
    {
        [TestMethod]
        public void LoopbackAllocatesNothingPerFrame()
        {
            var link = new LoopbackLink(8, 8 * 1514);
            byte[] tx = new byte[1514];
            byte[] rx = new byte[1514];
            long now = 0;
            int length = 60;
            long bytes = Allocations.Measure(() =>
            {
                length = length >= 1400 ? 60 : length + 97;
                Assert.IsTrue(link.Transmit(tx, 0, length, now));
                link.PollAt(now);
                Assert.AreEqual(length, link.Receive(rx, 0, rx.Length, now));
                now++;
            }, 10000);
            Assert.AreEqual(0L, bytes);
        }

        [TestMethod]
        public void FaultInjectorAllocatesNothingPerFrame()
        {
            var inner = new LoopbackLink(16, 16 * 1514);
            var link = new FaultInjectorLink(inner, 12345u, 32, 32 * 1514);
            // Every fault on in both directions.
            link.Configure(lossPpm: 50000, duplicatePpm: 50000, reorderPpm: 50000, corruptPpm: 50000, delayMs: 3, jitterMs: 4, bytesPerSecond: 2_000_000);
            byte[] tx = new byte[1514];
            byte[] rx = new byte[1514];
            long now = 0;
            int length = 60;
            int received = 0;
            // Warm up past the first delays so the steady state is measured.
            for (int i = 0; i < 1000; i++)
            {
                Step(link, tx, rx, ref now, ref length, ref received);
            }
            long bytes = Allocations.Measure(() => Step(link, tx, rx, ref now, ref length, ref received), 10000);
            Assert.AreEqual(0L, bytes);
            Assert.IsTrue(received > 9000, "frames flowed: " + received);
            Assert.IsTrue(link.Outbound.Lost > 0 && link.Inbound.Corrupted > 0 && link.Inbound.Reordered > 0, "faults were injected");
        }

        [TestMethod]
        public void SegmentPortAllocatesNothingPerFrame()
        {
            var segment = new EthernetSegment(latencyMs: 1);
            var a = segment.Attach(new MacAddress(0x02, 0, 0, 0, 0, 1));
            var b = segment.Attach(new MacAddress(0x02, 0, 0, 0, 0, 2));
            segment.Attach(new MacAddress(0x02, 0, 0, 0, 0, 3));
            byte[] tx = new byte[1514];
            b.Mac.Write(tx, 0);
            a.Mac.Write(tx, 6);
            byte[] rx = new byte[1514];
            long now = 0;
            long bytes = Allocations.Measure(() =>
            {
                a.Transmit(tx, 0, 200, now);
                now++;
                b.PollAt(now);
                Assert.AreEqual(200, b.Receive(rx, 0, rx.Length, now));
            }, 10000);
            Assert.AreEqual(0L, bytes);
        }

        [TestMethod]
        public void MeasureFaultInjectorTime()
        {
            var link = new FaultInjectorLink(new LoopbackLink(16, 16 * 1514), 7u, 32, 32 * 1514);
            link.Configure(10000, 10000, 10000, 10000, 2, 2, 0);
            byte[] tx = new byte[1514];
            byte[] rx = new byte[1514];
            long now = 0;
            int length = 60;
            int received = 0;
            const int n = 200000;
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < n; i++)
            {
                Step(link, tx, rx, ref now, ref length, ref received);
            }
            double ns = sw.Elapsed.TotalMilliseconds * 1e6 / n;
            Console.WriteLine("FaultInjectorLink over LoopbackLink, all faults 1%, frames 60..1514 B: " + ns.ToString("F0") + " ns per frame (transmit + PollAt + receive, host JIT)");
        }

        private static void Step(FaultInjectorLink link, byte[] tx, byte[] rx, ref long now, ref int length, ref int received)
        {
            length = length >= 1400 ? 60 : length + 97;
            link.Transmit(tx, 0, length, now);
            link.PollAt(now);
            while (link.Receive(rx, 0, rx.Length, now) > 0)
            {
                received++;
            }
            now++;
        }
    }
}
