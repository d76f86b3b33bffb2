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
using NanoStack.Tls.Crypto;

namespace NanoStack.Tests.Tls
{
    [TestClass]
    public class CtTests
    {
        private static readonly uint[] Samples = new uint[] { 0, 1, 2, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFE, 0xFFFFFFFF, 12345 };

        [TestMethod]
        public void ComparisonsMatchPlainOperators()
        {
            for (int i = 0; i < Samples.Length; i++)
            {
                uint a = Samples[i];
                Assert.AreEqual(a == 0 ? 0xFFFFFFFFu : 0u, Ct.IsZero(a));
                for (int j = 0; j < Samples.Length; j++)
                {
                    uint b = Samples[j];
                    Assert.AreEqual(a == b ? 0xFFFFFFFFu : 0u, Ct.Equal(a, b), a + "==" + b);
                    Assert.AreEqual(a < b ? 0xFFFFFFFFu : 0u, Ct.LessThan(a, b), a + "<" + b);
                    Assert.AreEqual(a >= b ? 0xFFFFFFFFu : 0u, Ct.GreaterOrEqual(a, b), a + ">=" + b);
                }
            }
        }

        [TestMethod]
        public void SelectAndMasks()
        {
            Assert.AreEqual(7u, Ct.Select(0xFFFFFFFFu, 7, 9));
            Assert.AreEqual(9u, Ct.Select(0u, 7, 9));
            Assert.AreEqual(0xFFFFFFFFu, Ct.MaskFromBit(3));
            Assert.AreEqual(0u, Ct.MaskFromBit(2));
        }

        [TestMethod]
        public void BytesEqualLooksAtEveryByte()
        {
            byte[] a = new byte[] { 1, 2, 3, 4, 5 };
            byte[] b = new byte[] { 9, 1, 2, 3, 4, 5 };
            Assert.AreEqual(0xFFFFFFFFu, Ct.BytesEqual(a, 0, b, 1, 5));
            b[5] = 6;
            Assert.AreEqual(0u, Ct.BytesEqual(a, 0, b, 1, 5), "last byte differs");
            b[5] = 5;
            b[1] = 0;
            Assert.AreEqual(0u, Ct.BytesEqual(a, 0, b, 1, 5), "first byte differs");
            Assert.AreEqual(0xFFFFFFFFu, Ct.BytesEqual(a, 0, b, 1, 0), "empty ranges are equal");
        }

        [TestMethod]
        public void ConditionalCopyAndSwap()
        {
            byte[] src = new byte[] { 1, 2, 3 };
            byte[] dst = new byte[] { 7, 8, 9 };
            Ct.ConditionalCopy(0, src, 0, dst, 0, 3);
            CollectionAssert.AreEqual(new byte[] { 7, 8, 9 }, dst);
            Ct.ConditionalCopy(0xFFFFFFFFu, src, 0, dst, 0, 3);
            CollectionAssert.AreEqual(src, dst);

            uint[] x = new uint[] { 1, 2 };
            uint[] y = new uint[] { 3, 4 };
            Ct.ConditionalSwap(0, x, y, 2);
            Assert.AreEqual(1u, x[0]);
            Ct.ConditionalSwap(0xFFFFFFFFu, x, y, 2);
            Assert.AreEqual(3u, x[0]);
            Assert.AreEqual(2u, y[1]);
        }
    }
}
