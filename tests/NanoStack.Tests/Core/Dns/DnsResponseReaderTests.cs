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
    /// <summary>
    /// Responses to an A query: matched (RFC 5452 §9.1) or not, then read: plain A, several A,
    /// CNAME chains in and out of order, compressed names, every RCODE, and hostile sections each
    /// failing with the exact status and wire fault.
    /// </summary>
    [TestClass]
    public class DnsResponseReaderTests
    {
        private const ushort Id = 0x4A7D;
        private static readonly Ipv4Address Addr1 = new Ipv4Address(192, 0, 2, 10);
        private static readonly Ipv4Address Addr2 = new Ipv4Address(192, 0, 2, 11);
        private static readonly Ipv4Address Addr3 = new Ipv4Address(198, 51, 100, 3);

        private DnsResponseReader _reader;
        private byte[] _qname;

        private void Setup(string name)
        {
            _reader = new DnsResponseReader(4, 8);
            _qname = new byte[DnsName.MaxLength];
            int length;
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, DnsName.Encode(name, _qname, 0, _qname.Length, out length), "encode");
            byte[] exact = new byte[length];
            System.Array.Copy(_qname, 0, exact, 0, length);
            _qname = exact;
        }

        private DnsResponseMatch Match(DnsTestMessage m)
        {
            byte[] b = m.Placed(7);
            return _reader.Match(new DnsPacket(b, 7, m.Length), Id, _qname, 0, _qname.Length);
        }

        /// <summary>Matches (asserted) and reads, from offset 7 of a buffer with a stale byte after the message.</summary>
        private DnsStatus Read(DnsTestMessage m)
        {
            byte[] b = m.Placed(7);
            DnsPacket p = new DnsPacket(b, 7, m.Length);
            DnsTestMessage.AreEqual(DnsResponseMatch.Match, _reader.Match(p, Id, _qname, 0, _qname.Length), "match");
            return _reader.Read(p, _qname, 0, _qname.Length);
        }

        // ------------------------------------------------------------------ good answers

        [TestMethod]
        public void PlainARecord()
        {
            Setup("device.test");
            DnsTestMessage.AreEqual(DnsStatus.Resolved, Read(DnsTestMessage.Response(Id, "device.test", 1).AToQuestion(300, Addr1)), "A");
            Assert.AreEqual(1, _reader.AddressCount);
            Assert.AreEqual(Addr1, _reader.Address);
            Assert.AreEqual(300u, _reader.TtlSeconds);
            Assert.AreEqual(0, _reader.CnameCount);
            Assert.AreEqual(0, _reader.Rcode);
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, _reader.WireStatus, "no fault");
        }

        [TestMethod]
        public void SeveralARecordsKeepTheirOrderAndTheSmallestTtl()
        {
            Setup("multi.test");
            DnsTestMessage m = DnsTestMessage.Response(Id, "multi.test", 5)
                .AToQuestion(300, Addr1).AToQuestion(200, Addr2).AToQuestion(300, Addr3)
                .AToQuestion(300, new Ipv4Address(10, 0, 0, 4)).AToQuestion(300, new Ipv4Address(10, 0, 0, 5));
            DnsTestMessage.AreEqual(DnsStatus.Resolved, Read(m), "five A");
            Assert.AreEqual(4, _reader.AddressCount, "four kept");
            Assert.AreEqual(Addr1, _reader.GetAddress(0));
            Assert.AreEqual(Addr2, _reader.GetAddress(1));
            Assert.AreEqual(Addr3, _reader.GetAddress(2));
            Assert.AreEqual(new Ipv4Address(10, 0, 0, 4), _reader.GetAddress(3));
            Assert.AreEqual(200u, _reader.TtlSeconds, "RFC 2181 §5.2: the smallest");
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => _reader.GetAddress(4));
            uint[] copy = new uint[5];
            Assert.AreEqual(4, _reader.CopyAddresses(copy, 1));
            Assert.AreEqual(Addr1.Value, copy[1]);
        }

        [TestMethod]
        public void CnameChainInOrder()
        {
            // alias.test -> www.device.test -> device.test A, as the emulated server writes it.
            Setup("alias.test");
            DnsTestMessage m = DnsTestMessage.Response(Id, "alias.test", 3);
            m.Pointer(12).Fixed(DnsRecordType.Cname, DnsClass.In, 600, DnsTestMessage.WireLength("www.device.test")).Name("www.device.test");
            m.Cname("www.device.test", 500, "device.test");
            m.A("device.test", 700, Addr1);
            DnsTestMessage.AreEqual(DnsStatus.Resolved, Read(m), "chain");
            Assert.AreEqual(Addr1, _reader.Address);
            Assert.AreEqual(2, _reader.CnameCount);
            Assert.AreEqual(500u, _reader.TtlSeconds, "the smallest along the chain");
        }

        [TestMethod]
        public void CnameChainOutOfOrderWithCompressionAndMixedCase()
        {
            // 12: question a.example.org; the A record comes first, owned by "B.EXAMPLE.ORG" (pointer
            // to labels after it), then the CNAME a -> b written as "b" + pointer to "example.org".
            Setup("A.Example.Org");
            DnsTestMessage m = DnsTestMessage.Response(Id, "a.example.org", 2);
            int aOwner = m.Length;
            m.Labels("B").Pointer(14).Fixed(DnsRecordType.A, DnsClass.In, 90, 4).U32(Addr3.Value);
            m.Pointer(12).Fixed(DnsRecordType.Cname, DnsClass.In, 80, 2).Pointer(aOwner);
            DnsTestMessage.AreEqual(DnsStatus.Resolved, Read(m), "chain out of order");
            Assert.AreEqual(Addr3, _reader.Address);
            Assert.AreEqual(1, _reader.CnameCount);
            Assert.AreEqual(80u, _reader.TtlSeconds);
        }

        [TestMethod]
        public void RecordsOfOtherNamesTypesAndClassesAreSkipped()
        {
            Setup("x.test");
            DnsTestMessage m = DnsTestMessage.Response(Id, "x.test", 4);
            m.A("other.test", 5, Addr2);                                                  // another owner
            m.Pointer(12).Fixed(DnsRecordType.Txt, DnsClass.In, 5, 3).U8(2).U8('h').U8('i'); // another type
            m.Pointer(12).Fixed(DnsRecordType.A, 3, 5, 4).U32(Addr3.Value);                // class CH
            m.AToQuestion(1000, Addr1);
            DnsTestMessage.AreEqual(DnsStatus.Resolved, Read(m), "only the IN A of x.test");
            Assert.AreEqual(1, _reader.AddressCount);
            Assert.AreEqual(Addr1, _reader.Address);
            Assert.AreEqual(1000u, _reader.TtlSeconds, "TTLs of skipped records do not count");
        }

        [TestMethod]
        public void AnswersWithoutAnAddress()
        {
            Setup("nodata.test");
            DnsTestMessage.AreEqual(DnsStatus.NoAddress, Read(DnsTestMessage.Response(Id, "nodata.test", 0)), "NOERROR, no answer");
            Assert.AreEqual(0, _reader.AddressCount);
            Assert.AreEqual(Ipv4Address.Any, _reader.Address);
            DnsTestMessage m = DnsTestMessage.Response(Id, "nodata.test", 1).Cname("nodata.test", 60, "elsewhere.test");
            DnsTestMessage.AreEqual(DnsStatus.NoAddress, Read(m), "a chain that ends without A");
            Assert.AreEqual(1, _reader.CnameCount);
            Assert.AreEqual(0u, _reader.TtlSeconds);
        }

        // ------------------------------------------------------------------ RCODE and TC

        [TestMethod]
        public void EveryRcode()
        {
            Setup("h.test");
            int[] rcodes = new int[] { 1, 2, 3, 4, 5, 6, 9, 15 };
            DnsStatus[] expected = new DnsStatus[]
            {
                DnsStatus.FormatError, DnsStatus.ServerFailure, DnsStatus.NameError, DnsStatus.NotImplemented,
                DnsStatus.Refused, DnsStatus.UnexpectedRcode, DnsStatus.UnexpectedRcode, DnsStatus.UnexpectedRcode,
            };
            for (int i = 0; i < rcodes.Length; i++)
            {
                DnsTestMessage m = DnsTestMessage.Header(Id, 0x8180 | rcodes[i], 1, 0, 0, 0);
                m.Name("h.test").U16(1).U16(1);
                DnsTestMessage.AreEqual(expected[i], Read(m), "RCODE " + rcodes[i].ToString());
                Assert.AreEqual(rcodes[i], _reader.Rcode);
            }
            // NXDOMAIN with an authority section (SOA) is read as NXDOMAIN whatever follows.
            DnsTestMessage nx = DnsTestMessage.Header(Id, 0x8183, 1, 0, 1, 0);
            nx.Name("h.test").U16(1).U16(1).U8(0xFF);
            DnsTestMessage.AreEqual(DnsStatus.NameError, Read(nx), "NXDOMAIN, junk authority");
        }

        [TestMethod]
        public void TruncatedResponsesAreNotUsed()
        {
            Setup("big.test");
            DnsTestMessage m = DnsTestMessage.Header(Id, 0x8380, 1, 1, 0, 0); // TC
            m.Name("big.test").U16(1).U16(1).AToQuestion(60, Addr1);
            DnsTestMessage.AreEqual(DnsStatus.Truncated, Read(m), "TC = 1");
            Assert.AreEqual(0, _reader.AddressCount, "the address it carried is not used");
        }

        // ------------------------------------------------------------------ matching

        [TestMethod]
        public void MatchingChecksIdQrOpcodeAndTheQuestion()
        {
            Setup("Device.Test");
            DnsTestMessage.AreEqual(DnsResponseMatch.Match, Match(DnsTestMessage.Response(Id, "dEVICE.tEST", 0)), "case-insensitive name");
            DnsTestMessage.AreEqual(DnsResponseMatch.WrongId, Match(DnsTestMessage.Response(Id ^ 1, "device.test", 0)), "ID");

            DnsTestMessage q = DnsTestMessage.Header(Id, 0x0100, 1, 0, 0, 0);
            q.Name("device.test").U16(1).U16(1);
            DnsTestMessage.AreEqual(DnsResponseMatch.NotResponse, Match(q), "QR = 0");

            DnsTestMessage op = DnsTestMessage.Header(Id, 0x8180 | (2 << 11), 1, 0, 0, 0);
            op.Name("device.test").U16(1).U16(1);
            DnsTestMessage.AreEqual(DnsResponseMatch.WrongOpcode, Match(op), "OPCODE STATUS");

            DnsTestMessage.AreEqual(DnsResponseMatch.WrongQuestion, Match(DnsTestMessage.Response(Id, "device.tes", 0)), "another name");
            DnsTestMessage.AreEqual(DnsResponseMatch.WrongQuestion, Match(DnsTestMessage.Response(Id, "device.test.x", 0)), "a longer name");
            DnsTestMessage t = DnsTestMessage.Header(Id, 0x8180, 1, 0, 0, 0);
            t.Name("device.test").U16(DnsRecordType.Aaaa).U16(1);
            DnsTestMessage.AreEqual(DnsResponseMatch.WrongQuestion, Match(t), "QTYPE AAAA");
            DnsTestMessage c = DnsTestMessage.Header(Id, 0x8180, 1, 0, 0, 0);
            c.Name("device.test").U16(1).U16(3);
            DnsTestMessage.AreEqual(DnsResponseMatch.WrongQuestion, Match(c), "QCLASS CH");
            DnsTestMessage none = DnsTestMessage.Header(Id, 0x8182, 0, 0, 0, 0);
            DnsTestMessage.AreEqual(DnsResponseMatch.WrongQuestion, Match(none), "no question (SERVFAIL without one)");
            DnsTestMessage two = DnsTestMessage.Header(Id, 0x8180, 2, 0, 0, 0);
            two.Name("device.test").U16(1).U16(1).Name("device.test").U16(1).U16(1);
            DnsTestMessage.AreEqual(DnsResponseMatch.WrongQuestion, Match(two), "two questions");
            DnsTestMessage cut = DnsTestMessage.Header(Id, 0x8180, 1, 0, 0, 0);
            cut.Name("device.test").U16(1);
            DnsTestMessage.AreEqual(DnsResponseMatch.WrongQuestion, Match(cut), "QCLASS missing");
            DnsTestMessage loop = DnsTestMessage.Header(Id, 0x8180, 1, 0, 0, 0);
            loop.Pointer(12).U16(1).U16(1);
            DnsTestMessage.AreEqual(DnsResponseMatch.WrongQuestion, Match(loop), "question name points at itself");

            DnsTestMessage shortHeader = DnsTestMessage.Header(Id, 0x8180, 1, 0, 0, 0);
            byte[] b = shortHeader.Placed(0);
            for (int n = 0; n < 12; n++)
            {
                DnsTestMessage.AreEqual(DnsResponseMatch.TooShort, _reader.Match(new DnsPacket(b, 0, n), Id, _qname, 0, _qname.Length), "header of " + n.ToString() + " bytes");
            }
        }

        // ------------------------------------------------------------------ hostile answers

        private void Malformed(DnsTestMessage m, DnsWireStatus fault, string what)
        {
            DnsTestMessage.AreEqual(DnsStatus.Malformed, Read(m), what);
            DnsTestMessage.AreEqual(fault, _reader.WireStatus, what);
            Assert.AreEqual(0, _reader.AddressCount, what + ": no address");
        }

        [TestMethod]
        public void AnswerCountLargerThanPresent()
        {
            Setup("h.test");
            Malformed(DnsTestMessage.Response(Id, "h.test", 2).AToQuestion(60, Addr1), DnsWireStatus.Truncated, "ANCOUNT 2, one record");
            Malformed(DnsTestMessage.Response(Id, "h.test", 0xFFFF).AToQuestion(60, Addr1), DnsWireStatus.Truncated, "ANCOUNT 65535");
        }

        [TestMethod]
        public void CompressionLoopsInAnswers()
        {
            Setup("h.test");
            DnsTestMessage self = DnsTestMessage.Response(Id, "h.test", 1);
            self.Pointer(self.Length).Fixed(DnsRecordType.A, DnsClass.In, 60, 4).U32(Addr1.Value);
            Malformed(self, DnsWireStatus.BadPointer, "owner points at itself");

            DnsTestMessage forward = DnsTestMessage.Response(Id, "h.test", 1);
            forward.Pointer(forward.Length + 2).Name("h.test").Fixed(DnsRecordType.A, DnsClass.In, 60, 4).U32(Addr1.Value);
            Malformed(forward, DnsWireStatus.BadPointer, "owner points forwards");

            DnsTestMessage cnameLoop = DnsTestMessage.Response(Id, "h.test", 1);
            int at = cnameLoop.Length;
            cnameLoop.Pointer(12).Fixed(DnsRecordType.Cname, DnsClass.In, 60, 4).Labels("x").Pointer(at + 12);
            Malformed(cnameLoop, DnsWireStatus.BadPointer, "CNAME target points into its own RDATA");
        }

        [TestMethod]
        public void LabelOver63InAnAnswer()
        {
            Setup("h.test");
            DnsTestMessage m = DnsTestMessage.Response(Id, "h.test", 1);
            m.U8(64);
            for (int i = 0; i < 64; i++)
            {
                m.U8('l');
            }
            m.U8(0).Fixed(DnsRecordType.A, DnsClass.In, 60, 4).U32(Addr1.Value);
            Malformed(m, DnsWireStatus.LabelTooLong, "label of 64");
        }

        [TestMethod]
        public void NameOver255ThroughPointersInAnAnswer()
        {
            Setup("h.test");
            DnsTestMessage m = DnsTestMessage.Response(Id, "h.test", 5);
            // Four CNAME records whose targets each add a 63-octet label in front of the previous
            // one; the fourth target is 4 × 64 + 8 = 264 octets.
            int previous = 12;
            for (int i = 0; i < 4; i++)
            {
                m.Pointer(12).Fixed(DnsRecordType.Txt, DnsClass.In, 60, 66);
                int here = m.Length;
                m.Labels(new string((char)('a' + i), 63)).Pointer(previous);
                previous = here;
            }
            m.Pointer(previous).Fixed(DnsRecordType.A, DnsClass.In, 60, 4).U32(Addr1.Value);
            Malformed(m, DnsWireStatus.NameTooLong, "owner of 264 octets");
        }

        [TestMethod]
        public void RdataRunningPastTheEnd()
        {
            Setup("h.test");
            DnsTestMessage m = DnsTestMessage.Response(Id, "h.test", 1);
            m.Pointer(12).Fixed(DnsRecordType.A, DnsClass.In, 60, 4).U16(0xC000);
            Malformed(m, DnsWireStatus.Truncated, "A with 2 of 4 octets");
            DnsTestMessage t = DnsTestMessage.Response(Id, "h.test", 2).AToQuestion(60, Addr1);
            t.Pointer(12).Fixed(DnsRecordType.Txt, DnsClass.In, 60, 300).U32(0);
            Malformed(t, DnsWireStatus.Truncated, "a good A, then a TXT with RDLENGTH 300");
        }

        [TestMethod]
        public void ARecordWithFiveOctets()
        {
            Setup("h.test");
            DnsTestMessage m = DnsTestMessage.Response(Id, "h.test", 1);
            m.Pointer(12).Fixed(DnsRecordType.A, DnsClass.In, 60, 5).U32(Addr1.Value).U8(9);
            Malformed(m, DnsWireStatus.BadRdataLength, "RDLENGTH 5");
        }

        [TestMethod]
        public void CnameLoopsAndLongChains()
        {
            Setup("a.test");
            DnsTestMessage loop = DnsTestMessage.Response(Id, "a.test", 2).Cname("a.test", 60, "b.test").Cname("B.TEST", 60, "a.test");
            DnsTestMessage.AreEqual(DnsStatus.CnameLoop, Read(loop), "a -> b -> a");
            Assert.AreEqual(2, _reader.CnameCount);
            DnsTestMessage self = DnsTestMessage.Response(Id, "a.test", 1).Cname("a.test", 60, "a.test");
            DnsTestMessage.AreEqual(DnsStatus.CnameLoop, Read(self), "a -> a");

            // c0 -> c1 -> ... -> c8 -> A: 9 CNAMEs, one more than allowed; 8 resolve.
            DnsTestMessage nine = DnsTestMessage.Response(Id, "a.test", 10).Cname("a.test", 60, "c1.test");
            for (int i = 1; i < 9; i++)
            {
                nine.Cname("c" + i.ToString() + ".test", 60, "c" + (i + 1).ToString() + ".test");
            }
            nine.A("c9.test", 60, Addr1);
            DnsTestMessage.AreEqual(DnsStatus.TooManyCnames, Read(nine), "9 CNAMEs");
            DnsTestMessage eight = DnsTestMessage.Response(Id, "a.test", 9).Cname("a.test", 60, "c2.test");
            for (int i = 2; i < 9; i++)
            {
                eight.Cname("c" + i.ToString() + ".test", 60, "c" + (i + 1).ToString() + ".test");
            }
            eight.A("c9.test", 60, Addr1);
            DnsTestMessage.AreEqual(DnsStatus.Resolved, Read(eight), "8 CNAMEs");
            Assert.AreEqual(8, _reader.CnameCount);
        }

        [TestMethod]
        public void AFaultAnywhereInTheAnswersFailsTheWhole()
        {
            // A good A first, then a record with a self-pointer: the response is not half-used.
            Setup("h.test");
            DnsTestMessage m = DnsTestMessage.Response(Id, "h.test", 2).AToQuestion(60, Addr1);
            m.Pointer(m.Length).Fixed(DnsRecordType.A, DnsClass.In, 60, 4).U32(Addr2.Value);
            Malformed(m, DnsWireStatus.BadPointer, "second record bad");
        }
    }
}
