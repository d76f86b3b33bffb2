using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Board.Emulator.Services;
using NanoStack.Channels;
using NanoStack.Host.Tests.Core;
using NanoStack.Host.Tests.TlsClient;
using NanoStack.Link;
using NanoStack.Sockets;
using NanoStack.Tls;

namespace NanoStack.Host.Tests.Emulator
{
    /// <summary>
    /// The emulator's HTTPS peer (SslStream over NanoStack's TCP, server side) answering our TLS
    /// client over our TCP on a virtual clock: pages, keep-alive, resumption, loss, and the
    /// determinism the quiescence handshake promises.
    /// </summary>
    [TestClass]
    public class EmulatedHttpsServerTests
    {
        private static (StackPair Pair, EmulatedHttpsServer Server, TlsOverTcpTests.PairRunner Runner, FaultInjectorLink Faults) World(TlsTestPki pki, int lossPercent, uint seed = 1)
        {
            FaultInjectorLink faults = null;
            var pair = new StackPair(new StackLimits { TcpReceiveBufferSize = 8760, TcpSendBufferSize = 8760, MaxTcpSockets = 4, TcpListenBacklog = 2 }, decorateA: link =>
            {
                faults = new FaultInjectorLink(link, seed, 256, 1 << 20);
                faults.Outbound.LossPpm = lossPercent * 10_000;
                faults.Inbound.LossPpm = lossPercent * 10_000;
                return faults;
            }, seed: seed);
            var server = new EmulatedHttpsServer(pair.B, 443, pki.Leaf, new X509Certificate2Collection(pki.Ca));
            var runner = new TlsOverTcpTests.PairRunner(pair, () => server.Service(pair.Clock.NowMs));
            return (pair, server, runner, faults);
        }

        private static string Get(TlsConnection tls, string path, bool close, out byte[] body)
        {
            byte[] request = Encoding.ASCII.GetBytes("GET " + path + " HTTP/1.1\r\nHost: " + TlsTestPki.HostName + "\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n");
            Assert.AreEqual(request.Length, tls.Write(request, 0, request.Length, 10_000), tls.Engine.DescribeFailure());
            var received = new MemoryStream();
            var buffer = new byte[4096];
            while (true)
            {
                byte[] all = received.ToArray();
                string text = Encoding.ASCII.GetString(all);
                int headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (headEnd >= 0)
                {
                    string head = text.Substring(0, headEnd);
                    int cl = head.IndexOf("Content-Length: ", StringComparison.Ordinal);
                    int length = int.Parse(head.Substring(cl + 16).Split("\r\n")[0]);
                    if (all.Length >= headEnd + 4 + length)
                    {
                        body = all.AsSpan(headEnd + 4, length).ToArray();
                        return head;
                    }
                }
                int n = tls.Read(buffer, 0, buffer.Length, 30_000);
                Assert.IsTrue(n > 0, "read " + n + ": " + tls.Engine.DescribeFailure());
                received.Write(buffer, 0, n);
            }
        }

        [TestMethod]
        [DataRow(0, DisplayName = "clean link")]
        [DataRow(10, DisplayName = "10% loss each way")]
        public void PagesOverKeepAliveThenResumedConnection(int lossPercent)
        {
            TlsTestPki pki = TlsTestPki.For(ServerKey.EcdsaP256);
            var (pair, server, runner, faults) = World(pki, lossPercent);
            using (server)
            {
                byte[] index = Encoding.ASCII.GetBytes("<html><body>hello from the emulated server</body></html>\n");
                byte[] large = new byte[200_000];
                new Random(5).NextBytes(large);
                server.AddPage("/", "text/html", index);
                server.AddPage("/large", "application/octet-stream", large);

                var client = new TestClient(pki.Anchors(), new TlsClientConfig { AlpnProtocols = new[] { "http/1.1" } });
                var cache = new TlsSessionCache(2, 512);
                TcpChannel tcp = TcpChannel.Connect(pair.A, runner, StackPair.AddressB, 443, 60_000, out TcpError error);
                Assert.IsNotNull(tcp, error.ToString());
                var tls = new TlsConnection(client.Engine, tcp);
                Assert.IsTrue(tls.Handshake(TlsTestPki.HostName, TestClient.Now, cache, 60_000), client.Engine.DescribeFailure());
                Assert.IsFalse(client.Engine.Resumed);

                StringAssert.StartsWith(Get(tls, "/", false, out byte[] body), "HTTP/1.1 200 OK");
                CollectionAssert.AreEqual(index, body);
                Get(tls, "/large", false, out body);
                CollectionAssert.AreEqual(SHA256.HashData(large), SHA256.HashData(body));
                StringAssert.StartsWith(Get(tls, "/missing", true, out _), "HTTP/1.1 404 Not Found");
                Assert.AreEqual(0, tls.Read(new byte[16], 0, 16, 30_000), "close_notify after Connection: close: " + client.Engine.DescribeFailure());
                tls.Close();
                Assert.IsTrue(runner.RunUntil(() => server.Idle && pair.A.TcpSocketsInUse == 0, 600_000), "both sides closed");

                // A second connection resumes the session.
                tcp = TcpChannel.Connect(pair.A, runner, StackPair.AddressB, 443, 60_000, out error);
                Assert.IsNotNull(tcp, error.ToString());
                tls = new TlsConnection(client.Engine, tcp);
                Assert.IsTrue(tls.Handshake(TlsTestPki.HostName, TestClient.Now, cache, 60_000), client.Engine.DescribeFailure());
                Assert.IsTrue(client.Engine.Resumed, "abbreviated handshake");
                StringAssert.StartsWith(Get(tls, "/", true, out body), "HTTP/1.1 200 OK");
                tls.Close();
                Assert.IsTrue(runner.RunUntil(() => server.Idle, 600_000));

                Assert.AreEqual(2, server.Accepted);
                Assert.AreEqual(4, server.Requests);
                Assert.AreEqual(0, server.Errors.Count, string.Join("; ", server.Errors));
                Assert.AreEqual(TlsTestPki.HostName, server.Handshakes[0].HostName);
                Assert.AreEqual("http/1.1", server.Handshakes[0].Alpn);
                if (lossPercent > 0)
                {
                    Assert.IsTrue(faults.Outbound.Lost + faults.Inbound.Lost > 0);
                }
            }
        }

        [TestMethod]
        public void SameSeedSameVirtualTimeline()
        {
            // Quiescence makes the run a function of the seed: the same seed gives the same
            // virtual time at every step, whatever the threads' real-time scheduling.
            long[] first = Timeline(3);
            long[] second = Timeline(3);
            CollectionAssert.AreEqual(first, second);
        }

        private static long[] Timeline(uint seed)
        {
            TlsTestPki pki = TlsTestPki.For(ServerKey.EcdsaP256);
            var (pair, server, runner, _) = World(pki, 5, seed);
            using (server)
            {
                server.AddPage("/", "text/plain", Encoding.ASCII.GetBytes("ok\n"));
                var client = new TestClient(pki.Anchors(), null, new SeededTlsEntropy(seed));
                TcpChannel tcp = TcpChannel.Connect(pair.A, runner, StackPair.AddressB, 443, 60_000, out _);
                long connected = runner.NowMs;
                var tls = new TlsConnection(client.Engine, tcp);
                Assert.IsTrue(tls.Handshake(TlsTestPki.HostName, TestClient.Now, null, 60_000), client.Engine.DescribeFailure());
                long handshaken = runner.NowMs;
                Get(tls, "/", true, out _);
                long answered = runner.NowMs;
                tls.Close();
                runner.RunUntil(() => server.Idle && pair.A.TcpSocketsInUse == 0, 600_000);
                return new[] { connected, handshaken, answered, runner.NowMs };
            }
        }

        /// <summary>Reproducible client randoms for the timeline test.</summary>
        private sealed class SeededTlsEntropy : NanoStack.Tls.Crypto.IEntropySource
        {
            private readonly Random _random;

            public SeededTlsEntropy(uint seed) => _random = new Random((int)seed);

            public void GetBytes(byte[] buffer, int offset, int count) => _random.NextBytes(buffer.AsSpan(offset, count));
        }
    }
}
