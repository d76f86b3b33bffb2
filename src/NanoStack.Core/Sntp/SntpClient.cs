using System;
using NanoStack.Iface;
using NanoStack.Wire;

namespace NanoStack.Sntp
{
    /// <summary>
    /// An SNTP client (RFC 4330, client mode) over the stack's UDP, for wall time: certificate
    /// validity checks need the date. The stack's own timers stay on the monotonic clock; this
    /// client only keeps the offset from that clock to Unix time.
    ///
    /// The packet level (<see cref="WriteRequest"/>, <see cref="ProcessReply"/>) is independent of
    /// the transport; <see cref="Request"/> and <see cref="Poll"/> drive it over an
    /// <see cref="Interface"/> UDP handle. Our transmit timestamp is a random nonce, not a time
    /// (the device has no wall time yet), and the reply must echo it as its originate timestamp.
    /// </summary>
    public sealed class SntpClient
    {
        public const ushort ServerPort = 123;

        /// <summary>The SNTP header without the optional key identifier and digest (RFC 4330 §4).</summary>
        public const int PacketLength = 48;

        /// <summary>Seconds from the NTP prime epoch (1900-01-01) to the Unix epoch (1970-01-01).</summary>
        public const long UnixEpochNtpSeconds = 2208988800L;

        // RFC 4330 §4: LI 0, VN 4, Mode 3 (client).
        private const byte RequestFirstOctet = (0 << 6) | (4 << 3) | 3;
        private const int OffsetReceiveTimestamp = 32;
        private const int OffsetTransmitTimestamp = 40;
        private const int OffsetOriginateTimestamp = 24;

        private readonly IEntropySource _entropy;
        private readonly int _timeoutMs;
        private readonly byte[] _nonce = new byte[8];
        private readonly byte[] _packet = new byte[PacketLength + 20];
        private bool _waiting;
        private long _sentMs;
        private Ipv4Address _server;

        public SntpClient(IEntropySource entropy, int timeoutMs)
        {
            if (entropy == null)
            {
                throw new ArgumentNullException("entropy");
            }
            if (timeoutMs <= 0)
            {
                throw new ArgumentOutOfRangeException("timeoutMs");
            }
            _entropy = entropy;
            _timeoutMs = timeoutMs;
        }

        public bool IsSynchronized { get; private set; }

        /// <summary>Unix milliseconds minus monotonic milliseconds, once synchronized.</summary>
        public long OffsetMs { get; private set; }

        /// <summary>The round-trip delay of the accepted exchange (RFC 4330 §5).</summary>
        public long RoundTripMs { get; private set; }

        /// <summary>The server's stratum in the accepted reply.</summary>
        public int Stratum { get; private set; }

        public SntpError Error { get; private set; }

        /// <summary>The four-character kiss code of a kiss-o'-death (RFC 4330 §8), else null.</summary>
        public string KissCode { get; private set; }

        public bool IsWaiting { get { return _waiting; } }

        /// <summary>Unix time in milliseconds at monotonic time <paramref name="nowMs"/>; only
        /// meaningful when <see cref="IsSynchronized"/>.</summary>
        public long UnixMs(long nowMs)
        {
            return nowMs + OffsetMs;
        }

        /// <summary>Writes a client request into <c>buffer[offset .. offset + 48)</c> and starts
        /// waiting for its reply. Returns the length written.</summary>
        public int WriteRequest(long nowMs, byte[] buffer, int offset)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }
            if (offset < 0 || offset > buffer.Length - PacketLength)
            {
                throw new ArgumentOutOfRangeException("offset");
            }
            for (int i = 0; i < PacketLength; i++)
            {
                buffer[offset + i] = 0;
            }
            buffer[offset] = RequestFirstOctet;
            // RFC 4330 §5: the client's transmit timestamp comes back as the reply's originate
            // timestamp; a random value makes it a nonce that a blind spoofer cannot guess.
            _entropy.GetBytes(_nonce, 0, _nonce.Length);
            if (IsZero(_nonce, 0))
            {
                _nonce[7] = 1;
            }
            Array.Copy(_nonce, 0, buffer, offset + OffsetTransmitTimestamp, _nonce.Length);
            _waiting = true;
            _sentMs = nowMs;
            Error = SntpError.None;
            KissCode = null;
            return PacketLength;
        }

        /// <summary>Checks a datagram from the server against the outstanding request; on
        /// <see cref="SntpReplyStatus.Accepted"/> the time is set. Never throws on bad input.</summary>
        public SntpReplyStatus ProcessReply(long nowMs, byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }
            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException("offset");
            }
            if (!_waiting)
            {
                return SntpReplyStatus.NotWaiting;
            }
            if (count < PacketLength)
            {
                return SntpReplyStatus.TooShort;
            }
            int first = buffer[offset];
            int leap = first >> 6;
            int version = (first >> 3) & 7;
            int mode = first & 7;
            // RFC 4330 §5: a reply is mode 4 (server); versions 3 and 4 are accepted.
            if (mode != 4 || (version != 3 && version != 4))
            {
                return SntpReplyStatus.NotServerReply;
            }
            // RFC 4330 §5: the originate timestamp must equal our transmit timestamp.
            for (int i = 0; i < _nonce.Length; i++)
            {
                if (buffer[offset + OffsetOriginateTimestamp + i] != _nonce[i])
                {
                    return SntpReplyStatus.OriginateMismatch;
                }
            }
            _waiting = false;
            int stratum = buffer[offset + 1];
            if (stratum == 0)
            {
                // RFC 4330 §8: kiss-o'-death; the reference identifier holds the ASCII kiss code.
                char[] code = new char[4];
                for (int i = 0; i < 4; i++)
                {
                    byte b = buffer[offset + 12 + i];
                    code[i] = b >= 0x20 && b < 0x7F ? (char)b : '?';
                }
                KissCode = new string(code);
                return Refuse(SntpError.KissOfDeath);
            }
            // RFC 4330 §5: leap indicator 3 (alarm) or stratum above 15 means unsynchronized.
            if (leap == 3 || stratum > 15)
            {
                return Refuse(SntpError.ServerUnsynchronized);
            }
            // RFC 4330 §5: a zero transmit timestamp is discarded.
            if (IsZero(buffer, offset + OffsetTransmitTimestamp))
            {
                return Refuse(SntpError.BadTimestamp);
            }
            long t2 = TimestampToUnixMs(buffer, offset + OffsetReceiveTimestamp);
            long t3 = TimestampToUnixMs(buffer, offset + OffsetTransmitTimestamp);
            // RFC 4330 §5: delay d = (T4 - T1) - (T3 - T2); the server's clock read T3 about d/2
            // before we received the reply at T4. T1 and T4 are monotonic, which is all a
            // difference needs.
            long delay = (nowMs - _sentMs) - (t3 - t2);
            if (delay < 0)
            {
                delay = 0;
            }
            RoundTripMs = delay;
            OffsetMs = t3 + delay / 2 - nowMs;
            Stratum = stratum;
            IsSynchronized = true;
            Error = SntpError.None;
            return SntpReplyStatus.Accepted;
        }

        /// <summary>Converts the 64-bit NTP timestamp at <paramref name="offset"/> to Unix milliseconds.</summary>
        public static long TimestampToUnixMs(byte[] buffer, int offset)
        {
            long seconds = BigEndian.ReadUInt32(buffer, offset);
            long fraction = BigEndian.ReadUInt32(buffer, offset + 4);
            // RFC 4330 §3: with the most significant bit clear the timestamp is in era 1
            // (from 2036-02-07 06:28:16 UTC).
            if ((seconds & 0x80000000L) == 0)
            {
                seconds += 0x100000000L;
            }
            return (seconds - UnixEpochNtpSeconds) * 1000L + ((fraction * 1000L) >> 32);
        }

        /// <summary>Sends a request to <paramref name="server"/> from the UDP handle. Returns false
        /// when the interface could not send it now (no route, no ARP entry yet): retry later.</summary>
        public bool Request(long nowMs, Interface iface, int udpHandle, Ipv4Address server)
        {
            if (iface == null)
            {
                throw new ArgumentNullException("iface");
            }
            int n = WriteRequest(nowMs, _packet, 0);
            _server = server;
            return iface.UdpSendTo(nowMs, udpHandle, server, ServerPort, _packet, 0, n);
        }

        /// <summary>Reads replies waiting on the UDP handle and applies the timeout. Returns true
        /// when the time was set or the request failed.</summary>
        public bool Poll(long nowMs, Interface iface, int udpHandle)
        {
            if (iface == null)
            {
                throw new ArgumentNullException("iface");
            }
            NanoStack.Sockets.UdpSocket socket = iface.GetUdp(udpHandle);
            while (_waiting && socket.CanReceive)
            {
                Ipv4Address source;
                ushort sourcePort;
                int n = socket.ReceiveFrom(_packet, 0, _packet.Length, out source, out sourcePort);
                if (source.Value != _server.Value || sourcePort != ServerPort)
                {
                    continue;
                }
                SntpReplyStatus status = ProcessReply(nowMs, _packet, 0, n);
                if (status == SntpReplyStatus.Accepted || status == SntpReplyStatus.Refused)
                {
                    return true;
                }
            }
            if (_waiting && nowMs - _sentMs >= _timeoutMs)
            {
                _waiting = false;
                Error = SntpError.Timeout;
                return true;
            }
            return false;
        }

        /// <summary>When <see cref="Poll"/> next has work (the timeout), or <c>long.MaxValue</c>.</summary>
        public long PollAt(long nowMs)
        {
            return _waiting ? _sentMs + _timeoutMs : long.MaxValue;
        }

        private SntpReplyStatus Refuse(SntpError error)
        {
            Error = error;
            return SntpReplyStatus.Refused;
        }

        private static bool IsZero(byte[] buffer, int offset)
        {
            for (int i = 0; i < 8; i++)
            {
                if (buffer[offset + i] != 0)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
