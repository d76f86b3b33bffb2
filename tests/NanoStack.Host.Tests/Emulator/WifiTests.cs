using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Board.Emulator;
using NanoStack.Board.Emulator.Wifi;
using NanoStack.Wifi;
using NanoStack.Wire;

namespace NanoStack.Host.Tests.Emulator
{
    [TestClass]
    public sealed class WifiTests
    {
        private static readonly MacAddress Bssid = new MacAddress(0x02, 0x00, 0x5E, 0x00, 0x00, 0x01);
        private static readonly MacAddress StationMac = new MacAddress(0x02, 0x00, 0x5E, 0x00, 0x00, 0x10);
        private static readonly MacAddress ServerMac = new MacAddress(0x02, 0x00, 0x5E, 0x00, 0x00, 0x20);

        // IEEE 802.11i-2004 Annex H.4.2 (PBKDF2-SHA1 passphrase-to-PSK mapping test vectors).
        [TestMethod]
        [DataRow("password", "IEEE", "f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e")]
        [DataRow("ThisIsAPassword", "ThisIsASSID", "0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af")]
        public void PmkMatchesTheStandardVectors(string passphrase, string ssid, string expected)
        {
            Assert.AreEqual(expected, Convert.ToHexStringLower(Wpa2Keys.Pmk(passphrase, ssid)));
        }

        [TestMethod]
        public void RightPassphraseJoinsAndFramesFlow()
        {
            var (air, ap, lan) = Network(WifiSecurity.Wpa2Personal);
            var station = new EmulatedStation(air, StationMac);
            EthernetSegment.Port server = lan.Attach(ServerMac);
            Assert.IsFalse(station.Link.Transmit(Frame(ServerMac), 0, 60, 0), "no frames before association");

            long now = Join(station, "NanoNet", "correct horse battery");

            Assert.AreEqual(WifiStatus.Connected, station.Status);
            Assert.AreEqual(WifiError.None, station.Error);
            Assert.AreEqual(station.ScanMs + station.AssociateMs + 4 * station.HandshakeStepMs, now, "scan, association and four EAPOL-Key messages on the virtual clock");
            Assert.IsTrue(station.TryGetEvent(out WifiEventKind kind));
            Assert.AreEqual(WifiEventKind.LinkUp, kind);
            Assert.IsTrue(ap.IsAssociated(StationMac));
            Assert.AreEqual(0, ap.MicFailures);

            Assert.IsTrue(station.Link.Transmit(Frame(ServerMac), 0, 60, now));
            Assert.AreEqual(60, server.Receive(new byte[1514], 0, 1514, now));
            Assert.IsTrue(server.Transmit(Frame(StationMac), 0, 60, now));
            Assert.AreEqual(60, station.Link.Receive(new byte[1514], 0, 1514, now));
        }

        [TestMethod]
        public void WrongPassphraseFailsAtTheMessage2MicCheck()
        {
            var (air, ap, lan) = Network(WifiSecurity.Wpa2Personal);
            var station = new EmulatedStation(air, StationMac);
            Join(station, "NanoNet", "wrong horse battery");

            Assert.AreEqual(WifiStatus.Disconnected, station.Status);
            Assert.AreEqual(WifiError.WrongPassphrase, station.Error);
            Assert.AreEqual(1, ap.MicFailures);
            Assert.IsFalse(ap.IsAssociated(StationMac));
            Assert.IsTrue(station.TryGetEvent(out WifiEventKind kind));
            Assert.AreEqual(WifiEventKind.ConnectFailed, kind);
            Assert.IsFalse(station.Link.Transmit(Frame(ServerMac), 0, 60, 1000));
        }

        [TestMethod]
        public void UnknownSsidIsNotFoundAfterTheScan()
        {
            var (air, _, _) = Network(WifiSecurity.Wpa2Personal);
            var station = new EmulatedStation(air, StationMac);
            long now = Join(station, "OtherNet", "correct horse battery");
            Assert.AreEqual(WifiError.NetworkNotFound, station.Error);
            Assert.AreEqual(station.ScanMs, now);
        }

        [TestMethod]
        public void PassphraseForAnOpenNetworkIsASecurityMismatch()
        {
            var (air, _, _) = Network(WifiSecurity.Open);
            var station = new EmulatedStation(air, StationMac);
            Join(station, "NanoNet", "correct horse battery");
            Assert.AreEqual(WifiError.SecurityMismatch, station.Error);

            Join(station, "NanoNet", null);
            Assert.AreEqual(WifiStatus.Connected, station.Status);
        }

        [TestMethod]
        public void DeauthenticationTakesTheLinkDown()
        {
            var (air, ap, lan) = Network(WifiSecurity.Wpa2Personal);
            var station = new EmulatedStation(air, StationMac);
            EthernetSegment.Port server = lan.Attach(ServerMac);
            long now = Join(station, "NanoNet", "correct horse battery");
            station.TryGetEvent(out _);

            ap.Deauthenticate(StationMac);
            server.Transmit(Frame(StationMac), 0, 60, now);
            Assert.IsTrue(station.Poll(now + 1));
            Assert.AreEqual(WifiStatus.Disconnected, station.Status);
            Assert.AreEqual(WifiError.LinkLost, station.Error);
            Assert.IsTrue(station.TryGetEvent(out WifiEventKind kind));
            Assert.AreEqual(WifiEventKind.LinkDown, kind);
            Assert.AreEqual(0, station.Link.Receive(new byte[1514], 0, 1514, now + 1), "frames for a station that left are not delivered");
            Assert.IsFalse(station.Link.Transmit(Frame(ServerMac), 0, 60, now + 1));

            now = Join(station, "NanoNet", "correct horse battery", now + 1);
            Assert.AreEqual(WifiStatus.Connected, station.Status, "reconnects after a deauthentication");
        }

        [TestMethod]
        public void ScanListsPoweredAccessPointsStrongestFirst()
        {
            var (air, _, _) = Network(WifiSecurity.Wpa2Personal);
            air.Add(new EmulatedAccessPoint("Neighbour", null, new MacAddress(0x02, 0, 0, 0, 0, 0x33), new EthernetSegment(), channel: 11, rssi: -30));
            var off = air.Add(new EmulatedAccessPoint("Dark", null, new MacAddress(0x02, 0, 0, 0, 0, 0x34), new EthernetSegment(), rssi: -20));
            off.PoweredOn = false;
            var station = new EmulatedStation(air, StationMac);
            var results = new WifiNetwork[4];
            Assert.AreEqual(2, station.Scan(0, results));
            Assert.AreEqual("Neighbour", results[0].Ssid);
            Assert.AreEqual(WifiSecurity.Open, results[0].Security);
            Assert.AreEqual("NanoNet", results[1].Ssid);
            Assert.AreEqual(WifiSecurity.Wpa2Personal, results[1].Security);
            Assert.AreEqual(6, results[1].Channel);
        }

        private static (RadioEnvironment, EmulatedAccessPoint, EthernetSegment) Network(WifiSecurity security)
        {
            var lan = new EthernetSegment();
            var air = new RadioEnvironment();
            var ap = air.Add(new EmulatedAccessPoint("NanoNet", security == WifiSecurity.Open ? null : "correct horse battery", Bssid, lan));
            return (air, ap, lan);
        }

        private static long Join(EmulatedStation station, string ssid, string passphrase, long now = 0)
        {
            station.Connect(now, ssid, passphrase);
            for (int i = 0; i < 20 && station.PollAt(now) != long.MaxValue; i++)
            {
                now = Math.Max(now, station.PollAt(now));
                station.Poll(now);
            }
            return now;
        }

        private static byte[] Frame(MacAddress destination)
        {
            var frame = new byte[60];
            destination.Write(frame, 0);
            StationMac.Write(frame, 6);
            frame[12] = 0x88;
            frame[13] = 0xB5; // IEEE 802 local experimental EtherType
            return frame;
        }
    }
}
