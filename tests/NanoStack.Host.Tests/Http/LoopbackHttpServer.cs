using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace NanoStack.Host.Tests.Http
{
    /// <summary>
    /// A tiny HTTP/1.1 server on loopback, written apart from the client it tests: keep-alive
    /// connections each on their own thread, requests read by hand (request line, header fields,
    /// Content-Length body), and a few resources:
    /// <list type="bullet">
    /// <item><c>GET /chunked</c>: <see cref="ChunkedBody"/> in chunks of assorted sizes, some with
    /// extensions, and a trailer field.</item>
    /// <item><c>GET /big</c>: <see cref="BigBody"/> (1 MiB) with Content-Length.</item>
    /// <item><c>POST /echo</c>: the request body back, with Content-Length.</item>
    /// <item><c>GET /redirect</c>: 302 to <c>/big</c>.</item>
    /// <item><c>GET /until-close</c>: an HTTP/1.1 body without framing, ended by closing.</item>
    /// </list>
    /// </summary>
    public sealed class LoopbackHttpServer : IDisposable
    {
        public const int BigLength = 1 << 20;

        private readonly TcpListener _listener;
        private readonly Thread _acceptor;
        private readonly List<Socket> _sockets = new List<Socket>();
        private int _connections;
        private int _requests;
        private volatile bool _stopping;

        public LoopbackHttpServer()
        {
            var random = new Random(1234);
            BigBody = new byte[BigLength];
            random.NextBytes(BigBody);
            ChunkedBody = new byte[100_003];
            random.NextBytes(ChunkedBody);
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            _acceptor = new Thread(AcceptLoop) { IsBackground = true, Name = "loopback-http" };
            _acceptor.Start();
        }

        public byte[] BigBody { get; }

        public byte[] ChunkedBody { get; }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>Connections accepted so far.</summary>
        public int Connections => Volatile.Read(ref _connections);

        /// <summary>Requests answered so far.</summary>
        public int Requests => Volatile.Read(ref _requests);

        public void Dispose()
        {
            _stopping = true;
            _listener.Stop();
            lock (_sockets)
            {
                foreach (Socket s in _sockets)
                {
                    s.Dispose();
                }
            }
            _acceptor.Join(5000);
        }

        private void AcceptLoop()
        {
            while (!_stopping)
            {
                Socket socket;
                try
                {
                    socket = _listener.AcceptSocket();
                }
                catch (SocketException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                Interlocked.Increment(ref _connections);
                lock (_sockets)
                {
                    _sockets.Add(socket);
                }
                new Thread(() => Serve(socket)) { IsBackground = true, Name = "loopback-http-conn" }.Start();
            }
        }

        private void Serve(Socket socket)
        {
            try
            {
                using var stream = new NetworkStream(socket, ownsSocket: true);
                while (true)
                {
                    string head = ReadHead(stream);
                    if (head == null)
                    {
                        return;
                    }
                    string[] lines = head.Split("\r\n");
                    string[] requestLine = lines[0].Split(' ');
                    string method = requestLine[0];
                    string target = requestLine[1];
                    int contentLength = 0;
                    bool close = false;
                    for (int i = 1; i < lines.Length; i++)
                    {
                        int colon = lines[i].IndexOf(':');
                        string name = lines[i].Substring(0, colon).ToLowerInvariant();
                        string value = lines[i].Substring(colon + 1).Trim();
                        if (name == "content-length")
                        {
                            contentLength = int.Parse(value);
                        }
                        else if (name == "connection" && value.Equals("close", StringComparison.OrdinalIgnoreCase))
                        {
                            close = true;
                        }
                    }
                    byte[] body = new byte[contentLength];
                    stream.ReadExactly(body);
                    Interlocked.Increment(ref _requests);
                    if (!Respond(stream, method, target, body) || close)
                    {
                        return;
                    }
                }
            }
            catch (IOException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }

        // False when the response ends the connection.
        private bool Respond(NetworkStream stream, string method, string target, byte[] body)
        {
            switch (method + " " + target)
            {
                case "GET /big":
                    Write(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + BigLength + "\r\n\r\n");
                    stream.Write(BigBody);
                    return true;
                case "GET /chunked":
                    WriteChunked(stream);
                    return true;
                case "POST /echo":
                    Write(stream, "HTTP/1.1 200 OK\r\nContent-Length: " + body.Length + "\r\n\r\n");
                    stream.Write(body);
                    return true;
                case "GET /redirect":
                    Write(stream, "HTTP/1.1 302 Found\r\nLocation: /big\r\nContent-Length: 9\r\n\r\nsee /big\n");
                    return true;
                case "GET /until-close":
                    Write(stream, "HTTP/1.1 200 OK\r\n\r\n");
                    stream.Write(ChunkedBody, 0, 5000);
                    return false;
                default:
                    Write(stream, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                    return true;
            }
        }

        private void WriteChunked(NetworkStream stream)
        {
            var output = new MemoryStream();
            void Ascii(string s) => output.Write(Encoding.ASCII.GetBytes(s));
            Ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/octet-stream\r\n\r\n");
            int[] sizes = { 1, 7, 100, 4096, 5000, 16384, 2, 30000 };
            int at = 0;
            int k = 0;
            while (at < ChunkedBody.Length)
            {
                int n = Math.Min(sizes[k % sizes.Length], ChunkedBody.Length - at);
                Ascii(n.ToString("x") + (k % 3 == 0 ? ";ext=" + k : "") + "\r\n");
                output.Write(ChunkedBody, at, n);
                Ascii("\r\n");
                at += n;
                k++;
            }
            Ascii("0\r\nX-Checksum: none\r\n\r\n");
            stream.Write(output.ToArray());
        }

        private static void Write(NetworkStream stream, string text)
        {
            stream.Write(Encoding.ASCII.GetBytes(text));
        }

        // The request head without its empty line, or null at the end of the stream.
        private static string ReadHead(NetworkStream stream)
        {
            var head = new StringBuilder();
            while (true)
            {
                int b = stream.ReadByte();
                if (b < 0)
                {
                    return null;
                }
                head.Append((char)b);
                if (head.Length >= 4 && head[^1] == '\n' && head[^2] == '\r' && head[^3] == '\n' && head[^4] == '\r')
                {
                    return head.ToString(0, head.Length - 4);
                }
            }
        }
    }
}
