using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Tls.Crypto;
using NanoStack.Tls.X509;

namespace NanoStack.Host.Tests.X509
{
    /// <summary>
    /// Bytes each crypto and X.509 object allocates once, in its constructor (x64, measured with
    /// GC.GetAllocatedBytesForCurrentThread): the figures the README's memory table gives.
    /// </summary>
    [TestClass]
    public sealed class ObjectSizeTests
    {
        private static long Measure(Func<object> create)
        {
            create();
            long before = GC.GetAllocatedBytesForCurrentThread();
            object o = create();
            long after = GC.GetAllocatedBytesForCurrentThread();
            GC.KeepAlive(o);
            return after - before;
        }

        [TestMethod]
        public void ReportFixedSizes()
        {
            var info = new CertificateInfo(1, CertificateInfo.MaxDnsNameLength);
            var anchors = new TrustAnchorStore(4);
            var p256 = EcdsaVerifier.P256();
            var rsa = new RsaVerifier();
            (string Name, long Bytes, long Ceiling)[] rows =
            {
                ("EcdsaVerifier P-256", Measure(() => EcdsaVerifier.P256()), 6_400),
                ("EcdsaVerifier P-384", Measure(() => EcdsaVerifier.P384()), 8_800),
                ("EcdsaVerifier P-256 compact", Measure(() => EcdsaVerifier.P256Compact()), 4_000),
                ("EcdsaVerifier P-384 compact", Measure(() => EcdsaVerifier.P384Compact()), 5_600),
                ("RsaVerifier (up to 4096-bit)", Measure(() => new RsaVerifier()), 8_000),
                ("CertificateInfo (16 SAN entries)", Measure(() => new CertificateInfo()), 10_000),
                ("CertificateInfo (1 SAN entry)", Measure(() => new CertificateInfo(1, CertificateInfo.MaxDnsNameLength)), 6_000),
                ("CertificateParser", Measure(() => new CertificateParser(info)), 3_000),
                ("CertificateInfo (CertificateLimits.Device, 4 SAN entries)", Measure(() => new CertificateInfo(CertificateLimits.Device())), 2_400),
                ("CertificateInfo (CertificateLimits.Device, no SAN)", Measure(() => new CertificateInfo(CertificateLimits.Device(), 0, 0)), 2_000),
                ("CertificateParser (CertificateLimits.Device)", Measure(() => new CertificateParser(info, null, CertificateLimits.Device())), 1_400),
                ("TrustAnchorStore (4 anchors)", Measure(() => new TrustAnchorStore(4)), 24_000),
                ("ChainValidator (window 4, verifiers shared)", Measure(() => new ChainValidator(anchors, null, 4, p256, null, rsa)), 40_000),
                ("ChainValidator (window 3, P-256 shared, CertificateLimits.Device)", Measure(() => new ChainValidator(anchors, null, 3, p256, null, null, CertificateLimits.Device())), 8_500),
            };
            foreach (var (name, bytes, ceiling) in rows)
            {
                Console.WriteLine($"{name}: {bytes} B");
                Assert.IsTrue(bytes <= ceiling, name + " grew to " + bytes + " B");
            }
        }
    }
}
