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
    public class MacAddressTests
    {
        [TestMethod]
        public void ReadWriteAndFormat()
        {
            byte[] b = WireVectors.Hex("a50200005e1001a5");
            MacAddress m = MacAddress.Read(b, 1);
            Assert.AreEqual(0x0200005E1001UL, m.Value);
            Assert.AreEqual("02:00:00:5e:10:01", m.ToString());
            byte[] o = WireVectors.Filled(8);
            m.Write(o, 1);
            Assert.AreEqual((byte)0xA5, o[0]);
            Assert.AreEqual((byte)0xA5, o[7]);
            Assert.AreEqual((byte)0x02, o[1]);
            Assert.AreEqual((byte)0x01, o[6]);
            Assert.AreEqual((byte)0x5E, m.GetOctet(3));
            Assert.IsTrue(m == new MacAddress(2, 0, 0, 0x5E, 0x10, 1));
        }

        [TestMethod]
        public void Predicates()
        {
            Assert.IsTrue(MacAddress.Broadcast.IsBroadcast);
            Assert.IsTrue(MacAddress.Broadcast.IsMulticast);
            Assert.IsTrue(MacAddress.Unspecified.IsUnspecified);
            Assert.IsTrue(new MacAddress(0x01005E000001UL).IsMulticast);
            Assert.IsFalse(new MacAddress(0x01005E000001UL).IsBroadcast);
            Assert.IsTrue(new MacAddress(0x020000000001UL).IsUnicast);
            Assert.IsTrue(new MacAddress(0x020000000001UL).IsLocallyAdministered);
            Assert.IsFalse(new MacAddress(0x001122334455UL).IsLocallyAdministered);
            // RFC 1112 §6.4: 224.1.130.7 (low 23 bits 0x018207) → 01:00:5e:01:82:07
            Assert.AreEqual("01:00:5e:01:82:07", MacAddress.FromIpv4Multicast(new Ipv4Address(224, 129, 130, 7)).ToString());
        }

        [TestMethod]
        public void TryParseAcceptsColonAndDashForms()
        {
            MacAddress m;
            Assert.IsTrue(MacAddress.TryParse("02:00:5E:10:00:01", out m));
            Assert.AreEqual(0x02005E100001UL, m.Value);
            Assert.IsTrue(MacAddress.TryParse("2-0-5e-10-0-1", out m));
            Assert.AreEqual(0x02005E100001UL, m.Value);
            Assert.IsTrue(MacAddress.TryParse(MacAddress.Broadcast.ToString(), out m));
            Assert.IsTrue(m.IsBroadcast);
        }

        [TestMethod]
        public void TryParseRejectsMalformed()
        {
            string[] bad = new string[]
            {
                null, "", "02:00:5e:10:00", "02:00:5e:10:00:01:02", "02:00:5e:10:00:", ":00:5e:10:00:01",
                "020:00:5e:10:00:01", "02:00-5e:10:00:01", "02:00:5g:10:00:01", "02::5e:10:00:01", "02:00:5e:10:00:01 ",
            };
            for (int i = 0; i < bad.Length; i++)
            {
                MacAddress m;
                Assert.IsFalse(MacAddress.TryParse(bad[i], out m), "case " + i.ToString());
                Assert.AreEqual(0UL, m.Value);
            }
        }
    }
}
