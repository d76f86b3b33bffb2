using System;
using System.Collections.Generic;
using System.Linq;
using NanoStack.Link;
using NanoStack.Wifi;
using NanoStack.Wire;

namespace NanoStack.Board.Emulator.Wifi
{
    /// <summary>
    /// The emulated device's Wi-Fi station (<see cref="IWifi"/>). Joining runs on the virtual
    /// clock in the steps a real station takes: an active scan (<see cref="ScanMs"/>), open-system
    /// authentication and association (<see cref="AssociateMs"/>), then for WPA2 the 4-way
    /// handshake with real key derivations (<see cref="Wpa2Keys"/>), one message every
    /// <see cref="HandshakeStepMs"/>. A wrong passphrase fails at the access point's message-2 MIC
    /// check and ends in <see cref="WifiError.WrongPassphrase"/>. Frames flow on <see cref="Link"/>
    /// only while associated; a deauthentication or a powered-off access point takes the link down.
    /// </summary>
    public sealed class EmulatedStation : IWifi
    {
        private enum Step { Idle, Scanning, Associating, Handshake1, Handshake2, Handshake3, Handshake4, Up }

        private readonly RadioEnvironment _air;
        private readonly Random _random;
        private readonly Queue<WifiEventKind> _events = new();
        private readonly GatedLink _link;
        private readonly Dictionary<EmulatedAccessPoint, EthernetSegment.Port> _ports = new();
        private Step _step;
        private long _dueMs = long.MaxValue;
        private string _ssid;
        private string _passphrase;
        private EmulatedAccessPoint _ap;
        private byte[] _sNonce, _ptk, _message;

        public EmulatedStation(RadioEnvironment air, MacAddress mac, int seed = 2)
        {
            ArgumentNullException.ThrowIfNull(air);
            _air = air;
            MacAddress = mac;
            _random = new Random(seed);
            _link = new GatedLink(this);
        }

        public int ScanMs { get; set; } = 120;
        public int AssociateMs { get; set; } = 8;
        public int HandshakeStepMs { get; set; } = 2;

        public MacAddress MacAddress { get; }

        public ILink Link => _link;

        public WifiStatus Status { get; private set; }

        public WifiError Error { get; private set; }

        /// <summary>The access point the station is joined to or joining, or null.</summary>
        public EmulatedAccessPoint AccessPoint => _ap;

        public int Scan(long nowMs, WifiNetwork[] results)
        {
            ArgumentNullException.ThrowIfNull(results);
            int n = 0;
            foreach (EmulatedAccessPoint ap in _air.InRange())
            {
                if (n == results.Length)
                {
                    break;
                }
                WifiNetwork r = results[n] ?? (results[n] = new WifiNetwork());
                r.Ssid = ap.Ssid;
                r.Bssid = ap.Bssid;
                r.Channel = ap.Channel;
                r.Rssi = ap.Rssi;
                r.Security = ap.Security;
                n++;
            }
            return n;
        }

        public void Connect(long nowMs, string ssid, string passphrase)
        {
            ArgumentException.ThrowIfNullOrEmpty(ssid);
            if (Status == WifiStatus.Connected)
            {
                Disconnect(nowMs);
            }
            _ssid = ssid;
            _passphrase = passphrase;
            _ap = null;
            Error = WifiError.None;
            Status = WifiStatus.Scanning;
            _step = Step.Scanning;
            _dueMs = nowMs + ScanMs;
        }

        public void Disconnect(long nowMs)
        {
            if (_step == Step.Up)
            {
                _ap.Deauthenticate(MacAddress);
                _events.Enqueue(WifiEventKind.LinkDown);
            }
            _step = Step.Idle;
            _dueMs = long.MaxValue;
            Status = WifiStatus.Disconnected;
        }

        public long PollAt(long nowMs) => _step == Step.Up ? long.MaxValue : _dueMs;

        public bool TryGetEvent(out WifiEventKind kind)
        {
            if (_events.Count == 0)
            {
                kind = WifiEventKind.None;
                return false;
            }
            kind = _events.Dequeue();
            return true;
        }

        public bool Poll(long nowMs)
        {
            if (_step == Step.Up)
            {
                if (!_ap.IsAssociated(MacAddress))
                {
                    Fail(WifiError.LinkLost, linkWasUp: true);
                    return true;
                }
                return false;
            }
            bool changed = false;
            while (_step != Step.Idle && _step != Step.Up && nowMs >= _dueMs)
            {
                Advance();
                changed = true;
            }
            return changed;
        }

        private void Advance()
        {
            switch (_step)
            {
                case Step.Scanning:
                    _ap = _air.InRange().FirstOrDefault(a => a.Ssid == _ssid);
                    if (_ap == null)
                    {
                        Fail(WifiError.NetworkNotFound, false);
                        return;
                    }
                    bool wantSecure = !string.IsNullOrEmpty(_passphrase);
                    if (wantSecure != (_ap.Security == WifiSecurity.Wpa2Personal))
                    {
                        Fail(WifiError.SecurityMismatch, false);
                        return;
                    }
                    Status = WifiStatus.Connecting;
                    _step = Step.Associating;
                    _dueMs += AssociateMs;
                    return;
                case Step.Associating:
                    if (!_ap.TryAssociate(MacAddress))
                    {
                        Fail(WifiError.AssociationRejected, false);
                        return;
                    }
                    if (_ap.Security == WifiSecurity.Open)
                    {
                        Up();
                        return;
                    }
                    _message = _ap.Message1(MacAddress);
                    _step = Step.Handshake1;
                    _dueMs += HandshakeStepMs;
                    return;
                case Step.Handshake1:
                {
                    // Message 1 received: choose the SNonce, derive the PTK from our passphrase, send message 2.
                    _sNonce = new byte[Wpa2Keys.NonceLength];
                    _random.NextBytes(_sNonce);
                    byte[] pmk = Wpa2Keys.Pmk(_passphrase, _ssid);
                    _ptk = Wpa2Keys.Ptk(pmk, Wpa2Keys.MacBytes(_ap.Bssid), Wpa2Keys.MacBytes(MacAddress), EapolKeyFrame.Nonce(_message), _sNonce);
                    _message = EapolKeyFrame.Build(2, 1, _sNonce);
                    EapolKeyFrame.Sign(_message, _ptk);
                    _step = Step.Handshake2;
                    _dueMs += HandshakeStepMs;
                    return;
                }
                case Step.Handshake2:
                    // The access point checks message 2 with its own PTK.
                    _message = _ap.Message2(MacAddress, _message);
                    if (_message == null)
                    {
                        Fail(WifiError.WrongPassphrase, false);
                        return;
                    }
                    _step = Step.Handshake3;
                    _dueMs += HandshakeStepMs;
                    return;
                case Step.Handshake3:
                    if (!EapolKeyFrame.Verify(_message, _ptk))
                    {
                        Fail(WifiError.WrongPassphrase, false);
                        return;
                    }
                    _message = EapolKeyFrame.Build(4, 2, ReadOnlySpan<byte>.Empty);
                    EapolKeyFrame.Sign(_message, _ptk);
                    _step = Step.Handshake4;
                    _dueMs += HandshakeStepMs;
                    return;
                case Step.Handshake4:
                    if (!_ap.Message4(MacAddress, _message))
                    {
                        Fail(WifiError.AssociationRejected, false);
                        return;
                    }
                    Up();
                    return;
            }
        }

        private void Up()
        {
            if (!_ap.Join(MacAddress))
            {
                Fail(WifiError.AssociationRejected, false);
                return;
            }
            if (!_ports.TryGetValue(_ap, out EthernetSegment.Port port))
            {
                port = _ap.Lan.Attach(MacAddress);
                _ports[_ap] = port;
            }
            _link.Port = port;
            _step = Step.Up;
            _dueMs = long.MaxValue;
            Status = WifiStatus.Connected;
            _events.Enqueue(WifiEventKind.LinkUp);
        }

        private void Fail(WifiError error, bool linkWasUp)
        {
            Error = error;
            Status = WifiStatus.Disconnected;
            _step = Step.Idle;
            _dueMs = long.MaxValue;
            _events.Enqueue(linkWasUp ? WifiEventKind.LinkDown : WifiEventKind.ConnectFailed);
        }

        private bool LinkUp => _step == Step.Up && _ap.IsAssociated(MacAddress);

        /// <summary>The station's frame link: the access point's LAN port while associated, nothing otherwise.</summary>
        private sealed class GatedLink : ILink
        {
            private readonly EmulatedStation _station;

            public GatedLink(EmulatedStation station) => _station = station;

            public EthernetSegment.Port Port { get; set; }

            /// <summary>Frames that arrived while the link was down and were discarded.</summary>
            public int DroppedWhileDown { get; private set; }

            public int MaxFrameLength => LoopbackLink.DefaultMaxFrameLength;

            public int Receive(byte[] buffer, int offset, int count, long nowMs)
            {
                if (Port == null)
                {
                    return 0;
                }
                if (!_station.LinkUp)
                {
                    while (Port.Receive(buffer, offset, count, nowMs) > 0)
                    {
                        DroppedWhileDown++;
                    }
                    return 0;
                }
                return Port.Receive(buffer, offset, count, nowMs);
            }

            public bool Transmit(byte[] buffer, int offset, int length, long nowMs)
            {
                return Port != null && _station.LinkUp && Port.Transmit(buffer, offset, length, nowMs);
            }

            public long PollAt(long nowMs) => Port == null || !_station.LinkUp ? long.MaxValue : Port.PollAt(nowMs);
        }
    }
}
