using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using NanoStack.Tls.X509;

namespace NanoStack.Benchmarks.X509
{
    /// <summary>
    /// Parsing one RSA-2048 leaf (tests/data/x509/leaf_rsa2048.der, 707 bytes): the streaming
    /// parser whole and in 256-byte chunks, against BouncyCastle's X509CertificateParser and
    /// .NET's X509CertificateLoader (each also reaches the public key info, which ours always
    /// parses). BouncyCastle's GetPublicKey() is left out: its RsaKeyParameters validates the
    /// modulus (about 20 ms and 0.9 MB per call measured here), which is not parsing.
    /// </summary>
    [MemoryDiagnoser]
    public class CertificateParserBenchmarks
    {
        private sealed class NullSink : ITbsSink
        {
            public void Update(byte[] data, int offset, int count)
            {
            }
        }

        private byte[] _der;
        private CertificateParser _parser;

        [GlobalSetup]
        public void Setup()
        {
            string dir = AppContext.BaseDirectory;
            while (dir != null && !Directory.Exists(Path.Combine(dir, "tests", "data", "x509")))
            {
                dir = Path.GetDirectoryName(dir);
            }
            _der = File.ReadAllBytes(Path.Combine(dir ?? ".", "tests", "data", "x509", "leaf_rsa2048.der"));
            _parser = new CertificateParser(new CertificateInfo(), new NullSink());
        }

        [Benchmark(Baseline = true)]
        public CertStatus NanoStackWhole()
        {
            _parser.Reset();
            _parser.Feed(_der, 0, _der.Length);
            return _parser.Finish();
        }

        [Benchmark]
        public CertStatus NanoStackChunks256()
        {
            _parser.Reset();
            for (int i = 0; i < _der.Length; i += 256)
            {
                _parser.Feed(_der, i, Math.Min(256, _der.Length - i));
            }
            return _parser.Finish();
        }

        [Benchmark]
        public object BouncyCastle()
        {
            var cert = new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(_der);
            return cert.SubjectPublicKeyInfo;
        }

        [Benchmark]
        public object BouncyCastleStructure()
        {
            // Without X509CertificateParser's stream and format sniffing: the ASN.1 object model only.
            var cert = new Org.BouncyCastle.X509.X509Certificate(Org.BouncyCastle.Asn1.X509.X509CertificateStructure.GetInstance(_der));
            return cert.SubjectPublicKeyInfo;
        }

        [Benchmark]
        public int DotNet()
        {
            using X509Certificate2 cert = X509CertificateLoader.LoadCertificate(_der);
            return cert.PublicKey.EncodedKeyValue.RawData.Length + cert.SubjectName.RawData.Length;
        }
    }
}
