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
using NanoStack.Wire;

namespace NanoStack.Tests.Core
{
    [TestClass]
    public class BigEndianTests
    {
        [TestMethod]
        public void ReadsNetworkOrderAtAnyOffset()
        {
            byte[] b = new byte[] { 0xA5, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0xA5 };
            Assert.AreEqual((ushort)0x0102, BigEndian.ReadUInt16(b, 1));
            Assert.AreEqual(0x010203u, BigEndian.ReadUInt24(b, 1));
            Assert.AreEqual(0x01020304u, BigEndian.ReadUInt32(b, 1));
            Assert.AreEqual(0x0102030405060708ul, BigEndian.ReadUInt64(b, 1));
            Assert.AreEqual((ushort)0x0203, BigEndian.ReadUInt16(b, 2));
        }

        [TestMethod]
        public void WritesOnlyItsOwnBytes()
        {
            byte[] b = new byte[10];
            for (int i = 0; i < b.Length; i++)
            {
                b[i] = 0xA5;
            }
            BigEndian.WriteUInt32(b, 3, 0xDEADBEEFu);
            CollectionAssert.AreEqual(new byte[] { 0xA5, 0xA5, 0xA5, 0xDE, 0xAD, 0xBE, 0xEF, 0xA5, 0xA5, 0xA5 }, b);
            BigEndian.WriteUInt16(b, 0, 0xFFEE);
            BigEndian.WriteUInt24(b, 7, 0x123456);
            CollectionAssert.AreEqual(new byte[] { 0xFF, 0xEE, 0xA5, 0xDE, 0xAD, 0xBE, 0xEF, 0x12, 0x34, 0x56 }, b);
        }

        [TestMethod]
        public void RoundTripsExtremes()
        {
            byte[] b = new byte[8];
            ulong[] values = new ulong[] { 0, 1, 0x7FFFFFFFFFFFFFFFul, 0x8000000000000000ul, ulong.MaxValue };
            for (int i = 0; i < values.Length; i++)
            {
                BigEndian.WriteUInt64(b, 0, values[i]);
                Assert.AreEqual(values[i], BigEndian.ReadUInt64(b, 0));
                BigEndian.WriteUInt32(b, 4, (uint)values[i]);
                Assert.AreEqual((uint)values[i], BigEndian.ReadUInt32(b, 4));
            }
        }

        [TestMethod]
        public void OutOfRangeIsACallerBug()
        {
            byte[] b = new byte[3];
            Assert.ThrowsException(typeof(IndexOutOfRangeException), () => BigEndian.ReadUInt32(b, 0));
        }
    }
}
