using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Board.Linux;
using NanoStack.Channels;
using NanoStack.Tls;
using Suite = NanoStack.Tls.TlsCipherSuite;

namespace NanoStack.Host.Tests.TlsClient
{
    /// <summary>
    /// The NanoStack client over an OS TCP socket to <c>openssl s_server -tls1_2</c>: ECDSA and
    /// RSA chains with every fitting suite and group, session tickets on and off (resumption by
    /// ticket and by session ID, as the server itself reports), small server records,
    /// max_fragment_length, and a server-initiated renegotiation.
    /// </summary>
    [TestClass]
    public sealed class TlsOpenSslTests
    {
        private const int Timeout = 20_000;

        private static (TlsConnection tls, OsSocketChannel channel) Connect(OpenSslServer server, TestClient client, TlsSessionCache cache)
        {
            OsSocketChannel channel = OsSocketChannel.Connect(server.EndPoint, Timeout);
            var tls = new TlsConnection(client.Engine, channel);
            if (!tls.Handshake(TlsTestPki.HostName, TestClient.Now, cache, Timeout))
            {
                channel.Dispose();
                Assert.Fail(client.Engine.DescribeFailure() + "\nserver said:\n" + server.Output);
            }
            return (tls, channel);
        }

        /// <summary>GET / from s_server -www: its status page, read to the server's close.</summary>
        private static string GetStatusPage(TlsConnection tls)
        {
            byte[] request = Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\n\r\n");
            Assert.AreEqual(request.Length, tls.Write(request, 0, request.Length, Timeout), tls.Engine.DescribeFailure());
            var page = new StringBuilder();
            byte[] buffer = new byte[4096];
            while (true)
            {
                int n = tls.Read(buffer, 0, buffer.Length, Timeout);
                if (n <= 0)
                {
                    Assert.AreEqual(0, n, tls.Engine.DescribeFailure());
                    break;
                }
                page.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
            Assert.AreEqual(TlsFailure.PeerClosed, tls.Engine.Failure, "s_server -www ends with close_notify");
            string text = page.ToString();
            StringAssert.StartsWith(text, "HTTP/1.0 200 ok");
            return text;
        }

        private static string OpenSslName(int suite) => suite switch
        {
            Suite.EcdheEcdsaChaCha20Poly1305 => "ECDHE-ECDSA-CHACHA20-POLY1305",
            Suite.EcdheRsaChaCha20Poly1305 => "ECDHE-RSA-CHACHA20-POLY1305",
            Suite.EcdheEcdsaAes128GcmSha256 => "ECDHE-ECDSA-AES128-GCM-SHA256",
            Suite.EcdheRsaAes128GcmSha256 => "ECDHE-RSA-AES128-GCM-SHA256",
            Suite.EcdheEcdsaAes256GcmSha384 => "ECDHE-ECDSA-AES256-GCM-SHA384",
            _ => "ECDHE-RSA-AES256-GCM-SHA384",
        };

        [TestMethod]
        [DataRow(ServerKey.EcdsaP256)]
        [DataRow(ServerKey.EcdsaP384)]
        [DataRow(ServerKey.Rsa2048)]
        public void EverySuiteAndGroup_GetStatusPage(ServerKey key)
        {
            TlsTestPki pki = TlsTestPki.For(key);
            using OpenSslServer server = OpenSslServer.Start(pki, "-www");
            int[] suites = pki.IsEcdsa
                ? new[] { Suite.EcdheEcdsaChaCha20Poly1305, Suite.EcdheEcdsaAes128GcmSha256, Suite.EcdheEcdsaAes256GcmSha384 }
                : new[] { Suite.EcdheRsaChaCha20Poly1305, Suite.EcdheRsaAes128GcmSha256, Suite.EcdheRsaAes256GcmSha384 };
            foreach (int suite in suites)
            {
                foreach (int group in new[] { Suite.GroupX25519, Suite.GroupSecp256r1 })
                {
                    var client = new TestClient(pki.Anchors(), new TlsClientConfig { CipherSuites = new[] { suite }, Groups = new[] { group } });
                    var (tls, channel) = Connect(server, client, null);
                    using (channel)
                    {
                        Assert.AreEqual(suite, client.Engine.CipherSuite);
                        Assert.AreEqual(group, client.Engine.Group);
                        string page = GetStatusPage(tls);
                        StringAssert.Contains(page, "New, TLSv1.2, Cipher is " + OpenSslName(suite));
                    }
                }
            }
        }

        [TestMethod]
        [DataRow(true)]
        [DataRow(false)]
        public void Resumption_ByTicketOrSessionId_ServerReportsReused(bool tickets)
        {
            TlsTestPki pki = TlsTestPki.For(ServerKey.EcdsaP256);
            using OpenSslServer server = OpenSslServer.Start(pki, tickets ? "-www" : "-www -no_ticket");
            var client = new TestClient(pki.Anchors());
            var cache = new TlsSessionCache(2, 512);
            for (int round = 0; round < 3; round++)
            {
                var (tls, channel) = Connect(server, client, cache);
                using (channel)
                {
                    string page = GetStatusPage(tls);
                    Console.WriteLine($"round {round}: resumed={client.Engine.Resumed} ticket={client.Engine.TicketReceived}");
                    Assert.AreEqual(round > 0, client.Engine.Resumed);
                    StringAssert.Contains(page, (round > 0 ? "Reused" : "New") + ", TLSv1.2, Cipher is ");
                }
            }
            Assert.AreEqual(tickets, cache.HasTicket(TlsTestPki.HostName));
            Assert.AreEqual(!tickets, cache.HasSessionId(TlsTestPki.HostName));
        }

        [TestMethod]
        public void ServerSendsSmallRecords_HandshakeReassembled()
        {
            TlsTestPki pki = TlsTestPki.For(ServerKey.Rsa2048);
            using OpenSslServer server = OpenSslServer.Start(pki, "-www -max_send_frag 512");
            var client = new TestClient(pki.Anchors());
            var (tls, channel) = Connect(server, client, null);
            using (channel)
            {
                string page = GetStatusPage(tls);
                Assert.IsTrue(page.Length > 1024, "a page of several records");
            }
        }

        [TestMethod]
        [DataRow(512)]
        [DataRow(1024)]
        public void MaxFragmentLength_NegotiatedWithOpenSsl(int mfl)
        {
            TlsTestPki pki = TlsTestPki.For(ServerKey.EcdsaP256);
            using OpenSslServer server = OpenSslServer.Start(pki, "-www");
            var client = new TestClient(pki.Anchors(), new TlsClientConfig { MaxFragmentLength = mfl, ReceiveFragmentLength = mfl, SendFragmentLength = mfl });
            var (tls, channel) = Connect(server, client, null);
            using (channel)
            {
                Assert.IsTrue(client.Engine.MaxFragmentLengthNegotiated);
                Assert.AreEqual(mfl, client.Engine.ReceiveFragmentLimit);
                string page = GetStatusPage(tls);
                Assert.IsTrue(page.Length > mfl, "the page spans records of " + mfl + " bytes");
            }
        }

        [TestMethod]
        public void ServerRenegotiates_ClientRefusesWithNoRenegotiation()
        {
            TlsTestPki pki = TlsTestPki.For(ServerKey.EcdsaP256);
            using OpenSslServer server = OpenSslServer.Start(pki, "");
            var client = new TestClient(pki.Anchors());
            var (tls, channel) = Connect(server, client, null);
            using (channel)
            {
                byte[] hello = Encoding.ASCII.GetBytes("ping\n");
                Assert.AreEqual(hello.Length, tls.Write(hello, 0, hello.Length, Timeout));
                Assert.IsTrue(server.WaitFor("ping", Timeout), server.Output);
                server.Type("R");
                byte[] buffer = new byte[256];
                int n = tls.Read(buffer, 0, buffer.Length, Timeout);
                Console.WriteLine("read " + n + ": " + tls.Engine.DescribeFailure() + "\nserver said:\n" + server.Output);
                // The client answered the HelloRequest with the no_renegotiation warning (OpenSSL
                // logs receiving it) and never sent a ClientHello; OpenSSL then ends the
                // connection with a fatal handshake_failure.
                Assert.AreEqual(1, tls.Engine.RenegotiationRequests);
                Assert.IsTrue(server.WaitFor("no renegotiation", Timeout), server.Output);
                Assert.AreEqual(ChannelStatus.ProtocolError, n);
                Assert.AreEqual(TlsFailure.AlertReceived, tls.Engine.Failure);
                Assert.AreEqual(TlsAlert.HandshakeFailure, tls.Engine.Alert);
            }
        }
    }
}
