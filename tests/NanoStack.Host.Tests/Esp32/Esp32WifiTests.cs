using System.Device.Wifi;
using NanoStack.Board.Esp32;
using NanoStack.Link;
using NanoStack.Wifi;
using NanoStack.Wire;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NanoStack.Host.Tests.Esp32
{
    /// <summary>The ESP32 board's <see cref="IWifi"/> behind the scripted stand-in of
    /// nanoFramework's WifiAdapter: driver results become statuses, errors and polled events.</summary>
    [TestClass]
    public class Esp32WifiTests
    {
        private static readonly MacAddress Mac = new MacAddress(0x24, 0x6F, 0x28, 1, 2, 3);

        private sealed class FakeLink : ILink, IStationLinkState
        {
            public bool IsUp { get; set; }

            public int MaxFrameLength => 1514;

            public int Receive(byte[] buffer, int offset, int count, long nowMs) => 0;

            public bool Transmit(byte[] buffer, int offset, int length, long nowMs) => IsUp;

            public long PollAt(long nowMs) => long.MaxValue;
        }

        private static (WifiAdapter adapter, FakeLink link, Esp32Wifi wifi) NewStation()
        {
            var adapter = new WifiAdapter(0);
            var link = new FakeLink();
            return (adapter, link, new Esp32Wifi(adapter, link, link, Mac));
        }

        private static WifiEventKind NextEvent(IWifi wifi)
        {
            return wifi.TryGetEvent(out WifiEventKind kind) ? kind : WifiEventKind.None;
        }

        [TestMethod]
        public void SuccessfulConnectQueuesLinkUp()
        {
            var (adapter, link, wifi) = NewStation();
            adapter.NextConnectStatus = WifiConnectionStatus.Success;
            link.IsUp = true;
            wifi.Connect(0, "lab", "correct horse");
            Assert.AreEqual("lab", adapter.LastSsid);
            Assert.AreEqual("correct horse", adapter.LastPassword);
            Assert.AreEqual(WifiReconnectionKind.Manual, adapter.LastReconnectionKind);
            Assert.AreEqual(WifiStatus.Connected, wifi.Status);
            Assert.AreEqual(WifiError.None, wifi.Error);
            Assert.AreEqual(WifiEventKind.LinkUp, NextEvent(wifi));
            Assert.AreEqual(WifiEventKind.None, NextEvent(wifi));
            Assert.AreEqual(Mac, wifi.MacAddress);
            Assert.AreSame(link, wifi.Link);
        }

        [TestMethod]
        public void OpenNetworkPassesAnEmptyPassword()
        {
            var (adapter, _, wifi) = NewStation();
            adapter.NextConnectStatus = WifiConnectionStatus.Success;
            wifi.Connect(0, "cafe", null);
            Assert.AreEqual(string.Empty, adapter.LastPassword);
        }

        [TestMethod]
        public void RefusedConnectSaysWhy()
        {
            var (adapter, _, wifi) = NewStation();
            adapter.NextConnectStatus = WifiConnectionStatus.InvalidCredential;
            wifi.Connect(0, "lab", "wrong");
            Assert.AreEqual(WifiStatus.Disconnected, wifi.Status);
            Assert.AreEqual(WifiError.WrongPassphrase, wifi.Error);
            Assert.AreEqual(WifiEventKind.ConnectFailed, NextEvent(wifi));

            adapter.NextConnectStatus = WifiConnectionStatus.Success;
            wifi.Connect(10, "lab", "right");
            Assert.AreEqual(WifiError.None, wifi.Error, "the error is sticky only until the next Connect");
        }

        [TestMethod]
        public void DriverStatusesMapToWifiErrors()
        {
            Assert.AreEqual(WifiError.None, Esp32Wifi.MapStatus(WifiConnectionStatus.Success));
            Assert.AreEqual(WifiError.NetworkNotFound, Esp32Wifi.MapStatus(WifiConnectionStatus.NetworkNotAvailable));
            Assert.AreEqual(WifiError.WrongPassphrase, Esp32Wifi.MapStatus(WifiConnectionStatus.InvalidCredential));
            Assert.AreEqual(WifiError.SecurityMismatch, Esp32Wifi.MapStatus(WifiConnectionStatus.UnsupportedAuthenticationProtocol));
            Assert.AreEqual(WifiError.AssociationRejected, Esp32Wifi.MapStatus(WifiConnectionStatus.AccessRevoked));
            Assert.AreEqual(WifiError.Timeout, Esp32Wifi.MapStatus(WifiConnectionStatus.Timeout));
            Assert.AreEqual(WifiError.DriverError, Esp32Wifi.MapStatus(WifiConnectionStatus.UnspecifiedFailure));
        }

        [TestMethod]
        public void LostLinkIsNoticedInPollAndQueuedOnce()
        {
            var (adapter, link, wifi) = NewStation();
            adapter.NextConnectStatus = WifiConnectionStatus.Success;
            link.IsUp = true;
            wifi.Connect(0, "lab", "pw");
            Assert.AreEqual(WifiEventKind.LinkUp, NextEvent(wifi));
            Assert.IsFalse(wifi.Poll(100));
            Assert.AreEqual(100 + Esp32Wifi.LinkCheckIntervalMs, wifi.PollAt(150));

            link.IsUp = false;
            Assert.IsTrue(wifi.Poll(200));
            Assert.AreEqual(WifiStatus.Disconnected, wifi.Status);
            Assert.AreEqual(WifiError.LinkLost, wifi.Error);
            Assert.AreEqual(WifiEventKind.LinkDown, NextEvent(wifi));
            Assert.IsFalse(wifi.Poll(300));
            Assert.AreEqual(WifiEventKind.None, NextEvent(wifi));
            Assert.AreEqual(long.MaxValue, wifi.PollAt(300));
        }

        [TestMethod]
        public void DisconnectQueuesLinkDownOnlyWhenUp()
        {
            var (adapter, _, wifi) = NewStation();
            wifi.Disconnect(0);
            Assert.AreEqual(1, adapter.DisconnectCount);
            Assert.AreEqual(WifiEventKind.None, NextEvent(wifi));

            adapter.NextConnectStatus = WifiConnectionStatus.Success;
            wifi.Connect(0, "lab", "pw");
            NextEvent(wifi);
            wifi.Disconnect(10);
            Assert.AreEqual(WifiStatus.Disconnected, wifi.Status);
            Assert.AreEqual(WifiEventKind.LinkDown, NextEvent(wifi));
        }

        [TestMethod]
        public void ScanReturnsTheLastReportStrongestFirst()
        {
            var (adapter, _, wifi) = NewStation();
            var results = new[] { new WifiNetwork(), new WifiNetwork() };
            Assert.AreEqual(0, wifi.Scan(0, results), "no report before the first scan completes");
            Assert.AreEqual(1, adapter.ScanCount);
            Assert.AreEqual(0, wifi.Scan(10, results));
            Assert.AreEqual(1, adapter.ScanCount, "one scan at a time");

            adapter.CompleteScan(new[]
            {
                new WifiAvailableNetwork("weak", "02:00:00:00:00:01", -80),
                new WifiAvailableNetwork("strong", "02:00:00:00:00:02", -40),
                new WifiAvailableNetwork("middle", "not a mac", -60),
            });
            Assert.IsTrue(wifi.Poll(20));
            Assert.IsFalse(wifi.Poll(30));

            Assert.AreEqual(2, wifi.Scan(40, results));
            Assert.AreEqual("strong", results[0].Ssid);
            Assert.AreEqual(-40, results[0].Rssi);
            Assert.AreEqual(new MacAddress(2, 0, 0, 0, 0, 2), results[0].Bssid);
            Assert.AreEqual("middle", results[1].Ssid);
            Assert.AreEqual(MacAddress.Unspecified, results[1].Bssid);
            Assert.AreEqual(2, adapter.ScanCount, "a new scan starts after the report is read");

            var three = new[] { new WifiNetwork(), new WifiNetwork(), new WifiNetwork() };
            Assert.AreEqual(3, wifi.Scan(50, three));
            Assert.AreEqual("weak", three[2].Ssid);
        }

        [TestMethod]
        public void EventQueueDropsTheNewestWhenFull()
        {
            var queue = new WifiEventQueue(2);
            queue.Enqueue(WifiEventKind.LinkUp);
            queue.Enqueue(WifiEventKind.LinkDown);
            queue.Enqueue(WifiEventKind.ConnectFailed);
            Assert.AreEqual(1, queue.Dropped);
            Assert.IsTrue(queue.TryDequeue(out WifiEventKind first));
            Assert.AreEqual(WifiEventKind.LinkUp, first);
            queue.Enqueue(WifiEventKind.ConnectFailed);
            Assert.IsTrue(queue.TryDequeue(out WifiEventKind second));
            Assert.AreEqual(WifiEventKind.LinkDown, second);
            Assert.IsTrue(queue.TryDequeue(out WifiEventKind third));
            Assert.AreEqual(WifiEventKind.ConnectFailed, third);
            Assert.IsFalse(queue.TryDequeue(out _));
        }
    }
}
