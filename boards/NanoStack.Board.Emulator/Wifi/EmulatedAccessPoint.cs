using System;
using System.Collections.Generic;
using NanoStack.Wifi;
using NanoStack.Wire;

namespace NanoStack.Board.Emulator.Wifi
{
    /// <summary>
    /// A simulated WPA2-Personal (or open) access point. Its wired side is an
    /// <see cref="EthernetSegment"/> on which the emulator's DHCP, DNS and HTTPS servers sit; a
    /// station that completes authentication, association and the 4-way handshake is bridged
    /// onto that segment. The access point keeps its own PMK, derived from its own passphrase, so
    /// a station with a different passphrase fails the message-2 MIC check, as on air.
    /// </summary>
    public sealed class EmulatedAccessPoint
    {
        private readonly byte[] _pmk;
        private readonly Random _random;
        private readonly HashSet<ulong> _associated = new();
        private readonly Dictionary<ulong, byte[]> _ptks = new();
        private readonly Dictionary<ulong, byte[]> _aNonces = new();
        private ulong _replayCounter;

        /// <param name="passphrase">null or empty: an open network.</param>
        public EmulatedAccessPoint(string ssid, string passphrase, MacAddress bssid, EthernetSegment lan, int channel = 6, int rssi = -48, int maxStations = 8, int seed = 1)
        {
            ArgumentException.ThrowIfNullOrEmpty(ssid);
            ArgumentNullException.ThrowIfNull(lan);
            if (System.Text.Encoding.UTF8.GetByteCount(ssid) > 32)
            {
                throw new ArgumentException("an SSID has at most 32 octets", nameof(ssid));
            }
            Ssid = ssid;
            Bssid = bssid;
            Lan = lan;
            Channel = channel;
            Rssi = rssi;
            MaxStations = maxStations;
            Security = string.IsNullOrEmpty(passphrase) ? WifiSecurity.Open : WifiSecurity.Wpa2Personal;
            _pmk = Security == WifiSecurity.Open ? null : Wpa2Keys.Pmk(passphrase, ssid);
            _random = new Random(seed);
        }

        public string Ssid { get; }

        public MacAddress Bssid { get; }

        /// <summary>The wired side stations are bridged onto.</summary>
        public EthernetSegment Lan { get; }

        public int Channel { get; }

        public int Rssi { get; set; }

        public int MaxStations { get; }

        public WifiSecurity Security { get; }

        /// <summary>While false the access point sends no beacons and answers nothing.</summary>
        public bool PoweredOn { get; set; } = true;

        /// <summary>4-way handshakes that failed the message-2 MIC check (wrong passphrase).</summary>
        public int MicFailures { get; private set; }

        public int AssociatedCount => _associated.Count;

        public bool IsAssociated(MacAddress station) => PoweredOn && _associated.Contains(station.Value);

        /// <summary>Sends a deauthentication to <paramref name="station"/>: its link goes down.</summary>
        public void Deauthenticate(MacAddress station) => _associated.Remove(station.Value);

        internal bool TryAssociate(MacAddress station)
        {
            if (!PoweredOn)
            {
                return false;
            }
            if (_associated.Contains(station.Value))
            {
                return true;
            }
            return _associated.Count < MaxStations;
        }

        /// <summary>4-way handshake, message 1: a fresh ANonce.</summary>
        internal byte[] Message1(MacAddress station)
        {
            byte[] aNonce = new byte[Wpa2Keys.NonceLength];
            _random.NextBytes(aNonce);
            _aNonces[station.Value] = aNonce;
            _replayCounter++;
            return EapolKeyFrame.Build(1, _replayCounter, aNonce);
        }

        /// <summary>
        /// Message 2 arrives: derive the PTK from our PMK and the SNonce it carries, check its MIC.
        /// Returns message 3 (MIC-protected), or null when the MIC is wrong.
        /// </summary>
        internal byte[] Message2(MacAddress station, byte[] message2)
        {
            if (!_aNonces.Remove(station.Value, out byte[] aNonce))
            {
                return null;
            }
            byte[] sNonce = EapolKeyFrame.Nonce(message2).ToArray();
            byte[] ptk = Wpa2Keys.Ptk(_pmk, Wpa2Keys.MacBytes(Bssid), Wpa2Keys.MacBytes(station), aNonce, sNonce);
            if (!EapolKeyFrame.Verify(message2, ptk))
            {
                MicFailures++;
                return null;
            }
            _ptks[station.Value] = ptk;
            _replayCounter++;
            byte[] m3 = EapolKeyFrame.Build(3, _replayCounter, aNonce);
            EapolKeyFrame.Sign(m3, ptk);
            return m3;
        }

        /// <summary>Message 4 arrives: on a good MIC the station is associated and bridged.</summary>
        internal bool Message4(MacAddress station, byte[] message4)
        {
            if (!_ptks.Remove(station.Value, out byte[] ptk) || !EapolKeyFrame.Verify(message4, ptk))
            {
                MicFailures++;
                return false;
            }
            return Join(station);
        }

        internal bool Join(MacAddress station)
        {
            if (!TryAssociate(station))
            {
                return false;
            }
            _associated.Add(station.Value);
            return true;
        }

        public override string ToString() => "AP \"" + Ssid + "\" " + Bssid;
    }
}
