using System;
using System.IO;
using NanoStack.Channels;
using NanoStack.Tls;

namespace NanoStack.Board.Emulator.Trace
{
    /// <summary>
    /// Decorates the transport under a TLS client and writes what crosses it the way
    /// <c>curl -v</c> does: one line per TLS record and per plaintext handshake message, e.g.
    /// <c>* TLSv1.2 (OUT), TLS handshake, Client hello (1):</c>. It reads only record and handshake
    /// headers (RFC 5246 §6.2.1, §7.4), so it needs no keys: after a ChangeCipherSpec in one
    /// direction, that direction's handshake records are encrypted and the first is reported as
    /// the Finished message (RFC 5246 §7.4.9), later ones as encrypted. A host tool: it allocates
    /// strings.
    /// </summary>
    public sealed class TlsTraceChannel : IByteChannel
    {
        private readonly IByteChannel _inner;
        private readonly TextWriter _writer;
        private readonly Func<long> _clock;
        private readonly Direction _out = new Direction("OUT");
        private readonly Direction _in = new Direction("IN");

        public TlsTraceChannel(IByteChannel inner, TextWriter writer, Func<long> clock = null)
        {
            ArgumentNullException.ThrowIfNull(inner);
            ArgumentNullException.ThrowIfNull(writer);
            _inner = inner;
            _writer = writer;
            _clock = clock;
        }

        /// <summary>Records seen each way.</summary>
        public int RecordsOut => _out.Records;
        public int RecordsIn => _in.Records;

        /// <summary>Bytes each way (records included).</summary>
        public long BytesOut { get; private set; }
        public long BytesIn { get; private set; }

        /// <summary>The virtual time at which the first ClientHello left and the peer's Finished
        /// arrived (ms; −1 until seen).</summary>
        public long FirstClientHelloMs { get; private set; } = -1;
        public long LastServerFinishedMs { get; private set; } = -1;

        /// <summary>Bytes this tracer allocated on the calling thread (its strings), so a caller
        /// measuring the device's own allocations can leave them out.</summary>
        public long AllocatedBytes { get; private set; }

        /// <summary>Whether the last handshake carried a Certificate message (false when resumed).</summary>
        public bool SawCertificate => _in.SawCertificate;

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            int n = _inner.Read(buffer, offset, count, timeoutMs);
            if (n > 0)
            {
                BytesIn += n;
                Feed(_in, buffer, offset, n);
            }
            return n;
        }

        public int Write(byte[] buffer, int offset, int count, int timeoutMs)
        {
            Feed(_out, buffer, offset, count);
            int n = _inner.Write(buffer, offset, count, timeoutMs);
            if (n > 0)
            {
                BytesOut += n;
            }
            return n;
        }

        public void Close() => _inner.Close();

        private void Feed(Direction d, byte[] b, int offset, int count)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            FeedBytes(d, b, offset, count);
            AllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        private void FeedBytes(Direction d, byte[] b, int offset, int count)
        {
            for (int i = offset; i < offset + count; i++)
            {
                byte x = b[i];
                if (d.HeaderHave < 5)
                {
                    d.Header[d.HeaderHave++] = x;
                    if (d.HeaderHave == 5)
                    {
                        d.BodyLeft = (d.Header[3] << 8) | d.Header[4];
                        d.Records++;
                        StartRecord(d);
                        if (d.BodyLeft == 0)
                        {
                            d.HeaderHave = 0;
                        }
                    }
                    continue;
                }
                BodyByte(d, x);
                if (--d.BodyLeft == 0)
                {
                    d.HeaderHave = 0;
                }
            }
        }

        private void StartRecord(Direction d)
        {
            int type = d.Header[0];
            switch (type)
            {
                case 20:
                    Line(d, "TLS change cipher, Change cipher spec (1):");
                    d.Encrypted = true;
                    d.FinishedPending = true;
                    break;
                case 21:
                    // After ChangeCipherSpec the alert is encrypted: only its record is visible.
                    if (!d.Encrypted)
                    {
                        d.AlertHave = 0;
                    }
                    else
                    {
                        Line(d, "TLS alert, encrypted alert (21):");
                    }
                    break;
                case 22:
                    if (d.Encrypted)
                    {
                        if (d.FinishedPending)
                        {
                            d.FinishedPending = false;
                            Line(d, "TLS handshake, Finished (20):");
                            if (d == _in)
                            {
                                LastServerFinishedMs = Now();
                            }
                        }
                        else
                        {
                            Line(d, "TLS handshake, encrypted message (22):");
                        }
                    }
                    break;
                case 23:
                    // Application data is not traced per record (curl does not either).
                    break;
                default:
                    Line(d, "unknown record type " + type);
                    break;
            }
        }

        private void BodyByte(Direction d, byte x)
        {
            int type = d.Header[0];
            if (type == 21 && !d.Encrypted)
            {
                if (d.AlertHave < 2)
                {
                    d.Alert[d.AlertHave++] = x;
                    if (d.AlertHave == 2)
                    {
                        Line(d, "TLS alert, " + AlertName(d.Alert[1]) + " (" + (d.Alert[0] * 256 + d.Alert[1]) + "):");
                    }
                }
                return;
            }
            if (type != 22 || d.Encrypted)
            {
                return;
            }
            // Plaintext handshake: 4-byte headers, bodies skipped, across record boundaries.
            if (d.MessageLeft > 0)
            {
                d.MessageLeft--;
                return;
            }
            d.MessageHeader[d.MessageHeaderHave++] = x;
            if (d.MessageHeaderHave == 4)
            {
                d.MessageHeaderHave = 0;
                int msg = d.MessageHeader[0];
                d.MessageLeft = (d.MessageHeader[1] << 16) | (d.MessageHeader[2] << 8) | d.MessageHeader[3];
                if (msg == 1)
                {
                    if (FirstClientHelloMs < 0)
                    {
                        FirstClientHelloMs = Now();
                    }
                    _in.SawCertificate = false;
                }
                if (msg == 11)
                {
                    d.SawCertificate = true;
                }
                Line(d, "TLS handshake, " + HandshakeName(msg) + " (" + msg + "):");
            }
        }

        private long Now() => _clock == null ? 0 : _clock();

        private void Line(Direction d, string text) => _writer.WriteLine("* TLSv1.2 (" + d.Name + "), " + text);

        /// <summary>The names curl prints (RFC 5246 §7.4, RFC 5077 §3.3).</summary>
        public static string HandshakeName(int type) => type switch
        {
            0 => "Hello request",
            1 => "Client hello",
            2 => "Server hello",
            4 => "Newsession Ticket",
            11 => "Certificate",
            12 => "Server key exchange",
            13 => "Request CERT",
            14 => "Server finished",
            15 => "CERT verify",
            16 => "Client key exchange",
            20 => "Finished",
            22 => "Certificate status",
            _ => "Unknown handshake message",
        };

        /// <summary>The RFC 5246 §7.2 name in curl's spelling ("close notify").</summary>
        private static string AlertName(int description) => TlsAlert.Name(description).Replace('_', ' ');

        private sealed class Direction
        {
            public Direction(string name) => Name = name;

            public readonly string Name;
            public readonly byte[] Header = new byte[5];
            public readonly byte[] MessageHeader = new byte[4];
            public readonly byte[] Alert = new byte[2];
            public int HeaderHave;
            public int BodyLeft;
            public int MessageHeaderHave;
            public int MessageLeft;
            public int AlertHave;
            public bool Encrypted;
            public bool FinishedPending;
            public bool SawCertificate;
            public int Records;
        }
    }
}
