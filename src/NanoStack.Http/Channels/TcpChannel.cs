using NanoStack.Iface;
using NanoStack.Sockets;
using NanoStack.Wire;

namespace NanoStack.Channels
{
    /// <summary>
    /// <see cref="IByteChannel"/> over a NanoStack TCP socket: the TLS driver and the HTTP client
    /// block on it while the board's <see cref="IStackRunner"/> moves the stack forward. Writes
    /// complete when the bytes are in the socket's send buffer (as with an OS socket); reads
    /// return what the receive buffer holds. The socket's own error (refused, reset, user
    /// timeout) stays readable in <see cref="Error"/> after a negative result.
    /// </summary>
    public sealed class TcpChannel : IByteChannel
    {
        private readonly Interface _iface;
        private readonly IStackRunner _runner;
        private int _handle;
        private bool _closed;
        private TcpError _error;

        /// <summary>Wraps a connected (or accepted) handle; the channel owns it from now on.</summary>
        public TcpChannel(Interface iface, IStackRunner runner, int handle)
        {
            ChannelArgs.CheckNotNull(iface, "iface");
            ChannelArgs.CheckNotNull(runner, "runner");
            _iface = iface;
            _runner = runner;
            _handle = handle;
            iface.GetTcp(handle); // checks the handle
        }

        /// <summary>
        /// An unconnected channel to be opened with <see cref="Open"/>, one connection after
        /// another: a device allocates it once at start-up and nothing per connection.
        /// </summary>
        public TcpChannel(Interface iface, IStackRunner runner)
        {
            ChannelArgs.CheckNotNull(iface, "iface");
            ChannelArgs.CheckNotNull(runner, "runner");
            _iface = iface;
            _runner = runner;
            _handle = -1;
            _closed = true;
        }

        /// <summary>True between a successful <see cref="Open"/> (or the connected constructor)
        /// and <see cref="Close"/> or <see cref="Abort"/>.</summary>
        public bool IsOpen { get { return !_closed; } }

        /// <summary>
        /// Active open of this channel to <paramref name="remote"/>:<paramref name="port"/>, as
        /// <see cref="Connect"/> does. Returns <see cref="TcpError.None"/> once ESTABLISHED, else the
        /// reason, and the channel stays closed. The previous connection must be closed or aborted
        /// first (its socket may still be in TIME-WAIT: the interface releases it later).
        /// </summary>
        public TcpError Open(Ipv4Address remote, ushort port, int timeoutMs)
        {
            if (!_closed)
            {
                throw new System.InvalidOperationException("the channel is open");
            }
            TcpError error;
            int handle = ConnectHandle(_iface, _runner, remote, port, timeoutMs, out error);
            if (handle >= 0)
            {
                _handle = handle;
                _closed = false;
                _error = TcpError.None;
            }
            return error;
        }

        /// <summary>The socket handle in the interface's table (for options and counters), −1
        /// before the first <see cref="Open"/>.</summary>
        public int Handle { get { return _handle; } }

        /// <summary>Why the connection failed, or <see cref="TcpError.None"/>.</summary>
        public TcpError Error { get { return _error; } }

        /// <summary>The socket, for options and state; do not read or write it directly.</summary>
        public TcpSocket Socket { get { return _iface.GetTcp(_handle); } }

        /// <summary>
        /// Active open to <paramref name="remote"/>:<paramref name="port"/>, waiting up to
        /// <paramref name="timeoutMs"/> for ESTABLISHED. Returns the channel, or null with the
        /// reason in <paramref name="error"/> (no free socket: <see cref="TcpError.Aborted"/>).
        /// </summary>
        public static TcpChannel Connect(Interface iface, IStackRunner runner, Ipv4Address remote, ushort port, int timeoutMs, out TcpError error)
        {
            ChannelArgs.CheckNotNull(iface, "iface");
            ChannelArgs.CheckNotNull(runner, "runner");
            int handle = ConnectHandle(iface, runner, remote, port, timeoutMs, out error);
            return handle >= 0 ? new TcpChannel(iface, runner, handle) : null;
        }

        private static int ConnectHandle(Interface iface, IStackRunner runner, Ipv4Address remote, ushort port, int timeoutMs, out TcpError error)
        {
            int handle = iface.TcpOpen();
            if (handle < 0)
            {
                error = TcpError.Aborted;
                return -1;
            }
            TcpSocket socket = iface.GetTcp(handle);
            error = iface.TcpConnect(runner.NowMs, handle, remote, port);
            if (error != TcpError.None)
            {
                iface.TcpRelease(handle);
                return -1;
            }
            long deadline = runner.NowMs + timeoutMs;
            while (true)
            {
                TcpState state = socket.State;
                if (state == TcpState.Established || state == TcpState.CloseWait)
                {
                    return handle;
                }
                if (state == TcpState.Closed)
                {
                    error = socket.Error != TcpError.None ? socket.Error : TcpError.Refused;
                    iface.TcpRelease(handle);
                    return -1;
                }
                if (runner.NowMs >= deadline)
                {
                    error = TcpError.TimedOut;
                    iface.TcpAbort(handle);
                    return -1;
                }
                runner.RunOnce(deadline);
            }
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            ChannelArgs.CheckRange(buffer, offset, count);
            if (_closed)
            {
                return ChannelStatus.Closed;
            }
            if (count == 0)
            {
                return 0;
            }
            long deadline = Deadline(timeoutMs);
            TcpSocket socket = _iface.GetTcp(_handle);
            while (true)
            {
                int n = socket.Receive(buffer, offset, count);
                if (n > 0)
                {
                    return n;
                }
                if (socket.RemoteClosed && socket.Error == TcpError.None)
                {
                    return 0;
                }
                int failure = Failure(socket);
                if (failure != 0)
                {
                    return failure;
                }
                if (_runner.NowMs >= deadline)
                {
                    return ChannelStatus.TimedOut;
                }
                _runner.RunOnce(deadline);
            }
        }

        public int Write(byte[] buffer, int offset, int count, int timeoutMs)
        {
            ChannelArgs.CheckRange(buffer, offset, count);
            if (_closed)
            {
                return ChannelStatus.Closed;
            }
            long deadline = Deadline(timeoutMs);
            TcpSocket socket = _iface.GetTcp(_handle);
            int done = 0;
            while (true)
            {
                int failure = Failure(socket);
                if (failure != 0)
                {
                    return failure;
                }
                TcpState state = socket.State;
                if (state != TcpState.Established && state != TcpState.CloseWait)
                {
                    return ChannelStatus.Closed;
                }
                done += socket.Send(buffer, offset + done, count - done);
                if (done == count)
                {
                    return count;
                }
                if (_runner.NowMs >= deadline)
                {
                    return ChannelStatus.TimedOut;
                }
                _runner.RunOnce(deadline);
            }
        }

        /// <summary>Queues our FIN after the buffered data; the interface releases the socket
        /// once it reaches CLOSED (after TIME-WAIT when we close first).</summary>
        public void Close()
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            _iface.TcpClose(_handle);
        }

        /// <summary>Resets the connection (RST) and releases the socket.</summary>
        public void Abort()
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            _iface.TcpAbort(_handle);
        }

        private int Failure(TcpSocket socket)
        {
            TcpError error = socket.Error;
            if (error == TcpError.None)
            {
                return 0;
            }
            _error = error;
            return error == TcpError.Reset ? ChannelStatus.Reset : ChannelStatus.Failed;
        }

        private long Deadline(int timeoutMs)
        {
            return timeoutMs < 0 ? long.MaxValue : _runner.NowMs + timeoutMs;
        }
    }
}
