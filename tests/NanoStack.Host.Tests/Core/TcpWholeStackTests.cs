using System;
using System.Security.Cryptography;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Iface;
using NanoStack.Link;
using NanoStack.Sockets;

namespace NanoStack.Host.Tests.Core
{
    /// <summary>
    /// The whole stack on the emulator: two interfaces on a simulated segment, optionally with
    /// seeded loss, duplication and reordering, moving data both ways; the received bytes'
    /// SHA-256 must equal the sent.
    /// </summary>
    [TestClass]
    public sealed class TcpWholeStackTests
    {
        private const ushort Port = 8080;

        [TestMethod]
        [DataRow(0, DisplayName = "no loss")]
        [DataRow(50_000, DisplayName = "5% loss")]
        [DataRow(200_000, DisplayName = "20% loss")]
        public void OneMegabyteEachWay(int lossPpm)
        {
            FaultInjectorLink faultA = null, faultB = null;
            var pair = new StackPair(
                decorateA: l => faultA = new FaultInjectorLink(l, 7, 512, 1 << 20),
                decorateB: l => faultB = new FaultInjectorLink(l, 8, 512, 1 << 20));
            // Loss, 2% duplication and 5% reordering on what each side sends.
            faultA.Outbound.Configure(lossPpm, lossPpm == 0 ? 0 : 20_000, lossPpm == 0 ? 0 : 50_000, 0, 0, 0, 0);
            faultB.Outbound.Configure(lossPpm, lossPpm == 0 ? 0 : 20_000, lossPpm == 0 ? 0 : 50_000, 0, 0, 0, 0);

            var (client, server) = Connect(pair);
            TcpSocket c = pair.A.GetTcp(client), s = pair.B.GetTcp(server);
            byte[] up = Data(1 << 20, 1), down = Data(1 << 20, 2);
            var gotUp = new byte[up.Length];
            var gotDown = new byte[down.Length];
            int sentUp = 0, sentDown = 0, recvUp = 0, recvDown = 0;
            bool done = pair.RunUntil(() =>
            {
                sentUp += c.Send(up, sentUp, up.Length - sentUp);
                sentDown += s.Send(down, sentDown, down.Length - sentDown);
                recvUp += s.Receive(gotUp, recvUp, gotUp.Length - recvUp);
                recvDown += c.Receive(gotDown, recvDown, gotDown.Length - recvDown);
                return recvUp == up.Length && recvDown == down.Length;
            }, limitMs: 3_600_000);
            Console.WriteLine($"loss {lossPpm / 10_000}%: virtual time {pair.Now} ms, retransmissions client {c.Retransmissions} server {s.Retransmissions}, " +
                $"lost {faultA.Outbound.Lost}+{faultB.Outbound.Lost}, duplicated {faultA.Outbound.Duplicated}+{faultB.Outbound.Duplicated}, reordered {faultA.Outbound.Reordered}+{faultB.Outbound.Reordered}");
            Assert.IsTrue(done, $"transfer incomplete: up {recvUp}/{up.Length}, down {recvDown}/{down.Length}, states {c.State}/{s.State}, errors {c.Error}/{s.Error}");
            CollectionAssert.AreEqual(SHA256.HashData(up), SHA256.HashData(gotUp));
            CollectionAssert.AreEqual(SHA256.HashData(down), SHA256.HashData(gotDown));
            if (lossPpm > 0)
            {
                Assert.IsTrue(c.Retransmissions + s.Retransmissions > 0, "losses were recovered by retransmission");
            }

            pair.A.TcpClose(client);
            pair.B.TcpClose(server);
            Assert.IsTrue(pair.RunUntil(() => pair.A.TcpSocketsInUse == 0 && pair.B.TcpSocketsInUse == 1), "both ends closed and released");
        }

        [TestMethod]
        public void ASingleSocketClientReclaimsItsTimeWaitSocketForTheNextConnection()
        {
            var limits = new StackLimits { MaxTcpSockets = 1, TcpListenBacklog = 1 };
            var serverLimits = new StackLimits { MaxTcpSockets = 4, TcpListenBacklog = 2 };
            var pair = new StackPair(limits, serverLimitsForB: serverLimits);
            int listener = pair.B.TcpOpen();
            pair.B.TcpListen(listener, Port);
            ushort firstPort = 0;
            for (int round = 0; round < 2; round++)
            {
                int client = pair.A.TcpOpen();
                Assert.IsTrue(client >= 0, "round " + round + ": a socket for the client");
                TcpSocket c = pair.A.GetTcp(client);
                Assert.AreEqual(TcpError.None, pair.A.TcpConnect(pair.Now, client, StackPair.AddressB, Port));
                int server = -1;
                Assert.IsTrue(pair.RunUntil(() => (server = pair.B.TcpAccept(listener)) >= 0 && c.State == TcpState.Established));
                if (round == 0)
                {
                    firstPort = c.LocalPort;
                }
                else
                {
                    Assert.AreNotEqual(firstPort, c.LocalPort, "a new ephemeral port");
                }
                c.Send(new byte[] { 1, 2, 3 }, 0, 3);
                Assert.IsTrue(pair.RunUntil(() => pair.B.GetTcp(server).ReceiveQueueLength == 3));
                Assert.AreEqual(3, pair.B.GetTcp(server).Receive(new byte[8], 0, 8));
                pair.A.TcpClose(client);                      // active close: A ends in TIME-WAIT
                Assert.IsTrue(pair.RunUntil(() => pair.B.GetTcp(server).RemoteClosed));
                TcpSocket s = pair.B.GetTcp(server);
                pair.B.TcpClose(server);
                Assert.IsTrue(pair.RunUntil(() => c.State == TcpState.TimeWait && s.State == TcpState.Closed, 10_000));
                Assert.AreEqual(1, pair.A.TcpSocketsInUse, "the closed connection still holds the only socket");
            }
            Assert.AreEqual(1, pair.A.Counters.TcpTimeWaitReclaimed, "the second connection took the TIME-WAIT socket");
            Assert.AreEqual(0, pair.A.Counters.TcpResetsSent);
        }

        [TestMethod]
        public void ASocketTheApplicationStillHoldsInTimeWaitIsNotReclaimed()
        {
            var pair = new StackPair(new StackLimits { MaxTcpSockets = 1, TcpListenBacklog = 1 }, serverLimitsForB: new StackLimits { MaxTcpSockets = 2, TcpListenBacklog = 1 });
            int listener = pair.B.TcpOpen();
            pair.B.TcpListen(listener, Port);
            int client = pair.A.TcpOpen();
            TcpSocket c = pair.A.GetTcp(client);
            Assert.AreEqual(TcpError.None, pair.A.TcpConnect(pair.Now, client, StackPair.AddressB, Port));
            int server = -1;
            Assert.IsTrue(pair.RunUntil(() => (server = pair.B.TcpAccept(listener)) >= 0 && c.State == TcpState.Established));
            c.Close();                                     // closes, but the handle stays the application's
            Assert.IsTrue(pair.RunUntil(() => pair.B.GetTcp(server).RemoteClosed));
            TcpSocket s = pair.B.GetTcp(server);
            pair.B.TcpClose(server);
            Assert.IsTrue(pair.RunUntil(() => c.State == TcpState.TimeWait && s.State == TcpState.Closed, 10_000));
            Assert.AreEqual(-1, pair.A.TcpOpen());
            Assert.AreEqual(0, pair.A.Counters.TcpTimeWaitReclaimed);
        }

        [TestMethod]
        public void TraceShowsTheHandshakeTheCloseAndTimeWaitOfTwoMsl()
        {
            var pair = new StackPair();
            var log = new TcpStateLog(64);
            int listener = pair.B.TcpOpen();
            pair.B.GetTcp(listener).StateLog = log;
            pair.B.TcpListen(listener, Port);
            int client = pair.A.TcpOpen();
            TcpSocket c = pair.A.GetTcp(client);
            c.StateLog = log;
            c.Id = 100;
            c.MslMs = 2_000;
            Assert.AreEqual(TcpError.None, pair.A.TcpConnect(pair.Now, client, StackPair.AddressB, Port));
            int server = -1;
            Assert.IsTrue(pair.RunUntil(() => (server = pair.B.TcpAccept(listener)) >= 0 && c.State == TcpState.Established));
            c.Send(new byte[] { 1, 2, 3 }, 0, 3);
            Assert.IsTrue(pair.RunUntil(() => pair.B.GetTcp(server).ReceiveQueueLength == 3));
            Assert.AreEqual(3, pair.B.GetTcp(server).Receive(new byte[8], 0, 8));
            pair.A.TcpClose(client);                      // active close
            Assert.IsTrue(pair.RunUntil(() => pair.B.GetTcp(server).RemoteClosed));
            pair.B.TcpClose(server);                      // passive close
            long timeWaitAt = -1;
            Assert.IsTrue(pair.RunUntil(() =>
            {
                if (timeWaitAt < 0 && c.State == TcpState.TimeWait)
                {
                    timeWaitAt = pair.Now;
                }
                return c.State == TcpState.Closed;
            }));

            string clientTrace = "", serverTrace = "";
            long timeWaitEntered = -1, timeWaitLeft = -1;
            for (int i = 0; i < log.Total; i++)
            {
                Assert.IsTrue(log.TryGet(i, out long at, out int id, out TcpState from, out TcpState to));
                string step = TcpSocket.StateName(to) + " ";
                if (id == 100)
                {
                    clientTrace += step;
                    if (to == TcpState.TimeWait) timeWaitEntered = at;
                    if (from == TcpState.TimeWait) timeWaitLeft = at;
                }
                else if (id == server)
                {
                    serverTrace += step;
                }
                Console.WriteLine($"{at,6} ms  socket {id}: {TcpSocket.StateName(from)} -> {TcpSocket.StateName(to)}");
            }
            Assert.AreEqual("SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSED ", clientTrace);
            Assert.AreEqual("LISTEN SYN-RECEIVED ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED ", serverTrace);
            Assert.AreEqual(2 * 2_000, timeWaitLeft - timeWaitEntered, "TIME-WAIT lasts 2·MSL");
        }

        [TestMethod]
        public void ThousandConnectionsInSequenceDoNotGrowMemory()
        {
            var cycle = new ConnectionCycle(new StackPair());
            for (int i = 0; i < 10; i++)
            {
                Assert.IsNull(cycle.Run(), cycle.Failure);
            }
            // 990 connections per measured run (Allocations.Measure: a run that is not zero is
            // measured again, the smallest counts).
            int connections = 10;
            long grown = Allocations.Measure(() =>
            {
                string failure = cycle.Run();
                if (failure != null)
                {
                    Assert.Fail("connection #" + connections + ": " + failure);
                }
                connections++;
            }, 990);
            Console.WriteLine($"990 connections after warm-up allocated {grown} bytes ({connections} in all); virtual time {cycle.Pair.Now} ms");
            Assert.AreEqual(0L, grown, "opening, using and closing connections allocates nothing");
            Assert.AreEqual(1, cycle.Pair.B.TcpSocketsInUse, "only the listener is left");
        }

        /// <summary>One connect / send / receive / close cycle whose delegates are created once,
        /// so the loop itself allocates nothing.</summary>
        private sealed class ConnectionCycle
        {
            public readonly StackPair Pair;
            public string Failure;
            private readonly int _listener;
            private readonly byte[] _payload = new byte[100];
            private readonly byte[] _sink = new byte[100];
            private readonly Func<bool> _accepted, _delivered, _released;
            private int _client, _server;

            public ConnectionCycle(StackPair pair)
            {
                Pair = pair;
                _listener = pair.B.TcpOpen();
                pair.B.TcpListen(_listener, Port);
                _accepted = () => _server >= 0 || (_server = Pair.B.TcpAccept(_listener)) >= 0;
                _delivered = () => Pair.B.GetTcp(_server).ReceiveQueueLength == _payload.Length;
                _released = () => Pair.A.TcpSocketsInUse == 0 && Pair.B.TcpSocketsInUse == 1;
            }

            public string Run()
            {
                _client = Pair.A.TcpOpen();
                _server = -1;
                TcpSocket c = Pair.A.GetTcp(_client);
                c.MslMs = 10;
                if (Pair.A.TcpConnect(Pair.Now, _client, StackPair.AddressB, Port) != TcpError.None)
                {
                    return Failure = "connect refused";
                }
                if (!Pair.RunUntil(_accepted))
                {
                    return Failure = "not accepted";
                }
                c.Send(_payload, 0, _payload.Length);
                if (!Pair.RunUntil(_delivered))
                {
                    return Failure = "data not delivered";
                }
                Pair.B.GetTcp(_server).Receive(_sink, 0, _sink.Length);
                Pair.A.TcpClose(_client);
                Pair.B.TcpClose(_server);
                if (!Pair.RunUntil(_released))
                {
                    return Failure = "not released";
                }
                return null;
            }
        }

        [TestMethod]
        public void TenMegabyteBulkTransferAllocatesNothing()
        {
            var pair = new StackPair();
            var (client, server) = Connect(pair);
            TcpSocket c = pair.A.GetTcp(client), s = pair.B.GetTcp(server);
            var chunk = new byte[4096];
            new Random(3).NextBytes(chunk);
            var sink = new byte[4096];
            long total = 10L << 20, sent = 0, received = 0;
            // Warm-up round so lazily initialised runtime paths are out of the way.
            c.Send(chunk, 0, 100);
            pair.RunUntil(() => s.Receive(sink, 0, sink.Length) > 0);
            long goal = 0;
            Func<bool> step = () =>
            {
                if (sent < goal)
                {
                    sent += c.Send(chunk, 0, (int)Math.Min(chunk.Length, goal - sent));
                }
                received += s.Receive(sink, 0, sink.Length);
                return received == goal;
            };
            // Two windows of 5 MB. The runtime can charge a one-time allocation of its own to this
            // thread (tiered re-compilation, a collection another thread started) inside the first;
            // a stack that allocates per segment shows in both.
            long[] windows = new long[2];
            for (int w = 0; w < 2; w++)
            {
                goal = (w + 1) * (total / 2);
                long before = GC.GetAllocatedBytesForCurrentThread();
                bool done = pair.RunUntil(step, limitMs: 3_600_000);
                windows[w] = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.IsTrue(done, "window " + w + ": " + received + " of " + goal + " bytes");
            }
            Console.WriteLine($"10 MB over the emulated segment: {windows[0]} + {windows[1]} bytes allocated, virtual time {pair.Now} ms");
            Assert.AreEqual(total, received);
            Assert.AreEqual(0L, windows[1], "moving data allocates nothing");
            Assert.IsTrue(windows[0] < 4096, "first window: " + windows[0] + " bytes");
        }

        internal static (int client, int server) Connect(StackPair pair)
        {
            int listener = pair.B.TcpOpen();
            pair.B.TcpListen(listener, Port);
            int client = pair.A.TcpOpen();
            Assert.AreEqual(TcpError.None, pair.A.TcpConnect(pair.Now, client, StackPair.AddressB, Port));
            int server = -1;
            Assert.IsTrue(pair.RunUntil(() => (server = pair.B.TcpAccept(listener)) >= 0 && pair.A.GetTcp(client).State == TcpState.Established), "connected");
            return (client, server);
        }

        private static byte[] Data(int length, int seed)
        {
            var b = new byte[length];
            new Random(seed).NextBytes(b);
            return b;
        }
    }
}
