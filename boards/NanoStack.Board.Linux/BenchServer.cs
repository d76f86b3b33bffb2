using System;
using System.Diagnostics;
using System.Threading;
using NanoStack.Iface;
using NanoStack.Sockets;
using NanoStack.Wire;

namespace NanoStack.Board.Linux
{
    /// <summary>
    /// The bench's services on NanoStack, the same as the lwIP reference's
    /// (<c>Reference/lwip_ref.c</c>): echo on port 7, discard on 9 (close after the client's FIN),
    /// source on 19 (the client sends an 8-byte big-endian count, the server sends that many
    /// bytes and closes). One connection at a time per service; the poll loop runs on its own
    /// thread until <see cref="Dispose"/>, sleeping on the TAP device until a frame or the stack's
    /// next deadline.
    /// </summary>
    public sealed class BenchServer : IDisposable
    {
        private readonly Interface _iface;
        private readonly TapLink _tap;
        private readonly Thread _thread;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly byte[] _buffer = new byte[16384];
        private readonly byte[] _pattern = new byte[16384];
        private volatile bool _stop;
        private readonly int[] _listeners = new int[3];
        private readonly int[] _connections = { -1, -1, -1 };
        private readonly ushort[] _ports = { 7, 9, 19 };
        private int _echoPending, _echoOffset;
        private readonly byte[] _echo = new byte[16384];
        private readonly byte[] _count = new byte[8];
        private int _countGot;
        private long _sourceLeft;

        public BenchServer(TapLink tap, MacAddress mac, Ipv4Address address, int prefixLength, Ipv4Address gateway, int ringBytes)
        {
            _tap = tap;
            var limits = new StackLimits
            {
                MaxTcpSockets = 12,
                TcpListenBacklog = 3,
                TcpReceiveBufferSize = ringBytes,
                TcpSendBufferSize = ringBytes,
                TcpMaxGaps = 8,
            };
            _iface = new Interface(limits, tap, mac, new OsEntropySource());
            _iface.SetAddress(address, prefixLength, gateway);
            for (int i = 0; i < 3; i++)
            {
                _listeners[i] = _iface.TcpOpen();
                _iface.GetTcp(_listeners[i]).NoDelay = true;
                _iface.TcpListen(_listeners[i], _ports[i]);
            }
            Array.Fill(_pattern, (byte)'x');
            _thread = new Thread(Run) { IsBackground = true, Name = "nanostack-bench" };
            _thread.Start();
        }

        public Interface Interface => _iface;

        private long Now => _clock.ElapsedMilliseconds;

        private void Run()
        {
            while (!_stop)
            {
                long now = Now;
                while (_iface.Poll(now))
                {
                    Serve();
                    now = Now;
                }
                Serve();
                long wait = _iface.PollAt(now) - now;
                _tap.WaitReadable((int)Math.Clamp(wait, 0, 10));
            }
        }

        private void Serve()
        {
            for (int i = 0; i < 3; i++)
            {
                if (_connections[i] < 0)
                {
                    int h = _iface.TcpAccept(_listeners[i]);
                    if (h < 0)
                    {
                        continue;
                    }
                    _connections[i] = h;
                    TcpSocket accepted = _iface.GetTcp(h);
                    accepted.NoDelay = true;
                    accepted.MslMs = 100;
                    _echoPending = _echoOffset = 0;
                    _countGot = 0;
                    _sourceLeft = -1;
                }
                int c = _connections[i];
                TcpSocket s = _iface.GetTcp(c);
                if (s.State == TcpState.Closed || (s.RemoteClosed && i != 2 && s.State != TcpState.CloseWait))
                {
                    _connections[i] = -1;
                    continue;
                }
                switch (i)
                {
                    case 0: // echo
                        if (_echoPending == 0)
                        {
                            _echoPending = s.Receive(_echo, 0, _echo.Length);
                            _echoOffset = 0;
                        }
                        if (_echoPending > 0)
                        {
                            int n = s.Send(_echo, _echoOffset, _echoPending);
                            _echoOffset += n;
                            _echoPending -= n;
                        }
                        break;
                    case 1: // discard
                        while (s.Receive(_buffer, 0, _buffer.Length) > 0)
                        {
                        }
                        break;
                    case 2: // source
                        if (_countGot < 8)
                        {
                            _countGot += s.Receive(_count, _countGot, 8 - _countGot);
                            if (_countGot == 8)
                            {
                                _sourceLeft = 0;
                                for (int k = 0; k < 8; k++)
                                {
                                    _sourceLeft = (_sourceLeft << 8) | _count[k];
                                }
                            }
                        }
                        while (_sourceLeft > 0)
                        {
                            int n = s.Send(_pattern, 0, (int)Math.Min(_pattern.Length, _sourceLeft));
                            if (n == 0)
                            {
                                break;
                            }
                            _sourceLeft -= n;
                        }
                        if (_sourceLeft == 0)
                        {
                            _iface.TcpClose(c);
                            _connections[i] = -1;
                            _sourceLeft = -1;
                        }
                        continue;
                }
                if (s.RemoteClosed && s.State == TcpState.CloseWait && (i != 0 || _echoPending == 0))
                {
                    _iface.TcpClose(c);
                    _connections[i] = -1;
                }
            }
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join(5_000);
        }
    }
}
