using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Tls.Crypto;

namespace NanoStack.Host.Tests.Crypto
{
    /// <summary>X25519 allocates its scratch once; operations allocate nothing.</summary>
    [TestClass]
    public class X25519AllocationTests
    {
        [TestMethod]
        public void OperationsAllocateNothing()
        {
            var x = new X25519();
            byte[] k = new byte[32];
            byte[] pub = new byte[32];
            byte[] shared = new byte[32];
            new System.Random(25519).NextBytes(k);
            x.ComputePublicKey(k, 0, pub, 0);

            Assert.AreEqual(0L, Allocations.Measure(() => x.ComputePublicKey(k, 0, pub, 0)), "ComputePublicKey");
            Assert.AreEqual(0L, Allocations.Measure(() => x.ComputeSharedSecret(k, 0, pub, 0, shared, 0)), "ComputeSharedSecret");

            // The rejecting path (all-zero result) allocates nothing either.
            byte[] lowOrder = new byte[32];
            Assert.AreEqual(0L, Allocations.Measure(() => x.ComputeSharedSecret(k, 0, lowOrder, 0, shared, 0)), "low-order input");
        }
    }
}
