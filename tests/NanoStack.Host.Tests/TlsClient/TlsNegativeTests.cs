using System;
using System.Net.Security;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Channels;
using NanoStack.Tls;
using Suite = NanoStack.Tls.TlsCipherSuite;

namespace NanoStack.Host.Tests.TlsClient
{
    /// <summary>
    /// Hostile or broken servers: SslStream's bytes changed in flight by a <see cref="RecordMitm"/>
    /// (with the client's exported master secret where a record must keep a valid tag), and
    /// servers that renegotiate or end without close_notify. Each ends with the exact failure
    /// and alert, never an exception.
    /// </summary>
    [TestClass]
    public sealed class TlsNegativeTests
    {
        private const int Timeout = 20_000;

        private sealed class Run : IDisposable
        {
            public readonly BytePipe Pipe = new BytePipe();
            public readonly SslStreamServer Server;
            public readonly TestClient Client;
            public readonly TlsConnection Tls;
            public readonly RecordMitm Mitm;

            public Run(Func<int, int, byte[], byte[]> rewrite, Action<SslStream> app = null, TlsClientConfig config = null)
            {
                TlsTestPki pki = TlsTestPki.For(ServerKey.EcdsaP256);
                config ??= new TlsClientConfig { CipherSuites = new[] { Suite.EcdheEcdsaAes128GcmSha256 } };
                Client = new TestClient(pki.Anchors(), config);
                if (rewrite != null)
                {
                    Mitm = new RecordMitm(rewrite);
                    Pipe.ToClientTransform = Mitm.Transform;
                }
                Server = new SslStreamServer(Pipe, pki, new[] { (System.Net.Security.TlsCipherSuite)config.CipherSuites[0] }, application: app);
                Tls = new TlsConnection(Client.Engine, Pipe.Client);
            }

            public TlsClientEngine Engine => Client.Engine;

            public void Dispose()
            {
                Server.Dispose();
                Pipe.Dispose();
            }
        }

        private static void AssertFailure(TlsClientEngine engine, TlsFailure failure, int alert, bool received = false)
        {
            Console.WriteLine(engine.DescribeFailure());
            Assert.AreEqual(failure, engine.Failure, engine.DescribeFailure());
            Assert.AreEqual(alert, engine.Alert, engine.DescribeFailure());
            Assert.AreEqual(received, engine.AlertReceived);
            Assert.AreEqual(TlsEngineFlags.Closed, engine.Flags & TlsEngineFlags.Closed);
        }

        /// <summary>Offset of the handshake message of <paramref name="type"/> inside a plaintext handshake record, or −1.</summary>
        private static int FindMessage(byte[] record, int type)
        {
            if (record[0] != 22)
            {
                return -1;
            }
            int p = 5;
            while (p + 4 <= record.Length)
            {
                int length = (record[p + 1] << 16) | (record[p + 2] << 8) | record[p + 3];
                if (record[p] == type)
                {
                    return p;
                }
                p += 4 + length;
            }
            return -1;
        }

        [TestMethod]
        public void ServerPicksUnofferedSuite_IllegalParameter()
        {
            using var run = new Run((i, type, r) =>
            {
                int sh = FindMessage(r, 2);
                if (sh >= 0)
                {
                    int suite = sh + 4 + 2 + 32 + 1 + r[sh + 4 + 2 + 32];
                    r[suite] = 0xC0;
                    r[suite + 1] = 0x2C; // AES-256-GCM: not offered
                }
                return r;
            });
            Assert.IsFalse(run.Tls.Handshake(TlsTestPki.HostName, TestClient.Now, null, Timeout));
            AssertFailure(run.Engine, TlsFailure.UnofferedCipherSuite, TlsAlert.IllegalParameter);
        }

        [TestMethod]
        public void ServerPicksUnofferedGroup_IllegalParameter()
        {
            using var run = new Run((i, type, r) =>
            {
                int ske = FindMessage(r, 12);
                if (ske >= 0)
                {
                    r[ske + 5] = 0x00;
                    r[ske + 6] = 0x19; // secp521r1
                }
                return r;
            });
            Assert.IsFalse(run.Tls.Handshake(TlsTestPki.HostName, TestClient.Now, null, Timeout));
            AssertFailure(run.Engine, TlsFailure.UnofferedGroup, TlsAlert.IllegalParameter);
        }

        [TestMethod]
        public void BadServerKeyExchangeSignature_DecryptError()
        {
            using var run = new Run((i, type, r) =>
            {
                int ske = FindMessage(r, 12);
                if (ske >= 0)
                {
                    int length = (r[ske + 1] << 16) | (r[ske + 2] << 8) | r[ske + 3];
                    r[ske + 4 + length - 1] ^= 0x01; // last byte of the signature
                }
                return r;
            });
            Assert.IsFalse(run.Tls.Handshake(TlsTestPki.HostName, TestClient.Now, null, Timeout));
            AssertFailure(run.Engine, TlsFailure.BadServerKeyExchangeSignature, TlsAlert.DecryptError);
        }

        [TestMethod]
        public void ServerKeyChangedInFlight_SignatureNoLongerVerifies()
        {
            using var run = new Run((i, type, r) =>
            {
                int ske = FindMessage(r, 12);
                if (ske >= 0)
                {
                    r[ske + 4 + 4 + 5] ^= 0x40; // a byte of the server's ephemeral key
                }
                return r;
            });
            Assert.IsFalse(run.Tls.Handshake(TlsTestPki.HostName, TestClient.Now, null, Timeout));
            AssertFailure(run.Engine, TlsFailure.BadServerKeyExchangeSignature, TlsAlert.DecryptError);
        }

        [TestMethod]
        public void ExtendedMasterSecretRemoved_HandshakeFailure()
        {
            using var run = new Run((i, type, r) =>
            {
                int sh = FindMessage(r, 2);
                if (sh < 0)
                {
                    return r;
                }
                int p = sh + 4 + 2 + 32;
                p += 1 + r[p] + 2 + 1;
                int extLengthAt = p;
                int end = p + 2 + ((r[p] << 8) | r[p + 1]);
                p += 2;
                while (p < end)
                {
                    int extType = (r[p] << 8) | r[p + 1];
                    int extLength = (r[p + 2] << 8) | r[p + 3];
                    if (extType == 23)
                    {
                        // Cut the 4 bytes out and shrink the three enclosing lengths.
                        byte[] cut = new byte[r.Length - 4];
                        Array.Copy(r, 0, cut, 0, p);
                        Array.Copy(r, p + 4, cut, p, r.Length - p - 4);
                        Add16(cut, 3, -4);
                        Add24(cut, sh + 1, -4);
                        Add16(cut, extLengthAt, -4);
                        return cut;
                    }
                    p += 4 + extLength;
                }
                Assert.Fail("the server sent no extended_master_secret");
                return r;
            });
            Assert.IsFalse(run.Tls.Handshake(TlsTestPki.HostName, TestClient.Now, null, Timeout));
            AssertFailure(run.Engine, TlsFailure.ExtendedMasterSecretMissing, TlsAlert.HandshakeFailure);
        }

        [TestMethod]
        public void BadFinishedWithValidTag_DecryptError()
        {
            RecordMitm mitm = null;
            TestClient client = null;
            bool changed = false;
            using var run = new Run((i, type, r) =>
            {
                if (type == 22 && mitm.Protected && mitm.ProtectedSequence == 0)
                {
                    byte[] clientRandom = new byte[32], master = new byte[48];
                    client.Engine.ExportKeyLog(clientRandom, master);
                    var (key, salt) = RecordMitm.ServerKeyAes128(master, clientRandom, mitm.ServerRandom);
                    byte[] plain = RecordMitm.Open(key, salt, 0, r);
                    Assert.AreEqual(20, plain[0], "the first protected server record is Finished");
                    plain[4 + 5] ^= 0x80;
                    changed = true;
                    return RecordMitm.Seal(key, salt, 0, 22, plain, r);
                }
                return r;
            });
            mitm = run.Mitm;
            client = run.Client;
            Assert.IsFalse(run.Tls.Handshake(TlsTestPki.HostName, TestClient.Now, null, Timeout));
            Assert.IsTrue(changed);
            AssertFailure(run.Engine, TlsFailure.BadFinished, TlsAlert.DecryptError);
        }

        [TestMethod]
        public void TamperedApplicationRecord_BadRecordMac()
        {
            using var run = new Run((i, type, r) =>
            {
                if (type == 23)
                {
                    r[r.Length - 20] ^= 0x01; // a ciphertext byte
                }
                return r;
            }, app: ssl => { ssl.Write(Encoding.ASCII.GetBytes("hello")); WaitForEnd(ssl); });
            Assert.IsTrue(run.Tls.Handshake(TlsTestPki.HostName, TestClient.Now, null, Timeout), run.Engine.DescribeFailure());
            byte[] buffer = new byte[64];
            Assert.AreEqual(ChannelStatus.ProtocolError, run.Tls.Read(buffer, 0, buffer.Length, Timeout));
            AssertFailure(run.Engine, TlsFailure.BadRecordMac, TlsAlert.BadRecordMac);
        }

        [TestMethod]
        public void RecordOverTheLimit_RecordOverflow()
        {
            using var run = new Run((i, type, r) =>
            {
                if (type == 23)
                {
                    // Announce 16384 + 8 + 16 + 1 bytes: one more than an AEAD record may hold.
                    byte[] big = new byte[5 + 16409];
                    big[0] = 23;
                    big[1] = 3;
                    big[2] = 3;
                    big[3] = (byte)(16409 >> 8);
                    big[4] = unchecked((byte)16409);
                    return big;
                }
                return r;
            }, app: ssl => { ssl.Write(Encoding.ASCII.GetBytes("hello")); WaitForEnd(ssl); });
            Assert.IsTrue(run.Tls.Handshake(TlsTestPki.HostName, TestClient.Now, null, Timeout), run.Engine.DescribeFailure());
            byte[] buffer = new byte[64];
            Assert.AreEqual(ChannelStatus.ProtocolError, run.Tls.Read(buffer, 0, buffer.Length, Timeout));
            AssertFailure(run.Engine, TlsFailure.RecordOverflow, TlsAlert.RecordOverflow);
        }

        [TestMethod]
        public void TruncationWithoutCloseNotify_Reported()
        {
            // The server writes and goes away without close_notify (SslStream.Dispose sends none).
            using var run = new Run(null, app: ssl => ssl.Write(Encoding.ASCII.GetBytes("partial")));
            Assert.IsTrue(run.Tls.Handshake(TlsTestPki.HostName, TestClient.Now, null, Timeout), run.Engine.DescribeFailure());
            byte[] buffer = new byte[64];
            int n = run.Tls.Read(buffer, 0, buffer.Length, Timeout);
            Assert.AreEqual("partial", Encoding.ASCII.GetString(buffer, 0, n));
            Assert.AreEqual(ChannelStatus.ProtocolError, run.Tls.Read(buffer, 0, buffer.Length, Timeout));
            AssertFailure(run.Engine, TlsFailure.Truncated, TlsAlert.None);
        }

        [TestMethod]
        public void CloseNotifyFromServer_EndOfStream()
        {
            using var run = new Run(null, app: ssl => { ssl.Write(Encoding.ASCII.GetBytes("complete")); ssl.ShutdownAsync().Wait(); WaitForEnd(ssl); });
            Assert.IsTrue(run.Tls.Handshake(TlsTestPki.HostName, TestClient.Now, null, Timeout), run.Engine.DescribeFailure());
            byte[] buffer = new byte[64];
            int n = run.Tls.Read(buffer, 0, buffer.Length, Timeout);
            Assert.AreEqual("complete", Encoding.ASCII.GetString(buffer, 0, n));
            Assert.AreEqual(0, run.Tls.Read(buffer, 0, buffer.Length, Timeout));
            Assert.AreEqual(TlsFailure.PeerClosed, run.Engine.Failure);
            Assert.AreEqual(TlsAlert.CloseNotify, run.Engine.Alert);
            Assert.IsTrue(run.Engine.AlertReceived);
            Assert.IsTrue(run.Server.Wait(Timeout));
            Assert.IsNull(run.Server.Error, run.Server.Error?.ToString());
        }

        [TestMethod]
        public void RenegotiationRequest_RefusedWithNoRenegotiation()
        {
            using var run = new Run(null, app: ssl =>
            {
                ssl.Write(Encoding.ASCII.GetBytes("before"));
                if (OperatingSystem.IsLinux())
                {
                    ssl.NegotiateClientCertificateAsync().Wait(Timeout);
                }
            });
            Assert.IsTrue(run.Tls.Handshake(TlsTestPki.HostName, TestClient.Now, null, Timeout), run.Engine.DescribeFailure());
            byte[] buffer = new byte[64];
            int n = run.Tls.Read(buffer, 0, buffer.Length, Timeout);
            Assert.AreEqual("before", Encoding.ASCII.GetString(buffer, 0, n));
            n = run.Tls.Read(buffer, 0, buffer.Length, 5000);
            Console.WriteLine("after HelloRequest: read " + n + ", " + run.Engine.DescribeFailure() + ", server: " + run.Server.Error?.GetBaseException().Message);
            // The client answered the HelloRequest with a no_renegotiation warning and sent no
            // ClientHello; SslStream (OpenSSL) then gives up the renegotiation with a fatal alert.
            Assert.AreEqual(1, run.Engine.RenegotiationRequests);
            Assert.AreEqual(ChannelStatus.ProtocolError, n);
            Assert.AreEqual(TlsFailure.AlertReceived, run.Engine.Failure);
            Assert.AreEqual(TlsAlert.HandshakeFailure, run.Engine.Alert);
        }

        // Reads until the client goes away (or the stream fails), so the server stays up meanwhile.
        private static void WaitForEnd(SslStream ssl)
        {
            byte[] b = new byte[256];
            while (ssl.Read(b, 0, b.Length) > 0)
            {
            }
        }

        private static void Add16(byte[] b, int at, int delta)
        {
            int v = ((b[at] << 8) | b[at + 1]) + delta;
            b[at] = (byte)(v >> 8);
            b[at + 1] = (byte)v;
        }

        private static void Add24(byte[] b, int at, int delta)
        {
            int v = ((b[at] << 16) | (b[at + 1] << 8) | b[at + 2]) + delta;
            b[at] = (byte)(v >> 16);
            b[at + 1] = (byte)(v >> 8);
            b[at + 2] = (byte)v;
        }
    }
}
