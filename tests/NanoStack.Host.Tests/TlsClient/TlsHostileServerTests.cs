using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Tls;
using NanoStack.Tls.X509;

namespace NanoStack.Host.Tests.TlsClient
{
    /// <summary>
    /// Servers that lie: every message of a <see cref="ScriptedTlsServer"/> is built by hand, so
    /// each test sends exactly one hostile thing (an invalid ECDH key, a length that does not add
    /// up, a flood, a message out of order) and checks the client's exact failure, the alert it
    /// records and the alert record it actually sent.
    /// </summary>
    [TestClass]
    public sealed class TlsHostileServerTests
    {
        private static void AssertFailure(ScriptedTlsServer s, TlsFailure failure, int alert)
        {
            TlsClientEngine e = s.Engine;
            Console.WriteLine(e.DescribeFailure());
            Assert.AreEqual(failure, e.Failure, e.DescribeFailure());
            Assert.AreEqual(alert, e.Alert, e.DescribeFailure());
            Assert.IsFalse(e.AlertReceived);
            Assert.AreEqual(TlsEngineFlags.Closed, e.Flags & TlsEngineFlags.Closed);
            Assert.AreEqual(TlsHandshakeState.Closed, e.State);
            if (alert >= 0)
            {
                Assert.AreEqual((2, alert), s.LastAlert(), "the fatal alert on the wire");
            }
            else
            {
                Assert.AreEqual((-1, -1), s.LastAlert(), "no alert on the wire");
            }
        }

        private static ScriptedTlsServer Started()
        {
            var s = new ScriptedTlsServer();
            s.Start();
            return s;
        }

        private static byte[] Hex(string hex) => Convert.FromHexString(hex);

        private static byte[] Empty => Array.Empty<byte>();

        // Sends ServerHello and Certificate, then a ServerKeyExchange (validly signed) with this point.
        private static ScriptedTlsServer WithServerPoint(int group, byte[] point)
        {
            ScriptedTlsServer s = Started();
            s.SendHandshake(ScriptedTlsServer.Message(2, s.ServerHelloBody()), ScriptedTlsServer.Message(11, s.GoodCertificateBody()));
            Assert.AreEqual(TlsHandshakeState.WaitServerKeyExchange, s.Engine.State, s.Engine.DescribeFailure());
            s.SendHandshake(ScriptedTlsServer.Message(12, s.ServerKeyExchangeBody(group, point)));
            return s;
        }

        // ------------------------------------------------------------------ the scripted server itself

        [TestMethod]
        public void ScriptedServer_CompletesAHandshakeAndCarriesData()
        {
            var s = new ScriptedTlsServer();
            s.Establish();
            Assert.AreEqual(ScriptedTlsServer.P256, s.Engine.Group);
            s.Feed(s.Protect(23, new byte[] { 1, 2, 3 }));
            Assert.AreEqual(TlsFailure.None, s.Engine.Failure);
            Assert.IsTrue(s.Engine.IsEstablished);
        }

        // ------------------------------------------------------------------ invalid ECDH keys

        [TestMethod]
        public void P256PointNotOnCurve_BadServerKey()
        {
            var s = new ScriptedTlsServer();
            s.Start();
            byte[] point = s.NewP256Point();
            point[64] ^= 0x01; // Y changed: (X, Y') is not on the curve
            s.SendHandshake(ScriptedTlsServer.Message(2, s.ServerHelloBody()), ScriptedTlsServer.Message(11, s.GoodCertificateBody()),
                ScriptedTlsServer.Message(12, s.ServerKeyExchangeBody(ScriptedTlsServer.P256, point)));
            AssertFailure(s, TlsFailure.BadServerKey, TlsAlert.IllegalParameter);
        }

        [TestMethod]
        public void P256PointAtInfinity_BadServerKey()
        {
            // SEC 1 §2.3.3: the point at infinity is the single octet 00.
            AssertFailure(WithServerPoint(ScriptedTlsServer.P256, new byte[] { 0 }), TlsFailure.BadServerKey, TlsAlert.IllegalParameter);
        }

        [TestMethod]
        public void P256PointAllZeroCoordinates_BadServerKey()
        {
            AssertFailure(WithServerPoint(ScriptedTlsServer.P256, new byte[65] { 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }),
                TlsFailure.BadServerKey, TlsAlert.IllegalParameter);
        }

        [TestMethod]
        public void P256PointWrongLength_BadServerKey()
        {
            var s = new ScriptedTlsServer();
            s.Start();
            byte[] point = s.NewP256Point().AsSpan(0, 64).ToArray(); // one byte short
            s.SendHandshake(ScriptedTlsServer.Message(2, s.ServerHelloBody()), ScriptedTlsServer.Message(11, s.GoodCertificateBody()),
                ScriptedTlsServer.Message(12, s.ServerKeyExchangeBody(ScriptedTlsServer.P256, point)));
            AssertFailure(s, TlsFailure.BadServerKey, TlsAlert.IllegalParameter);
        }

        [TestMethod]
        public void P256PointCompressed_BadServerKey()
        {
            // RFC 8422 §5.1.2: only the uncompressed form is allowed.
            var s = new ScriptedTlsServer();
            s.Start();
            byte[] full = s.NewP256Point();
            byte[] point = new byte[33];
            point[0] = (byte)(2 + (full[64] & 1));
            Array.Copy(full, 1, point, 1, 32);
            s.SendHandshake(ScriptedTlsServer.Message(2, s.ServerHelloBody()), ScriptedTlsServer.Message(11, s.GoodCertificateBody()),
                ScriptedTlsServer.Message(12, s.ServerKeyExchangeBody(ScriptedTlsServer.P256, point)));
            AssertFailure(s, TlsFailure.BadServerKey, TlsAlert.IllegalParameter);
        }

        [TestMethod]
        public void P256CoordinateNotBelowPrime_BadServerKey()
        {
            // X = p + x for a valid x fits in 32 bytes for small x: SEC 1 §2.3.4 requires x < p.
            byte[] point = new byte[65];
            point[0] = 4;
            byte[] p = Hex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
            p.CopyTo(point, 1);
            p.CopyTo(point, 33);
            AssertFailure(WithServerPoint(ScriptedTlsServer.P256, point), TlsFailure.BadServerKey, TlsAlert.IllegalParameter);
        }

        // RFC 7748 §6.1 and the small-order u-coordinates of Wycheproof's x25519 tests: each gives
        // an all-zero shared secret, which the client must refuse.
        [TestMethod]
        [DataRow("0000000000000000000000000000000000000000000000000000000000000000", DisplayName = "0")]
        [DataRow("0100000000000000000000000000000000000000000000000000000000000000", DisplayName = "1")]
        [DataRow("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", DisplayName = "order 8 (a)")]
        [DataRow("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157", DisplayName = "order 8 (b)")]
        [DataRow("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", DisplayName = "p-1")]
        [DataRow("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", DisplayName = "p")]
        [DataRow("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", DisplayName = "p+1")]
        [DataRow("0000000000000000000000000000000000000000000000000000000000000080", DisplayName = "0, top bit")]
        [DataRow("0100000000000000000000000000000000000000000000000000000000000080", DisplayName = "1, top bit")]
        [DataRow("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880", DisplayName = "order 8 (a), top bit")]
        [DataRow("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f11d7", DisplayName = "order 8 (b), top bit")]
        [DataRow("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", DisplayName = "p-1, top bit")]
        [DataRow("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", DisplayName = "p, top bit")]
        [DataRow("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", DisplayName = "p+1, top bit")]
        public void X25519SmallOrderKey_BadServerKey(string hex)
        {
            AssertFailure(WithServerPoint(ScriptedTlsServer.X25519, Hex(hex)), TlsFailure.BadServerKey, TlsAlert.IllegalParameter);
        }

        [TestMethod]
        public void X25519KeyWrongLength_BadServerKey()
        {
            byte[] key = new byte[33];
            key[0] = 9;
            AssertFailure(WithServerPoint(ScriptedTlsServer.X25519, key), TlsFailure.BadServerKey, TlsAlert.IllegalParameter);
        }

        // RFC 7748 §5: the top bit is masked, so libsodium's old blacklist entries "small order
        // point + p with the top bit set" name ordinary points (u - 19) and must be accepted; the
        // base point u = 9 likewise.
        [TestMethod]
        [DataRow("0900000000000000000000000000000000000000000000000000000000000000", DisplayName = "base point")]
        [DataRow("cdeb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880", DisplayName = "order 8 (a) + p, top bit")]
        [DataRow("4c9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f11d7", DisplayName = "order 8 (b) + p, top bit")]
        [DataRow("d9ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", DisplayName = "2p-1, top bit")]
        [DataRow("dbffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", DisplayName = "2p+1, top bit")]
        public void X25519LargeOrderKey_Accepted(string hex)
        {
            ScriptedTlsServer s = WithServerPoint(ScriptedTlsServer.X25519, Hex(hex));
            Assert.AreEqual(TlsFailure.None, s.Engine.Failure, s.Engine.DescribeFailure());
            Assert.AreEqual(TlsHandshakeState.WaitServerHelloDone, s.Engine.State);
        }

        // ------------------------------------------------------------------ lengths that lie

        [TestMethod]
        public void RecordLongerThanLimitBeforeServerHello_RecordOverflow()
        {
            ScriptedTlsServer s = Started();
            s.Feed(new byte[] { 22, 3, 3, 0x40, 0x01 }); // 16385: one more than a plaintext record may hold
            AssertFailure(s, TlsFailure.RecordOverflow, TlsAlert.RecordOverflow);
        }

        [TestMethod]
        public void RecordAtLimitBeforeServerHello_Accepted()
        {
            ScriptedTlsServer s = Started();
            Assert.AreEqual(5, s.Feed(new byte[] { 22, 3, 3, 0x40, 0x00 }));
            Assert.AreEqual(TlsFailure.None, s.Engine.Failure);
            Assert.IsTrue(s.Engine.TryGetRecordSpace(out _, out _, out int count));
            Assert.AreEqual(16384, count);
        }

        [TestMethod]
        public void EmptyHandshakeRecord_BadRecord()
        {
            ScriptedTlsServer s = Started();
            s.Feed(ScriptedTlsServer.Record(22, Empty));
            AssertFailure(s, TlsFailure.BadRecord, TlsAlert.UnexpectedMessage);
        }

        [TestMethod]
        public void RecordLongerThanItsBytes_ThenEof_Truncated()
        {
            ScriptedTlsServer s = Started();
            byte[] r = ScriptedTlsServer.Record(22, ScriptedTlsServer.Message(2, s.ServerHelloBody()));
            r[4] += 10; // ten bytes the server never sends
            Assert.AreEqual(r.Length, s.Feed(r));
            Assert.AreEqual(TlsFailure.None, s.Engine.Failure);
            s.Engine.EndOfStream();
            AssertFailure(s, TlsFailure.Truncated, TlsAlert.None);
        }

        [TestMethod]
        public void RecordShorterThanItsMessage_NextHeaderIsGarbage_BadRecord()
        {
            // The record ends 6 bytes early: the message's tail (ec_point_formats, 00 0B 00 02 01
            // 00) is then read as a record header with content type 0.
            ScriptedTlsServer s = Started();
            byte[] r = ScriptedTlsServer.Record(22, ScriptedTlsServer.Message(2, s.ServerHelloBody()));
            r[4] -= 6;
            s.Feed(r);
            AssertFailure(s, TlsFailure.BadRecord, TlsAlert.UnexpectedMessage);
        }

        [TestMethod]
        public void HandshakeLengthLongerThanRecord_ContinuesIntoNextRecord_DecodeError()
        {
            // The ServerHello claims 4 more bytes, which arrive in the next record: the
            // extension block then ends 4 bytes before the message (RFC 5246 §7.4.1.4).
            ScriptedTlsServer s = Started();
            byte[] m = ScriptedTlsServer.Message(2, s.ServerHelloBody());
            m[3] += 4;
            s.Feed(ScriptedTlsServer.Record(22, m));
            Assert.AreEqual(TlsFailure.None, s.Engine.Failure, "a message may span records");
            s.Feed(ScriptedTlsServer.Record(22, new byte[4]));
            AssertFailure(s, TlsFailure.DecodeError, TlsAlert.DecodeError);
        }

        [TestMethod]
        public void HandshakeLengthShorterThanContent_DecodeError()
        {
            ScriptedTlsServer s = Started();
            byte[] m = ScriptedTlsServer.Message(2, s.ServerHelloBody());
            m[3] -= 4;
            s.Feed(ScriptedTlsServer.Record(22, m));
            AssertFailure(s, TlsFailure.DecodeError, TlsAlert.DecodeError);
        }

        [TestMethod]
        public void HandshakeLengthBeyondBuffer_HandshakeMessageTooLarge()
        {
            // A 64 KiB ServerHello: refused at its header, before a byte of it is buffered.
            ScriptedTlsServer s = Started();
            s.Feed(ScriptedTlsServer.Record(22, new byte[] { 2, 0x01, 0x00, 0x00 }));
            AssertFailure(s, TlsFailure.HandshakeMessageTooLarge, TlsAlert.InternalError);
        }

        [TestMethod]
        public void ServerHelloDoneNotEmpty_DecodeError()
        {
            var s = new ScriptedTlsServer();
            s.Start();
            s.SendHandshake(ScriptedTlsServer.Message(2, s.ServerHelloBody()), ScriptedTlsServer.Message(11, s.GoodCertificateBody()),
                ScriptedTlsServer.Message(12, s.ServerKeyExchangeBody(ScriptedTlsServer.P256, s.NewP256Point())),
                ScriptedTlsServer.Message(14, new byte[] { 0 }));
            AssertFailure(s, TlsFailure.DecodeError, TlsAlert.DecodeError);
        }

        [TestMethod]
        [DataRow(1, DisplayName = "one byte more")]
        [DataRow(-1, DisplayName = "one byte less")]
        public void ExtensionBlockLengthLies_DecodeError(int delta)
        {
            ScriptedTlsServer s = Started();
            byte[] body = s.ServerHelloBody();
            int at = 2 + 32 + 1 + 32 + 2 + 1;
            int v = (body[at] << 8 | body[at + 1]) + delta;
            body[at] = (byte)(v >> 8);
            body[at + 1] = (byte)v;
            s.SendHandshake(ScriptedTlsServer.Message(2, body));
            AssertFailure(s, TlsFailure.DecodeError, TlsAlert.DecodeError);
        }

        [TestMethod]
        public void SingleExtensionLengthPastTheBlock_DecodeError()
        {
            ScriptedTlsServer s = Started();
            byte[] ext = ScriptedTlsServer.GoodExtensions();
            ext[5 + 3] = 7; // extended_master_secret claims 7 bytes; 6 remain
            s.SendHandshake(ScriptedTlsServer.Message(2, s.ServerHelloBody(ext)));
            AssertFailure(s, TlsFailure.DecodeError, TlsAlert.DecodeError);
        }

        [TestMethod]
        public void ExtensionHeaderCutShort_DecodeError()
        {
            ScriptedTlsServer s = Started();
            byte[] good = ScriptedTlsServer.GoodExtensions();
            byte[] ext = new byte[good.Length + 2];
            good.CopyTo(ext, 0);
            ext[good.Length] = 0xFF; // two bytes of a third extension header
            s.SendHandshake(ScriptedTlsServer.Message(2, s.ServerHelloBody(ext)));
            AssertFailure(s, TlsFailure.DecodeError, TlsAlert.DecodeError);
        }

        [TestMethod]
        public void DuplicateExtension_DecodeError()
        {
            ScriptedTlsServer s = Started();
            byte[] good = ScriptedTlsServer.GoodExtensions();
            byte[] ext = new byte[good.Length + 4];
            good.CopyTo(ext, 0);
            ext[good.Length + 1] = 0x17; // extended_master_secret again
            s.SendHandshake(ScriptedTlsServer.Message(2, s.ServerHelloBody(ext)));
            AssertFailure(s, TlsFailure.DecodeError, TlsAlert.DecodeError);
        }

        private static ScriptedTlsServer WithCertificateBody(Func<ScriptedTlsServer, byte[]> body)
        {
            ScriptedTlsServer s = Started();
            s.SendHandshake(ScriptedTlsServer.Message(2, s.ServerHelloBody()));
            Assert.AreEqual(TlsHandshakeState.WaitCertificate, s.Engine.State, s.Engine.DescribeFailure());
            s.SendHandshake(ScriptedTlsServer.Message(11, body(s)));
            return s;
        }

        private static void AssertCertificate(ScriptedTlsServer s, ChainStatus status, int position, int alert)
        {
            AssertFailure(s, TlsFailure.BadCertificate, alert);
            Assert.AreEqual(status, s.Engine.CertificateStatus);
            Assert.AreEqual(position, s.Engine.CertificatePosition);
        }

        [TestMethod]
        public void CertificateListLengthLongerThanMessage_BadEncoding()
        {
            ScriptedTlsServer s = WithCertificateBody(x =>
            {
                byte[] b = x.GoodCertificateBody();
                b[2] += 1;
                return b;
            });
            AssertCertificate(s, ChainStatus.BadEncoding, 2, TlsAlert.DecodeError);
        }

        [TestMethod]
        public void CertificateListLengthShorterThanMessage_BadEncoding()
        {
            ScriptedTlsServer s = WithCertificateBody(x =>
            {
                byte[] b = x.GoodCertificateBody();
                b[2] -= 1;
                return b;
            });
            AssertCertificate(s, ChainStatus.BadEncoding, 1, TlsAlert.DecodeError);
        }

        [TestMethod]
        public void CertificateLengthLongerThanList_BadEncoding()
        {
            ScriptedTlsServer s = WithCertificateBody(x =>
            {
                byte[] b = x.GoodCertificateBody();
                int last = 3 + 3 + x.Pki.Leaf.RawData.Length;
                b[last + 2] += 1; // the CA's length runs past the list
                return b;
            });
            AssertCertificate(s, ChainStatus.BadEncoding, 1, TlsAlert.DecodeError);
        }

        [TestMethod]
        public void CertificateLengthShorterThanDer_BadCertificate()
        {
            ScriptedTlsServer s = WithCertificateBody(x =>
            {
                byte[] b = x.GoodCertificateBody();
                b[3 + 2] -= 1; // the leaf's DER is one byte longer than its length says
                return b;
            });
            AssertCertificate(s, ChainStatus.BadCertificate, 0, TlsAlert.BadCertificate);
        }

        [TestMethod]
        public void CertificateOfLengthZero_BadEncoding()
        {
            ScriptedTlsServer s = WithCertificateBody(x => new byte[] { 0, 0, 3, 0, 0, 0 });
            AssertCertificate(s, ChainStatus.BadEncoding, 0, TlsAlert.DecodeError);
        }

        [TestMethod]
        public void EmptyCertificateList_NoCertificate()
        {
            ScriptedTlsServer s = WithCertificateBody(x => new byte[] { 0, 0, 0 });
            AssertCertificate(s, ChainStatus.NoCertificate, -1, TlsAlert.BadCertificate);
        }

        [TestMethod]
        public void ChainOfTwentyCertificates_ChainTooLong()
        {
            // The leaf and 19 copies of its CA: the fifth certificate does not fit the window.
            ScriptedTlsServer s = WithCertificateBody(x =>
            {
                byte[][] ders = new byte[20][];
                ders[0] = x.Pki.Leaf.RawData;
                for (int i = 1; i < 20; i++)
                {
                    ders[i] = x.Pki.Ca.RawData;
                }
                return ScriptedTlsServer.CertificateBody(ders);
            });
            AssertCertificate(s, ChainStatus.ChainTooLong, ChainValidator.DefaultWindow, TlsAlert.BadCertificate);
        }

        [TestMethod]
        public void CertificateOf64KiB_StreamedThenUntrustedRoot()
        {
            // A 64 KiB leaf (one large extension) streams through the 1 KiB handshake buffer in
            // five records and parses; it is self-signed, so the path ends at an unknown root.
            ScriptedTlsServer s = WithCertificateBody(x =>
            {
                using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var req = new CertificateRequest("CN=" + TlsTestPki.HostName, key, HashAlgorithmName.SHA256);
                var san = new SubjectAlternativeNameBuilder();
                san.AddDnsName(TlsTestPki.HostName);
                req.CertificateExtensions.Add(san.Build());
                req.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.55555.1", new byte[65536], false));
                using X509Certificate2 big = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
                Assert.IsTrue(big.RawData.Length > 65536);
                return ScriptedTlsServer.CertificateBody(big.RawData);
            });
            Assert.AreEqual(TlsFailure.BadCertificate, s.Engine.Failure, s.Engine.DescribeFailure());
            AssertCertificate(s, ChainStatus.UntrustedRoot, 0, TlsAlert.UnknownCa);
        }

        private static ScriptedTlsServer WithServerKeyExchange(Func<ScriptedTlsServer, byte[]> body)
        {
            ScriptedTlsServer s = Started();
            s.SendHandshake(ScriptedTlsServer.Message(2, s.ServerHelloBody()), ScriptedTlsServer.Message(11, s.GoodCertificateBody()));
            Assert.AreEqual(TlsHandshakeState.WaitServerKeyExchange, s.Engine.State, s.Engine.DescribeFailure());
            s.SendHandshake(ScriptedTlsServer.Message(12, body(s)));
            return s;
        }

        [TestMethod]
        public void SkePointLengthPastMessage_DecodeError()
        {
            ScriptedTlsServer s = WithServerKeyExchange(x =>
            {
                byte[] b = x.ServerKeyExchangeBody(ScriptedTlsServer.P256, x.NewP256Point());
                b[3] = 0xFF;
                return b;
            });
            AssertFailure(s, TlsFailure.DecodeError, TlsAlert.DecodeError);
        }

        [TestMethod]
        [DataRow(1, DisplayName = "one byte more")]
        [DataRow(-1, DisplayName = "one byte less")]
        public void SkeSignatureLengthLies_DecodeError(int delta)
        {
            ScriptedTlsServer s = WithServerKeyExchange(x =>
            {
                byte[] b = x.ServerKeyExchangeBody(ScriptedTlsServer.P256, x.NewP256Point());
                b[4 + 65 + 3] = (byte)(b[4 + 65 + 3] + delta);
                return b;
            });
            AssertFailure(s, TlsFailure.DecodeError, TlsAlert.DecodeError);
        }

        [TestMethod]
        public void SkeTruncatedBeforeSignatureHeader_DecodeError()
        {
            ScriptedTlsServer s = WithServerKeyExchange(x => x.ServerKeyExchangeBody(ScriptedTlsServer.P256, x.NewP256Point()).AsSpan(0, 4 + 65 + 2).ToArray());
            AssertFailure(s, TlsFailure.DecodeError, TlsAlert.DecodeError);
        }

        [TestMethod]
        public void SkeExplicitCurve_DecodeError()
        {
            // RFC 8422 §5.4: only named_curve (3) remains; explicit curves are not parsed.
            ScriptedTlsServer s = WithServerKeyExchange(x =>
            {
                byte[] b = x.ServerKeyExchangeBody(ScriptedTlsServer.P256, x.NewP256Point());
                b[0] = 1;
                return b;
            });
            AssertFailure(s, TlsFailure.DecodeError, TlsAlert.DecodeError);
        }

        // ------------------------------------------------------------------ floods and order

        [TestMethod]
        public void EmptyApplicationRecordBeforeHandshake_UnexpectedMessage()
        {
            // RFC 5246 §6.2.1 allows empty application data records, but not before the handshake.
            ScriptedTlsServer s = Started();
            s.Feed(ScriptedTlsServer.Record(23, Empty));
            AssertFailure(s, TlsFailure.UnexpectedMessage, TlsAlert.UnexpectedMessage);
        }

        [TestMethod]
        public void EmptyRecordFlood_TooManyEmptyRecordsAfterSixteen()
        {
            var s = new ScriptedTlsServer();
            s.Establish();
            for (int i = 0; i < 16; i++)
            {
                s.Feed(s.Protect(23, Empty));
            }
            Assert.IsTrue(s.Engine.IsEstablished, "sixteen empty records are allowed");
            s.Feed(s.Protect(23, Empty));
            AssertFailure(s, TlsFailure.TooManyEmptyRecords, TlsAlert.UnexpectedMessage);
        }

        [TestMethod]
        public void EmptyRecordsBetweenData_CountRestarts()
        {
            var s = new ScriptedTlsServer();
            s.Establish();
            for (int round = 0; round < 4; round++)
            {
                for (int i = 0; i < 16; i++)
                {
                    s.Feed(s.Protect(23, Empty));
                }
                s.Feed(s.Protect(23, new byte[] { 7 }));
            }
            Assert.IsTrue(s.Engine.IsEstablished, s.Engine.DescribeFailure());
        }

        [TestMethod]
        public void ProtectedRecordOverLimit_RecordOverflow()
        {
            var s = new ScriptedTlsServer();
            s.Establish();
            int length = 16384 + 8 + 16 + 1;
            s.Feed(new byte[] { 23, 3, 3, (byte)(length >> 8), (byte)length });
            AssertFailure(s, TlsFailure.RecordOverflow, TlsAlert.RecordOverflow);
        }

        [TestMethod]
        public void ChangeCipherSpecBeforeServerHelloDone_UnexpectedMessage()
        {
            ScriptedTlsServer s = Started();
            s.SendHandshake(ScriptedTlsServer.Message(2, s.ServerHelloBody()), ScriptedTlsServer.Message(11, s.GoodCertificateBody()),
                ScriptedTlsServer.Message(12, s.ServerKeyExchangeBody(ScriptedTlsServer.P256, s.NewP256Point())));
            s.Feed(ScriptedTlsServer.Record(20, new byte[] { 1 }));
            AssertFailure(s, TlsFailure.UnexpectedMessage, TlsAlert.UnexpectedMessage);
        }

        [TestMethod]
        public void ChangeCipherSpecTwice_UnexpectedMessage()
        {
            var s = new ScriptedTlsServer();
            s.Start();
            s.SendFirstFlight();
            s.DeriveKeys();
            s.Feed(ScriptedTlsServer.Record(20, new byte[] { 1 }));
            Assert.AreEqual(TlsHandshakeState.WaitFinished, s.Engine.State);
            s.Feed(s.Protect(20, new byte[] { 1 }));
            AssertFailure(s, TlsFailure.UnexpectedMessage, TlsAlert.UnexpectedMessage);
        }

        [TestMethod]
        public void ChangeCipherSpecWithWrongByte_DecodeError()
        {
            var s = new ScriptedTlsServer();
            s.Start();
            s.SendFirstFlight();
            s.DeriveKeys();
            s.Feed(ScriptedTlsServer.Record(20, new byte[] { 2 }));
            AssertFailure(s, TlsFailure.DecodeError, TlsAlert.DecodeError);
        }

        [TestMethod]
        public void ApplicationDataBeforeChangeCipherSpec_UnexpectedMessage()
        {
            var s = new ScriptedTlsServer();
            s.Start();
            s.SendFirstFlight();
            s.DeriveKeys();
            s.Feed(ScriptedTlsServer.Record(23, new byte[] { 1, 2, 3 }));
            AssertFailure(s, TlsFailure.UnexpectedMessage, TlsAlert.UnexpectedMessage);
        }

        [TestMethod]
        public void ApplicationDataBeforeFinished_UnexpectedMessage()
        {
            var s = new ScriptedTlsServer();
            s.Start();
            s.SendFirstFlight();
            s.DeriveKeys();
            s.Feed(ScriptedTlsServer.Record(20, new byte[] { 1 }));
            s.Feed(s.Protect(23, new byte[] { 1, 2, 3 }));
            AssertFailure(s, TlsFailure.UnexpectedMessage, TlsAlert.UnexpectedMessage);
        }

        [TestMethod]
        public void FinishedOverWrongTranscript_BadFinished()
        {
            // verify_data over the transcript without the client's Finished: right keys, valid
            // tag, wrong hash (RFC 5246 §7.4.9).
            var s = new ScriptedTlsServer();
            s.Start();
            s.SendFirstFlight();
            s.DeriveKeys();
            byte[] all = s.Transcript;
            byte[] early = all.AsSpan(0, all.Length - 16).ToArray();
            byte[] wrong = RecordMitm.Prf256(s.Master, "server finished", SHA256.HashData(early), 12);
            Assert.IsFalse(wrong.AsSpan().SequenceEqual(s.FinishedBody()));
            s.Feed(ScriptedTlsServer.Record(20, new byte[] { 1 }));
            s.Feed(s.Protect(22, ScriptedTlsServer.Message(20, wrong)));
            AssertFailure(s, TlsFailure.BadFinished, TlsAlert.DecryptError);
        }

        [TestMethod]
        public void WarningAlertFlood_TooManyEmptyRecordsAfterSixteen()
        {
            ScriptedTlsServer s = Started();
            for (int i = 0; i < 16; i++)
            {
                s.Feed(ScriptedTlsServer.Record(21, new byte[] { 1, TlsAlert.UserCanceled }));
            }
            Assert.AreEqual(TlsFailure.None, s.Engine.Failure, "sixteen warnings are noted");
            Assert.AreEqual(TlsHandshakeState.WaitServerHello, s.Engine.State);
            s.Feed(ScriptedTlsServer.Record(21, new byte[] { 1, TlsAlert.UserCanceled }));
            AssertFailure(s, TlsFailure.TooManyEmptyRecords, TlsAlert.UnexpectedMessage);
        }

        [TestMethod]
        public void WarningAlertFloodAfterHandshake_TooManyEmptyRecords()
        {
            var s = new ScriptedTlsServer();
            s.Establish();
            for (int i = 0; i < 17; i++)
            {
                s.Feed(s.Protect(21, new byte[] { 1, TlsAlert.NoRenegotiation }));
            }
            AssertFailure(s, TlsFailure.TooManyEmptyRecords, TlsAlert.UnexpectedMessage);
        }

        [TestMethod]
        public void HelloRequestAfterHandshake_RefusedWithWarning()
        {
            var s = new ScriptedTlsServer();
            s.Establish();
            int before = s.Sent.Count;
            s.Feed(s.Protect(22, ScriptedTlsServer.Message(0, Empty)));
            Assert.IsTrue(s.Engine.IsEstablished);
            Assert.AreEqual(1, s.Engine.RenegotiationRequests);
            Assert.AreEqual(before + 1, s.Sent.Count);
            Assert.AreEqual((1, TlsAlert.NoRenegotiation), s.LastAlert());
        }

        [TestMethod]
        public void HelloRequestFloodAfterHandshake_Bounded()
        {
            var s = new ScriptedTlsServer();
            s.Establish();
            for (int i = 0; i < 100 && !s.Engine.Flags.Equals(TlsEngineFlags.Closed); i++)
            {
                s.Feed(s.Protect(22, ScriptedTlsServer.Message(0, Empty)));
            }
            Console.WriteLine(s.Engine.RenegotiationRequests + " " + s.AlertsSent(TlsAlert.NoRenegotiation));
            AssertFailure(s, TlsFailure.TooManyEmptyRecords, TlsAlert.UnexpectedMessage);
            Assert.AreEqual(16, s.AlertsSent(TlsAlert.NoRenegotiation));
        }

        [TestMethod]
        public void HelloRequestFloodDuringHandshake_Bounded()
        {
            ScriptedTlsServer s = Started();
            for (int i = 0; i < 100 && s.Engine.Failure == TlsFailure.None; i++)
            {
                s.Feed(ScriptedTlsServer.Record(22, ScriptedTlsServer.Message(0, Empty)));
            }
            AssertFailure(s, TlsFailure.TooManyEmptyRecords, TlsAlert.UnexpectedMessage);
        }

        [TestMethod]
        public void HelloRequestWithBody_DecodeError()
        {
            // RFC 5246 §7.4.1.1: struct { } HelloRequest.
            ScriptedTlsServer s = Started();
            s.Feed(ScriptedTlsServer.Record(22, new byte[] { 0, 0, 0, 1, 0 }));
            AssertFailure(s, TlsFailure.DecodeError, TlsAlert.DecodeError);
        }

        [TestMethod]
        public void AlertInsideAFragmentedMessage_UnexpectedMessage()
        {
            // RFC 5246 §6.2.1: a handshake message may span records, but nothing may come between.
            ScriptedTlsServer s = Started();
            byte[] m = ScriptedTlsServer.Message(2, s.ServerHelloBody());
            s.Feed(ScriptedTlsServer.Record(22, m.AsSpan(0, 10).ToArray()));
            Assert.AreEqual(TlsFailure.None, s.Engine.Failure);
            s.Feed(ScriptedTlsServer.Record(21, new byte[] { 1, TlsAlert.UserCanceled }));
            AssertFailure(s, TlsFailure.UnexpectedMessage, TlsAlert.UnexpectedMessage);
        }

        [TestMethod]
        public void FinishedOfWrongLength_DecodeError()
        {
            var s = new ScriptedTlsServer();
            s.Start();
            s.SendFirstFlight();
            s.DeriveKeys();
            s.Feed(ScriptedTlsServer.Record(20, new byte[] { 1 }));
            byte[] body = new byte[13];
            s.FinishedBody().CopyTo(body, 0);
            s.Feed(s.Protect(22, ScriptedTlsServer.Message(20, body)));
            AssertFailure(s, TlsFailure.DecodeError, TlsAlert.DecodeError);
        }

        [TestMethod]
        public void UnencryptedFinishedAfterChangeCipherSpec_BadRecordMac()
        {
            var s = new ScriptedTlsServer();
            s.Start();
            s.SendFirstFlight();
            s.DeriveKeys();
            s.Feed(ScriptedTlsServer.Record(20, new byte[] { 1 }));
            byte[] plain = ScriptedTlsServer.Message(20, s.FinishedBody());
            byte[] padded = new byte[plain.Length + 8 + 16]; // as long as a protected one
            plain.CopyTo(padded, 8);
            s.Feed(ScriptedTlsServer.Record(22, padded));
            AssertFailure(s, TlsFailure.BadRecordMac, TlsAlert.BadRecordMac);
        }

        // ------------------------------------------------------------------ the blocking driver

        [TestMethod]
        public void ServerStopsMidHandshake_Timeout()
        {
            var s = new ScriptedTlsServer();
            using var pipe = new BytePipe();
            var tls = new TlsConnection(s.Engine, pipe.Client);
            byte[] hello = ScriptedTlsServer.Record(22, ScriptedTlsServer.Message(2, s.ServerHelloBody()));
            pipe.Server.Write(hello, 0, hello.Length);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Assert.IsFalse(tls.Handshake(TlsTestPki.HostName, TestClient.Now, null, 500));
            Assert.IsTrue(clock.ElapsedMilliseconds >= 400, clock.ElapsedMilliseconds.ToString());
            Assert.AreEqual(TlsFailure.Timeout, s.Engine.Failure, s.Engine.DescribeFailure());
            Assert.AreEqual(TlsAlert.None, s.Engine.Alert);
            Assert.AreEqual(TlsHandshakeState.Closed, s.Engine.State);
        }

        [TestMethod]
        public void ServerClosesMidHandshake_Truncated()
        {
            var s = new ScriptedTlsServer();
            using var pipe = new BytePipe();
            var tls = new TlsConnection(s.Engine, pipe.Client);
            byte[] hello = ScriptedTlsServer.Record(22, ScriptedTlsServer.Message(2, s.ServerHelloBody()));
            pipe.Server.Write(hello, 0, hello.Length - 3); // and then the transport ends inside the record
            pipe.CloseToClient();
            Assert.IsFalse(tls.Handshake(TlsTestPki.HostName, TestClient.Now, null, 5000));
            Assert.AreEqual(TlsFailure.Truncated, s.Engine.Failure, s.Engine.DescribeFailure());
            Assert.AreEqual(TlsAlert.None, s.Engine.Alert);
            Assert.AreEqual(TlsHandshakeState.Closed, s.Engine.State);
        }

        [TestMethod]
        public void HelloRequestDuringHandshake_Ignored()
        {
            // RFC 5246 §7.4.1.1: ignored while negotiating, and not part of the transcript.
            var s = new ScriptedTlsServer();
            s.Start();
            s.Feed(ScriptedTlsServer.Record(22, ScriptedTlsServer.Message(0, Empty)));
            s.SendFirstFlight();
            s.DeriveKeys();
            s.Feed(ScriptedTlsServer.Record(20, new byte[] { 1 }));
            s.Feed(s.Protect(22, ScriptedTlsServer.Message(20, s.FinishedBody())));
            Assert.IsTrue(s.Engine.IsEstablished, s.Engine.DescribeFailure());
            Assert.AreEqual(0, s.Engine.RenegotiationRequests);
        }
    }
}
