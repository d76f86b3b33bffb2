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
    /// The resolver on a real interface, the network played by <see cref="DnsBench"/>: the exact
    /// query, acceptance only of the true response (everything else counted and ignored), every
    /// ending status, the retry schedule on the test's clock, two servers, the cache.
    /// </summary>
    [TestClass]
    public class DnsClientTests
    {
        private static readonly Ipv4Address Addr = new Ipv4Address(203, 0, 113, 80);

        private static DnsBench OneServer(uint seed)
        {
            return new DnsBench(seed, DnsBench.Server1, Ipv4Address.Any, null);
        }

        private static DnsTestMessage AnswerA(DnsBench bench, string name, uint ttl)
        {
            return DnsTestMessage.Response(bench.Dns.QueryId, name, 1).AToQuestion(ttl, Addr);
        }

        private static void AreEqual(DnsStatus expected, DnsStatus actual, string what)
        {
            DnsTestMessage.AreEqual(expected, actual, what);
        }

        [TestMethod]
        public void SendsTheExactQueryFromARandomPortWithARandomId()
        {
            const uint Seed = 42;
            DnsBench bench = OneServer(Seed);
            AreEqual(DnsStatus.Pending, bench.Start("www.example.com"), "start");
            bench.ExpectQuery(DnsBench.Server1, "query");

            // The client draws the port, then the ID, two bytes each, from its entropy source.
            SeededEntropySource same = new SeededEntropySource(Seed);
            byte[] r = new byte[2];
            same.GetBytes(r, 0, 2);
            int port = 49152 + (((r[0] << 8) | r[1]) & 0x3FFF);
            same.GetBytes(r, 0, 2);
            Assert.AreEqual((ushort)port, bench.LastSourcePort, "port from the entropy source");
            Assert.AreEqual((ushort)((r[0] << 8) | r[1]), bench.Dns.QueryId, "ID from the entropy source");

            Assert.AreEqual((ushort)60444, bench.LastSourcePort, "seed 42 gives port 60444");
            Assert.AreEqual((ushort)0xE936, bench.Dns.QueryId, "seed 42 gives ID 0xE936");
            byte[] expected = WireVectors.Hex("e936" + "0100" + "0001" + "0000" + "0000" + "0000"
                + "03777777076578616d706c6503636f6d00" + "0001" + "0001");
            WireVectors.SameBytes(expected, bench.LastPayload, "ID, RD, one question, A IN");
            Assert.AreEqual(1, bench.Dns.AttemptsMade);
            bench.ExpectNothingSent("one datagram");
        }

        [TestMethod]
        public void ResolvesAndClosesItsSocket()
        {
            DnsBench bench = OneServer(1);
            bench.Start("host.test");
            bench.ExpectQuery(DnsBench.Server1, "query");
            ushort port = bench.Dns.LocalPort;
            bench.Answer(DnsBench.Server1, AnswerA(bench, "HOST.test", 120));
            AreEqual(DnsStatus.Resolved, bench.Dns.Status, "resolved");
            Assert.AreEqual(Addr, bench.Dns.Address);
            Assert.AreEqual(1, bench.Dns.AddressCount);
            Assert.AreEqual(120u, bench.Dns.TtlSeconds);
            Assert.IsFalse(bench.Dns.FromCache);
            Assert.AreEqual(DnsBench.Server1, bench.Dns.AnsweredBy);
            Assert.AreEqual(1, bench.Dns.Counters.ResponsesAccepted);
            Assert.AreEqual(long.MaxValue, bench.Dns.PollAt(bench.Now), "idle");
            Assert.IsFalse(bench.Dns.Poll(bench.Now), "nothing to do");
            // The socket is gone: both UDP slots of the interface are free, the port included.
            int a = bench.Iface.UdpOpen(port);
            int b = bench.Iface.UdpOpen(0);
            Assert.IsTrue(a >= 0 && b >= 0, "both sockets free");
            bench.Iface.UdpClose(a);
            bench.Iface.UdpClose(b);
        }

        [TestMethod]
        public void IgnoresEverythingButTheResponse()
        {
            DnsBench bench = OneServer(2);
            bench.Start("host.test");
            bench.ExpectQuery(DnsBench.Server1, "query");
            ushort id = bench.Dns.QueryId;
            ushort port = bench.Dns.LocalPort;
            DnsClientCounters c = bench.Dns.Counters;
            byte[] good = AnswerA(bench, "host.test", 60).ToArray();

            bench.Inject(DnsBench.Stranger, 53, port, good);
            Assert.AreEqual(1, c.IgnoredWrongSource, "another address");
            bench.Inject(DnsBench.Server1, 5353, port, good);
            Assert.AreEqual(2, c.IgnoredWrongSource, "another source port");
            bench.Inject(DnsBench.Server1, 53, port, DnsTestMessage.Response(id ^ 0x8000, "host.test", 1).AToQuestion(60, Addr).ToArray());
            Assert.AreEqual(1, c.IgnoredWrongId, "another ID");
            DnsTestMessage query = DnsTestMessage.Header(id, 0x0100, 1, 0, 0, 0);
            query.Name("host.test").U16(1).U16(1);
            bench.Inject(DnsBench.Server1, 53, port, query.ToArray());
            Assert.AreEqual(1, c.IgnoredNotResponse, "QR = 0");
            DnsTestMessage notify = DnsTestMessage.Header(id, 0x8000 | (4 << 11), 1, 0, 0, 0);
            notify.Name("host.test").U16(1).U16(1);
            bench.Inject(DnsBench.Server1, 53, port, notify.ToArray());
            Assert.AreEqual(1, c.IgnoredWrongOpcode, "NOTIFY");
            bench.Inject(DnsBench.Server1, 53, port, DnsTestMessage.Response(id, "host.tesu", 1).AToQuestion(60, Addr).ToArray());
            Assert.AreEqual(1, c.IgnoredWrongQuestion, "another name");
            DnsTestMessage nx = DnsTestMessage.Header(id, 0x8183, 0, 0, 0, 0);
            bench.Inject(DnsBench.Server1, 53, port, nx.ToArray());
            Assert.AreEqual(2, c.IgnoredWrongQuestion, "NXDOMAIN without the question");
            bench.Inject(DnsBench.Server1, 53, port, new byte[] { (byte)(id >> 8), (byte)id, 0x81, 0x80, 0 });
            Assert.AreEqual(1, c.IgnoredTooShort, "a 5-byte header");
            DnsTestMessage big = AnswerA(bench, "host.test", 60);
            for (int i = 0; i < 600; i++)
            {
                big.U8(0);
            }
            bench.Inject(DnsBench.Server1, 53, port, big.ToArray());
            Assert.AreEqual(1, c.IgnoredOversized, "over 512 bytes");

            Assert.AreEqual(9, c.Ignored);
            Assert.AreEqual(0, c.ResponsesAccepted);
            AreEqual(DnsStatus.Pending, bench.Dns.Status, "still waiting");
            Assert.AreEqual(2000L, bench.Dns.PollAt(bench.Now), "the timer is not disturbed");

            bench.Inject(DnsBench.Server1, 53, port, good);
            AreEqual(DnsStatus.Resolved, bench.Dns.Status, "the true response");
            bench.ExpectNothingSent("no retransmission");
        }

        [TestMethod]
        public void TimesOutAfterOneTwoAndFourSeconds()
        {
            DnsBench bench = OneServer(3);
            bench.At(5000);
            bench.Start("slow.test");
            bench.ExpectQuery(DnsBench.Server1, "first");
            ushort id = bench.Dns.QueryId;
            ushort port = bench.Dns.LocalPort;
            byte[] first = bench.LastPayload;
            Assert.AreEqual(6000L, bench.Dns.PollAt(bench.Now));
            bench.At(5999);
            bench.ExpectNothingSent("before 1 s");
            bench.At(6000);
            bench.ExpectQuery(DnsBench.Server1, "second after 1 s");
            WireVectors.SameBytes(first, bench.LastPayload, "same ID, same bytes");
            Assert.AreEqual(port, bench.LastSourcePort, "same port");
            Assert.AreEqual(8000L, bench.Dns.PollAt(bench.Now));
            bench.At(7999);
            bench.ExpectNothingSent("before 2 s more");
            bench.At(8000);
            bench.ExpectQuery(DnsBench.Server1, "third after 2 s");
            Assert.AreEqual(12000L, bench.Dns.PollAt(bench.Now));
            bench.At(11999);
            AreEqual(DnsStatus.Pending, bench.Dns.Status, "still pending before 4 s");
            bench.At(12000);
            AreEqual(DnsStatus.TimedOut, bench.Dns.Status, "timed out after 1 + 2 + 4 s");
            bench.ExpectNothingSent("no fourth datagram");
            Assert.AreEqual(3, bench.Dns.AttemptsMade);
            Assert.AreEqual(2, bench.Dns.Counters.Retransmissions);
            Assert.AreEqual(3, bench.Dns.Counters.DatagramsSent);
            Assert.AreEqual(id, bench.Dns.QueryId);
            Assert.AreEqual(long.MaxValue, bench.Dns.PollAt(bench.Now));
        }

        [TestMethod]
        public void ALateAnswerToAnEarlierAttemptCounts()
        {
            DnsBench bench = OneServer(4);
            bench.Start("late.test");
            bench.ExpectQuery(DnsBench.Server1, "first");
            bench.At(bench.Now + 1000);
            bench.ExpectQuery(DnsBench.Server1, "second");
            bench.Answer(DnsBench.Server1, AnswerA(bench, "late.test", 30));
            AreEqual(DnsStatus.Resolved, bench.Dns.Status, "resolved by either");
            Assert.AreEqual(2, bench.Dns.AttemptsMade);
        }

        [TestMethod]
        public void AlternatesBetweenTwoServers()
        {
            DnsBench bench = new DnsBench(5, DnsBench.Server1, DnsBench.Server2, null);
            bench.Start("two.test");
            bench.ExpectQuery(DnsBench.Server1, "first to the primary");
            bench.Answer(DnsBench.Server2, AnswerA(bench, "two.test", 30));
            Assert.AreEqual(1, bench.Dns.Counters.IgnoredWrongSource, "the secondary was not asked yet");
            bench.At(bench.Now + 1000);
            bench.ExpectQuery(DnsBench.Server2, "second to the secondary");
            bench.At(bench.Now + 2000);
            bench.ExpectQuery(DnsBench.Server1, "third to the primary");
            bench.Answer(DnsBench.Server2, AnswerA(bench, "two.test", 30));
            AreEqual(DnsStatus.Resolved, bench.Dns.Status, "the secondary's answer to the second attempt");
            Assert.AreEqual(DnsBench.Server2, bench.Dns.AnsweredBy);
        }

        [TestMethod]
        public void NameErrorEndsAtOnce()
        {
            DnsBench bench = new DnsBench(6, DnsBench.Server1, DnsBench.Server2, null);
            bench.Start("missing.test");
            bench.ExpectQuery(DnsBench.Server1, "query");
            DnsTestMessage nx = DnsTestMessage.Header(bench.Dns.QueryId, 0x8183, 1, 0, 0, 0);
            nx.Name("missing.test").U16(1).U16(1);
            bench.Answer(DnsBench.Server1, nx);
            AreEqual(DnsStatus.NameError, bench.Dns.Status, "NXDOMAIN");
            Assert.AreEqual(DnsRcode.NameError, bench.Dns.ResponseCode);
            bench.ExpectNothingSent("the secondary is not asked");
            bench.Start("missing.test");
            AreEqual(DnsStatus.Pending, bench.Dns.Status, "negative answers are not cached");
        }

        private static DnsTestMessage Rcode(DnsBench bench, string name, int rcode)
        {
            DnsTestMessage m = DnsTestMessage.Header(bench.Dns.QueryId, 0x8180 | rcode, 1, 0, 0, 0);
            return m.Name(name).U16(1).U16(1);
        }

        [TestMethod]
        public void ServerFailureWithOneServer()
        {
            DnsBench bench = OneServer(7);
            bench.Start("broken.test");
            bench.ExpectQuery(DnsBench.Server1, "query");
            bench.Answer(DnsBench.Server1, Rcode(bench, "broken.test", DnsRcode.ServerFailure));
            AreEqual(DnsStatus.ServerFailure, bench.Dns.Status, "SERVFAIL");
            Assert.AreEqual(2, bench.Dns.ResponseCode);
            bench.ExpectNothingSent("not asked again");
        }

        [TestMethod]
        public void ServerFailureMovesToTheOtherServer()
        {
            DnsBench bench = new DnsBench(8, DnsBench.Server1, DnsBench.Server2, null);
            bench.Start("flaky.test");
            bench.ExpectQuery(DnsBench.Server1, "first");
            bench.Answer(DnsBench.Server1, Rcode(bench, "flaky.test", DnsRcode.ServerFailure));
            AreEqual(DnsStatus.Pending, bench.Dns.Status, "still pending");
            bench.ExpectQuery(DnsBench.Server2, "the secondary at once");
            Assert.AreEqual(1, bench.Dns.Counters.ServerFailovers);
            bench.Answer(DnsBench.Server2, AnswerA(bench, "flaky.test", 30));
            AreEqual(DnsStatus.Resolved, bench.Dns.Status, "the secondary answers");

            bench.Start("down.test");
            bench.ExpectQuery(DnsBench.Server1, "first");
            bench.Answer(DnsBench.Server1, Rcode(bench, "down.test", DnsRcode.Refused));
            bench.ExpectQuery(DnsBench.Server2, "second");
            bench.Answer(DnsBench.Server2, Rcode(bench, "down.test", DnsRcode.ServerFailure));
            AreEqual(DnsStatus.ServerFailure, bench.Dns.Status, "both failed: the last error");
            bench.ExpectNothingSent("no third try");

            bench.Start("quiet.test");
            bench.ExpectQuery(DnsBench.Server1, "first");
            bench.Answer(DnsBench.Server1, Rcode(bench, "quiet.test", DnsRcode.Refused));
            bench.ExpectQuery(DnsBench.Server2, "second");
            bench.At(bench.Now + 2000);
            bench.ExpectQuery(DnsBench.Server2, "third skips the refusing primary");
            bench.At(bench.Now + 4000);
            AreEqual(DnsStatus.Refused, bench.Dns.Status, "the only answer was REFUSED");
        }

        [TestMethod]
        public void TruncatedAndMalformedEndTheQuery()
        {
            DnsBench bench = OneServer(9);
            bench.Start("tc.test");
            bench.ExpectQuery(DnsBench.Server1, "query");
            DnsTestMessage tc = DnsTestMessage.Header(bench.Dns.QueryId, 0x8380, 1, 0, 0, 0);
            bench.Answer(DnsBench.Server1, tc.Name("tc.test").U16(1).U16(1));
            AreEqual(DnsStatus.Truncated, bench.Dns.Status, "TC: no TCP fallback");

            bench.Start("bad.test");
            bench.ExpectQuery(DnsBench.Server1, "query");
            DnsTestMessage bad = DnsTestMessage.Response(bench.Dns.QueryId, "bad.test", 1);
            bad.Pointer(12).Fixed(DnsRecordType.A, DnsClass.In, 60, 5).U32(Addr.Value).U8(0);
            bench.Answer(DnsBench.Server1, bad);
            AreEqual(DnsStatus.Malformed, bench.Dns.Status, "A with RDLENGTH 5");
            DnsTestMessage.AreEqual(DnsWireStatus.BadRdataLength, bench.Dns.WireStatus, "the fault");
            Assert.AreEqual(Ipv4Address.Any, bench.Dns.Address);

            bench.Start("loop.test");
            bench.ExpectQuery(DnsBench.Server1, "query");
            DnsTestMessage loop = DnsTestMessage.Response(bench.Dns.QueryId, "loop.test", 2).Cname("loop.test", 60, "b.test").Cname("b.test", 60, "loop.test");
            bench.Answer(DnsBench.Server1, loop);
            AreEqual(DnsStatus.CnameLoop, bench.Dns.Status, "CNAME loop");
        }

        [TestMethod]
        public void CnameChainResolvesWithTheSmallestTtl()
        {
            DnsBench bench = OneServer(10);
            bench.Start("www.test");
            bench.ExpectQuery(DnsBench.Server1, "query");
            DnsTestMessage m = DnsTestMessage.Response(bench.Dns.QueryId, "www.test", 2).Cname("www.test", 40, "web.test").A("web.test", 400, Addr);
            bench.Answer(DnsBench.Server1, m);
            AreEqual(DnsStatus.Resolved, bench.Dns.Status, "resolved");
            Assert.AreEqual(Addr, bench.Dns.Address);
            Assert.AreEqual(1, bench.Dns.CnameCount);
            Assert.AreEqual(40u, bench.Dns.TtlSeconds);
        }

        [TestMethod]
        public void CacheHitThenExpiry()
        {
            DnsBench bench = OneServer(11);
            bench.Start("cached.test");
            bench.ExpectQuery(DnsBench.Server1, "query");
            bench.Answer(DnsBench.Server1, AnswerA(bench, "cached.test", 60));
            AreEqual(DnsStatus.Resolved, bench.Dns.Status, "resolved");
            long resolvedAt = bench.Now;

            bench.At(resolvedAt + 20000);
            AreEqual(DnsStatus.Resolved, bench.Start("CACHED.test."), "from the cache");
            Assert.IsTrue(bench.Dns.FromCache);
            Assert.AreEqual(Addr, bench.Dns.Address);
            Assert.AreEqual(40u, bench.Dns.TtlSeconds, "what is left");
            bench.ExpectNothingSent("no traffic");
            Assert.AreEqual(1, bench.Dns.Counters.CacheHits);
            Assert.AreEqual(1, bench.Dns.Counters.Queries);

            bench.At(resolvedAt + 59999);
            AreEqual(DnsStatus.Resolved, bench.Start("cached.test"), "a millisecond before expiry");
            Assert.AreEqual(1u, bench.Dns.TtlSeconds);
            bench.At(resolvedAt + 60000);
            AreEqual(DnsStatus.Pending, bench.Start("cached.test"), "expired");
            Assert.IsFalse(bench.Dns.FromCache);
            bench.ExpectQuery(DnsBench.Server1, "asked again");
        }

        [TestMethod]
        public void IcmpUnreachableEndsEachAttempt()
        {
            DnsBench bench = OneServer(12);
            bench.Start("closed.test");
            bench.ExpectQuery(DnsBench.Server1, "first");
            bench.PortUnreachableFrom(DnsBench.Server1);
            bench.ExpectQuery(DnsBench.Server1, "second at once");
            Assert.AreEqual(1, bench.Dns.Counters.IcmpErrors);
            bench.PortUnreachableFrom(DnsBench.Server1);
            bench.ExpectQuery(DnsBench.Server1, "third at once");
            bench.PortUnreachableFrom(DnsBench.Server1);
            AreEqual(DnsStatus.Unreachable, bench.Dns.Status, "every attempt refused by ICMP");
            Assert.AreEqual(1000L, bench.Now, "no time passed");
        }

        [TestMethod]
        public void NoRouteToTheServer()
        {
            DnsBench bench = new DnsBench(13, new Ipv4Address(198, 51, 100, 53), Ipv4Address.Any, null, false);
            AreEqual(DnsStatus.Pending, bench.Start("far.test"), "started");
            AreEqual(DnsStatus.NoRoute, bench.Dns.Status, "no gateway: nothing could be sent");
            Assert.AreEqual(3, bench.Dns.Counters.SendFailures);
            bench.ExpectNothingSent("nothing sent");
        }

        [TestMethod]
        public void RefusalsBeforeAnyTraffic()
        {
            DnsBench bench = new DnsBench(14, Ipv4Address.Any, Ipv4Address.Any, null);
            AreEqual(DnsStatus.NoServer, bench.Start("x.test"), "no server");
            bench.Dns.SetServers(Ipv4Address.Any, DnsBench.Server2);
            Assert.AreEqual(1, bench.Dns.ServerCount);
            Assert.AreEqual(DnsBench.Server2, bench.Dns.GetServer(0));
            AreEqual(DnsStatus.InvalidName, bench.Start("bad name.test"), "space");
            DnsTestMessage.AreEqual(DnsWireStatus.InvalidCharacter, bench.Dns.WireStatus, "the reason");
            AreEqual(DnsStatus.InvalidName, bench.Start(new string('a', 64) + ".test"), "label of 64");
            DnsTestMessage.AreEqual(DnsWireStatus.LabelTooLong, bench.Dns.WireStatus, "the reason");
            AreEqual(DnsStatus.Resolved, bench.Start("192.0.2.77"), "a literal");
            Assert.AreEqual(new Ipv4Address(192, 0, 2, 77), bench.Dns.Address);
            Assert.AreEqual(0u, bench.Dns.TtlSeconds);
            bench.ExpectNothingSent("no traffic for any of them");
            Assert.AreEqual(0, bench.Dns.Counters.Queries);
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => bench.Dns.Start(0, null));
            Assert.ThrowsException(typeof(System.ArgumentException), () => bench.Dns.SetServers(Ipv4Address.Broadcast, Ipv4Address.Any));
        }

        [TestMethod]
        public void ServersChangedWhileAQueryIsPending()
        {
            DnsBench bench = OneServer(18);
            bench.Start("moving.test");
            bench.ExpectQuery(DnsBench.Server1, "first");
            bench.Dns.SetServers(DnsBench.Server2, Ipv4Address.Any);
            bench.At(bench.Now + 1000);
            bench.ExpectQuery(DnsBench.Server2, "the next attempt goes to the new server");
            bench.Answer(DnsBench.Server1, AnswerA(bench, "moving.test", 60));
            Assert.AreEqual(1, bench.Dns.Counters.IgnoredWrongSource, "the old server is no longer trusted");
            bench.Dns.SetServers(Ipv4Address.Any, Ipv4Address.Any);
            bench.At(bench.Now + 2000);
            AreEqual(DnsStatus.NoServer, bench.Dns.Status, "no server left for the third attempt");
            bench.ExpectNothingSent("nothing sent");
        }

        [TestMethod]
        public void EachQueryHasItsOwnPortAndId()
        {
            DnsBench bench = OneServer(15);
            ushort[] ports = new ushort[12];
            ushort[] ids = new ushort[12];
            for (int i = 0; i < ports.Length; i++)
            {
                bench.Start("q" + i.ToString() + ".test");
                bench.ExpectQuery(DnsBench.Server1, "query " + i.ToString());
                ports[i] = bench.LastSourcePort;
                ids[i] = bench.Dns.QueryId;
                Assert.IsTrue(ports[i] >= 49152, "a dynamic port");
                bench.Answer(DnsBench.Server1, AnswerA(bench, "q" + i.ToString() + ".test", 60));
                AreEqual(DnsStatus.Resolved, bench.Dns.Status, "resolved " + i.ToString());
            }
            int samePort = 0, sameId = 0;
            for (int i = 0; i < ports.Length; i++)
            {
                for (int k = i + 1; k < ports.Length; k++)
                {
                    samePort += ports[i] == ports[k] ? 1 : 0;
                    sameId += ids[i] == ids[k] ? 1 : 0;
                }
            }
            Assert.AreEqual(0, samePort, "12 queries, 12 ports");
            Assert.AreEqual(0, sameId, "12 queries, 12 IDs");
        }

        [TestMethod]
        public void APortInUseIsDrawnAgain()
        {
            const uint Seed = 16;
            SeededEntropySource same = new SeededEntropySource(Seed);
            byte[] r = new byte[2];
            same.GetBytes(r, 0, 2);
            ushort first = (ushort)(49152 + (((r[0] << 8) | r[1]) & 0x3FFF));
            DnsBench bench = OneServer(Seed);
            int taken = bench.Iface.UdpOpen(first);
            Assert.IsTrue(taken >= 0);
            bench.Start("x.test");
            bench.ExpectQuery(DnsBench.Server1, "query");
            Assert.AreEqual(1, bench.Dns.Counters.PortCollisions);
            Assert.AreNotEqual((int)first, (int)bench.Dns.LocalPort, "another port");

            int other = bench.Iface.UdpOpen(0);
            Assert.IsTrue(other < 0, "the table is full now");
            bench.Dns.Cancel();
            AreEqual(DnsStatus.None, bench.Dns.Status, "cancelled");
            other = bench.Iface.UdpOpen(0);
            Assert.IsTrue(other >= 0, "the query's socket was released");
            AreEqual(DnsStatus.NoSocket, bench.Start("y.test"), "no free socket");
            Assert.AreEqual(1 + DnsClient.MaxPortAttempts, bench.Dns.Counters.PortCollisions);
        }

        [TestMethod]
        public void StartingAgainAbandonsThePendingQuery()
        {
            DnsBench bench = OneServer(17);
            bench.Start("first.test");
            bench.ExpectQuery(DnsBench.Server1, "first");
            ushort firstPort = bench.Dns.LocalPort;
            DnsTestMessage late = AnswerA(bench, "first.test", 60);
            bench.Start("second.test");
            bench.ExpectQuery(DnsBench.Server1, "second");
            bench.Inject(DnsBench.Server1, 53, firstPort, late.ToArray());
            AreEqual(DnsStatus.Pending, bench.Dns.Status, "the first query's answer reaches a closed port");
            Assert.AreEqual(1, bench.Iface.Counters.DroppedUdpNoSocket);
        }
    }
}
