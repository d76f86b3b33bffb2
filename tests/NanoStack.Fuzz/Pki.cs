using System;
using System.IO;
using NanoStack.Tls.Crypto;
using NanoStack.Tls.X509;

namespace NanoStack.Fuzz
{
    /// <summary>
    /// What the tls and x509 targets trust: the CA that signed the seed certificates (embedded from
    /// anchor/ca.der, written by the seeds command), the time they validate at, and the
    /// verifiers, built once per process.
    /// </summary>
    public sealed class Pki
    {
        public const string HostName = "server.test";

        /// <summary>Validation time: 2026-06-01T00:00:00Z, inside the seed certificates' validity.</summary>
        public static readonly long UnixTime = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

        public Pki(byte[] caDer)
        {
            Anchors = new TrustAnchorStore(2);
            if (caDer != null && caDer.Length > 0)
            {
                CertStatus status = Anchors.AddCertificate(caDer, 0, caDer.Length);
                if (status != CertStatus.Ok)
                {
                    throw new InvalidOperationException("fuzz anchor refused: " + status);
                }
            }
            P256 = EcdsaVerifier.P256();
            P384 = EcdsaVerifier.P384();
            Rsa = new RsaVerifier();
        }

        public TrustAnchorStore Anchors { get; }
        public EcdsaVerifier P256 { get; }
        public EcdsaVerifier P384 { get; }
        public RsaVerifier Rsa { get; }

        /// <summary>The embedded CA (empty before the first seeds run).</summary>
        public static byte[] EmbeddedCa()
        {
            using Stream s = typeof(Pki).Assembly.GetManifestResourceStream("NanoStack.Fuzz.ca.der");
            if (s == null)
            {
                return Array.Empty<byte>();
            }
            var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        }

        public ChainValidator NewValidator() => new ChainValidator(Anchors, null, ChainValidator.DefaultWindow, P256, P384, Rsa);
    }
}
