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

namespace NanoStack.Tests.Tls.Crypto
{
    [TestClass]
    public class MontgomeryFieldTests
    {
        // SP 800-186 §3.2.1.3: the P-256 group order n (little-endian limbs) and p.
        private static readonly uint[] N256 = new uint[] { 0xFC632551, 0xF3B9CAC2, 0xA7179E84, 0xBCE6FAAD, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0xFFFFFFFF };
        private static readonly uint[] P256 = new uint[] { 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0x00000000, 0x00000000, 0x00000001, 0xFFFFFFFF };

        [TestMethod]
        public void AddSubWrapAround()
        {
            MontgomeryField f = new MontgomeryField(P256);
            uint[] pm1 = f.NewElement();
            f.CopyModulus(pm1);
            pm1[0] -= 1; // p − 1
            uint[] one = f.NewElement();
            one[0] = 1;
            uint[] r = f.NewElement();
            f.Add(pm1, one, r);
            Assert.AreEqual(0xFFFFFFFFu, f.IsZero(r), "(p − 1) + 1 = 0");
            f.Sub(r, one, r);
            Assert.AreEqual(0xFFFFFFFFu, f.Equal(r, pm1), "0 − 1 = p − 1");
            f.Neg(one, r);
            Assert.AreEqual(0xFFFFFFFFu, f.Equal(r, pm1), "−1 = p − 1");
            f.Add(pm1, pm1, r);
            f.Add(r, one, r);
            f.Add(r, one, r);
            Assert.AreEqual(0xFFFFFFFFu, f.IsZero(r), "2(p − 1) + 2 = 0");
            Assert.AreEqual(0u, f.LessThanModulus(new uint[] { 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0, 0, 0, 1, 0xFFFFFFFF }), "p is not < p");
            Assert.AreEqual(0xFFFFFFFFu, f.LessThanModulus(pm1), "p − 1 < p");
        }

        [TestMethod]
        public void MontgomeryRoundTripAndProducts()
        {
            MontgomeryField f = new MontgomeryField(N256);
            uint[] a = new uint[] { 0x12345678, 0x9ABCDEF0, 0x0FEDCBA9, 0x87654321, 0x11111111, 0x22222222, 0x33333333, 0x44444444 };
            uint[] b = new uint[] { 3, 0, 0, 0, 0, 0, 0, 0 };
            uint[] am = f.NewElement();
            uint[] bm = f.NewElement();
            uint[] r = f.NewElement();
            uint[] back = f.NewElement();
            f.ToMontgomery(a, am);
            f.FromMontgomery(am, back);
            CollectionAssert.AreEqual(a, back, "round trip");
            // a·3 = a + a + a
            f.ToMontgomery(b, bm);
            f.Mul(am, bm, r);
            f.FromMontgomery(r, r);
            f.Add(a, a, back);
            f.Add(back, a, back);
            CollectionAssert.AreEqual(back, r, "a·3");
        }

        [TestMethod]
        public void InversesAgree()
        {
            MontgomeryField f = new MontgomeryField(N256);
            uint[][] samples = new uint[][]
            {
                new uint[] { 1, 0, 0, 0, 0, 0, 0, 0 },
                new uint[] { 2, 0, 0, 0, 0, 0, 0, 0 },
                new uint[] { 0xFC632550, 0xF3B9CAC2, 0xA7179E84, 0xBCE6FAAD, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0xFFFFFFFF },
                new uint[] { 0xDEADBEEF, 0x01234567, 0x89ABCDEF, 0, 0x80000000, 0x7FFFFFFF, 1, 0x00000100 },
            };
            uint[] am = f.NewElement();
            uint[] inv = f.NewElement();
            uint[] inv2 = f.NewElement();
            uint[] one = f.NewElement();
            f.SetOne(one);
            for (int i = 0; i < samples.Length; i++)
            {
                f.ToMontgomery(samples[i], am);
                f.Invert(am, inv);              // Montgomery form of a^−1 (Fermat)
                f.Mul(am, inv, inv2);
                Assert.AreEqual(0xFFFFFFFFu, f.Equal(inv2, one), "a·a^−1 = 1 (Fermat) #" + i);
                f.InvertVartime(samples[i], inv2); // plain a^−1 (binary Euclid)
                f.FromMontgomery(inv, inv);
                CollectionAssert.AreEqual(inv, inv2, "both inverses agree #" + i);
            }
            f.InvertVartime(new uint[8], inv2);
            Assert.AreEqual(0xFFFFFFFFu, f.IsZero(inv2), "0 has no inverse: 0");
        }
    }
}
