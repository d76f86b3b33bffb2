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
    /// <summary>
    /// Exact-segment test bench for one <see cref="TcpSocket"/> (DESIGN.md principle 14): segments
    /// are built, emitted with a real checksum, parsed back and handed to the socket; what the
    /// socket dispatches is compared field by field, and "nothing else" is asserted with
    /// <see cref="RecvNothing"/>. The peer's sequence numbers start at <see cref="PeerIss"/>.
    /// </summary>
    internal sealed class TcpHarness
    {
        public static readonly Ipv4Address Local = new Ipv4Address(192, 0, 2, 2);
        public static readonly Ipv4Address Remote = new Ipv4Address(192, 0, 2, 1);
        public const ushort LocalPort = 80;
        public const ushort RemotePort = 49500;
        public const uint PeerIss = 1000;
        public const int Mss = 1460;

        public readonly TcpSocket Socket;
        public long Now;
        /// <summary>Our ISS (learnt from the SYN or SYN-ACK the socket sent).</summary>
        public uint Iss;
        /// <summary>The peer's next sequence number.</summary>
        public uint PeerNext = PeerIss + 1;
        public byte[] LastPayload = new byte[0];

        private readonly byte[] _frame = new byte[1600];

        public TcpHarness() : this(2920, 2920)
        {
        }

        public TcpHarness(int receiveBuffer, int sendBuffer)
        {
            Socket = new TcpSocket(receiveBuffer, sendBuffer, 4, Mss, new TcpIsnGenerator(new SeededEntropySource(42)));
        }

        /// <summary>Our next sequence number as the peer sees it after the handshake.</summary>
        public uint OurNext;

        // ------------------------------------------------------------- ingress

        public void Send(byte flags, uint seq, uint ack, ushort window, byte[] data)
        {
            TcpRepr r = new TcpRepr();
            r.SourcePort = RemotePort;
            r.DestinationPort = LocalPort;
            r.SequenceNumber = seq;
            r.AckNumber = ack;
            r.Flags = flags;
            r.Window = window;
            SendRepr(ref r, data);
        }

        public void Send(byte flags, uint seq, uint ack)
        {
            Send(flags, seq, ack, 8192, null);
        }

        public void SendRepr(ref TcpRepr r, byte[] data)
        {
            int length = data == null ? 0 : data.Length;
            r.PayloadLength = length;
            int total = r.HeaderLength + length;
            TcpSegment view = new TcpSegment(_frame, 0, total);
            if (data == null)
            {
                r.Emit(view, Remote, Local);
            }
            else
            {
                r.Emit(view, Remote, Local, data, 0);
            }
            TcpRepr parsed;
            Assert.AreEqual((int)WireStatus.Ok, (int)TcpRepr.TryParse(view, Remote, Local, out parsed), "the bench emits valid segments");
            Assert.IsTrue(Socket.Matches(Remote, Local, ref parsed) || Socket.State == TcpState.Closed, "segment matches the socket");
            Socket.Process(Now, Remote, Local, ref parsed, _frame);
        }

        // ------------------------------------------------------------- egress

        /// <summary>Asserts a segment is due now and returns it (payload in <see cref="LastPayload"/>).</summary>
        public TcpRepr Recv()
        {
            TcpRepr seg = new TcpRepr();
            Ipv4Address src, dst;
            Assert.IsTrue(Socket.Dispatch(Now, ref seg, out src, out dst), "a segment is due at " + Now.ToString());
            LastPayload = new byte[seg.PayloadLength];
            Socket.CopyPayload(ref seg, LastPayload, 0);
            Assert.AreEqual(LocalPort, seg.SourcePort);
            Assert.AreEqual(RemotePort, seg.DestinationPort);
            return seg;
        }

        /// <summary>Asserts the next segment has exactly these flags, SEQ and ACK (ACK only checked when the flag is set).</summary>
        public TcpRepr Recv(byte flags, uint seq, uint ack)
        {
            TcpRepr seg = Recv();
            Assert.AreEqual(Flags(flags), Flags(seg.Flags), "flags");
            Assert.AreEqual(seq, seg.SequenceNumber, "SEQ");
            if ((flags & TcpFlags.Ack) != 0)
            {
                Assert.AreEqual(ack, seg.AckNumber, "ACK");
            }
            return seg;
        }

        public void RecvNothing()
        {
            TcpRepr seg = new TcpRepr();
            Ipv4Address src, dst;
            bool any = Socket.Dispatch(Now, ref seg, out src, out dst);
            Assert.IsFalse(any, any ? "unexpected segment " + Flags(seg.Flags) + " seq=" + seg.SequenceNumber.ToString() + " ack=" + seg.AckNumber.ToString() : "");
        }

        /// <summary>Advances time to the socket's next deadline.</summary>
        public void AdvanceToDeadline()
        {
            long t = Socket.PollAt(Now);
            Assert.IsTrue(t != long.MaxValue, "a timer is running");
            if (t > Now)
            {
                Now = t;
            }
        }

        public static string Flags(byte f)
        {
            string s = "";
            if ((f & TcpFlags.Syn) != 0) s += "S";
            if ((f & TcpFlags.Fin) != 0) s += "F";
            if ((f & TcpFlags.Rst) != 0) s += "R";
            if ((f & TcpFlags.Psh) != 0) s += "P";
            if ((f & TcpFlags.Ack) != 0) s += ".";
            if ((f & TcpFlags.Urg) != 0) s += "U";
            return s;
        }

        public static byte[] Bytes(int length, int seed)
        {
            byte[] b = new byte[length];
            for (int i = 0; i < length; i++)
            {
                b[i] = (byte)(seed + i * 7);
            }
            return b;
        }

        // ------------------------------------------------------------- fixtures

        public static TcpHarness SynSent()
        {
            TcpHarness h = new TcpHarness();
            h.Socket.Connect(h.Now, Local, LocalPort, Remote, RemotePort);
            TcpRepr syn = h.Recv();
            Assert.AreEqual("S", Flags(syn.Flags));
            h.Iss = syn.SequenceNumber;
            h.OurNext = h.Iss + 1;
            return h;
        }

        public static TcpHarness Established()
        {
            TcpHarness h = SynSent();
            h.Now += 10;
            TcpRepr synAck = new TcpRepr();
            synAck.SourcePort = RemotePort;
            synAck.DestinationPort = LocalPort;
            synAck.SequenceNumber = PeerIss;
            synAck.AckNumber = h.Iss + 1;
            synAck.Flags = (byte)(TcpFlags.Syn | TcpFlags.Ack);
            synAck.Window = 8192;
            synAck.HasMss = true;
            synAck.Mss = Mss;
            h.SendRepr(ref synAck, null);
            h.Recv(TcpFlags.Ack, h.Iss + 1, PeerIss + 1);
            Assert.AreEqual((object)TcpState.Established, (object)h.Socket.State);
            return h;
        }

        public static TcpHarness Listening()
        {
            TcpHarness h = new TcpHarness();
            h.Socket.Listen(Local, LocalPort);
            return h;
        }

        public static TcpHarness SynReceived()
        {
            TcpHarness h = Listening();
            h.Send(TcpFlags.Syn, PeerIss, 0);
            TcpRepr synAck = h.Recv();
            Assert.AreEqual("S.", Flags(synAck.Flags));
            h.Iss = synAck.SequenceNumber;
            h.OurNext = h.Iss + 1;
            Assert.AreEqual((object)TcpState.SynReceived, (object)h.Socket.State);
            return h;
        }

        /// <summary>ESTABLISHED, then the application closed: FIN sent, not acknowledged.</summary>
        public static TcpHarness FinWait1()
        {
            TcpHarness h = Established();
            h.Socket.Close();
            h.Recv((byte)(TcpFlags.Fin | TcpFlags.Ack), h.OurNext, h.PeerNext);
            h.OurNext++;
            Assert.AreEqual((object)TcpState.FinWait1, (object)h.Socket.State);
            return h;
        }

        public static TcpHarness FinWait2()
        {
            TcpHarness h = FinWait1();
            h.Send(TcpFlags.Ack, h.PeerNext, h.OurNext);
            Assert.AreEqual((object)TcpState.FinWait2, (object)h.Socket.State);
            h.RecvNothing();
            return h;
        }

        public static TcpHarness CloseWait()
        {
            TcpHarness h = Established();
            h.Send((byte)(TcpFlags.Fin | TcpFlags.Ack), h.PeerNext, h.OurNext);
            h.PeerNext++;
            h.Recv(TcpFlags.Ack, h.OurNext, h.PeerNext);
            Assert.AreEqual((object)TcpState.CloseWait, (object)h.Socket.State);
            return h;
        }

        public static TcpHarness TimeWait()
        {
            TcpHarness h = FinWait2();
            h.Send((byte)(TcpFlags.Fin | TcpFlags.Ack), h.PeerNext, h.OurNext);
            h.PeerNext++;
            h.Recv(TcpFlags.Ack, h.OurNext, h.PeerNext);
            Assert.AreEqual((object)TcpState.TimeWait, (object)h.Socket.State);
            return h;
        }
    }
}
