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
using NanoStack.Buffers;

namespace NanoStack.Tests.Core
{
    [TestClass]
    public class RingBufferTests
    {
        private static byte[] Seq(int start, int count)
        {
            byte[] b = new byte[count];
            for (int i = 0; i < count; i++)
            {
                b[i] = (byte)(start + i);
            }
            return b;
        }

        [TestMethod]
        public void EmptyAndFull()
        {
            var ring = new RingBuffer(8);
            Assert.IsTrue(ring.IsEmpty);
            Assert.AreEqual(8, ring.Free);
            Assert.AreEqual(8, ring.Write(Seq(0, 10), 0, 10), "only capacity fits");
            Assert.IsTrue(ring.IsFull);
            int offset;
            Assert.AreEqual(0, ring.GetWriteWindow(out offset));
            Assert.AreEqual(0, ring.Write(Seq(0, 1), 0, 1));
        }

        [TestMethod]
        public void WindowsSplitAtTheWrap()
        {
            var ring = new RingBuffer(8);
            ring.Write(Seq(0, 6), 0, 6);
            byte[] sink = new byte[4];
            Assert.AreEqual(4, ring.Read(sink, 0, 4));
            // Data is storage[4..6); free space wraps: [6..8) then [0..4).
            int offset;
            int window = ring.GetWriteWindow(out offset);
            Assert.AreEqual(6, offset);
            Assert.AreEqual(2, window);
            Array.Copy(Seq(100, 2), 0, ring.Storage, offset, 2);
            ring.CommitWrite(2);
            window = ring.GetWriteWindow(out offset);
            Assert.AreEqual(0, offset);
            Assert.AreEqual(4, window);

            // Read window covers [4..8), then after consuming it the rest starts at 0.
            window = ring.GetReadWindow(out offset);
            Assert.AreEqual(4, offset);
            Assert.AreEqual(4, window);
            ring.Consume(4);
            Assert.IsTrue(ring.IsEmpty);
        }

        [TestMethod]
        public void ReadsBackWhatWasWrittenAcrossManyWraps()
        {
            var ring = new RingBuffer(13);
            var rng = new SeededEntropySource(1);
            byte next = 0;
            byte expect = 0;
            byte[] chunk = new byte[20];
            for (int round = 0; round < 2000; round++)
            {
                int w = rng.NextInt(14);
                for (int i = 0; i < w; i++)
                {
                    chunk[i] = (byte)(next + i);
                }
                int written = ring.Write(chunk, 0, w);
                next = (byte)(next + written);
                int r = rng.NextInt(14);
                int read = ring.Read(chunk, 0, r);
                for (int i = 0; i < read; i++)
                {
                    Assert.AreEqual((byte)(expect + i), chunk[i], "round " + round);
                }
                expect = (byte)(expect + read);
                Assert.IsTrue(ring.Count >= 0 && ring.Count <= 13);
            }
        }

        [TestMethod]
        public void PeekAtDistanceDoesNotConsume()
        {
            var ring = new RingBuffer(8);
            ring.Write(Seq(0, 7), 0, 7);
            byte[] sink = new byte[5];
            ring.Read(sink, 0, 5);
            ring.Write(Seq(7, 5), 0, 5);
            // Data: 5 6 7 8 9 10 11, stored across the wrap.
            byte[] peek = new byte[4];
            Assert.AreEqual(4, ring.Peek(2, peek, 0, 4));
            CollectionAssert.AreEqual(Seq(7, 4), peek);
            Assert.AreEqual(7, ring.Count);
            Assert.AreEqual(0, ring.Peek(7, peek, 0, 4), "nothing past the data");
            Assert.AreEqual(1, ring.Peek(6, peek, 0, 4));
            Assert.AreEqual((byte)11, peek[0]);
        }

        [TestMethod]
        public void OutOfOrderDataIsPublishedWhenTheGapFills()
        {
            var ring = new RingBuffer(10);
            ring.Write(Seq(0, 3), 0, 3);
            byte[] sink = new byte[3];
            ring.Read(sink, 0, 3);
            // A segment arrives 4 bytes ahead of the next expected byte; it is stored, not published.
            Assert.AreEqual(5, ring.WriteUnallocated(4, Seq(14, 5), 0, 5));
            Assert.IsTrue(ring.IsEmpty);
            // Only the free space beyond the distance is used: 10 - 9 = 1 byte fits.
            Assert.AreEqual(1, ring.WriteUnallocated(9, Seq(50, 5), 0, 5));
            Assert.AreEqual(0, ring.WriteUnallocated(10, Seq(50, 5), 0, 5), "beyond the ring");
            // The gap fills, then everything is published at once.
            Assert.AreEqual(4, ring.WriteUnallocated(0, Seq(10, 4), 0, 4));
            ring.CommitWrite(9);
            byte[] all = new byte[9];
            Assert.AreEqual(9, ring.Read(all, 0, 9));
            CollectionAssert.AreEqual(Seq(10, 9), all);
        }

        [TestMethod]
        public void PreconditionsThrow()
        {
            var ring = new RingBuffer(4);
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => ring.CommitWrite(5));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => ring.Consume(1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => ring.Write(new byte[2], 1, 2));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new RingBuffer(0));
        }
    }
}
