using System.Diagnostics;
using NanoStack.Buffers;
using NanoStack.Wire;

namespace NanoStack.Sockets
{
    /// <summary>
    /// One TCP connection endpoint: the whole RFC 9293 state machine in one file.
    ///
    /// Implementation notes
    /// - Engine without I/O (DESIGN.md principles 8–10): the interface hands ingress segments to
    ///   <see cref="Process"/> and asks <see cref="Dispatch"/> for the next segment to send; timers
    ///   are deadlines compared with the <c>nowMs</c> every call passes (<see cref="PollAt"/>).
    ///   Replies that <see cref="Process"/> decides on (ACK, RST, challenge ACK, SYN-ACK) are flags
    ///   that the next <see cref="Dispatch"/> turns into a segment.
    /// - Send side: the send ring holds every byte from SND.UNA on: byte <c>d</c> of the ring has
    ///   sequence number SND.UNA + d once the SYN is acknowledged. Unacknowledged data is
    ///   retransmitted with <see cref="RingBuffer.Peek"/> from the ring, so nothing is copied
    ///   twice and nothing is allocated. The FIN takes the sequence number after the last byte.
    /// - Receive side: in-order data goes into the receive ring; out-of-order data is written at
    ///   its distance beyond the ring's data (<see cref="RingBuffer.WriteUnallocated"/>) and
    ///   remembered in a bounded gap list of sequence ranges; when the hole fills the ranges are
    ///   published with <see cref="RingBuffer.CommitWrite"/>. A segment that would need more
    ///   ranges than the list holds is dropped (the peer retransmits it).
    /// - Timers (RFC 6298 RTO with Karn's rule and exponential backoff, delayed ACK, persist,
    ///   keep-alive, TIME-WAIT, user timeout) are <c>long</c> deadlines; <c>long.MaxValue</c> means
    ///   stopped.
    /// - Congestion control: slow start and congestion avoidance (RFC 5681), fast retransmit on
    ///   the third duplicate ACK and NewReno recovery with partial ACKs (RFC 6582). No SACK, no
    ///   timestamps: they are not offered, so the peer does not send them.
    /// - Size: 2 references to rings (which own the buffers), the gap arrays (2 × maxGaps
    ///   <c>uint</c>), one reference each to the ISN generator and the optional state log, and
    ///   about 40 scalar fields; measured by a host test and reported in the README.
    /// </summary>
    public sealed class TcpSocket
    {
        /// <summary>RFC 9293 §3.7.1: the send MSS when the peer announces none.</summary>
        public const int DefaultSendMss = 536;

        /// <summary>RFC 6298 §2.1: the RTO before any RTT sample.</summary>
        public const int InitialRtoMs = 1000;

        /// <summary>RFC 6298 §2.5: an upper bound on the RTO (at least 60 s).</summary>
        public const int MaxRtoMs = 60000;

        /// <summary>Challenge ACKs per second per connection (RFC 5961 §7).</summary>
        public const int ChallengeAckLimit = 10;

        private const long Never = long.MaxValue;

        private readonly RingBuffer _rx;
        private readonly RingBuffer _tx;
        private readonly uint[] _gapStart;
        private readonly uint[] _gapEnd;
        private readonly int _ourMss;
        private readonly TcpIsnGenerator _isn;

        private TcpState _state;
        private TcpError _error;
        private TcpError _softError;
        private Ipv4Address _localAddress;
        private Ipv4Address _remoteAddress;
        private ushort _localPort;
        private ushort _remotePort;
        private bool _passiveChild;

        // Send sequence space (RFC 9293 §3.3.1).
        private uint _iss;
        private uint _sndUna;
        private uint _sndNxt;
        private uint _sndMax;
        private bool _finSeqSet;
        private uint _sndWnd;
        private uint _sndWl1;
        private uint _sndWl2;
        private uint _maxSndWnd;
        private uint _finSeq;
        private int _sndMss;
        private byte _sndShift;
        private byte _rcvShift;
        private bool _windowScaling;

        // Receive sequence space.
        private uint _irs;
        private uint _rcvNxt;
        private uint _rcvAdvEdge;
        private int _gapCount;

        // What to send next.
        private bool _synDue;
        private bool _finQueued;
        private bool _finSent;
        private bool _finReceived;
        private bool _ackNow;
        private bool _retransmitOne;
        private bool _rstPending;
        private uint _rstSeq;
        private uint _rstAck;
        private bool _rstWithAck;
        private int _segmentsSinceAck;

        // RTO and congestion control.
        private int _srtt;
        private int _rttvar;
        private int _rto;
        private int _backoff;
        private bool _rttActive;
        private uint _rttSeq;
        private long _rttStartMs;
        private int _cwnd;
        private int _ssthresh;
        private int _dupAcks;
        private bool _recovering;
        private uint _recover;
        private int _retries;
        private long _firstRetransmitMs;
        private long _lastAckMs;

        // Timers.
        private long _rtoDeadline;
        private long _ackDeadline;
        private long _persistDeadline;
        private int _persistBackoff;
        private long _timeWaitDeadline;

        /// <summary>When TIME-WAIT ends (2 MSL after it began or was restarted); meaningful in that state only.</summary>
        internal long TimeWaitDeadline
        {
            get { return _timeWaitDeadline; }
        }
        private long _lastReceiveMs;
        private int _keepAliveSent;
        private long _keepAliveNextMs;
        private long _openedMs;

        private long _clockMs;
        private Ipv4Address _listenAddress;
        private Ipv4Address _rstLocal;
        private Ipv4Address _rstRemote;
        private ushort _rstLocalPort;
        private ushort _rstRemotePort;
        private long _challengeWindowMs;
        private int _challengeCount;

        /// <summary>Disables Nagle's algorithm (RFC 9293 §3.7.4): small segments go out at once.</summary>
        public bool NoDelay;

        /// <summary>Keep-alive probes (RFC 1122 §4.2.3.6): off by default.</summary>
        public bool KeepAlive;

        /// <summary>Idle time before the first keep-alive probe; RFC 1122 requires a default of at least two hours.</summary>
        public int KeepAliveIdleMs = 7200000;

        /// <summary>Time between unanswered keep-alive probes.</summary>
        public int KeepAliveIntervalMs = 75000;

        /// <summary>Unanswered probes after which the connection is dropped (TimedOut).</summary>
        public int KeepAliveProbes = 9;

        /// <summary>R2 (RFC 9293 §3.8.3): how long data may stay unacknowledged while retransmitting
        /// before the connection is closed with <see cref="TcpError.TimedOut"/>. RFC 9293 §3.8.3 asks for at
        /// least 100 s; the default is 5 minutes, so heavy loss with backed-off retransmissions survives.</summary>
        public int UserTimeoutMs = 300000;

        /// <summary>R2 for the SYN: RFC 9293 MUST-20 requires at least 3 minutes.</summary>
        public int SynUserTimeoutMs = 180000;

        /// <summary>R1: retransmissions after which the path is suspect (<see cref="PathSuspect"/>).</summary>
        public int R1Retransmissions = 3;

        /// <summary>Maximum segment lifetime; TIME-WAIT lasts 2 × MSL (RFC 9293 §3.4.2).</summary>
        public int MslMs = 30000;

        /// <summary>Delayed-ACK timeout; clamped to 500 ms (RFC 9293 MUST-40, RFC 1122 §4.2.3.2).</summary>
        public int AckDelayMs = 200;

        /// <summary>Lower bound of the RTO. RFC 6298 §2.4 says 1 s.</summary>
        public int MinRtoMs = 1000;

        /// <summary>Where state transitions are recorded (null: nowhere).</summary>
        public TcpStateLog StateLog;

        /// <summary>A number identifying this socket in <see cref="StateLog"/> (the interface sets its handle).</summary>
        public int Id;

        /// <summary>Segments retransmitted (RTO, fast retransmit, NewReno partial ACK).</summary>
        public int Retransmissions;

        /// <summary>Challenge ACKs sent (RFC 5961) and suppressed by the rate limit.</summary>
        public int ChallengeAcks;
        public int ChallengeAcksSuppressed;

        /// <param name="receiveBufferSize">Bytes of the receive ring (the largest window we announce).</param>
        /// <param name="sendBufferSize">Bytes of the send ring (unacknowledged plus unsent data).</param>
        /// <param name="maxGaps">Out-of-order ranges remembered.</param>
        /// <param name="mss">The MSS we announce: MTU − 40 (RFC 9293 §3.7.1).</param>
        /// <param name="isn">Initial sequence numbers (RFC 6528).</param>
        public TcpSocket(int receiveBufferSize, int sendBufferSize, int maxGaps, int mss, TcpIsnGenerator isn)
        {
            if (maxGaps < 1)
            {
                throw new System.ArgumentOutOfRangeException("maxGaps");
            }
            if (mss < 88 || mss > 65495)
            {
                throw new System.ArgumentOutOfRangeException("mss");
            }
            if (isn == null)
            {
                throw new System.ArgumentNullException("isn");
            }
            _rx = new RingBuffer(receiveBufferSize);
            _tx = new RingBuffer(sendBufferSize);
            _gapStart = new uint[maxGaps];
            _gapEnd = new uint[maxGaps];
            _ourMss = mss;
            _isn = isn;
            Clear();
        }

        // ------------------------------------------------------------------ application side

        public TcpState State { get { return _state; } }

        /// <summary>Why the connection failed or ended abnormally; sticky until the socket is reused.</summary>
        public TcpError Error { get { return _error; } }

        public Ipv4Address LocalAddress { get { return _localAddress; } }
        public Ipv4Address RemoteAddress { get { return _remoteAddress; } }
        public ushort LocalPort { get { return _localPort; } }
        public ushort RemotePort { get { return _remotePort; } }

        /// <summary>A socket the interface cloned from a listener for one incoming SYN.</summary>
        public bool IsPassiveChild { get { return _passiveChild; } }

        /// <summary>Bytes the application may still queue with <see cref="Send"/>.</summary>
        public bool CanSend
        {
            get { return (_state == TcpState.Established || _state == TcpState.CloseWait) && !_finQueued && _tx.Free > 0; }
        }

        /// <summary>Received bytes are waiting.</summary>
        public bool CanReceive { get { return _rx.Count > 0; } }

        public int SendQueueLength { get { return _tx.Count; } }
        public int ReceiveQueueLength { get { return _rx.Count; } }

        /// <summary>The peer sent FIN and every byte before it has been read.</summary>
        public bool RemoteClosed { get { return _finReceived && _rx.Count == 0; } }

        /// <summary>The MSS used for sending: min(peer's MSS, ours) (RFC 9293 §3.7.1).</summary>
        public int SendMss { get { return _sndMss; } }

        /// <summary>The current retransmission timeout.</summary>
        public int RetransmissionTimeoutMs { get { return CurrentRto(); } }

        /// <summary>Congestion window in bytes.</summary>
        public int CongestionWindow { get { return _cwnd; } }

        /// <summary>The peer's window in bytes (scaled).</summary>
        public uint SendWindow { get { return _sndWnd; } }

        /// <summary>R1 reached (RFC 9293 §3.8.3): retransmissions of the same data ≥ <see cref="R1Retransmissions"/>.</summary>
        public bool PathSuspect { get { return _retries >= R1Retransmissions; } }

        /// <summary>An ICMP soft error was received for this connection (it is reported if the connection times out).</summary>
        public TcpError SoftError { get { return _softError; } }

        /// <summary>Passive open (RFC 9293 §3.10.1): wait for a SYN on <paramref name="localPort"/>.</summary>
        public void Listen(Ipv4Address localAddress, ushort localPort)
        {
            if (localPort == 0)
            {
                throw new System.ArgumentOutOfRangeException("localPort");
            }
            Clear();
            _localAddress = localAddress;
            _listenAddress = localAddress;
            _localPort = localPort;
            SetState(_clockMs, TcpState.Listen);
        }

        /// <summary>Active open: the SYN goes out on the next <see cref="Dispatch"/>.</summary>
        public void Connect(long nowMs, Ipv4Address localAddress, ushort localPort, Ipv4Address remoteAddress, ushort remotePort)
        {
            if (localPort == 0 || remotePort == 0)
            {
                throw new System.ArgumentOutOfRangeException(localPort == 0 ? "localPort" : "remotePort");
            }
            Clear();
            _clockMs = nowMs;
            _localAddress = localAddress;
            _localPort = localPort;
            _remoteAddress = remoteAddress;
            _remotePort = remotePort;
            _iss = _isn.Next(nowMs, localAddress, localPort, remoteAddress, remotePort);
            _sndUna = _iss;
            _sndNxt = _iss;
            _rcvShift = ShiftFor(_rx.Capacity);
            _synDue = true;
            _openedMs = nowMs;
            SetState(nowMs, TcpState.SynSent);
        }

        /// <summary>Queues up to <paramref name="count"/> bytes; returns how many fit.</summary>
        public int Send(byte[] buffer, int offset, int count)
        {
            Args.CheckRange(buffer, offset, count);
            if (_finQueued)
            {
                return 0;
            }
            switch (_state)
            {
                case TcpState.SynSent:
                case TcpState.SynReceived:
                case TcpState.Established:
                case TcpState.CloseWait:
                    return _tx.Write(buffer, offset, count);
                default:
                    return 0;
            }
        }

        /// <summary>Reads up to <paramref name="count"/> received bytes; returns how many.</summary>
        public int Receive(byte[] buffer, int offset, int count)
        {
            int n = _rx.Read(buffer, offset, count);
            if (n > 0 && IsSynchronized(_state))
            {
                // RFC 9293 §3.8.6.2.2: announce the opened window once it has grown enough.
                if (WindowIncrease() >= ReceiverSwsThreshold())
                {
                    _ackNow = true;
                }
            }
            return n;
        }

        /// <summary>
        /// Orderly close (RFC 9293 §3.10.4): the FIN follows the queued data. From LISTEN and
        /// SYN-SENT the socket closes at once.
        /// </summary>
        public void Close()
        {
            switch (_state)
            {
                case TcpState.Listen:
                case TcpState.SynSent:
                    StopTimers();
                    SetState(_clockMs, TcpState.Closed);
                    break;
                case TcpState.SynReceived:
                    _finQueued = true; // the FIN follows once the handshake completes
                    break;
                case TcpState.Established:
                    _finQueued = true;
                    SetState(_clockMs, TcpState.FinWait1);
                    break;
                case TcpState.CloseWait:
                    _finQueued = true;
                    SetState(_clockMs, TcpState.LastAck);
                    break;
            }
        }

        /// <summary>Abort (RFC 9293 §3.10.5): RST to a synchronized peer, queued data discarded.</summary>
        public void Abort()
        {
            if (IsSynchronized(_state) || _state == TcpState.SynReceived)
            {
                QueueReset(_sndNxt, 0, false);
            }
            _tx.Clear();
            _error = TcpError.Aborted;
            StopTimers();
            SetState(_clockMs, TcpState.Closed);
        }

        /// <summary>
        /// Takes every option of <paramref name="other"/> (Nagle, keep-alive, the timeouts, R1,
        /// MSL, ACK delay, minimum RTO, the state log), as a listener hands them to the connections
        /// it accepts: a timeout set on the listener must also bound its half-open connections.
        /// </summary>
        public void CopyOptions(TcpSocket other)
        {
            if (other == null)
            {
                throw new System.ArgumentNullException("other");
            }
            NoDelay = other.NoDelay;
            KeepAlive = other.KeepAlive;
            KeepAliveIdleMs = other.KeepAliveIdleMs;
            KeepAliveIntervalMs = other.KeepAliveIntervalMs;
            KeepAliveProbes = other.KeepAliveProbes;
            UserTimeoutMs = other.UserTimeoutMs;
            SynUserTimeoutMs = other.SynUserTimeoutMs;
            R1Retransmissions = other.R1Retransmissions;
            MslMs = other.MslMs;
            AckDelayMs = other.AckDelayMs;
            MinRtoMs = other.MinRtoMs;
            StateLog = other.StateLog;
        }

        /// <summary>Returns the socket to CLOSED with nothing queued, for reuse. Options are kept.</summary>
        public void Reset()
        {
            Clear();
        }

        // ------------------------------------------------------------------ stack side

        /// <summary>True when this socket owns the segment.</summary>
        public bool Matches(Ipv4Address source, Ipv4Address destination, ref TcpRepr segment)
        {
            if (_state == TcpState.Closed || segment.DestinationPort != _localPort)
            {
                return false;
            }
            if (_state == TcpState.Listen)
            {
                return _localAddress.IsUnspecified || _localAddress == destination;
            }
            return segment.SourcePort == _remotePort && source == _remoteAddress && destination == _localAddress;
        }

        /// <summary>Ingress (RFC 9293 §3.10.7). Never throws on any segment content.</summary>
        public void Process(long nowMs, Ipv4Address source, Ipv4Address destination, ref TcpRepr segment, byte[] packet)
        {
            _clockMs = nowMs;
            switch (_state)
            {
                case TcpState.Closed:
                    return;
                case TcpState.Listen:
                    ProcessListen(nowMs, source, destination, ref segment);
                    return;
                case TcpState.SynSent:
                    ProcessSynSent(nowMs, ref segment);
                    return;
                default:
                    ProcessSynchronized(nowMs, ref segment, packet);
                    return;
            }
        }

        // RFC 9293 §3.10.7.2.
        private void ProcessListen(long nowMs, Ipv4Address source, Ipv4Address destination, ref TcpRepr seg)
        {
            if (seg.HasFlag(TcpFlags.Rst))
            {
                return; // first: an incoming RST is ignored
            }
            if (seg.HasFlag(TcpFlags.Ack))
            {
                // second: any ACK is bad, <SEQ=SEG.ACK><CTL=RST>
                QueueReset(seg.AckNumber, 0, false);
                _rstLocal = destination;
                _rstRemote = source;
                _rstLocalPort = seg.DestinationPort;
                _rstRemotePort = seg.SourcePort;
                return;
            }
            if (!seg.HasFlag(TcpFlags.Syn))
            {
                return; // fourth: anything else is dropped
            }
            // third: SYN.
            _remoteAddress = source;
            _remotePort = seg.SourcePort;
            if (_localAddress.IsUnspecified)
            {
                _localAddress = destination;
            }
            _irs = seg.SequenceNumber;
            _rcvNxt = seg.SequenceNumber + 1;
            _iss = _isn.Next(nowMs, _localAddress, _localPort, _remoteAddress, _remotePort);
            _sndUna = _iss;
            _sndNxt = _iss;
            TakeSynOptions(ref seg);
            _sndWnd = seg.Window; // RFC 7323 §2.2: the window in a SYN is never scaled
            _sndWl1 = seg.SequenceNumber;
            _sndWl2 = _iss;
            _maxSndWnd = _sndWnd;
            _rcvAdvEdge = _rcvNxt + (uint)InitialWindow();
            _synDue = true;
            _openedMs = nowMs;
            _lastReceiveMs = nowMs;
            _passiveChild = true;
            SetState(nowMs, TcpState.SynReceived);
        }

        // RFC 9293 §3.10.7.3.
        private void ProcessSynSent(long nowMs, ref TcpRepr seg)
        {
            bool ackOk = false;
            if (seg.HasFlag(TcpFlags.Ack))
            {
                // SND.UNA < SEG.ACK =< SND.NXT (the SYN is the only thing sent).
                if (SeqNumber.LessOrEqual(seg.AckNumber, _iss) || SeqNumber.GreaterThan(seg.AckNumber, _sndNxt))
                {
                    if (!seg.HasFlag(TcpFlags.Rst))
                    {
                        QueueReset(seg.AckNumber, 0, false); // <SEQ=SEG.ACK><CTL=RST>
                    }
                    return;
                }
                ackOk = true;
            }
            if (seg.HasFlag(TcpFlags.Rst))
            {
                // RFC 5961 §3.2 / RFC 9293: only an RST that acknowledges our SYN resets.
                if (ackOk)
                {
                    Fail(nowMs, TcpError.Refused);
                }
                return;
            }
            if (!seg.HasFlag(TcpFlags.Syn))
            {
                return;
            }
            _irs = seg.SequenceNumber;
            _rcvNxt = seg.SequenceNumber + 1;
            TakeSynOptions(ref seg);
            _rcvAdvEdge = _rcvNxt + (uint)InitialWindow();
            _lastReceiveMs = nowMs;
            if (ackOk)
            {
                _sndUna = seg.AckNumber;
                _synDue = false;
                SampleRtt(nowMs, seg.AckNumber);
                _retries = 0;
                _rtoDeadline = Never;
                _sndWnd = seg.Window; // unscaled in a SYN
                _sndWl1 = seg.SequenceNumber;
                _sndWl2 = seg.AckNumber;
                _maxSndWnd = _sndWnd;
                _ackNow = true;
                SetState(nowMs, TcpState.Established);
                return;
            }
            // Simultaneous open (RFC 9293 §3.5 figure 8): SYN-RECEIVED, send SYN,ACK with our ISS.
            _sndWnd = seg.Window;
            _sndWl1 = seg.SequenceNumber;
            _maxSndWnd = _sndWnd;
            _sndNxt = _iss;
            _synDue = true;
            SetState(nowMs, TcpState.SynReceived);
        }

        // RFC 9293 §3.10.7.4, "otherwise" (SYN-RECEIVED and the synchronized states).
        private void ProcessSynchronized(long nowMs, ref TcpRepr seg, byte[] packet)
        {
            uint seq = seg.SequenceNumber;
            int segLen = seg.SegmentLength;
            uint rcvWnd = _rcvAdvEdge - _rcvNxt;
            if (_state == TcpState.SynReceived && seg.HasFlag(TcpFlags.Syn) && !seg.HasFlag(TcpFlags.Ack)
                && !seg.HasFlag(TcpFlags.Rst) && seq == _irs)
            {
                _synDue = true; // the peer did not get our SYN,ACK: send it again
                return;
            }

            // First: the four-case acceptability test.
            bool acceptable;
            if (segLen == 0)
            {
                acceptable = rcvWnd == 0 ? seq == _rcvNxt : SeqNumber.InWindow(seq, _rcvNxt, rcvWnd);
            }
            else
            {
                acceptable = rcvWnd != 0
                    && (SeqNumber.InWindow(seq, _rcvNxt, rcvWnd) || SeqNumber.InWindow(seq + (uint)segLen - 1, _rcvNxt, rcvWnd));
            }
            if (!acceptable && rcvWnd == 0 && segLen > 0 && seq == _rcvNxt)
            {
                // RFC 9293 §3.10.7.4: with a zero window, still process the ACK, RST and URG of a
                // segment at RCV.NXT (its data is not taken).
                acceptable = true;
            }
            if (!acceptable)
            {
                if (!seg.HasFlag(TcpFlags.Rst))
                {
                    _ackNow = true; // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
                    if (_state == TcpState.TimeWait && seg.HasFlag(TcpFlags.Fin))
                    {
                        // RFC 9293 §3.10.7.4 (TIME-WAIT): a retransmitted FIN is acknowledged and
                        // the 2 MSL timer restarts.
                        _timeWaitDeadline = nowMs + 2L * MslMs;
                    }
                }
                return;
            }
            _lastReceiveMs = nowMs;
            _keepAliveSent = 0;

            // Second: RST (RFC 5961 §3.2).
            if (seg.HasFlag(TcpFlags.Rst))
            {
                if (seq != _rcvNxt)
                {
                    ChallengeAck(nowMs);
                    return;
                }
                switch (_state)
                {
                    case TcpState.SynReceived:
                        if (_passiveChild)
                        {
                            ReturnToListen(nowMs);
                        }
                        else
                        {
                            Fail(nowMs, TcpError.Refused);
                        }
                        return;
                    case TcpState.Established:
                    case TcpState.FinWait1:
                    case TcpState.FinWait2:
                    case TcpState.CloseWait:
                        Fail(nowMs, TcpError.Reset);
                        return;
                    default: // CLOSING, LAST-ACK, TIME-WAIT
                        StopTimers();
                        _tx.Clear();
                        SetState(nowMs, TcpState.Closed);
                        return;
                }
            }

            // Third (security) is not used. Fourth: SYN in a synchronized state (RFC 5961 §4).
            if (seg.HasFlag(TcpFlags.Syn))
            {
                ChallengeAck(nowMs);
                return;
            }

            // Fifth: no ACK, drop.
            if (!seg.HasFlag(TcpFlags.Ack))
            {
                return;
            }
            uint ack = seg.AckNumber;
            if (_state == TcpState.SynReceived)
            {
                if (SeqNumber.LessOrEqual(ack, _sndUna) || SeqNumber.GreaterThan(ack, _sndMax))
                {
                    QueueReset(ack, 0, false);
                    return;
                }
                _synDue = false;
                _sndUna = _iss + 1; // the SYN is acknowledged; the send ring starts after it
                SampleRtt(nowMs, _sndUna);
                _retries = 0;
                _rtoDeadline = _sndNxt == _sndUna ? Never : nowMs + CurrentRto();
                _sndWnd = (uint)seg.Window << _sndShift;
                _sndWl1 = seq;
                _sndWl2 = ack;
                _maxSndWnd = Max(_maxSndWnd, _sndWnd);
                SetState(nowMs, _finQueued ? TcpState.FinWait1 : TcpState.Established);
            }
            // RFC 5961 §5.2: ACK outside [SND.UNA − MAX.SND.WND, SND.NXT] → challenge ACK.
            // SND.MAX is the highest sequence number ever sent: after a timeout SND.NXT goes back
            // to SND.UNA, and ACKs for data sent before are still valid.
            if (SeqNumber.GreaterThan(ack, _sndMax))
            {
                _ackNow = true; // RFC 9293: ACK of something not yet sent → ACK, drop
                return;
            }
            if (SeqNumber.LessThan(ack, _sndUna - _maxSndWnd))
            {
                ChallengeAck(nowMs);
                return;
            }
            _lastAckMs = nowMs;
            if (_state == TcpState.TimeWait)
            {
                // Only a retransmitted FIN is expected; it is handled below.
            }
            else
            {
                ProcessAck(nowMs, ref seg, ack);
                if (_state == TcpState.Closed)
                {
                    return;
                }
            }

            // Sixth (URG): urgent data is delivered in line like any other (RFC 9293 §3.8.5, RFC 6093).
            // Seventh: segment text.
            int payload = seg.PayloadLength;
            uint dataSeq = seq;
            bool inOrderToFin = true;
            if (payload > 0)
            {
                if (_state == TcpState.Established || _state == TcpState.FinWait1 || _state == TcpState.FinWait2)
                {
                    inOrderToFin = ReceiveData(nowMs, dataSeq, packet, seg.PayloadOffset, payload);
                }
                else
                {
                    inOrderToFin = false; // CLOSE-WAIT and later: the peer already sent FIN, ignore
                }
            }

            // Eighth: FIN, only when it is the next thing in sequence.
            if (seg.HasFlag(TcpFlags.Fin))
            {
                uint finSeq = seq + (uint)payload;
                if (!inOrderToFin || finSeq != _rcvNxt)
                {
                    if (SeqNumber.GreaterThan(finSeq, _rcvNxt))
                    {
                        _ackNow = true; // a FIN beyond a hole: out of order, ACK at once (check 32)
                    }
                    if (_state == TcpState.TimeWait || _state == TcpState.CloseWait || _state == TcpState.Closing || _state == TcpState.LastAck)
                    {
                        _ackNow = true; // a retransmitted FIN: ACK it again
                        if (_state == TcpState.TimeWait)
                        {
                            _timeWaitDeadline = nowMs + 2L * MslMs; // RFC 9293 §3.10.7.4: restart 2 MSL
                        }
                    }
                    return;
                }
                _rcvNxt++;
                _rcvAdvEdge = SeqNumber.Max(_rcvAdvEdge, _rcvNxt);
                _finReceived = true;
                _ackNow = true;
                switch (_state)
                {
                    case TcpState.SynReceived:
                    case TcpState.Established:
                        SetState(nowMs, TcpState.CloseWait);
                        break;
                    case TcpState.FinWait1:
                        if (OurFinAcked())
                        {
                            EnterTimeWait(nowMs);
                        }
                        else
                        {
                            SetState(nowMs, TcpState.Closing);
                        }
                        break;
                    case TcpState.FinWait2:
                        EnterTimeWait(nowMs);
                        break;
                }
            }
        }

        private void ProcessAck(long nowMs, ref TcpRepr seg, uint ack)
        {
            uint seq = seg.SequenceNumber;
            uint window = (uint)seg.Window << _sndShift;
            int flight = (int)(_sndNxt - _sndUna);
            if (SeqNumber.GreaterThan(ack, _sndUna))
            {
                int acked = (int)(ack - _sndUna);
                int dataAcked = acked;
                if (_finSeqSet && SeqNumber.GreaterThan(ack, _finSeq))
                {
                    dataAcked--; // the FIN's sequence number carries no data
                    _finSent = true;
                }
                if (dataAcked > _tx.Count)
                {
                    dataAcked = _tx.Count;
                }
                _tx.Consume(dataAcked);
                _sndUna = ack;
                if (SeqNumber.LessThan(_sndNxt, _sndUna))
                {
                    _sndNxt = _sndUna; // data resent after a timeout was already there
                }
                SampleRtt(nowMs, ack);
                _retries = 0;
                _backoff = 0;
                _persistBackoff = 0;
                _persistDeadline = Never;
                // Congestion control (RFC 5681 §3.1, RFC 6582 §3.2).
                if (_recovering)
                {
                    if (SeqNumber.GreaterOrEqual(ack, _recover))
                    {
                        _cwnd = Min(_ssthresh, Max((int)(_sndNxt - _sndUna), _sndMss) + _sndMss); // full ACK: deflate
                        _recovering = false;
                    }
                    else
                    {
                        // Partial ACK: retransmit the next unacknowledged segment, deflate by the
                        // amount acknowledged, add back one MSS.
                        _retransmitOne = true;
                        _cwnd = Max(_cwnd - acked + _sndMss, _sndMss);
                    }
                }
                else if (_cwnd < _ssthresh)
                {
                    _cwnd += Min(acked, _sndMss); // slow start
                }
                else
                {
                    _cwnd += Max(1, _sndMss * _sndMss / _cwnd); // congestion avoidance
                }
                _dupAcks = 0;
                // RFC 6298 §5.2/5.3: stop the timer when all is acknowledged, else restart it.
                _rtoDeadline = _sndNxt == _sndUna ? Never : nowMs + CurrentRto();
                if (_sndNxt == _sndUna)
                {
                    _retransmitOne = false;
                }
            }
            else if (ack == _sndUna && seg.PayloadLength == 0 && !seg.HasFlag(TcpFlags.Fin) && window == _sndWnd && flight > 0 && window != 0)
            {
                // A duplicate ACK (RFC 5681 §2): fast retransmit on the third (§3.2), unless the
                // ACK does not cover more than "recover" from an earlier recovery (RFC 6582 §3.2 step 2).
                // With a zero window the byte in flight is a probe (RFC 9293 §3.8.6.1) and the ACK
                // answers it; nothing was lost, so it is not counted (else every third answered
                // probe would be resent at once and each later one would inflate cwnd).
                _dupAcks++;
                if (_dupAcks == 3 && !_recovering && (!_everRecovered || SeqNumber.GreaterThan(_sndUna - 1, _recover)))
                {
                    _ssthresh = Max(flight / 2, 2 * _sndMss);
                    _cwnd = _ssthresh + 3 * _sndMss;
                    _recover = _sndNxt;
                    _recovering = true;
                    _everRecovered = true;
                    _retransmitOne = true;
                }
                else if (_recovering && _dupAcks > 3)
                {
                    _cwnd += _sndMss; // inflate for each segment that left the network
                }
            }
            // Window update (RFC 9293 §3.10.7.4, fifth, ESTABLISHED): WL1/WL2 rule.
            if (SeqNumber.LessThan(_sndWl1, seq) || (_sndWl1 == seq && SeqNumber.LessOrEqual(_sndWl2, ack)))
            {
                if (_sndWnd == 0 && window > 0 && ack == _sndUna && _sndNxt != _sndUna && !_finSent)
                {
                    // The window reopened and our zero-window probe was not taken: send it again
                    // with what follows it now, instead of waiting for the backed-off timer.
                    _sndNxt = _sndUna;
                    _backoff = 0;
                    _retries = 0;
                    _retransmitOne = false;
                    _rtoDeadline = Never;
                }
                _sndWnd = window;
                _sndWl1 = seq;
                _sndWl2 = ack;
                if (window > _maxSndWnd)
                {
                    _maxSndWnd = window;
                }
            }

            // Our FIN acknowledged?
            if (OurFinAcked())
            {
                switch (_state)
                {
                    case TcpState.FinWait1:
                        SetState(nowMs, TcpState.FinWait2);
                        break;
                    case TcpState.Closing:
                        EnterTimeWait(nowMs);
                        break;
                    case TcpState.LastAck:
                        StopTimers();
                        SetState(nowMs, TcpState.Closed);
                        break;
                }
            }
        }

        private bool _everRecovered;

        private bool OurFinAcked()
        {
            return _finSeqSet && SeqNumber.GreaterThan(_sndUna, _finSeq);
        }

        // Returns true when the segment's data ended exactly at RCV.NXT afterwards (so a FIN right
        // after it is in sequence).
        private bool ReceiveData(long nowMs, uint seq, byte[] packet, int offset, int length)
        {
            uint end = seq + (uint)length;
            if (SeqNumber.LessThan(seq, _rcvNxt))
            {
                int old = (int)(_rcvNxt - seq);
                if (old >= length)
                {
                    _ackNow = true; // a duplicate: ACK it (RFC 5681 §4.2)
                    return end == _rcvNxt;
                }
                seq = _rcvNxt;
                offset += old;
                length -= old;
            }
            int distance = (int)(seq - _rcvNxt);
            if (distance == 0)
            {
                bool hadGaps = _gapCount > 0;
                int n = _rx.Write(packet, offset, length);
                _rcvNxt += (uint)n;
                MergeGaps();
                if (hadGaps || n < length)
                {
                    _ackNow = true; // a hole filled (RFC 5681 §4.2), or data beyond the window
                }
                else
                {
                    _segmentsSinceAck++;
                    if (_segmentsSinceAck >= 2)
                    {
                        _ackNow = true; // RFC 9293 §3.8.6.3: at least every second full segment
                    }
                    else if (_ackDeadline == Never)
                    {
                        _ackDeadline = nowMs + ClampAckDelay();
                    }
                }
                return n == length && end == _rcvNxt;
            }
            // Out of order: keep it beyond the data and ACK at once (RFC 5681 §4.2; check 32).
            int stored = _rx.WriteUnallocated(distance, packet, offset, length);
            if (stored > 0)
            {
                AddGap(seq, seq + (uint)stored);
            }
            _ackNow = true;
            return false;
        }

        private void AddGap(uint start, uint end)
        {
            // Merge with every overlapping or adjacent range, then insert.
            int i = 0;
            while (i < _gapCount)
            {
                if (SeqNumber.LessOrEqual(_gapStart[i], end) && SeqNumber.LessOrEqual(start, _gapEnd[i]))
                {
                    start = SeqNumber.Min(start, _gapStart[i]);
                    end = SeqNumber.Max(end, _gapEnd[i]);
                    RemoveGap(i);
                    continue;
                }
                i++;
            }
            if (_gapCount == _gapStart.Length)
            {
                return; // list full: forget this range, the peer will send it again
            }
            _gapStart[_gapCount] = start;
            _gapEnd[_gapCount] = end;
            _gapCount++;
        }

        private void RemoveGap(int i)
        {
            _gapCount--;
            _gapStart[i] = _gapStart[_gapCount];
            _gapEnd[i] = _gapEnd[_gapCount];
        }

        private void MergeGaps()
        {
            bool merged = true;
            while (merged)
            {
                merged = false;
                for (int i = 0; i < _gapCount; i++)
                {
                    if (SeqNumber.LessOrEqual(_gapStart[i], _rcvNxt))
                    {
                        if (SeqNumber.GreaterThan(_gapEnd[i], _rcvNxt))
                        {
                            int add = (int)(_gapEnd[i] - _rcvNxt);
                            if (add > _rx.Free)
                            {
                                add = _rx.Free;
                            }
                            _rx.CommitWrite(add);
                            _rcvNxt += (uint)add;
                        }
                        RemoveGap(i);
                        merged = true;
                        break;
                    }
                }
            }
        }

        /// <summary>
        /// Egress and timers: fills <paramref name="segment"/> with the next segment due, or
        /// returns false. The data, if any, is copied by <see cref="CopyPayload"/>.
        /// </summary>
        public bool Dispatch(long nowMs, ref TcpRepr segment, out Ipv4Address source, out Ipv4Address destination)
        {
            _clockMs = nowMs;
            source = _localAddress;
            destination = _remoteAddress;
            if (_rstPending)
            {
                _rstPending = false;
                source = _rstLocal;
                destination = _rstRemote;
                segment = new TcpRepr();
                segment.SourcePort = _rstLocalPort;
                segment.DestinationPort = _rstRemotePort;
                segment.SequenceNumber = _rstSeq;
                segment.AckNumber = _rstWithAck ? _rstAck : 0;
                segment.Flags = (byte)(TcpFlags.Rst | (_rstWithAck ? TcpFlags.Ack : 0));
                return true;
            }
            if (_state == TcpState.Closed || _state == TcpState.Listen)
            {
                return false;
            }
            RunTimers(nowMs);
            if (_state == TcpState.Closed)
            {
                return _rstPending && Dispatch(nowMs, ref segment, out source, out destination);
            }
            if (_synDue)
            {
                BuildSyn(nowMs, ref segment);
                return true;
            }
            if (_state == TcpState.SynSent || _state == TcpState.SynReceived)
            {
                return false;
            }
            uint seq;
            int length;
            bool fin;
            bool retransmission;
            if (NextData(nowMs, out seq, out length, out fin, out retransmission))
            {
                BuildHeader(ref segment, seq);
                segment.PayloadLength = length;
                if (fin)
                {
                    segment.Flags |= TcpFlags.Fin;
                }
                if (length > 0 && (fin || (int)(seq - _sndUna) + length == _tx.Count))
                {
                    segment.Flags |= TcpFlags.Psh; // the last segment of what was queued (check 34)
                }
                AfterDataSent(nowMs, seq, length, fin, retransmission);
                return true;
            }
            if (_ackNow || (_ackDeadline != Never && nowMs >= _ackDeadline))
            {
                // A pure ACK carries the highest sequence number sent (SND.MAX): after a timeout
                // SND.NXT may lie left of the peer's window, and an ACK sent from there would be
                // unacceptable to it, so neither side would ever see the other's ACKs.
                BuildHeader(ref segment, SeqNumber.Max(_sndNxt, _sndMax));
                return true;
            }
            if (KeepAliveDue(nowMs))
            {
                if (_keepAliveSent >= KeepAliveProbes)
                {
                    Fail(nowMs, TcpError.TimedOut); // RFC 1122 §4.2.3.6: the peer is gone
                    return false;
                }
                // RFC 1122 §4.2.3.6: SEG.SEQ = SND.NXT − 1 and no data, so the peer must ACK.
                BuildHeader(ref segment, _sndNxt - 1);
                _keepAliveSent++;
                _keepAliveNextMs = nowMs + KeepAliveIntervalMs;
                return true;
            }
            return false;
        }

        /// <summary>Copies the data of a segment <see cref="Dispatch"/> produced.</summary>
        public void CopyPayload(ref TcpRepr segment, byte[] destination, int destinationOffset)
        {
            if (segment.PayloadLength == 0)
            {
                return;
            }
            int skip = (int)(segment.SequenceNumber - _sndUna);
            int n = _tx.Peek(skip, destination, destinationOffset, segment.PayloadLength);
            if (n != segment.PayloadLength)
            {
                throw new System.InvalidOperationException("CopyPayload must follow the Dispatch that produced the segment");
            }
        }

        /// <summary>The next deadline (absolute ms), or long.MaxValue; ≤ now when something is due now.</summary>
        public long PollAt(long nowMs)
        {
            _clockMs = nowMs;
            if (_rstPending)
            {
                return nowMs;
            }
            if (_state == TcpState.Closed || _state == TcpState.Listen)
            {
                return Never;
            }
            if (_synDue || _ackNow)
            {
                return nowMs;
            }
            uint seq;
            int length;
            bool fin;
            bool retransmission;
            if (IsSynchronized(_state) && NextData(nowMs, out seq, out length, out fin, out retransmission))
            {
                return nowMs;
            }
            long t = _rtoDeadline;
            t = MinL(t, _ackDeadline);
            t = MinL(t, _persistDeadline);
            t = MinL(t, _timeWaitDeadline);
            t = MinL(t, KeepAliveDeadline());
            return t;
        }

        /// <summary>ICMP error quoting this connection (RFC 9293 §3.10.7 MUST-54/56, RFC 5461).</summary>
        public void ProcessIcmpError(long nowMs, byte type, byte code)
        {
            if (_state == TcpState.Closed || _state == TcpState.Listen)
            {
                return;
            }
            if (type == IcmpType.DestinationUnreachable && (code == 2 || code == 3)
                && (_state == TcpState.SynSent || _state == TcpState.SynReceived))
            {
                // Protocol or port unreachable while opening: hard error.
                Fail(nowMs, code == 3 ? TcpError.Refused : TcpError.HostUnreachable);
                return;
            }
            // Net/host unreachable (0, 1), source route failed (5), fragmentation needed (4) in a
            // synchronized state, time exceeded: soft. The connection goes on; the error is
            // reported if it later times out.
            _softError = TcpError.HostUnreachable;
        }

        /// <summary>
        /// The RST for a segment that matches no socket (RFC 9293 §3.10.7.1), or false when none
        /// is due (the segment is itself an RST).
        /// </summary>
        public static bool MakeReset(ref TcpRepr incoming, out TcpRepr reset)
        {
            reset = new TcpRepr();
            if (incoming.HasFlag(TcpFlags.Rst))
            {
                return false;
            }
            reset.SourcePort = incoming.DestinationPort;
            reset.DestinationPort = incoming.SourcePort;
            if (incoming.HasFlag(TcpFlags.Ack))
            {
                reset.SequenceNumber = incoming.AckNumber; // <SEQ=SEG.ACK><CTL=RST>
                reset.Flags = TcpFlags.Rst;
            }
            else
            {
                // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
                reset.SequenceNumber = 0;
                reset.AckNumber = incoming.SequenceNumber + (uint)incoming.SegmentLength;
                reset.Flags = (byte)(TcpFlags.Rst | TcpFlags.Ack);
            }
            return true;
        }

        // ------------------------------------------------------------------ egress helpers

        private void BuildSyn(long nowMs, ref TcpRepr seg)
        {
            seg = new TcpRepr();
            seg.SourcePort = _localPort;
            seg.DestinationPort = _remotePort;
            seg.SequenceNumber = _iss;
            seg.Flags = TcpFlags.Syn;
            seg.Window = (ushort)InitialWindow();
            seg.HasMss = true;
            seg.Mss = (ushort)_ourMss; // RFC 9293 §3.7.1: MSS only in SYN segments
            bool offerScale = _state == TcpState.SynSent || _windowScaling;
            if (offerScale)
            {
                seg.HasWindowScale = true;
                seg.WindowScale = _rcvShift;
            }
            if (_state == TcpState.SynReceived)
            {
                seg.Flags |= TcpFlags.Ack;
                seg.AckNumber = _rcvNxt;
            }
            _synDue = false;
            _sndNxt = _iss + 1;
            _sndMax = _iss + 1;
            if (_rtoDeadline == Never || nowMs >= _rtoDeadline)
            {
                _rtoDeadline = nowMs + CurrentRto();
            }
            if (!_rttActive && _retries == 0)
            {
                _rttActive = true;
                _rttSeq = _iss + 1;
                _rttStartMs = nowMs;
            }
            ClearAckState();
        }

        private void BuildHeader(ref TcpRepr seg, uint seq)
        {
            seg = new TcpRepr();
            seg.SourcePort = _localPort;
            seg.DestinationPort = _remotePort;
            seg.SequenceNumber = seq;
            seg.AckNumber = _rcvNxt;
            seg.Flags = TcpFlags.Ack;
            seg.Window = AnnounceWindow();
            ClearAckState();
        }

        private void ClearAckState()
        {
            _ackNow = false;
            _ackDeadline = Never;
            _segmentsSinceAck = 0;
        }

        // Decides the next data/FIN segment without changing state.
        private bool NextData(long nowMs, out uint seq, out int length, out bool fin, out bool retransmission)
        {
            seq = _sndNxt;
            length = 0;
            fin = false;
            retransmission = false;
            switch (_state)
            {
                case TcpState.Established:
                case TcpState.CloseWait:
                case TcpState.FinWait1:
                case TcpState.Closing:
                case TcpState.LastAck:
                    break;
                default:
                    return false;
            }
            int inFlight = (int)(_sndNxt - _sndUna);
            int dataInFlight = inFlight - (_finSent && SeqNumber.GreaterThan(_sndNxt, _finSeq) ? 1 : 0);
            if (_retransmitOne && inFlight > 0)
            {
                seq = _sndUna;
                length = Min(dataInFlight, _sndMss);
                fin = length == dataInFlight && _finSent && SeqNumber.GreaterThan(_sndNxt, _finSeq);
                retransmission = true;
                return length > 0 || fin;
            }
            int unsent = _tx.Count - dataInFlight;
            bool finWanted = _finQueued && !_finSent;
            int window = (int)Min(_sndWnd, (uint)_cwnd);
            int usable = window - inFlight;
            if (usable < 0)
            {
                usable = 0;
            }
            length = Min(Min(unsent, _sndMss), usable);
            bool persistExpired = _persistDeadline != Never && nowMs >= _persistDeadline;
            if (length == 0 && unsent > 0 && persistExpired && inFlight == 0)
            {
                length = Min(unsent, Max(usable, 1)); // zero-window probe (RFC 9293 §3.8.6.1)
                fin = false;
                return true;
            }
            fin = finWanted && length == unsent;
            if (length == 0)
            {
                return fin;
            }
            if (length < _sndMss && !persistExpired)
            {
                bool all = length == unsent;
                // RFC 9293 §3.8.6.2.1 sender SWS avoidance and §3.7.4 Nagle.
                if (!all && length < (int)(_maxSndWnd / 2))
                {
                    return false;
                }
                if (all && inFlight > 0 && !NoDelay)
                {
                    return false;
                }
            }
            return true;
        }

        private void AfterDataSent(long nowMs, uint seq, int length, bool fin, bool retransmission)
        {
            if (!retransmission && SeqNumber.LessThan(seq, _sndMax))
            {
                // Sent again after a timeout sent SND.NXT back: a retransmission for Karn's rule
                // (RFC 6298 §3) even though it goes out in order.
                Retransmissions++;
                if (_rttActive && SeqNumber.GreaterThan(_rttSeq, seq))
                {
                    _rttActive = false;
                }
                uint resentEnd = seq + (uint)length + (fin ? 1u : 0u);
                if (fin)
                {
                    _finSent = true;
                    _finSeqSet = true;
                    _finSeq = seq + (uint)length;
                }
                if (SeqNumber.GreaterThan(resentEnd, _sndNxt))
                {
                    _sndNxt = resentEnd;
                }
                if (SeqNumber.GreaterThan(resentEnd, _sndMax))
                {
                    _sndMax = resentEnd;
                }
                if (_rtoDeadline == Never)
                {
                    _rtoDeadline = nowMs + CurrentRto();
                }
                return;
            }
            if (retransmission)
            {
                _retransmitOne = false;
                Retransmissions++;
                if (_rttActive && SeqNumber.GreaterThan(_rttSeq, seq))
                {
                    _rttActive = false; // Karn: no sample from a retransmitted segment
                }
            }
            else
            {
                uint end = seq + (uint)length + (fin ? 1u : 0u);
                if (fin)
                {
                    _finSent = true;
                    _finSeqSet = true;
                    _finSeq = seq + (uint)length;
                }
                if (SeqNumber.GreaterThan(end, _sndNxt))
                {
                    _sndNxt = end;
                }
                if (SeqNumber.GreaterThan(end, _sndMax))
                {
                    _sndMax = end;
                }
                if (!_rttActive && (length > 0 || fin))
                {
                    _rttActive = true;
                    _rttSeq = end;
                    _rttStartMs = nowMs;
                }
            }
            if (_rtoDeadline == Never)
            {
                _rtoDeadline = nowMs + CurrentRto();
            }
            if (_persistDeadline != Never && nowMs >= _persistDeadline)
            {
                _persistDeadline = Never; // the probe went out; the RTO or the next ACK re-arms it
            }
        }

        private void RunTimers(long nowMs)
        {
            if (_state == TcpState.TimeWait)
            {
                if (nowMs >= _timeWaitDeadline)
                {
                    StopTimers();
                    SetState(nowMs, TcpState.Closed);
                }
                return;
            }
            if (_rtoDeadline != Never && nowMs >= _rtoDeadline)
            {
                OnRetransmissionTimeout(nowMs);
                if (_state == TcpState.Closed)
                {
                    return;
                }
            }
            // Persist timer (RFC 9293 §3.8.6.1): unsent data, nothing in flight, window too small.
            if (IsSynchronized(_state) && _sndNxt == _sndUna && _persistDeadline == Never)
            {
                uint seq;
                int length;
                bool fin;
                bool retransmission;
                int unsent = _tx.Count;
                if (unsent > 0 && !NextData(nowMs, out seq, out length, out fin, out retransmission))
                {
                    int backoff = CurrentRto() << Min(_persistBackoff, 6);
                    _persistDeadline = nowMs + Min(Max(backoff, CurrentRto()), MaxRtoMs);
                    _persistBackoff++;
                }
            }
        }

        private void OnRetransmissionTimeout(long nowMs)
        {
            if (_sndNxt == _sndUna && !_synDue)
            {
                _rtoDeadline = Never;
                return;
            }
            if (_retries == 0)
            {
                _firstRetransmitMs = nowMs;
            }
            // R2 (RFC 9293 §3.8.3): give up when data stayed unacknowledged too long. ACKs that
            // keep arriving (zero-window probes answered) keep the connection alive (check 29).
            int limit = _state == TcpState.SynSent || _state == TcpState.SynReceived ? SynUserTimeoutMs : UserTimeoutMs;
            long since = _state == TcpState.SynSent || _state == TcpState.SynReceived ? _openedMs : MaxL(_firstRetransmitMs, _lastAckMs);
            if (nowMs - since >= limit)
            {
                Fail(nowMs, _softError != TcpError.None ? _softError : TcpError.TimedOut);
                return;
            }
            _retries++;
            _backoff++; // RFC 6298 §5.5 back off
            _rtoDeadline = nowMs + CurrentRto();
            _rttActive = false; // Karn (RFC 6298 §3)
            if (_state == TcpState.SynSent || _state == TcpState.SynReceived)
            {
                _synDue = true;
                Retransmissions++;
                return;
            }
            if (_sndWnd == 0 && _tx.Count > 0)
            {
                // A zero-window probe was not answered yet: probe again, without collapsing cwnd.
                _retransmitOne = true;
                return;
            }
            // RFC 5681 §3.1 eq. 4: ssthresh = max(FlightSize / 2, 2·SMSS); cwnd = 1 SMSS (loss window).
            int flight = (int)(_sndNxt - _sndUna);
            _ssthresh = Max(flight / 2, 2 * _sndMss);
            _cwnd = _sndMss;
            _recovering = false;
            _recover = _sndNxt;
            _dupAcks = 0;
            // Go back: resend from SND.UNA (the FIN too when it is unacknowledged).
            _sndNxt = _sndUna;
            if (_finSent && SeqNumber.GreaterThan(_sndNxt, _finSeq) == false)
            {
                _finSent = false;
            }
        }

        private bool KeepAliveDue(long nowMs)
        {
            long t = KeepAliveDeadline();
            return t != Never && nowMs >= t;
        }

        private long KeepAliveDeadline()
        {
            if (!KeepAlive || (_state != TcpState.Established && _state != TcpState.CloseWait) || _sndNxt != _sndUna || _tx.Count > 0)
            {
                return Never;
            }
            return _keepAliveSent == 0 ? _lastReceiveMs + KeepAliveIdleMs : _keepAliveNextMs;
        }

        // ------------------------------------------------------------------ small helpers

        private void TakeSynOptions(ref TcpRepr seg)
        {
            // RFC 9293 §3.7.1: 536 when the peer sends no MSS option; never more than ours.
            int peerMss = seg.HasMss ? seg.Mss : DefaultSendMss;
            _sndMss = Min(peerMss, _ourMss);
            if (_sndMss < 64)
            {
                _sndMss = 64; // an MSS of 1 would make a segment per byte; keep a sane floor
            }
            // RFC 7323 §2.2: scaling is used only when both SYNs carry the option.
            if (seg.HasWindowScale)
            {
                _windowScaling = true;
                _sndShift = seg.WindowScale;
                _rcvShift = ShiftFor(_rx.Capacity);
            }
            else
            {
                _windowScaling = false;
                _sndShift = 0;
                _rcvShift = 0;
            }
            // RFC 5681 §3.1 initial window: min(4·MSS, max(2·MSS, 4380)).
            _cwnd = Min(4 * _sndMss, Max(2 * _sndMss, 4380));
            _ssthresh = int.MaxValue / 2;
        }

        private static byte ShiftFor(int capacity)
        {
            byte s = 0;
            while (s < 14 && (capacity >> s) > 65535)
            {
                s++;
            }
            return s;
        }

        private int InitialWindow()
        {
            return Min(_rx.Free, 65535);
        }

        // RFC 9293 §3.8.6.2.2 receiver SWS avoidance: move the right edge only by at least
        // min(buffer / 2, MSS); never shrink it.
        private ushort AnnounceWindow()
        {
            if (WindowIncrease() >= ReceiverSwsThreshold())
            {
                _rcvAdvEdge = _rcvNxt + (uint)_rx.Free;
            }
            if (SeqNumber.LessThan(_rcvAdvEdge, _rcvNxt))
            {
                _rcvAdvEdge = _rcvNxt;
            }
            uint window = (_rcvAdvEdge - _rcvNxt) >> _rcvShift;
            return (ushort)(window > 65535 ? 65535 : window);
        }

        private int WindowIncrease()
        {
            return (int)(_rcvNxt + (uint)_rx.Free - _rcvAdvEdge);
        }

        private int ReceiverSwsThreshold()
        {
            return Max(1, Min(_rx.Capacity / 2, _sndMss));
        }

        private int ClampAckDelay()
        {
            int d = AckDelayMs;
            return d < 1 ? 1 : (d > 500 ? 500 : d);
        }

        // RFC 6298 §5.5 doubles the RTO on each timeout; like BSD and Linux, the doubling is kept
        // as a shift that an ACK of new data clears (§5.7 leaves the base from SRTT and RTTVAR).
        private int CurrentRto()
        {
            int shift = _backoff > 6 ? 6 : _backoff;
            int r = _rto << shift;
            return r > MaxRtoMs || r <= 0 ? MaxRtoMs : r;
        }

        private void SampleRtt(long nowMs, uint ack)
        {
            if (!_rttActive || SeqNumber.LessThan(ack, _rttSeq))
            {
                return;
            }
            _rttActive = false;
            int r = (int)(nowMs - _rttStartMs);
            if (r < 0)
            {
                r = 0;
            }
            // RFC 6298 §2.2/2.3 (alpha 1/8, beta 1/4, K 4, G 1 ms).
            if (_srtt < 0)
            {
                _srtt = r;
                _rttvar = r / 2;
            }
            else
            {
                int delta = _srtt - r;
                _rttvar = (3 * _rttvar + (delta < 0 ? -delta : delta)) / 4;
                _srtt = (7 * _srtt + r) / 8;
            }
            _rto = Min(Max(_srtt + Max(1, 4 * _rttvar), MinRtoMs), MaxRtoMs);
        }

        private void ChallengeAck(long nowMs)
        {
            if (nowMs - _challengeWindowMs >= 1000)
            {
                _challengeWindowMs = nowMs;
                _challengeCount = 0;
            }
            if (_challengeCount < ChallengeAckLimit)
            {
                _challengeCount++;
                ChallengeAcks++;
                _ackNow = true;
            }
            else
            {
                ChallengeAcksSuppressed++;
            }
        }

        private void QueueReset(uint seq, uint ack, bool withAck)
        {
            _rstLocal = _localAddress;
            _rstRemote = _remoteAddress;
            _rstLocalPort = _localPort;
            _rstRemotePort = _remotePort;
            _rstPending = true;
            _rstSeq = seq;
            _rstAck = ack;
            _rstWithAck = withAck;
        }

        private void EnterTimeWait(long nowMs)
        {
            bool ack = _ackNow;
            StopTimers();
            _ackNow = ack; // the ACK of the peer's FIN still has to go out
            _timeWaitDeadline = nowMs + 2L * MslMs;
            SetState(nowMs, TcpState.TimeWait);
        }

        private void ReturnToListen(long nowMs)
        {
            StopTimers();
            _tx.Clear();
            _rx.Clear();
            _gapCount = 0;
            _localAddress = _listenAddress;
            _remoteAddress = Ipv4Address.Any;
            _remotePort = 0;
            _finQueued = _finSent = _finReceived = _finSeqSet = false;
            SetState(nowMs, TcpState.Listen);
        }

        private void Fail(long nowMs, TcpError error)
        {
            _error = error;
            StopTimers();
            _tx.Clear();
            SetState(nowMs, TcpState.Closed);
        }

        private void StopTimers()
        {
            _rtoDeadline = Never;
            _ackDeadline = Never;
            _persistDeadline = Never;
            _timeWaitDeadline = Never;
            _synDue = false;
            _ackNow = false;
            _retransmitOne = false;
        }

        private void Clear()
        {
            _rx.Clear();
            _tx.Clear();
            _gapCount = 0;
            _state = TcpState.Closed;
            _error = TcpError.None;
            _softError = TcpError.None;
            _localAddress = Ipv4Address.Any;
            _listenAddress = Ipv4Address.Any;
            _remoteAddress = Ipv4Address.Any;
            _localPort = 0;
            _remotePort = 0;
            _passiveChild = false;
            _iss = _sndUna = _sndNxt = _sndMax = _sndWl1 = _sndWl2 = _finSeq = 0;
            _finSeqSet = false;
            _sndWnd = _maxSndWnd = 0;
            _sndMss = DefaultSendMss;
            _sndShift = _rcvShift = 0;
            _windowScaling = false;
            _irs = _rcvNxt = _rcvAdvEdge = 0;
            _finQueued = _finSent = _finReceived = false;
            _rstPending = false;
            _srtt = -1;
            _rttvar = 0;
            _rto = InitialRtoMs;
            _backoff = 0;
            _rttActive = false;
            _cwnd = 4380;
            _ssthresh = int.MaxValue / 2;
            _dupAcks = 0;
            _recovering = false;
            _everRecovered = false;
            _recover = 0;
            _retries = 0;
            _firstRetransmitMs = 0;
            _lastAckMs = 0;
            _persistBackoff = 0;
            _lastReceiveMs = 0;
            _keepAliveSent = 0;
            _openedMs = 0;
            _challengeWindowMs = long.MinValue / 2;
            _challengeCount = 0;
            StopTimers();
        }

        private static bool IsSynchronized(TcpState s)
        {
            return s >= TcpState.Established;
        }

        private void SetState(long nowMs, TcpState next)
        {
            if (next == _state)
            {
                return;
            }
            TcpState previous = _state;
            _state = next;
            if (StateLog != null)
            {
                StateLog.Record(nowMs, Id, previous, next);
            }
            Trace(previous, next);
        }

        [Conditional("NANOSTACK_TRACE")]
        private void Trace(TcpState from, TcpState to)
        {
            Debug.WriteLine(string.Concat("tcp ", _localPort.ToString(), ": ", StateName(from), " -> ", StateName(to)));
        }

        /// <summary>The RFC 9293 name of a state (LISTEN, SYN-SENT, …).</summary>
        public static string StateName(TcpState state)
        {
            switch (state)
            {
                case TcpState.Closed: return "CLOSED";
                case TcpState.Listen: return "LISTEN";
                case TcpState.SynSent: return "SYN-SENT";
                case TcpState.SynReceived: return "SYN-RECEIVED";
                case TcpState.Established: return "ESTABLISHED";
                case TcpState.FinWait1: return "FIN-WAIT-1";
                case TcpState.FinWait2: return "FIN-WAIT-2";
                case TcpState.CloseWait: return "CLOSE-WAIT";
                case TcpState.Closing: return "CLOSING";
                case TcpState.LastAck: return "LAST-ACK";
                default: return "TIME-WAIT";
            }
        }

        private static int Min(int a, int b) { return a < b ? a : b; }
        private static int Max(int a, int b) { return a > b ? a : b; }
        private static uint Min(uint a, uint b) { return a < b ? a : b; }
        private static uint Max(uint a, uint b) { return a > b ? a : b; }
        private static long MinL(long a, long b) { return a < b ? a : b; }
        private static long MaxL(long a, long b) { return a > b ? a : b; }
    }
}
