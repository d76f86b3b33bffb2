using System;
using System.Collections.Generic;
using System.Net.Security;
using System.Security.Cryptography;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Channels;
using NanoStack.Tls;
using Suite = NanoStack.Tls.TlsCipherSuite;

namespace NanoStack.Host.Tests.TlsClient
{
    /// <summary>
    /// The NanoStack TLS client against the host's SslStream (TLS 1.2 forced) over an in-memory
    /// byte pipe: every suite × group × server key, full and resumed (session ID and ticket),
    /// ALPN, SNI as the server saw it, record size limits, 1 MB each way.
    /// </summary>
    [TestClass]
    public sealed class TlsSslStreamTests
    {
        private const int Timeout = 20_000;

        public static IEnumerable<object[]> Matrix()
        {
            foreach (ServerKey key in new[] { ServerKey.EcdsaP256, ServerKey.EcdsaP384, ServerKey.Rsa2048, ServerKey.Rsa4096 })
            {
                bool ec = key == ServerKey.EcdsaP256 || key == ServerKey.EcdsaP384;
                int[] suites = ec
                    ? new[] { Suite.EcdheEcdsaChaCha20Poly1305, Suite.EcdheEcdsaAes128GcmSha256, Suite.EcdheEcdsaAes256GcmSha384 }
                    : new[] { Suite.EcdheRsaChaCha20Poly1305, Suite.EcdheRsaAes128GcmSha256, Suite.EcdheRsaAes256GcmSha384 };
                foreach (int suite in suites)
                {
                    foreach (int group in new[] { Suite.GroupX25519, Suite.GroupSecp256r1 })
                    {
                        yield return new object[] { key, suite, group };
                    }
                }
            }
        }

        public static string MatrixName(System.Reflection.MethodInfo method, object[] row) =>
            $"{method.Name}({row[0]}, {Suite.Name((int)row[1])}, {((int)row[2] == Suite.GroupX25519 ? "x25519" : "secp256r1")})";

        /// <summary>Full handshake with exactly one suite and one group offered, then an echo both ways.</summary>
        [TestMethod]
        [DynamicData(nameof(Matrix), DynamicDataDisplayName = nameof(MatrixName))]
        public void FullHandshake_EachSuiteGroupAndKey_EchoesData(ServerKey key, int suite, int group)
        {
            TlsTestPki pki = TlsTestPki.For(key);
            using var pipe = new BytePipe();
            // The server allows exactly this suite (its default list leaves ChaCha20 out of TLS 1.2).
            using var server = new SslStreamServer(pipe, pki, new[] { (System.Net.Security.TlsCipherSuite)suite });
            var config = new TlsClientConfig { CipherSuites = new[] { suite }, Groups = new[] { group } };
            var client = new TestClient(pki.Anchors(), config);
            var tls = new TlsConnection(client.Engine, pipe.Client);
            Handshake(tls, server, null);
            Assert.AreEqual(suite, client.Engine.CipherSuite);
            Assert.AreEqual(group, client.Engine.Group);
            Assert.IsFalse(client.Engine.Resumed);
            Echo(tls, 3000);
            tls.Close();
            Assert.IsTrue(server.Wait(Timeout));
            Assert.IsNull(server.Error, server.Error?.ToString());
            Assert.AreEqual((System.Net.Security.TlsCipherSuite)suite, server.NegotiatedSuite);
            Assert.AreEqual(TlsTestPki.HostName, server.SeenHostName, "SNI as the server saw it");
        }

        [TestMethod]
        public void DefaultOffer_EcdsaServer_PicksChaChaWithX25519()
        {
            TlsTestPki pki = TlsTestPki.For(ServerKey.EcdsaP256);
            using var pipe = new BytePipe();
            using var server = new SslStreamServer(pipe, pki);
            var client = new TestClient(pki.Anchors());
            var tls = new TlsConnection(client.Engine, pipe.Client);
            Handshake(tls, server, null);
            Console.WriteLine("negotiated " + Suite.Name(client.Engine.CipherSuite) + " group 0x" + client.Engine.Group.ToString("X4"));
            Assert.AreEqual(Suite.GroupX25519, client.Engine.Group);
            Echo(tls, 100);
            tls.Close();
            Assert.IsTrue(server.Wait(Timeout));
            Assert.IsNull(server.Error, server.Error?.ToString());
        }

        [TestMethod]
        [DataRow(ServerKey.EcdsaP256)]
        [DataRow(ServerKey.Rsa2048)]
        public void Alpn_ServerChoosesHttp11_SeenOnBothSides(ServerKey key)
        {
            TlsTestPki pki = TlsTestPki.For(key);
            using var pipe = new BytePipe();
            using var server = new SslStreamServer(pipe, pki, alpn: new List<SslApplicationProtocol> { SslApplicationProtocol.Http11 });
            var config = new TlsClientConfig { AlpnProtocols = new[] { "h2", "http/1.1" } };
            var client = new TestClient(pki.Anchors(), config);
            var tls = new TlsConnection(client.Engine, pipe.Client);
            Handshake(tls, server, null);
            Assert.AreEqual("http/1.1", client.Engine.NegotiatedProtocol);
            tls.Close();
            Assert.IsTrue(server.Wait(Timeout));
            Assert.AreEqual(SslApplicationProtocol.Http11, server.NegotiatedAlpn);
        }

        [TestMethod]
        public void Alpn_ServerWithoutAlpn_NoProtocolNegotiated()
        {
            TlsTestPki pki = TlsTestPki.For(ServerKey.EcdsaP256);
            using var pipe = new BytePipe();
            using var server = new SslStreamServer(pipe, pki);
            var config = new TlsClientConfig { AlpnProtocols = new[] { "http/1.1" } };
            var client = new TestClient(pki.Anchors(), config);
            var tls = new TlsConnection(client.Engine, pipe.Client);
            Handshake(tls, server, null);
            Assert.IsNull(client.Engine.NegotiatedProtocol);
            tls.Close();
        }

        [TestMethod]
        public void Sni_Disabled_ServerSeesNoName()
        {
            TlsTestPki pki = TlsTestPki.For(ServerKey.EcdsaP256);
            using var pipe = new BytePipe();
            using var server = new SslStreamServer(pipe, pki);
            var config = new TlsClientConfig { ServerNameIndication = false };
            var client = new TestClient(pki.Anchors(), config);
            var tls = new TlsConnection(client.Engine, pipe.Client);
            Handshake(tls, server, null);
            tls.Close();
            Assert.IsTrue(server.Wait(Timeout));
            Assert.IsTrue(string.IsNullOrEmpty(server.SeenHostName), "server saw " + server.SeenHostName);
        }

        /// <summary>1 MB each way, records of every size the server produces, concurrently read and written.</summary>
        [TestMethod]
        [DataRow(Suite.EcdheEcdsaChaCha20Poly1305)]
        [DataRow(Suite.EcdheEcdsaAes128GcmSha256)]
        [DataRow(Suite.EcdheEcdsaAes256GcmSha384)]
        public void OneMegabyteEachWay_ArrivesIntact(int suite)
        {
            TlsTestPki pki = TlsTestPki.For(ServerKey.EcdsaP256);
            using var pipe = new BytePipe();
            using var server = new SslStreamServer(pipe, pki, new[] { (System.Net.Security.TlsCipherSuite)suite });
            var config = new TlsClientConfig { CipherSuites = new[] { suite } };
            var client = new TestClient(pki.Anchors(), config);
            var tls = new TlsConnection(client.Engine, pipe.Client);
            Handshake(tls, server, null);
            Echo(tls, 1 << 20);
            tls.Close();
            Assert.IsTrue(server.Wait(Timeout));
            Assert.IsNull(server.Error, server.Error?.ToString());
        }

        /// <summary>Second connection with the same cache: abbreviated handshake (by ticket when offered, else by session ID).</summary>
        [TestMethod]
        [DataRow(ServerKey.EcdsaP256, true)]
        [DataRow(ServerKey.EcdsaP256, false)]
        [DataRow(ServerKey.Rsa2048, true)]
        [DataRow(ServerKey.Rsa2048, false)]
        public void SecondConnection_Resumes(ServerKey key, bool tickets)
        {
            TlsTestPki pki = TlsTestPki.For(key);
            var cache = new TlsSessionCache(2, 1024);
            var config = new TlsClientConfig { SessionTickets = tickets };
            var client = new TestClient(pki.Anchors(), config);
            var context = SslStreamServer.ContextFor(pki);
            for (int round = 0; round < 3; round++)
            {
                using var pipe = new BytePipe();
                using var server = new SslStreamServer(pipe, pki, context: context);
                var tls = new TlsConnection(client.Engine, pipe.Client);
                Handshake(tls, server, cache);
                Console.WriteLine($"round {round}: resumed={client.Engine.Resumed} ticket={client.Engine.TicketReceived} cachedTicket={cache.HasTicket(TlsTestPki.HostName)} cachedId={cache.HasSessionId(TlsTestPki.HostName)}");
                Assert.AreEqual(round > 0, client.Engine.Resumed, "round " + round);
                Echo(tls, 1000);
                tls.Close();
                Assert.IsTrue(server.Wait(Timeout));
                Assert.IsNull(server.Error, server.Error?.ToString());
            }
            Assert.AreEqual(tickets, cache.HasTicket(TlsTestPki.HostName));
        }

        /// <summary>max_fragment_length (RFC 6066): a 1 KB receive buffer; the server's records shrink to fit.</summary>
        [TestMethod]
        [DataRow(512)]
        [DataRow(1024)]
        [DataRow(4096)]
        public void MaxFragmentLength_NegotiatedAndHonoured(int mfl)
        {
            TlsTestPki pki = TlsTestPki.For(ServerKey.EcdsaP256);
            using var pipe = new BytePipe();
            using var server = new SslStreamServer(pipe, pki);
            var config = new TlsClientConfig { MaxFragmentLength = mfl, ReceiveFragmentLength = mfl, SendFragmentLength = mfl };
            var client = new TestClient(pki.Anchors(), config);
            Assert.AreEqual(mfl + TlsClientEngine.ReceiveOverhead, client.Engine.ReceiveBufferLength);
            var tls = new TlsConnection(client.Engine, pipe.Client);
            Handshake(tls, server, null);
            Assert.IsTrue(client.Engine.MaxFragmentLengthNegotiated);
            Assert.AreEqual(mfl, client.Engine.ReceiveFragmentLimit);
            Assert.AreEqual(mfl, client.Engine.SendFragmentLimit);
            Echo(tls, 100_000);
            tls.Close();
            Assert.IsTrue(server.Wait(Timeout));
            Assert.IsNull(server.Error, server.Error?.ToString());
        }

        /// <summary>record_size_limit (RFC 8449) is not implemented by OpenSSL's TLS 1.2 server:
        /// offered alongside a full buffer it is ignored; as the only way to a small buffer the
        /// handshake fails with the exact reason.</summary>
        [TestMethod]
        public void RecordSizeLimit_IgnoredByServer_FullBufferWorks_SmallBufferRefused()
        {
            TlsTestPki pki = TlsTestPki.For(ServerKey.EcdsaP256);
            using (var pipe = new BytePipe())
            using (var server = new SslStreamServer(pipe, pki))
            {
                var client = new TestClient(pki.Anchors(), new TlsClientConfig { RecordSizeLimit = 2048 });
                var tls = new TlsConnection(client.Engine, pipe.Client);
                Handshake(tls, server, null);
                Console.WriteLine("record_size_limit negotiated: " + client.Engine.RecordSizeLimitNegotiated);
                Assert.AreEqual(client.Engine.RecordSizeLimitNegotiated ? 2048 : 16384, client.Engine.ReceiveFragmentLimit);
                Echo(tls, 50_000);
                tls.Close();
            }
            using (var pipe = new BytePipe())
            using (var server = new SslStreamServer(pipe, pki))
            {
                var client = new TestClient(pki.Anchors(), new TlsClientConfig { RecordSizeLimit = 2048, ReceiveFragmentLength = 2048 });
                var tls = new TlsConnection(client.Engine, pipe.Client);
                bool ok = tls.Handshake(TlsTestPki.HostName, TestClient.Now, null, Timeout);
                if (!client.Engine.RecordSizeLimitNegotiated)
                {
                    Assert.IsFalse(ok);
                    Assert.AreEqual(TlsFailure.FragmentLimitRefused, client.Engine.Failure, client.Engine.DescribeFailure());
                    Assert.AreEqual(TlsAlert.HandshakeFailure, client.Engine.Alert);
                }
                else
                {
                    Assert.IsTrue(ok, client.Engine.DescribeFailure());
                }
            }
        }

        /// <summary>Handshake messages larger than a record: the client's ClientHello (with a long
        /// ALPN list) split over 512-byte records, and every server message reassembled.</summary>
        [TestMethod]
        public void SmallRecordsBothWays_HandshakeReassembled()
        {
            TlsTestPki pki = TlsTestPki.For(ServerKey.Rsa4096);
            using var pipe = new BytePipe();
            using var server = new SslStreamServer(pipe, pki, alpn: new List<SslApplicationProtocol> { SslApplicationProtocol.Http11 });
            string[] alpn = new string[40];
            for (int i = 0; i < alpn.Length - 1; i++)
            {
                alpn[i] = "x-protocol-" + i.ToString("D2");
            }
            alpn[^1] = "http/1.1";
            var config = new TlsClientConfig { MaxFragmentLength = 512, ReceiveFragmentLength = 512, SendFragmentLength = 512, AlpnProtocols = alpn, HandshakeBufferLength = 2048 };
            var client = new TestClient(pki.Anchors(), config);
            var tls = new TlsConnection(client.Engine, pipe.Client);
            Handshake(tls, server, null);
            Assert.AreEqual("http/1.1", client.Engine.NegotiatedProtocol);
            Echo(tls, 20_000);
            tls.Close();
        }

        internal static void Handshake(TlsConnection tls, SslStreamServer server, TlsSessionCache cache)
        {
            bool ok = tls.Handshake(TlsTestPki.HostName, TestClient.Now, cache, Timeout);
            if (!ok)
            {
                server.Wait(2000);
                Assert.Fail(tls.Engine.DescribeFailure() + " / server: " + server.Error?.Message);
            }
        }

        /// <summary>Writes <paramref name="total"/> random bytes in uneven pieces while reading the echo.</summary>
        internal static void Echo(TlsConnection tls, int total)
        {
            byte[] data = new byte[total];
            RandomNumberGenerator.Fill(data);
            byte[] back = new byte[total];
            int sent = 0, received = 0;
            var random = new Random(total);
            while (received < total)
            {
                if (sent < total && sent - received < 64 * 1024)
                {
                    int n = Math.Min(total - sent, random.Next(1, 9000));
                    Assert.AreEqual(n, tls.Write(data, sent, n, Timeout), tls.Engine.DescribeFailure());
                    sent += n;
                    continue;
                }
                int r = tls.Read(back, received, total - received, Timeout);
                Assert.IsTrue(r > 0, "read " + r + ": " + tls.Engine.DescribeFailure());
                received += r;
            }
            CollectionAssert.AreEqual(data, back);
        }
    }
}
