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
    public class SeededEntropySourceTests
    {
        [TestMethod]
        public void SameSeedSameBytes()
        {
            byte[] a = new byte[37];
            byte[] b = new byte[37];
            new SeededEntropySource(42).GetBytes(a, 0, a.Length);
            new SeededEntropySource(42).GetBytes(b, 0, b.Length);
            CollectionAssert.AreEqual(a, b);
            new SeededEntropySource(43).GetBytes(b, 0, b.Length);
            CollectionAssert.AreNotEqual(a, b);
        }

        [TestMethod]
        public void KnownFirstOutputsPinTheAlgorithm()
        {
            // Pinned so a change to the generator (and so to every seeded test) is deliberate.
            // Values computed independently from the xoshiro128** and SplitMix32 definitions.
            var rng = new SeededEntropySource(0);
            Assert.AreEqual(0xE308DC58u, rng.NextUInt32());
            Assert.AreEqual(0x4392D0E4u, rng.NextUInt32());
            byte[] b = new byte[5];
            new SeededEntropySource(0).GetBytes(b, 0, 5);
            CollectionAssert.AreEqual(new byte[] { 0x58, 0xDC, 0x08, 0xE3, 0xE4 }, b, "little-endian within each word");
        }

        [TestMethod]
        public void FillsOnlyTheRequestedRange()
        {
            byte[] b = new byte[16];
            for (int i = 0; i < b.Length; i++)
            {
                b[i] = 0xA5;
            }
            new SeededEntropySource(3).GetBytes(b, 5, 3);
            for (int i = 0; i < b.Length; i++)
            {
                if (i < 5 || i >= 8)
                {
                    Assert.AreEqual((byte)0xA5, b[i], "byte " + i);
                }
            }
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new SeededEntropySource(3).GetBytes(b, 14, 3));
        }

        [TestMethod]
        public void BytesAreRoughlyUniform()
        {
            var rng = new SeededEntropySource(9);
            byte[] data = new byte[25600];
            rng.GetBytes(data, 0, data.Length);
            int[] counts = new int[256];
            for (int i = 0; i < data.Length; i++)
            {
                counts[data[i]]++;
            }
            // 100 expected per value; a chi-square over 255 degrees of freedom stays well under 400
            // for any reasonable generator (p < 1e-7 to exceed it by chance).
            int chi100 = 0;
            for (int v = 0; v < 256; v++)
            {
                int d = counts[v] - 100;
                chi100 += d * d;
            }
            Assert.IsTrue(chi100 / 100 < 400, "chi-square " + (chi100 / 100));
        }

        [TestMethod]
        public void NextIntStaysInBounds()
        {
            var rng = new SeededEntropySource(5);
            bool sawTop = false;
            for (int i = 0; i < 1000; i++)
            {
                int v = rng.NextInt(7);
                Assert.IsTrue(v >= 0 && v < 7);
                sawTop |= v == 6;
            }
            Assert.IsTrue(sawTop);
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => rng.NextInt(0));
        }
    }
}
