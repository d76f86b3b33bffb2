using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NanoStack.Tls;
using NanoStack.Tls.Crypto;
using NanoStack.Tls.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using BcCertificate = Org.BouncyCastle.Tls.Certificate;
using BcX509 = Org.BouncyCastle.X509.X509Certificate;
using CertificateRequest = System.Security.Cryptography.X509Certificates.CertificateRequest;
using HashAlgorithm = Org.BouncyCastle.Tls.HashAlgorithm;
using SignatureAlgorithm = Org.BouncyCastle.Tls.SignatureAlgorithm;

namespace NanoStack.Benchmarks.Tls
{
    /// <summary>
    /// <c>dotnet run -c Release --project tests/NanoStack.Benchmarks -- tls [iterations]</c>:
    /// client-side CPU time and bytes allocated per TLS 1.2 handshake (ECDHE-ECDSA-P256 and
    /// ECDHE-RSA-2048, both with x25519 and AES-128-GCM) and per 16 KB application record each
    /// way, NanoStack's client against BouncyCastle's, printed as a table with ratios.
    /// </summary>
    /// <remarks>
    /// Method. Both clients talk to the same in-process BouncyCastle TLS 1.2 server in its
    /// non-blocking mode, all on one thread; bytes are handed across by the loop. Only the calls
    /// into the client are timed (Stopwatch ticks accumulated around each one) and only their
    /// allocations are counted (GC.GetAllocatedBytesForCurrentThread around each one), so the
    /// server's work is excluded from both. Each client does comparable certificate work: ours
    /// runs its full chain validation (one signature by the test CA), BouncyCastle's
    /// authentication callback verifies the same signature with BouncyCastle. Warm-up rounds
    /// run first; the figure is the mean of the measured rounds. The RSA figure is taken with
    /// BouncyCastle's <c>Org.BouncyCastle.Rsa.MaxMRTests=0</c> (its public-key primality tests
    /// off), as set in this process before the first RSA key is read.
    /// </remarks>
    public static class TlsHandshakeBench
    {
        private const string Host = "bench.test";

        public static void Run(int iterations)
        {
            Environment.SetEnvironmentVariable("Org.BouncyCastle.Rsa.MaxMRTests", "0");
            Console.WriteLine($"TLS 1.2 client, {iterations} measured rounds per row after {Math.Max(5, iterations / 10)} warm-up rounds; client calls only (see the doc comment)");
            Console.WriteLine($"{Environment.ProcessorCount} logical CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
            Console.WriteLine();
            Console.WriteLine("| Case | NanoStack | BouncyCastle | Ratio (time) | NanoStack alloc | BouncyCastle alloc |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            foreach (bool ecdsa in new[] { true, false })
            {
                var pki = Pki.Make(ecdsa);
                int suite = ecdsa ? CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 : CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;
                var ours = new OursRunner(pki, suite);
                var theirs = new BcRunner(pki, suite);
                int warm = Math.Max(5, iterations / 10);
                Measure(ours.Handshake, warm);
                Measure(theirs.Handshake, warm);
                var (oursTime, oursBytes) = Measure(ours.Handshake, iterations);
                var (bcTime, bcBytes) = Measure(theirs.Handshake, iterations);
                Row((ecdsa ? "Handshake ECDHE-ECDSA-P256, x25519" : "Handshake ECDHE-RSA-2048, x25519"), oursTime, bcTime, oursBytes, bcBytes);
                if (ecdsa)
                {
                    // The same handshake with the device's compact P-256 verifier (small G table).
                    var compact = new OursRunner(pki, suite, true);
                    Measure(compact.Handshake, warm);
                    var (compactTime, compactBytes) = Measure(compact.Handshake, iterations);
                    Row("Handshake ECDHE-ECDSA-P256, x25519, compact P-256 verifier", compactTime, bcTime, compactBytes, bcBytes);

                    foreach (int recordSuite in new[] { suite, CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 })
                    {
                        string aead = recordSuite == suite ? "AES-128-GCM" : "ChaCha20-Poly1305";
                        var o = new OursRunner(pki, recordSuite);
                        var b = new BcRunner(pki, recordSuite);
                        o.Handshake();
                        b.Handshake();
                        Measure(o.Send16K, warm);
                        Measure(b.Send16K, warm);
                        (oursTime, oursBytes) = Measure(o.Send16K, iterations * 4);
                        (bcTime, bcBytes) = Measure(b.Send16K, iterations * 4);
                        Row("16 KB record " + aead + ", send", oursTime, bcTime, oursBytes, bcBytes);
                        Measure(o.Receive16K, warm);
                        Measure(b.Receive16K, warm);
                        (oursTime, oursBytes) = Measure(o.Receive16K, iterations * 4);
                        (bcTime, bcBytes) = Measure(b.Receive16K, iterations * 4);
                        Row("16 KB record " + aead + ", receive", oursTime, bcTime, oursBytes, bcBytes);
                    }
                }
            }
        }

        private static void Row(string name, double ours, double bc, double oursBytes, double bcBytes)
        {
            Console.WriteLine($"| {name} | {Format(ours)} | {Format(bc)} | {ours / bc:0.00} | {oursBytes:0} B | {bcBytes:0} B |");
        }

        private static string Format(double seconds) =>
            seconds >= 1e-3 ? $"{seconds * 1e3:0.000} ms" : $"{seconds * 1e6:0.0} µs";

        /// <summary>Runs <paramref name="op"/> n times; returns mean client seconds and bytes per run.</summary>
        private static (double seconds, double bytes) Measure(Func<(long ticks, long bytes)> op, int n)
        {
            long ticks = 0, bytes = 0;
            for (int i = 0; i < n; i++)
            {
                var (t, b) = op();
                ticks += t;
                bytes += b;
            }
            return ((double)ticks / Stopwatch.Frequency / n, (double)bytes / n);
        }

        /// <summary>Times and counts one client call.</summary>
        private struct Meter
        {
            public long Ticks;
            public long Bytes;
            private long _t0;
            private long _b0;

            public void Start()
            {
                _b0 = GC.GetAllocatedBytesForCurrentThread();
                _t0 = Stopwatch.GetTimestamp();
            }

            public void Stop()
            {
                long t = Stopwatch.GetTimestamp();
                long b = GC.GetAllocatedBytesForCurrentThread();
                Ticks += t - _t0;
                Bytes += b - _b0;
            }
        }

        private sealed class Pki
        {
            public byte[] CaDer;
            public byte[] LeafDer;
            public AsymmetricKeyParameter LeafKey;
            public bool Ecdsa;

            public static Pki Make(bool ecdsa)
            {
                DateTimeOffset from = DateTimeOffset.UtcNow.AddDays(-1), to = DateTimeOffset.UtcNow.AddDays(30);
                using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var caReq = new CertificateRequest("CN=Bench CA", caKey, HashAlgorithmName.SHA256);
                caReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
                caReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
                using X509Certificate2 ca = caReq.CreateSelfSigned(from, to);
                AsymmetricAlgorithm key = ecdsa ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(2048);
                CertificateRequest req = ecdsa
                    ? new CertificateRequest("CN=" + Host, (ECDsa)key, HashAlgorithmName.SHA256)
                    : new CertificateRequest("CN=" + Host, (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                var san = new SubjectAlternativeNameBuilder();
                san.AddDnsName(Host);
                req.CertificateExtensions.Add(san.Build());
                req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
                using X509Certificate2 leaf = req.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), from, to, new byte[] { 1, 2, 3, 4 });
                byte[] pkcs8 = ecdsa ? ((ECDsa)key).ExportPkcs8PrivateKey() : ((RSA)key).ExportPkcs8PrivateKey();
                key.Dispose();
                return new Pki { CaDer = ca.RawData, LeafDer = leaf.RawData, LeafKey = PrivateKeyFactory.CreateKey(pkcs8), Ecdsa = ecdsa };
            }
        }

        /// <summary>BouncyCastle's TLS 1.2 server: one suite, x25519, the leaf alone as its chain.</summary>
        private sealed class BenchServer : DefaultTlsServer
        {
            private readonly Pki _pki;
            private readonly int _suite;

            public BenchServer(TlsCrypto crypto, Pki pki, int suite) : base(crypto)
            {
                _pki = pki;
                _suite = suite;
            }

            protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.TLSv12.Only();

            protected override int[] GetSupportedCipherSuites() => new[] { _suite };

            public override int[] GetSupportedGroups() => new[] { NamedGroup.x25519 };

            private TlsCredentialedSigner Signer(short signature)
            {
                var crypto = (BcTlsCrypto)Crypto;
                var chain = new BcCertificate(new TlsCertificate[] { crypto.CreateCertificate(_pki.LeafDer) });
                return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), crypto, _pki.LeafKey, chain,
                    SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, signature));
            }

            protected override TlsCredentialedSigner GetECDsaSignerCredentials() => Signer(SignatureAlgorithm.ecdsa);

            protected override TlsCredentialedSigner GetRsaSignerCredentials() => Signer(SignatureAlgorithm.rsa);
        }

        private sealed class BcClient : DefaultTlsClient
        {
            private readonly int _suite;
            private readonly BcX509 _ca;

            public BcClient(TlsCrypto crypto, int suite, BcX509 ca) : base(crypto)
            {
                _suite = suite;
                _ca = ca;
            }

            protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.TLSv12.Only();

            protected override int[] GetSupportedCipherSuites() => new[] { _suite };

            protected override IList<int> GetSupportedGroups(IList<int> namedGroupRoles) => new List<int> { NamedGroup.x25519 };

            public override TlsAuthentication GetAuthentication() => new Auth(_ca);

            private sealed class Auth : TlsAuthentication
            {
                private readonly BcX509 _ca;

                public Auth(BcX509 ca) => _ca = ca;

                public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
                {
                    // The same signature check our client's chain validation does.
                    var leaf = new BcX509(serverCertificate.Certificate.GetCertificateAt(0).GetEncoded());
                    leaf.Verify(_ca.GetPublicKey());
                }

                public TlsCredentials GetClientCredentials(Org.BouncyCastle.Tls.CertificateRequest certificateRequest) => null;
            }
        }

        private sealed class OursRunner
        {
            private readonly Pki _pki;
            private readonly int _suite;
            private readonly TlsClientEngine _engine;
            private readonly BcTlsCrypto _serverCrypto = new BcTlsCrypto(new SecureRandom());
            private TlsServerProtocol _server;
            private readonly byte[] _wire = new byte[40_000];
            private readonly byte[] _app = new byte[16384];
            private readonly byte[] _sink = new byte[17_000];

            public OursRunner(Pki pki, int suite, bool compactVerifier = false)
            {
                _pki = pki;
                _suite = suite;
                var anchors = new TrustAnchorStore(1);
                anchors.AddCertificate(pki.CaDer, 0, pki.CaDer.Length);
                var p256 = compactVerifier ? EcdsaVerifier.P256Compact() : EcdsaVerifier.P256();
                var rsa = new RsaVerifier();
                var validator = new ChainValidator(anchors, null, 2, p256, null, rsa);
                var config = new TlsClientConfig { CipherSuites = new[] { suite }, Groups = new[] { TlsCipherSuite.GroupX25519 }, SendFragmentLength = 16384 };
                _engine = new TlsClientEngine(config, new SystemEntropy(), validator, p256, null, rsa);
            }

            public (long, long) Handshake()
            {
                _server = new TlsServerProtocol();
                _server.Accept(new BenchServer(_serverCrypto, _pki, _suite));
                var m = new Meter();
                m.Start();
                _engine.Start(Host, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), null);
                m.Stop();
                int guard = 0;
                while (!_engine.IsEstablished)
                {
                    if (guard++ > 100 || (_engine.Flags & TlsEngineFlags.Closed) != 0)
                    {
                        throw new InvalidOperationException("handshake failed: " + _engine.DescribeFailure());
                    }
                    PumpToServer(ref m);
                    PumpToClient(ref m);
                }
                PumpToServer(ref m);
                return (m.Ticks, m.Bytes);
            }

            private void PumpToServer(ref Meter m)
            {
                while (true)
                {
                    m.Start();
                    bool any = _engine.TryGetRecordsToSend(out byte[] buffer, out int offset, out int count);
                    m.Stop();
                    if (!any)
                    {
                        return;
                    }
                    _server.OfferInput(buffer, offset, count);
                    m.Start();
                    _engine.AckRecordsSent(count);
                    m.Stop();
                }
            }

            private void PumpToClient(ref Meter m)
            {
                int available = _server.GetAvailableOutputBytes();
                if (available == 0)
                {
                    return;
                }
                int n = _server.ReadOutput(_wire, 0, Math.Min(available, _wire.Length));
                int position = 0;
                m.Start();
                while (position < n && _engine.TryGetRecordSpace(out byte[] space, out int at, out int room))
                {
                    int take = Math.Min(room, n - position);
                    Array.Copy(_wire, position, space, at, take);
                    _engine.AckRecordBytes(take);
                    position += take;
                    if (_engine.TryGetAppData(out _, out _, out int appCount))
                    {
                        _engine.AckAppData(appCount);
                    }
                }
                m.Stop();
                if (position < n)
                {
                    throw new InvalidOperationException("engine refused bytes: " + _engine.DescribeFailure());
                }
            }

            public (long, long) Send16K()
            {
                var m = new Meter();
                m.Start();
                _engine.TryGetAppSendSpace(out byte[] space, out int at, out int room);
                Array.Copy(_app, 0, space, at, 16384);
                _engine.AckAppSend(16384);
                m.Stop();
                PumpToServer(ref m);
                while (_server.GetAvailableInputBytes() > 0)
                {
                    _server.ReadInput(_sink, 0, _sink.Length);
                }
                return (m.Ticks, m.Bytes);
            }

            public (long, long) Receive16K()
            {
                _server.WriteApplicationData(_app, 0, 16384);
                var m = new Meter();
                PumpToClient(ref m);
                return (m.Ticks, m.Bytes);
            }
        }

        private sealed class BcRunner
        {
            private readonly Pki _pki;
            private readonly int _suite;
            private readonly BcX509 _ca;
            private readonly BcTlsCrypto _serverCrypto = new BcTlsCrypto(new SecureRandom());
            private readonly BcTlsCrypto _clientCrypto = new BcTlsCrypto(new SecureRandom());
            private TlsServerProtocol _server;
            private TlsClientProtocol _client;
            private readonly byte[] _wire = new byte[40_000];
            private readonly byte[] _app = new byte[16384];
            private readonly byte[] _sink = new byte[17_000];

            public BcRunner(Pki pki, int suite)
            {
                _pki = pki;
                _suite = suite;
                _ca = new BcX509(pki.CaDer);
            }

            public (long, long) Handshake()
            {
                _server = new TlsServerProtocol();
                _server.Accept(new BenchServer(_serverCrypto, _pki, _suite));
                var m = new Meter();
                m.Start();
                _client = new TlsClientProtocol();
                _client.Connect(new BcClient(_clientCrypto, _suite, _ca));
                m.Stop();
                int guard = 0;
                while (!_client.IsConnected)
                {
                    if (guard++ > 100)
                    {
                        throw new InvalidOperationException("BouncyCastle handshake did not complete");
                    }
                    ToServer(ref m);
                    ToClient(ref m);
                }
                ToServer(ref m);
                return (m.Ticks, m.Bytes);
            }

            private void ToServer(ref Meter m)
            {
                m.Start();
                int n = _client.GetAvailableOutputBytes();
                if (n > 0)
                {
                    n = _client.ReadOutput(_wire, 0, Math.Min(n, _wire.Length));
                }
                m.Stop();
                if (n > 0)
                {
                    _server.OfferInput(_wire, 0, n);
                }
            }

            private void ToClient(ref Meter m)
            {
                int n = _server.GetAvailableOutputBytes();
                if (n == 0)
                {
                    return;
                }
                n = _server.ReadOutput(_wire, 0, Math.Min(n, _wire.Length));
                m.Start();
                _client.OfferInput(_wire, 0, n);
                while (_client.GetAvailableInputBytes() > 0)
                {
                    _client.ReadInput(_sink, 0, _sink.Length);
                }
                m.Stop();
            }

            public (long, long) Send16K()
            {
                var m = new Meter();
                m.Start();
                _client.WriteApplicationData(_app, 0, 16384);
                m.Stop();
                ToServer(ref m);
                while (_server.GetAvailableInputBytes() > 0)
                {
                    _server.ReadInput(_sink, 0, _sink.Length);
                }
                return (m.Ticks, m.Bytes);
            }

            public (long, long) Receive16K()
            {
                _server.WriteApplicationData(_app, 0, 16384);
                var m = new Meter();
                ToClient(ref m);
                return (m.Ticks, m.Bytes);
            }
        }

        private sealed class SystemEntropy : NanoStack.Tls.Crypto.IEntropySource
        {
            public void GetBytes(byte[] buffer, int offset, int count) => RandomNumberGenerator.Fill(buffer.AsSpan(offset, count));
        }
    }
}
