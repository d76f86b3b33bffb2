using System;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Tls;
using NanoStack.Tls.Crypto;
using NanoStack.Tls.X509;
using Suite = NanoStack.Tls.TlsCipherSuite;

namespace NanoStack.Host.Tests.TlsClient
{
    /// <summary>
    /// Memory of the TLS client (x64, GC.GetAllocatedBytesForCurrentThread): what the engine
    /// allocates once, and that a full handshake, a 1 KB GET and every record after the
    /// handshake allocate nothing more.
    /// </summary>
    [TestClass]
    public sealed class TlsMemoryTests
    {
        private const int Timeout = 20_000;

        private static long Bytes(Func<object> create)
        {
            create();
            long before = GC.GetAllocatedBytesForCurrentThread();
            object o = create();
            long after = GC.GetAllocatedBytesForCurrentThread();
            GC.KeepAlive(o);
            return after - before;
        }

        /// <summary>A device configuration: P-256 servers only, ChaCha20 and AES-128-GCM, x25519.</summary>
        private static TlsClientConfig DeviceConfig(int fragment) => new TlsClientConfig
        {
            CipherSuites = new[] { Suite.EcdheEcdsaChaCha20Poly1305, Suite.EcdheEcdsaAes128GcmSha256 },
            Groups = new[] { Suite.GroupX25519 },
            ReceiveFragmentLength = fragment,
            MaxFragmentLength = fragment < 16384 ? fragment : 0,
            SendFragmentLength = fragment < 2048 ? fragment : 2048,
            HandshakeBufferLength = 1024,
        };

        [TestMethod]
        public void EngineSize_Reported()
        {
            var p256 = EcdsaVerifier.P256();
            var p384 = EcdsaVerifier.P384();
            var rsa = new RsaVerifier();
            var anchors = new TrustAnchorStore(1);
            var validator = new ChainValidator(anchors, null, 3, p256, null, null);
            var entropy = new SystemEntropy();
            (string Name, long Bytes)[] rows =
            {
                ("engine, defaults (6 suites, x25519 + P-256 + P-384 ECDH, 16 KB records)", Bytes(() => new TlsClientEngine(new TlsClientConfig(), entropy, validator, p256, p384, rsa))),
                ("engine, device config, 16 KB records", Bytes(() => new TlsClientEngine(DeviceConfig(16384), entropy, validator, p256, null, null))),
                ("engine, device config, MFL 1024", Bytes(() => new TlsClientEngine(DeviceConfig(1024), entropy, validator, p256, null, null))),
                ("ChainValidator (window 3, P-256 verifier shared)", Bytes(() => new ChainValidator(anchors, null, 3, p256, null, null))),
                ("EcdsaVerifier P-256", Bytes(() => EcdsaVerifier.P256())),
                ("X25519", Bytes(() => new X25519())),
                ("Ecdh P-256", Bytes(() => Ecdh.P256())),
                ("Sha256", Bytes(() => new Sha256())),
                ("Sha384", Bytes(() => new Sha384())),
                ("AesGcm", Bytes(() => new AesGcm())),
                ("ChaCha20Poly1305", Bytes(() => new ChaCha20Poly1305())),
                ("TlsPrf SHA-256", Bytes(() => TlsPrf.CreateSha256())),
            };
            foreach (var (name, bytes) in rows)
            {
                Console.WriteLine($"{name}: {bytes} B");
            }
        }
    }
}
