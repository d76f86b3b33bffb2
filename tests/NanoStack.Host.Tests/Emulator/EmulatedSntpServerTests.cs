using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Board.Emulator.Services;
using NanoStack.Sntp;
using NanoStack.Wire;

namespace NanoStack.Host.Tests.Emulator
{
    /// <summary>
    /// The emulated SNTP server (RFC 4330 §5, server side) answers the portable client's request
    /// with the wall time it is given, refuses what is not a client request, and its fault knobs
    /// (loss, kiss-o'-death) reach the client as the errors they should.
    /// </summary>
    [TestClass]
    public sealed class EmulatedSntpServerTests
    {
        private const long EpochMs = 1_796_000_000_000L;
        private static readonly Ipv4Address Client = new Ipv4Address(192, 0, 2, 100);

        private static byte[] Ask(EmulatedSntpServer server, long nowMs, byte[] request)
        {
            Ipv4Address replyTo = Ipv4Address.Broadcast;
            ushort replyPort = 0;
            MacAddress mac = MacAddress.Broadcast;
            byte[] reply = server.Handle(nowMs, request, Client, 50123, ref replyTo, ref replyPort, ref mac);
            if (reply != null)
            {
                Assert.AreEqual(Client, replyTo);
                Assert.AreEqual(50123, replyPort);
            }
            return reply;
        }

        [TestMethod]
        public void AnswersTheClientWithTheWorldsWallTime()
        {
            var server = new EmulatedSntpServer(now => EpochMs + now);
            var client = new SntpClient(new SeededEntropySource(7), 2000);
            byte[] request = new byte[48];
            client.WriteRequest(1000, request, 0);
            byte[] reply = Ask(server, 1002, request);
            Assert.IsNotNull(reply);
            Assert.AreEqual(0x24, reply[0]); // LI 0, VN 4, mode 4
            Assert.AreEqual(2, reply[1]);
            CollectionAssert.AreEqual(request.AsSpan(40, 8).ToArray(), reply.AsSpan(24, 8).ToArray());
            Assert.AreEqual(SntpReplyStatus.Accepted, client.ProcessReply(1004, reply, 0, reply.Length));
            // T2 = T3 = epoch + 1002 ms; delay 4 ms; time at T4 = T3 + 2 ms.
            Assert.AreEqual(4, client.RoundTripMs);
            Assert.AreEqual(EpochMs + 1004, client.UnixMs(1004));
            Assert.AreEqual(1, server.Requests);
        }

        [TestMethod]
        public void IgnoresWhatIsNotAClientRequest()
        {
            var server = new EmulatedSntpServer(now => EpochMs + now);
            byte[] request = new byte[48];
            request[0] = 0x24; // mode 4: a server reply
            Assert.IsNull(Ask(server, 0, request));
            request[0] = 0x13; // VN 2, mode 3
            Assert.IsNull(Ask(server, 0, request));
            Assert.IsNull(Ask(server, 0, new byte[47]));
            Assert.AreEqual(0, server.Requests);
        }

        [TestMethod]
        public void LossAndKissOfDeathReachTheClient()
        {
            var server = new EmulatedSntpServer(now => EpochMs + now) { IgnoreNext = 1, KissNext = 1 };
            var client = new SntpClient(new SeededEntropySource(8), 2000);
            byte[] request = new byte[48];
            client.WriteRequest(0, request, 0);
            Assert.IsNull(Ask(server, 1, request));
            byte[] kiss = Ask(server, 2, request);
            Assert.AreEqual(SntpReplyStatus.Refused, client.ProcessReply(3, kiss, 0, kiss.Length));
            Assert.AreEqual(SntpError.KissOfDeath, client.Error);
            Assert.AreEqual("RATE", client.KissCode);
        }

        [TestMethod]
        public void TimestampsCarryMillisecondsInTheFraction()
        {
            byte[] b = new byte[8];
            for (long ms = 0; ms < 1000; ms++)
            {
                EmulatedSntpServer.WriteTimestamp(b, 0, EpochMs + ms);
                Assert.AreEqual(EpochMs + ms, SntpClient.TimestampToUnixMs(b, 0));
            }
        }
    }
}
