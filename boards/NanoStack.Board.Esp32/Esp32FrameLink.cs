using System;
using System.Threading;
using NanoStack.Link;
using NanoStack.Wire;
using nanoFramework.Runtime.Events;

namespace NanoStack.Board.Esp32
{
    /// <summary>
    /// Ethernet II frames to and from the ESP32 Wi-Fi station through the native interop module
    /// (<see cref="Esp32Native"/>). The driver's receive notification only sets a flag the poll
    /// loop reads (<see cref="FramePending"/>): nothing calls into the stack (DESIGN.md principle 10).
    /// </summary>
    public sealed class Esp32FrameLink : ILink, IStationLinkState
    {
        /// <summary>MTU 1500 + the 14-octet Ethernet II header.</summary>
        public const int FrameLength = 1514;

        private readonly object _sync = new object();
        private readonly NativeEventDispatcher _dispatcher;
        private bool _framePending;
        private bool _linkChanged;
        private int _dropped;

        /// <summary>Opens the native frame path and reads the station MAC. Throws when the
        /// firmware has no NanoStack module (a build or flashing error, not a runtime condition).</summary>
        public Esp32FrameLink()
        {
            int rc = Esp32Native.NativeOpen();
            if (rc != Esp32Native.Ok)
            {
                throw new InvalidOperationException(string.Concat("NativeOpen failed: ", rc.ToString()));
            }
            byte[] mac = new byte[MacAddress.Length];
            rc = Esp32Native.NativeGetMac(mac);
            if (rc != Esp32Native.Ok)
            {
                throw new InvalidOperationException(string.Concat("NativeGetMac failed: ", rc.ToString()));
            }
            MacAddress = MacAddress.Read(mac, 0);
            _dispatcher = new NativeEventDispatcher(Esp32Native.DispatcherName, 0);
            _dispatcher.OnInterrupt += OnNativeEvent;
            _framePending = true;
        }

        public MacAddress MacAddress { get; private set; }

        public int MaxFrameLength { get { return FrameLength; } }

        /// <summary>Frames the native side dropped because the caller's buffer was too short.</summary>
        public int Dropped { get { return _dropped; } }

        /// <summary>True after a receive notification until <see cref="Receive"/> finds the queue empty.</summary>
        public bool FramePending
        {
            get
            {
                Monitor.Enter(_sync);
                try
                {
                    return _framePending;
                }
                finally
                {
                    Monitor.Exit(_sync);
                }
            }
        }

        /// <summary>True once after the driver reported a link change; clears it.</summary>
        public bool TakeLinkChanged()
        {
            Monitor.Enter(_sync);
            try
            {
                bool changed = _linkChanged;
                _linkChanged = false;
                return changed;
            }
            finally
            {
                Monitor.Exit(_sync);
            }
        }

        /// <summary>The driver's view of the station link (associated, keys installed).</summary>
        public bool IsUp { get { return Esp32Native.NativeLinkState() == 1; } }

        public int Receive(byte[] buffer, int offset, int count, long nowMs)
        {
            CheckRange(buffer, offset, count);
            while (true)
            {
                int n = Esp32Native.NativeReceive(buffer, offset, count);
                if (n > 0)
                {
                    return n;
                }
                if (n == Esp32Native.ErrorDropped)
                {
                    _dropped++;
                    continue;
                }
                Monitor.Enter(_sync);
                _framePending = false;
                Monitor.Exit(_sync);
                return 0;
            }
        }

        public bool Transmit(byte[] buffer, int offset, int length, long nowMs)
        {
            CheckRange(buffer, offset, length);
            return Esp32Native.NativeTransmit(buffer, offset, length) == Esp32Native.Ok;
        }

        /// <summary>Frames arrive asynchronously: the board's loop waits on <see cref="FramePending"/>.</summary>
        public long PollAt(long nowMs)
        {
            return FramePending ? nowMs : long.MaxValue;
        }

        private static void CheckRange(byte[] buffer, int offset, int length)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }
            if (offset < 0 || length < 0 || offset > buffer.Length - length)
            {
                throw new ArgumentOutOfRangeException("offset");
            }
        }

        private void OnNativeEvent(uint data1, uint data2, DateTime time)
        {
            Monitor.Enter(_sync);
            if (data1 == Esp32Native.EventFrameReceived)
            {
                _framePending = true;
            }
            else if (data1 == Esp32Native.EventLinkChanged)
            {
                _linkChanged = true;
            }
            Monitor.Exit(_sync);
        }
    }
}
