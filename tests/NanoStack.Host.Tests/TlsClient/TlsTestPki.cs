using System;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NanoStack.Tls;
using NanoStack.Tls.Crypto;
using NanoStack.Tls.X509;

namespace NanoStack.Host.Tests.TlsClient
{
    /// <summary>Server key kinds the TLS tests cover.</summary>
    public enum ServerKey
    {
        EcdsaP256,
        EcdsaP384,
        Rsa2048,
        Rsa4096,
    }

    /// <summary>
    /// A test CA and a server certificate (with its private key) for one key kind, made with the
    /// host's <see cref="CertificateRequest"/>; plus helpers that build a NanoStack client
    /// trusting that CA. Certificates are cached per kind for the test run (RSA-4096 keys are slow).
    /// </summary>
    public sealed class TlsTestPki
    {
        public const string HostName = "server.test";

        private static readonly object Gate = new object();
        private static readonly TlsTestPki[] Cache = new TlsTestPki[4];

        private TlsTestPki(ServerKey kind, X509Certificate2 ca, X509Certificate2 leaf, string leafKeyPem)
        {
            Kind = kind;
            Ca = ca;
            Leaf = leaf;
            LeafKeyPem = leafKeyPem;
        }

        public ServerKey Kind { get; }

        /// <summary>The CA (public part).</summary>
        public X509Certificate2 Ca { get; }

        /// <summary>The server certificate with its private key.</summary>
        public X509Certificate2 Leaf { get; }

        public string LeafKeyPem { get; }

        public bool IsEcdsa => Kind == ServerKey.EcdsaP256 || Kind == ServerKey.EcdsaP384;

        public static TlsTestPki For(ServerKey kind)
        {
            lock (Gate)
            {
                return Cache[(int)kind] ??= Make(kind);
            }
        }

        private static TlsTestPki Make(ServerKey kind)
        {
            DateTimeOffset from = DateTimeOffset.UtcNow.AddDays(-1), to = DateTimeOffset.UtcNow.AddDays(30);
            bool ec = kind == ServerKey.EcdsaP256 || kind == ServerKey.EcdsaP384;
            HashAlgorithmName hash = kind == ServerKey.EcdsaP384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;
            using AsymmetricAlgorithm caKey = ec ? ECDsa.Create(kind == ServerKey.EcdsaP384 ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP256) : RSA.Create(2048);
            CertificateRequest caReq = ec
                ? new CertificateRequest("CN=NanoStack TLS Test CA " + kind, (ECDsa)caKey, hash)
                : new CertificateRequest("CN=NanoStack TLS Test CA " + kind, (RSA)caKey, hash, RSASignaturePadding.Pkcs1);
            caReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            caReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            caReq.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caReq.PublicKey, false));
            X509Certificate2 ca = caReq.CreateSelfSigned(from, to);

            AsymmetricAlgorithm leafKey = kind switch
            {
                ServerKey.EcdsaP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
                ServerKey.EcdsaP384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
                ServerKey.Rsa2048 => RSA.Create(2048),
                _ => RSA.Create(4096),
            };
            CertificateRequest leafReq = ec
                ? new CertificateRequest("CN=" + HostName, (ECDsa)leafKey, hash)
                : new CertificateRequest("CN=" + HostName, (RSA)leafKey, hash, RSASignaturePadding.Pkcs1);
            leafReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            leafReq.CertificateExtensions.Add(new X509KeyUsageExtension(ec ? X509KeyUsageFlags.DigitalSignature : X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            leafReq.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(HostName);
            san.AddIpAddress(IPAddress.Loopback);
            leafReq.CertificateExtensions.Add(san.Build());
            byte[] serial = new byte[8];
            RandomNumberGenerator.Fill(serial);
            serial[0] &= 0x7F;
            using X509Certificate2 leafPublic = leafReq.Create(ca, from, to, serial);
            X509Certificate2 withKey = ec ? leafPublic.CopyWithPrivateKey((ECDsa)leafKey) : leafPublic.CopyWithPrivateKey((RSA)leafKey);
            // Ephemeral keys cannot back an SslStream server on every platform: round-trip through PKCS#12.
            X509Certificate2 leaf = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
            string keyPem = ec ? ((ECDsa)leafKey).ExportPkcs8PrivateKeyPem() : ((RSA)leafKey).ExportPkcs8PrivateKeyPem();
            leafKey.Dispose();
            return new TlsTestPki(kind, ca, leaf, keyPem);
        }

        /// <summary>PEM of the leaf then the CA (what a server sends as its chain).</summary>
        public string ChainPem => Leaf.ExportCertificatePem() + "\n" + Ca.ExportCertificatePem() + "\n";

        /// <summary>A trust-anchor store holding the CA.</summary>
        public TrustAnchorStore Anchors()
        {
            var store = new TrustAnchorStore(4);
            byte[] der = Ca.RawData;
            CertStatus status = store.AddCertificate(der, 0, der.Length);
            if (status != CertStatus.Ok)
            {
                throw new InvalidOperationException("anchor refused: " + status);
            }
            return store;
        }
    }

    /// <summary>Entropy from the host's CSPRNG for interop tests.</summary>
    public sealed class SystemEntropy : NanoStack.Tls.Crypto.IEntropySource
    {
        public void GetBytes(byte[] buffer, int offset, int count) => RandomNumberGenerator.Fill(buffer.AsSpan(offset, count));
    }

    /// <summary>A client engine with its validator and shared verifiers, as a device would build it.</summary>
    public sealed class TestClient
    {
        public TestClient(TrustAnchorStore anchors, TlsClientConfig config = null, NanoStack.Tls.Crypto.IEntropySource entropy = null)
        {
            P256 = EcdsaVerifier.P256();
            P384 = EcdsaVerifier.P384();
            Rsa = new RsaVerifier();
            Validator = new ChainValidator(anchors, null, ChainValidator.DefaultWindow, P256, P384, Rsa);
            Config = config ?? new TlsClientConfig();
            Engine = new TlsClientEngine(Config, entropy ?? new SystemEntropy(), Validator, P256, P384, Rsa);
        }

        public EcdsaVerifier P256 { get; }
        public EcdsaVerifier P384 { get; }
        public RsaVerifier Rsa { get; }
        public ChainValidator Validator { get; }
        public TlsClientConfig Config { get; }
        public TlsClientEngine Engine { get; }

        public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    }
}
