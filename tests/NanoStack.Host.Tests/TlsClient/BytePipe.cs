using System;
using System.IO;
using System.Threading;
using NanoStack.Channels;

namespace NanoStack.Host.Tests.TlsClient
{
    /// <summary>
    /// An in-memory, bounded, bidirectional byte pipe: <see cref="Client"/> is an
    /// <see cref="IByteChannel"/> for the NanoStack TLS client, <see cref="Server"/> a
    /// <see cref="Stream"/> for an <c>SslStream</c> server. Each direction has an optional tap
    /// (<see cref="ToClientFilter"/>) a test uses to tamper with server bytes in flight.
    /// </summary>
    public sealed class BytePipe : IDisposable
    {
        private readonly Lane _toServer = new Lane();
        private readonly Lane _toClient = new Lane();

        public BytePipe()
        {
            Client = new ClientEnd(this);
            Server = new ServerEnd(this);
        }

        public IByteChannel Client { get; }

        public Stream Server { get; }

        /// <summary>Sees (and may change) every chunk the server writes before the client reads it.</summary>
        public Action<byte[], int, int> ToClientFilter { get; set; }

        /// <summary>Replaces the server's bytes on their way to the client (e.g. a <see cref="RecordMitm"/>); may return fewer or more bytes.</summary>
        public Func<byte[], byte[]> ToClientTransform { get; set; }

        /// <summary>Bytes moved server → client and client → server.</summary>
        public long BytesToClient => _toClient.Total;
        public long BytesToServer => _toServer.Total;

        public void Dispose()
        {
            _toServer.Close();
            _toClient.Close();
        }

        /// <summary>Closes the server → client direction without more data (the transport's EOF).</summary>
        public void CloseToClient() => _toClient.Close();

        private sealed class Lane
        {
            private readonly byte[] _buffer = new byte[1 << 18];
            private int _start;
            private int _count;
            private bool _closed;
            public long Total;

            public void Write(byte[] data, int offset, int count)
            {
                lock (this)
                {
                    while (count > 0)
                    {
                        if (_closed)
                        {
                            throw new IOException("pipe closed");
                        }
                        while (_count == _buffer.Length && !_closed)
                        {
                            Monitor.Wait(this);
                        }
                        if (_closed)
                        {
                            throw new IOException("pipe closed");
                        }
                        int end = (_start + _count) % _buffer.Length;
                        int n = Math.Min(count, Math.Min(_buffer.Length - _count, _buffer.Length - end));
                        Array.Copy(data, offset, _buffer, end, n);
                        _count += n;
                        Total += n;
                        offset += n;
                        count -= n;
                        Monitor.PulseAll(this);
                    }
                }
            }

            /// <summary>Bytes read, 0 at end, -1 on timeout.</summary>
            public int Read(byte[] data, int offset, int count, int timeoutMs)
            {
                lock (this)
                {
                    DateTime deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
                    while (_count == 0 && !_closed)
                    {
                        int left = (int)(deadline - DateTime.UtcNow).TotalMilliseconds;
                        if (left <= 0)
                        {
                            return -1;
                        }
                        Monitor.Wait(this, left);
                    }
                    if (_count == 0)
                    {
                        return 0;
                    }
                    int n = Math.Min(count, Math.Min(_count, _buffer.Length - _start));
                    Array.Copy(_buffer, _start, data, offset, n);
                    _start = (_start + n) % _buffer.Length;
                    _count -= n;
                    Monitor.PulseAll(this);
                    return n;
                }
            }

            public void Close()
            {
                lock (this)
                {
                    _closed = true;
                    Monitor.PulseAll(this);
                }
            }
        }

        private sealed class ClientEnd : IByteChannel
        {
            private readonly BytePipe _pipe;

            public ClientEnd(BytePipe pipe) => _pipe = pipe;

            public int Read(byte[] buffer, int offset, int count, int timeoutMs)
            {
                int n = _pipe._toClient.Read(buffer, offset, count, timeoutMs);
                return n < 0 ? ChannelStatus.TimedOut : n;
            }

            public int Write(byte[] buffer, int offset, int count, int timeoutMs)
            {
                try
                {
                    _pipe._toServer.Write(buffer, offset, count);
                    return count;
                }
                catch (IOException)
                {
                    return ChannelStatus.Reset;
                }
            }

            public void Close() => _pipe._toServer.Close();
        }

        private sealed class ServerEnd : Stream
        {
            private readonly BytePipe _pipe;

            public ServerEnd(BytePipe pipe) => _pipe = pipe;

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override void Flush()
            {
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                int n = _pipe._toServer.Read(buffer, offset, count, 30_000);
                if (n < 0)
                {
                    throw new IOException("server read timed out");
                }
                return n;
            }

            public override void Write(byte[] buffer, int offset, int count)
            {
                if (_pipe.ToClientTransform != null)
                {
                    byte[] chunk = new byte[count];
                    Array.Copy(buffer, offset, chunk, 0, count);
                    byte[] output = _pipe.ToClientTransform(chunk);
                    _pipe._toClient.Write(output, 0, output.Length);
                    return;
                }
                if (_pipe.ToClientFilter != null)
                {
                    byte[] copy = new byte[count];
                    Array.Copy(buffer, offset, copy, 0, count);
                    _pipe.ToClientFilter(copy, 0, count);
                    _pipe._toClient.Write(copy, 0, count);
                    return;
                }
                _pipe._toClient.Write(buffer, offset, count);
            }

            protected override void Dispose(bool disposing)
            {
                _pipe._toClient.Close();
                base.Dispose(disposing);
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
        }
    }
}
