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
using NanoStack.Sockets;
using NanoStack.Wire;

namespace NanoStack.Tests.Core
{
    /// <summary>RFC 9293 checks 30–37: SWS and Nagle, delayed ACK, out-of-order data, urgent data,
    /// PSH, RTO and congestion control, user timeout, keep-alive.</summary>
    [TestClass]
    public class TcpDataTests
    {
        [TestMethod]
        public void Check30_NagleHoldsSmallSegmentsWhileDataIsUnacknowledged()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.Send(TcpHarness.Bytes(10, 1), 0, 10);
            h.Recv(); // nothing in flight: the first small segment goes
            h.Socket.Send(TcpHarness.Bytes(10, 2), 0, 10);
            h.RecvNothing(); // Nagle: held until the ACK
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext + 10);
            TcpRepr second = h.Recv();
            Assert.AreEqual(10, second.PayloadLength);
        }

        [TestMethod]
        public void Check30_NoDelaySendsAtOnce()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.NoDelay = true;
            h.Socket.Send(TcpHarness.Bytes(10, 1), 0, 10);
            h.Recv();
            h.Socket.Send(TcpHarness.Bytes(10, 2), 0, 10);
            Assert.AreEqual(10, h.Recv().PayloadLength);
        }

        [TestMethod]
        public void Check30_SenderSwsWaitsForAUsefulWindow()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.NoDelay = true;
            h.Socket.Send(TcpHarness.Bytes(2000, 1), 0, 2000);
            h.Recv();             // 1460
            h.Recv();             // 540 (the rest: all queued data may go)
            // The peer acknowledges everything but offers a window of 100 out of 8192 seen before.
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext + 2000, 100, null);
            h.Socket.Send(TcpHarness.Bytes(2000, 2), 0, 2000);
            h.RecvNothing();      // 100 < MSS, not all the data, < max window / 2: wait
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext + 2000, 5000, null);
            Assert.AreEqual(1460, h.Recv().PayloadLength);
        }

        [TestMethod]
        public void Check30_ReceiverSwsDoesNotAnnounceTinyWindowIncreases()
        {
            TcpHarness h = TcpHarness.Established();
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext, 8192, TcpHarness.Bytes(1460, 1));
            h.PeerNext += 1460;
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext, 8192, TcpHarness.Bytes(1460, 2));
            h.PeerNext += 1460;
            TcpRepr full = h.Recv(TcpFlags.Ack, h.OurNext, h.PeerNext); // the second full segment: ACK now
            Assert.AreEqual((ushort)0, full.Window);
            byte[] sink = new byte[2920];
            h.Socket.Receive(sink, 0, 10);
            h.RecvNothing(); // 10 bytes freed: not worth a window update
            h.Socket.Receive(sink, 0, 1500);
            TcpRepr update = h.Recv(TcpFlags.Ack, h.OurNext, h.PeerNext);
            Assert.AreEqual((ushort)1510, update.Window, "at least one MSS freed: announce it");
        }

        [TestMethod]
        public void Check31_DelayedAckAtMost500MsAndOnePerTwoSegments()
        {
            TcpHarness h = TcpHarness.Established();
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext, 8192, TcpHarness.Bytes(100, 1));
            h.PeerNext += 100;
            h.RecvNothing();
            long due = h.Socket.PollAt(h.Now);
            Assert.IsTrue(due - h.Now <= 500, "delayed by at most 500 ms");
            Assert.IsTrue(due > h.Now, "but delayed");
            h.Now = due;
            h.Recv(TcpFlags.Ack, h.OurNext, h.PeerNext);
            h.Socket.AckDelayMs = 5000; // clamped to 500
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext, 8192, TcpHarness.Bytes(100, 2));
            h.PeerNext += 100;
            Assert.AreEqual(500L, h.Socket.PollAt(h.Now) - h.Now);
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext, 8192, TcpHarness.Bytes(100, 3));
            h.PeerNext += 100;
            h.Recv(TcpFlags.Ack, h.OurNext, h.PeerNext); // the second segment: ACK at once, one for both
            h.RecvNothing();
        }

        [TestMethod]
        public void Check32_OutOfOrderIsAckedAtOnceAndDeliveredWhenTheHoleFills()
        {
            TcpHarness h = TcpHarness.Established();
            byte[] a = TcpHarness.Bytes(100, 1), b = TcpHarness.Bytes(100, 2), c = TcpHarness.Bytes(100, 3);
            h.Send(TcpFlags.Ack, h.PeerNext + 200, h.OurNext, 8192, c);
            h.Recv(TcpFlags.Ack, h.OurNext, h.PeerNext); // duplicate ACK at once
            h.Send(TcpFlags.Ack, h.PeerNext + 100, h.OurNext, 8192, b);
            h.Recv(TcpFlags.Ack, h.OurNext, h.PeerNext);
            Assert.AreEqual(0, h.Socket.ReceiveQueueLength, "nothing readable before the hole fills");
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext, 8192, a);
            h.Recv(TcpFlags.Ack, h.OurNext, h.PeerNext + 300); // the hole filled: ACK everything at once
            byte[] got = new byte[300];
            Assert.AreEqual(300, h.Socket.Receive(got, 0, 300));
            for (int i = 0; i < 100; i++)
            {
                Assert.AreEqual(a[i], got[i]);
                Assert.AreEqual(b[i], got[100 + i]);
                Assert.AreEqual(c[i], got[200 + i]);
            }
        }

        [TestMethod]
        public void Check32_GapListIsBoundedAndSurvivesADrainedRing()
        {
            TcpHarness h = TcpHarness.Established();
            // Five separate ranges with room for four: the fifth is forgotten (the peer resends it).
            for (int i = 0; i < 5; i++)
            {
                h.Send(TcpFlags.Ack, h.PeerNext + (uint)(100 + i * 200), h.OurNext, 8192, TcpHarness.Bytes(50, i));
                h.Recv();
            }
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext, 8192, TcpHarness.Bytes(100, 9));
            TcpRepr ack = h.Recv();
            Assert.AreEqual(h.PeerNext + 150, ack.AckNumber, "the first range joined the in-order data");
        }

        [TestMethod]
        public void Check33_UrgentDataIsDeliveredInLine()
        {
            TcpHarness h = TcpHarness.Established();
            TcpRepr urg = new TcpRepr();
            urg.SourcePort = TcpHarness.RemotePort;
            urg.DestinationPort = TcpHarness.LocalPort;
            urg.SequenceNumber = h.PeerNext;
            urg.AckNumber = h.OurNext;
            urg.Flags = (byte)(TcpFlags.Ack | TcpFlags.Urg);
            urg.Window = 8192;
            urg.UrgentPointer = 60000; // points far beyond the data: must not matter
            h.SendRepr(ref urg, TcpHarness.Bytes(20, 1));
            Assert.AreEqual(20, h.Socket.ReceiveQueueLength);
        }

        [TestMethod]
        public void Check34_LastSegmentOfASendIsPushedAndNothingIsHeldForever()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.Send(TcpHarness.Bytes(2000, 1), 0, 2000);
            TcpRepr s1 = h.Recv();
            Assert.AreEqual(1460, s1.PayloadLength);
            Assert.AreEqual(0, s1.Flags & TcpFlags.Psh, "more data follows");
            h.RecvNothing(); // 540 bytes left: Nagle waits for the ACK of the full segment
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext + 1460);
            TcpRepr s2 = h.Recv();
            Assert.AreEqual(540, s2.PayloadLength, "released by the ACK");
            Assert.AreEqual((int)TcpFlags.Psh, s2.Flags & TcpFlags.Psh, "the last segment of the send has PSH");
        }

        [TestMethod]
        public void Check35_RtoFollowsRfc6298AndKarn()
        {
            TcpHarness h = TcpHarness.Established();
            Assert.AreEqual(1000, h.Socket.RetransmissionTimeoutMs, "1 s before a sample (RFC 6298 §2.1), the SYN's 10 ms sample is rounded up");
            h.Socket.NoDelay = true;
            h.Socket.Send(TcpHarness.Bytes(100, 1), 0, 100);
            h.Recv();
            h.AdvanceToDeadline();
            Assert.AreEqual(10L + 1000L, h.Now);
            h.Recv(); // retransmission
            Assert.AreEqual(2000, h.Socket.RetransmissionTimeoutMs, "backed off");
            h.Now += 1500;
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext + 100);
            // Karn: no sample from the retransmitted segment; the backoff is cleared by new data acked.
            Assert.AreEqual(1000, h.Socket.RetransmissionTimeoutMs);
            Assert.AreEqual(1, h.Socket.Retransmissions);
        }

        [TestMethod]
        public void Check35_SlowStartThenCongestionAvoidance()
        {
            TcpHarness h = new TcpHarness(2920, 20000);
            h.Socket.Connect(0, TcpHarness.Local, TcpHarness.LocalPort, TcpHarness.Remote, TcpHarness.RemotePort);
            h.Iss = h.Recv().SequenceNumber;
            h.OurNext = h.Iss + 1;
            TcpRepr synAck = new TcpRepr();
            synAck.SourcePort = TcpHarness.RemotePort;
            synAck.DestinationPort = TcpHarness.LocalPort;
            synAck.SequenceNumber = TcpHarness.PeerIss;
            synAck.AckNumber = h.OurNext;
            synAck.Flags = (byte)(TcpFlags.Syn | TcpFlags.Ack);
            synAck.Window = 60000;
            synAck.HasMss = true;
            synAck.Mss = 1000;
            h.SendRepr(ref synAck, null);
            h.Recv();
            Assert.AreEqual(4000, h.Socket.CongestionWindow, "IW = min(4·MSS, max(2·MSS, 4380)) (RFC 5681 §3.1)");
            h.Socket.NoDelay = true;
            h.Socket.Send(TcpHarness.Bytes(20000, 1), 0, 20000);
            int sent = 0;
            for (int i = 0; i < 4; i++)
            {
                sent += h.Recv().PayloadLength;
            }
            h.RecvNothing(); // cwnd full
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext + 1000, 60000, null);
            Assert.AreEqual(5000, h.Socket.CongestionWindow, "slow start: +1 MSS per ACK");
        }

        [TestMethod]
        public void Check36_UserTimeoutR2ClosesAndReportsAndR1MarksThePath()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.UserTimeoutMs = 20000;
            h.Socket.NoDelay = true;
            h.Socket.Send(TcpHarness.Bytes(10, 1), 0, 10);
            h.Recv();
            int retransmissions = 0;
            while (h.Socket.State == TcpState.Established && retransmissions < 50)
            {
                h.AdvanceToDeadline();
                TcpRepr seg = new TcpRepr();
                Ipv4Address s, d;
                if (h.Socket.Dispatch(h.Now, ref seg, out s, out d))
                {
                    retransmissions++;
                }
                if (retransmissions == 3)
                {
                    Assert.IsTrue(h.Socket.PathSuspect, "R1 = 3 retransmissions");
                }
            }
            Assert.AreEqual((object)TcpState.Closed, (object)h.Socket.State);
            Assert.AreEqual((object)TcpError.TimedOut, (object)h.Socket.Error);
            Assert.IsTrue(h.Now >= 20000, "not before R2");
        }

        [TestMethod]
        public void Check37_KeepAliveIsOffByDefaultAndProbesAfterTwoHours()
        {
            TcpHarness h = TcpHarness.Established();
            Assert.IsFalse(h.Socket.KeepAlive);
            Assert.AreEqual(long.MaxValue, h.Socket.PollAt(h.Now), "nothing scheduled when idle without keep-alive");
            h.Socket.KeepAlive = true;
            Assert.IsTrue(h.Socket.KeepAliveIdleMs >= 7200000, "default idle time at least two hours (RFC 1122 §4.2.3.6)");
            h.AdvanceToDeadline();
            Assert.IsTrue(h.Now >= 7200000);
            TcpRepr probe = h.Recv(TcpFlags.Ack, h.OurNext - 1, h.PeerNext); // SEG.SEQ = SND.NXT − 1, no data
            Assert.AreEqual(0, probe.PayloadLength);
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext); // answered: idle again
            Assert.IsTrue(h.Socket.PollAt(h.Now) - h.Now >= 7200000);
            // Unanswered probes: the connection is dropped after KeepAliveProbes.
            for (int i = 0; i <= h.Socket.KeepAliveProbes; i++)
            {
                h.AdvanceToDeadline();
                TcpRepr seg = new TcpRepr();
                Ipv4Address s, d;
                h.Socket.Dispatch(h.Now, ref seg, out s, out d);
            }
            Assert.AreEqual((object)TcpError.TimedOut, (object)h.Socket.Error);
        }
    }
}
