using NanoStack.Link;
using NanoStack.Sockets;
using NanoStack.Wire;

namespace NanoStack.Iface
{
    /// <summary>
    /// One IPv4 interface over an Ethernet-framed <see cref="ILink"/>: ARP, routing (on-link
    /// subnet plus a default gateway), demultiplexing to fixed tables of TCP and UDP sockets
    /// addressed by <c>int</c> handles, ICMP echo and errors, and the poll loop.
    ///
    /// Implementation notes
    /// - Everything is allocated in the constructor from <see cref="StackLimits"/>: one receive
    ///   frame, one transmit frame, one held frame per ARP entry, the socket tables and their
    ///   rings. Worst case with the defaults: 1514 × (2 + 4) frames + 2 × (2920 + 2920) TCP rings
    ///   + 2 × 1024 UDP rings = 22,812 bytes (<see cref="StackLimits.TotalBufferBytes"/>); the
    ///   objects around them are measured by a host test (README, "Memory").
    /// - Time is a parameter (DESIGN.md principle 6): <see cref="Poll"/> takes <c>nowMs</c> and
    ///   <see cref="PollAt"/> returns the next deadline so the main loop can sleep.
    /// - IPv4 fragments are dropped and counted (<see cref="InterfaceCounters.DroppedFragments"/>):
    ///   a reassembly buffer would cost a frame-sized buffer per datagram in flight, and TCP
    ///   never needs it (our MSS keeps segments under the MTU and we set DF).
    /// - IP options are ignored on input (the header length is honoured) and never sent.
    /// - TCP listeners: a SYN for a socket in LISTEN takes a free socket from the table, which
    ///   becomes the connection (SYN-RECEIVED) with the listener's options, timeouts included
    ///   (<see cref="TcpSocket.CopyOptions"/>); the listener keeps listening. At most
    ///   <see cref="StackLimits.TcpListenBacklog"/> such connections may wait for
    ///   <see cref="TcpAccept"/>; more SYNs are dropped and counted (the peer retries).
    /// - A segment that matches no socket is answered with RST (RFC 9293 §3.10.7.1); segments to
    ///   or from broadcast and multicast addresses are dropped (§3.10.7.2).
    /// - UDP to a port nobody listens on is answered with ICMP port unreachable, at most
    ///   <see cref="IcmpErrorsPerSecond"/> per second (RFC 1812 §4.3.2.8), never for broadcast.
    /// </summary>
    public sealed class Interface
    {
        /// <summary>ICMP error messages sent per second at most.</summary>
        public const int IcmpErrorsPerSecond = 10;

        /// <summary>Frames processed per <see cref="Poll"/> call at most, so deadlines stay timely.</summary>
        public const int MaxFramesPerPoll = 64;

        /// <summary>Segments one TCP socket may emit per <see cref="Poll"/> call at most.</summary>
        public const int MaxSegmentsPerSocket = 64;

        private const ushort EphemeralFirst = 49152; // RFC 6335 §6 dynamic ports
        private const int EphemeralCount = 16384;

        private readonly StackLimits _limits;
        private readonly ILink _link;
        private readonly IEntropySource _entropy;
        private readonly byte[] _rxFrame;
        private readonly byte[] _txFrame;
        private readonly byte[] _scratch = new byte[4];
        private readonly ArpCache _arp;
        private readonly TcpIsnGenerator _isn;
        private readonly TcpSocket[] _tcp;
        private readonly bool[] _tcpUsed;
        private readonly int[] _tcpListener;
        private readonly bool[] _tcpAccepted;
        private readonly bool[] _tcpReleaseWhenClosed;
        private readonly UdpSocket[] _udp;
        private readonly InterfaceCounters _counters = new InterfaceCounters();

        private Ipv4Address _address;
        private Ipv4Address _mask;
        private Ipv4Address _gateway;
        private int _prefixLength;
        private ushort _ipId;
        private long _icmpWindowMs = long.MinValue / 2;
        private int _icmpErrorsInWindow;

        // One outstanding ping and its reply.
        private ushort _pingId;
        private ushort _pingSeq;
        private long _pingSentMs;
        private bool _pingReplied;
        private long _pingRttMs;
        private Ipv4Address _pingFrom;

        public Interface(StackLimits limits, ILink link, MacAddress mac, IEntropySource entropy)
        {
            if (limits == null)
            {
                throw new System.ArgumentNullException("limits");
            }
            if (link == null)
            {
                throw new System.ArgumentNullException("link");
            }
            if (entropy == null)
            {
                throw new System.ArgumentNullException("entropy");
            }
            limits.Validate();
            _limits = limits;
            _link = link;
            _entropy = entropy;
            MacAddress = mac;
            int frame = limits.FrameBufferSize;
            _rxFrame = new byte[frame];
            _txFrame = new byte[frame];
            _arp = new ArpCache(limits.ArpCacheEntries, frame, limits.ArpHeldFrameSlots);
            _isn = new TcpIsnGenerator(entropy);
            _tcp = new TcpSocket[limits.MaxTcpSockets];
            _tcpUsed = new bool[limits.MaxTcpSockets];
            _tcpListener = new int[limits.MaxTcpSockets];
            _tcpAccepted = new bool[limits.MaxTcpSockets];
            _tcpReleaseWhenClosed = new bool[limits.MaxTcpSockets];
            for (int i = 0; i < _tcp.Length; i++)
            {
                _tcp[i] = new TcpSocket(limits.TcpReceiveBufferSize, limits.TcpSendBufferSize, limits.TcpMaxGaps, limits.TcpMss, _isn);
                _tcp[i].Id = i;
                _tcpListener[i] = -1;
            }
            _udp = new UdpSocket[limits.MaxUdpSockets];
            for (int i = 0; i < _udp.Length; i++)
            {
                _udp[i] = new UdpSocket(limits.UdpReceiveBufferSize);
            }
            _ipId = (ushort)RandomUInt();
            Ttl = Ipv4Repr.DefaultTtl;
        }

        public MacAddress MacAddress { get; private set; }

        /// <summary>Our address; <see cref="Ipv4Address.Any"/> until configured.</summary>
        public Ipv4Address Address { get { return _address; } }
        public Ipv4Address SubnetMask { get { return _mask; } }
        public int PrefixLength { get { return _prefixLength; } }
        public Ipv4Address Gateway { get { return _gateway; } }

        /// <summary>Time to live of the datagrams we send (RFC 1122 §3.2.1.7: configurable).</summary>
        public byte Ttl;

        public InterfaceCounters Counters { get { return _counters; } }

        public ArpCache ArpCache { get { return _arp; } }

        public StackLimits Limits { get { return _limits; } }

        /// <summary>Configures the address (static, or from a DHCP lease); gateway Any: none.</summary>
        public void SetAddress(Ipv4Address address, int prefixLength, Ipv4Address gateway)
        {
            if (prefixLength < 0 || prefixLength > 32)
            {
                throw new System.ArgumentOutOfRangeException("prefixLength");
            }
            _address = address;
            _prefixLength = prefixLength;
            _mask = Ipv4Address.PrefixToMask(prefixLength);
            _gateway = gateway;
        }

        // ================================================================== poll loop

        /// <summary>
        /// Takes in the frames the link has, runs the timers and sends what is due. Returns true
        /// when anything happened (call again before sleeping).
        /// </summary>
        public bool Poll(long nowMs)
        {
            bool progress = false;
            for (int i = 0; i < MaxFramesPerPoll; i++)
            {
                int n = _link.Receive(_rxFrame, 0, _rxFrame.Length, nowMs);
                if (n <= 0)
                {
                    break;
                }
                progress = true;
                _counters.FramesReceived++;
                Ingress(nowMs, n);
            }
            int dropped = 0;
            while (true)
            {
                Ipv4Address retry = _arp.NextRetry(nowMs, ref dropped);
                if (retry.IsUnspecified)
                {
                    break;
                }
                SendArpRequest(nowMs, retry);
                progress = true;
            }
            _counters.DroppedArpPending += dropped;
            for (int h = 0; h < _tcp.Length; h++)
            {
                if (!_tcpUsed[h])
                {
                    continue;
                }
                TcpSocket s = _tcp[h];
                for (int k = 0; k < MaxSegmentsPerSocket; k++)
                {
                    TcpRepr seg = new TcpRepr();
                    Ipv4Address src, dst;
                    if (!s.Dispatch(nowMs, ref seg, out src, out dst))
                    {
                        break;
                    }
                    progress = true;
                    EmitTcp(nowMs, s, ref seg, src, dst);
                }
                ReleaseIfDone(h);
            }
            return progress;
        }

        /// <summary>The next time <see cref="Poll"/> has work: now or later, long.MaxValue when idle.</summary>
        public long PollAt(long nowMs)
        {
            long t = _link.PollAt(nowMs);
            long a = _arp.PollAt();
            if (a < t)
            {
                t = a;
            }
            for (int h = 0; h < _tcp.Length; h++)
            {
                if (_tcpUsed[h])
                {
                    long s = _tcp[h].PollAt(nowMs);
                    if (s < t)
                    {
                        t = s;
                    }
                }
            }
            return t < nowMs ? nowMs : t;
        }

        // ================================================================== TCP API

        /// <summary>
        /// Takes a free TCP socket; returns its handle, or −1 when the table is full. With no free
        /// socket, a connection the application has closed and that waits out TIME-WAIT is
        /// reclaimed (the one closest to its end, counted in
        /// <see cref="InterfaceCounters.TcpTimeWaitReclaimed"/>), as lwIP does for its PCBs: a
        /// device with one socket can fetch again at once instead of waiting 2 MSL. The old
        /// connection's 4-tuple is forgotten; a late FIN from that peer is answered with a RST
        /// rather than an ACK (RFC 9293 §3.10.7.1), which closes the peer's LAST-ACK all the same.
        /// The new connection takes a new ephemeral port and ISN, so old segments do not match it.
        /// </summary>
        public int TcpOpen()
        {
            int reclaim = -1;
            for (int h = 0; h < _tcp.Length; h++)
            {
                if (!_tcpUsed[h])
                {
                    return Take(h);
                }
                if (_tcpReleaseWhenClosed[h] && _tcp[h].State == TcpState.TimeWait
                    && (reclaim < 0 || _tcp[h].TimeWaitDeadline < _tcp[reclaim].TimeWaitDeadline))
                {
                    reclaim = h;
                }
            }
            if (reclaim < 0)
            {
                return -1;
            }
            _counters.TcpTimeWaitReclaimed++;
            return Take(reclaim);
        }

        private int Take(int h)
        {
            _tcpUsed[h] = true;
            _tcpListener[h] = -1;
            _tcpAccepted[h] = true;
            _tcpReleaseWhenClosed[h] = false;
            _tcp[h].Reset();
            return h;
        }

        /// <summary>The socket behind a handle (for Send, Receive, State and options).</summary>
        public TcpSocket GetTcp(int handle)
        {
            CheckTcp(handle);
            return _tcp[handle];
        }

        /// <summary>Passive open on <paramref name="port"/> of our address (or any, before configuration).</summary>
        public void TcpListen(int handle, ushort port)
        {
            CheckTcp(handle);
            _tcp[handle].Listen(Ipv4Address.Any, port);
        }

        /// <summary>
        /// Active open from an ephemeral port. Returns <see cref="TcpError.None"/> when the SYN is
        /// on its way, or <see cref="TcpError.HostUnreachable"/> for a broadcast or multicast
        /// destination (RFC 9293 §3.10.7.2) or one with no route.
        /// </summary>
        public TcpError TcpConnect(long nowMs, int handle, Ipv4Address remote, ushort remotePort)
        {
            CheckTcp(handle);
            MacAddress unused;
            if (!IsUnicastDestination(remote) || !Route(nowMs, remote, out unused, false))
            {
                return TcpError.HostUnreachable;
            }
            _tcp[handle].Connect(nowMs, _address, EphemeralPort(remote, remotePort), remote, remotePort);
            return TcpError.None;
        }

        /// <summary>
        /// A connection that arrived on listener <paramref name="listenHandle"/> and reached
        /// ESTABLISHED (or CLOSE-WAIT), or −1. The handle is the application's from then on.
        /// </summary>
        public int TcpAccept(int listenHandle)
        {
            CheckTcp(listenHandle);
            for (int h = 0; h < _tcp.Length; h++)
            {
                if (_tcpUsed[h] && _tcpListener[h] == listenHandle && !_tcpAccepted[h])
                {
                    TcpState st = _tcp[h].State;
                    if (st == TcpState.Established || st == TcpState.CloseWait)
                    {
                        _tcpAccepted[h] = true;
                        _tcpListener[h] = -1;
                        return h;
                    }
                }
            }
            return -1;
        }

        /// <summary>Graceful close; the handle is released once the socket reaches CLOSED
        /// (after TIME-WAIT, or at once if it never connected).</summary>
        public void TcpClose(int handle)
        {
            CheckTcp(handle);
            _tcp[handle].Close();
            _tcpReleaseWhenClosed[handle] = true;
            ReleaseIfDone(handle);
        }

        /// <summary>Abort with RST and release the handle once the RST is sent.</summary>
        public void TcpAbort(int handle)
        {
            CheckTcp(handle);
            _tcp[handle].Abort();
            _tcpReleaseWhenClosed[handle] = true;
        }

        /// <summary>Releases a handle now, whatever the socket's state (no RST is sent).</summary>
        public void TcpRelease(int handle)
        {
            CheckTcp(handle);
            _tcp[handle].Reset();
            _tcpUsed[handle] = false;
            _tcpListener[handle] = -1;
        }

        /// <summary>Handles in use (listeners, connections, waiting children).</summary>
        public int TcpSocketsInUse
        {
            get
            {
                int n = 0;
                for (int h = 0; h < _tcp.Length; h++)
                {
                    if (_tcpUsed[h])
                    {
                        n++;
                    }
                }
                return n;
            }
        }

        private void ReleaseIfDone(int h)
        {
            if (!_tcpUsed[h])
            {
                return;
            }
            TcpSocket s = _tcp[h];
            bool child = _tcpListener[h] >= 0 && !_tcpAccepted[h];
            // A child that went back to LISTEN (RST in SYN-RECEIVED) or closed before accept is
            // freed; an application socket only when it asked for it and the RST/FIN is out.
            if ((child && (s.State == TcpState.Listen || s.State == TcpState.Closed))
                || (_tcpReleaseWhenClosed[h] && s.State == TcpState.Closed && s.PollAt(0) == long.MaxValue))
            {
                s.Reset();
                _tcpUsed[h] = false;
                _tcpListener[h] = -1;
            }
        }

        private void CheckTcp(int handle)
        {
            if (handle < 0 || handle >= _tcp.Length || !_tcpUsed[handle])
            {
                throw new System.ArgumentOutOfRangeException("handle");
            }
        }

        private ushort EphemeralPort(Ipv4Address remote, ushort remotePort)
        {
            // RFC 6056 §3.3.1: random ports; skip ones a socket of ours already uses to that peer.
            for (int attempt = 0; attempt < 64; attempt++)
            {
                ushort port = (ushort)(EphemeralFirst + (int)(RandomUInt() % EphemeralCount));
                bool taken = false;
                for (int h = 0; h < _tcp.Length; h++)
                {
                    TcpSocket s = _tcp[h];
                    if (_tcpUsed[h] && s.State != TcpState.Closed && s.LocalPort == port)
                    {
                        taken = true;
                        break;
                    }
                }
                if (!taken)
                {
                    return port;
                }
            }
            return (ushort)(EphemeralFirst + (int)(RandomUInt() % EphemeralCount));
        }

        // ================================================================== UDP API

        /// <summary>Binds a free UDP socket to <paramref name="port"/> (0: an ephemeral port);
        /// returns its handle, or −1 when the table is full or the port is taken.</summary>
        public int UdpOpen(ushort port)
        {
            if (port == 0)
            {
                port = (ushort)(EphemeralFirst + (int)(RandomUInt() % EphemeralCount));
            }
            int free = -1;
            for (int h = 0; h < _udp.Length; h++)
            {
                if (_udp[h].LocalPort == port)
                {
                    return -1;
                }
                if (free < 0 && !_udp[h].IsBound)
                {
                    free = h;
                }
            }
            if (free >= 0)
            {
                _udp[free].Bind(port);
            }
            return free;
        }

        public UdpSocket GetUdp(int handle)
        {
            if (handle < 0 || handle >= _udp.Length || !_udp[handle].IsBound)
            {
                throw new System.ArgumentOutOfRangeException("handle");
            }
            return _udp[handle];
        }

        public void UdpClose(int handle)
        {
            GetUdp(handle).Unbind();
        }

        /// <summary>
        /// Sends one datagram now (or holds it while ARP resolves the next hop). Source address is
        /// ours, or 0.0.0.0 before configuration (DHCP, RFC 2131 §4.1); 255.255.255.255 goes to the
        /// Ethernet broadcast address. Returns false when there is no route or it does not fit
        /// the MTU.
        /// </summary>
        public bool UdpSendTo(long nowMs, int handle, Ipv4Address destination, ushort destinationPort, byte[] buffer, int offset, int count)
        {
            UdpSocket s = GetUdp(handle);
            Args.CheckRange(buffer, offset, count);
            UdpRepr udp = new UdpRepr();
            udp.SourcePort = s.LocalPort;
            udp.DestinationPort = destinationPort;
            udp.PayloadLength = count;
            int ipOffset = EthernetFrame.HeaderLength;
            if (ipOffset + Ipv4Packet.MinHeaderLength + udp.BufferLength > _txFrame.Length)
            {
                return false;
            }
            Ipv4Repr ip = Ipv4Repr.Create(_address, destination, IpProtocol.Udp, udp.BufferLength, _ipId++);
            ip.Ttl = Ttl;
            int udpOffset = ipOffset + ip.HeaderLength;
            udp.Emit(new UdpPacket(_txFrame, udpOffset, udp.BufferLength), _address, destination, buffer, offset);
            ip.Emit(new Ipv4Packet(_txFrame, ipOffset, ip.BufferLength));
            return SendIp(nowMs, destination, ipOffset + ip.BufferLength);
        }

        // ================================================================== ICMP API

        /// <summary>Sends an echo request with <paramref name="dataLength"/> bytes of pattern data;
        /// the reply is read with <see cref="TryGetPingReply"/>.</summary>
        public bool Ping(long nowMs, Ipv4Address destination, ushort identifier, ushort sequence, int dataLength)
        {
            IcmpRepr echo = IcmpRepr.Echo(IcmpType.EchoRequest, identifier, sequence, dataLength);
            int ipOffset = EthernetFrame.HeaderLength;
            if (dataLength < 0 || ipOffset + Ipv4Packet.MinHeaderLength + echo.BufferLength > _txFrame.Length)
            {
                return false;
            }
            Ipv4Repr ip = Ipv4Repr.Create(_address, destination, IpProtocol.Icmp, echo.BufferLength, _ipId++);
            ip.Ttl = Ttl;
            int icmpOffset = ipOffset + ip.HeaderLength;
            for (int i = 0; i < dataLength; i++)
            {
                _txFrame[icmpOffset + IcmpPacket.HeaderLength + i] = (byte)(0x20 + (i % 64));
            }
            echo.Emit(new IcmpPacket(_txFrame, icmpOffset, echo.BufferLength));
            ip.Emit(new Ipv4Packet(_txFrame, ipOffset, ip.BufferLength));
            _pingId = identifier;
            _pingSeq = sequence;
            _pingSentMs = nowMs;
            _pingReplied = false;
            return SendIp(nowMs, destination, ipOffset + ip.BufferLength);
        }

        /// <summary>The reply to the last <see cref="Ping"/>, once it arrived.</summary>
        public bool TryGetPingReply(out Ipv4Address from, out long roundTripMs)
        {
            from = _pingFrom;
            roundTripMs = _pingRttMs;
            return _pingReplied;
        }

        // ================================================================== ingress

        private void Ingress(long nowMs, int length)
        {
            EthernetFrame eth = new EthernetFrame(_rxFrame, 0, length);
            EthernetRepr er;
            if (EthernetRepr.TryParse(eth, out er) != WireStatus.Ok)
            {
                _counters.DroppedEthernet++;
                return;
            }
            if (er.Destination.Value != MacAddress.Value && !er.Destination.IsBroadcast && !er.Destination.IsMulticast)
            {
                _counters.DroppedNotOurMac++;
                return;
            }
            if (er.EtherType == EtherType.Arp)
            {
                IngressArp(nowMs, new ArpPacket(_rxFrame, eth.PayloadOffset, eth.PayloadLength));
            }
            else if (er.EtherType == EtherType.Ipv4)
            {
                IngressIpv4(nowMs, er, eth.PayloadOffset, eth.PayloadLength);
            }
            else
            {
                _counters.DroppedEthernet++;
            }
        }

        private void IngressArp(long nowMs, ArpPacket packet)
        {
            ArpRepr ar;
            if (ArpRepr.TryParse(packet, out ar) != WireStatus.Ok || !ar.SenderProtocolAddress.IsUnicast && !ar.SenderProtocolAddress.IsUnspecified)
            {
                _counters.DroppedArp++;
                return;
            }
            bool forUs = !_address.IsUnspecified && ar.TargetProtocolAddress == _address;
            if (!ar.SenderProtocolAddress.IsUnspecified)
            {
                // RFC 826 "merge": update a known sender; add it when the packet is for us.
                int ready = _arp.Learn(nowMs, ar.SenderProtocolAddress, ar.SenderHardwareAddress, forUs);
                if (ready >= 0)
                {
                    int heldLength;
                    byte[] held = _arp.TakeHeld(ready, out heldLength);
                    ar.SenderHardwareAddress.Write(held, EthernetFrame.Field.Destination);
                    Transmit(nowMs, held, heldLength);
                }
            }
            if (forUs && ar.Operation == ArpOperation.Request)
            {
                ArpRepr reply = new ArpRepr();
                reply.Operation = ArpOperation.Reply;
                reply.SenderHardwareAddress = MacAddress;
                reply.SenderProtocolAddress = _address;
                reply.TargetHardwareAddress = ar.SenderHardwareAddress;
                reply.TargetProtocolAddress = ar.SenderProtocolAddress;
                EmitArp(nowMs, ref reply, ar.SenderHardwareAddress);
                _counters.ArpRepliesSent++;
            }
        }

        private void IngressIpv4(long nowMs, EthernetRepr er, int offset, int length)
        {
            Ipv4Packet packet = new Ipv4Packet(_rxFrame, offset, length);
            Ipv4Repr ip;
            WireStatus status = Ipv4Repr.TryParse(packet, out ip);
            if (status != WireStatus.Ok)
            {
                if (status == WireStatus.BadChecksum)
                {
                    _counters.DroppedIpv4Checksum++;
                }
                else
                {
                    _counters.DroppedIpv4Malformed++;
                }
                return;
            }
            if (ip.IsFragment)
            {
                _counters.DroppedFragments++;
                return;
            }
            bool broadcast = ip.Destination.IsBroadcast
                || (!_address.IsUnspecified && _prefixLength < 31 && ip.Destination == _address.SubnetBroadcast(_mask));
            bool unconfigured = _address.IsUnspecified;
            bool toUs = ip.Destination == _address && !unconfigured;
            if (!toUs && !broadcast && !(unconfigured && ip.Protocol == IpProtocol.Udp))
            {
                _counters.DroppedNotForUs++;
                return;
            }
            if (toUs && !_address.IsUnspecified && ip.Source.IsInSameSubnet(_address, _mask))
            {
                _arp.Confirm(nowMs, ip.Source, er.Source);
            }
            int transport = offset + packet.HeaderLength;
            switch (ip.Protocol)
            {
                case IpProtocol.Icmp:
                    IngressIcmp(nowMs, ref ip, er, transport, offset);
                    break;
                case IpProtocol.Udp:
                    IngressUdp(nowMs, ref ip, broadcast, transport, offset);
                    break;
                case IpProtocol.Tcp:
                    IngressTcp(nowMs, ref ip, er, broadcast, transport);
                    break;
                default:
                    _counters.DroppedUnknownProtocol++;
                    break;
            }
        }

        private void IngressIcmp(long nowMs, ref Ipv4Repr ip, EthernetRepr er, int offset, int ipOffset)
        {
            IcmpPacket packet = new IcmpPacket(_rxFrame, offset, ip.PayloadLength);
            IcmpRepr icmp;
            if (IcmpRepr.TryParse(packet, out icmp) != WireStatus.Ok)
            {
                _counters.DroppedIcmp++;
                return;
            }
            if (icmp.Type == IcmpType.EchoRequest)
            {
                if (ip.Destination != _address)
                {
                    return; // no replies to broadcast pings (RFC 1122 §3.2.2.6 allows silence)
                }
                IcmpRepr reply = IcmpRepr.Echo(IcmpType.EchoReply, icmp.Identifier, icmp.SequenceNumber, icmp.DataLength);
                if (SendIcmp(nowMs, ip.Source, ref reply, _rxFrame, icmp.DataOffset))
                {
                    _counters.IcmpEchoRepliesSent++;
                }
                return;
            }
            if (icmp.Type == IcmpType.EchoReply)
            {
                if (icmp.Identifier == _pingId && icmp.SequenceNumber == _pingSeq && !_pingReplied)
                {
                    _pingReplied = true;
                    _pingFrom = ip.Source;
                    _pingRttMs = nowMs - _pingSentMs;
                }
                return;
            }
            if (!icmp.IsError)
            {
                return;
            }
            _counters.IcmpErrorsReceived++;
            if (icmp.QuotedSource != _address)
            {
                return; // about a datagram we did not send
            }
            if (icmp.QuotedProtocol == IpProtocol.Tcp)
            {
                for (int h = 0; h < _tcp.Length; h++)
                {
                    TcpSocket s = _tcp[h];
                    if (_tcpUsed[h] && s.State != TcpState.Listen && s.State != TcpState.Closed
                        && s.LocalPort == icmp.QuotedSourcePort && s.RemotePort == icmp.QuotedDestinationPort
                        && s.RemoteAddress == icmp.QuotedDestination)
                    {
                        s.ProcessIcmpError(nowMs, icmp.Type, icmp.Code);
                    }
                }
            }
            else if (icmp.QuotedProtocol == IpProtocol.Udp)
            {
                for (int h = 0; h < _udp.Length; h++)
                {
                    if (_udp[h].IsBound && _udp[h].LocalPort == icmp.QuotedSourcePort)
                    {
                        _udp[h].SetIcmpError(icmp.Type, icmp.Code);
                    }
                }
            }
        }

        private void IngressUdp(long nowMs, ref Ipv4Repr ip, bool broadcast, int offset, int ipOffset)
        {
            UdpPacket packet = new UdpPacket(_rxFrame, offset, ip.PayloadLength);
            UdpRepr udp;
            if (UdpRepr.TryParse(packet, ip.Source, ip.Destination, out udp) != WireStatus.Ok)
            {
                _counters.DroppedUdp++;
                return;
            }
            for (int h = 0; h < _udp.Length; h++)
            {
                if (_udp[h].IsBound && _udp[h].LocalPort == udp.DestinationPort)
                {
                    if (!_udp[h].Deliver(_rxFrame, udp.PayloadOffset, udp.PayloadLength, ip.Source, udp.SourcePort))
                    {
                        _counters.DroppedUdpQueueFull++;
                    }
                    return;
                }
            }
            _counters.DroppedUdpNoSocket++;
            if (!broadcast && !_address.IsUnspecified && ip.Destination == _address && ip.Source.IsUnicast)
            {
                // RFC 1122 §4.1.3.1: port unreachable, quoting the IP header and 8 bytes.
                SendIcmpError(nowMs, ip.Source, 3, ipOffset, offset - ipOffset + 8);
            }
        }

        private void IngressTcp(long nowMs, ref Ipv4Repr ip, EthernetRepr er, bool broadcast, int offset)
        {
            if (broadcast || !ip.Source.IsUnicast || _address.IsUnspecified || er.Destination.IsMulticast)
            {
                _counters.DroppedTcpBroadcast++; // RFC 9293 §3.10.7.2 (check 16)
                return;
            }
            TcpSegment view = new TcpSegment(_rxFrame, offset, ip.PayloadLength);
            TcpRepr seg;
            if (TcpRepr.TryParse(view, ip.Source, ip.Destination, out seg) != WireStatus.Ok)
            {
                _counters.DroppedTcp++; // bad checksum dropped silently (check 2), bad options (check 4)
                return;
            }
            // Connections first (exact 4-tuple), then listeners.
            int listener = -1;
            for (int h = 0; h < _tcp.Length; h++)
            {
                TcpSocket s = _tcp[h];
                if (!_tcpUsed[h] || !s.Matches(ip.Source, ip.Destination, ref seg))
                {
                    continue;
                }
                if (s.State == TcpState.Listen)
                {
                    if (listener < 0)
                    {
                        listener = h;
                    }
                    continue;
                }
                s.Process(nowMs, ip.Source, ip.Destination, ref seg, _rxFrame);
                ReleaseIfDone(h);
                return;
            }
            if (listener >= 0)
            {
                if (seg.HasFlag(TcpFlags.Syn) && !seg.HasFlag(TcpFlags.Ack) && !seg.HasFlag(TcpFlags.Rst))
                {
                    AcceptSyn(nowMs, listener, ref ip, ref seg);
                }
                else
                {
                    _tcp[listener].Process(nowMs, ip.Source, ip.Destination, ref seg, _rxFrame);
                }
                return;
            }
            TcpRepr reset;
            if (TcpSocket.MakeReset(ref seg, out reset))
            {
                EmitTcpRaw(nowMs, ref reset, ip.Destination, ip.Source);
                _counters.TcpResetsSent++;
            }
        }

        private void AcceptSyn(long nowMs, int listener, ref Ipv4Repr ip, ref TcpRepr seg)
        {
            int waiting = 0;
            int free = -1;
            for (int h = 0; h < _tcp.Length; h++)
            {
                if (_tcpUsed[h] && _tcpListener[h] == listener && !_tcpAccepted[h])
                {
                    waiting++;
                }
                else if (!_tcpUsed[h] && free < 0)
                {
                    free = h;
                }
            }
            if (waiting >= _limits.TcpListenBacklog || free < 0)
            {
                _counters.DroppedBacklogFull++;
                return;
            }
            TcpSocket parent = _tcp[listener];
            TcpSocket child = _tcp[free];
            _tcpUsed[free] = true;
            _tcpListener[free] = listener;
            _tcpAccepted[free] = false;
            _tcpReleaseWhenClosed[free] = false;
            child.CopyOptions(parent); // the listener's options, timeouts included, bound the child
            child.Listen(ip.Destination, parent.LocalPort);
            child.Process(nowMs, ip.Source, ip.Destination, ref seg, _rxFrame);
        }

        // ================================================================== egress

        private void EmitTcp(long nowMs, TcpSocket socket, ref TcpRepr seg, Ipv4Address src, Ipv4Address dst)
        {
            if (seg.HasFlag(TcpFlags.Rst))
            {
                _counters.TcpResetsSent++;
            }
            int ipOffset = EthernetFrame.HeaderLength;
            int tcpOffset = ipOffset + Ipv4Packet.MinHeaderLength;
            int headerLength = seg.HeaderLength;
            if (tcpOffset + headerLength + seg.PayloadLength > _txFrame.Length)
            {
                return; // cannot happen: the socket's MSS is derived from the same MTU
            }
            socket.CopyPayload(ref seg, _txFrame, tcpOffset + headerLength);
            FinishTcp(nowMs, ref seg, src, dst);
        }

        private void EmitTcpRaw(long nowMs, ref TcpRepr seg, Ipv4Address src, Ipv4Address dst)
        {
            FinishTcp(nowMs, ref seg, src, dst);
        }

        private void FinishTcp(long nowMs, ref TcpRepr seg, Ipv4Address src, Ipv4Address dst)
        {
            int ipOffset = EthernetFrame.HeaderLength;
            int tcpOffset = ipOffset + Ipv4Packet.MinHeaderLength;
            int tcpLength = seg.HeaderLength + seg.PayloadLength;
            seg.Emit(new TcpSegment(_txFrame, tcpOffset, tcpLength), src, dst);
            Ipv4Repr ip = Ipv4Repr.Create(src, dst, IpProtocol.Tcp, tcpLength, _ipId++);
            ip.Ttl = Ttl;
            ip.Emit(new Ipv4Packet(_txFrame, ipOffset, ip.BufferLength));
            SendIp(nowMs, dst, ipOffset + ip.BufferLength);
        }

        private bool SendIcmp(long nowMs, Ipv4Address destination, ref IcmpRepr icmp, byte[] data, int dataOffset)
        {
            int ipOffset = EthernetFrame.HeaderLength;
            Ipv4Repr ip = Ipv4Repr.Create(_address, destination, IpProtocol.Icmp, icmp.BufferLength, _ipId++);
            ip.Ttl = Ttl;
            if (ipOffset + ip.BufferLength > _txFrame.Length)
            {
                return false;
            }
            int icmpOffset = ipOffset + ip.HeaderLength;
            // The data may live in the receive frame: copy before anything overwrites it.
            icmp.Emit(new IcmpPacket(_txFrame, icmpOffset, icmp.BufferLength), data, dataOffset);
            ip.Emit(new Ipv4Packet(_txFrame, ipOffset, ip.BufferLength));
            return SendIp(nowMs, destination, ipOffset + ip.BufferLength);
        }

        private void SendIcmpError(long nowMs, Ipv4Address destination, byte code, int quoteOffset, int quoteLength)
        {
            if (nowMs - _icmpWindowMs >= 1000)
            {
                _icmpWindowMs = nowMs;
                _icmpErrorsInWindow = 0;
            }
            if (_icmpErrorsInWindow >= IcmpErrorsPerSecond)
            {
                _counters.IcmpErrorsRateLimited++;
                return;
            }
            _icmpErrorsInWindow++;
            IcmpRepr error = new IcmpRepr();
            error.Type = IcmpType.DestinationUnreachable;
            error.Code = code;
            error.DataLength = quoteLength;
            if (SendIcmp(nowMs, destination, ref error, _rxFrame, quoteOffset))
            {
                _counters.IcmpErrorsSent++;
            }
        }

        private void SendArpRequest(long nowMs, Ipv4Address target)
        {
            ArpRepr request = new ArpRepr();
            request.Operation = ArpOperation.Request;
            request.SenderHardwareAddress = MacAddress;
            request.SenderProtocolAddress = _address;
            request.TargetHardwareAddress = new MacAddress(0);
            request.TargetProtocolAddress = target;
            EmitArp(nowMs, ref request, MacAddress.Broadcast);
            _counters.ArpRequestsSent++;
        }

        private void EmitArp(long nowMs, ref ArpRepr arp, MacAddress destination)
        {
            // ARP has its own 42-byte frame: the transmit frame may hold a datagram that is about
            // to be held by the ARP cache.
            byte[] frame = _arpFrame;
            EthernetRepr eth = new EthernetRepr();
            eth.Source = MacAddress;
            eth.Destination = destination;
            eth.EtherType = EtherType.Arp;
            eth.Emit(new EthernetFrame(frame, 0, frame.Length));
            arp.Emit(new ArpPacket(frame, EthernetFrame.HeaderLength, 28));
            Transmit(nowMs, frame, frame.Length);
        }

        private readonly byte[] _arpFrame = new byte[EthernetFrame.HeaderLength + 28];

        // The IPv4 datagram is at _txFrame[14 .. length): route, resolve, frame, send or hold.
        private bool SendIp(long nowMs, Ipv4Address destination, int length)
        {
            MacAddress nextHopMac;
            if (!Route(nowMs, destination, out nextHopMac, true))
            {
                return false;
            }
            EthernetRepr eth = new EthernetRepr();
            eth.Source = MacAddress;
            eth.Destination = nextHopMac;
            eth.EtherType = EtherType.Ipv4;
            eth.Emit(new EthernetFrame(_txFrame, 0, length));
            if (nextHopMac.Value == 0)
            {
                // Unresolved: hold the frame in the ARP cache and ask.
                Ipv4Address hop = NextHop(destination);
                bool droppedHeld, evicted;
                if (_arp.Hold(nowMs, hop, _txFrame, length, out droppedHeld, out evicted))
                {
                    SendArpRequest(nowMs, hop);
                }
                if (droppedHeld)
                {
                    _counters.DroppedArpPending++;
                }
                if (evicted)
                {
                    _counters.ArpEvictions++;
                }
                return true;
            }
            return Transmit(nowMs, _txFrame, length);
        }

        private bool Transmit(long nowMs, byte[] frame, int length)
        {
            if (_link.Transmit(frame, 0, length, nowMs))
            {
                _counters.FramesSent++;
                return true;
            }
            _counters.LinkTransmitFailures++;
            return false;
        }

        // Next-hop MAC: broadcast for broadcast destinations, the ARP entry when resolved, 0 when
        // resolution is needed. False when there is no route.
        private bool Route(long nowMs, Ipv4Address destination, out MacAddress mac, bool countDrop)
        {
            mac = new MacAddress(0);
            if (destination.IsBroadcast || (!_address.IsUnspecified && _prefixLength < 31 && destination == _address.SubnetBroadcast(_mask)))
            {
                mac = MacAddress.Broadcast;
                return true;
            }
            if (destination.IsMulticast)
            {
                // RFC 1112 §6.4: 01:00:5e + the low 23 bits of the group.
                ulong m = 0x01005E000000UL | (destination.Value & 0x7FFFFF);
                mac = new MacAddress(m);
                return true;
            }
            if (_address.IsUnspecified)
            {
                if (countDrop)
                {
                    _counters.DroppedNoRoute++;
                }
                return false;
            }
            Ipv4Address hop = NextHop(destination);
            if (hop.IsUnspecified)
            {
                if (countDrop)
                {
                    _counters.DroppedNoRoute++;
                }
                return false;
            }
            MacAddress found;
            if (_arp.TryLookup(nowMs, hop, out found))
            {
                mac = found;
            }
            return true;
        }

        private Ipv4Address NextHop(Ipv4Address destination)
        {
            if (destination.IsInSameSubnet(_address, _mask))
            {
                return destination;
            }
            return _gateway; // Any when there is no default route
        }

        private bool IsUnicastDestination(Ipv4Address a)
        {
            if (!a.IsUnicast || a.IsUnspecified)
            {
                return false;
            }
            return _address.IsUnspecified || _prefixLength >= 31 || a != _address.SubnetBroadcast(_mask);
        }

        private uint RandomUInt()
        {
            _entropy.GetBytes(_scratch, 0, 4);
            return BigEndian.ReadUInt32(_scratch, 0);
        }
    }
}
