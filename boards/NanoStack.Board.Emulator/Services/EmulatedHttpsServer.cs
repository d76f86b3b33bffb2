using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using NanoStack.Iface;
using NanoStack.Sockets;

namespace NanoStack.Board.Emulator.Services
{
    /// <summary>
    /// The emulator's HTTPS peer: the host's <see cref="SslStream"/> (an independent TLS 1.2
    /// implementation) serving HTTP/1.1 over NanoStack's own TCP, server side, on an interface of
    /// the emulated network. Each accepted connection runs SslStream on its own thread over a
    /// <see cref="Stream"/> adapter; the world loop moves bytes between the adapter and the TCP
    /// socket in <see cref="Service"/>.
    /// </summary>
    /// <remarks>
    /// Virtual time stays deterministic because <see cref="Service"/> returns only once every
    /// connection thread is quiescent: blocked in a read with nothing left to read, or finished.
    /// The thread's real-time work therefore happens "between two instants" of the virtual clock,
    /// and the world never advances time while the server is computing. Pages are byte arrays
    /// keyed by path; anything else is 404. Keep-alive is honoured; <c>Connection: close</c> and
    /// HTTP/1.0 close after the response (close_notify, then FIN).
    /// </remarks>
    public sealed class EmulatedHttpsServer : IDisposable
    {
        /// <summary>Real-time bound on one connection thread reaching quiescence.</summary>
        public const int QuiescenceTimeoutMs = 30_000;

        private readonly Interface _iface;
        private readonly int _listener;
        private readonly SslServerAuthenticationOptions _options;
        private readonly Dictionary<string, Page> _pages = new Dictionary<string, Page>(StringComparer.Ordinal);
        private readonly List<Connection> _connections = new List<Connection>();
        private readonly byte[] _buffer = new byte[16384];
        private bool _disposed;

        public EmulatedHttpsServer(Interface iface, ushort port, X509Certificate2 leaf, X509Certificate2Collection intermediates)
        {
            ArgumentNullException.ThrowIfNull(iface);
            ArgumentNullException.ThrowIfNull(leaf);
            _iface = iface;
            Port = port;
            _options = new SslServerAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12,
                // One context for every connection: the server's session cache (IDs and tickets) lives with it.
                ServerCertificateContext = SslStreamCertificateContext.Create(leaf, intermediates ?? new X509Certificate2Collection(), offline: true),
                ClientCertificateRequired = false,
                AllowRenegotiation = false,
                ApplicationProtocols = new List<SslApplicationProtocol> { SslApplicationProtocol.Http11 },
            };
            _listener = iface.TcpOpen();
            if (_listener < 0)
            {
                throw new InvalidOperationException("no free TCP socket for the HTTPS listener");
            }
            iface.TcpListen(_listener, port);
        }

        public ushort Port { get; }

        /// <summary>Connections accepted so far.</summary>
        public int Accepted { get; private set; }

        /// <summary>HTTP requests answered so far.</summary>
        public int Requests { get; private set; }

        /// <summary>What the server saw in the last <see cref="KeptRecords"/> completed handshakes:
        /// SNI, suite, ALPN (older ones are dropped, so a long run's memory stays flat).</summary>
        public List<HandshakeRecord> Handshakes { get; } = new List<HandshakeRecord>();

        /// <summary>The last <see cref="KeptRecords"/> errors the connection threads ended with
        /// (handshake refused, peer reset…); <see cref="ErrorCount"/> counts them all.</summary>
        public List<string> Errors { get; } = new List<string>();

        /// <summary>Errors so far.</summary>
        public int ErrorCount { get; private set; }

        /// <summary>How many handshake records and errors are kept.</summary>
        public const int KeptRecords = 64;

        private void Record(HandshakeRecord record)
        {
            if (Handshakes.Count == KeptRecords)
            {
                Handshakes.RemoveAt(0);
            }
            Handshakes.Add(record);
        }

        private void RecordError(string error)
        {
            ErrorCount++;
            if (Errors.Count == KeptRecords)
            {
                Errors.RemoveAt(0);
            }
            Errors.Add(error);
        }

        /// <summary>Serves <paramref name="body"/> at <paramref name="path"/>.</summary>
        public void AddPage(string path, string contentType, byte[] body, bool chunked = false)
        {
            _pages[path] = new Page(contentType, body, chunked);
        }

        /// <summary>True while no connection is open (all threads finished).</summary>
        public bool Idle
        {
            get
            {
                foreach (Connection c in _connections)
                {
                    if (!c.Done)
                    {
                        return false;
                    }
                }
                return true;
            }
        }

        /// <summary>
        /// Accepts connections, moves bytes both ways between the TCP sockets and the connection
        /// threads, closes finished connections, and waits for every thread to be quiescent.
        /// Returns true when anything moved.
        /// </summary>
        public bool Service(long nowMs)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            bool progress = false;
            int handle;
            while ((handle = _iface.TcpAccept(_listener)) >= 0)
            {
                var connection = new Connection(this, handle);
                _connections.Add(connection);
                Accepted++;
                connection.Start();
                progress = true;
            }
            for (int i = 0; i < _connections.Count; i++)
            {
                progress |= _connections[i].Pump();
            }
            _connections.RemoveAll(c => c.Released);
            return progress;
        }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            foreach (Connection c in _connections)
            {
                c.Abort();
            }
        }

        private sealed class Page
        {
            public Page(string contentType, byte[] body, bool chunked)
            {
                ContentType = contentType;
                Body = body;
                Chunked = chunked;
            }

            public string ContentType { get; }
            public byte[] Body { get; }
            public bool Chunked { get; }
        }

        /// <summary>One handshake as the server saw it.</summary>
        public sealed class HandshakeRecord
        {
            public string HostName { get; init; }
            public TlsCipherSuite Suite { get; init; }
            public string Alpn { get; init; }
        }

        /// <summary>
        /// One accepted TCP connection: the adapter's two queues, the thread running SslStream and
        /// HTTP, and the quiescence handshake with the world loop (all under one monitor).
        /// </summary>
        private sealed class Connection
        {
            private readonly EmulatedHttpsServer _server;
            private readonly int _handle;
            private readonly object _gate = new object();
            private readonly MemoryStream _inbound = new MemoryStream();   // TCP → SslStream
            private readonly MemoryStream _outbound = new MemoryStream();  // SslStream → TCP
            private long _inboundRead;
            private long _outboundSent;
            private bool _eof;
            private bool _waiting;
            private bool _finished;
            private bool _closeRequested;
            private bool _tcpClosed;
            private bool _aborted;
            private Thread _thread;

            public Connection(EmulatedHttpsServer server, int handle)
            {
                _server = server;
                _handle = handle;
            }

            public bool Done
            {
                get
                {
                    lock (_gate)
                    {
                        return _finished;
                    }
                }
            }

            public bool Released { get; private set; }

            public void Start()
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "emulated-https-" + _handle };
                _thread.Start();
                WaitQuiescent();
            }

            /// <summary>Moves bytes; true when any moved or the connection changed state.</summary>
            public bool Pump()
            {
                if (Released)
                {
                    return false;
                }
                bool progress = false;
                TcpSocket socket = _server._iface.GetTcp(_handle);
                // TCP → thread.
                int n;
                bool delivered = false;
                while ((n = socket.Receive(_server._buffer, 0, _server._buffer.Length)) > 0)
                {
                    lock (_gate)
                    {
                        _inbound.Seek(0, SeekOrigin.End);
                        _inbound.Write(_server._buffer, 0, n);
                    }
                    delivered = true;
                }
                bool peerGone = socket.RemoteClosed || socket.State == TcpState.Closed || socket.Error != TcpError.None;
                lock (_gate)
                {
                    if (peerGone && !_eof)
                    {
                        _eof = true;
                        delivered = true;
                    }
                    if (delivered)
                    {
                        Monitor.PulseAll(_gate);
                    }
                }
                if (delivered)
                {
                    progress = true;
                    WaitQuiescent();
                }
                // Thread → TCP.
                lock (_gate)
                {
                    long pending = _outbound.Length - _outboundSent;
                    if (pending > 0)
                    {
                        byte[] data = _outbound.GetBuffer();
                        int sent = socket.Send(data, (int)_outboundSent, (int)Math.Min(pending, int.MaxValue));
                        _outboundSent += sent;
                        progress |= sent > 0;
                        if (_outboundSent == _outbound.Length)
                        {
                            _outbound.SetLength(0);
                            _outboundSent = 0;
                        }
                    }
                    if ((_closeRequested || _finished) && !_tcpClosed && _outbound.Length == 0)
                    {
                        _tcpClosed = true;
                        progress = true;
                        if (_aborted)
                        {
                            _server._iface.TcpAbort(_handle);
                        }
                        else
                        {
                            _server._iface.TcpClose(_handle);
                        }
                    }
                    if (_tcpClosed && _finished)
                    {
                        // The interface releases the handle once the socket reaches CLOSED.
                        Released = true;
                    }
                }
                return progress;
            }

            public void Abort()
            {
                lock (_gate)
                {
                    _aborted = true;
                    _eof = true;
                    Monitor.PulseAll(_gate);
                }
                _thread?.Join(5_000);
            }

            private void WaitQuiescent()
            {
                lock (_gate)
                {
                    long deadline = Environment.TickCount64 + QuiescenceTimeoutMs;
                    // Quiescent: finished, or blocked in a read with nothing to read and no EOF to see.
                    while (!_finished && !(_waiting && _inbound.Length == _inboundRead && !_eof))
                    {
                        long left = deadline - Environment.TickCount64;
                        if (left <= 0)
                        {
                            throw new TimeoutException("the HTTPS connection thread did not become idle within " + QuiescenceTimeoutMs + " ms");
                        }
                        Monitor.Wait(_gate, (int)left);
                    }
                }
            }

            // ---------------------------------------------------------------- connection thread

            private void Run()
            {
                var stream = new AdapterStream(this);
                SslStream ssl = null;
                try
                {
                    ssl = new SslStream(stream, leaveInnerStreamOpen: true);
                    ssl.AuthenticateAsServer(_server._options);
                    lock (_gate)
                    {
                        _server.Record(new HandshakeRecord
                        {
                            HostName = ssl.TargetHostName,
                            Suite = ssl.NegotiatedCipherSuite,
                            Alpn = ssl.NegotiatedApplicationProtocol.ToString(),
                        });
                    }
                    ServeHttp(ssl);
                    ssl.ShutdownAsync().GetAwaiter().GetResult(); // close_notify
                }
                catch (Exception e) when (e is IOException || e is AuthenticationException || e is InvalidOperationException || e is ObjectDisposedException)
                {
                    lock (_gate)
                    {
                        _server.RecordError(e.GetType().Name + ": " + e.Message);
                    }
                }
                finally
                {
                    try
                    {
                        ssl?.Dispose();
                    }
                    catch (Exception)
                    {
                        // the peer is gone; nothing to tell it
                    }
                    lock (_gate)
                    {
                        _closeRequested = true;
                        _finished = true;
                        Monitor.PulseAll(_gate);
                    }
                }
            }

            private void ServeHttp(SslStream ssl)
            {
                var head = new byte[8192];
                var buffer = new byte[16384];
                int have = 0;
                while (true)
                {
                    int end = FindHeadEnd(head, have);
                    while (end < 0)
                    {
                        if (have == head.Length)
                        {
                            Respond(ssl, 431, "Request Header Fields Too Large", "text/plain", Encoding.ASCII.GetBytes("request head too large\n"), false, true);
                            return;
                        }
                        int n = ssl.Read(head, have, head.Length - have);
                        if (n <= 0)
                        {
                            return; // close_notify or EOF between requests
                        }
                        have += n;
                        end = FindHeadEnd(head, have);
                    }
                    string text = Encoding.ASCII.GetString(head, 0, end);
                    string[] lines = text.Split("\r\n");
                    string[] requestLine = lines[0].Split(' ');
                    bool close = requestLine.Length < 3 || requestLine[2] != "HTTP/1.1";
                    long contentLength = 0;
                    for (int i = 1; i < lines.Length; i++)
                    {
                        int colon = lines[i].IndexOf(':');
                        if (colon <= 0)
                        {
                            continue;
                        }
                        string name = lines[i].Substring(0, colon).Trim();
                        string value = lines[i].Substring(colon + 1).Trim();
                        if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase) && value.Equals("close", StringComparison.OrdinalIgnoreCase))
                        {
                            close = true;
                        }
                        else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                        {
                            long.TryParse(value, out contentLength);
                        }
                    }
                    // Drop the request body (the demo's pages ignore it).
                    int consumed = end + 4;
                    long bodyLeft = contentLength;
                    int inHead = (int)Math.Min(bodyLeft, have - consumed);
                    consumed += inHead;
                    bodyLeft -= inHead;
                    Array.Copy(head, consumed, head, 0, have - consumed);
                    have -= consumed;
                    while (bodyLeft > 0)
                    {
                        int n = ssl.Read(buffer, 0, (int)Math.Min(buffer.Length, bodyLeft));
                        if (n <= 0)
                        {
                            return;
                        }
                        bodyLeft -= n;
                    }
                    lock (_gate)
                    {
                        _server.Requests++;
                    }
                    string method = requestLine[0];
                    string path = requestLine.Length > 1 ? requestLine[1] : "/";
                    if (method != "GET" && method != "HEAD" && method != "POST")
                    {
                        Respond(ssl, 405, "Method Not Allowed", "text/plain", Encoding.ASCII.GetBytes("method not allowed\n"), false, close);
                    }
                    else if (_server._pages.TryGetValue(path, out Page page))
                    {
                        Respond(ssl, 200, "OK", page.ContentType, method == "HEAD" ? null : page.Body, page.Chunked, close, page.Body.Length);
                    }
                    else
                    {
                        Respond(ssl, 404, "Not Found", "text/plain", Encoding.ASCII.GetBytes("not found: " + path + "\n"), false, close);
                    }
                    if (close)
                    {
                        return;
                    }
                }
            }

            private static int FindHeadEnd(byte[] b, int length)
            {
                for (int i = 0; i + 3 < length; i++)
                {
                    if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n')
                    {
                        return i;
                    }
                }
                return -1;
            }

            private static void Respond(SslStream ssl, int status, string reason, string contentType, byte[] body, bool chunked, bool close, int declaredLength = -1)
            {
                int length = declaredLength >= 0 ? declaredLength : body?.Length ?? 0;
                var head = new StringBuilder();
                head.Append("HTTP/1.1 ").Append(status).Append(' ').Append(reason).Append("\r\n");
                head.Append("Server: NanoStack-Emulator\r\n");
                head.Append("Content-Type: ").Append(contentType).Append("\r\n");
                head.Append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + length + "\r\n");
                if (close)
                {
                    head.Append("Connection: close\r\n");
                }
                head.Append("\r\n");
                byte[] headBytes = Encoding.ASCII.GetBytes(head.ToString());
                ssl.Write(headBytes, 0, headBytes.Length);
                if (body != null)
                {
                    if (chunked)
                    {
                        for (int offset = 0; offset < body.Length; offset += 4096)
                        {
                            int n = Math.Min(4096, body.Length - offset);
                            byte[] size = Encoding.ASCII.GetBytes(n.ToString("x") + "\r\n");
                            ssl.Write(size, 0, size.Length);
                            ssl.Write(body, offset, n);
                            ssl.Write(CrLf, 0, 2);
                        }
                        byte[] last = Encoding.ASCII.GetBytes("0\r\n\r\n");
                        ssl.Write(last, 0, last.Length);
                    }
                    else
                    {
                        ssl.Write(body, 0, body.Length);
                    }
                }
                ssl.Flush();
            }

            private static readonly byte[] CrLf = { (byte)'\r', (byte)'\n' };

            /// <summary>Blocking read for the thread: waits until bytes or EOF arrive.</summary>
            internal int ReadForThread(byte[] buffer, int offset, int count)
            {
                lock (_gate)
                {
                    while (true)
                    {
                        long available = _inbound.Length - _inboundRead;
                        if (available > 0)
                        {
                            int n = (int)Math.Min(available, count);
                            _inbound.Position = _inboundRead;
                            _inbound.ReadExactly(buffer, offset, n);
                            _inboundRead += n;
                            if (_inboundRead == _inbound.Length)
                            {
                                _inbound.SetLength(0);
                                _inboundRead = 0;
                            }
                            return n;
                        }
                        if (_eof)
                        {
                            if (_aborted)
                            {
                                throw new IOException("connection aborted");
                            }
                            return 0;
                        }
                        _waiting = true;
                        Monitor.PulseAll(_gate);
                        Monitor.Wait(_gate);
                        _waiting = false;
                    }
                }
            }

            internal void WriteForThread(byte[] buffer, int offset, int count)
            {
                lock (_gate)
                {
                    if (_aborted)
                    {
                        throw new IOException("connection aborted");
                    }
                    _outbound.Seek(0, SeekOrigin.End);
                    _outbound.Write(buffer, offset, count);
                }
            }
        }

        /// <summary>The <see cref="Stream"/> SslStream sees: reads block until the world loop
        /// delivers TCP bytes, writes queue for the loop to send.</summary>
        private sealed class AdapterStream : Stream
        {
            private readonly Connection _connection;

            public AdapterStream(Connection connection) => _connection = connection;

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count) => _connection.ReadForThread(buffer, offset, count);

            public override void Write(byte[] buffer, int offset, int count) => _connection.WriteForThread(buffer, offset, count);

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();
        }
    }
}
