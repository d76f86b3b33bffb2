using NanoStack.Wire;

namespace NanoStack.Iface
{
    /// <summary>
    /// The fixed ARP cache (RFC 826, RFC 1122 §2.3.2): <c>StackLimits.ArpCacheEntries</c> entries
    /// and <c>StackLimits.ArpHeldFrames</c> frame slots that pending entries share, each able to
    /// hold one outgoing frame while its address is being resolved.
    ///
    /// Implementation notes
    /// - States: free, pending (request sent, one frame held, retried every
    ///   <see cref="RetryMs"/> up to <see cref="MaxRequests"/> times, then the frame is dropped and
    ///   counted) and reachable (valid for <see cref="ReachableMs"/>, then forgotten: the next use
    ///   asks again).
    /// - A full cache evicts the reachable entry that expires first; pending entries are evicted
    ///   only when every entry is pending (the oldest then loses its frame).
    /// - RFC 826 merge rule: a packet from a sender we already know updates its entry; a request
    ///   addressed to us also adds the sender (it is about to talk to us).
    /// - Held frames (RFC 1122 §2.3.2.2: keep at least one packet per unresolved address) live in
    ///   a pool of slots, FrameBufferSize bytes each, allocated in the constructor. One slot per
    ///   entry is the default; a device that talks to its gateway only can keep one slot (a
    ///   second pending address then takes the slot of the oldest, whose frame is dropped and
    ///   counted) or none (every frame sent to an unresolved address is dropped and counted; the
    ///   transport retransmits once the address is known).
    /// </summary>
    public sealed class ArpCache
    {
        public const int ReachableMs = 60000;
        public const int RetryMs = 1000;
        public const int MaxRequests = 3;

        private const byte Free = 0, Pending = 1, Reachable = 2;

        private readonly uint[] _ip;
        private readonly ulong[] _mac;
        private readonly byte[] _state;
        private readonly long[] _deadline;
        private readonly byte[] _requests;
        private readonly byte[][] _held;       // per slot
        private readonly int[] _owner;         // per slot: the entry holding it, or −1
        private readonly int[] _slot;          // per entry: its slot, or −1
        private readonly int[] _heldLength;    // per entry: bytes held (0: none)

        /// <summary>A cache with one held-frame slot per entry.</summary>
        public ArpCache(int entries, int frameBufferSize) : this(entries, frameBufferSize, entries)
        {
        }

        /// <summary>A cache whose pending entries share <paramref name="heldFrames"/> frame slots (0..entries).</summary>
        public ArpCache(int entries, int frameBufferSize, int heldFrames)
        {
            if (entries < 1)
            {
                throw new System.ArgumentOutOfRangeException("entries");
            }
            if (heldFrames < 0 || heldFrames > entries)
            {
                throw new System.ArgumentOutOfRangeException("heldFrames");
            }
            _ip = new uint[entries];
            _mac = new ulong[entries];
            _state = new byte[entries];
            _deadline = new long[entries];
            _requests = new byte[entries];
            _held = new byte[heldFrames][];
            _owner = new int[heldFrames];
            _slot = new int[entries];
            _heldLength = new int[entries];
            for (int i = 0; i < heldFrames; i++)
            {
                _held[i] = new byte[frameBufferSize];
                _owner[i] = -1;
            }
            for (int i = 0; i < entries; i++)
            {
                _slot[i] = -1;
            }
        }

        /// <summary>Frame slots shared by the pending entries.</summary>
        public int HeldFrameSlots { get { return _held.Length; } }

        public int Capacity { get { return _ip.Length; } }

        /// <summary>Entries resolved now.</summary>
        public int ReachableCount
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _state.Length; i++)
                {
                    if (_state[i] == Reachable)
                    {
                        n++;
                    }
                }
                return n;
            }
        }

        /// <summary>The MAC for <paramref name="ip"/> if it is resolved and not expired.</summary>
        public bool TryLookup(long nowMs, Ipv4Address ip, out MacAddress mac)
        {
            int i = Find(ip.Value);
            if (i >= 0 && _state[i] == Reachable && nowMs < _deadline[i])
            {
                mac = new MacAddress(_mac[i]);
                return true;
            }
            mac = new MacAddress(0);
            return false;
        }

        /// <summary>
        /// Holds <paramref name="frame"/> for <paramref name="ip"/> until it resolves. Returns true
        /// when a new request must be sent now (no request was pending for that address).
        /// <paramref name="droppedHeld"/> is set when an older held frame was replaced.
        /// </summary>
        public bool Hold(long nowMs, Ipv4Address ip, byte[] frame, int length, out bool droppedHeld, out bool evicted)
        {
            droppedHeld = false;
            evicted = false;
            int i = Find(ip.Value);
            bool newRequest = false;
            if (i < 0 || _state[i] != Pending)
            {
                if (i < 0)
                {
                    i = Allocate(out evicted, out droppedHeld);
                }
                _ip[i] = ip.Value;
                _state[i] = Pending;
                _requests[i] = 1;
                _deadline[i] = nowMs + RetryMs;
                newRequest = true;
            }
            else if (_heldLength[i] > 0)
            {
                droppedHeld = true; // one frame per pending entry: the newest wins
            }
            int slot = _slot[i] >= 0 ? _slot[i] : TakeSlot(i, ref droppedHeld);
            if (slot < 0)
            {
                droppedHeld = true; // no slots configured: this frame is not kept
                return newRequest;
            }
            System.Array.Copy(frame, 0, _held[slot], 0, length);
            _heldLength[i] = length;
            return newRequest;
        }

        /// <summary>
        /// Learns <paramref name="ip"/> → <paramref name="mac"/> (when <paramref name="create"/> or
        /// the entry exists). Returns the index of an entry whose held frame is now deliverable
        /// (patch its destination and send it with <see cref="TakeHeld"/>), or −1.
        /// </summary>
        public int Learn(long nowMs, Ipv4Address ip, MacAddress mac, bool create)
        {
            int i = Find(ip.Value);
            if (i < 0)
            {
                if (!create)
                {
                    return -1;
                }
                bool evicted, dropped;
                i = Allocate(out evicted, out dropped);
                Drop(i);
            }
            _ip[i] = ip.Value;
            _mac[i] = mac.Value;
            _state[i] = Reachable;
            _deadline[i] = nowMs + ReachableMs;
            _requests[i] = 0;
            return _heldLength[i] > 0 ? i : -1;
        }

        /// <summary>
        /// Upper-layer confirmation (RFC 1122 §2.3.2.1): an IPv4 packet arrived from
        /// <paramref name="ip"/> with the MAC we have for it, so the entry stays valid.
        /// </summary>
        public void Confirm(long nowMs, Ipv4Address ip, MacAddress mac)
        {
            int i = Find(ip.Value);
            if (i >= 0 && _state[i] == Reachable && _mac[i] == mac.Value)
            {
                _deadline[i] = nowMs + ReachableMs;
            }
        }

        /// <summary>The held frame of entry <paramref name="index"/>; clears it.</summary>
        public byte[] TakeHeld(int index, out int length)
        {
            length = _heldLength[index];
            byte[] frame = _slot[index] >= 0 ? _held[_slot[index]] : null;
            Drop(index); // the slot's bytes stay as they are until the next Hold: send them now
            return frame;
        }

        /// <summary>
        /// Runs the timers: returns the address of a pending entry whose request must be repeated
        /// now (and counts it), or Any when none; call until it returns Any. Entries that ran out
        /// of retries lose their frame (<paramref name="dropped"/> counts them).
        /// </summary>
        public Ipv4Address NextRetry(long nowMs, ref int dropped)
        {
            for (int i = 0; i < _state.Length; i++)
            {
                if (_state[i] == Reachable && nowMs >= _deadline[i])
                {
                    _state[i] = Free;
                }
                else if (_state[i] == Pending && nowMs >= _deadline[i])
                {
                    if (_requests[i] >= MaxRequests)
                    {
                        if (_heldLength[i] > 0)
                        {
                            dropped++;
                        }
                        Drop(i);
                        _state[i] = Free;
                        continue;
                    }
                    _requests[i]++;
                    _deadline[i] = nowMs + RetryMs;
                    return new Ipv4Address(_ip[i]);
                }
            }
            return Ipv4Address.Any;
        }

        /// <summary>The earliest timer, or long.MaxValue.</summary>
        public long PollAt()
        {
            long t = long.MaxValue;
            for (int i = 0; i < _state.Length; i++)
            {
                if (_state[i] != Free && _deadline[i] < t)
                {
                    t = _deadline[i];
                }
            }
            return t;
        }

        private int Find(uint ip)
        {
            for (int i = 0; i < _ip.Length; i++)
            {
                if (_state[i] != Free && _ip[i] == ip)
                {
                    return i;
                }
            }
            return -1;
        }

        private int Allocate(out bool evicted, out bool droppedHeld)
        {
            evicted = false;
            droppedHeld = false;
            int victim = -1;
            for (int i = 0; i < _state.Length; i++)
            {
                if (_state[i] == Free)
                {
                    return i;
                }
                if (_state[i] == Reachable && (victim < 0 || _deadline[i] < _deadline[victim]))
                {
                    victim = i;
                }
            }
            if (victim < 0)
            {
                // Every entry is pending: the oldest request loses its frame.
                victim = 0;
                for (int i = 1; i < _state.Length; i++)
                {
                    if (_deadline[i] < _deadline[victim])
                    {
                        victim = i;
                    }
                }
                droppedHeld = _heldLength[victim] > 0;
            }
            evicted = true;
            Drop(victim);
            _state[victim] = Free;
            return victim;
        }

        /// <summary>A free slot for entry <paramref name="entry"/>, else the slot of the pending entry
        /// whose request is oldest (its frame is dropped); −1 when there are no slots.</summary>
        private int TakeSlot(int entry, ref bool droppedHeld)
        {
            int slot = -1;
            for (int s = 0; s < _owner.Length; s++)
            {
                if (_owner[s] < 0)
                {
                    slot = s;
                    break;
                }
                if (slot < 0 || _deadline[_owner[s]] < _deadline[_owner[slot]])
                {
                    slot = s;
                }
            }
            if (slot < 0)
            {
                return -1;
            }
            if (_owner[slot] >= 0)
            {
                droppedHeld = true;
                Drop(_owner[slot]);
            }
            _owner[slot] = entry;
            _slot[entry] = slot;
            return slot;
        }

        private void Drop(int entry)
        {
            _heldLength[entry] = 0;
            int slot = _slot[entry];
            if (slot >= 0)
            {
                _owner[slot] = -1;
                _slot[entry] = -1;
            }
        }
    }
}
