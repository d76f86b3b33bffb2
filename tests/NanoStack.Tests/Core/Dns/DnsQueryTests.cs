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
    /// <summary>The query writer: exact bytes (RFC 1035 §4.1.1, §4.1.2) and its refusals.</summary>
    [TestClass]
    public class DnsQueryTests
    {
        [TestMethod]
        public void WritesAStandardQueryExactly()
        {
            byte[] b = WireVectors.Filled(2 + DnsQuery.MaxLength);
            int length;
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, DnsQuery.Write(b, 2, DnsQuery.MaxLength, 0xBEEF, "www.example.com", DnsRecordType.A, out length), "write");
            Assert.AreEqual(12 + 17 + 4, length);
            byte[] q = new byte[length];
            System.Array.Copy(b, 2, q, 0, length);
            // ID, RD only, QDCOUNT 1, no other records; QNAME; QTYPE A; QCLASS IN.
            WireVectors.SameBytes(WireVectors.Hex("beef01000001000000000000" + "03777777076578616d706c6503636f6d00" + "00010001"), q, "query");
            Assert.AreEqual((byte)0xA5, b[1]);
            Assert.AreEqual((byte)0xA5, b[2 + length]);
        }

        [TestMethod]
        public void TheLongestNameFitsMaxLength()
        {
            char[] t = new char[253];
            for (int i = 0; i < t.Length; i++)
            {
                t[i] = (i % 64 == 63) ? '.' : 'q';
            }
            byte[] b = new byte[DnsQuery.MaxLength];
            int length;
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, DnsQuery.Write(b, 0, b.Length, 1, new string(t), DnsRecordType.A, out length), "253 characters");
            Assert.AreEqual(DnsQuery.MaxLength, length);
            DnsTestMessage.AreEqual(DnsWireStatus.NoRoom, DnsQuery.Write(b, 0, b.Length - 1, 1, new string(t), DnsRecordType.A, out length), "one byte short");
            Assert.AreEqual(0, length);
            DnsTestMessage.AreEqual(DnsWireStatus.NoRoom, DnsQuery.Write(b, 0, 11, 1, "a", DnsRecordType.A, out length), "no room for the header");
        }

        [TestMethod]
        public void PassesOnTheNameStatus()
        {
            byte[] b = new byte[DnsQuery.MaxLength];
            int length;
            DnsTestMessage.AreEqual(DnsWireStatus.EmptyLabel, DnsQuery.Write(b, 0, b.Length, 1, "a..b", DnsRecordType.A, out length), "empty label");
            DnsTestMessage.AreEqual(DnsWireStatus.InvalidCharacter, DnsQuery.Write(b, 0, b.Length, 1, "a b", DnsRecordType.A, out length), "space");
            DnsTestMessage.AreEqual(DnsWireStatus.EmptyName, DnsQuery.Write(b, 0, b.Length, 1, "", DnsRecordType.A, out length), "empty");
        }
    }
}
