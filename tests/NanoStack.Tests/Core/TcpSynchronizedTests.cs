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
    /// <summary>RFC 9293 checks 17–29 and RFC 5961: acceptability, RST/SYN/ACK validation, windows.</summary>
    [TestClass]
    public class TcpSynchronizedTests
    {
        [TestMethod]
        public void Check17_UnacceptableSegmentsAreAnsweredWithAnAck()
        {
            TcpHarness h = TcpHarness.Established();
            // Data entirely before RCV.NXT (an old duplicate) and beyond the window.
            h.Send(TcpFlags.Ack, h.PeerNext - 100, h.OurNext, 8192, TcpHarness.Bytes(50, 1));
            h.Recv(TcpFlags.Ack, h.OurNext, h.PeerNext);
            h.Send(TcpFlags.Ack, h.PeerNext + 100000, h.OurNext, 8192, TcpHarness.Bytes(50, 1));
            h.Recv(TcpFlags.Ack, h.OurNext, h.PeerNext);
            // Zero-length segment outside the window: also ACKed, nothing delivered.
            h.Send(TcpFlags.Ack, h.PeerNext + 100000, h.OurNext);
            h.Recv(TcpFlags.Ack, h.OurNext, h.PeerNext);
            Assert.AreEqual(0, h.Socket.ReceiveQueueLength);
            // The acceptable cases: zero length at RCV.NXT, data starting in the window.
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext);
            h.RecvNothing();
        }

        [TestMethod]
        public void Check18_ZeroWindowStillProcessesAckAndRst()
        {
            TcpHarness h = new TcpHarness(1000, 2920);
            h.Socket.Connect(0, TcpHarness.Local, TcpHarness.LocalPort, TcpHarness.Remote, TcpHarness.RemotePort);
            h.Iss = h.Recv().SequenceNumber;
            h.OurNext = h.Iss + 1;
            h.Send((byte)(TcpFlags.Syn | TcpFlags.Ack), TcpHarness.PeerIss, h.OurNext);
            h.Recv();
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext, 8192, TcpHarness.Bytes(1000, 3)); // fills our window
            h.PeerNext += 1000;
            h.Now += 200; // the delayed ACK (check 31)
            TcpRepr ack = h.Recv(TcpFlags.Ack, h.OurNext, h.PeerNext);
            Assert.AreEqual((ushort)0, ack.Window, "window closed");
            // Our data goes out; the peer's ACK arrives with data we cannot take: the ACK counts.
            h.Socket.NoDelay = true;
            h.Socket.Send(TcpHarness.Bytes(10, 4), 0, 10);
            h.Recv();
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext + 10, 8192, TcpHarness.Bytes(5, 5));
            Assert.AreEqual(0, h.Socket.SendQueueLength, "ACK processed with a zero window");
            h.Recv(TcpFlags.Ack, h.OurNext + 10, h.PeerNext);
            h.Send(TcpFlags.Rst, h.PeerNext, 0);
            Assert.AreEqual((object)TcpError.Reset, (object)h.Socket.Error, "RST processed with a zero window");
        }

        [TestMethod]
        public void Check19_OutOfWindowRstIsDropped()
        {
            TcpHarness h = TcpHarness.Established();
            h.Send(TcpFlags.Rst, h.PeerNext + 100000, 0);
            Assert.AreEqual((object)TcpState.Established, (object)h.Socket.State);
            h.RecvNothing();
        }

        [TestMethod]
        public void Check20_RstAtRcvNxtResetsAndReports()
        {
            TcpHarness h = TcpHarness.Established();
            h.Send(TcpFlags.Rst, h.PeerNext, 0);
            Assert.AreEqual((object)TcpState.Closed, (object)h.Socket.State);
            Assert.AreEqual((object)TcpError.Reset, (object)h.Socket.Error);
            h.RecvNothing();
        }

        [TestMethod]
        public void Check21_InWindowRstNotAtRcvNxtGetsAChallengeAck()
        {
            TcpHarness h = TcpHarness.Established();
            h.Send(TcpFlags.Rst, h.PeerNext + 10, 0);
            Assert.AreEqual((object)TcpState.Established, (object)h.Socket.State);
            h.Recv(TcpFlags.Ack, h.OurNext, h.PeerNext);
            Assert.AreEqual(1, h.Socket.ChallengeAcks);
        }

        [TestMethod]
        public void Check21_ChallengeAcksAreRateLimited()
        {
            TcpHarness h = TcpHarness.Established();
            for (int i = 0; i < 50; i++)
            {
                h.Send(TcpFlags.Rst, h.PeerNext + 10, 0);
            }
            Assert.AreEqual(TcpSocket.ChallengeAckLimit, h.Socket.ChallengeAcks);
            Assert.AreEqual(50 - TcpSocket.ChallengeAckLimit, h.Socket.ChallengeAcksSuppressed);
            h.Now += 1000;
            h.Send(TcpFlags.Rst, h.PeerNext + 10, 0);
            Assert.AreEqual(TcpSocket.ChallengeAckLimit + 1, h.Socket.ChallengeAcks, "a new second, a new budget");
        }

        [TestMethod]
        public void Check22_SynInASynchronizedStateGetsAChallengeAck()
        {
            TcpHarness h = TcpHarness.Established();
            h.Send(TcpFlags.Syn, h.PeerNext + 5, 0);
            Assert.AreEqual((object)TcpState.Established, (object)h.Socket.State);
            h.Recv(TcpFlags.Ack, h.OurNext, h.PeerNext);
            h.Send(TcpFlags.Syn, 123456, 0); // even out of window (RFC 5961 §4.2)
            h.Recv(TcpFlags.Ack, h.OurNext, h.PeerNext);
        }

        [TestMethod]
        public void Check23_SegmentWithoutAckIsDropped()
        {
            TcpHarness h = TcpHarness.Established();
            h.Send(0, h.PeerNext, 0, 8192, TcpHarness.Bytes(10, 1));
            Assert.AreEqual(0, h.Socket.ReceiveQueueLength);
            h.RecvNothing();
        }

        [TestMethod]
        public void Check24_AckBelowTheAcceptableRangeGetsAChallengeAck()
        {
            TcpHarness h = TcpHarness.Established();
            // SND.UNA − MAX.SND.WND = OurNext − 8192: one below that is invalid.
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext - 9000, 8192, TcpHarness.Bytes(10, 1));
            Assert.AreEqual(0, h.Socket.ReceiveQueueLength, "the segment is dropped");
            h.Recv(TcpFlags.Ack, h.OurNext, h.PeerNext);
            Assert.AreEqual(1, h.Socket.ChallengeAcks);
            // An old ACK inside the range is fine: data accepted.
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext - 100, 8192, TcpHarness.Bytes(10, 1));
            Assert.AreEqual(10, h.Socket.ReceiveQueueLength);
        }

        [TestMethod]
        public void Check25_SndUnaAdvancesAndTheWindowFollowsTheWl1Wl2Rule()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.NoDelay = true;
            h.Socket.Send(TcpHarness.Bytes(100, 1), 0, 100);
            h.Recv();
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext + 40, 5000, null);
            Assert.AreEqual(60, h.Socket.SendQueueLength, "SND.UNA advanced by 40");
            Assert.AreEqual(5000u, h.Socket.SendWindow);
            // An older segment (smaller SEQ) must not move the window back.
            h.Send(TcpFlags.Ack, h.PeerNext - 1, h.OurNext + 40, 100, null);
            Assert.AreEqual(5000u, h.Socket.SendWindow, "WL1 rule: older segment ignored for the window");
            h.Recv(); // that old segment was unacceptable → ACK
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext + 100, 6000, null);
            Assert.AreEqual(6000u, h.Socket.SendWindow);
            Assert.AreEqual(0, h.Socket.SendQueueLength);
        }

        [TestMethod]
        public void Check26_AckOfUnsentDataIsAnsweredAndDropped()
        {
            TcpHarness h = TcpHarness.Established();
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext + 500, 8192, TcpHarness.Bytes(10, 1));
            Assert.AreEqual(0, h.Socket.ReceiveQueueLength, "dropped");
            h.Recv(TcpFlags.Ack, h.OurNext, h.PeerNext);
        }

        [TestMethod]
        public void Check27_DuplicateAcksAreIgnoredUntilTheThird()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.NoDelay = true;
            h.Socket.Send(TcpHarness.Bytes(2920, 1), 0, 2920);
            h.Recv();
            h.Recv();
            h.RecvNothing();
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext);
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext);
            h.RecvNothing();
            Assert.AreEqual(2920, h.Socket.SendQueueLength);
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext); // third: fast retransmit (RFC 5681 §3.2)
            TcpRepr again = h.Recv();
            Assert.AreEqual(h.OurNext, again.SequenceNumber);
            Assert.AreEqual(1460, again.PayloadLength);
            Assert.AreEqual(1, h.Socket.Retransmissions);
        }

        [TestMethod]
        public void Check28_PeerShrinkingItsWindowIsTolerated()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.NoDelay = true;
            h.Socket.Send(TcpHarness.Bytes(2000, 1), 0, 2000);
            h.Recv();
            h.Recv();
            // The peer acknowledges nothing and shrinks its window below what is in flight.
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext, 100, null);
            Assert.AreEqual(100u, h.Socket.SendWindow);
            Assert.AreEqual((object)TcpState.Established, (object)h.Socket.State);
            h.RecvNothing();
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext + 2000, 8192, null);
            Assert.AreEqual(0, h.Socket.SendQueueLength);
        }

        [TestMethod]
        public void Check29_ZeroWindowIsProbedForeverWhileAcked()
        {
            TcpHarness h = TcpHarness.Established();
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext, 0, null);
            h.Socket.Send(TcpHarness.Bytes(10, 1), 0, 10);
            h.RecvNothing(); // window closed: nothing goes
            long start = h.Now;
            int probes = 0;
            long lastGap = 0, previous = h.Now;
            while (h.Now - start < 3600000)
            {
                h.AdvanceToDeadline();
                TcpRepr probe = h.Recv();
                Assert.AreEqual(h.OurNext, probe.SequenceNumber, "a probe carries the next byte");
                Assert.AreEqual(1, probe.PayloadLength);
                probes++;
                lastGap = h.Now - previous;
                previous = h.Now;
                h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext, 0, null); // still closed, but alive
                h.RecvNothing(); // an answered probe is not a duplicate ACK: nothing is resent at once
            }
            Assert.AreEqual((object)TcpState.Established, (object)h.Socket.State, "an hour of probing, still open");
            Assert.IsTrue(probes > 10, "probed " + probes.ToString() + " times");
            Assert.AreEqual((long)TcpSocket.MaxRtoMs, lastGap, "backed off to the 60 s ceiling");
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext, 8192, null);
            TcpRepr data = h.Recv();
            Assert.AreEqual(10, data.PayloadLength, "window open: the data goes");
        }
    }
}
