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

namespace NanoStack.Tests.Core
{
    [TestClass]
    public class StackLimitsTests
    {
        [TestMethod]
        public void DefaultsAreValidAndDerivedSizesFollow()
        {
            var limits = new StackLimits();
            limits.Validate();
            Assert.AreEqual(1514, limits.FrameBufferSize);
            Assert.AreEqual(1460, limits.TcpMss);
            Assert.AreEqual(1514 * 6 + 2 * (2920 + 2920) + 2 * 1024, limits.TotalBufferBytes);
            Assert.AreEqual(4, limits.ArpHeldFrameSlots, "one held frame per ARP entry by default");
        }

        [TestMethod]
        public void SharedArpHeldFramesShrinkTheFrameBuffers()
        {
            var limits = new StackLimits();
            limits.ArpHeldFrames = 1;
            limits.Validate();
            Assert.AreEqual(1514 * 3 + 2 * (2920 + 2920) + 2 * 1024, limits.TotalBufferBytes);
            limits.ArpHeldFrames = 0;
            limits.Validate();
            Assert.AreEqual(1514 * 2 + 2 * (2920 + 2920) + 2 * 1024, limits.TotalBufferBytes);
        }

        [TestMethod]
        public void SmallerMtuShrinksEverythingDerived()
        {
            var limits = new StackLimits();
            limits.Mtu = 576;
            limits.Validate();
            Assert.AreEqual(536, limits.TcpMss, "RFC 9293 default MSS for a 576-byte MTU");
            Assert.AreEqual(590, limits.FrameBufferSize);
        }

        [TestMethod]
        public void InconsistentValuesAreRejected()
        {
            var limits = new StackLimits();
            limits.Mtu = 500;
            Assert.ThrowsException(typeof(ArgumentException), () => limits.Validate());
            limits = new StackLimits();
            limits.TcpListenBacklog = limits.MaxTcpSockets + 1;
            Assert.ThrowsException(typeof(ArgumentException), () => limits.Validate());
            limits = new StackLimits();
            limits.TcpReceiveBufferSize = 100;
            Assert.ThrowsException(typeof(ArgumentException), () => limits.Validate());
            limits = new StackLimits();
            limits.ArpHeldFrames = limits.ArpCacheEntries + 1;
            Assert.ThrowsException(typeof(ArgumentException), () => limits.Validate());
            limits = new StackLimits();
            limits.ArpHeldFrames = -2;
            Assert.ThrowsException(typeof(ArgumentException), () => limits.Validate());
        }
    }
}
