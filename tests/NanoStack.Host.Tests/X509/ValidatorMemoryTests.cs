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

            // Loading an anchor lends the parser: a chain still streaming in is abandoned, not corrupted.
            var two = new ChainValidator(new TrustAnchorStore(2), null, 3, p256, null, null, CertificateLimits.Device());
            two.Begin(Host, Now.ToUnixTimeSeconds());
            Assert.AreEqual(ChainStatus.InProgress, two.Feed(pki.Message, 0, 200));
            Assert.AreEqual(1, two.AddTrustAnchorPem(pki.Pem));
            Assert.AreEqual(ChainStatus.InvalidState, two.Feed(pki.Message, 200, 10));
            Assert.AreEqual(ChainStatus.InvalidState, two.Finish());
            Assert.AreEqual(ChainStatus.Ok, Validate(two, pki.Message), "the next chain starts afresh");
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

        private static X509Certificate2 SelfSigned(string subject, int padding = 0)
        {
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            if (padding > 0)
            {
                // A non-critical private extension of any length (an OCTET STRING of zeros).
                var value = new byte[2 + padding];
                value[0] = 0x04;
                value[1] = (byte)padding;
                req.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.55555.2", value, false));
            }
            return req.CreateSelfSigned(Now.AddYears(-1), Now.AddYears(1));
        }

        [TestMethod]
        public void PemIsDecodedInPiecesWhateverTheLength()
        {
            // Extensions of 1..100 bytes make the DER length take every value modulo 48, so the
            // last 48-byte piece ends with every padding form, on and off a 64-symbol boundary.
            var info = new CertificateInfo(CertificateLimits.Device(), 0, 0);
            var parser = new CertificateParser(info, null, CertificateLimits.Device());
            var seen = new bool[48];
            // (the ECDSA signature's length varies by a byte or two: go round until all were seen).
            for (int i = 0; i < 500 && !Array.TrueForAll(seen, b => b); i++)
            {
                int n = 1 + i % 100;
                X509Certificate2 c = SelfSigned("CN=anchor", n);
                seen[c.RawData.Length % 48] = true;
                var store = new TrustAnchorStore(2);
                Assert.AreEqual(1, store.AddPem(c.ExportCertificatePem(), parser, info), "length " + c.RawData.Length);
                byte[] spki = c.PublicKey.ExportSubjectPublicKeyInfo();
                Assert.IsTrue(store.SpkiEquals(0, spki, spki.Length));
                Assert.AreEqual(1, store.AddPem("text before\r\n" + c.ExportCertificatePem().Replace("\n", "\r\n") + "after"), "CRLF, legacy loader");
                Assert.AreEqual(2, store.Count);
            }
            Assert.IsTrue(Array.TrueForAll(seen, b => b), "every length modulo 48");

            // Padding in the middle: two Base64 encodings glued together are not one encoding (RFC 4648 §3.3).
            byte[] der = SelfSigned("CN=glued").RawData;
            string glued = "-----BEGIN CERTIFICATE-----\n" + Convert.ToBase64String(der, 0, 46) + "\n"
                + Convert.ToBase64String(der, 46, der.Length - 46) + "\n-----END CERTIFICATE-----\n";
            Assert.AreEqual(-1, new TrustAnchorStore(1).AddPem(glued, parser, info));
            Assert.AreEqual(-1, new TrustAnchorStore(1).AddPem("-----BEGIN CERTIFICATE-----\nMIIB\n", parser, info), "no END line");
            Assert.AreEqual(-1, new TrustAnchorStore(1).AddPem("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----", parser, info), "empty");
            Assert.AreEqual(0, new TrustAnchorStore(1).AddPem("no certificate here", parser, info));
        }

        [TestMethod]
        public void DeviceProfileNamesWhatDidNotFit()
        {
            long now = Now.ToUnixTimeSeconds();
            var p256 = EcdsaVerifier.P256();
            var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var rootReq = new CertificateRequest("CN=Root", rootKey, HashAlgorithmName.SHA256);
            rootReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            var root = rootReq.CreateSelfSigned(Now.AddYears(-1), Now.AddYears(5));

            // An RSA-2048 intermediate: its SPKI does not fit the ECDSA profile.
            var rsaKey = RSA.Create(2048);
            var midReq = new CertificateRequest("CN=RSA Mid", rsaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            midReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            var mid = midReq.Create(root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), Now.AddYears(-1), Now.AddYears(2), new byte[] { 1, 2 }).CopyWithPrivateKey(rsaKey);
            var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var leafReq = new CertificateRequest("CN=" + Host, leafKey, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(Host);
            leafReq.CertificateExtensions.Add(san.Build());
            var leaf = leafReq.Create(mid.SubjectName, X509SignatureGenerator.CreateForRSA(rsaKey, RSASignaturePadding.Pkcs1), Now.AddDays(-1), Now.AddDays(30), new byte[] { 3, 4 });

            var device = new ChainValidator(new TrustAnchorStore(1), null, 3, p256, null, null, CertificateLimits.Device());
            Assert.AreEqual(CertStatus.Ok, device.AddTrustAnchor(root.RawData, 0, root.RawData.Length));
            Assert.AreEqual(ChainStatus.UnsupportedAlgorithm, Validate(device, Message(leaf.RawData, mid.RawData)));
            Assert.AreEqual(1, device.FailedPosition);
            Assert.AreEqual(CertStatus.SpkiTooLong, device.CertificateError);
            var rsaDevice = new ChainValidator(new TrustAnchorStore(1), null, 3, p256, null, new RsaVerifier(), CertificateLimits.DeviceWithRsa2048());
            rsaDevice.AddTrustAnchor(root.RawData, 0, root.RawData.Length);
            Assert.AreEqual(ChainStatus.Ok, Validate(rsaDevice, Message(leaf.RawData, mid.RawData)), "the RSA-2048 profile takes it");

            // ecdsa-with-SHA512: no SHA-512 on the ECDSA profile (MaxDigestLength 48).
            var leaf512Req = new CertificateRequest("CN=" + Host, leafKey, HashAlgorithmName.SHA512);
            leaf512Req.CertificateExtensions.Add(san.Build());
            var leaf512 = leaf512Req.Create(root, Now.AddDays(-1), Now.AddDays(30), new byte[] { 5, 6 });
            Assert.AreEqual(ChainStatus.UnsupportedAlgorithm, Validate(device, Message(leaf512.RawData)));
            Assert.AreEqual(0, device.FailedPosition);
            var defaults = new ChainValidator(new TrustAnchorStore(1), null, 3, p256, null, null);
            defaults.AddTrustAnchor(root.RawData, 0, root.RawData.Length);
            Assert.AreEqual(ChainStatus.Ok, Validate(defaults, Message(leaf512.RawData)), "default limits compute SHA-512");
        }

        [TestMethod]
        public void MutatedChainsOnTheDeviceProfileNeverThrowNorAllocate()
        {
            Pki pki = P256Chain();
            var p256 = EcdsaVerifier.P256();
            ChainValidator v = DeviceValidator(p256, pki, true);
            byte[] message = pki.Message;
            var buffer = new byte[message.Length];
            var rng = new Random(4049);
            int ok = 0;
            long allocated = Allocations.Measure(() =>
            {
                for (int i = 0; i < 300; i++)
                {
                    int n = message.Length;
                    Array.Copy(message, buffer, n);
                    switch (rng.Next(3))
                    {
                        case 0: buffer[rng.Next(n)] ^= (byte)(1 << rng.Next(8)); break;
                        case 1: buffer[rng.Next(n)] = (byte)rng.Next(256); break;
                        default: n = rng.Next(n); break;
                    }
                    v.Begin(Host, Now.ToUnixTimeSeconds());
                    int at = 0;
                    ChainStatus s = ChainStatus.InProgress;
                    while (at < n && s == ChainStatus.InProgress)
                    {
                        int k = Math.Min(n - at, 1 + rng.Next(200));
                        s = v.Feed(buffer, at, k);
                        at += k;
                    }
                    if ((s == ChainStatus.InProgress ? v.Finish() : s) == ChainStatus.Ok)
                    {
                        ok++;
                    }
                }
            });
            Assert.AreEqual(0L, allocated, "0 bytes for 3,300 mutated chains");
            Console.WriteLine(ok + " of 3300 mutated chains still valid (bit flips in unsigned places)");
        }
    }
}
