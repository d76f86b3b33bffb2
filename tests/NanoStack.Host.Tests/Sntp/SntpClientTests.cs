using System;
using NanoStack.Sntp;
using NanoStack.Host.Tests.Core;
using NanoStack.Wire;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NanoStack.Host.Tests.Sntp
{
    /// <summary>The SNTP client (RFC 4330) against exact packets and a scripted
    /// server over the stack's UDP.</summary>
    [TestClass]
    public class SntpClientTests
    {
        private const string Nonce = "1112131415161718";

        // LI 0, VN 4, mode 3; everything zero but the transmit timestamp (our nonce).
        private const string Request =
            "23000000" + "00000000" + "00000000" + "00000000"
            + "0000000000000000" + "0000000000000000" + "0000000000000000" + Nonce;

        // LI 0, VN 4, mode 4, stratum 2, poll 6, precision -20; root delay, root dispersion,
        // reference ID 192.0.2.1; reference timestamp; originate = our nonce;
        // receive T2 = 0xEC000000.80000000, transmit T3 = 0xEC000000.C0000000.
        private const string Reply =
            "240206EC" + "00000010" + "00000020" + "C0000201"
            + "EBFFFFF000000000" + Nonce + "EC00000080000000" + "EC000000C0000000";

        // 0xEC000000 NTP seconds - 2208988800 = 1750434176 Unix seconds.
        private const long T3UnixMs = 1750434176750L;

        private sealed class FixedEntropy : IEntropySource
        {
            public void GetBytes(byte[] buffer, int offset, int count)
            {
                for (int i = 0; i < count; i++)
                {
                    buffer[offset + i] = (byte)(0x11 + i);
                }
            }
        }

        private static SntpClient NewClient() => new SntpClient(new FixedEntropy(), 2000);

        private static byte[] Hex(string hex) => Convert.FromHexString(hex);

        private static byte[] With(string hex, int index, byte value)
        {
            byte[] b = Hex(hex);
            b[index] = value;
            return b;
        }

        [TestMethod]
        public void RequestIsTheExactClientPacket()
        {
            var client = NewClient();
            byte[] buffer = new byte[60];
            Array.Fill(buffer, (byte)0xAA);
            Assert.AreEqual(48, client.WriteRequest(1000, buffer, 6));
            Assert.AreEqual(Request, Convert.ToHexString(buffer, 6, 48));
            Assert.AreEqual(0xAA, buffer[5]);
            Assert.AreEqual(0xAA, buffer[54]);
            Assert.IsTrue(client.IsWaiting);
        }

        [TestMethod]
        public void ReplySetsWallTimeFromT3PlusHalfTheDelay()
        {
            var client = NewClient();
            client.WriteRequest(1000, new byte[48], 0);
            byte[] reply = Hex(Reply);
            Assert.AreEqual(SntpReplyStatus.Accepted, client.ProcessReply(1300, reply, 0, reply.Length));
            // d = (T4 - T1) - (T3 - T2) = 300 - 250 = 50 ms; time at T4 = T3 + 25 ms.
            Assert.IsTrue(client.IsSynchronized);
            Assert.AreEqual(50, client.RoundTripMs);
            Assert.AreEqual(2, client.Stratum);
            Assert.AreEqual(T3UnixMs + 25, client.UnixMs(1300));
            Assert.AreEqual(T3UnixMs + 25 + 10_000, client.UnixMs(11_300));
            Assert.AreEqual(SntpError.None, client.Error);
            Assert.IsFalse(client.IsWaiting);
            Assert.AreEqual(SntpReplyStatus.NotWaiting, client.ProcessReply(1400, reply, 0, reply.Length));
        }

        [TestMethod]
        public void ForeignOrMalformedDatagramsAreIgnoredAndTheRequestStaysOpen()
        {
            var client = NewClient();
            client.WriteRequest(0, new byte[48], 0);
            byte[] reply = Hex(Reply);
            Assert.AreEqual(SntpReplyStatus.TooShort, client.ProcessReply(10, reply, 0, 47));
            Assert.AreEqual(SntpReplyStatus.NotServerReply, client.ProcessReply(10, Hex(Request), 0, 48));
            Assert.AreEqual(SntpReplyStatus.NotServerReply, client.ProcessReply(10, With(Reply, 0, 0x14), 0, 48)); // version 2
            Assert.AreEqual(SntpReplyStatus.OriginateMismatch, client.ProcessReply(10, With(Reply, 31, 0x19), 0, 48));
            Assert.IsTrue(client.IsWaiting);
            Assert.IsFalse(client.IsSynchronized);
            Assert.AreEqual(SntpReplyStatus.Accepted, client.ProcessReply(10, reply, 0, 48));
        }

        [TestMethod]
        public void KissOfDeathIsRefusedWithItsCode()
        {
            var client = NewClient();
            client.WriteRequest(0, new byte[48], 0);
            byte[] kiss = With(Reply, 1, 0);
            kiss[12] = (byte)'R';
            kiss[13] = (byte)'A';
            kiss[14] = (byte)'T';
            kiss[15] = (byte)'E';
            Assert.AreEqual(SntpReplyStatus.Refused, client.ProcessReply(10, kiss, 0, 48));
            Assert.AreEqual(SntpError.KissOfDeath, client.Error);
            Assert.AreEqual("RATE", client.KissCode);
            Assert.IsFalse(client.IsSynchronized);
        }

        [TestMethod]
        public void UnsynchronizedServerAndZeroTransmitAreRefused()
        {
            var alarm = NewClient();
            alarm.WriteRequest(0, new byte[48], 0);
            Assert.AreEqual(SntpReplyStatus.Refused, alarm.ProcessReply(10, With(Reply, 0, 0xE4), 0, 48)); // LI 3
            Assert.AreEqual(SntpError.ServerUnsynchronized, alarm.Error);

            var stratum16 = NewClient();
            stratum16.WriteRequest(0, new byte[48], 0);
            Assert.AreEqual(SntpReplyStatus.Refused, stratum16.ProcessReply(10, With(Reply, 1, 16), 0, 48));
            Assert.AreEqual(SntpError.ServerUnsynchronized, stratum16.Error);

            var zero = NewClient();
            zero.WriteRequest(0, new byte[48], 0);
            byte[] reply = Hex(Reply);
            Array.Clear(reply, 40, 8);
            Assert.AreEqual(SntpReplyStatus.Refused, zero.ProcessReply(10, reply, 0, 48));
            Assert.AreEqual(SntpError.BadTimestamp, zero.Error);
        }

        [TestMethod]
        public void TimestampsWithTheTopBitClearAreInEraOne()
        {
            // RFC 4330 §3: 0x00000010 seconds is 2036-02-07 06:28:32 UTC.
            byte[] ts = Hex("0000001000000000");
            Assert.AreEqual((0x100000000L + 16 - 2208988800L) * 1000L, SntpClient.TimestampToUnixMs(ts, 0));
            Assert.AreEqual(2085978512000L, SntpClient.TimestampToUnixMs(ts, 0));
        }

        [TestMethod]
        public void ExchangeOverTheStacksUdpWithAScriptedServer()
        {
            var pair = new StackPair();
            int clientHandle = pair.A.UdpOpen(40123);
            int serverHandle = pair.B.UdpOpen(SntpClient.ServerPort);
            var client = NewClient();
            Assert.IsTrue(client.Request(pair.Now, pair.A, clientHandle, StackPair.AddressB));

            byte[] seen = new byte[100];
            int n = 0;
            Ipv4Address from = Ipv4Address.Any;
            ushort fromPort = 0;
            Assert.IsTrue(pair.RunUntil(() =>
            {
                if (pair.B.GetUdp(serverHandle).CanReceive)
                {
                    n = pair.B.GetUdp(serverHandle).ReceiveFrom(seen, 0, seen.Length, out from, out fromPort);
                    return true;
                }
                return false;
            }, 5000));
            Assert.AreEqual(Request, Convert.ToHexString(seen, 0, n));
            Assert.AreEqual(StackPair.AddressA.Value, from.Value);
            Assert.AreEqual(40123, fromPort);

            // A datagram from another port is not the server's answer: ignored.
            int stray = pair.B.UdpOpen(124);
            byte[] reply = Hex(Reply);
            Assert.IsTrue(pair.B.UdpSendTo(pair.Now, stray, from, fromPort, reply, 0, reply.Length));
            Assert.IsTrue(pair.B.UdpSendTo(pair.Now, serverHandle, from, fromPort, reply, 0, reply.Length));
            Assert.IsTrue(pair.RunUntil(() => client.Poll(pair.Now, pair.A, clientHandle), 5000));
            Assert.IsTrue(client.IsSynchronized);
            Assert.AreEqual(SntpError.None, client.Error);
        }

        [TestMethod]
        public void NoAnswerTimesOut()
        {
            var pair = new StackPair();
            int clientHandle = pair.A.UdpOpen(40124);
            var client = NewClient();
            Assert.IsTrue(client.Request(pair.Now, pair.A, clientHandle, StackPair.AddressB));
            long sent = pair.Now;
            Assert.AreEqual(sent + 2000, client.PollAt(sent));
            Assert.IsFalse(client.Poll(sent + 1999, pair.A, clientHandle));
            Assert.IsTrue(client.Poll(sent + 2000, pair.A, clientHandle));
            Assert.AreEqual(SntpError.Timeout, client.Error);
            Assert.AreEqual(long.MaxValue, client.PollAt(sent + 2000));
        }
    }
}
