using System;
using System.Net;
using System.Net.Sockets;
using NanoStack.Channels;

namespace NanoStack.Board.Linux
{
    /// <summary>
    /// <see cref="IByteChannel"/> over an operating-system TCP socket: the host's TCP carries
    /// NanoStack's TLS and HTTP (the <c>get</c> command, tests against real servers). Timeouts use
    /// <see cref="Socket.Poll(int, SelectMode)"/>; errors map to <see cref="ChannelStatus"/> and the
    /// socket error stays readable in <see cref="LastError"/>.
    /// </summary>
    public sealed class OsSocketChannel : IByteChannel, IDisposable
    {
        private readonly Socket _socket;
        private bool _closed;

        private OsSocketChannel(Socket socket) => _socket = socket;

        /// <summary>The socket error behind the last negative result, or Success.</summary>
        public SocketError LastError { get; private set; }

        public EndPoint RemoteEndPoint => _socket.RemoteEndPoint;

        /// <summary>Connects within <paramref name="timeoutMs"/>; throws <see cref="SocketException"/>
        /// (refused, unreachable) or <see cref="TimeoutException"/>.</summary>
        public static OsSocketChannel Connect(IPEndPoint remote, int timeoutMs)
        {
            ArgumentNullException.ThrowIfNull(remote);
            var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                IAsyncResult pending = socket.BeginConnect(remote, null, null);
                if (!pending.AsyncWaitHandle.WaitOne(timeoutMs))
                {
                    throw new TimeoutException("TCP connect to " + remote + " timed out after " + timeoutMs + " ms");
                }
                socket.EndConnect(pending);
                return new OsSocketChannel(socket);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        /// <summary>Wraps a connected socket (e.g. from a listener); the channel owns it.</summary>
        public static OsSocketChannel FromConnected(Socket socket)
        {
            ArgumentNullException.ThrowIfNull(socket);
            return new OsSocketChannel(socket);
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            ArgumentNullException.ThrowIfNull(buffer);
            ArgumentOutOfRangeException.ThrowIfNegative(offset);
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, buffer.Length - count);
            if (_closed)
            {
                return ChannelStatus.Closed;
            }
            if (count == 0)
            {
                return 0;
            }
            try
            {
                if (!_socket.Poll(ToMicroseconds(timeoutMs), SelectMode.SelectRead))
                {
                    return ChannelStatus.TimedOut;
                }
                int n = _socket.Receive(buffer, offset, count, SocketFlags.None, out SocketError error);
                if (error != SocketError.Success)
                {
                    return Fail(error);
                }
                return n;
            }
            catch (ObjectDisposedException)
            {
                return ChannelStatus.Closed;
            }
        }

        public int Write(byte[] buffer, int offset, int count, int timeoutMs)
        {
            ArgumentNullException.ThrowIfNull(buffer);
            ArgumentOutOfRangeException.ThrowIfNegative(offset);
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, buffer.Length - count);
            if (_closed)
            {
                return ChannelStatus.Closed;
            }
            int done = 0;
            long deadline = Environment.TickCount64 + timeoutMs;
            try
            {
                while (done < count)
                {
                    int left = (int)Math.Max(0, deadline - Environment.TickCount64);
                    if (!_socket.Poll(ToMicroseconds(left), SelectMode.SelectWrite))
                    {
                        return ChannelStatus.TimedOut;
                    }
                    int n = _socket.Send(buffer, offset + done, count - done, SocketFlags.None, out SocketError error);
                    if (error != SocketError.Success && error != SocketError.WouldBlock)
                    {
                        return Fail(error);
                    }
                    done += n;
                }
                return count;
            }
            catch (ObjectDisposedException)
            {
                return ChannelStatus.Closed;
            }
        }

        public void Close()
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            try
            {
                _socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // already reset by the peer
            }
            _socket.Dispose();
        }

        public void Dispose() => Close();

        private int Fail(SocketError error)
        {
            LastError = error;
            return error == SocketError.ConnectionReset || error == SocketError.ConnectionAborted ? ChannelStatus.Reset : ChannelStatus.Failed;
        }

        private static int ToMicroseconds(int timeoutMs) => timeoutMs < 0 ? -1 : (int)Math.Min(int.MaxValue, timeoutMs * 1000L);
    }
}
