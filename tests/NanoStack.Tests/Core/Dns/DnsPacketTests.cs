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
    /// <summary>The DNS header view: every flag and count read and written at its RFC 1035 §4.1.1 place.</summary>
    [TestClass]
    public class DnsPacketTests
    {
        [TestMethod]
        public void ReadsACapturedResponseHeader()
        {
            // ID 0xBEEF, QR AA RD | RA NXDOMAIN, counts 1 0 1 0.
            byte[] b = WireVectors.Hex("beef8583000100000001000000");
            DnsPacket p = new DnsPacket(b, 0, 12);
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, p.CheckLength(), "12 bytes");
            Assert.AreEqual((ushort)0xBEEF, p.Id);
            Assert.IsTrue(p.IsResponse, "QR");
            Assert.AreEqual(0, p.Opcode);
            Assert.IsTrue(p.IsAuthoritative, "AA");
            Assert.IsFalse(p.IsTruncated, "TC");
            Assert.IsTrue(p.RecursionDesired, "RD");
            Assert.IsTrue(p.RecursionAvailable, "RA");
            Assert.AreEqual(DnsRcode.NameError, p.Rcode);
            Assert.AreEqual((ushort)1, p.QuestionCount);
            Assert.AreEqual((ushort)0, p.AnswerCount);
            Assert.AreEqual((ushort)1, p.AuthorityCount);
            Assert.AreEqual((ushort)0, p.AdditionalCount);
            Assert.AreEqual(12, p.QuestionOffset);
            DnsTestMessage.AreEqual(DnsWireStatus.Truncated, new DnsPacket(b, 0, 11).CheckLength(), "11 bytes");
        }

        [TestMethod]
        public void EachFlagSetsOnlyItsBits()
        {
            byte[] b = WireVectors.Filled(14);
            DnsPacket p = new DnsPacket(b, 1, 12);
            p.Flags = 0;
            p.IsResponse = true;
            Assert.AreEqual((ushort)0x8000, p.Flags, "QR");
            p.Opcode = 0xF;
            Assert.AreEqual((ushort)0xF800, p.Flags, "OPCODE");
            p.Opcode = 2;
            Assert.AreEqual((ushort)0x9000, p.Flags, "OPCODE 2 (STATUS)");
            p.IsAuthoritative = true;
            p.IsTruncated = true;
            p.RecursionDesired = true;
            p.RecursionAvailable = true;
            Assert.AreEqual((ushort)0x9780, p.Flags, "AA TC RD RA");
            p.Rcode = 0x1F;
            Assert.AreEqual((ushort)0x978F, p.Flags, "RCODE keeps 4 bits");
            p.IsTruncated = false;
            p.Rcode = DnsRcode.Refused;
            Assert.AreEqual((ushort)0x9585, p.Flags, "TC cleared, REFUSED");
            p.Id = 0x1234;
            p.QuestionCount = 1;
            p.AnswerCount = 0x0203;
            p.AuthorityCount = 4;
            p.AdditionalCount = 0xFFFF;
            WireVectors.SameBytes(WireVectors.Hex("a512349585000102030004ffffa5"), b, "bytes in place, the neighbours untouched");
        }
    }
}
