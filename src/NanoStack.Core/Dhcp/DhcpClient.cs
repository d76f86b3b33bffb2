using System;
using System.Diagnostics;
using NanoStack.Iface;
using NanoStack.Sockets;
using NanoStack.Wire;

namespace NanoStack.Dhcp
{
    /// <summary>
    /// The DHCP client of RFC 2131 §4.4 for one <see cref="Interface"/>: it obtains a lease,
    /// configures the interface with it, renews and rebinds it, and starts again when it is lost.
    ///
    /// Implementation notes
    /// - Poll, don't call back (DESIGN.md principles 6 and 10): <see cref="Poll"/> reads the
    ///   datagrams the interface queued on UDP port 68, runs the timers and sends what is due;
    ///   <see cref="PollAt"/> gives the next deadline. The application calls them next to
    ///   <see cref="Interface.Poll"/> and reads <see cref="State"/>, <see cref="LastError"/>,
    ///   <see cref="LeaseChanges"/> and the lease properties.
    /// - Memory: one message buffer of <see cref="DhcpLimits.MessageBufferSize"/> bytes (576 by
    ///   default, see there for the RFC 2131 §2 arithmetic) and a 4-byte entropy scratch,
    ///   allocated in the constructor; received messages are parsed in it and replies are emitted
    ///   into it after the fields needed are copied out. Nothing is allocated afterwards.
    /// - Before an address is configured the interface sends from 0.0.0.0 and delivers UDP
    ///   datagrams for port 68 whatever their IP destination (broadcast, or unicast to the offered
    ///   address as many servers send), so the broadcast bit stays clear (RFC 2131 §4.1: a client
    ///   that can receive unicast before configuration SHOULD clear it). <see cref="Start"/> clears
    ///   the interface's address: the client owns it from then on.
    /// - Transactions: one random xid per exchange, kept by its retransmissions. DISCOVER and the
    ///   REQUEST that follows an OFFER share it (RFC 2131 §4.4.1); a renewal draws one at T1 and
    ///   keeps it into REBINDING, so a late ACK to the unicast REQUEST is still taken after T2.
    /// - Retransmission (RFC 2131 §4.1): in SELECTING and REQUESTING the waits are 4, 8, 16, 32,
    ///   64 s, each randomised by a uniform −1..+1 s, for <see cref="DhcpLimits.MaxTransmissions"/>
    ///   messages. SELECTING then gives up (<see cref="DhcpError.NoOffer"/>) and starts again
    ///   from INIT after <see cref="DhcpLimits.RestartDelayMs"/>; REQUESTING gives up
    ///   (<see cref="DhcpError.NoAck"/>) to INIT and discovers at once (§4.4.1). In RENEWING and
    ///   REBINDING the wait is half the time left until T2 or the lease's end, at least 60 s
    ///   (§4.4.5), and never past T2 or the end.
    /// - The lease runs from the first REQUEST sent with the ACK's xid (§4.4.1: "the time at which
    ///   the original request was sent"; in a renewal that is the first unicast REQUEST). T1
    ///   and T2 come from options 58/59 when they are consistent (0 &lt; T1 &lt; T2 &lt; lease),
    ///   else the defaults 0.5 and 0.875 × lease (§4.4.5); an infinite lease (RFC 2132 §9.2)
    ///   has no timers.
    /// - Selection: the first usable OFFER is taken (§4.4.1 lets the client choose). A usable
    ///   offer has a unicast yiaddr that is neither the network nor the broadcast address of its
    ///   subnet, a contiguous mask, and a server identifier. No mask option: the classful mask of
    ///   the address. A router that is not on the leased subnet is not configured.
    /// - NAK: back to INIT with the address cleared (§4.4.5); a new DISCOVER goes out at once,
    ///   except after <see cref="NaksBeforePause"/> NAKs in a row without a lease, where the
    ///   client waits <see cref="DhcpLimits.RestartDelayMs"/> (a server that NAKs everything does
    ///   not make it loop at network speed).
    /// - Not implemented: INIT-REBOOT (no lease is kept across restarts), the ARP check of the
    ///   offered address and DHCPDECLINE (§4.4.1 SHOULD; the interface has no ARP probe),
    ///   DHCPINFORM, option overload (52) and RFC 3396 long options (<see cref="DhcpRepr"/>),
    ///   DHCPFORCERENEW (RFC 3203), host name (12) and the maximum message size option (57).
    /// </summary>
    public sealed class DhcpClient
    {
        /// <summary>The client's UDP port (RFC 2131 §4.1).</summary>
        public const ushort ClientPort = 68;

        /// <summary>The server's UDP port (RFC 2131 §4.1).</summary>
        public const ushort ServerPort = 67;

        /// <summary>RFC 2131 §4.1: the wait before the first retransmission.</summary>
        public const int FirstRetransmitMs = 4000;

        /// <summary>RFC 2131 §4.1: the wait doubles up to 64 s.</summary>
        public const int MaxRetransmitMs = 64000;

        /// <summary>RFC 2131 §4.1: each wait is randomised by a uniform number in −1..+1 s.</summary>
        public const int RetransmitJitterMs = 1000;

        /// <summary>RFC 2131 §4.4.5: the shortest wait between REQUESTs in RENEWING and REBINDING.</summary>
        public const int MinRenewRetransmitMs = 60000;

        /// <summary>NAKs in a row, without a lease in between, after which INIT pauses.</summary>
        public const int NaksBeforePause = 3;

        private const long Never = long.MaxValue;

        private readonly Interface _iface;
        private readonly IEntropySource _entropy;
        private readonly DhcpLimits _limits;
        private readonly MacAddress _mac;
        private readonly byte[] _buffer;
        private readonly byte[] _random = new byte[4];
        private readonly DhcpCounters _counters = new DhcpCounters();

        private int _socket = -1;
        private DhcpState _state;
        private DhcpError _error;
        private uint _xid;
        private long _deadline = Never;
        private int _transmissions;
        private long _exchangeStartMs;
        private long _requestSentMs;
        private bool _requestSent;
        private int _naksInARow;

        // The offer being requested (REQUESTING).
        private Ipv4Address _offered;
        private Ipv4Address _offerServer;

        // The lease (BOUND, RENEWING, REBINDING).
        private Ipv4Address _address;
        private Ipv4Address _mask;
        private int _prefixLength;
        private Ipv4Address _router;
        private Ipv4Address _dns1;
        private Ipv4Address _dns2;
        private Ipv4Address _server;
        private uint _leaseSeconds;
        private uint _t1Seconds;
        private uint _t2Seconds;
        private long _leaseStartMs;
        private long _t1Ms = Never;
        private long _t2Ms = Never;
        private long _expiryMs = Never;
        private int _leaseChanges;

        /// <summary>
        /// A client for <paramref name="iface"/> (whose MAC address is the client's chaddr and
        /// identifier); allocates its message buffer. Nothing is sent before <see cref="Start"/>.
        /// </summary>
        public DhcpClient(Interface iface, IEntropySource entropy, DhcpLimits limits)
        {
            if (iface == null)
            {
                throw new ArgumentNullException("iface");
            }
            if (entropy == null)
            {
                throw new ArgumentNullException("entropy");
            }
            if (limits == null)
            {
                throw new ArgumentNullException("limits");
            }
            limits.Validate();
            if (iface.Limits.UdpReceiveBufferSize < UdpSocket.RecordHeaderLength + DhcpLimits.MinMessageBufferSize)
            {
                throw new ArgumentException("StackLimits.UdpReceiveBufferSize must queue one 548-byte DHCP message (556 bytes)", "iface");
            }
            _iface = iface;
            _entropy = entropy;
            _limits = limits;
            _mac = iface.MacAddress;
            _buffer = new byte[limits.MessageBufferSize];
        }

        public DhcpState State { get { return _state; } }

        /// <summary>The most recent failure; cleared by <see cref="Start"/>.</summary>
        public DhcpError LastError { get { return _error; } }

        public DhcpCounters Counters { get { return _counters; } }

        public DhcpLimits Limits { get { return _limits; } }

        /// <summary>The xid of the current (or last) exchange.</summary>
        public uint TransactionId { get { return _xid; } }

        /// <summary>True in BOUND, RENEWING and REBINDING: the interface carries the lease.</summary>
        public bool HasLease
        {
            get { return _state == DhcpState.Bound || _state == DhcpState.Renewing || _state == DhcpState.Rebinding; }
        }

        /// <summary>
        /// Counts changes of the configuration the lease gives (address, mask, router, DNS
        /// servers): obtained, changed by an ACK, or lost. Poll it and compare with the value
        /// you last saw. A renewal that only extends the times does not count.
        /// </summary>
        public int LeaseChanges { get { return _leaseChanges; } }

        /// <summary>The leased address; Any without a lease.</summary>
        public Ipv4Address Address { get { return _address; } }

        public Ipv4Address SubnetMask { get { return _mask; } }

        public int PrefixLength { get { return _prefixLength; } }

        /// <summary>The default router (option 3, first entry, when on the leased subnet); Any: none.</summary>
        public Ipv4Address Router { get { return _router; } }

        /// <summary>The first DNS server (option 6); Any: none.</summary>
        public Ipv4Address DnsServer1 { get { return _dns1; } }

        /// <summary>The second DNS server; Any: none.</summary>
        public Ipv4Address DnsServer2 { get { return _dns2; } }

        /// <summary>DNS servers known (0, 1 or 2).</summary>
        public int DnsServerCount
        {
            get { return (_dns1.IsUnspecified ? 0 : 1) + (_dns2.IsUnspecified ? 0 : 1); }
        }

        /// <summary>The server that granted the lease (option 54).</summary>
        public Ipv4Address ServerIdentifier { get { return _server; } }

        /// <summary>Lease duration in seconds (<see cref="DhcpOption.InfiniteLease"/>: infinite); 0 without a lease.</summary>
        public uint LeaseSeconds { get { return _leaseSeconds; } }

        /// <summary>T1 in seconds from the lease's start.</summary>
        public uint RenewalSeconds { get { return _t1Seconds; } }

        /// <summary>T2 in seconds from the lease's start.</summary>
        public uint RebindingSeconds { get { return _t2Seconds; } }

        /// <summary>When the lease started (the first transmission of the REQUEST the ACK answered).</summary>
        public long LeaseStartMs { get { return _leaseStartMs; } }

        /// <summary>When RENEWING begins (T1); long.MaxValue for an infinite lease or none.</summary>
        public long RenewAtMs { get { return _t1Ms; } }

        /// <summary>When REBINDING begins (T2); long.MaxValue for an infinite lease or none.</summary>
        public long RebindAtMs { get { return _t2Ms; } }

        /// <summary>When the lease ends; long.MaxValue for an infinite lease or none.</summary>
        public long LeaseExpiresMs { get { return _expiryMs; } }

        // ================================================================== API

        /// <summary>
        /// Binds UDP port 68, clears the interface's address and enters INIT; the first DISCOVER
        /// goes out on the next <see cref="Poll"/> (after a random delay when
        /// <see cref="DhcpLimits.StartDelayMaxMs"/> is set). Returns false, with
        /// <see cref="LastError"/> = <see cref="DhcpError.NoSocket"/>, when the port cannot be bound.
        /// Throws <see cref="InvalidOperationException"/> when already started.
        /// </summary>
        public bool Start(long nowMs)
        {
            if (_state != DhcpState.Stopped)
            {
                throw new InvalidOperationException("the DHCP client is already started");
            }
            _error = DhcpError.None;
            _socket = _iface.UdpOpen(ClientPort);
            if (_socket < 0)
            {
                _error = DhcpError.NoSocket;
                return false;
            }
            _iface.SetAddress(Ipv4Address.Any, 0, Ipv4Address.Any);
            _naksInARow = 0;
            long delay = 0;
            if (_limits.StartDelayMaxMs > 0)
            {
                delay = RandomUInt() % (uint)(_limits.StartDelayMaxMs + 1);
            }
            EnterInit(nowMs + delay);
            return true;
        }

        /// <summary>
        /// Stops without telling the server: clears the interface's address if a lease was
        /// configured, closes the socket, enters <see cref="DhcpState.Stopped"/>. No-op when stopped.
        /// </summary>
        public void Stop()
        {
            if (_state == DhcpState.Stopped)
            {
                return;
            }
            ClearLease();
            _iface.UdpClose(_socket);
            _socket = -1;
            _deadline = Never;
            SetState(DhcpState.Stopped);
        }

        /// <summary>
        /// Gives the lease back: when one is held, sends DHCPRELEASE to the server that granted it
        /// (RFC 2131 §4.4.6: unicast, ciaddr and server identifier set), then <see cref="Stop"/>.
        /// </summary>
        public void Release(long nowMs)
        {
            if (HasLease)
            {
                _xid = RandomUInt();
                DhcpRepr m = ClientMessage(DhcpMessageType.Release);
                m.ParameterRequestList = false; // secs stays 0 (RFC 2131 Table 5)
                m.ClientAddress = _address;
                m.ServerIdentifier = _server;
                Send(nowMs, _server, ref m);
            }
            Stop();
        }

        /// <summary>
        /// Reads the datagrams waiting on port 68, runs the timers and sends what is due. Returns
        /// true when anything happened (call again before sleeping).
        /// </summary>
        public bool Poll(long nowMs)
        {
            if (_state == DhcpState.Stopped)
            {
                return false;
            }
            bool progress = false;
            UdpSocket socket = _iface.GetUdp(_socket);
            while (socket.CanReceive)
            {
                Ipv4Address source;
                ushort sourcePort;
                int n = socket.ReceiveFrom(_buffer, 0, _buffer.Length, out source, out sourcePort);
                progress = true;
                Process(nowMs, n, source, sourcePort);
            }
            // A timer may lead straight to another (a lease found expired on a late poll goes to
            // INIT, which discovers at once): a few rounds, each of which moves a deadline on.
            for (int i = 0; i < 4 && RunTimers(nowMs); i++)
            {
                progress = true;
            }
            return progress;
        }

        /// <summary>The next time <see cref="Poll"/> has work: now or later, long.MaxValue when stopped.</summary>
        public long PollAt(long nowMs)
        {
            if (_state == DhcpState.Stopped)
            {
                return Never;
            }
            if (_iface.GetUdp(_socket).CanReceive)
            {
                return nowMs;
            }
            return _deadline < nowMs ? nowMs : _deadline;
        }

        // ================================================================== ingress

        private void Process(long nowMs, int length, Ipv4Address source, ushort sourcePort)
        {
            _counters.Received++;
            if (length > _buffer.Length)
            {
                _counters.Malformed++; // the tail was discarded by the socket
                return;
            }
            DhcpRepr m;
            WireStatus status = DhcpRepr.TryParse(new DhcpPacket(_buffer, 0, length), out m);
            if (status == WireStatus.Unsupported)
            {
                _counters.Unsupported++;
                return;
            }
            if (status != WireStatus.Ok)
            {
                _counters.Malformed++;
                return;
            }
            if (m.Op != DhcpPacket.OpBootReply || sourcePort != ServerPort)
            {
                _counters.NotForUs++;
                return;
            }
            if (m.TransactionId != _xid)
            {
                _counters.WrongXid++; // RFC 2131 §4.4.1: replies must match the xid
                return;
            }
            if (m.ClientHardwareAddress != _mac)
            {
                _counters.WrongClientHardwareAddress++;
                return;
            }
            // RFC 2131 §4.4, figure 5: which message moves which state.
            switch (_state)
            {
                case DhcpState.Selecting:
                    if (m.MessageType == DhcpMessageType.Offer)
                    {
                        ProcessOffer(nowMs, ref m);
                        return;
                    }
                    break;
                case DhcpState.Requesting:
                case DhcpState.Renewing:
                case DhcpState.Rebinding:
                    if (m.MessageType == DhcpMessageType.Ack)
                    {
                        ProcessAck(nowMs, ref m, source);
                        return;
                    }
                    if (m.MessageType == DhcpMessageType.Nak)
                    {
                        ProcessNak(nowMs, ref m);
                        return;
                    }
                    break;
            }
            _counters.Unexpected++;
        }

        private void ProcessOffer(long nowMs, ref DhcpRepr m)
        {
            // RFC 2131 §4.3.1 Table 3: an OFFER MUST carry the server identifier, which the
            // REQUEST names (§4.4.1).
            if (!m.ServerIdentifier.IsUnicast || !IsUsable(m.YourAddress, m.SubnetMask))
            {
                _counters.Unusable++;
                return;
            }
            _counters.Offers++;
            _offered = m.YourAddress;
            _offerServer = m.ServerIdentifier;
            // RFC 2131 §4.4.1: SELECTING → REQUESTING, REQUEST broadcast with the OFFER's xid.
            SetState(DhcpState.Requesting);
            _transmissions = 0;
            SendRequest(nowMs);
        }

        private void ProcessAck(long nowMs, ref DhcpRepr m, Ipv4Address source)
        {
            Ipv4Address expected = _state == DhcpState.Requesting ? _offerServer
                                 : _state == DhcpState.Renewing ? _server : Ipv4Address.Any;
            if (!expected.IsUnspecified && !m.ServerIdentifier.IsUnspecified && m.ServerIdentifier != expected)
            {
                _counters.Unexpected++; // an answer to a REQUEST addressed to another server
                return;
            }
            // RFC 2131 §4.3.1 Table 3: an ACK carries the lease time; yiaddr is the address.
            if (m.LeaseSeconds == 0 || !IsUsable(m.YourAddress, m.SubnetMask)
                || (_state == DhcpState.Requesting && m.YourAddress != _offered))
            {
                _counters.Unusable++;
                return;
            }
            _counters.Acks++;
            Ipv4Address server = m.ServerIdentifier.IsUnicast ? m.ServerIdentifier : source;
            Bind(nowMs, ref m, server);
        }

        private void ProcessNak(long nowMs, ref DhcpRepr m)
        {
            Ipv4Address expected = _state == DhcpState.Requesting ? _offerServer
                                 : _state == DhcpState.Renewing ? _server : Ipv4Address.Any;
            if (!expected.IsUnspecified && !m.ServerIdentifier.IsUnspecified && m.ServerIdentifier != expected)
            {
                _counters.Unexpected++;
                return;
            }
            // RFC 2131 §4.4.1 (REQUESTING) and §4.4.5 (RENEWING, REBINDING): on DHCPNAK the client
            // stops using the address and returns to INIT.
            _counters.Naks++;
            _error = DhcpError.Nak;
            ClearLease();
            _naksInARow++;
            EnterInit(_naksInARow >= NaksBeforePause ? nowMs + _limits.RestartDelayMs : nowMs);
        }

        // ================================================================== lease

        private void Bind(long nowMs, ref DhcpRepr m, Ipv4Address server)
        {
            Ipv4Address address = m.YourAddress;
            int prefix = m.SubnetMask.IsUnspecified ? ClassfulPrefix(address) : Ipv4Address.MaskToPrefix(m.SubnetMask);
            Ipv4Address mask = Ipv4Address.PrefixToMask(prefix);
            Ipv4Address router = m.Router;
            if (!router.IsUnicast || router == address || !router.IsInSameSubnet(address, mask))
            {
                router = Ipv4Address.Any; // not reachable on the link: no default route
            }
            Ipv4Address dns1 = m.DnsServer1.IsUnicast ? m.DnsServer1 : Ipv4Address.Any;
            Ipv4Address dns2 = m.DnsServer2.IsUnicast ? m.DnsServer2 : Ipv4Address.Any;
            if (dns1.IsUnspecified)
            {
                dns1 = dns2;
                dns2 = Ipv4Address.Any;
            }
            bool changed = !HasLease || address != _address || prefix != _prefixLength || router != _router
                || dns1 != _dns1 || dns2 != _dns2;

            // RFC 2131 §4.4.5: T1 defaults to 0.5 × lease, T2 to 0.875 × lease; the server's
            // values are used when they are in order.
            uint lease = m.LeaseSeconds;
            uint t2 = m.RebindingSeconds;
            if (t2 == 0 || t2 >= lease)
            {
                t2 = (uint)(lease * 7UL / 8);
            }
            uint t1 = m.RenewalSeconds;
            if (t1 == 0 || t1 >= t2)
            {
                t1 = (uint)(t2 * 4UL / 7); // 0.5 × lease when T2 is the default
            }
            _address = address;
            _prefixLength = prefix;
            _mask = mask;
            _router = router;
            _dns1 = dns1;
            _dns2 = dns2;
            _server = server;
            _leaseSeconds = lease;
            _t1Seconds = t1;
            _t2Seconds = t2;
            // RFC 2131 §4.4.1: the lease counts from the time the request was sent.
            _leaseStartMs = _requestSentMs;
            if (lease == DhcpOption.InfiniteLease)
            {
                _t1Ms = Never;
                _t2Ms = Never;
                _expiryMs = Never;
            }
            else
            {
                _t1Ms = _leaseStartMs + t1 * 1000L;
                _t2Ms = _leaseStartMs + t2 * 1000L;
                _expiryMs = _leaseStartMs + lease * 1000L;
            }
            _iface.SetAddress(address, prefix, router);
            if (changed)
            {
                _leaseChanges++;
            }
            _naksInARow = 0;
            _transmissions = 0;
            SetState(DhcpState.Bound);
            _deadline = _t1Ms;
        }

        private void ClearLease()
        {
            if (HasLease)
            {
                _iface.SetAddress(Ipv4Address.Any, 0, Ipv4Address.Any);
                _leaseChanges++;
            }
            _address = Ipv4Address.Any;
            _mask = Ipv4Address.Any;
            _prefixLength = 0;
            _router = Ipv4Address.Any;
            _dns1 = Ipv4Address.Any;
            _dns2 = Ipv4Address.Any;
            _server = Ipv4Address.Any;
            _leaseSeconds = 0;
            _t1Seconds = 0;
            _t2Seconds = 0;
            _leaseStartMs = 0;
            _t1Ms = Never;
            _t2Ms = Never;
            _expiryMs = Never;
        }

        // A host address we can configure: unicast, not loopback, a contiguous mask (or none: the
        // classful one), not the network or broadcast address of its subnet (RFC 1122 §3.2.1.3).
        private static bool IsUsable(Ipv4Address address, Ipv4Address maskOption)
        {
            if (!address.IsUnicast || address.IsLoopback)
            {
                return false;
            }
            int prefix = maskOption.IsUnspecified ? ClassfulPrefix(address) : Ipv4Address.MaskToPrefix(maskOption);
            if (prefix < 0)
            {
                return false;
            }
            if (prefix < 31)
            {
                Ipv4Address mask = Ipv4Address.PrefixToMask(prefix);
                if (address == address.Network(mask) || address == address.SubnetBroadcast(mask))
                {
                    return false;
                }
            }
            return true;
        }

        // RFC 791 §2.3 address classes: A /8, B /16, C /24 (the mask when the server sends none).
        private static int ClassfulPrefix(Ipv4Address address)
        {
            uint v = address.Value;
            if ((v & 0x80000000u) == 0)
            {
                return 8;
            }
            if ((v & 0xC0000000u) == 0x80000000u)
            {
                return 16;
            }
            return 24;
        }

        // ================================================================== timers and egress

        private void EnterInit(long discoverAtMs)
        {
            SetState(DhcpState.Init);
            _transmissions = 0;
            _deadline = discoverAtMs;
        }

        // Runs the timer that is due, if any; true when one was.
        private bool RunTimers(long nowMs)
        {
            if (nowMs < _deadline)
            {
                return false;
            }
            switch (_state)
            {
                case DhcpState.Init:
                    // RFC 2131 §4.4.1: INIT → SELECTING with a new transaction.
                    _xid = RandomUInt();
                    _requestSent = false;
                    _exchangeStartMs = nowMs;
                    _transmissions = 0;
                    SetState(DhcpState.Selecting);
                    SendDiscover(nowMs);
                    return true;
                case DhcpState.Selecting:
                    if (_transmissions >= _limits.MaxTransmissions)
                    {
                        _error = DhcpError.NoOffer;
                        EnterInit(nowMs + _limits.RestartDelayMs);
                        return true;
                    }
                    SendDiscover(nowMs);
                    return true;
                case DhcpState.Requesting:
                    if (_transmissions >= _limits.MaxTransmissions)
                    {
                        // RFC 2131 §4.4.1: neither ACK nor NAK: back to INIT and start again.
                        _error = DhcpError.NoAck;
                        EnterInit(nowMs);
                        return true;
                    }
                    SendRequest(nowMs);
                    return true;
                case DhcpState.Bound:
                case DhcpState.Renewing:
                case DhcpState.Rebinding:
                    if (nowMs >= _expiryMs)
                    {
                        // RFC 2131 §4.4.5: the lease expired: stop using the address, go to INIT.
                        _error = DhcpError.LeaseExpired;
                        ClearLease();
                        EnterInit(nowMs);
                        return true;
                    }
                    if (_state == DhcpState.Bound)
                    {
                        _xid = RandomUInt();
                        _requestSent = false;
                        _exchangeStartMs = nowMs;
                    }
                    if (nowMs >= _t2Ms && _state != DhcpState.Rebinding)
                    {
                        SetState(DhcpState.Rebinding); // RFC 2131 §4.4.5: T2 expired
                        _transmissions = 0;
                    }
                    else if (_state == DhcpState.Bound)
                    {
                        SetState(DhcpState.Renewing); // RFC 2131 §4.4.5: T1 expired
                        _transmissions = 0;
                    }
                    SendRequest(nowMs);
                    return true;
                default:
                    _deadline = Never;
                    return false;
            }
        }

        private void SendDiscover(long nowMs)
        {
            DhcpRepr m = ClientMessage(DhcpMessageType.Discover);
            m.Seconds = SecondsSince(nowMs);
            // RFC 2131 §4.1 and §4.4.1: DISCOVER is broadcast from 0.0.0.0.
            Send(nowMs, Ipv4Address.Broadcast, ref m);
            _deadline = nowMs + Backoff();
        }

        // REQUEST as RFC 2131 §4.3.2 describes it per state: SELECTING's answer names the server
        // and the address, broadcast; RENEWING unicasts to the server with ciaddr; REBINDING
        // broadcasts with ciaddr.
        private void SendRequest(long nowMs)
        {
            DhcpRepr m = ClientMessage(DhcpMessageType.Request);
            m.Seconds = SecondsSince(nowMs);
            if (!_requestSent)
            {
                _requestSent = true; // the first REQUEST of this xid: where a lease would start
                _requestSentMs = nowMs;
            }
            if (_state == DhcpState.Requesting)
            {
                m.RequestedAddress = _offered;     // MUST: 'requested IP address'
                m.ServerIdentifier = _offerServer; // MUST: 'server identifier'
                Send(nowMs, Ipv4Address.Broadcast, ref m);
                _deadline = nowMs + Backoff();
                return;
            }
            m.ClientAddress = _address; // MUST NOT carry options 50 and 54 (§4.3.2 RENEWING/REBINDING)
            long end;
            if (_state == DhcpState.Renewing)
            {
                Send(nowMs, _server, ref m);
                end = _t2Ms;
            }
            else
            {
                Send(nowMs, Ipv4Address.Broadcast, ref m);
                end = _expiryMs;
            }
            // RFC 2131 §4.4.5: wait half the time left, at least 60 s, never past T2 / the end.
            long wait = (end - nowMs) / 2;
            if (wait < MinRenewRetransmitMs)
            {
                wait = MinRenewRetransmitMs;
            }
            long next = nowMs + wait;
            _deadline = next < end ? next : end;
        }

        // What every message from this client carries (RFC 2131 §4.4.1, Table 5).
        private DhcpRepr ClientMessage(byte type)
        {
            DhcpRepr m = new DhcpRepr();
            m.Op = DhcpPacket.OpBootRequest;
            m.TransactionId = _xid;
            m.ClientHardwareAddress = _mac;
            m.MessageType = type;
            m.ClientIdentifier = true;      // RFC 2132 §9.14: type 1 + MAC
            m.ParameterRequestList = true;  // RFC 2132 §9.8: 1, 3, 6, 51, 54, 58, 59
            return m;
        }

        private void Send(long nowMs, Ipv4Address destination, ref DhcpRepr m)
        {
            int length = m.BufferLength;
            m.Emit(new DhcpPacket(_buffer, 0, length));
            _counters.Sent++;
            if (m.MessageType != DhcpMessageType.Release)
            {
                if (_transmissions > 0)
                {
                    _counters.Retransmissions++;
                }
                _transmissions++;
            }
            if (!_iface.UdpSendTo(nowMs, _socket, destination, ServerPort, _buffer, 0, length))
            {
                _counters.SendFailures++; // the retransmission timer covers it like a loss
            }
        }

        // RFC 2131 §4.1: 4 s before the first retransmission, doubling up to 64 s, each ±1 s.
        private long Backoff()
        {
            int shift = _transmissions - 1;
            long wait = shift >= 4 ? MaxRetransmitMs : (long)FirstRetransmitMs << shift;
            int jitter = (int)(RandomUInt() % (2 * RetransmitJitterMs + 1)) - RetransmitJitterMs;
            return wait + jitter;
        }

        // RFC 2131 §2: secs, the seconds since the acquisition or renewal began.
        private ushort SecondsSince(long nowMs)
        {
            long s = (nowMs - _exchangeStartMs) / 1000;
            return s > 0xFFFF ? (ushort)0xFFFF : (ushort)s;
        }

        private uint RandomUInt()
        {
            _entropy.GetBytes(_random, 0, 4);
            return BigEndian.ReadUInt32(_random, 0);
        }

        private void SetState(DhcpState next)
        {
            if (next == _state)
            {
                return;
            }
            Trace(_state, next);
            _state = next;
        }

        [Conditional("NANOSTACK_TRACE")]
        private void Trace(DhcpState from, DhcpState to)
        {
            Debug.WriteLine(string.Concat("dhcp: ", StateName(from), " -> ", StateName(to)));
        }

        /// <summary>The RFC 2131 name of a state (INIT, SELECTING, …; STOPPED for ours).</summary>
        public static string StateName(DhcpState state)
        {
            switch (state)
            {
                case DhcpState.Init: return "INIT";
                case DhcpState.Selecting: return "SELECTING";
                case DhcpState.Requesting: return "REQUESTING";
                case DhcpState.Bound: return "BOUND";
                case DhcpState.Renewing: return "RENEWING";
                case DhcpState.Rebinding: return "REBINDING";
                default: return "STOPPED";
            }
        }
    }
}
