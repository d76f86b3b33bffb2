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
using NanoStack.Wire;

namespace NanoStack.Tests.Core
{
    [TestClass]
    public class SeqNumberTests
    {
        [TestMethod]
        [DataRow(1u, 2u, true)]
        [DataRow(2u, 1u, false)]
        [DataRow(5u, 5u, false)]
        [DataRow(0xFFFFFFF0u, 0x10u, true)]
        [DataRow(0x10u, 0xFFFFFFF0u, false)]
        [DataRow(0x7FFFFFFFu, 0x80000000u, true)]
        [DataRow(0u, 0x7FFFFFFFu, true)]
        public void LessThanIsModular(uint a, uint b, bool expected)
        {
            Assert.AreEqual(expected, SeqNumber.LessThan(a, b));
            Assert.AreEqual(expected, SeqNumber.GreaterThan(b, a));
        }

        [TestMethod]
        public void OrderingIsConsistentAcrossWrap()
        {
            uint[] points = new uint[] { 0xFFFFFF00u, 0xFFFFFFFFu, 0u, 1u, 0x100u };
            for (int i = 0; i < points.Length; i++)
            {
                for (int j = 0; j < points.Length; j++)
                {
                    Assert.AreEqual(i < j, SeqNumber.LessThan(points[i], points[j]), i + "<" + j);
                    Assert.AreEqual(i <= j, SeqNumber.LessOrEqual(points[i], points[j]), i + "<=" + j);
                    Assert.AreEqual(i >= j, SeqNumber.GreaterOrEqual(points[i], points[j]), i + ">=" + j);
                }
            }
        }

        [TestMethod]
        public void HalfSpaceApartUsesSignedDifference()
        {
            Assert.AreEqual(int.MinValue, SeqNumber.Diff(0u, 0x80000000u));
            Assert.IsTrue(SeqNumber.LessThan(0u, 0x80000000u));
            Assert.IsTrue(SeqNumber.LessThan(0x80000000u, 0u));
        }

        [TestMethod]
        public void WindowMembership()
        {
            // RFC 9293 §3.4: RCV.NXT =< SEG.SEQ < RCV.NXT + RCV.WND
            Assert.IsTrue(SeqNumber.InWindow(0xFFFFFFFFu, 0xFFFFFFF0u, 0x20u));
            Assert.IsTrue(SeqNumber.InWindow(0x0Fu, 0xFFFFFFF0u, 0x20u));
            Assert.IsFalse(SeqNumber.InWindow(0x10u, 0xFFFFFFF0u, 0x20u));
            Assert.IsFalse(SeqNumber.InWindow(0xFFFFFFEFu, 0xFFFFFFF0u, 0x20u));
            Assert.IsFalse(SeqNumber.InWindow(5u, 5u, 0u), "a zero window holds nothing");
        }

        [TestMethod]
        public void AddWrapsAndMinMaxFollowOrder()
        {
            Assert.AreEqual(4u, SeqNumber.Add(0xFFFFFFFEu, 6));
            Assert.AreEqual(0xFFFFFFFEu, SeqNumber.Add(4u, -6));
            Assert.AreEqual(3u, SeqNumber.Max(0xFFFFFFFFu, 3u));
            Assert.AreEqual(0xFFFFFFFFu, SeqNumber.Min(0xFFFFFFFFu, 3u));
        }
    }
}
