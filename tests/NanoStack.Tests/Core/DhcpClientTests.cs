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
using NanoStack.Dhcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Core
{
    /// <summary>
    /// <see cref="DhcpClient"/> on a real interface with exact datagrams (<see cref="DhcpBench"/>):
    /// the bytes of DISCOVER, REQUEST (selecting, renewing, rebinding) and RELEASE and their IP
    /// addressing, the RFC 2131 timer schedule on virtual time, NAK and expiry, and hostile replies
    /// each ignored under its counter.
    /// </summary>
    [TestClass]
    public class DhcpClientTests
    {
        private const uint Xid = 0x12345678;
        // Jitter draws: value % 2001 − 1000 ms.
        private const uint JitterMinus1s = 0;
        private const uint JitterPlus1s = 2000;
        private const uint JitterZero = 1000;

        private static byte[] Op(byte a, byte b, byte c)
        {
            return new byte[] { a, b, c };
        }

        private static byte[] AddressOption(byte code, Ipv4Address a)
        {
            return new byte[] { code, 4, a.GetOctet(0), a.GetOctet(1), a.GetOctet(2), a.GetOctet(3) };
        }

        private static readonly byte[] End = { 255 };

        private static void AssertBroadcastFromZero(DhcpBench.Datagram d)
        {
            Assert.AreEqual(DhcpBench.ClientMac.Value, d.EthernetSource.Value);
            Assert.AreEqual(MacAddress.Broadcast.Value, d.EthernetDestination.Value, "Ethernet broadcast");
            Assert.AreEqual(0u, d.Source.Value, "from 0.0.0.0 (RFC 2131 §4.1)");
            Assert.AreEqual(0xFFFFFFFFu, d.Destination.Value, "to 255.255.255.255");
            Assert.AreEqual((ushort)68, d.SourcePort);
            Assert.AreEqual((ushort)67, d.DestinationPort);
        }

        private static void AssertUnicastToServer(DhcpBench.Datagram d)
        {
            Assert.AreEqual(DhcpBench.ServerMac.Value, d.EthernetDestination.Value, "Ethernet unicast to the server");
            Assert.AreEqual(DhcpBench.Offered.Value, d.Source.Value, "from the leased address");
            Assert.AreEqual(DhcpBench.Server.Value, d.Destination.Value, "to the server identifier");
            Assert.AreEqual((ushort)68, d.SourcePort);
            Assert.AreEqual((ushort)67, d.DestinationPort);
        }

        // --------------------------------------------------------------- exact messages

        [TestMethod]
        public void DiscoverIsBroadcastFromZeroWithExactBytes()
        {
            DhcpBench bench = new DhcpBench(new ScriptedEntropy(Xid, JitterMinus1s));
            DhcpBench.Datagram d = bench.Start();
            AssertBroadcastFromZero(d);
            byte[] expected = DhcpBench.Expected(Xid, 0, Ipv4Address.Any, DhcpBench.Join(
                Op(53, 1, 1), DhcpBench.ClientIdOption(), DhcpBench.ParameterListOption(), End));
            CollectionAssert.AreEqual(expected, d.Payload);
            Assert.AreEqual((int)DhcpState.Selecting, (int)bench.Client.State);
            Assert.AreEqual(Xid, bench.Client.TransactionId);
            Assert.AreEqual(bench.Now + 3000, bench.Client.PollAt(bench.Now), "4 s − 1 s to the first retransmission");
            Assert.AreEqual(1, bench.Client.Counters.Sent);
            bench.ExpectNothing();
        }

        [TestMethod]
        public void OfferIsAnsweredByABroadcastRequestWithExactBytes()
        {
            DhcpBench bench = new DhcpBench(new ScriptedEntropy(Xid, JitterZero));
            bench.Start();
            bench.Now += 1500;
            bench.Send(bench.Offer(Xid));
            DhcpBench.Datagram d = bench.Expect();
            AssertBroadcastFromZero(d);
            byte[] expected = DhcpBench.Expected(Xid, 1, Ipv4Address.Any, DhcpBench.Join(
                Op(53, 1, 3), DhcpBench.ClientIdOption(),
                AddressOption(50, DhcpBench.Offered), AddressOption(54, DhcpBench.Server),
                DhcpBench.ParameterListOption(), End));
            CollectionAssert.AreEqual(expected, d.Payload, "RFC 2131 §4.3.2 SELECTING: ciaddr 0, options 50 and 54, the OFFER's xid, secs 1");
            Assert.AreEqual((int)DhcpState.Requesting, (int)bench.Client.State);
            Assert.AreEqual(1, bench.Client.Counters.Offers);
            Assert.AreEqual(0u, bench.Iface.Address.Value, "no address before the ACK");
            bench.ExpectNothing();
        }

        [TestMethod]
        public void AckConfiguresTheInterfaceAndTheLease()
        {
            DhcpBench bench = new DhcpBench(new SeededEntropySource(1));
            long start = bench.Bind();
            DhcpClient c = bench.Client;
            Assert.AreEqual(DhcpBench.Offered.Value, bench.Iface.Address.Value);
            Assert.AreEqual(24, bench.Iface.PrefixLength);
            Assert.AreEqual(DhcpBench.Server.Value, bench.Iface.Gateway.Value);
            Assert.IsTrue(c.HasLease);
            Assert.AreEqual(DhcpBench.Offered.Value, c.Address.Value);
            Assert.AreEqual(DhcpBench.Mask.Value, c.SubnetMask.Value);
            Assert.AreEqual(24, c.PrefixLength);
            Assert.AreEqual(DhcpBench.Server.Value, c.Router.Value);
            Assert.AreEqual(2, c.DnsServerCount);
            Assert.AreEqual(DhcpBench.Dns1.Value, c.DnsServer1.Value);
            Assert.AreEqual(DhcpBench.Dns2.Value, c.DnsServer2.Value);
            Assert.AreEqual(DhcpBench.Server.Value, c.ServerIdentifier.Value);
            Assert.AreEqual(3600u, c.LeaseSeconds);
            Assert.AreEqual(1800u, c.RenewalSeconds, "T1 = 0.5 × lease (RFC 2131 §4.4.5)");
            Assert.AreEqual(3150u, c.RebindingSeconds, "T2 = 0.875 × lease");
            Assert.AreEqual(start, c.LeaseStartMs, "the lease counts from the REQUEST (RFC 2131 §4.4.1)");
            Assert.AreEqual(start + 1800000, c.RenewAtMs);
            Assert.AreEqual(start + 3150000, c.RebindAtMs);
            Assert.AreEqual(start + 3600000, c.LeaseExpiresMs);
            Assert.AreEqual(start + 1800000, c.PollAt(bench.Now));
            Assert.AreEqual(1, c.LeaseChanges);
            Assert.AreEqual(1, c.Counters.Acks);
            Assert.AreEqual((int)DhcpError.None, (int)c.LastError);
            Assert.IsFalse(c.Poll(bench.Now), "nothing to do while bound");
            bench.ExpectNothing();
        }

        // --------------------------------------------------------------- timers

        [TestMethod]
        public void RetransmissionsBackOffWithinOneSecondThenPauseAndStartAgain()
        {
            int varied = 0;
            for (uint seed = 1; seed <= 12; seed++)
            {
                DhcpBench bench = new DhcpBench(new SeededEntropySource(seed));
                DhcpBench.Datagram first = bench.Start();
                uint xid = first.Parse().TransactionId;
                long start = first.AtMs;
                long previous = start;
                for (int k = 0; k < 4; k++)
                {
                    bench.RunToNextDeadline();
                    DhcpBench.Datagram d = bench.Expect();
                    AssertBroadcastFromZero(d);
                    DhcpRepr m = d.Parse();
                    Assert.AreEqual(DhcpMessageType.Discover, m.MessageType);
                    Assert.AreEqual(xid, m.TransactionId, "retransmissions keep the xid");
                    Assert.AreEqual((ushort)((d.AtMs - start) / 1000), m.Seconds, "secs since the start of the exchange");
                    long wait = d.AtMs - previous;
                    long nominal = 4000L << k; // RFC 2131 §4.1: 4, 8, 16, 32 s
                    Assert.IsTrue(wait >= nominal - 1000 && wait <= nominal + 1000, "wait " + wait.ToString() + " within ±1 s of " + nominal.ToString());
                    if (wait != nominal)
                    {
                        varied++;
                    }
                    previous = d.AtMs;
                }
                // After the fifth DISCOVER, 64 ± 1 s, then give up and pause.
                bench.RunToNextDeadline();
                long last = bench.Now - previous;
                Assert.IsTrue(last >= 63000 && last <= 65000, "64 s ± 1 s before giving up");
                bench.ExpectNothing();
                Assert.AreEqual((int)DhcpState.Init, (int)bench.Client.State);
                Assert.AreEqual((int)DhcpError.NoOffer, (int)bench.Client.LastError);
                Assert.AreEqual(4, bench.Client.Counters.Retransmissions);
                Assert.AreEqual(bench.Now + 60000, bench.Client.PollAt(bench.Now), "RestartDelayMs in INIT");
                // A device keeps trying: a new exchange after the pause.
                bench.RunToNextDeadline();
                DhcpBench.Datagram again = bench.Expect();
                DhcpRepr n = again.Parse();
                Assert.AreEqual(DhcpMessageType.Discover, n.MessageType);
                Assert.AreNotEqual(xid, n.TransactionId, "a new xid");
                Assert.AreEqual((ushort)0, n.Seconds);
                Assert.AreEqual((int)DhcpState.Selecting, (int)bench.Client.State);
                Assert.AreEqual((int)DhcpError.NoOffer, (int)bench.Client.LastError, "sticky until Start");
            }
            Assert.IsTrue(varied > 24, "the waits are randomised");
        }

        [TestMethod]
        public void JitterReachesBothEndsOfTheWindow()
        {
            DhcpBench bench = new DhcpBench(new ScriptedEntropy(Xid, JitterMinus1s, JitterPlus1s, JitterZero, 2001, 1999));
            long previous = bench.Start().AtMs;
            long[] waits = { 3000, 9000, 16000, 31000, 64999 };
            for (int k = 0; k < 4; k++)
            {
                bench.RunToNextDeadline();
                DhcpBench.Datagram d = bench.Expect();
                Assert.AreEqual(waits[k], d.AtMs - previous);
                previous = d.AtMs;
            }
            Assert.AreEqual(previous + waits[4], bench.Client.PollAt(bench.Now), "64 s + (1999 mod 2001) − 1000 ms");
        }

        [TestMethod]
        public void RenewAtT1IsUnicastToTheServerWithCiaddr()
        {
            DhcpBench bench = new DhcpBench(new ScriptedEntropy(Xid, JitterZero, JitterZero, 0xBEEF0001));
            long start = bench.Bind();
            bench.RunToNextDeadline();
            Assert.AreEqual(start + 1800000, bench.Now);
            DhcpBench.Datagram d = bench.Expect();
            Assert.AreEqual(1, bench.ArpRequestsAnswered, "the server's MAC resolved first");
            AssertUnicastToServer(d);
            byte[] expected = DhcpBench.Expected(0xBEEF0001, 0, DhcpBench.Offered, DhcpBench.Join(
                Op(53, 1, 3), DhcpBench.ClientIdOption(), DhcpBench.ParameterListOption(), End));
            CollectionAssert.AreEqual(expected, d.Payload, "RFC 2131 §4.3.2 RENEWING: ciaddr set, no options 50 and 54");
            Assert.AreEqual((int)DhcpState.Renewing, (int)bench.Client.State);
            Assert.AreEqual(bench.Now + 675000, bench.Client.PollAt(bench.Now), "half the time to T2 (RFC 2131 §4.4.5)");

            long renewAt = bench.Now;
            bench.Now += 2000;
            bench.SendTo(bench.Ack(0xBEEF0001), DhcpBench.Offered);
            Assert.AreEqual((int)DhcpState.Bound, (int)bench.Client.State);
            Assert.AreEqual(renewAt, bench.Client.LeaseStartMs);
            Assert.AreEqual(renewAt + 1800000, bench.Client.RenewAtMs);
            Assert.AreEqual(renewAt + 3600000, bench.Client.LeaseExpiresMs);
            Assert.AreEqual(1, bench.Client.LeaseChanges, "same configuration: no change");
            Assert.AreEqual(2, bench.Client.Counters.Acks);
            Assert.AreEqual(DhcpBench.Offered.Value, bench.Iface.Address.Value);

            // A renewal that changes the DNS servers is a lease change.
            bench.RunToNextDeadline();
            uint xid = bench.Expect().Parse().TransactionId;
            DhcpRepr ack = bench.Ack(xid);
            ack.DnsServer2 = Ipv4Address.Any;
            bench.SendTo(ack, DhcpBench.Offered);
            Assert.AreEqual(2, bench.Client.LeaseChanges);
            Assert.AreEqual(1, bench.Client.DnsServerCount);
        }

        [TestMethod]
        public void RenewingRetransmitsByHalvesThenRebindsByBroadcastAtT2ThenExpires()
        {
            DhcpBench bench = new DhcpBench(new ScriptedEntropy(Xid, JitterZero, JitterZero, 0xBEEF0002, 0xBEEF0003));
            long start = bench.Bind();
            // RFC 2131 §4.4.5: half the time left to T2, at least 60 s, never past T2.
            long[] renewing = { 1800000, 2475000, 2812500, 2981250, 3065625, 3125625 };
            for (int k = 0; k < renewing.Length; k++)
            {
                bench.RunToNextDeadline();
                Assert.AreEqual(start + renewing[k], bench.Now);
                DhcpBench.Datagram d = bench.Expect();
                AssertUnicastToServer(d);
                DhcpRepr m = d.Parse();
                Assert.AreEqual(0xBEEF0002u, m.TransactionId);
                Assert.AreEqual(DhcpBench.Offered.Value, m.ClientAddress.Value);
                Assert.AreEqual(0u, m.RequestedAddress.Value);
                Assert.AreEqual(0u, m.ServerIdentifier.Value);
                Assert.AreEqual((int)DhcpState.Renewing, (int)bench.Client.State);
            }
            // T2: REBINDING, broadcast from the leased address, same renewal xid.
            long[] rebinding = { 3150000, 3375000, 3487500, 3547500 };
            for (int k = 0; k < rebinding.Length; k++)
            {
                bench.RunToNextDeadline();
                Assert.AreEqual(start + rebinding[k], bench.Now);
                DhcpBench.Datagram d = bench.Expect();
                Assert.AreEqual(MacAddress.Broadcast.Value, d.EthernetDestination.Value);
                Assert.AreEqual(DhcpBench.Offered.Value, d.Source.Value, "the address is still ours");
                Assert.AreEqual(0xFFFFFFFFu, d.Destination.Value);
                byte[] expected = DhcpBench.Expected(0xBEEF0002, (ushort)((rebinding[k] - 1800000) / 1000), DhcpBench.Offered, DhcpBench.Join(
                    Op(53, 1, 3), DhcpBench.ClientIdOption(), DhcpBench.ParameterListOption(), End));
                CollectionAssert.AreEqual(expected, d.Payload, "RFC 2131 §4.3.2 REBINDING: ciaddr set, no options 50 and 54");
                Assert.AreEqual((int)DhcpState.Rebinding, (int)bench.Client.State);
            }
            Assert.AreEqual(DhcpBench.Offered.Value, bench.Iface.Address.Value);
            // The lease ends: the address goes, and discovery starts at once.
            bench.RunToNextDeadline();
            Assert.AreEqual(start + 3600000, bench.Now);
            Assert.AreEqual(0u, bench.Iface.Address.Value, "address cleared at expiry");
            Assert.AreEqual(0u, bench.Iface.Gateway.Value);
            Assert.IsFalse(bench.Client.HasLease);
            Assert.AreEqual(0u, bench.Client.Address.Value);
            Assert.AreEqual(2, bench.Client.LeaseChanges);
            Assert.AreEqual((int)DhcpError.LeaseExpired, (int)bench.Client.LastError);
            Assert.AreEqual((int)DhcpState.Selecting, (int)bench.Client.State);
            DhcpBench.Datagram discover = bench.Expect();
            AssertBroadcastFromZero(discover);
            DhcpRepr dm = discover.Parse();
            Assert.AreEqual(DhcpMessageType.Discover, dm.MessageType);
            Assert.AreEqual(0xBEEF0003u, dm.TransactionId);
        }

        [TestMethod]
        public void LatePollJumpsStraightToRebinding()
        {
            DhcpBench bench = new DhcpBench(new SeededEntropySource(3));
            long start = bench.Bind();
            bench.Now = start + 3200000; // past T2 without a poll at T1
            bench.Poll();
            DhcpBench.Datagram d = bench.Expect();
            Assert.AreEqual(0xFFFFFFFFu, d.Destination.Value);
            Assert.AreEqual((int)DhcpState.Rebinding, (int)bench.Client.State);
            bench.ExpectNothing();
            bench.Now = start + 4000000; // past the end
            bench.Poll();
            Assert.AreEqual((int)DhcpState.Selecting, (int)bench.Client.State);
            Assert.AreEqual(0u, bench.Iface.Address.Value);
            Assert.AreEqual(DhcpMessageType.Discover, bench.Expect().Parse().MessageType);
        }

        [TestMethod]
        public void ServerTimesAreUsedOnlyWhenConsistent()
        {
            AssertTimes(1000, 100, 200, 100, 200);
            AssertTimes(1000, 300, 200, 114, 200);   // T1 ≥ T2: T1 = T2 × 4/7
            AssertTimes(1000, 0, 1000, 500, 875);    // T2 ≥ lease: defaults
            AssertTimes(1000, 600, 0, 600, 875);     // T2 absent
            AssertTimes(1000, 900, 0, 500, 875);     // T1 past the default T2
        }

        private static void AssertTimes(uint lease, uint t1, uint t2, uint expectT1, uint expectT2)
        {
            DhcpBench bench = new DhcpBench(new SeededEntropySource(4));
            uint xid = bench.Start().Parse().TransactionId;
            bench.Send(bench.Offer(xid));
            long start = bench.Expect().AtMs;
            DhcpRepr ack = bench.Ack(xid);
            ack.LeaseSeconds = lease;
            ack.RenewalSeconds = t1;
            ack.RebindingSeconds = t2;
            bench.Send(ack);
            Assert.AreEqual(expectT1, bench.Client.RenewalSeconds);
            Assert.AreEqual(expectT2, bench.Client.RebindingSeconds);
            Assert.AreEqual(start + expectT1 * 1000L, bench.Client.RenewAtMs);
            Assert.AreEqual(start + expectT2 * 1000L, bench.Client.RebindAtMs);
            Assert.AreEqual(start + lease * 1000L, bench.Client.LeaseExpiresMs);
        }

        [TestMethod]
        public void InfiniteLeaseHasNoTimers()
        {
            DhcpBench bench = new DhcpBench(new SeededEntropySource(5));
            uint xid = bench.Start().Parse().TransactionId;
            bench.Send(bench.Offer(xid));
            bench.Expect();
            DhcpRepr ack = bench.Ack(xid);
            ack.LeaseSeconds = DhcpOption.InfiniteLease;
            bench.Send(ack);
            Assert.AreEqual((int)DhcpState.Bound, (int)bench.Client.State);
            Assert.AreEqual(long.MaxValue, bench.Client.PollAt(bench.Now));
            Assert.AreEqual(long.MaxValue, bench.Client.LeaseExpiresMs);
        }

        // --------------------------------------------------------------- NAK, give-up, release

        [TestMethod]
        public void NakInRequestingRestartsDiscovery()
        {
            DhcpBench bench = new DhcpBench(new ScriptedEntropy(Xid, JitterZero, JitterZero, 0x0BADF00D));
            bench.Start();
            bench.Send(bench.Offer(Xid));
            bench.Expect();
            bench.Send(bench.Nak(Xid));
            Assert.AreEqual((int)DhcpError.Nak, (int)bench.Client.LastError);
            Assert.AreEqual(1, bench.Client.Counters.Naks);
            Assert.AreEqual((int)DhcpState.Selecting, (int)bench.Client.State, "back to INIT, which discovers at once");
            DhcpBench.Datagram d = bench.Expect();
            AssertBroadcastFromZero(d);
            Assert.AreEqual(DhcpMessageType.Discover, d.Parse().MessageType);
            Assert.AreEqual(0x0BADF00Du, d.Parse().TransactionId);
            Assert.AreEqual(0, bench.Client.LeaseChanges);
        }

        [TestMethod]
        public void NakInRenewingClearsTheAddress()
        {
            DhcpBench bench = new DhcpBench(new SeededEntropySource(6));
            bench.Bind();
            bench.RunToNextDeadline();
            uint xid = bench.Expect().Parse().TransactionId;
            bench.Send(bench.Nak(xid)); // RFC 2131 §4.3.2: a NAK is broadcast
            Assert.AreEqual(0u, bench.Iface.Address.Value);
            Assert.AreEqual(2, bench.Client.LeaseChanges);
            Assert.AreEqual((int)DhcpError.Nak, (int)bench.Client.LastError);
            DhcpBench.Datagram d = bench.Expect();
            AssertBroadcastFromZero(d);
            Assert.AreEqual(DhcpMessageType.Discover, d.Parse().MessageType);
        }

        [TestMethod]
        public void ThirdNakInARowPausesBeforeDiscovering()
        {
            DhcpBench bench = new DhcpBench(new SeededEntropySource(7));
            uint xid = bench.Start().Parse().TransactionId;
            for (int i = 1; i <= 3; i++)
            {
                bench.Send(bench.Offer(xid));
                bench.Expect();
                bench.Send(bench.Nak(xid));
                if (i < 3)
                {
                    xid = bench.Expect().Parse().TransactionId;
                }
            }
            bench.ExpectNothing();
            Assert.AreEqual((int)DhcpState.Init, (int)bench.Client.State);
            Assert.AreEqual(bench.Now + 60000, bench.Client.PollAt(bench.Now));
        }

        [TestMethod]
        public void RequestingGivesUpAndDiscoversAgain()
        {
            DhcpBench bench = new DhcpBench(new SeededEntropySource(8));
            uint xid = bench.Start().Parse().TransactionId;
            bench.Send(bench.Offer(xid));
            long previous = bench.Expect().AtMs;
            for (int k = 0; k < 4; k++)
            {
                bench.RunToNextDeadline();
                DhcpBench.Datagram d = bench.Expect();
                AssertBroadcastFromZero(d);
                DhcpRepr m = d.Parse();
                Assert.AreEqual(DhcpMessageType.Request, m.MessageType);
                Assert.AreEqual(xid, m.TransactionId);
                long wait = d.AtMs - previous;
                Assert.IsTrue(wait >= (4000L << k) - 1000 && wait <= (4000L << k) + 1000);
                previous = d.AtMs;
            }
            bench.RunToNextDeadline();
            Assert.AreEqual((int)DhcpError.NoAck, (int)bench.Client.LastError);
            DhcpRepr again = bench.Expect().Parse();
            Assert.AreEqual(DhcpMessageType.Discover, again.MessageType, "RFC 2131 §4.4.1: back to INIT at once");
            Assert.AreNotEqual(xid, again.TransactionId);
        }

        [TestMethod]
        public void ReleaseIsUnicastToTheServerAndStops()
        {
            DhcpBench bench = new DhcpBench(new ScriptedEntropy(Xid, JitterZero, JitterZero, 0x5EEDF00D));
            bench.Bind();
            bench.Client.Release(bench.Now);
            Assert.AreEqual((int)DhcpState.Stopped, (int)bench.Client.State);
            Assert.AreEqual(0u, bench.Iface.Address.Value);
            DhcpBench.Datagram d = bench.Expect();
            AssertUnicastToServer(d);
            byte[] expected = DhcpBench.Expected(0x5EEDF00D, 0, DhcpBench.Offered, DhcpBench.Join(
                Op(53, 1, 7), DhcpBench.ClientIdOption(), AddressOption(54, DhcpBench.Server), End));
            CollectionAssert.AreEqual(expected, d.Payload, "RFC 2131 §4.4.6 and Table 5: ciaddr, server identifier, secs 0");
            Assert.AreEqual(long.MaxValue, bench.Client.PollAt(bench.Now));
            Assert.IsFalse(bench.Client.Poll(bench.Now));
            Assert.AreEqual(2, bench.Client.LeaseChanges);
            Assert.IsTrue(bench.Iface.UdpOpen(68) >= 0, "port 68 is free again");
        }

        [TestMethod]
        public void StopSendsNothingAndStartBeginsAgain()
        {
            DhcpBench bench = new DhcpBench(new SeededEntropySource(9));
            bench.Bind();
            bench.Client.Stop();
            bench.Poll();
            bench.ExpectNothing();
            Assert.AreEqual(0u, bench.Iface.Address.Value);
            Assert.AreEqual(DhcpMessageType.Discover, bench.Start().Parse().MessageType);
        }

        [TestMethod]
        public void StartNeedsPort68AndIsCalledOnce()
        {
            DhcpBench bench = new DhcpBench(new SeededEntropySource(10));
            int taken = bench.Iface.UdpOpen(68);
            Assert.IsFalse(bench.Client.Start(bench.Now));
            Assert.AreEqual((int)DhcpError.NoSocket, (int)bench.Client.LastError);
            Assert.AreEqual((int)DhcpState.Stopped, (int)bench.Client.State);
            bench.Iface.UdpClose(taken);
            Assert.IsTrue(bench.Client.Start(bench.Now));
            Assert.AreEqual((int)DhcpError.None, (int)bench.Client.LastError);
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => bench.Client.Start(0));
        }

        [TestMethod]
        public void StartDelaySpreadsTheFirstDiscover()
        {
            DhcpLimits limits = new DhcpLimits();
            limits.StartDelayMaxMs = 10000;
            DhcpBench bench = new DhcpBench(new ScriptedEntropy(7000, Xid), limits);
            Assert.IsTrue(bench.Client.Start(bench.Now));
            bench.Poll();
            bench.ExpectNothing();
            Assert.AreEqual((int)DhcpState.Init, (int)bench.Client.State);
            Assert.AreEqual(bench.Now + 7000, bench.Client.PollAt(bench.Now));
            bench.RunToNextDeadline();
            Assert.AreEqual(Xid, bench.Expect().Parse().TransactionId);
        }

        // --------------------------------------------------------------- lease contents

        [TestMethod]
        public void RouterOffTheSubnetIsNotConfiguredAndNoMaskMeansClassful()
        {
            DhcpBench bench = new DhcpBench(new SeededEntropySource(11));
            uint xid = bench.Start().Parse().TransactionId;
            DhcpRepr offer = bench.Offer(xid);
            offer.SubnetMask = Ipv4Address.Any;
            bench.Send(offer);
            bench.Expect();
            DhcpRepr ack = bench.Ack(xid);
            ack.SubnetMask = Ipv4Address.Any;
            ack.Router = new Ipv4Address(198, 51, 100, 1);
            ack.DnsServer1 = Ipv4Address.Broadcast; // not a server: dropped, the second moves up
            bench.Send(ack);
            Assert.AreEqual(24, bench.Client.PrefixLength, "192.0.2.50 is class C");
            Assert.AreEqual(0u, bench.Client.Router.Value);
            Assert.AreEqual(0u, bench.Iface.Gateway.Value);
            Assert.AreEqual(1, bench.Client.DnsServerCount);
            Assert.AreEqual(DhcpBench.Dns2.Value, bench.Client.DnsServer1.Value);
        }

        // --------------------------------------------------------------- hostile replies

        private static byte[] Emitted(DhcpRepr m)
        {
            byte[] b = new byte[m.BufferLength];
            m.Emit(new DhcpPacket(b, 0, b.Length));
            return b;
        }

        private static int EndOption(byte[] b)
        {
            int i = 240;
            while (b[i] != 255)
            {
                i += b[i] == 0 ? 1 : 2 + b[i + 1];
            }
            return i;
        }

        [TestMethod]
        public void HostileRepliesAreIgnoredEachUnderItsCounter()
        {
            DhcpBench bench = new DhcpBench(new ScriptedEntropy(Xid, JitterZero));
            bench.Start();
            DhcpCounters c = bench.Client.Counters;
            int received = 0;

            DhcpRepr m = bench.Offer(Xid + 1);
            bench.Send(m);
            Assert.AreEqual(1, c.WrongXid, "wrong xid");
            received++;

            m = bench.Offer(Xid);
            m.ClientHardwareAddress = new MacAddress(0x02, 0, 0, 0, 0, 0x99);
            bench.Send(m);
            Assert.AreEqual(1, c.WrongClientHardwareAddress, "another client's chaddr");
            received++;

            byte[] good = Emitted(bench.Offer(Xid));
            bench.SendRaw(good, 200, Ipv4Address.Broadcast, 67);
            Assert.AreEqual(1, c.Malformed, "truncated header");
            received++;

            byte[] b = Emitted(bench.Offer(Xid));
            b[236] = 100;
            bench.SendRaw(b, b.Length, Ipv4Address.Broadcast, 67);
            Assert.AreEqual(2, c.Malformed, "bad magic cookie");
            received++;

            b = Emitted(bench.Offer(Xid));
            int end = EndOption(b);
            b[end] = 224;
            b[end + 1] = (byte)(b.Length - end); // one byte past the datagram
            bench.SendRaw(b, b.Length, Ipv4Address.Broadcast, 67);
            Assert.AreEqual(3, c.Malformed, "option length past the end");
            received++;

            b = Emitted(bench.Offer(Xid));
            b[240] = 0;
            b[241] = 0;
            b[242] = 0;
            bench.SendRaw(b, b.Length, Ipv4Address.Broadcast, 67);
            Assert.AreEqual(4, c.Malformed, "no message type option");
            received++;

            byte[] huge = new byte[700];
            System.Array.Copy(good, huge, good.Length);
            bench.SendRaw(huge, huge.Length, Ipv4Address.Broadcast, 67);
            Assert.AreEqual(5, c.Malformed, "longer than the message buffer");
            received++;

            b = Emitted(bench.Offer(Xid));
            end = EndOption(b);
            b[end] = 52;
            b[end + 1] = 1;
            b[end + 2] = 3;
            b[end + 3] = 255;
            bench.SendRaw(b, b.Length, Ipv4Address.Broadcast, 67);
            Assert.AreEqual(1, c.Unsupported, "option overload");
            received++;

            m = bench.Offer(Xid);
            m.Op = DhcpPacket.OpBootRequest;
            bench.Send(m);
            Assert.AreEqual(1, c.NotForUs, "op BOOTREQUEST");
            received++;

            b = Emitted(bench.Offer(Xid));
            bench.SendRaw(b, b.Length, Ipv4Address.Broadcast, 1067);
            Assert.AreEqual(2, c.NotForUs, "not from port 67");
            received++;

            bench.Send(bench.Ack(Xid));
            Assert.AreEqual(1, c.Unexpected, "an ACK in SELECTING");
            received++;

            Ipv4Address[] bad =
            {
                Ipv4Address.Any, Ipv4Address.Broadcast, new Ipv4Address(192, 0, 2, 255), new Ipv4Address(192, 0, 2, 0),
                new Ipv4Address(224, 0, 0, 1), new Ipv4Address(127, 0, 0, 5), new Ipv4Address(240, 0, 0, 1),
            };
            for (int i = 0; i < bad.Length; i++)
            {
                m = bench.Offer(Xid);
                m.YourAddress = bad[i];
                bench.Send(m);
                Assert.AreEqual(i + 1, c.Unusable, "yiaddr " + bad[i].ToString());
                received++;
            }
            m = bench.Offer(Xid);
            m.SubnetMask = new Ipv4Address(255, 0, 255, 0);
            bench.Send(m);
            Assert.AreEqual(bad.Length + 1, c.Unusable, "a mask with a hole");
            received++;
            m = bench.Offer(Xid);
            m.ServerIdentifier = Ipv4Address.Any;
            bench.Send(m);
            Assert.AreEqual(bad.Length + 2, c.Unusable, "no server identifier");
            received++;

            Assert.AreEqual(received, c.Received);
            Assert.AreEqual(0, c.Offers);
            Assert.AreEqual((int)DhcpState.Selecting, (int)bench.Client.State);
            bench.ExpectNothing();
            Assert.AreEqual(0u, bench.Iface.Address.Value);

            // The exchange is intact: a good OFFER still gets its REQUEST.
            bench.Send(bench.Offer(Xid));
            Assert.AreEqual(DhcpMessageType.Request, bench.Expect().Parse().MessageType);
        }

        [TestMethod]
        public void AcksThatDoNotFitTheRequestAreIgnored()
        {
            DhcpBench bench = new DhcpBench(new ScriptedEntropy(Xid, JitterZero));
            bench.Start();
            bench.Send(bench.Offer(Xid));
            bench.Expect();
            DhcpCounters c = bench.Client.Counters;

            DhcpRepr m = bench.Ack(Xid);
            m.ServerIdentifier = new Ipv4Address(192, 0, 2, 7);
            bench.Send(m);
            Assert.AreEqual(1, c.Unexpected, "an ACK from a server we did not choose");

            m = bench.Nak(Xid);
            m.ServerIdentifier = new Ipv4Address(192, 0, 2, 7);
            bench.Send(m);
            Assert.AreEqual(2, c.Unexpected, "a NAK from a server we did not choose");

            m = bench.Ack(Xid);
            m.YourAddress = new Ipv4Address(192, 0, 2, 51);
            bench.Send(m);
            Assert.AreEqual(1, c.Unusable, "an ACK for another address");

            m = bench.Ack(Xid);
            m.LeaseSeconds = 0;
            bench.Send(m);
            Assert.AreEqual(2, c.Unusable, "an ACK without a lease time");

            bench.Send(bench.Offer(Xid));
            Assert.AreEqual(3, c.Unexpected, "an OFFER in REQUESTING");

            Assert.AreEqual((int)DhcpState.Requesting, (int)bench.Client.State);
            bench.ExpectNothing();
            bench.Send(bench.Ack(Xid));
            Assert.AreEqual((int)DhcpState.Bound, (int)bench.Client.State);
            bench.Send(bench.Ack(Xid));
            Assert.AreEqual(4, c.Unexpected, "a duplicate ACK while BOUND");
        }

        [TestMethod]
        public void UnicastOfferToTheOfferedAddressIsAccepted()
        {
            DhcpBench bench = new DhcpBench(new ScriptedEntropy(Xid, JitterZero));
            bench.Start();
            bench.SendTo(bench.Offer(Xid), DhcpBench.Offered); // many servers unicast to yiaddr
            Assert.AreEqual((int)DhcpState.Requesting, (int)bench.Client.State);
            bench.Expect();
            bench.SendTo(bench.Ack(Xid), DhcpBench.Offered);
            Assert.AreEqual((int)DhcpState.Bound, (int)bench.Client.State);
        }
    }
}
