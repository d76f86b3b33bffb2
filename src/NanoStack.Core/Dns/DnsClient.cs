using NanoStack.Iface;
using NanoStack.Sockets;
using NanoStack.Wire;

namespace NanoStack.Dns
{
    /// <summary>
    /// A DNS stub resolver for IPv4 addresses (RFC 1034 §5.3.1, RFC 1035 §7): one A query at a
    /// time over UDP to one or two recursive servers, with a small cache. It does no I/O of its own
    /// beyond the interface's UDP calls and never blocks: <see cref="Start"/> a name, then
    /// <see cref="Poll"/> after each <see cref="Interface.Poll"/> until <see cref="Status"/> is no
    /// longer <see cref="DnsStatus.Pending"/>; <see cref="PollAt"/> says when to poll next.
    /// <see cref="Resolve"/> does that loop over the board's <see cref="IStackRunner"/>.
    ///
    /// Implementation notes
    /// - Memory: everything is allocated in the constructor from <see cref="DnsLimits"/>
    ///   (<see cref="DnsLimits.BufferBytes"/>, 2,425 bytes of arrays with the defaults); a query,
    ///   its retransmissions, the responses and cache hits allocate nothing (asserted by a host
    ///   test; the host-name string is the caller's).
    /// - Each query gets an unpredictable 16-bit ID and its own UDP socket on an unpredictable
    ///   port among the 16,384 dynamic ports 49152..65535 (RFC 6335 §6), both from the entropy
    ///   source (RFC 5452 §9.2), about 30 bits for a blind spoofer to guess. A port already in use
    ///   is drawn again (<see cref="MaxPortAttempts"/> times). The socket is closed when the query
    ///   ends. Retransmissions reuse the query's ID and port, so a late answer to an earlier
    ///   attempt is still accepted.
    /// - A datagram is the response only if it comes from port 53 of a server this query was sent
    ///   to, arrives on the query's port (the socket's own port: the interface delivers by it)
    ///   and carries the query's ID, QR = 1, OPCODE 0 and the same question, the name compared
    ///   ignoring ASCII case, QTYPE A, QCLASS IN (RFC 5452 §9.1; <see cref="DnsResponseReader.Match"/>).
    ///   Anything else is ignored and counted by reason in <see cref="Counters"/>; it does not
    ///   disturb the pending query. The datagram's destination address is not checked again:
    ///   the interface hands sockets only datagrams for our address or broadcast ones.
    ///   Responses over 512 bytes are ignored too (no EDNS(0) was offered, RFC 1035 §4.2.1).
    /// - Retries (RFC 1123 §6.1.3.3, RFC 1035 §7.2): <see cref="DnsLimits.Attempts"/> datagrams at
    ///   most, waiting <see cref="DnsLimits.InitialTimeoutMs"/> after the first and twice as long
    ///   after each next one (1 s, 2 s, 4 s by default; RFC 1123 suggests 5 s when nothing is known
    ///   of the path, 1 s suits the LAN a device's resolver is on). With two servers the attempts
    ///   alternate between them, primary first. An ICMP destination unreachable on the socket
    ///   (RFC 1122 §4.1.3.3) ends the current attempt at once; a send the interface refuses (no
    ///   route) moves to the next attempt at once. The query ends
    ///   <see cref="DnsStatus.TimedOut"/>, <see cref="DnsStatus.Unreachable"/> when the last attempt
    ///   ended by ICMP, or <see cref="DnsStatus.NoRoute"/> when nothing could be sent.
    /// - SERVFAIL, NOTIMP and REFUSED from one server, while another is configured that has not
    ///   failed and an attempt is left, send the next attempt to that server at once
    ///   (RFC 1034 §5.3.3 step 4d); otherwise they end the query with that status. NXDOMAIN,
    ///   FORMERR, TC and a malformed response end it at once.
    /// - TC = 1 ends the query with <see cref="DnsStatus.Truncated"/>: there is no TCP fallback
    ///   (RFC 7766 would have us retry over TCP). A device asking for A records of a host name
    ///   practically never meets it: without EDNS(0) it takes an answer of over 512 bytes.
    /// - Cache (<see cref="DnsCache"/>): a resolved answer is stored under the name asked for, with
    ///   the smallest TTL of its chain capped by <see cref="DnsLimits.MaxCacheTtlSeconds"/>; a
    ///   later <see cref="Start"/> for it resolves at once, without traffic, with the TTL left,
    ///   until it expires on the caller's clock. Negative answers are not cached (see there).
    /// - A host name that is a dotted-quad IPv4 literal ("192.0.2.1") resolves at once to itself,
    ///   without traffic or cache, as getaddrinfo does; <see cref="TtlSeconds"/> is then 0.
    /// - One query at a time: <see cref="Start"/> while one is pending abandons it (its socket is
    ///   closed). Servers set while a query is pending serve its next attempts; answers from the
    ///   servers asked before the change are then ignored.
    /// </summary>
    public sealed class DnsClient
    {
        /// <summary>The DNS server port (RFC 1035 §4.2.1).</summary>
        public const ushort ServerPort = 53;

        /// <summary>Servers the client holds (a primary and a secondary, as DHCP option 6 usually gives).</summary>
        public const int MaxServers = 2;

        /// <summary>Random source ports tried when the one drawn is taken.</summary>
        public const int MaxPortAttempts = 16;

        private const int EphemeralFirst = 49152; // RFC 6335 §6 dynamic ports 49152..65535
        private const int EphemeralMask = 0x3FFF; // 16,384 ports: 14 random bits, no modulo bias

        private readonly Interface _iface;
        private readonly IEntropySource _entropy;
        private readonly int _attempts;
        private readonly int _initialTimeoutMs;
        private readonly int _maxTimeoutMs;
        private readonly Ipv4Address[] _servers = new Ipv4Address[MaxServers];
        private readonly byte[] _query = new byte[DnsQuery.MaxLength];
        private readonly byte[] _rx = new byte[DnsPacket.MaxUdpLength];
        private readonly byte[] _random = new byte[2];
        private readonly uint[] _addresses;
        private readonly DnsResponseReader _reader;
        private readonly DnsCache _cache;
        private readonly DnsClientCounters _counters = new DnsClientCounters();

        private int _serverCount;

        // The query in flight.
        private int _handle = -1;
        private ushort _port;
        private ushort _id;
        private int _queryLength;
        private int _nameLength;
        private int _attempt;
        private int _attemptsMade;
        private long _deadlineMs;
        private int _queriedMask;
        private int _failedMask;
        private bool _sentAny;
        private bool _endedByIcmp;
        private DnsStatus _serverError;

        // The result.
        private DnsStatus _status;
        private int _addressCount;
        private uint _ttl;
        private bool _fromCache;
        private int _cnameCount;
        private int _rcode;
        private DnsWireStatus _wireStatus;
        private Ipv4Address _answeredBy;

        /// <summary>A client without servers yet (set them with <see cref="SetServers"/>, e.g.
        /// from the DHCP lease). <paramref name="limits"/> null: the defaults.</summary>
        public DnsClient(Interface iface, IEntropySource entropy, DnsLimits limits)
        {
            if (iface == null)
            {
                throw new System.ArgumentNullException("iface");
            }
            if (entropy == null)
            {
                throw new System.ArgumentNullException("entropy");
            }
            if (limits == null)
            {
                limits = new DnsLimits();
            }
            limits.Validate();
            _iface = iface;
            _entropy = entropy;
            _attempts = limits.Attempts;
            _initialTimeoutMs = limits.InitialTimeoutMs;
            _maxTimeoutMs = limits.MaxTimeoutMs;
            _addresses = new uint[limits.MaxAddresses];
            _reader = new DnsResponseReader(limits.MaxAddresses, limits.MaxCnames);
            _cache = new DnsCache(limits.CacheEntries, limits.MaxAddresses, limits.MaxCacheTtlSeconds);
        }

        /// <summary>A client asking <paramref name="primary"/>, then <paramref name="secondary"/>
        /// (<see cref="Ipv4Address.Any"/>: none).</summary>
        public DnsClient(Interface iface, IEntropySource entropy, Ipv4Address primary, Ipv4Address secondary, DnsLimits limits)
            : this(iface, entropy, limits)
        {
            SetServers(primary, secondary);
        }

        // ================================================================== configuration

        /// <summary>
        /// The recursive servers to ask, primary first; <see cref="Ipv4Address.Any"/> leaves a place
        /// empty. Broadcast, multicast and class E addresses are refused (caller bug).
        /// </summary>
        public void SetServers(Ipv4Address primary, Ipv4Address secondary)
        {
            if (!primary.IsUnspecified && !primary.IsUnicast)
            {
                throw new System.ArgumentException("a DNS server is a unicast address", "primary");
            }
            if (!secondary.IsUnspecified && !secondary.IsUnicast)
            {
                throw new System.ArgumentException("a DNS server is a unicast address", "secondary");
            }
            _serverCount = 0;
            if (!primary.IsUnspecified)
            {
                _servers[_serverCount++] = primary;
            }
            if (!secondary.IsUnspecified && secondary != primary)
            {
                _servers[_serverCount++] = secondary;
            }
            _queriedMask = 0;
            _failedMask = 0;
        }

        /// <summary>Servers configured (0..2).</summary>
        public int ServerCount
        {
            get { return _serverCount; }
        }

        /// <summary>Server <paramref name="index"/> (0: primary).</summary>
        public Ipv4Address GetServer(int index)
        {
            if (index < 0 || index >= _serverCount)
            {
                throw new System.ArgumentOutOfRangeException("index");
            }
            return _servers[index];
        }

        public DnsCache Cache
        {
            get { return _cache; }
        }

        public DnsClientCounters Counters
        {
            get { return _counters; }
        }

        // ================================================================== result

        /// <summary>Where the current or last resolution stands.</summary>
        public DnsStatus Status
        {
            get { return _status; }
        }

        /// <summary>The first address when <see cref="DnsStatus.Resolved"/>, else <see cref="Ipv4Address.Any"/>.</summary>
        public Ipv4Address Address
        {
            get { return new Ipv4Address(_addressCount > 0 ? _addresses[0] : 0u); }
        }

        /// <summary>Addresses found (0 unless resolved; at most <see cref="DnsLimits.MaxAddresses"/>).</summary>
        public int AddressCount
        {
            get { return _addressCount; }
        }

        /// <summary>Address <paramref name="index"/> (0 .. AddressCount − 1), in the server's order.</summary>
        public Ipv4Address GetAddress(int index)
        {
            if (index < 0 || index >= _addressCount)
            {
                throw new System.ArgumentOutOfRangeException("index");
            }
            return new Ipv4Address(_addresses[index]);
        }

        /// <summary>
        /// Seconds the answer may be used: the smallest TTL along the CNAME chain (uncapped), or
        /// what is left of it for a cache hit (rounded up); 0 for a literal and unless resolved.
        /// </summary>
        public uint TtlSeconds
        {
            get { return _ttl; }
        }

        /// <summary>The answer came from the cache, without traffic.</summary>
        public bool FromCache
        {
            get { return _fromCache; }
        }

        /// <summary>CNAME records followed to the answer.</summary>
        public int CnameCount
        {
            get { return _cnameCount; }
        }

        /// <summary>RCODE of the response that ended the query (0 when none did).</summary>
        public int ResponseCode
        {
            get { return _rcode; }
        }

        /// <summary>Why the host name was invalid or the response malformed; Ok otherwise.</summary>
        public DnsWireStatus WireStatus
        {
            get { return _wireStatus; }
        }

        /// <summary>The server whose response ended the query (<see cref="Ipv4Address.Any"/> when none did).</summary>
        public Ipv4Address AnsweredBy
        {
            get { return _answeredBy; }
        }

        /// <summary>The UDP source port of the current or last query (0 before the first).</summary>
        public ushort LocalPort
        {
            get { return _port; }
        }

        /// <summary>The ID of the current or last query.</summary>
        public ushort QueryId
        {
            get { return _id; }
        }

        /// <summary>Attempts made for the current or last query: the first datagram and the
        /// retransmissions (sends the interface refused included).</summary>
        public int AttemptsMade
        {
            get { return _attemptsMade; }
        }

        // ================================================================== query

        /// <summary>
        /// Starts resolving <paramref name="hostName"/> (see <see cref="DnsName.Encode"/> for the
        /// names accepted) and returns the status: <see cref="DnsStatus.Pending"/> when a query is
        /// on its way, <see cref="DnsStatus.Resolved"/> for a cache hit or an IPv4 literal, or
        /// <see cref="DnsStatus.InvalidName"/>, <see cref="DnsStatus.NoServer"/>,
        /// <see cref="DnsStatus.NoSocket"/>. A query still pending is abandoned first.
        /// </summary>
        public DnsStatus Start(long nowMs, string hostName)
        {
            if (hostName == null)
            {
                throw new System.ArgumentNullException("hostName");
            }
            Cancel();
            ClearResult();
            Ipv4Address literal;
            if (Ipv4Address.TryParse(hostName, out literal))
            {
                _addresses[0] = literal.Value;
                _addressCount = 1;
                _status = DnsStatus.Resolved;
                return _status;
            }
            int length;
            _wireStatus = DnsQuery.Write(_query, 0, _query.Length, 0, hostName, DnsRecordType.A, out length);
            if (_wireStatus != DnsWireStatus.Ok)
            {
                _status = DnsStatus.InvalidName;
                return _status;
            }
            _queryLength = length;
            _nameLength = length - DnsQuery.NameOffset - DnsQuery.QuestionFixedLength;

            int count;
            uint remaining;
            if (_cache.TryLookup(nowMs, _query, DnsQuery.NameOffset, _nameLength, _addresses, out count, out remaining))
            {
                _counters.CacheHits++;
                _addressCount = count;
                _ttl = remaining;
                _fromCache = true;
                _status = DnsStatus.Resolved;
                return _status;
            }
            if (_serverCount == 0)
            {
                _status = DnsStatus.NoServer;
                return _status;
            }
            if (!OpenSocket())
            {
                _status = DnsStatus.NoSocket;
                return _status;
            }
            // RFC 5452 §9.2: an unpredictable ID over the full 0..65535 range.
            _entropy.GetBytes(_random, 0, 2);
            _id = (ushort)((_random[0] << 8) | _random[1]);
            DnsPacket header = new DnsPacket(_query, 0, DnsPacket.HeaderLength);
            header.Id = _id;
            _attempt = 0;
            _queriedMask = 0;
            _failedMask = 0;
            _sentAny = false;
            _endedByIcmp = false;
            _serverError = DnsStatus.None;
            _status = DnsStatus.Pending;
            _counters.Queries++;
            Transmit(nowMs);
            return _status;
        }

        /// <summary>
        /// Reads what arrived on the query's socket and runs the retransmission timer. Call it
        /// after <see cref="Interface.Poll"/>. Returns true when anything happened.
        /// </summary>
        public bool Poll(long nowMs)
        {
            if (_status != DnsStatus.Pending)
            {
                return false;
            }
            bool progress = false;
            UdpSocket socket = _iface.GetUdp(_handle);
            while (_status == DnsStatus.Pending && socket.CanReceive)
            {
                Ipv4Address source;
                ushort sourcePort;
                int n = socket.ReceiveFrom(_rx, 0, _rx.Length, out source, out sourcePort);
                progress = true;
                Process(nowMs, n, source, sourcePort);
            }
            if (_status != DnsStatus.Pending)
            {
                return true;
            }
            byte type, code;
            if (socket.TakeIcmpError(out type, out code))
            {
                progress = true;
                _counters.IcmpErrors++;
                if (type == IcmpType.DestinationUnreachable)
                {
                    // RFC 1122 §4.1.3.3: the error reaches the application; no answer will come to this attempt.
                    _endedByIcmp = true;
                    _deadlineMs = nowMs;
                }
            }
            while (_status == DnsStatus.Pending && nowMs >= _deadlineMs)
            {
                progress = true;
                _attempt++;
                if (_attempt >= _attempts)
                {
                    Finish(FinalFailure());
                    break;
                }
                Transmit(nowMs);
            }
            return progress;
        }

        /// <summary>When <see cref="Poll"/> has work: now when a datagram or ICMP error waits, the
        /// retransmission deadline while pending, long.MaxValue otherwise.</summary>
        public long PollAt(long nowMs)
        {
            if (_status != DnsStatus.Pending)
            {
                return long.MaxValue;
            }
            UdpSocket socket = _iface.GetUdp(_handle);
            if (socket.CanReceive || socket.IcmpErrorType != 0 || _deadlineMs <= nowMs)
            {
                return nowMs;
            }
            return _deadlineMs;
        }

        /// <summary>Abandons a pending query (its socket is closed; <see cref="Status"/> becomes
        /// <see cref="DnsStatus.None"/>). Does nothing otherwise.</summary>
        public void Cancel()
        {
            if (_status == DnsStatus.Pending)
            {
                Finish(DnsStatus.None);
            }
        }

        /// <summary>
        /// Resolves <paramref name="hostName"/> to the end, driving the board's poll loop while it
        /// waits (at most the retry schedule: 7 s with the defaults), and returns the final status.
        /// </summary>
        public DnsStatus Resolve(IStackRunner runner, string hostName)
        {
            if (runner == null)
            {
                throw new System.ArgumentNullException("runner");
            }
            Start(runner.NowMs, hostName);
            while (_status == DnsStatus.Pending)
            {
                runner.RunOnce(PollAt(runner.NowMs));
                Poll(runner.NowMs);
            }
            return _status;
        }

        // ================================================================== internals

        private void ClearResult()
        {
            _addressCount = 0;
            _ttl = 0;
            _fromCache = false;
            _cnameCount = 0;
            _rcode = 0;
            _wireStatus = DnsWireStatus.Ok;
            _answeredBy = Ipv4Address.Any;
            _attempt = 0;
            _attemptsMade = 0;
        }

        private bool OpenSocket()
        {
            // RFC 5452 §9.2: an unpredictable source port per query, from as large a range as practicable.
            for (int i = 0; i < MaxPortAttempts; i++)
            {
                _entropy.GetBytes(_random, 0, 2);
                ushort port = (ushort)(EphemeralFirst + (((_random[0] << 8) | _random[1]) & EphemeralMask));
                int handle = _iface.UdpOpen(port);
                if (handle >= 0)
                {
                    _handle = handle;
                    _port = port;
                    return true;
                }
                _counters.PortCollisions++;
            }
            return false;
        }

        private void Transmit(long nowMs)
        {
            if (_serverCount == 0)
            {
                Finish(DnsStatus.NoServer); // the servers were removed while the query was pending
                return;
            }
            int server = _attempt % _serverCount;
            int all = (1 << _serverCount) - 1;
            if ((_failedMask & (1 << server)) != 0 && (_failedMask & all) != all)
            {
                server = (server + 1) % _serverCount; // skip a server that already answered with an error
            }
            UdpSocket socket = _iface.GetUdp(_handle);
            byte type, code;
            socket.TakeIcmpError(out type, out code); // an error about an earlier attempt is stale now
            _endedByIcmp = false;
            _attemptsMade++;
            if (_attempt > 0)
            {
                _counters.Retransmissions++;
            }
            if (_iface.UdpSendTo(nowMs, _handle, _servers[server], ServerPort, _query, 0, _queryLength))
            {
                _counters.DatagramsSent++;
                _sentAny = true;
                _queriedMask |= 1 << server;
                _deadlineMs = nowMs + TimeoutMs(_attempt);
            }
            else
            {
                _counters.SendFailures++;
                _deadlineMs = nowMs; // no route: on to the next attempt
            }
        }

        private long TimeoutMs(int attempt)
        {
            long t = _initialTimeoutMs;
            for (int i = 0; i < attempt && t < _maxTimeoutMs; i++)
            {
                t *= 2; // RFC 1123 §6.1.3.3 (5): exponential backoff with an upper bound
            }
            return t < _maxTimeoutMs ? t : _maxTimeoutMs;
        }

        private void Process(long nowMs, int length, Ipv4Address source, ushort sourcePort)
        {
            int server = QueriedServer(source);
            if (sourcePort != ServerPort || server < 0)
            {
                _counters.IgnoredWrongSource++;
                return;
            }
            if (length > _rx.Length)
            {
                _counters.IgnoredOversized++;
                return;
            }
            DnsPacket packet = new DnsPacket(_rx, 0, length);
            switch (_reader.Match(packet, _id, _query, DnsQuery.NameOffset, _nameLength))
            {
                case DnsResponseMatch.Match:
                    break;
                case DnsResponseMatch.TooShort:
                    _counters.IgnoredTooShort++;
                    return;
                case DnsResponseMatch.WrongId:
                    _counters.IgnoredWrongId++;
                    return;
                case DnsResponseMatch.NotResponse:
                    _counters.IgnoredNotResponse++;
                    return;
                case DnsResponseMatch.WrongOpcode:
                    _counters.IgnoredWrongOpcode++;
                    return;
                default:
                    _counters.IgnoredWrongQuestion++;
                    return;
            }
            _counters.ResponsesAccepted++;
            DnsStatus status = _reader.Read(packet, _query, DnsQuery.NameOffset, _nameLength);
            _rcode = _reader.Rcode;
            _wireStatus = _reader.WireStatus;
            _answeredBy = source;
            if (status == DnsStatus.ServerFailure || status == DnsStatus.NotImplemented || status == DnsStatus.Refused)
            {
                _failedMask |= 1 << server;
                _serverError = status;
                int all = (1 << _serverCount) - 1;
                if ((_failedMask & all) != all && _attempt + 1 < _attempts)
                {
                    // RFC 1034 §5.3.3 step 4d: a server failure sends the query to the next server.
                    _counters.ServerFailovers++;
                    _deadlineMs = nowMs;
                    return;
                }
                Finish(status);
                return;
            }
            if (status == DnsStatus.Resolved)
            {
                _addressCount = _reader.CopyAddresses(_addresses, 0);
                _ttl = _reader.TtlSeconds;
                _cnameCount = _reader.CnameCount;
                _cache.Store(nowMs, _query, DnsQuery.NameOffset, _nameLength, _addresses, _addressCount, _ttl);
            }
            else
            {
                _cnameCount = _reader.CnameCount;
            }
            Finish(status);
        }

        private int QueriedServer(Ipv4Address source)
        {
            for (int i = 0; i < _serverCount; i++)
            {
                if ((_queriedMask & (1 << i)) != 0 && _servers[i] == source)
                {
                    return i;
                }
            }
            return -1;
        }

        private DnsStatus FinalFailure()
        {
            if (_serverError != DnsStatus.None)
            {
                return _serverError;
            }
            if (!_sentAny)
            {
                return DnsStatus.NoRoute;
            }
            return _endedByIcmp ? DnsStatus.Unreachable : DnsStatus.TimedOut;
        }

        private void Finish(DnsStatus status)
        {
            _status = status;
            if (_handle >= 0)
            {
                _iface.UdpClose(_handle);
                _handle = -1;
            }
        }
    }
}
