namespace NanoStack.Sockets
{
    /// <summary>
    /// A fixed ring of the last state transitions of the sockets it is attached to
    /// (<see cref="TcpSocket.StateLog"/>), with their times, for traces such as the demo's. The
    /// application reads it after polling; the socket only writes three numbers per transition,
    /// so no application code runs inside the stack (DESIGN.md principle 10). Entries are
    /// allocated once; the oldest is overwritten when the ring is full.
    /// </summary>
    public sealed class TcpStateLog
    {
        private readonly long[] _times;
        private readonly byte[] _from;
        private readonly byte[] _to;
        private readonly int[] _socket;
        private int _next;
        private int _total;

        public TcpStateLog(int capacity)
        {
            if (capacity < 1)
            {
                throw new System.ArgumentOutOfRangeException("capacity");
            }
            _times = new long[capacity];
            _from = new byte[capacity];
            _to = new byte[capacity];
            _socket = new int[capacity];
        }

        /// <summary>Transitions recorded since creation (may exceed the capacity).</summary>
        public int Total { get { return _total; } }

        public int Capacity { get { return _times.Length; } }

        /// <summary>Reads transition number <paramref name="sequence"/> (0-based over <see cref="Total"/>);
        /// false when it has been overwritten or not happened yet.</summary>
        public bool TryGet(int sequence, out long atMs, out int socketId, out TcpState from, out TcpState to)
        {
            if (sequence < 0 || sequence >= _total || sequence < _total - _times.Length)
            {
                atMs = 0;
                socketId = 0;
                from = TcpState.Closed;
                to = TcpState.Closed;
                return false;
            }
            int i = sequence % _times.Length;
            atMs = _times[i];
            socketId = _socket[i];
            from = (TcpState)_from[i];
            to = (TcpState)_to[i];
            return true;
        }

        internal void Record(long atMs, int socketId, TcpState from, TcpState to)
        {
            _times[_next] = atMs;
            _socket[_next] = socketId;
            _from[_next] = (byte)from;
            _to[_next] = (byte)to;
            _next = _next + 1 == _times.Length ? 0 : _next + 1;
            _total++;
        }
    }
}
