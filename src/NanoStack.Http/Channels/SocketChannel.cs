using System.Net;
using System.Net.Sockets;

namespace NanoStack.Channels
{
    /// <summary>
    /// <see cref="IByteChannel"/> over a <c>System.Net.Sockets.Socket</c>, written against the API
    /// nanoFramework 1.x and .NET share: on a device with stock firmware the TLS client runs over
    /// the native lwIP socket this way; on the host over the OS's TCP. Timeouts use
    /// <c>Socket.Poll</c>; a socket error becomes a <see cref="ChannelStatus"/> value and its code
    /// stays in <see cref="LastError"/>. Nothing throws for what the network does.
    /// </summary>
    public sealed class SocketChannel : IByteChannel
    {
        private readonly Socket _socket;
        private bool _closed;
        private string _lastError;

        /// <summary>Wraps a connected socket; the channel owns it from now on.</summary>
        public SocketChannel(Socket socket)
        {
            ChannelArgs.CheckNotNull(socket, "socket");
            _socket = socket;
        }

        /// <summary>The socket exception's message behind the last <see cref="ChannelStatus.Failed"/>,
        /// or null. (The error code is not read: its property binds differently on the two
        /// platforms.)</summary>
        public string LastError { get { return _lastError; } }

        /// <summary>
        /// Opens a TCP connection (the platform's connect timeout applies). Returns the channel, or
        /// null with the socket exception's message in <paramref name="error"/>.
        /// </summary>
        public static SocketChannel Connect(IPEndPoint remote, out string error)
        {
            ChannelArgs.CheckNotNull(remote, "remote");
            Socket socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Connect(remote);
            }
            catch (SocketException e)
            {
                error = e.Message;
                socket.Close();
                return null;
            }
            error = null;
            return new SocketChannel(socket);
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
            try
            {
                if (!_socket.Poll(Microseconds(timeoutMs), SelectMode.SelectRead))
                {
                    return ChannelStatus.TimedOut;
                }
                // Readable with nothing to read is the peer's FIN: Receive returns 0.
                return _socket.Receive(buffer, offset, count, SocketFlags.None);
            }
            catch (SocketException e)
            {
                return Fail(e.Message);
            }
        }

        public int Write(byte[] buffer, int offset, int count, int timeoutMs)
        {
            ChannelArgs.CheckRange(buffer, offset, count);
            if (_closed)
            {
                return ChannelStatus.Closed;
            }
            int done = 0;
            try
            {
                while (done < count)
                {
                    if (!_socket.Poll(Microseconds(timeoutMs), SelectMode.SelectWrite))
                    {
                        return ChannelStatus.TimedOut;
                    }
                    int n = _socket.Send(buffer, offset + done, count - done, SocketFlags.None);
                    if (n <= 0)
                    {
                        return Fail("the socket took no bytes");
                    }
                    done += n;
                }
                return count;
            }
            catch (SocketException e)
            {
                return Fail(e.Message);
            }
        }

        /// <summary>Closes the socket (nanoFramework has no half-close; the FIN goes with it).</summary>
        public void Close()
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            _socket.Close();
        }

        private int Fail(string message)
        {
            _lastError = message;
            return ChannelStatus.Failed;
        }

        private static int Microseconds(int timeoutMs)
        {
            if (timeoutMs < 0)
            {
                return -1;
            }
            return timeoutMs >= int.MaxValue / 1000 ? int.MaxValue : timeoutMs * 1000;
        }
    }
}
