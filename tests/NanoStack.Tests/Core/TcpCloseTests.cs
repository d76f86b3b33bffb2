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
    /// <summary>RFC 9293 checks 38–41: closing from each state, FIN handling, TIME-WAIT, ICMP errors.</summary>
    [TestClass]
    public class TcpCloseTests
    {
        [TestMethod]
        public void Check38_CloseFromEstablishedSendsFinAfterQueuedData()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.Send(TcpHarness.Bytes(100, 1), 0, 100);
            h.Socket.Close();
            Assert.AreEqual((object)TcpState.FinWait1, (object)h.Socket.State);
            TcpRepr seg = h.Recv();
            Assert.AreEqual(100, seg.PayloadLength);
            Assert.AreEqual((int)TcpFlags.Fin, seg.Flags & TcpFlags.Fin, "the FIN rides on the last data");
            Assert.IsFalse(h.Socket.CanSend, "no more sends after close");
            Assert.AreEqual(0, h.Socket.Send(new byte[1], 0, 1));
        }

        [TestMethod]
        public void Check38_CloseFromCloseWaitGoesToLastAck()
        {
            TcpHarness h = TcpHarness.CloseWait();
            h.Socket.Close();
            Assert.AreEqual((object)TcpState.LastAck, (object)h.Socket.State);
            h.Recv((byte)(TcpFlags.Fin | TcpFlags.Ack), h.OurNext, h.PeerNext);
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext + 1);
            Assert.AreEqual((object)TcpState.Closed, (object)h.Socket.State);
            Assert.AreEqual((object)TcpError.None, (object)h.Socket.Error);
        }

        [TestMethod]
        public void Check39_HalfCloseKeepsTheOtherDirectionOpen()
        {
            TcpHarness h = TcpHarness.FinWait2();
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext, 8192, TcpHarness.Bytes(50, 1));
            Assert.AreEqual(50, h.Socket.ReceiveQueueLength, "FIN-WAIT-2 still receives");
            TcpHarness c = TcpHarness.CloseWait();
            c.Socket.NoDelay = true;
            Assert.AreEqual(50, c.Socket.Send(TcpHarness.Bytes(50, 2), 0, 50), "CLOSE-WAIT still sends");
            Assert.AreEqual(50, c.Recv().PayloadLength);
            Assert.IsFalse(c.Socket.RemoteClosed == false, "the peer's FIN is seen once the data is read");
        }

        [TestMethod]
        public void Check39_SimultaneousCloseGoesThroughClosing()
        {
            TcpHarness h = TcpHarness.FinWait1();
            h.Send((byte)(TcpFlags.Fin | TcpFlags.Ack), h.PeerNext, h.OurNext - 1); // their FIN, ours not acked
            h.PeerNext++;
            Assert.AreEqual((object)TcpState.Closing, (object)h.Socket.State);
            h.Recv(TcpFlags.Ack, h.OurNext, h.PeerNext);
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext);
            Assert.AreEqual((object)TcpState.TimeWait, (object)h.Socket.State);
        }

        [TestMethod]
        public void Check39_FinWithTheAckOfOurFinGoesStraightToTimeWait()
        {
            TcpHarness h = TcpHarness.FinWait1();
            h.Send((byte)(TcpFlags.Fin | TcpFlags.Ack), h.PeerNext, h.OurNext);
            Assert.AreEqual((object)TcpState.TimeWait, (object)h.Socket.State);
        }

        [TestMethod]
        public void Check39_FinIsNotProcessedBeforeTheDataBeforeIt()
        {
            TcpHarness h = TcpHarness.Established();
            h.Send((byte)(TcpFlags.Fin | TcpFlags.Ack), h.PeerNext + 10, h.OurNext); // a hole of 10 bytes
            Assert.AreEqual((object)TcpState.Established, (object)h.Socket.State);
            h.Recv(TcpFlags.Ack, h.OurNext, h.PeerNext);
        }

        [TestMethod]
        public void Check40_TimeWaitLastsTwoMslAndReAcksARetransmittedFin()
        {
            TcpHarness h = TcpHarness.TimeWait();
            h.Socket.MslMs = 1000;
            long entered = h.Now;
            h.Now += 1500;
            h.Send((byte)(TcpFlags.Fin | TcpFlags.Ack), h.PeerNext - 1, h.OurNext); // the FIN again
            h.Recv(TcpFlags.Ack, h.OurNext, h.PeerNext);
            Assert.AreEqual((object)TcpState.TimeWait, (object)h.Socket.State);
            long restarted = h.Now;
            h.AdvanceToDeadline();
            Assert.AreEqual(2000L, h.Now - restarted, "2·MSL again from the retransmitted FIN");
            h.RecvNothing();
            Assert.AreEqual((object)TcpState.Closed, (object)h.Socket.State);
            Assert.IsTrue(h.Now - entered > 2000);
        }

        [TestMethod]
        public void Check40_DefaultMslIsThirtySeconds()
        {
            TcpHarness h = TcpHarness.TimeWait();
            long entered = h.Now;
            h.AdvanceToDeadline();
            Assert.AreEqual(60000L, h.Now - entered);
        }

        [TestMethod]
        public void Check41_IcmpUnreachable015DoNotAbortAnEstablishedConnection()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.ProcessIcmpError(h.Now, IcmpType.DestinationUnreachable, 0);
            h.Socket.ProcessIcmpError(h.Now, IcmpType.DestinationUnreachable, 1);
            h.Socket.ProcessIcmpError(h.Now, IcmpType.DestinationUnreachable, 5);
            h.Socket.ProcessIcmpError(h.Now, IcmpType.DestinationUnreachable, 3);
            Assert.AreEqual((object)TcpState.Established, (object)h.Socket.State);
            Assert.AreEqual((object)TcpError.HostUnreachable, (object)h.Socket.SoftError, "kept as a soft error");
        }

        [TestMethod]
        public void Check41_PortUnreachableWhileOpeningIsRefused()
        {
            TcpHarness h = TcpHarness.SynSent();
            h.Socket.ProcessIcmpError(h.Now, IcmpType.DestinationUnreachable, 1);
            Assert.AreEqual((object)TcpState.SynSent, (object)h.Socket.State, "host unreachable is soft");
            h.Socket.ProcessIcmpError(h.Now, IcmpType.DestinationUnreachable, 3);
            Assert.AreEqual((object)TcpState.Closed, (object)h.Socket.State);
            Assert.AreEqual((object)TcpError.Refused, (object)h.Socket.Error);
        }

        [TestMethod]
        public void AbortSendsRstAndReports()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.Abort();
            h.Recv(TcpFlags.Rst, h.OurNext, 0);
            Assert.AreEqual((object)TcpState.Closed, (object)h.Socket.State);
            Assert.AreEqual((object)TcpError.Aborted, (object)h.Socket.Error);
        }

        [TestMethod]
        public void RstInClosingStatesClosesWithoutError()
        {
            TcpHarness h = TcpHarness.TimeWait();
            h.Send(TcpFlags.Rst, h.PeerNext, 0);
            Assert.AreEqual((object)TcpState.Closed, (object)h.Socket.State);
            Assert.AreEqual((object)TcpError.None, (object)h.Socket.Error);
        }
    }
}
