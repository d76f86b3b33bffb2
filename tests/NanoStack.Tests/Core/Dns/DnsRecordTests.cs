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
using NanoStack.Wire;

namespace NanoStack.Tests.Core.Dns
{
    /// <summary>Resource records read from a message (RFC 1035 §4.1.3) with their RDATA checks.</summary>
    [TestClass]
    public class DnsRecordTests
    {
        private static DnsWireStatus ReadFirstAnswer(DnsTestMessage m, out DnsRecord rr, out int position)
        {
            byte[] b = m.Placed(5);
            DnsPacket p = new DnsPacket(b, 5, m.Length);
            // Skip the header and the question written by DnsTestMessage.Response.
            int nameLength, end;
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, DnsName.Read(b, 5, m.Length, p.QuestionOffset, null, 0, out nameLength, out end), "question");
            position = end + 4;
            int start = position;
            DnsWireStatus st = DnsRecord.TryRead(p, ref position, out rr);
            if (st != DnsWireStatus.Ok)
            {
                Assert.AreEqual(start, position, "position kept on failure");
            }
            position -= 5;
            return st;
        }

        [TestMethod]
        public void ReadsTheFixedFields()
        {
            DnsTestMessage m = DnsTestMessage.Response(1, "host.example", 1).AToQuestion(3600, new Ipv4Address(192, 0, 2, 7));
            DnsRecord rr;
            int position;
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, ReadFirstAnswer(m, out rr, out position), "A");
            Assert.AreEqual(DnsRecordType.A, rr.Type);
            Assert.AreEqual(DnsClass.In, rr.Class);
            Assert.AreEqual(3600u, rr.Ttl);
            Assert.AreEqual(4, rr.DataLength);
            Assert.AreEqual(5 + 12 + 14 + 4, rr.NameOffset, "owner: the pointer right after the question");
            Assert.AreEqual(rr.NameOffset + 2 + DnsRecord.FixedLength, rr.DataOffset);
            Assert.AreEqual(m.Length, position, "moved past the record");
            Assert.AreEqual(rr.DataOffset + 4, rr.End);
        }

        [TestMethod]
        public void TtlWithTheTopBitSetIsZero()
        {
            DnsTestMessage m = DnsTestMessage.Response(1, "h", 1).AToQuestion(0x80000001u, new Ipv4Address(192, 0, 2, 7));
            DnsRecord rr;
            int position;
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, ReadFirstAnswer(m, out rr, out position), "A");
            Assert.AreEqual(0u, rr.Ttl, "RFC 2181 §8");
            m = DnsTestMessage.Response(1, "h", 1).AToQuestion(0x7FFFFFFFu, new Ipv4Address(192, 0, 2, 7));
            ReadFirstAnswer(m, out rr, out position);
            Assert.AreEqual(0x7FFFFFFFu, rr.Ttl);
        }

        [TestMethod]
        public void ARecordsCarryExactlyFourOctets()
        {
            DnsRecord rr;
            int position;
            int[] lengths = new int[] { 0, 3, 5, 16 };
            for (int i = 0; i < lengths.Length; i++)
            {
                DnsTestMessage m = DnsTestMessage.Response(1, "h", 1);
                m.Pointer(12).Fixed(DnsRecordType.A, DnsClass.In, 60, lengths[i]);
                for (int k = 0; k < lengths[i]; k++)
                {
                    m.U8(k);
                }
                DnsTestMessage.AreEqual(DnsWireStatus.BadRdataLength, ReadFirstAnswer(m, out rr, out position), "RDLENGTH " + lengths[i].ToString());
            }
            // Class CHAOS A records are not IN addresses: their RDATA is not judged.
            DnsTestMessage ch = DnsTestMessage.Response(1, "h", 1);
            ch.Pointer(12).Fixed(DnsRecordType.A, 3, 60, 5).U32(1).U8(2);
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, ReadFirstAnswer(ch, out rr, out position), "CH A");
        }

        [TestMethod]
        public void RdataMustLieInsideTheMessage()
        {
            DnsRecord rr;
            int position;
            DnsTestMessage m = DnsTestMessage.Response(1, "h", 1);
            m.Pointer(12).Fixed(DnsRecordType.Txt, DnsClass.In, 60, 10).U32(0);
            DnsTestMessage.AreEqual(DnsWireStatus.Truncated, ReadFirstAnswer(m, out rr, out position), "RDLENGTH 10, 4 present");
            m = DnsTestMessage.Response(1, "h", 1);
            m.Pointer(12).U16(DnsRecordType.A).U16(DnsClass.In).U32(60).U8(0);
            DnsTestMessage.AreEqual(DnsWireStatus.Truncated, ReadFirstAnswer(m, out rr, out position), "fixed fields cut");
            m = DnsTestMessage.Response(1, "h", 1);
            m.Pointer(12).Fixed(DnsRecordType.Txt, DnsClass.In, 60, 0xFFFF);
            DnsTestMessage.AreEqual(DnsWireStatus.Truncated, ReadFirstAnswer(m, out rr, out position), "RDLENGTH 65535");
            m = DnsTestMessage.Response(1, "h", 1);
            m.Pointer(12).Fixed(DnsRecordType.Txt, DnsClass.In, 60, 0);
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, ReadFirstAnswer(m, out rr, out position), "empty RDATA at the very end");
        }

        [TestMethod]
        public void CnameRdataIsExactlyOneName()
        {
            DnsRecord rr;
            int position;
            DnsTestMessage m = DnsTestMessage.Response(1, "h", 1);
            m.Pointer(12).Fixed(DnsRecordType.Cname, DnsClass.In, 60, 4).Labels("x").Pointer(12);
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, ReadFirstAnswer(m, out rr, out position), "labels and a pointer");
            m = DnsTestMessage.Response(1, "h", 1);
            m.Pointer(12).Fixed(DnsRecordType.Cname, DnsClass.In, 60, 5).Labels("x").Pointer(12).U8(0);
            DnsTestMessage.AreEqual(DnsWireStatus.BadRdataLength, ReadFirstAnswer(m, out rr, out position), "a byte after the name");
            m = DnsTestMessage.Response(1, "h", 1);
            m.Pointer(12).Fixed(DnsRecordType.Cname, DnsClass.In, 60, 2).Name("abc");
            DnsTestMessage.AreEqual(DnsWireStatus.BadRdataLength, ReadFirstAnswer(m, out rr, out position), "the name runs past RDATA");
            m = DnsTestMessage.Response(1, "h", 1);
            m.Pointer(12).Fixed(DnsRecordType.Cname, DnsClass.In, 60, 2).Pointer(200);
            DnsTestMessage.AreEqual(DnsWireStatus.BadPointer, ReadFirstAnswer(m, out rr, out position), "a forward pointer in RDATA");
            m = DnsTestMessage.Response(1, "h", 1);
            m.Pointer(12).Fixed(DnsRecordType.Cname, DnsClass.In, 60, 0);
            DnsTestMessage.AreEqual(DnsWireStatus.BadRdataLength, ReadFirstAnswer(m, out rr, out position), "empty RDATA");
        }

        [TestMethod]
        public void OwnerNameFaultsArePassedOn()
        {
            DnsRecord rr;
            int position;
            DnsTestMessage m = DnsTestMessage.Response(1, "h", 1);
            int here = m.Length;
            m.Pointer(here).Fixed(DnsRecordType.A, DnsClass.In, 60, 4).U32(1);
            DnsTestMessage.AreEqual(DnsWireStatus.BadPointer, ReadFirstAnswer(m, out rr, out position), "owner points at itself");
            m = DnsTestMessage.Response(1, "h", 1);
            m.U8(70);
            DnsTestMessage.AreEqual(DnsWireStatus.LabelTooLong, ReadFirstAnswer(m, out rr, out position), "label 70");
        }
    }
}
