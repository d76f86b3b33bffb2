using System;
using System.Security.Cryptography;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Tls.Crypto;

namespace NanoStack.Host.Tests.Crypto
{
    /// <summary>
    /// What the elliptic-curve objects allocate (x64, GC.GetAllocatedBytesForCurrentThread, after
    /// a warm-up call so static tables and JIT are not counted): the compact P-256 verifier fits
    /// the device budget, verification alone never carries the ECDH table, and nothing
    /// allocates per operation.
    /// </summary>
    [TestClass]
    public sealed class EcMemoryTests
    {
        // The device budget for the P-256 verifier, all constructor temporaries included.
        private const long CompactP256Budget = 4_000;

        private static long Bytes(Func<object> create)
        {
            create();
            long before = GC.GetAllocatedBytesForCurrentThread();
            object o = create();
            long after = GC.GetAllocatedBytesForCurrentThread();
            GC.KeepAlive(o);
            return after - before;
        }

        [TestMethod]
        public void CompactP256VerifierFitsTheBudget()
        {
            long compact = Bytes(() => EcdsaVerifier.P256Compact());
            long fast = Bytes(() => EcdsaVerifier.P256());
            Console.WriteLine($"EcdsaVerifier.P256Compact(): {compact} B (budget {CompactP256Budget} B)");
            Console.WriteLine($"EcdsaVerifier.P256(): {fast} B");
            Console.WriteLine($"EcdsaVerifier.P384Compact(): {Bytes(() => EcdsaVerifier.P384Compact())} B");
            Console.WriteLine($"EcdsaVerifier.P384(): {Bytes(() => EcdsaVerifier.P384())} B");
            Assert.IsTrue(compact <= CompactP256Budget, "P256Compact allocates " + compact + " B");
            // The fast tables cost more, but nowhere near the former 26 KB of small arrays.
            Assert.IsTrue(fast > compact && fast <= 6_400, "P256 allocates " + fast + " B");
        }

        [TestMethod]
        public void CompactP256VerifyAllocatesNothing()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var p = key.ExportParameters(false);
            byte[] pub = new byte[65];
            pub[0] = 4;
            p.Q.X.CopyTo(pub, 1);
            p.Q.Y.CopyTo(pub, 33);
            byte[] digest = SHA256.HashData(new byte[] { 1, 2, 3 });
            byte[] der = key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
            byte[] raw = key.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            var v = EcdsaVerifier.P256Compact();
            bool ok = true;
            long bytes = Allocations.Measure(() =>
            {
                ok &= v.VerifyDer(pub, 0, pub.Length, digest, 0, digest.Length, der, 0, der.Length);
                ok &= v.Verify(pub, 0, pub.Length, digest, 0, digest.Length, raw, 0, 32, raw, 32, 32);
                ok &= !v.VerifyDer(pub, 0, pub.Length, digest, 0, digest.Length, der, 0, der.Length - 1);
            }, 5);
            Assert.IsTrue(ok);
            Assert.AreEqual(0L, bytes, "bytes allocated by 15 verifications");
        }

        [TestMethod]
        public void EcdhTableIsAllocatedOnlyForAnEcdh()
        {
            // A verifier, then an Ecdh over its curve: the Ecdh pays for the table (a compact curve
            // has 2-bit windows: 3 entries, 3 × 3 × 32 bytes of data) and its two accumulator
            // points; the verifier did not.
            var verifier = EcdsaVerifier.P256Compact();
            long sharing = Bytes(() => Ecdh.SharingCurveWith(EcdsaVerifier.P256Compact())) - Bytes(() => EcdsaVerifier.P256Compact());
            long standalone = Bytes(() => Ecdh.P256());
            Console.WriteLine($"Ecdh.SharingCurveWith(P256Compact verifier): {sharing} B more than the verifier");
            Console.WriteLine($"Ecdh.P256() (no verification tables): {standalone} B");
            Assert.IsTrue(sharing >= 3 * 3 * 32, "the ECDH table is the Ecdh's: " + sharing);
            Assert.IsTrue(sharing <= 1_200, "a compact curve's ECDH table has 3 entries: " + sharing);
            Assert.IsTrue(standalone <= 4_000, "Ecdh.P256 allocates " + standalone + " B");

            // The second Ecdh over the same curve reuses the table.
            Ecdh.SharingCurveWith(verifier);
            long again = Bytes(() => Ecdh.SharingCurveWith(verifier));
            Assert.IsTrue(again < 512, "a second Ecdh over one curve: " + again + " B");
        }

        [TestMethod]
        public void Sha384AndSha512AreSmall()
        {
            long sha384 = Bytes(() => new Sha384());
            long sha512 = Bytes(() => new Sha512());
            Console.WriteLine($"Sha384: {sha384} B, Sha512: {sha512} B");
            // 16-word schedule (128 B) + 8-word state + 128-byte block + objects; the 80-word
            // schedule alone was 640 B.
            Assert.IsTrue(sha384 <= 512, "Sha384 allocates " + sha384 + " B");
            Assert.IsTrue(sha512 <= 512, "Sha512 allocates " + sha512 + " B");
        }
    }
}
