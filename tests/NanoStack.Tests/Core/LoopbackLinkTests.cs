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
    public class LoopbackLinkTests
    {
        private static byte[] Frame(int seq, int length)
        {
            byte[] b = new byte[length];
            for (int i = 0; i < length; i++)
            {
                b[i] = (byte)(seq * 7 + i);
            }
            return b;
        }

        private static bool Matches(byte[] buffer, int offset, int seq, int length)
        {
            for (int i = 0; i < length; i++)
            {
                if (buffer[offset + i] != (byte)(seq * 7 + i))
                {
                    return false;
                }
            }
            return true;
        }

        [TestMethod]
        public void DeliversInOrderAcrossTheByteRingEnd()
        {
            // 1000 bytes of ring, frames of 60..259 bytes: the ring wraps inside frames many times.
            var link = new LoopbackLink(4, 1000);
            byte[] rx = new byte[1514];
            int next = 0;
            for (int seq = 0; seq < 500; seq++)
            {
                int length = 60 + (seq * 37) % 200;
                byte[] f = Frame(seq, length);
                if (!link.Transmit(f, 0, length, seq))
                {
                    int n = link.Receive(rx, 3, rx.Length - 3, seq);
                    Assert.AreEqual(60 + (next * 37) % 200, n);
                    Assert.IsTrue(Matches(rx, 3, next, n), "frame content");
                    next++;
                    Assert.IsTrue(link.Transmit(f, 0, length, seq), "room after a receive");
                }
            }
            int m;
            while ((m = link.Receive(rx, 0, rx.Length, 1000)) > 0)
            {
                Assert.AreEqual(60 + (next * 37) % 200, m);
                Assert.IsTrue(Matches(rx, 0, next, m), "frame content");
                next++;
            }
            Assert.AreEqual(500, next);
            Assert.AreEqual(500, link.Transmitted);
            Assert.AreEqual(500, link.Received);
        }

        [TestMethod]
        public void FullByFramesRefusesAndCounts()
        {
            var link = new LoopbackLink(2, 10000);
            byte[] f = Frame(1, 60);
            Assert.IsTrue(link.Transmit(f, 0, 60, 0));
            Assert.IsTrue(link.Transmit(f, 0, 60, 0));
            Assert.IsFalse(link.Transmit(f, 0, 60, 0));
            Assert.AreEqual(1, link.Dropped);
            Assert.AreEqual(2, link.Pending);
        }

        [TestMethod]
        public void FullByBytesRefusesAndCounts()
        {
            var link = new LoopbackLink(10, 150);
            byte[] f = Frame(1, 100);
            Assert.IsTrue(link.Transmit(f, 0, 100, 0));
            Assert.IsFalse(link.Transmit(f, 0, 51, 0));
            Assert.IsTrue(link.Transmit(f, 0, 50, 0));
            Assert.IsFalse(link.Transmit(f, 0, 1, 0));
            Assert.AreEqual(2, link.Dropped);
        }

        [TestMethod]
        public void FrameLongerThanMaxFrameLengthIsRefused()
        {
            var link = new LoopbackLink(4, 8000);
            byte[] f = new byte[1515];
            Assert.IsFalse(link.Transmit(f, 0, 1515, 0));
            Assert.IsTrue(link.Transmit(f, 0, 1514, 0));
            Assert.AreEqual(1, link.Dropped);
        }

        [TestMethod]
        public void ShortReceiveBufferDropsTheFrameNeverTruncates()
        {
            var link = new LoopbackLink(4, 4000);
            link.Transmit(Frame(1, 100), 0, 100, 0);
            link.Transmit(Frame(2, 40), 0, 40, 0);
            byte[] rx = new byte[64];
            Assert.AreEqual(40, link.Receive(rx, 0, 64, 0));
            Assert.IsTrue(Matches(rx, 0, 2, 40), "second frame intact");
            Assert.AreEqual(1, link.Oversize);
            Assert.AreEqual(0, link.Receive(rx, 0, 64, 0));
        }

        [TestMethod]
        public void PollAtSaysWhetherAFrameWaits()
        {
            var link = new LoopbackLink(4, 4000);
            Assert.AreEqual(long.MaxValue, link.PollAt(5));
            link.Transmit(Frame(1, 60), 0, 60, 5);
            Assert.AreEqual(7L, link.PollAt(7));
            Assert.AreEqual(1514, link.MaxFrameLength);
        }

        [TestMethod]
        public void BadArgumentsThrow()
        {
            var link = new LoopbackLink(4, 4000);
            Assert.ThrowsException(typeof(ArgumentNullException), () => link.Transmit(null, 0, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => link.Transmit(new byte[10], 5, 6, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => link.Receive(new byte[10], -1, 2, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new LoopbackLink(0, 10));
        }
    }
}
