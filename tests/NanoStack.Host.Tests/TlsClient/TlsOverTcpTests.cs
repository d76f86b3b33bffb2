using System;
using System.Security.Cryptography;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Channels;
using NanoStack.Host.Tests.Core;
using NanoStack.Iface;
using NanoStack.Link;
using NanoStack.Sockets;
using NanoStack.Tls;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace NanoStack.Host.Tests.TlsClient
{
    /// <summary>
    /// The TLS client over NanoStack's own TCP (<see cref="TcpChannel"/>) on the emulated Ethernet
    /// segment with a virtual clock: the server is BouncyCastle's TLS 1.2 server driven without
    /// threads on the other interface, so the run is deterministic, with and without loss.
    /// </summary>
    [TestClass]
    public class TlsOverTcpTests
    {
        private const ushort Port = 443;

        [TestMethod]
        [DataRow(ServerKey.EcdsaP256, 0, DisplayName = "ECDSA P-256, clean link")]
        [DataRow(ServerKey.Rsa2048, 0, DisplayName = "RSA-2048, clean link")]
        [DataRow(ServerKey.EcdsaP256, 5, DisplayName = "ECDSA P-256, 5% loss each way")]
        public void EchoesOverTlsOverOurTcp(ServerKey kind, int lossPercent)
        {
            TlsTestPki pki = TlsTestPki.For(kind);
            FaultInjectorLink faults = null;
            var pair = new StackPair(new StackLimits { TcpReceiveBufferSize = 8760, TcpSendBufferSize = 8760 }, decorateA: link =>
            {
                faults = new FaultInjectorLink(link, 7, 256, 1 << 20);
                faults.Outbound.LossPpm = lossPercent * 10_000;
                faults.Inbound.LossPpm = lossPercent * 10_000;
                return faults;
            });
            var server = new BcEchoServer(pair.B, pki);
            var runner = new PairRunner(pair, server.Service);

            TcpChannel tcp = TcpChannel.Connect(pair.A, runner, StackPair.AddressB, Port, 30_000, out TcpError error);
            Assert.IsNotNull(tcp, "connect: " + error);
            var client = new TestClient(pki.Anchors());
            var tls = new TlsConnection(client.Engine, tcp);
            long unixNow = TestClient.Now;
            Assert.IsTrue(tls.Handshake(TlsTestPki.HostName, unixNow, null, 60_000), "handshake: " + client.Engine.DescribeFailure() + ", transport " + tls.TransportStatus + " " + tcp.Error);

            // 256 KB out and back in 1000-byte writes, read as they come.
            var data = new byte[256 * 1024];
            new Random(3).NextBytes(data);
            var echoed = new byte[data.Length];
            int sent = 0, received = 0;
            while (received < data.Length)
            {
                if (sent < data.Length)
                {
                    int n = Math.Min(1000, data.Length - sent);
                    int w = tls.Write(data, sent, n, 30_000);
                    Assert.AreEqual(n, w, "write at " + sent + ": " + client.Engine.DescribeFailure() + ", transport " + tls.TransportStatus + " " + tcp.Error + " state " + tcp.Socket.State + " sndq " + tcp.Socket.SendQueueLength + " wnd " + tcp.Socket.SendWindow + " rcvq " + tcp.Socket.ReceiveQueueLength + " t " + runner.NowMs);
                    sent += n;
                }
                int r = tls.Read(echoed, received, echoed.Length - received, sent == data.Length ? 30_000 : 0);
                Assert.IsTrue(r > 0 || r == ChannelStatus.TimedOut && sent < data.Length, "read " + r + ": " + client.Engine.DescribeFailure() + ", tcp " + tcp.Error);
                if (r > 0)
                {
                    received += r;
                }
            }
            CollectionAssert.AreEqual(SHA256.HashData(data), SHA256.HashData(echoed));

            // close_notify then FIN; the server answers both, and our socket goes through TIME-WAIT.
            TcpSocket socket = tcp.Socket;
            tls.Close();
            Assert.IsTrue(runner.RunUntil(() => server.SawCloseNotify && socket.State == TcpState.Closed, 600_000), "close: server close_notify " + server.SawCloseNotify + ", our socket " + socket.State);
            Assert.AreEqual(0, pair.A.TcpSocketsInUse, "the interface released the socket");
            if (lossPercent > 0)
            {
                Assert.IsTrue(faults.Outbound.Lost + faults.Inbound.Lost > 0, "the link lost frames");
                Assert.IsTrue(socket.Retransmissions > 0 || server.Retransmissions > 0, "the loss caused retransmissions");
            }
        }

        [TestMethod]
        public void ConnectToAClosedPortSaysRefused()
        {
            var pair = new StackPair();
            var runner = new PairRunner(pair, null);
            TcpChannel tcp = TcpChannel.Connect(pair.A, runner, StackPair.AddressB, 444, 10_000, out TcpError error);
            Assert.IsNull(tcp);
            Assert.AreEqual(TcpError.Refused, error);
            Assert.AreEqual(0, pair.A.TcpSocketsInUse);
        }

        [TestMethod]
        public void ReadTimesOutOnTheVirtualClockAndResetIsReported()
        {
            var pair = new StackPair();
            int listener = pair.B.TcpOpen();
            pair.B.TcpListen(listener, 7);
            var runner = new PairRunner(pair, null);
            TcpChannel tcp = TcpChannel.Connect(pair.A, runner, StackPair.AddressB, 7, 10_000, out TcpError error);
            Assert.IsNotNull(tcp, error.ToString());
            int accepted = -1;
            Assert.IsTrue(pair.RunUntil(() => (accepted = pair.B.TcpAccept(listener)) >= 0));

            var buffer = new byte[16];
            long before = runner.NowMs;
            Assert.AreEqual(ChannelStatus.TimedOut, tcp.Read(buffer, 0, buffer.Length, 2_500));
            Assert.IsTrue(runner.NowMs - before >= 2_500, "the timeout ran on the stack's clock");

            pair.B.TcpAbort(accepted);
            Assert.AreEqual(ChannelStatus.Reset, tcp.Read(buffer, 0, buffer.Length, 5_000));
            Assert.AreEqual(TcpError.Reset, tcp.Error);
            Assert.AreEqual(ChannelStatus.Reset, tcp.Write(buffer, 0, 4, 1_000));
        }

        [TestMethod]
        public void PeerFinReadsAsEndOfStreamAfterTheData()
        {
            var pair = new StackPair();
            int listener = pair.B.TcpOpen();
            pair.B.TcpListen(listener, 7);
            var runner = new PairRunner(pair, null);
            TcpChannel tcp = TcpChannel.Connect(pair.A, runner, StackPair.AddressB, 7, 10_000, out _);
            int accepted = -1;
            Assert.IsTrue(pair.RunUntil(() => (accepted = pair.B.TcpAccept(listener)) >= 0));
            byte[] hello = Encoding.ASCII.GetBytes("hello");
            pair.B.GetTcp(accepted).Send(hello, 0, hello.Length);
            pair.B.TcpClose(accepted);

            var buffer = new byte[16];
            Assert.AreEqual(5, tcp.Read(buffer, 0, buffer.Length, 5_000));
            Assert.AreEqual(0, tcp.Read(buffer, 0, buffer.Length, 5_000));
            tcp.Close();
            Assert.AreEqual(ChannelStatus.Closed, tcp.Read(buffer, 0, buffer.Length, 5_000));
            Assert.IsTrue(pair.RunUntil(() => pair.A.TcpSocketsInUse == 0), "released after LAST-ACK");
        }

        [TestMethod]
        public void OneChannelOpensConnectionAfterConnectionWithoutAllocating()
        {
            var pair = new StackPair();
            int listener = pair.B.TcpOpen();
            pair.B.TcpListen(listener, 7);
            var runner = new PairRunner(pair, null);
            var tcp = new TcpChannel(pair.A, runner);
            Assert.IsFalse(tcp.IsOpen);
            Assert.AreEqual(-1, tcp.Handle);
            var buffer = new byte[16];
            Assert.AreEqual(ChannelStatus.Closed, tcp.Read(buffer, 0, buffer.Length, 0));
            Assert.AreEqual(TcpError.Refused, tcp.Open(StackPair.AddressB, 444, 10_000));
            Assert.IsFalse(tcp.IsOpen);
            byte[] hello = Encoding.ASCII.GetBytes("hello");
            for (int round = 0; round < 3; round++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                TcpError error = tcp.Open(StackPair.AddressB, 7, 10_000);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.AreEqual(TcpError.None, error, "round " + round);
                Assert.IsTrue(tcp.IsOpen);
                int accepted = -1;
                Assert.IsTrue(pair.RunUntil(() => (accepted = pair.B.TcpAccept(listener)) >= 0));
                pair.B.GetTcp(accepted).Send(hello, 0, hello.Length);
                pair.B.TcpClose(accepted);
                Assert.AreEqual(5, tcp.Read(buffer, 0, buffer.Length, 5_000));
                Assert.AreEqual(0, tcp.Read(buffer, 0, buffer.Length, 5_000));
                tcp.Close();
                Assert.IsFalse(tcp.IsOpen);
                Assert.IsTrue(pair.RunUntil(() => pair.A.TcpSocketsInUse == 0 && pair.B.TcpSocketsInUse == 1), "released after LAST-ACK");
                if (round > 0)
                {
                    // The runner's polling is the board's; only Open itself is measured, and it
                    // includes the stack's work until ESTABLISHED, which allocates nothing.
                    Assert.AreEqual(0, allocated, "round " + round);
                }
            }
            Assert.AreEqual(TcpError.None, tcp.Open(StackPair.AddressB, 7, 10_000));
            Assert.ThrowsExactly<InvalidOperationException>(() => tcp.Open(StackPair.AddressB, 7, 10_000), "Open on an open channel is a caller bug");
        }

        /// <summary>The board's poll loop for a <see cref="StackPair"/>: both interfaces and a
        /// service (the server) are polled; idle time advances the virtual clock.</summary>
        internal sealed class PairRunner : IStackRunner
        {
            private readonly StackPair _pair;
            private readonly Func<bool> _service;

            public PairRunner(StackPair pair, Func<bool> service)
            {
                _pair = pair;
                _service = service;
            }

            public long NowMs => _pair.Clock.NowMs;

            public bool RunUntil(Func<bool> condition, long limitMs)
            {
                long end = NowMs + limitMs;
                while (!condition() && NowMs < end)
                {
                    RunOnce(end);
                }
                return condition();
            }

            public void RunOnce(long untilMs)
            {
                bool progress = false;
                for (int i = 0; i < 10_000; i++)
                {
                    bool any = _pair.PollOnce();
                    if (_service != null)
                    {
                        any |= _service();
                    }
                    if (!any)
                    {
                        break;
                    }
                    progress = true;
                }
                if (progress)
                {
                    return;
                }
                long next = Math.Min(Math.Min(_pair.A.PollAt(NowMs), _pair.B.PollAt(NowMs)), untilMs);
                if (next > NowMs && next != long.MaxValue)
                {
                    _pair.Clock.AdvanceTo(next);
                }
            }
        }

        /// <summary>
        /// BouncyCastle's TLS 1.2 server in non-blocking mode on a NanoStack listener: echoes the
        /// application data it receives and answers close_notify.
        /// </summary>
        private sealed class BcEchoServer
        {
            private readonly Interface _iface;
            private readonly int _listener;
            private readonly TlsTestPki _pki;
            private readonly AsymmetricKeyParameter _key;
            private readonly byte[] _buffer = new byte[32 * 1024];
            private readonly byte[] _pending = new byte[256 * 1024];
            private int _pendingStart, _pendingCount;
            private int _handle = -1;
            private TlsServerProtocol _protocol;

            public BcEchoServer(Interface iface, TlsTestPki pki)
            {
                _iface = iface;
                _pki = pki;
                PemFields pem = PemEncoding.Find(pki.LeafKeyPem);
                _key = PrivateKeyFactory.CreateKey(Convert.FromBase64String(pki.LeafKeyPem[pem.Base64Data]));
                _listener = iface.TcpOpen();
                iface.TcpListen(_listener, Port);
            }

            public bool SawCloseNotify { get; private set; }

            public int Retransmissions { get; private set; }

            private bool _closed;

            /// <summary>Moves bytes one step; true when anything moved.</summary>
            public bool Service()
            {
                bool progress = false;
                if (_closed)
                {
                    return false;
                }
                if (_protocol == null)
                {
                    _handle = _iface.TcpAccept(_listener);
                    if (_handle < 0)
                    {
                        return false;
                    }
                    _protocol = new TlsServerProtocol();
                    _protocol.Accept(new Server(new BcTlsCrypto(new SecureRandom()), _pki, _key));
                    progress = true;
                }
                TcpSocket socket = _iface.GetTcp(_handle);
                int n;
                while ((n = socket.Receive(_buffer, 0, _buffer.Length)) > 0)
                {
                    if (!_protocol.IsClosed)
                    {
                        _protocol.OfferInput(_buffer, 0, n);
                    }
                    progress = true;
                }
                while (!_protocol.IsClosed && _protocol.GetAvailableInputBytes() > 0)
                {
                    int m = _protocol.ReadInput(_buffer, 0, _buffer.Length);
                    _protocol.WriteApplicationData(_buffer, 0, m);
                    progress = true;
                }
                if (_protocol.IsClosed && !SawCloseNotify)
                {
                    SawCloseNotify = true;
                    progress = true;
                }
                int available = _protocol.GetAvailableOutputBytes();
                if (available > 0 && _pendingCount == 0)
                {
                    _pendingStart = 0;
                    _pendingCount = _protocol.ReadOutput(_pending, 0, Math.Min(available, _pending.Length));
                }
                if (_pendingCount > 0)
                {
                    int sent = socket.Send(_pending, _pendingStart, _pendingCount);
                    _pendingStart += sent;
                    _pendingCount -= sent;
                    progress |= sent > 0;
                }
                if (SawCloseNotify && _pendingCount == 0 && _protocol.GetAvailableOutputBytes() == 0 && socket.State == TcpState.CloseWait)
                {
                    Retransmissions = socket.Retransmissions;
                    _iface.TcpClose(_handle);
                    _closed = true;
                    progress = true;
                }
                return progress;
            }

            private sealed class Server : DefaultTlsServer
            {
                private readonly TlsTestPki _pki;
                private readonly AsymmetricKeyParameter _key;

                public Server(TlsCrypto crypto, TlsTestPki pki, AsymmetricKeyParameter key) : base(crypto)
                {
                    _pki = pki;
                    _key = key;
                }

                protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.TLSv12.Only();

                protected override int[] GetSupportedCipherSuites() => _pki.IsEcdsa
                    ? new[] { CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 }
                    : new[] { CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 };

                private TlsCredentialedSigner Signer(short signature)
                {
                    var crypto = (BcTlsCrypto)Crypto;
                    var chain = new Certificate(new TlsCertificate[] { crypto.CreateCertificate(_pki.Leaf.RawData), crypto.CreateCertificate(_pki.Ca.RawData) });
                    return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), crypto, _key, chain,
                        SignatureAndHashAlgorithm.GetInstance(Org.BouncyCastle.Tls.HashAlgorithm.sha256, signature));
                }

                protected override TlsCredentialedSigner GetECDsaSignerCredentials() => Signer(SignatureAlgorithm.ecdsa);

                protected override TlsCredentialedSigner GetRsaSignerCredentials() => Signer(SignatureAlgorithm.rsa);
            }
        }
    }
}
