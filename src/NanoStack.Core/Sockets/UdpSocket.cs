using NanoStack.Buffers;
using NanoStack.Wire;

namespace NanoStack.Sockets
{
    /// <summary>
    /// A UDP socket bound to one local port (RFC 768). Received datagrams wait in a fixed ring,
    /// each behind an 8-byte record header (length 2, source address 4, source port 2); a datagram
    /// that does not fit is dropped whole and counted. Sending goes straight to the interface
    /// (<see cref="NanoStack.Iface.Interface.UdpSendTo"/>): the socket keeps no send buffer.
    /// An ICMP error quoting a datagram this socket sent is kept as <see cref="IcmpErrorType"/> /
    /// <see cref="IcmpErrorCode"/> until read with <see cref="TakeIcmpError"/>.
    /// </summary>
    public sealed class UdpSocket
    {
        /// <summary>Bytes in front of each queued datagram.</summary>
        public const int RecordHeaderLength = 8;

        private readonly RingBuffer _rx;
        private readonly byte[] _header = new byte[RecordHeaderLength];

        public UdpSocket(int receiveBufferSize)
        {
            _rx = new RingBuffer(receiveBufferSize);
        }

        /// <summary>The bound port; 0 when closed.</summary>
        public ushort LocalPort { get; private set; }

        public bool IsBound { get { return LocalPort != 0; } }

        /// <summary>Datagrams dropped because the queue was full.</summary>
        public int Dropped { get; private set; }

        /// <summary>ICMP error for this socket's traffic (type 0 = none).</summary>
        public byte IcmpErrorType { get; private set; }
        public byte IcmpErrorCode { get; private set; }

        /// <summary>A whole datagram is waiting.</summary>
        public bool CanReceive { get { return _rx.Count >= RecordHeaderLength; } }

        /// <summary>Length of the next datagram, or −1.</summary>
        public int NextLength
        {
            get
            {
                if (!CanReceive)
                {
                    return -1;
                }
                _rx.Peek(0, _header, 0, 2);
                return BigEndian.ReadUInt16(_header, 0);
            }
        }

        internal void Bind(ushort port)
        {
            _rx.Clear();
            Dropped = 0;
            IcmpErrorType = 0;
            IcmpErrorCode = 0;
            LocalPort = port;
        }

        internal void Unbind()
        {
            _rx.Clear();
            LocalPort = 0;
        }

        /// <summary>
        /// Takes the next datagram: copies up to <paramref name="count"/> bytes (the rest of a longer
        /// datagram is discarded, as with BSD sockets) and returns the datagram's full length, or
        /// −1 when none is waiting.
        /// </summary>
        public int ReceiveFrom(byte[] buffer, int offset, int count, out Ipv4Address source, out ushort sourcePort)
        {
            Args.CheckRange(buffer, offset, count);
            if (!CanReceive)
            {
                source = Ipv4Address.Any;
                sourcePort = 0;
                return -1;
            }
            _rx.Read(_header, 0, RecordHeaderLength);
            int length = BigEndian.ReadUInt16(_header, 0);
            source = Ipv4Address.Read(_header, 2);
            sourcePort = BigEndian.ReadUInt16(_header, 6);
            int n = length < count ? length : count;
            _rx.Read(buffer, offset, n);
            _rx.Consume(length - n);
            return length;
        }

        /// <summary>Returns and clears the stored ICMP error; false when there is none.</summary>
        public bool TakeIcmpError(out byte type, out byte code)
        {
            type = IcmpErrorType;
            code = IcmpErrorCode;
            IcmpErrorType = 0;
            IcmpErrorCode = 0;
            return type != 0;
        }

        internal bool Deliver(byte[] packet, int offset, int length, Ipv4Address source, ushort sourcePort)
        {
            if (length > 0xFFFF || _rx.Free < RecordHeaderLength + length)
            {
                Dropped++;
                return false;
            }
            BigEndian.WriteUInt16(_header, 0, (ushort)length);
            source.Write(_header, 2);
            BigEndian.WriteUInt16(_header, 6, sourcePort);
            _rx.Write(_header, 0, RecordHeaderLength);
            _rx.Write(packet, offset, length);
            return true;
        }

        internal void SetIcmpError(byte type, byte code)
        {
            IcmpErrorType = type;
            IcmpErrorCode = code;
        }
    }
}
