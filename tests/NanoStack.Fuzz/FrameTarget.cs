using System;
using System.Collections.Generic;
using System.Text;
using NanoStack.Iface;
using NanoStack.Sockets;
using NanoStack.Wire;

namespace NanoStack.Fuzz
{
    /// <summary>
    /// Ethernet frames into an <see cref="Interface"/> that has a listener on port 80, a UDP socket
    /// on port 7 and an ESTABLISHED connection (accepted from a peer interface by a real
    /// handshake at start-up, with 5 bytes in flight). The input is a sequence of frames, each
    /// preceded by its length (2 bytes, big-endian); each frame is polled in at its own
    /// millisecond, the application reads and accepts, then the timers run.
    /// The setup is deterministic (seeded entropy, virtual time), so frames recorded from the
    /// peer by <see cref="RecordPeerFrames"/> still match the connection when replayed.
    /// </summary>
    public sealed class FrameTarget
    {
        public static readonly MacAddress MacA = new MacAddress(0x02, 0, 0, 0, 0, 0x0A);
        public static readonly MacAddress MacB = new MacAddress(0x02, 0, 0, 0, 0, 0x0B);
        public static readonly Ipv4Address AddressA = new Ipv4Address(192, 0, 2, 10);
        public static readonly Ipv4Address AddressB = new Ipv4Address(192, 0, 2, 20);
        public const ushort TcpPort = 80;
        public const ushort UdpPort = 7;

        private readonly FuzzWire _wire;
        private readonly Interface _a;
        private readonly Interface _b;
        private readonly int _listener;
        private readonly int _udp;
        private readonly int _peer;
        private int _established;
        private long _now = 1000;
        private readonly byte[] _scratch = new byte[4096];

        private FrameTarget()
        {
            var limits = new StackLimits { MaxTcpSockets = 4, MaxUdpSockets = 2, TcpListenBacklog = 2 };
            _wire = new FuzzWire(limits.Mtu + StackLimits.EthernetHeaderLength);
            _a = new Interface(limits, _wire.A, MacA, new FixedEntropy(1));
            _b = new Interface(limits, _wire.B, MacB, new FixedEntropy(101));
            _a.SetAddress(AddressA, 24, Ipv4Address.Any);
            _b.SetAddress(AddressB, 24, Ipv4Address.Any);

            _listener = _a.TcpOpen();
            _a.TcpListen(_listener, TcpPort);
            _udp = _a.UdpOpen(UdpPort);
            _peer = _b.TcpOpen();
            Require(_b.TcpConnect(_now, _peer, AddressA, TcpPort) == TcpError.None, "connect");
            _established = -1;
            Require(RunUntil(() =>
            {
                if (_established < 0)
                {
                    _established = _a.TcpAccept(_listener);
                }
                return _established >= 0 && _b.GetTcp(_peer).State == TcpState.Established;
            }), "handshake");

            byte[] hello = Encoding.ASCII.GetBytes("hello");
            Require(_a.GetTcp(_established).Send(hello, 0, hello.Length) == hello.Length, "send");
            Require(RunUntil(() => _b.GetTcp(_peer).ReceiveQueueLength == hello.Length && _a.GetTcp(_established).SendQueueLength == 0), "delivery");
            _b.GetTcp(_peer).Receive(_scratch, 0, _scratch.Length);
            // Five more bytes stay in flight: injected ACKs and window updates have work to do.
            Require(_a.GetTcp(_established).Send(hello, 0, hello.Length) == hello.Length, "send");
        }

        /// <summary>Runs one input. Throws only if the stack does (a crash for the fuzzer).</summary>
        public static void Run(byte[] data)
        {
            var t = new FrameTarget();
            t._wire.Connected = false;
            int p = 0;
            while (p < data.Length)
            {
                int length = data[p] << 8;
                length |= p + 1 < data.Length ? data[p + 1] : 0;
                p = Math.Min(p + 2, data.Length);
                if (length > data.Length - p)
                {
                    length = data.Length - p;
                }
                t._wire.InjectToA(data.AsSpan(p, length).ToArray());
                p += length;
                t._a.Poll(t._now);
                t.Application();
                t._now++;
            }
            // Timers: retransmission, delayed ACK, TIME-WAIT, keep-alive (bounded).
            for (int i = 0; i < 16; i++)
            {
                long next = t._a.PollAt(t._now);
                if (next == long.MaxValue)
                {
                    break;
                }
                t._now = Math.Max(t._now + 1, next);
                t._a.Poll(t._now);
                t.Application();
            }
        }

        private void Application()
        {
            int accepted = _a.TcpAccept(_listener);
            if (accepted >= 0)
            {
                _a.TcpClose(accepted);
            }
            TcpSocket s = _a.GetTcp(_established);
            while (s.CanReceive)
            {
                s.Receive(_scratch, 0, 1000);
            }
            if (s.RemoteClosed && s.State == TcpState.CloseWait)
            {
                _a.TcpClose(_established);
            }
            UdpSocket u = _a.GetUdp(_udp);
            Ipv4Address from;
            ushort port;
            while (u.ReceiveFrom(_scratch, 0, _scratch.Length, out from, out port) > 0)
            {
            }
        }

        /// <summary>
        /// What the peer sends to the interface after the setup, one frame per element: data, a
        /// ping, a UDP datagram, a second connection's SYN, and the close of the first.
        /// </summary>
        public static List<byte[]> RecordPeerFrames()
        {
            var t = new FrameTarget();
            var frames = new List<byte[]>();
            t._wire.RecordToA = frames;
            TcpSocket peer = t._b.GetTcp(t._peer);
            byte[] data = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            peer.Send(data, 0, data.Length);
            t.RunUntil(() => t._a.GetTcp(t._established).ReceiveQueueLength == data.Length);
            t._b.Ping(t._now, AddressA, 0x1234, 1, 32);
            int udp = t._b.UdpOpen(4000);
            t._b.UdpSendTo(t._now, udp, AddressA, UdpPort, data, 0, 10);
            int second = t._b.TcpOpen();
            t._b.TcpConnect(t._now, second, AddressA, TcpPort);
            t.RunUntil(() => t._a.TcpSocketsInUse >= 3, 5000);
            t._b.TcpClose(t._peer);
            t.RunUntil(() => t._b.GetTcp(t._peer).State == TcpState.FinWait2 || t._b.GetTcp(t._peer).State == TcpState.TimeWait, 5000);
            return frames;
        }

        private bool RunUntil(Func<bool> until, long limitMs = 60_000)
        {
            long end = _now + limitMs;
            while (_now <= end)
            {
                for (int i = 0; i < 1000; i++)
                {
                    bool a = _a.Poll(_now);
                    bool b = _b.Poll(_now);
                    if (until())
                    {
                        return true;
                    }
                    if (!a && !b)
                    {
                        break;
                    }
                }
                long next = Math.Min(_a.PollAt(_now), _b.PollAt(_now));
                if (next == long.MaxValue)
                {
                    return until();
                }
                _now = Math.Max(next, _now + 1);
            }
            return until();
        }

        private static void Require(bool condition, string what)
        {
            if (!condition)
            {
                throw new InvalidOperationException("frame target setup failed: " + what);
            }
        }
    }
}
