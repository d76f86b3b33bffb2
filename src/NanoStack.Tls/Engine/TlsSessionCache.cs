namespace NanoStack.Tls
{
    /// <summary>
    /// Sessions the application keeps for resumption (RFC 5246 §7.3 session IDs, RFC 5077
    /// tickets), in fixed slots allocated once: per slot the server name, session ID, master
    /// secret, cipher suite and ticket. The engine looks a server up at
    /// <see cref="TlsClientEngine.Start"/> and stores the session once a handshake completes;
    /// the least recently stored slot is replaced when all are taken. Every session stored was
    /// made with extended_master_secret (the engine requires it). Not safe for concurrent use.
    /// </summary>
    public sealed class TlsSessionCache
    {
        /// <summary>Master secret length (RFC 5246 §8.1).</summary>
        public const int MasterSecretLength = 48;

        private readonly string[] _host;
        private readonly byte[][] _id;
        private readonly int[] _idLength;
        private readonly byte[][] _master;
        private readonly int[] _suite;
        private readonly byte[][] _ticket;
        private readonly int[] _ticketLength;
        private readonly long[] _stamp;
        private long _clock;

        /// <param name="slots">Servers remembered (1..64).</param>
        /// <param name="maxTicketLength">Longest ticket kept (0..4096); longer tickets are not stored.</param>
        public TlsSessionCache(int slots, int maxTicketLength)
        {
            if (slots < 1 || slots > 64)
            {
                throw new System.ArgumentOutOfRangeException("slots");
            }
            if (maxTicketLength < 0 || maxTicketLength > 4096)
            {
                throw new System.ArgumentOutOfRangeException("maxTicketLength");
            }
            _host = new string[slots];
            _id = new byte[slots][];
            _idLength = new int[slots];
            _master = new byte[slots][];
            _suite = new int[slots];
            _ticket = new byte[slots][];
            _ticketLength = new int[slots];
            _stamp = new long[slots];
            for (int i = 0; i < slots; i++)
            {
                _id[i] = new byte[32];
                _master[i] = new byte[MasterSecretLength];
                _ticket[i] = new byte[maxTicketLength];
            }
        }

        /// <summary>Number of slots.</summary>
        public int Capacity { get { return _host.Length; } }

        /// <summary>Longest ticket a slot keeps.</summary>
        public int MaxTicketLength { get { return _ticket[0].Length; } }

        /// <summary>Slots holding a session.</summary>
        public int Count
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _host.Length; i++)
                {
                    if (_host[i] != null)
                    {
                        n++;
                    }
                }
                return n;
            }
        }

        /// <summary>The slot for <paramref name="host"/>, or −1.</summary>
        public int Find(string host)
        {
            if (host == null)
            {
                return -1;
            }
            for (int i = 0; i < _host.Length; i++)
            {
                if (_host[i] != null && string.Equals(_host[i], host))
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>True when <paramref name="host"/> has a session with a ticket.</summary>
        public bool HasTicket(string host)
        {
            int slot = Find(host);
            return slot >= 0 && _ticketLength[slot] > 0;
        }

        /// <summary>True when <paramref name="host"/> has a session with a session ID.</summary>
        public bool HasSessionId(string host)
        {
            int slot = Find(host);
            return slot >= 0 && _idLength[slot] > 0;
        }

        /// <summary>Forgets the session of <paramref name="host"/> (e.g. after a failed resumption).</summary>
        public void Remove(string host)
        {
            int slot = Find(host);
            if (slot >= 0)
            {
                Wipe(slot);
            }
        }

        /// <summary>Forgets every session and wipes the secrets.</summary>
        public void Clear()
        {
            for (int i = 0; i < _host.Length; i++)
            {
                Wipe(i);
            }
        }

        internal int Suite(int slot) { return _suite[slot]; }

        internal byte[] MasterSecret(int slot) { return _master[slot]; }

        internal byte[] SessionId(int slot) { return _id[slot]; }

        internal int SessionIdLength(int slot) { return _idLength[slot]; }

        internal byte[] Ticket(int slot) { return _ticket[slot]; }

        internal int TicketLength(int slot) { return _ticketLength[slot]; }

        /// <summary>Stores (replacing the host's old session) and returns the slot.</summary>
        internal int Store(string host, byte[] id, int idLength, byte[] master, int suite,
                           byte[] ticket, int ticketLength)
        {
            int slot = Find(host);
            if (slot < 0)
            {
                slot = 0;
                for (int i = 0; i < _host.Length; i++)
                {
                    if (_host[i] == null)
                    {
                        slot = i;
                        break;
                    }
                    if (_stamp[i] < _stamp[slot])
                    {
                        slot = i;
                    }
                }
            }
            Wipe(slot);
            _host[slot] = host;
            if (idLength > 0)
            {
                System.Array.Copy(id, 0, _id[slot], 0, idLength);
            }
            _idLength[slot] = idLength;
            System.Array.Copy(master, 0, _master[slot], 0, MasterSecretLength);
            _suite[slot] = suite;
            if (ticketLength > 0 && ticketLength <= _ticket[slot].Length)
            {
                System.Array.Copy(ticket, 0, _ticket[slot], 0, ticketLength);
                _ticketLength[slot] = ticketLength;
            }
            _clock++;
            _stamp[slot] = _clock;
            return slot;
        }

        private void Wipe(int slot)
        {
            _host[slot] = null;
            System.Array.Clear(_id[slot], 0, 32);
            _idLength[slot] = 0;
            System.Array.Clear(_master[slot], 0, MasterSecretLength);
            _suite[slot] = 0;
            System.Array.Clear(_ticket[slot], 0, _ticket[slot].Length);
            _ticketLength[slot] = 0;
            _stamp[slot] = 0;
        }
    }
}
