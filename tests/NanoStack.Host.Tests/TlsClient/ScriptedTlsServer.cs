using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NanoStack.Tls;

namespace NanoStack.Host.Tests.TlsClient
{
    /// <summary>
    /// A TLS 1.2 server written out by hand (ECDHE-ECDSA-AES128-GCM-SHA256 with the
    /// <see cref="TlsTestPki"/> P-256 key), driving a <see cref="TlsClientEngine"/> directly with no
    /// transport: each message is built from its fields, so a test can send anything a real
    /// server never would (lying lengths, bad points, floods) and see what the client answers.
    /// Keys are derived with .NET's ECDH, HMAC and AES-GCM (independent of the client's code).
    /// </summary>
    public sealed class ScriptedTlsServer
    {
        public const int Suite = 0xC02B;
        public const int P256 = 23;
        public const int X25519 = 29;

        private readonly List<byte> _transcript = new List<byte>();
        private readonly List<byte> _fromClient = new List<byte>();
        private ECDiffieHellman _ecdh;
        private byte[] _serverKey, _serverSalt, _clientKey, _clientSalt;
        private ulong _writeSeq;

        public ScriptedTlsServer(TlsClientConfig config = null)
        {
            Pki = TlsTestPki.For(ServerKey.EcdsaP256);
            Client = new TestClient(Pki.Anchors(), config ?? new TlsClientConfig { CipherSuites = new[] { Suite } });
            ServerRandom = new byte[32];
            RandomNumberGenerator.Fill(ServerRandom);
            ServerRandom[31] = 0x11; // never the downgrade sentinel
        }

        public TlsTestPki Pki { get; }
        public TestClient Client { get; }
        public TlsClientEngine Engine => Client.Engine;
        public byte[] ClientRandom { get; } = new byte[32];
        public byte[] ServerRandom { get; }
        public byte[] Master { get; private set; }

        /// <summary>The handshake messages so far, as both sides hash them.</summary>
        public byte[] Transcript => _transcript.ToArray();

        /// <summary>Records the client sent, as (type, plaintext) — protected ones decrypted.</summary>
        public List<(int type, byte[] body)> Sent { get; } = new List<(int, byte[])>();

        /// <summary>Starts the client and reads its ClientHello.</summary>
        public void Start()
        {
            Engine.Start(TlsTestPki.HostName, TestClient.Now, null);
            Drain();
            Assert(Sent.Count == 1 && Sent[0].type == 22 && Sent[0].body[0] == 1, "ClientHello");
            Array.Copy(Sent[0].body, 6, ClientRandom, 0, 32);
            _transcript.AddRange(Sent[0].body);
        }

        /// <summary>Feeds bytes to the client as long as it takes them; returns the count taken.</summary>
        public int Feed(byte[] bytes)
        {
            int p = 0;
            while (p < bytes.Length)
            {
                if (!Engine.TryGetRecordSpace(out byte[] space, out int offset, out int count))
                {
                    break;
                }
                int n = Math.Min(count, bytes.Length - p);
                Array.Copy(bytes, p, space, offset, n);
                p += n;
                Engine.AckRecordBytes(n);
                Drain();
                if (Engine.TryGetAppData(out _, out _, out int app))
                {
                    Engine.AckAppData(app);
                }
            }
            return p;
        }

        /// <summary>Takes every record the client wants to send into <see cref="Sent"/>.</summary>
        public void Drain()
        {
            while (Engine.TryGetRecordsToSend(out byte[] b, out int o, out int n))
            {
                for (int i = 0; i < n; i++)
                {
                    _fromClient.Add(b[o + i]);
                }
                Engine.AckRecordsSent(n);
            }
            while (_fromClient.Count >= 5)
            {
                int length = (_fromClient[3] << 8) | _fromClient[4];
                if (_fromClient.Count < 5 + length)
                {
                    break;
                }
                byte[] record = _fromClient.GetRange(0, 5 + length).ToArray();
                _fromClient.RemoveRange(0, 5 + length);
                byte[] body = record.AsSpan(5).ToArray();
                if (_clientProtected && _clientKey != null)
                {
                    body = RecordMitm.Open(_clientKey, _clientSalt, _readSeq++, record);
                }
                if (record[0] == 20)
                {
                    _clientProtected = true;
                }
                Sent.Add((record[0], body));
            }
        }

        private bool _clientProtected;
        private ulong _readSeq;

        /// <summary>The last alert the client sent as (level, description), or (−1, −1).</summary>
        public (int level, int description) LastAlert()
        {
            for (int i = Sent.Count - 1; i >= 0; i--)
            {
                if (Sent[i].type == 21)
                {
                    return (Sent[i].body[0], Sent[i].body[1]);
                }
            }
            return (-1, -1);
        }

        public int AlertsSent(int description)
        {
            int n = 0;
            foreach (var r in Sent)
            {
                if (r.type == 21 && r.body[1] == description)
                {
                    n++;
                }
            }
            return n;
        }

        // ------------------------------------------------------------------ messages

        /// <summary>A handshake message: type, uint24 length, body.</summary>
        public static byte[] Message(int type, byte[] body)
        {
            byte[] m = new byte[4 + body.Length];
            m[0] = (byte)type;
            m[1] = (byte)(body.Length >> 16);
            m[2] = (byte)(body.Length >> 8);
            m[3] = (byte)body.Length;
            body.CopyTo(m, 4);
            return m;
        }

        /// <summary>A plaintext record: type, 3.3, uint16 length, body.</summary>
        public static byte[] Record(int type, byte[] body)
        {
            byte[] r = new byte[5 + body.Length];
            r[0] = (byte)type;
            r[1] = 3;
            r[2] = 3;
            r[3] = (byte)(body.Length >> 8);
            r[4] = (byte)body.Length;
            body.CopyTo(r, 5);
            return r;
        }

        /// <summary>Extensions of a well-behaved ServerHello: renegotiation_info, extended_master_secret, ec_point_formats.</summary>
        public static byte[] GoodExtensions() => new byte[]
        {
            0xFF, 0x01, 0, 1, 0,
            0x00, 0x17, 0, 0,
            0x00, 0x0B, 0, 2, 1, 0,
        };

        public byte[] ServerHelloBody(byte[] extensions = null)
        {
            extensions ??= GoodExtensions();
            var b = new List<byte> { 3, 3 };
            b.AddRange(ServerRandom);
            b.Add(32);
            for (int i = 0; i < 32; i++)
            {
                b.Add((byte)(0xA0 + i));
            }
            b.Add(Suite >> 8);
            b.Add(Suite & 0xFF);
            b.Add(0);
            b.Add((byte)(extensions.Length >> 8));
            b.Add((byte)extensions.Length);
            b.AddRange(extensions);
            return b.ToArray();
        }

        /// <summary>certificate_list of the given DER certificates (RFC 5246 §7.4.2).</summary>
        public static byte[] CertificateBody(params byte[][] ders)
        {
            var list = new List<byte>();
            foreach (byte[] der in ders)
            {
                list.Add((byte)(der.Length >> 16));
                list.Add((byte)(der.Length >> 8));
                list.Add((byte)der.Length);
                list.AddRange(der);
            }
            var b = new List<byte> { (byte)(list.Count >> 16), (byte)(list.Count >> 8), (byte)list.Count };
            b.AddRange(list);
            return b.ToArray();
        }

        public byte[] GoodCertificateBody() => CertificateBody(Pki.Leaf.RawData, Pki.Ca.RawData);

        /// <summary>A fresh P-256 key of this server, uncompressed (0x04 || X || Y).</summary>
        public byte[] NewP256Point()
        {
            _ecdh = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
            ECParameters p = _ecdh.ExportParameters(false);
            byte[] point = new byte[65];
            point[0] = 4;
            p.Q.X.CopyTo(point, 1);
            p.Q.Y.CopyTo(point, 33);
            return point;
        }

        /// <summary>ServerKeyExchange with named_curve <paramref name="group"/> and <paramref name="point"/>,
        /// validly signed (ecdsa_secp256r1_sha256) with the certificate's key.</summary>
        public byte[] ServerKeyExchangeBody(int group, byte[] point)
        {
            var parameters = new List<byte> { 3, (byte)(group >> 8), (byte)group, (byte)point.Length };
            parameters.AddRange(point);
            byte[] signed = RecordMitm.Concat(RecordMitm.Concat(ClientRandom, ServerRandom), parameters.ToArray());
            using ECDsa key = Pki.Leaf.GetECDsaPrivateKey();
            byte[] sig = key.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            var b = new List<byte>(parameters) { 0x04, 0x03, (byte)(sig.Length >> 8), (byte)sig.Length };
            b.AddRange(sig);
            return b.ToArray();
        }

        /// <summary>Sends handshake messages, each in its own records (fragments of at most 2^14 bytes), adding them to the transcript.</summary>
        public int SendHandshake(params byte[][] messages)
        {
            int taken = 0;
            foreach (byte[] m in messages)
            {
                _transcript.AddRange(m);
                for (int p = 0; p < m.Length; p += 16384)
                {
                    taken += Feed(Record(22, m.AsSpan(p, Math.Min(16384, m.Length - p)).ToArray()));
                }
            }
            return taken;
        }

        /// <summary>ServerHello, Certificate, ServerKeyExchange (P-256), ServerHelloDone: the client answers with its flight.</summary>
        public void SendFirstFlight()
        {
            SendHandshake(Message(2, ServerHelloBody()), Message(11, GoodCertificateBody()),
                Message(12, ServerKeyExchangeBody(P256, NewP256Point())), Message(14, Array.Empty<byte>()));
        }

        /// <summary>Takes the client's ClientKeyExchange, derives the keys (RFC 7627, RFC 5246 §6.3)
        /// and reads the client's Finished.</summary>
        public void DeriveKeys()
        {
            int cke = Sent.FindIndex(r => r.type == 22 && r.body[0] == 16);
            Assert(cke > 0, "ClientKeyExchange");
            byte[] m = Sent[cke].body;
            _transcript.AddRange(m);
            byte[] point = m.AsSpan(5, m[4]).ToArray();
            using ECDiffieHellman peer = ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = point.AsSpan(1, 32).ToArray(), Y = point.AsSpan(33, 32).ToArray() },
            });
            byte[] premaster = _ecdh.DeriveRawSecretAgreement(peer.PublicKey);
            Master = RecordMitm.Prf256(premaster, "extended master secret", SHA256.HashData(_transcript.ToArray()), 48);
            byte[] block = RecordMitm.Prf256(Master, "key expansion", RecordMitm.Concat(ServerRandom, ClientRandom), 40);
            _clientKey = block.AsSpan(0, 16).ToArray();
            _serverKey = block.AsSpan(16, 16).ToArray();
            _clientSalt = block.AsSpan(32, 4).ToArray();
            _serverSalt = block.AsSpan(36, 4).ToArray();
            // The client's CCS and Finished were already sent: decrypt the Finished now.
            var rest = Sent.GetRange(cke + 1, Sent.Count - cke - 1);
            Sent.RemoveRange(cke + 1, Sent.Count - cke - 1);
            bool afterCcs = false;
            foreach (var r in rest)
            {
                if (afterCcs)
                {
                    byte[] record = Record(r.type, r.body);
                    byte[] plain = RecordMitm.Open(_clientKey, _clientSalt, _readSeq++, record);
                    Sent.Add((r.type, plain));
                    _transcript.AddRange(plain);
                }
                else
                {
                    Sent.Add(r);
                    afterCcs = r.type == 20;
                }
            }
            Assert(Sent[Sent.Count - 1].type == 22 && Sent[Sent.Count - 1].body[0] == 20, "client Finished");
        }

        /// <summary>The server's Finished verify_data over the transcript so far (RFC 5246 §7.4.9).</summary>
        public byte[] FinishedBody() => RecordMitm.Prf256(Master, "server finished", SHA256.HashData(_transcript.ToArray()), 12);

        /// <summary>A protected record with the server's write key and the next sequence number.</summary>
        public byte[] Protect(int type, byte[] plain)
        {
            byte[] template = new byte[13];
            for (int i = 0; i < 8; i++)
            {
                template[5 + i] = (byte)(_writeSeq >> (56 - 8 * i));
            }
            return RecordMitm.Seal(_serverKey, _serverSalt, _writeSeq++, type, plain, template);
        }

        /// <summary>A whole full handshake: the client ends Established.</summary>
        public void Establish()
        {
            Start();
            SendFirstFlight();
            DeriveKeys();
            Feed(Record(20, new byte[] { 1 }));
            Feed(Protect(22, Message(20, FinishedBody())));
            Assert(Engine.IsEstablished, "established: " + Engine.DescribeFailure());
        }

        private static void Assert(bool condition, string what)
        {
            if (!condition)
            {
                throw new InvalidOperationException("scripted server: " + what);
            }
        }
    }
}
