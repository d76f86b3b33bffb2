using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Iface;
using NanoStack.Link;
using NanoStack.Sockets;

namespace NanoStack.Host.Tests.Core
{
    /// <summary>
    /// The memory figures the README reports, measured with GC.GetAllocatedBytesForCurrentThread
    /// on x64 (.NET object headers: 16 bytes per object, 24 per array).
    /// </summary>
    [TestClass]
    public sealed class StackMemoryTests
    {
        [TestMethod]
        public void BytesPerTcpConnectionExcludingItsDataBuffers()
        {
            var isn = new TcpIsnGenerator(new SeededEntropySource(1));
            new TcpSocket(2048, 2048, 4, 1460, isn); // warm-up
            long before = GC.GetAllocatedBytesForCurrentThread();
            var socket = new TcpSocket(2048, 2048, 4, 1460, isn);
            long total = GC.GetAllocatedBytesForCurrentThread() - before;
            long perConnection = total - 2048 - 2048;
            // The two rings: a RingBuffer object (16 header + 8 reference + 2 ints = 32) and its array
            // header (24) each.
            long socketState = perConnection - 2 * (32 + 24);
            Console.WriteLine($"TcpSocket with 2048 + 2048 rings and 4 gaps: {total} B allocated; {perConnection} B excluding the 4096 data bytes; {socketState} B of socket state (object and gap list) without the rings");
            GC.KeepAlive(socket);
            Assert.IsTrue(perConnection <= 640, "per-connection state " + perConnection + " B (measured 592 B when written)");
        }

        [TestMethod]
        public void WholeStackFixedRamForOneConnection()
        {
            var limits = new StackLimits
            {
                MaxTcpSockets = 1,
                TcpListenBacklog = 1,
                TcpReceiveBufferSize = 2048,
                TcpSendBufferSize = 2048,
                MaxUdpSockets = 2,
            };
            var link = new LoopbackLink(4, 8000);
            var entropy = new SeededEntropySource(1);
            new Interface(limits, link, new Wire.MacAddress(2, 0, 0, 0, 0, 1), entropy); // warm-up
            long before = GC.GetAllocatedBytesForCurrentThread();
            var iface = new Interface(limits, link, new Wire.MacAddress(2, 0, 0, 0, 0, 1), entropy);
            long total = GC.GetAllocatedBytesForCurrentThread() - before;
            Console.WriteLine($"Interface, 1 TCP socket (2 KB + 2 KB), 2 UDP sockets (1 KB each), 4 ARP entries: {total} B allocated; buffers from StackLimits {limits.TotalBufferBytes} B");
            GC.KeepAlive(iface);
            Assert.IsTrue(total >= limits.TotalBufferBytes);
            Assert.IsTrue(total - limits.TotalBufferBytes < 2300, "overhead beyond the buffers " + (total - limits.TotalBufferBytes) + " B (2,124 B when written)");
        }
    }
}
