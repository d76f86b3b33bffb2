using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Board.Emulator;
using NanoStack.Wire;

namespace NanoStack.Host.Tests.Core
{
    [TestClass]
    public class EthernetSegmentTests
    {
        private static readonly MacAddress A = new(0x02, 0, 0, 0, 0, 0x0a);
        private static readonly MacAddress B = new(0x02, 0, 0, 0, 0, 0x0b);
        private static readonly MacAddress C = new(0x02, 0, 0, 0, 0, 0x0c);

        private static byte[] Frame(MacAddress dst, MacAddress src, int length, byte fill)
        {
            byte[] f = new byte[length];
            dst.Write(f, 0);
            src.Write(f, 6);
            f[12] = 0x08;
            for (int i = 14; i < length; i++)
            {
                f[i] = fill;
            }
            return f;
        }

        private static int Drain(EthernetSegment.Port port, long nowMs)
        {
            byte[] rx = new byte[1514];
            int n = 0;
            while (port.Receive(rx, 0, rx.Length, nowMs) > 0)
            {
                n++;
            }
            return n;
        }

        [TestMethod]
        public void UnicastReachesOnlyItsDestination()
        {
            var segment = new EthernetSegment();
            var a = segment.Attach(A);
            var b = segment.Attach(new byte[] { 0x02, 0, 0, 0, 0, 0x0b });
            var c = segment.Attach(C);
            Assert.AreEqual(B.Value, b.Mac.Value);
            byte[] f = Frame(B, A, 100, 0x5a);
            Assert.IsTrue(a.Transmit(f, 0, f.Length, 0));
            byte[] rx = new byte[1514];
            Assert.AreEqual(100, b.Receive(rx, 0, rx.Length, 0));
            CollectionAssert.AreEqual(f, rx[..100]);
            Assert.AreEqual(0, b.Receive(rx, 0, rx.Length, 0));
            Assert.AreEqual(0, c.Receive(rx, 0, rx.Length, 0));
            Assert.AreEqual(0, a.Receive(rx, 0, rx.Length, 0));
            Assert.AreEqual(1, a.Transmitted);
            Assert.AreEqual(1, b.Received);
        }

        [TestMethod]
        public void PromiscuousPortSeesUnicastForOthersButNotItsOwn()
        {
            var segment = new EthernetSegment();
            var a = segment.Attach(A);
            var b = segment.Attach(B);
            var c = segment.Attach(C);
            c.Promiscuous = true;
            byte[] ab = Frame(B, A, 80, 1);
            byte[] ca = Frame(A, C, 80, 2);
            byte[] unknown = Frame(new MacAddress(0x02, 0, 0, 0, 0, 0x99), A, 80, 3);
            a.Transmit(ab, 0, ab.Length, 0);
            c.Transmit(ca, 0, ca.Length, 0);
            a.Transmit(unknown, 0, unknown.Length, 0);
            Assert.AreEqual(1, Drain(b, 0), "the destination still gets its frame once");
            Assert.AreEqual(1, Drain(a, 0), "C's own frame reaches A");
            Assert.AreEqual(2, Drain(c, 0), "the monitor saw A->B and the unknown destination, not its own frame");
            Assert.AreEqual(1, segment.UnknownDestination);
        }

        [TestMethod]
        public void BroadcastAndMulticastReachEveryOtherPort()
        {
            var segment = new EthernetSegment();
            var a = segment.Attach(A);
            var b = segment.Attach(B);
            var c = segment.Attach(C);
            byte[] broadcast = Frame(MacAddress.Broadcast, A, 60, 1);
            byte[] multicast = Frame(new MacAddress(0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb), A, 60, 2);
            a.Transmit(broadcast, 0, 60, 0);
            a.Transmit(multicast, 0, 60, 0);
            Assert.AreEqual(0, Drain(a, 0));
            Assert.AreEqual(2, Drain(b, 0));
            Assert.AreEqual(2, Drain(c, 0));
        }

        [TestMethod]
        public void UnknownDestinationIsDroppedAndCounted()
        {
            var segment = new EthernetSegment();
            var a = segment.Attach(A);
            var b = segment.Attach(B);
            byte[] f = Frame(C, A, 60, 3);
            Assert.IsTrue(a.Transmit(f, 0, 60, 0));
            Assert.AreEqual(0, Drain(b, 0));
            Assert.AreEqual(1, segment.UnknownDestination);
            // A frame to oneself is not looped back either.
            byte[] self = Frame(A, A, 60, 3);
            a.Transmit(self, 0, 60, 0);
            Assert.AreEqual(0, Drain(a, 0));
            Assert.AreEqual(2, segment.UnknownDestination);
        }

        [TestMethod]
        public void OverflowDropsAndCountsPerPort()
        {
            var segment = new EthernetSegment(queueFrames: 3);
            var a = segment.Attach(A);
            var b = segment.Attach(B);
            var c = segment.Attach(C);
            byte[] f = Frame(B, A, 60, 4);
            for (int i = 0; i < 5; i++)
            {
                Assert.IsTrue(a.Transmit(f, 0, 60, 0));
            }
            Assert.AreEqual(2, b.Overflow);
            Assert.AreEqual(3, Drain(b, 0));
            // Byte limit: 200 bytes of queue take three 60-byte frames, not four.
            var small = new EthernetSegment(queueFrames: 10, queueBytes: 200);
            var x = small.Attach(A);
            var y = small.Attach(B);
            for (int i = 0; i < 4; i++)
            {
                x.Transmit(f, 0, 60, 0);
            }
            Assert.AreEqual(1, y.Overflow);
            Assert.AreEqual(3, Drain(y, 0));
            Assert.AreEqual(0, c.Overflow);
        }

        [TestMethod]
        public void LatencyOnTheVirtualClock()
        {
            var clock = new VirtualClock(1000);
            var segment = new EthernetSegment(latencyMs: 7);
            var a = segment.Attach(A);
            var b = segment.Attach(B);
            byte[] f = Frame(B, A, 60, 5);
            a.Transmit(f, 0, 60, clock.NowMs);
            Assert.AreEqual(1007L, b.PollAt(clock.NowMs));
            Assert.AreEqual(long.MaxValue, a.PollAt(clock.NowMs));
            clock.AdvanceTo(1006);
            Assert.AreEqual(0, Drain(b, clock.NowMs));
            clock.AdvanceTo(b.PollAt(clock.NowMs));
            Assert.AreEqual(1, Drain(b, clock.NowMs));
        }

        [TestMethod]
        public void MalformedAndOversizeFrames()
        {
            var segment = new EthernetSegment();
            var a = segment.Attach(A);
            var b = segment.Attach(B);
            byte[] f = Frame(B, A, 1515, 6);
            Assert.IsFalse(a.Transmit(f, 0, 13, 0));
            Assert.IsFalse(a.Transmit(f, 0, 1515, 0));
            Assert.AreEqual(2, segment.Malformed);
            Assert.IsTrue(a.Transmit(f, 0, 1514, 0));
            Assert.IsTrue(a.Transmit(f, 0, 64, 0));
            byte[] rx = new byte[100];
            Assert.AreEqual(64, b.Receive(rx, 0, rx.Length, 0));
            Assert.AreEqual(1, b.Oversize);
            Assert.ThrowsExactly<ArgumentException>(() => segment.Attach(new byte[5]));
        }
    }
}
