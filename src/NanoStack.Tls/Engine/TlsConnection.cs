using NanoStack.Channels;

namespace NanoStack.Tls
{
    /// <summary>
    /// The blocking driver: joins a <see cref="TlsClientEngine"/> to a transport
    /// <see cref="IByteChannel"/> (our TCP socket, an OS or nanoFramework <c>Socket</c>) and is
    /// itself a byte channel carrying the application data. Every wait for the transport is
    /// bounded by the timeout given to the call. A <see cref="Read"/> that times out after the
    /// handshake returns <see cref="ChannelStatus.TimedOut"/> and the connection stays usable (so a
    /// zero timeout polls); a timeout during the handshake or a write (a record may be half sent)
    /// and any transport failure end the connection with <see cref="TlsFailure.Timeout"/> or
    /// <see cref="TlsFailure.TransportFailed"/>.
    /// Negative results are <see cref="ChannelStatus"/> values; the engine's
    /// <see cref="TlsClientEngine.Failure"/> says exactly why. Allocates nothing.
    /// </summary>
    public sealed class TlsConnection : IByteChannel
    {
        private readonly TlsClientEngine _engine;
        private readonly IByteChannel _transport;
        private int _transportStatus;
        private bool _readTimedOut;

        public TlsConnection(TlsClientEngine engine, IByteChannel transport)
        {
            if (engine == null)
            {
                throw new System.ArgumentNullException("engine");
            }
            if (transport == null)
            {
                throw new System.ArgumentNullException("transport");
            }
            _engine = engine;
            _transport = transport;
        }

        /// <summary>The engine (failure details, negotiated parameters).</summary>
        public TlsClientEngine Engine { get { return _engine; } }

        /// <summary>The transport's last negative status (a <see cref="ChannelStatus"/> value), or 0.</summary>
        public int TransportStatus { get { return _transportStatus; } }

        /// <summary>
        /// Runs the handshake with <paramref name="hostName"/> at <paramref name="unixTimeSeconds"/>,
        /// resuming from <paramref name="cache"/> when it holds a session. Returns true once
        /// established; false with <see cref="TlsClientEngine.Failure"/> set otherwise.
        /// </summary>
        public bool Handshake(string hostName, long unixTimeSeconds, TlsSessionCache cache, int timeoutMs)
        {
            _transportStatus = 0;
            _engine.Start(hostName, unixTimeSeconds, cache);
            while (true)
            {
                int flags = _engine.Flags;
                if ((flags & TlsEngineFlags.SendRecord) != 0)
                {
                    if (!SendPending(timeoutMs))
                    {
                        return false;
                    }
                    continue;
                }
                if (_engine.IsEstablished)
                {
                    return true;
                }
                if ((flags & TlsEngineFlags.Closed) != 0)
                {
                    return false;
                }
                if ((flags & TlsEngineFlags.ReceiveRecord) != 0)
                {
                    if (!ReceiveSome(timeoutMs, true))
                    {
                        return false;
                    }
                    continue;
                }
                // Nothing to do and not established: a state the engine never reports.
                _engine.TransportFailed(TlsFailure.TransportFailed);
                return false;
            }
        }

        /// <summary>Reads application data: 1..count bytes, 0 after the server's close_notify,
        /// or a negative <see cref="ChannelStatus"/> (the engine says why).</summary>
        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            if (buffer == null)
            {
                throw new System.ArgumentNullException("buffer");
            }
            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new System.ArgumentOutOfRangeException("count");
            }
            while (true)
            {
                byte[] data;
                int at, available;
                if (_engine.TryGetAppData(out data, out at, out available))
                {
                    int n = available < count ? available : count;
                    System.Array.Copy(data, at, buffer, offset, n);
                    _engine.AckAppData(n);
                    return n;
                }
                int flags = _engine.Flags;
                if ((flags & TlsEngineFlags.SendRecord) != 0)
                {
                    if (!SendPending(timeoutMs))
                    {
                        return Status();
                    }
                    continue;
                }
                if ((flags & TlsEngineFlags.Closed) != 0)
                {
                    return Status();
                }
                if ((flags & TlsEngineFlags.ReceiveRecord) == 0)
                {
                    return Status();
                }
                if (!ReceiveSome(timeoutMs, false))
                {
                    // A read that times out after the handshake leaves the connection usable (a
                    // partial record stays buffered in the engine); any other failure is sticky.
                    return _readTimedOut ? ChannelStatus.TimedOut : Status();
                }
            }
        }

        /// <summary>Sends all <paramref name="count"/> bytes as application data records and
        /// flushes. Returns <paramref name="count"/> or a negative <see cref="ChannelStatus"/>.</summary>
        public int Write(byte[] buffer, int offset, int count, int timeoutMs)
        {
            if (buffer == null)
            {
                throw new System.ArgumentNullException("buffer");
            }
            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new System.ArgumentOutOfRangeException("count");
            }
            int done = 0;
            while (true)
            {
                int flags = _engine.Flags;
                if ((flags & TlsEngineFlags.SendRecord) != 0)
                {
                    if (!SendPending(timeoutMs))
                    {
                        return Status();
                    }
                    continue;
                }
                if ((flags & TlsEngineFlags.Closed) != 0 || !_engine.IsEstablished)
                {
                    return Status();
                }
                if (done == count)
                {
                    return count;
                }
                byte[] space;
                int at, room;
                if (!_engine.TryGetAppSendSpace(out space, out at, out room))
                {
                    return Status();
                }
                int n = count - done < room ? count - done : room;
                System.Array.Copy(buffer, offset + done, space, at, n);
                _engine.AckAppSend(n);
                done += n;
                if (done == count)
                {
                    _engine.Flush();
                }
            }
        }

        /// <summary>Sends close_notify (when established) and closes the transport.</summary>
        public void Close()
        {
            _engine.Close();
            int guard = 0;
            while ((_engine.Flags & TlsEngineFlags.SendRecord) != 0 && guard++ < 4)
            {
                if (!SendPending(1000))
                {
                    break;
                }
            }
            _transport.Close();
        }

        private bool SendPending(int timeoutMs)
        {
            byte[] data;
            int at, count;
            while (_engine.TryGetRecordsToSend(out data, out at, out count))
            {
                int sent = _transport.Write(data, at, count, timeoutMs);
                if (sent < 0)
                {
                    TransportError(sent);
                    return false;
                }
                _engine.AckRecordsSent(count);
            }
            return true;
        }

        private bool ReceiveSome(int timeoutMs, bool timeoutIsFatal)
        {
            _readTimedOut = false;
            byte[] space;
            int at, count;
            if (!_engine.TryGetRecordSpace(out space, out at, out count))
            {
                return false;
            }
            int n = _transport.Read(space, at, count, timeoutMs);
            if (n > 0)
            {
                _engine.AckRecordBytes(n);
                return true;
            }
            if (n == 0)
            {
                _engine.EndOfStream();
                return false;
            }
            if (n == ChannelStatus.TimedOut && !timeoutIsFatal)
            {
                _readTimedOut = true;
                return false;
            }
            TransportError(n);
            return false;
        }

        private void TransportError(int status)
        {
            _transportStatus = status;
            _engine.TransportFailed(status == ChannelStatus.TimedOut ? TlsFailure.Timeout : TlsFailure.TransportFailed);
        }

        private int Status()
        {
            TlsFailure failure = _engine.Failure;
            if (failure == TlsFailure.PeerClosed)
            {
                return 0;
            }
            if (failure == TlsFailure.Timeout)
            {
                return ChannelStatus.TimedOut;
            }
            if (failure == TlsFailure.TransportFailed)
            {
                return _transportStatus == ChannelStatus.Reset ? ChannelStatus.Reset : ChannelStatus.Failed;
            }
            if (failure == TlsFailure.LocallyClosed)
            {
                return ChannelStatus.Closed;
            }
            return ChannelStatus.ProtocolError;
        }
    }
}
