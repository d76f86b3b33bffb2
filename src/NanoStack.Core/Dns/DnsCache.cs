namespace NanoStack.Dns
{
    /// <summary>
    /// A fixed table of resolved names, each kept for its TTL (RFC 1035 §7.4 "Using the cache").
    /// Each slot holds a plain name (<see cref="DnsName"/>, a 255-byte array), up to MaxAddresses
    /// addresses and the time it expires on the caller's millisecond clock. Everything is
    /// allocated in the constructor; lookups and stores do not allocate.
    ///
    /// Implementation notes
    /// - Keys are the names the application asked for (not the end of a CNAME chain), compared
    ///   ignoring ASCII case (RFC 4343).
    /// - A TTL of 0 is not stored (RFC 1035 §3.2.1: the answer is for this transaction only);
    ///   TTLs above the cap are stored as the cap (RFC 2181 §8).
    /// - An entry expired at or before nowMs is never returned and its slot is free.
    /// - A full table replaces the least recently used entry (stored or hit).
    /// - Negative answers (NXDOMAIN, NODATA) are not cached: RFC 2308 §5 would use the SOA of
    ///   the authority section, which this resolver does not read; RFC 1123 §6.1.3.3 makes it a
    ///   SHOULD, and an application that retries in a loop should back off itself.
    /// </summary>
    public sealed class DnsCache
    {
        private readonly byte[][] _names;
        private readonly int[] _nameLengths;
        private readonly uint[] _addresses;
        private readonly int[] _addressCounts;
        private readonly long[] _expiresMs;
        private readonly long[] _usedMs;
        private readonly int _maxAddresses;
        private readonly uint _maxTtlSeconds;

        public DnsCache(int entries, int maxAddresses, uint maxTtlSeconds)
        {
            if (entries < 0 || entries > 64)
            {
                throw new System.ArgumentOutOfRangeException("entries");
            }
            if (maxAddresses < 1 || maxAddresses > 64)
            {
                throw new System.ArgumentOutOfRangeException("maxAddresses");
            }
            if (maxTtlSeconds < 1)
            {
                throw new System.ArgumentOutOfRangeException("maxTtlSeconds");
            }
            _names = new byte[entries][];
            for (int i = 0; i < entries; i++)
            {
                _names[i] = new byte[DnsName.MaxLength];
            }
            _nameLengths = new int[entries];
            _addresses = new uint[entries * maxAddresses];
            _addressCounts = new int[entries];
            _expiresMs = new long[entries];
            _usedMs = new long[entries];
            _maxAddresses = maxAddresses;
            _maxTtlSeconds = maxTtlSeconds;
        }

        /// <summary>Slots in the table.</summary>
        public int Capacity
        {
            get { return _names.Length; }
        }

        /// <summary>Addresses kept per name.</summary>
        public int MaxAddresses
        {
            get { return _maxAddresses; }
        }

        /// <summary>Entries still valid at <paramref name="nowMs"/>.</summary>
        public int Count(long nowMs)
        {
            int n = 0;
            for (int i = 0; i < _names.Length; i++)
            {
                if (_nameLengths[i] > 0 && _expiresMs[i] > nowMs)
                {
                    n++;
                }
            }
            return n;
        }

        /// <summary>
        /// Looks up the plain name <c>name[offset .. offset + length)</c>. On a hit copies its
        /// addresses to <paramref name="addresses"/> (room for <see cref="MaxAddresses"/>), sets
        /// <paramref name="count"/> and the seconds left, rounded up, in
        /// <paramref name="remainingSeconds"/>, and returns true.
        /// </summary>
        public bool TryLookup(long nowMs, byte[] name, int offset, int length, uint[] addresses, out int count, out uint remainingSeconds)
        {
            Args.CheckRange(name, offset, length);
            if (addresses == null || addresses.Length < _maxAddresses)
            {
                throw new System.ArgumentException("room for MaxAddresses addresses is needed", "addresses");
            }
            count = 0;
            remainingSeconds = 0;
            int slot = Find(nowMs, name, offset, length);
            if (slot < 0)
            {
                return false;
            }
            count = _addressCounts[slot];
            System.Array.Copy(_addresses, slot * _maxAddresses, addresses, 0, count);
            remainingSeconds = (uint)((_expiresMs[slot] - nowMs + 999) / 1000);
            _usedMs[slot] = nowMs;
            return true;
        }

        /// <summary>
        /// Stores (or refreshes) the plain name with <paramref name="count"/> addresses (at most
        /// <see cref="MaxAddresses"/> are kept) for <paramref name="ttlSeconds"/>, capped; a TTL of 0
        /// or no address stores nothing.
        /// </summary>
        public void Store(long nowMs, byte[] name, int offset, int length, uint[] addresses, int count, uint ttlSeconds)
        {
            Args.CheckRange(name, offset, length);
            if (length > DnsName.MaxLength)
            {
                throw new System.ArgumentOutOfRangeException("length");
            }
            if (addresses == null)
            {
                throw new System.ArgumentNullException("addresses");
            }
            if (count < 0 || count > addresses.Length)
            {
                throw new System.ArgumentOutOfRangeException("count");
            }
            if (_names.Length == 0 || ttlSeconds == 0 || count == 0 || length == 0)
            {
                return;
            }
            if (ttlSeconds > _maxTtlSeconds)
            {
                ttlSeconds = _maxTtlSeconds;
            }
            int slot = Find(nowMs, name, offset, length);
            if (slot < 0)
            {
                slot = Victim(nowMs);
            }
            System.Array.Copy(name, offset, _names[slot], 0, length);
            _nameLengths[slot] = length;
            if (count > _maxAddresses)
            {
                count = _maxAddresses;
            }
            System.Array.Copy(addresses, 0, _addresses, slot * _maxAddresses, count);
            _addressCounts[slot] = count;
            _expiresMs[slot] = nowMs + (long)ttlSeconds * 1000;
            _usedMs[slot] = nowMs;
        }

        /// <summary>Forgets every entry (e.g. when the network changes).</summary>
        public void Clear()
        {
            for (int i = 0; i < _names.Length; i++)
            {
                _nameLengths[i] = 0;
                _addressCounts[i] = 0;
            }
        }

        private int Find(long nowMs, byte[] name, int offset, int length)
        {
            for (int i = 0; i < _names.Length; i++)
            {
                if (_nameLengths[i] != length)
                {
                    continue;
                }
                if (_expiresMs[i] <= nowMs)
                {
                    _nameLengths[i] = 0; // expired: the slot is free
                    continue;
                }
                if (DnsName.EqualsIgnoreCase(_names[i], 0, name, offset, length))
                {
                    return i;
                }
            }
            return -1;
        }

        private int Victim(long nowMs)
        {
            int lru = 0;
            for (int i = 0; i < _names.Length; i++)
            {
                if (_nameLengths[i] == 0 || _expiresMs[i] <= nowMs)
                {
                    return i;
                }
                if (_usedMs[i] < _usedMs[lru])
                {
                    lru = i;
                }
            }
            return lru;
        }
    }
}
