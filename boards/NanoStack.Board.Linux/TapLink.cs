using System;
using System.Runtime.InteropServices;
using System.Text;
using NanoStack.Link;
using NanoStack.Wire;

namespace NanoStack.Board.Linux
{
    /// <summary>
    /// An <see cref="ILink"/> over a Linux TAP device (<c>/dev/net/tun</c>, IFF_TAP | IFF_NO_PI):
    /// every read is one Ethernet II frame the kernel sent to the device, every write one frame
    /// the kernel receives from it, so ARP runs for real. The descriptor is non-blocking:
    /// <see cref="Receive"/> returns 0 when nothing is waiting, and <see cref="WaitReadable"/>
    /// lets the main loop sleep until a frame arrives or the stack's next deadline.
    /// Creating a device needs CAP_NET_ADMIN (root).
    ///
    /// TUN mode (<see cref="Open(string, int, bool)"/> with <c>tun</c> true; IFF_TUN): the kernel
    /// exchanges bare IPv4 packets, and the link plays the Ethernet around them so the stack
    /// above is unchanged: received packets get a header from <see cref="TunPeerMac"/> to the
    /// stack's MAC (learnt from its first transmitted frame), transmitted IPv4 frames lose their
    /// header, and an ARP request from the stack is answered by the link itself with
    /// <see cref="TunPeerMac"/> (every address is "behind" the point-to-point device). Other
    /// EtherTypes and IPv6 packets are dropped and counted.
    /// </summary>
    public sealed class TapLink : ILink, IDisposable
    {
        private const int ORdWr = 0x2;
        private const int ONonBlock = 0x800;
        private const int OCloExec = 0x80000;
        private const uint TunSetIff = 0x400454CA; // _IOW('T', 202, int)
        private const short IffTun = 0x0001;
        private const short IffTap = 0x0002;
        private const short IffNoPi = 0x1000;
        private const int IfNameSize = 16; // IFNAMSIZ
        private const int IfReqSize = 40;  // sizeof(struct ifreq) on 64-bit Linux
        private const int EAgain = 11;
        private const int EIntr = 4;
        private const short PollIn = 0x1;

        /// <summary>The MAC address a TUN-mode link gives the kernel's side.</summary>
        public static readonly MacAddress TunPeerMac = new MacAddress(0x02, 0x00, 0x00, 0x00, 0x00, 0x01);

        private const int EthHeader = 14;
        private int _fd;
        private readonly bool _tun;
        private MacAddress _stackMac = MacAddress.Broadcast;
        private readonly byte[] _arpReply = new byte[EthHeader + 28];
        private bool _arpReplyPending;

        private TapLink(int fd, string name, int maxFrameLength, bool tun)
        {
            _fd = fd;
            Name = name;
            MaxFrameLength = maxFrameLength;
            _tun = tun;
        }

        /// <summary>True for a TUN device (IPv4 packets, Ethernet emulated by the link).</summary>
        public bool IsTun => _tun;

        /// <summary>Frames a TUN-mode link could not carry (not IPv4 or ARP), dropped.</summary>
        public long Unsupported { get; private set; }

        /// <summary>The device name the kernel gave (or confirmed).</summary>
        public string Name { get; }

        public int MaxFrameLength { get; }

        public long FramesReceived { get; private set; }
        public long FramesTransmitted { get; private set; }

        /// <summary>Frames the kernel refused (write error other than a full queue).</summary>
        public long TransmitErrors { get; private set; }

        /// <summary>Frames longer than the receive buffer, dropped.</summary>
        public long Oversize { get; private set; }

        /// <summary>
        /// Opens (creating if needed) the TAP device <paramref name="name"/> (at most 15 bytes; null
        /// lets the kernel choose tapN). <paramref name="mtu"/> fixes <see cref="MaxFrameLength"/>
        /// (MTU + 14). Throws <see cref="UnauthorizedAccessException"/> without CAP_NET_ADMIN and
        /// <see cref="InvalidOperationException"/> with errno for other failures.
        /// </summary>
        public static TapLink Open(string name, int mtu = 1500) => Open(name, mtu, tun: false);

        /// <summary>As <see cref="Open(string, int)"/>; <paramref name="tun"/> opens a TUN device instead.</summary>
        public static TapLink Open(string name, int mtu, bool tun)
        {
            if (name != null && Encoding.ASCII.GetByteCount(name) >= IfNameSize)
            {
                throw new ArgumentException("interface names have at most 15 bytes", nameof(name));
            }
            int fd = Native.open("/dev/net/tun", ORdWr | ONonBlock | OCloExec);
            if (fd < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw errno == 13 || errno == 1
                    ? new UnauthorizedAccessException("opening /dev/net/tun needs root (CAP_NET_ADMIN): errno " + errno)
                    : new InvalidOperationException("cannot open /dev/net/tun: errno " + errno);
            }
            byte[] ifr = new byte[IfReqSize];
            if (name != null)
            {
                Encoding.ASCII.GetBytes(name, 0, name.Length, ifr, 0);
            }
            short flags = (short)((tun ? IffTun : IffTap) | IffNoPi);
            ifr[IfNameSize] = (byte)flags;
            ifr[IfNameSize + 1] = (byte)(flags >> 8);
            if (Native.ioctl(fd, TunSetIff, ifr) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                Native.close(fd);
                throw errno == 1
                    ? new UnauthorizedAccessException("TUNSETIFF needs CAP_NET_ADMIN (run as root): errno 1")
                    : new InvalidOperationException("TUNSETIFF failed for " + name + ": errno " + errno);
            }
            int end = Array.IndexOf(ifr, (byte)0, 0, IfNameSize);
            string actual = Encoding.ASCII.GetString(ifr, 0, end < 0 ? IfNameSize : end);
            return new TapLink(fd, actual, mtu + EthHeader, tun);
        }

        public int Receive(byte[] buffer, int offset, int count, long nowMs)
        {
            ArgumentNullException.ThrowIfNull(buffer);
            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }
            ObjectDisposedException.ThrowIf(_fd < 0, this);
            if (_tun)
            {
                return ReceiveTun(buffer, offset, count);
            }
            while (true)
            {
                if (count < MaxFrameLength)
                {
                    // A frame longer than the caller's room would be cut by read(2): read it into
                    // our own buffer and drop it (ILink: dropped, never truncated).
                    byte[] scratch = _scratch ??= new byte[MaxFrameLength + 64];
                    long n = Native.read(_fd, ref scratch[0], scratch.Length);
                    if (n < 0)
                    {
                        return Error();
                    }
                    if (n > count)
                    {
                        Oversize++;
                        continue;
                    }
                    Array.Copy(scratch, 0, buffer, offset, (int)n);
                    FramesReceived++;
                    return (int)n;
                }
                if (count == 0)
                {
                    return 0;
                }
                long got = Native.read(_fd, ref buffer[offset], count);
                if (got < 0)
                {
                    return Error();
                }
                FramesReceived++;
                return (int)got;
            }
        }

        private byte[] _scratch;

        private int ReceiveTun(byte[] buffer, int offset, int count)
        {
            if (_arpReplyPending)
            {
                _arpReplyPending = false;
                if (count < _arpReply.Length)
                {
                    Oversize++;
                    return 0;
                }
                Array.Copy(_arpReply, 0, buffer, offset, _arpReply.Length);
                FramesReceived++;
                return _arpReply.Length;
            }
            byte[] scratch = _scratch ??= new byte[MaxFrameLength + 64];
            while (true)
            {
                long n = Native.read(_fd, ref scratch[EthHeader], scratch.Length - EthHeader);
                if (n < 0)
                {
                    return Error();
                }
                if (n == 0 || (scratch[EthHeader] >> 4) != 4)
                {
                    Unsupported++;
                    continue;
                }
                int frame = (int)n + EthHeader;
                if (frame > count)
                {
                    Oversize++;
                    continue;
                }
                _stackMac.Write(scratch, 0);
                TunPeerMac.Write(scratch, 6);
                scratch[12] = 0x08;
                scratch[13] = 0x00;
                Array.Copy(scratch, 0, buffer, offset, frame);
                FramesReceived++;
                return frame;
            }
        }

        // RFC 826: answer "who has X" for any X with the peer's pseudo address.
        private bool TransmitTun(byte[] buffer, int offset, int length)
        {
            if (length < EthHeader)
            {
                return false;
            }
            _stackMac = MacAddress.Read(buffer, offset + 6);
            int type = (buffer[offset + 12] << 8) | buffer[offset + 13];
            if (type == 0x0800)
            {
                long n = Native.write(_fd, ref buffer[offset + EthHeader], length - EthHeader);
                if (n != length - EthHeader)
                {
                    TransmitErrors++;
                    return false;
                }
                FramesTransmitted++;
                return true;
            }
            int a = offset + EthHeader;
            if (type == 0x0806 && length >= EthHeader + 28 && buffer[a + 7] == 1)
            {
                byte[] r = _arpReply;
                _stackMac.Write(r, 0);
                TunPeerMac.Write(r, 6);
                r[12] = 0x08; r[13] = 0x06;
                r[14] = 0; r[15] = 1; r[16] = 0x08; r[17] = 0; r[18] = 6; r[19] = 4;
                r[20] = 0; r[21] = 2;
                TunPeerMac.Write(r, 22);
                Array.Copy(buffer, a + 24, r, 28, 4);   // sender IP = the address asked for
                Array.Copy(buffer, a + 8, r, 32, 10);   // target = the requester's MAC and IP
                _arpReplyPending = true;
                FramesTransmitted++;
                return true;
            }
            Unsupported++;
            return true;
        }

        private static int Error()
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == EAgain || errno == EIntr)
            {
                return 0;
            }
            throw new InvalidOperationException("read from the TAP device failed: errno " + errno);
        }

        public bool Transmit(byte[] buffer, int offset, int length, long nowMs)
        {
            ArgumentNullException.ThrowIfNull(buffer);
            if (offset < 0 || length < 0 || offset > buffer.Length - length)
            {
                throw new ArgumentOutOfRangeException(nameof(length));
            }
            ObjectDisposedException.ThrowIf(_fd < 0, this);
            if (length == 0 || length > MaxFrameLength)
            {
                return false;
            }
            if (_tun)
            {
                return TransmitTun(buffer, offset, length);
            }
            long n = Native.write(_fd, ref buffer[offset], length);
            if (n != length)
            {
                TransmitErrors++;
                return false;
            }
            FramesTransmitted++;
            return true;
        }

        /// <summary>A TAP device has no frames scheduled for later: nothing to wait for but I/O.</summary>
        public long PollAt(long nowMs) => long.MaxValue;

        /// <summary>Sleeps until a frame can be read or <paramref name="timeoutMs"/> passes
        /// (−1: no limit). Returns true when a frame is waiting.</summary>
        public bool WaitReadable(int timeoutMs)
        {
            ObjectDisposedException.ThrowIf(_fd < 0, this);
            if (_arpReplyPending)
            {
                return true;
            }
            var pfd = new Native.PollFd { Fd = _fd, Events = PollIn };
            int r = Native.poll(ref pfd, 1, timeoutMs);
            return r > 0 && (pfd.REvents & PollIn) != 0;
        }

        public void Dispose()
        {
            if (_fd >= 0)
            {
                Native.close(_fd);
                _fd = -1;
            }
        }

        public override string ToString() => "tap " + Name;

        private static class Native
        {
            [StructLayout(LayoutKind.Sequential)]
            public struct PollFd
            {
                public int Fd;
                public short Events;
                public short REvents;
            }

            [DllImport("libc", SetLastError = true)]
            public static extern int open(string path, int flags);

            [DllImport("libc", SetLastError = true)]
            public static extern int ioctl(int fd, ulong request, byte[] arg);

            [DllImport("libc", SetLastError = true)]
            public static extern long read(int fd, ref byte buffer, long count);

            [DllImport("libc", SetLastError = true)]
            public static extern long write(int fd, ref byte buffer, long count);

            [DllImport("libc", SetLastError = true)]
            public static extern int poll(ref PollFd fds, ulong nfds, int timeout);

            [DllImport("libc", SetLastError = true)]
            public static extern int close(int fd);
        }
    }
}
