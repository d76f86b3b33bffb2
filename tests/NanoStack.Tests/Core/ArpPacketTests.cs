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
    public class ArpPacketTests
    {
        [TestMethod]
        public void ParsesRequestAndReply()
        {
            byte[] f = WireVectors.Hex(WireVectors.HandArpRequest);
            ArpRepr r;
            WireVectors.AreEqual(WireStatus.Ok, ArpRepr.TryParse(new ArpPacket(f, 14, f.Length - 14), out r), "request");
            Assert.AreEqual(ArpOperation.Request, r.Operation);
            Assert.AreEqual("02:00:00:00:00:01", r.SenderHardwareAddress.ToString());
            Assert.AreEqual("192.168.1.100", r.SenderProtocolAddress.ToString());
            Assert.IsTrue(r.TargetHardwareAddress.IsUnspecified);
            Assert.AreEqual("192.168.1.1", r.TargetProtocolAddress.ToString());

            f = WireVectors.Hex(WireVectors.HandArpReply);
            WireVectors.AreEqual(WireStatus.Ok, ArpRepr.TryParse(new ArpPacket(f, 14, f.Length - 14), out r), "reply");
            Assert.AreEqual(ArpOperation.Reply, r.Operation);
            Assert.AreEqual("02:00:00:00:00:02", r.SenderHardwareAddress.ToString());
            Assert.AreEqual("192.168.1.1", r.SenderProtocolAddress.ToString());
        }

        [TestMethod]
        public void EmitThenParseRoundTrip()
        {
            ArpRepr r = new ArpRepr();
            r.Operation = ArpOperation.Reply;
            r.SenderHardwareAddress = new MacAddress(0x020000000002UL);
            r.SenderProtocolAddress = new Ipv4Address(192, 168, 1, 1);
            r.TargetHardwareAddress = new MacAddress(0x020000000001UL);
            r.TargetProtocolAddress = new Ipv4Address(192, 168, 1, 100);
            byte[] b = WireVectors.Filled(14 + r.BufferLength);
            r.Emit(new ArpPacket(b, 14, r.BufferLength));
            byte[] expected = WireVectors.Hex(WireVectors.HandArpReply);
            for (int i = 0; i < 14; i++)
            {
                expected[i] = 0xA5;
            }
            WireVectors.SameBytes(expected, b, "emitted reply");
            ArpRepr p;
            WireVectors.AreEqual(WireStatus.Ok, ArpRepr.TryParse(new ArpPacket(b, 14, r.BufferLength), out p), "parse");
            Assert.AreEqual(r.Operation, p.Operation);
            Assert.IsTrue(r.SenderHardwareAddress == p.SenderHardwareAddress && r.TargetHardwareAddress == p.TargetHardwareAddress);
            Assert.IsTrue(r.SenderProtocolAddress == p.SenderProtocolAddress && r.TargetProtocolAddress == p.TargetProtocolAddress);
        }

        [TestMethod]
        public void OtherHardwareProtocolOrOperationIsUnsupported()
        {
            int[] offsets = new int[] { 0 + 1, 2, 4, 5, 6 + 1 };
            byte[] values = new byte[] { 6, 0x86, 8, 16, 3 };
            for (int i = 0; i < offsets.Length; i++)
            {
                byte[] f = WireVectors.Hex(WireVectors.HandArpReply);
                f[14 + offsets[i]] = values[i];
                ArpRepr r;
                WireVectors.AreEqual(WireStatus.Unsupported, ArpRepr.TryParse(new ArpPacket(f, 14, 28), out r), "field " + i.ToString());
            }
        }

        [TestMethod]
        public void TruncatedAtEveryLength()
        {
            byte[] f = WireVectors.Hex(WireVectors.HandArpReply);
            for (int n = 0; n < ArpPacket.PacketLength; n++)
            {
                ArpRepr r;
                WireVectors.AreEqual(WireStatus.Truncated, ArpRepr.TryParse(new ArpPacket(f, 14, n), out r), "length " + n.ToString());
            }
        }
    }
}
