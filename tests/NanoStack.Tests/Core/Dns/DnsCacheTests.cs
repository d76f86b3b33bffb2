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
using NanoStack.Dns;

namespace NanoStack.Tests.Core.Dns
{
    /// <summary>The fixed cache: TTLs on the caller's clock, the cap, case, replacement.</summary>
    [TestClass]
    public class DnsCacheTests
    {
        private static byte[] Name(string text)
        {
            byte[] b = new byte[DnsName.MaxLength];
            int length;
            DnsName.Encode(text, b, 0, b.Length, out length);
            byte[] exact = new byte[length];
            System.Array.Copy(b, 0, exact, 0, length);
            return exact;
        }

        private static void Store(DnsCache cache, long now, string name, uint address, uint ttl)
        {
            byte[] n = Name(name);
            cache.Store(now, n, 0, n.Length, new uint[] { address, address + 1 }, 2, ttl);
        }

        private static bool Lookup(DnsCache cache, long now, string name, out uint first, out uint remaining)
        {
            byte[] n = Name(name);
            uint[] into = new uint[cache.MaxAddresses];
            int count;
            bool hit = cache.TryLookup(now, n, 0, n.Length, into, out count, out remaining);
            first = hit ? into[0] : 0;
            if (hit)
            {
                Assert.AreEqual(2, count, "both addresses kept");
                Assert.AreEqual(first + 1, into[1]);
            }
            return hit;
        }

        [TestMethod]
        public void HitUntilTheTtlRunsOut()
        {
            DnsCache cache = new DnsCache(4, 4, 86400);
            Store(cache, 10000, "Host.Test", 0xC0000201u, 30);
            uint a, left;
            Assert.IsTrue(Lookup(cache, 10000, "host.test", out a, out left), "hit, any case");
            Assert.AreEqual(0xC0000201u, a);
            Assert.AreEqual(30u, left);
            Assert.IsTrue(Lookup(cache, 10000 + 29001, "HOST.TEST", out a, out left), "0.999 s left");
            Assert.AreEqual(1u, left, "rounded up");
            Assert.IsFalse(Lookup(cache, 10000 + 30000, "host.test", out a, out left), "expired exactly at the TTL");
            Assert.AreEqual(0, cache.Count(10000 + 30000));
            Assert.IsFalse(Lookup(cache, 10000, "other.test", out a, out left), "another name");
        }

        [TestMethod]
        public void ZeroTtlIsNotStoredAndLongOnesAreCapped()
        {
            DnsCache cache = new DnsCache(2, 2, 3600);
            Store(cache, 0, "zero.test", 1, 0);
            uint a, left;
            Assert.IsFalse(Lookup(cache, 0, "zero.test", out a, out left), "RFC 1035 §3.2.1: TTL 0 is not cached");
            Store(cache, 0, "long.test", 7, 0x7FFFFFFF);
            Assert.IsTrue(Lookup(cache, 0, "long.test", out a, out left), "stored");
            Assert.AreEqual(3600u, left, "capped");
            Assert.IsFalse(Lookup(cache, 3600 * 1000L, "long.test", out a, out left), "gone after the cap");
        }

        [TestMethod]
        public void AFullTableReplacesTheLeastRecentlyUsed()
        {
            DnsCache cache = new DnsCache(2, 2, 86400);
            uint a, left;
            Store(cache, 0, "one.test", 10, 100);
            Store(cache, 1, "two.test", 20, 100);
            Assert.IsTrue(Lookup(cache, 2, "one.test", out a, out left), "one used last");
            Store(cache, 3, "three.test", 30, 100);
            Assert.IsTrue(Lookup(cache, 4, "one.test", out a, out left), "one kept");
            Assert.IsFalse(Lookup(cache, 4, "two.test", out a, out left), "two replaced");
            Assert.IsTrue(Lookup(cache, 4, "three.test", out a, out left), "three stored");
            Assert.AreEqual(30u, a);

            Store(cache, 5, "ONE.test", 40, 100);
            Assert.IsTrue(Lookup(cache, 6, "one.test", out a, out left), "refreshed in place");
            Assert.AreEqual(40u, a);
            Assert.IsTrue(Lookup(cache, 6, "three.test", out a, out left), "the refresh took no other slot");
            Assert.AreEqual(2, cache.Count(6));

            cache.Clear();
            Assert.AreEqual(0, cache.Count(6));
        }

        [TestMethod]
        public void AnExpiredSlotIsReusedFirst()
        {
            DnsCache cache = new DnsCache(2, 2, 86400);
            uint a, left;
            Store(cache, 0, "short.test", 10, 1);
            Store(cache, 0, "long.test", 20, 100);
            Lookup(cache, 500, "long.test", out a, out left);
            Store(cache, 2000, "new.test", 30, 100);
            Assert.IsTrue(Lookup(cache, 2000, "long.test", out a, out left), "the live entry stays though used earlier");
            Assert.IsTrue(Lookup(cache, 2000, "new.test", out a, out left));
        }

        [TestMethod]
        public void NoSlotsStoresNothing()
        {
            DnsCache cache = new DnsCache(0, 1, 60);
            uint a, left;
            Store(cache, 0, "x.test", 1, 60);
            Assert.AreEqual(0, cache.Capacity);
            Assert.IsFalse(Lookup(cache, 0, "x.test", out a, out left));
        }
    }
}
