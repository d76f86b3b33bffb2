using System;
using System.Buffers.Binary;
using NanoStack.Wire;

namespace NanoStack.Board.Emulator.Services
{
    /// <summary>
    /// The emulated network's SNTP server (RFC 4330 §5, server side), host code written apart from
    /// the device's client. It answers mode 3 (client) requests of version 3 or 4 with a mode 4
    /// reply at stratum <see cref="Stratum"/>, taking its time from the world's wall clock
    /// (<see cref="UnixMsAt"/> of the virtual time). Anything else is ignored. Fault knobs for
    /// tests: <see cref="IgnoreNext"/>, <see cref="KissNext"/>.
    /// </summary>
    public sealed class EmulatedSntpServer : IUdpService
    {
        private const long NtpUnixOffsetSeconds = 2208988800L;
        private readonly Func<long, long> _unixMsAt;

        /// <param name="unixMsAt">Unix milliseconds at a given virtual time.</param>
        public EmulatedSntpServer(Func<long, long> unixMsAt)
        {
            ArgumentNullException.ThrowIfNull(unixMsAt);
            _unixMsAt = unixMsAt;
        }

        public ushort Port => 123;

        public int Stratum { get; set; } = 2;

        /// <summary>Requests to drop unanswered (loss).</summary>
        public int IgnoreNext { get; set; }

        /// <summary>Requests to answer with a kiss-o'-death "RATE" (RFC 4330 §8).</summary>
        public int KissNext { get; set; }

        public int Requests { get; private set; }

        /// <summary>Unix milliseconds at virtual time <paramref name="nowMs"/>.</summary>
        public long UnixMsAt(long nowMs) => _unixMsAt(nowMs);

        public byte[] Handle(long nowMs, ReadOnlySpan<byte> q, Ipv4Address source, ushort sourcePort, ref Ipv4Address replyTo, ref ushort replyPort, ref MacAddress replyMac)
        {
            if (q.Length < 48)
            {
                return null;
            }
            int version = (q[0] >> 3) & 7;
            int mode = q[0] & 7;
            // RFC 4330 §5: a server answers mode 3 (client) requests; versions 1 to 4 are valid,
            // NanoStack's client sends 4 and older clients 3.
            if (mode != 3 || version < 3 || version > 4)
            {
                return null;
            }
            Requests++;
            if (IgnoreNext > 0)
            {
                IgnoreNext--;
                return null;
            }
            var reply = new byte[48];
            bool kiss = KissNext > 0;
            if (kiss)
            {
                KissNext--;
            }
            // RFC 4330 §5: LI 0 (3 when unsynchronized), VN copied from the request, mode 4.
            reply[0] = (byte)((kiss ? 3 << 6 : 0) | (version << 3) | 4);
            reply[1] = (byte)(kiss ? 0 : Stratum);
            reply[2] = q[2]; // poll interval copied from the request
            reply[3] = 0xEC; // precision 2^-20 s
            if (kiss)
            {
                // RFC 4330 §8: stratum 0, the kiss code in the reference identifier.
                reply[12] = (byte)'R'; reply[13] = (byte)'A'; reply[14] = (byte)'T'; reply[15] = (byte)'E';
            }
            else
            {
                // RFC 4330 §4: for stratum 2 and up, the reference identifier is the upstream server's address.
                reply[12] = 192; reply[13] = 0; reply[14] = 2; reply[15] = 123;
            }
            long unixMs = _unixMsAt(nowMs);
            WriteTimestamp(reply, 16, unixMs - 64_000); // reference: last set a minute ago
            // RFC 4330 §5: originate = the request's transmit timestamp, copied unchanged.
            q.Slice(40, 8).CopyTo(reply.AsSpan(24, 8));
            WriteTimestamp(reply, 32, unixMs); // receive
            WriteTimestamp(reply, 40, unixMs); // transmit
            replyTo = source;
            replyPort = sourcePort;
            return reply;
        }

        /// <summary>Writes Unix milliseconds as a 64-bit NTP timestamp (RFC 4330 §3), era 0 or 1.</summary>
        public static void WriteTimestamp(byte[] buffer, int offset, long unixMs)
        {
            long ntpSeconds = unixMs / 1000 + NtpUnixOffsetSeconds;
            uint seconds = (uint)(ntpSeconds & 0xFFFFFFFF); // era 1 wraps (RFC 4330 §3)
            // Rounded up, so that a reader truncating to milliseconds gets the same millisecond back.
            uint fraction = (uint)((((unixMs % 1000) << 32) + 999) / 1000);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(offset), seconds);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(offset + 4), fraction);
        }
    }
}
