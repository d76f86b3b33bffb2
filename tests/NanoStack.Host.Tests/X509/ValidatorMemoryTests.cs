using System;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Tls.Crypto;
using NanoStack.Tls.X509;

namespace NanoStack.Host.Tests.X509
{
    /// <summary>
    /// The memory of certificate validation on the device profile: a window of 3 certificates,
    /// the P-256 verifier shared with the TLS engine (not counted), one P-256 trust anchor, all
    /// in <see cref="CertificateLimits.Device"/> capacities (x64, GC.GetAllocatedBytesForCurrentThread).
    /// </summary>
    [TestClass]
    public sealed class ValidatorMemoryTests
    {
        private const long DeviceBudget = 9000;
        private const string Host = "device.test";
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

        private sealed class Pki
        {
            public X509Certificate2 Root;
            public byte[] Message;
            public string Pem;
            public byte[] Der;
        }

        // root (P-256) → intermediate (P-256) → leaf (P-256), as the emulator's HTTPS peer has.
        private static Pki P256Chain()
        {
            var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var rootReq = new CertificateRequest("CN=Memory Root, O=NanoStack Tests", rootKey, HashAlgorithmName.SHA256);
            rootReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            rootReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
            rootReq.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootReq.PublicKey, false));
            var root = rootReq.CreateSelfSigned(Now.AddYears(-1), Now.AddYears(10));

            var midKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var midReq = new CertificateRequest("CN=Memory Intermediate, O=NanoStack Tests", midKey, HashAlgorithmName.SHA256);
            midReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            midReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
            var mid = midReq.Create(root, Now.AddYears(-1), Now.AddYears(5), new byte[] { 0x11, 0x22, 0x33 });
            var midWithKey = mid.CopyWithPrivateKey(midKey);

            var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var leafReq = new CertificateRequest("CN=" + Host, leafKey, HashAlgorithmName.SHA256);
            leafReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            leafReq.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(Host);
            san.AddIpAddress(IPAddress.Parse("192.0.2.10"));
            leafReq.CertificateExtensions.Add(san.Build());
            var leaf = leafReq.Create(midWithKey, Now.AddDays(-10), Now.AddDays(80), new byte[] { 0x44, 0x55, 0x66, 0x77 });
            return new Pki { Root = root, Message = Message(leaf.RawData, mid.RawData), Pem = root.ExportCertificatePem(), Der = root.RawData };
        }

        private static byte[] Message(params byte[][] certificates)
        {
            int total = 0;
            foreach (byte[] c in certificates)
            {
                total += 3 + c.Length;
            }
            var m = new byte[3 + total];
            m[0] = (byte)(total >> 16); m[1] = (byte)(total >> 8); m[2] = (byte)total;
            int o = 3;
            foreach (byte[] c in certificates)
            {
                m[o] = (byte)(c.Length >> 16); m[o + 1] = (byte)(c.Length >> 8); m[o + 2] = (byte)c.Length;
                Array.Copy(c, 0, m, o + 3, c.Length);
                o += 3 + c.Length;
            }
            return m;
        }

        private static ChainValidator DeviceValidator(EcdsaVerifier p256, Pki pki, bool pem)
        {
            return DeviceValidator(p256, pem ? pki.Pem : null, pem ? null : pki.Der);
        }

        private static ChainValidator DeviceValidator(EcdsaVerifier p256, string rootPem, byte[] rootDer)
        {
            bool pem = rootPem != null;
            var anchors = new TrustAnchorStore(1);
            var v = new ChainValidator(anchors, null, 3, p256, null, null, CertificateLimits.Device());
            if (pem)
            {
                Assert.AreEqual(1, v.AddTrustAnchorPem(rootPem));
            }
            else
            {
                Assert.AreEqual(CertStatus.Ok, v.AddTrustAnchor(rootDer, 0, rootDer.Length));
            }
            return v;
        }

        private static long Bytes(Func<object> create)
        {
            GC.KeepAlive(create());
            long before = GC.GetAllocatedBytesForCurrentThread();
            object o = create();
            long after = GC.GetAllocatedBytesForCurrentThread();
            GC.KeepAlive(o);
            return after - before;
        }

        private static ChainStatus Validate(ChainValidator v, byte[] message)
        {
            v.Begin(Host, Now.ToUnixTimeSeconds());
            int at = 0;
            ChainStatus s = ChainStatus.InProgress;
            while (at < message.Length && s == ChainStatus.InProgress)
            {
                int n = Math.Min(message.Length - at, 97);
                s = v.Feed(message, at, n);
                at += n;
            }
            return s == ChainStatus.InProgress ? v.Finish() : s;
        }

        [TestMethod]
        public void DeviceProfileFitsItsBudget()
        {
            Pki pki = P256Chain();
            string pem = pki.Pem;
            var p256 = EcdsaVerifier.P256();   // shared with the TLS engine: not counted
            string rootPem = pki.Pem;
            byte[] rootDer = pki.Der;
            long fromPem = Bytes(() => DeviceValidator(p256, rootPem, null));
            long fromDer = Bytes(() => DeviceValidator(p256, null, rootDer));
            var anchors = new TrustAnchorStore(1);
            long validatorOnly = Bytes(() => new ChainValidator(anchors, null, 3, p256, null, null, CertificateLimits.Device()));
            long defaults = Bytes(() =>
            {
                var a = new TrustAnchorStore(1);
                var v = new ChainValidator(a, null, 3, p256, null, null);
                Assert.AreEqual(1, v.AddTrustAnchorPem(pem));
                return v;
            });
            long legacy = Bytes(() =>
            {
                var a = new TrustAnchorStore(1);
                Assert.AreEqual(1, a.AddPem(pem));
                return new ChainValidator(a, null, 3, p256, null, null);
            });
            Console.WriteLine($"device profile, window 3, one P-256 anchor from PEM: {fromPem} B (from DER: {fromDer} B; validator alone: {validatorOnly} B)");
            Console.WriteLine($"default capacities, window 3, one P-256 anchor from PEM: {defaults} B; the same loaded by TrustAnchorStore.AddPem (temporary parser): {legacy} B");
            Assert.IsTrue(fromPem <= DeviceBudget, "device profile from PEM: " + fromPem + " B");
            Assert.IsTrue(fromDer <= DeviceBudget, "device profile from DER: " + fromDer + " B");
        }

        [TestMethod]
        public void DeviceProfileValidatesARealChainWithoutAllocating()
        {
            Pki pki = P256Chain();
            var p256 = EcdsaVerifier.P256();
            ChainValidator v = DeviceValidator(p256, pki, true);
            Assert.AreEqual(ChainStatus.Ok, Validate(v, pki.Message));
            long allocated = Allocations.Measure(() => Assert.AreEqual(ChainStatus.Ok, Validate(v, pki.Message)));
            Assert.AreEqual(0L, allocated, "0 bytes per chain validated");

            ChainValidator fromDer = DeviceValidator(p256, pki, false);
            Assert.AreEqual(ChainStatus.Ok, Validate(fromDer, pki.Message));
            Assert.AreEqual(CertStatus.Ok, fromDer.CertificateError);

            // Another host name is refused by the same slots.
            fromDer.Begin("other.test", Now.ToUnixTimeSeconds());
            fromDer.Feed(pki.Message, 0, pki.Message.Length);
            Assert.AreEqual(ChainStatus.HostNameMismatch, fromDer.Finish());
        }

        [TestMethod]
        public void OcspAndPinsAllocateOnlyWhenConfigured()
        {
            Pki pki = P256Chain();
            var p256 = EcdsaVerifier.P256();
            var anchors = new TrustAnchorStore(1);
            var v = new ChainValidator(anchors, null, 3, p256, null, null, CertificateLimits.Device());
            Assert.IsFalse(v.OcspEnabled);
            Assert.ThrowsExactly<InvalidOperationException>(() => v.CheckOcspResponse(new byte[2], 0, 2));
            new ChainValidator(anchors, null, 3, p256, null, null, CertificateLimits.Device()).EnableOcsp();
            var w = new ChainValidator(anchors, null, 3, p256, null, null, CertificateLimits.Device());
            long ocsp = GC.GetAllocatedBytesForCurrentThread();
            w.EnableOcsp();
            ocsp = GC.GetAllocatedBytesForCurrentThread() - ocsp;
            v.EnableOcsp();
            Assert.IsTrue(v.OcspEnabled);
            Console.WriteLine("EnableOcsp allocates about " + ocsp + " B more");
            Assert.AreEqual(1, v.AddTrustAnchorPem(pki.Pem));
            byte[] spkiHash = SHA256.HashData(pki.Root.PublicKey.ExportSubjectPublicKeyInfo());
            v.AddPin(spkiHash);
            Assert.AreEqual(ChainStatus.Ok, Validate(v, pki.Message), "pinned root");
            v.ClearPins();
            v.AddPin(new byte[32]);
            Assert.AreEqual(ChainStatus.PinMismatch, Validate(v, pki.Message));
        }
    }
}
