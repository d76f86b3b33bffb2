using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Buffers;
using NanoStack.Host.Tests.Support;
using NanoStack.Wire;

namespace NanoStack.Host.Tests.Core
{
    [TestClass]
    public class CoreAllocationTests
    {
        [TestMethod]
        public void RingBufferOperationsAllocateNothing()
        {
            var ring = new RingBuffer(2920);
            byte[] chunk = new byte[1460];
            long bytes = Allocations.Measure(() =>
            {
                ring.Write(chunk, 0, chunk.Length);
                ring.WriteUnallocated(100, chunk, 0, 200);
                ring.Peek(10, chunk, 0, 500);
                ring.Read(chunk, 0, chunk.Length);
                int offset;
                ring.GetWriteWindow(out offset);
                ring.GetReadWindow(out offset);
            }, 1000);
            Assert.AreEqual(0L, bytes);
        }

        [TestMethod]
        public void ChecksumAndByteOrderAllocateNothing()
        {
            byte[] frame = new byte[1514];
            var rng = new SeededEntropySource(1);
            long bytes = Allocations.Measure(() =>
            {
                rng.GetBytes(frame, 0, 64);
                uint sum = InternetChecksum.AccumulatePseudoHeader(0, 0xC0000201u, 0xC0000202u, 6, 1480);
                sum = InternetChecksum.Accumulate(sum, frame, 34, 1480);
                BigEndian.WriteUInt16(frame, 50, InternetChecksum.Fold(sum));
                BigEndian.ReadUInt32(frame, 38);
            }, 1000);
            Assert.AreEqual(0L, bytes);
        }
    }
}
