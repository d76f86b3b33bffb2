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
    public class Ipv4AddressTests
    {
        [TestMethod]
        public void ReadWriteAndFormat()
        {
            Ipv4Address a = new Ipv4Address(192, 0, 2, 1);
            Assert.AreEqual(0xC0000201u, a.Value);
            Assert.AreEqual("192.0.2.1", a.ToString());
            Assert.AreEqual("0.0.0.0", Ipv4Address.Any.ToString());
            Assert.AreEqual("255.255.255.255", Ipv4Address.Broadcast.ToString());
            Assert.AreEqual("10.20.100.9", new Ipv4Address(10, 20, 100, 9).ToString());
            byte[] b = WireVectors.Filled(6);
            a.Write(b, 1);
            Assert.AreEqual((byte)0xA5, b[0]);
            Assert.AreEqual((byte)0xA5, b[5]);
            Assert.IsTrue(Ipv4Address.Read(b, 1) == a);
            Assert.AreEqual((byte)2, a.GetOctet(2));
        }

        [TestMethod]
        public void Predicates()
        {
            Assert.IsTrue(Ipv4Address.Broadcast.IsBroadcast);
            Assert.IsTrue(Ipv4Address.Any.IsUnspecified);
            Assert.IsTrue(new Ipv4Address(224, 0, 0, 251).IsMulticast);
            Assert.IsTrue(new Ipv4Address(239, 255, 255, 255).IsMulticast);
            Assert.IsFalse(new Ipv4Address(240, 0, 0, 1).IsMulticast);
            Assert.IsTrue(new Ipv4Address(127, 1, 2, 3).IsLoopback);
            Assert.IsTrue(Ipv4Address.Loopback.IsLoopback);
            Assert.IsTrue(new Ipv4Address(169, 254, 7, 7).IsLinkLocal);
            Assert.IsFalse(new Ipv4Address(169, 253, 7, 7).IsLinkLocal);
            Assert.IsTrue(new Ipv4Address(192, 168, 1, 1).IsUnicast);
            Assert.IsFalse(new Ipv4Address(224, 0, 0, 1).IsUnicast);
            Assert.IsFalse(Ipv4Address.Broadcast.IsUnicast);
            Assert.IsFalse(Ipv4Address.Any.IsUnicast);
        }

        [TestMethod]
        public void SubnetHelpers()
        {
            Assert.AreEqual(0u, Ipv4Address.PrefixToMask(0).Value);
            Assert.AreEqual(0x80000000u, Ipv4Address.PrefixToMask(1).Value);
            Assert.AreEqual(0xFFFFFF00u, Ipv4Address.PrefixToMask(24).Value);
            Assert.AreEqual(0xFFFFFFFFu, Ipv4Address.PrefixToMask(32).Value);
            Assert.AreEqual(0xFFFFFFFFu, Ipv4Address.PrefixToMask(33).Value);
            Assert.AreEqual(0u, Ipv4Address.PrefixToMask(-1).Value);
            for (int p = 0; p <= 32; p++)
            {
                Assert.AreEqual(p, Ipv4Address.MaskToPrefix(Ipv4Address.PrefixToMask(p)));
            }
            Assert.AreEqual(-1, Ipv4Address.MaskToPrefix(new Ipv4Address(255, 0, 255, 0)));
            Ipv4Address mask = Ipv4Address.PrefixToMask(24);
            Ipv4Address a = new Ipv4Address(192, 168, 1, 100);
            Assert.IsTrue(a.IsInSameSubnet(new Ipv4Address(192, 168, 1, 1), mask));
            Assert.IsFalse(a.IsInSameSubnet(new Ipv4Address(192, 168, 2, 1), mask));
            Assert.AreEqual("192.168.1.0", a.Network(mask).ToString());
            Assert.AreEqual("192.168.1.255", a.SubnetBroadcast(mask).ToString());
        }

        [TestMethod]
        public void TryParse()
        {
            Ipv4Address a;
            Assert.IsTrue(Ipv4Address.TryParse("192.0.2.1", out a));
            Assert.AreEqual(0xC0000201u, a.Value);
            Assert.IsTrue(Ipv4Address.TryParse("0.0.0.0", out a));
            Assert.AreEqual(0u, a.Value);
            Assert.IsTrue(Ipv4Address.TryParse("255.255.255.255", out a));
            Assert.AreEqual(0xFFFFFFFFu, a.Value);
            string[] bad = new string[]
            {
                null, "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.04", "1..2.3", ".1.2.3", "1.2.3.", "1.2.3.4 ", "-1.2.3.4", "1.2.3.1000", "a.b.c.d",
            };
            for (int i = 0; i < bad.Length; i++)
            {
                Assert.IsFalse(Ipv4Address.TryParse(bad[i], out a), "case " + i.ToString());
            }
        }
    }
}
