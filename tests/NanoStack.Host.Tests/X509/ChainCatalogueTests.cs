using System;
using System.Collections.Generic;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Tls.X509;

namespace NanoStack.Host.Tests.X509
{
    /// <summary>
    /// A catalogue of chains made at test time with the host's X.509 builder (OpenSSL underneath
    /// on Linux), each with its expected <see cref="ChainStatus"/> and failing position, fed to
    /// the streaming validator whole, one byte at a time and in random pieces.
    /// </summary>
    [TestClass]
    public sealed class ChainCatalogueTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        private static readonly long NowSeconds = Now.ToUnixTimeSeconds();
        private const string Host = "device.test";

        private sealed class Ca
        {
            public X509Certificate2 Certificate;
            public AsymmetricAlgorithm Key;
        }

        private enum Alg { P256, P384, Rsa2048, Rsa2048Pss }

        private static CertificateRequest Request(string subject, Alg alg, out AsymmetricAlgorithm key)
        {
            switch (alg)
            {
                case Alg.P256:
                    var e = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                    key = e;
                    return new CertificateRequest(subject, e, HashAlgorithmName.SHA256);
                case Alg.P384:
                    var e3 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
                    key = e3;
                    return new CertificateRequest(subject, e3, HashAlgorithmName.SHA384);
                default:
                    var r = RSA.Create(2048);
                    key = r;
                    return new CertificateRequest(subject, r, HashAlgorithmName.SHA256, alg == Alg.Rsa2048Pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
            }
        }

        private static X509SignatureGenerator Generator(AsymmetricAlgorithm key, Alg alg)
        {
            if (key is ECDsa ec)
            {
                return X509SignatureGenerator.CreateForECDsa(ec);
            }
            return X509SignatureGenerator.CreateForRSA((RSA)key, alg == Alg.Rsa2048Pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
        }

        private static Ca Root(Alg alg = Alg.P256, string name = "CN=Catalogue Root")
        {
            var req = Request(name, alg, out var key);
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            return new Ca { Certificate = req.CreateSelfSigned(Now.AddYears(-5), Now.AddYears(10)), Key = key };
        }

        private static Ca Intermediate(Ca issuer, string name, Alg alg = Alg.P256, bool isCa = true, int pathLength = -1, bool nameConstraints = false, Alg issuerAlg = Alg.P256)
        {
            var req = Request(name, alg, out var key);
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, pathLength >= 0, Math.Max(pathLength, 0), true));
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
            if (nameConstraints)
            {
                // NameConstraints { permittedSubtrees [0] { GeneralSubtree { dNSName "test" } } }
                req.CertificateExtensions.Add(new X509Extension("2.5.29.30", Convert.FromHexString("300AA0083006820474657374"), true));
            }
            var cert = req.Create(issuer.Certificate.SubjectName, Generator(issuer.Key, issuerAlg), Now.AddYears(-2), Now.AddYears(5), Serial());
            return new Ca { Certificate = cert, Key = key };
        }

        private static byte[] Leaf(Ca issuer, Alg alg = Alg.P256, string[] dns = null, string eku = "1.3.6.1.5.5.7.3.1",
            DateTimeOffset? from = null, DateTimeOffset? to = null, bool unknownCritical = false, Alg issuerAlg = Alg.P256, byte[] serial = null)
        {
            var req = Request("CN=leaf", alg, out var key);
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(eku) }, false));
            var san = new SubjectAlternativeNameBuilder();
            foreach (string d in dns ?? new[] { Host, "*.wild.test" })
            {
                san.AddDnsName(d);
            }
            san.AddIpAddress(IPAddress.Parse("192.0.2.10"));
            req.CertificateExtensions.Add(san.Build());
            if (unknownCritical)
            {
                req.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.55555.1", new byte[] { 5, 0 }, true));
            }
            if (issuer == null)
            {
                return req.CreateSelfSigned(from ?? Now.AddDays(-10), to ?? Now.AddDays(80)).RawData;
            }
            return req.Create(issuer.Certificate.SubjectName, Generator(issuer.Key, issuerAlg), from ?? Now.AddDays(-10), to ?? Now.AddDays(80), serial ?? Serial()).RawData;
        }

        private static byte[] Serial()
        {
            var s = new byte[12];
            RandomNumberGenerator.Fill(s);
            s[0] &= 0x7F;
            s[0] |= 0x01;
            return s;
        }

        /// <summary>The TLS Certificate message body (RFC 5246 §7.4.2).</summary>
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

        private static TrustAnchorStore Anchors(params Ca[] roots)
        {
            var store = new TrustAnchorStore(4);
            foreach (Ca r in roots)
            {
                Assert.AreEqual(CertStatus.Ok, store.AddCertificate(r.Certificate.RawData, 0, r.Certificate.RawData.Length));
            }
            return store;
        }

        /// <summary>Validates in three chunkings; all must agree with the expectation.</summary>
        private static void Expect(ChainStatus expected, int position, ChainValidator v, string host, byte[] message, string what)
        {
            var random = new Random(message.Length);
            for (int mode = 0; mode < 3; mode++)
            {
                v.Begin(host, NowSeconds);
                ChainStatus s = ChainStatus.InProgress;
                int at = 0;
                while (at < message.Length && s == ChainStatus.InProgress)
                {
                    int n = mode == 0 ? message.Length : mode == 1 ? 1 : Math.Min(message.Length - at, 1 + random.Next(700));
                    s = v.Feed(message, at, n);
                    at += n;
                }
                if (s == ChainStatus.InProgress)
                {
                    s = v.Finish();
                }
                Assert.AreEqual(expected, s, what + " (chunking " + mode + ")");
                if (expected != ChainStatus.Ok)
                {
                    Assert.AreEqual(position, v.FailedPosition, what + ": position");
                }
            }
        }

        [TestMethod]
        public void GoodChainsOfEveryKeyType()
        {
            foreach (Alg alg in new[] { Alg.P256, Alg.P384, Alg.Rsa2048, Alg.Rsa2048Pss })
            {
                Ca root = Root(alg);
                Ca mid = Intermediate(root, "CN=Catalogue Intermediate", alg, issuerAlg: alg);
                byte[] leaf = Leaf(mid, alg, issuerAlg: alg);
                var v = new ChainValidator(Anchors(root));
                Expect(ChainStatus.Ok, -1, v, Host, Message(leaf, mid.Certificate.RawData), alg + " chain");
                Assert.AreEqual(2, v.CertificateCount);
                Expect(ChainStatus.Ok, -1, v, Host, Message(leaf, mid.Certificate.RawData, root.Certificate.RawData), alg + " chain with the root sent too");
            }
        }

        [TestMethod]
        public void TimeHostAndUsageFailuresNameTheCheck()
        {
            Ca root = Root();
            Ca mid = Intermediate(root, "CN=Mid");
            var v = new ChainValidator(Anchors(root));
            byte[] midDer = mid.Certificate.RawData;
            Expect(ChainStatus.Expired, 0, v, Host, Message(Leaf(mid, from: Now.AddDays(-100), to: Now.AddDays(-1)), midDer), "expired");
            Expect(ChainStatus.NotYetValid, 0, v, Host, Message(Leaf(mid, from: Now.AddDays(1), to: Now.AddDays(100)), midDer), "not yet valid");
            byte[] good = Message(Leaf(mid), midDer);
            Expect(ChainStatus.HostNameMismatch, 0, v, "other.test", good, "wrong host");
            Expect(ChainStatus.Ok, -1, v, "DEVICE.test.", good, "case and trailing dot");
            Expect(ChainStatus.Ok, -1, v, "a.wild.test", good, "wildcard, one label");
            Expect(ChainStatus.HostNameMismatch, 0, v, "a.b.wild.test", good, "wildcard never two labels");
            Expect(ChainStatus.HostNameMismatch, 0, v, "wild.test", good, "wildcard never the bare domain");
            Expect(ChainStatus.Ok, -1, v, "192.0.2.10", good, "IP address SAN");
            Expect(ChainStatus.HostNameMismatch, 0, v, "192.0.2.11", good, "other IP");
            Expect(ChainStatus.ExtendedKeyUsageNotAllowed, 0, v, Host, Message(Leaf(mid, eku: "1.3.6.1.5.5.7.3.2"), midDer), "clientAuth only");
            Expect(ChainStatus.UnknownCriticalExtension, 0, v, Host, Message(Leaf(mid, unknownCritical: true), midDer), "unknown critical extension");
        }

        [TestMethod]
        public void PathFailuresNameTheCertificate()
        {
            Ca root = Root();
            var v = new ChainValidator(Anchors(root));
            Ca mid = Intermediate(root, "CN=Mid");
            Expect(ChainStatus.MissingIssuer, 0, v, Host, Message(Leaf(mid)), "missing intermediate");

            Ca notCa = Intermediate(root, "CN=Not a CA", isCa: false);
            Expect(ChainStatus.NotCertificateAuthority, 1, v, Host, Message(Leaf(notCa), notCa.Certificate.RawData), "CA:false intermediate");

            Ca mid1 = Intermediate(root, "CN=Mid one", pathLength: 0);
            Ca mid2 = Intermediate(mid1, "CN=Mid two");
            byte[] leaf2 = Leaf(mid2);
            Expect(ChainStatus.PathLengthExceeded, 2, v, Host, Message(leaf2, mid2.Certificate.RawData, mid1.Certificate.RawData), "pathLen 0 above another CA");

            Ca okMid1 = Intermediate(root, "CN=Mid A", pathLength: 1);
            Ca okMid2 = Intermediate(okMid1, "CN=Mid B");
            byte[] leafB = Leaf(okMid2);
            Expect(ChainStatus.Ok, -1, v, Host, Message(leafB, okMid1.Certificate.RawData, okMid2.Certificate.RawData), "intermediates out of order");

            byte[] tampered = Leaf(mid);
            tampered[tampered.Length - 5] ^= 0x01; // inside the signature value
            Expect(ChainStatus.BadSignature, 0, v, Host, Message(tampered, mid.Certificate.RawData), "bad signature");

            Expect(ChainStatus.UntrustedRoot, 0, v, Host, Message(Leaf(null)), "self-signed leaf");

            Ca otherRoot = Root(name: "CN=Stranger Root");
            Ca strangerMid = Intermediate(otherRoot, "CN=Stranger Mid");
            Expect(ChainStatus.UntrustedRoot, 2, v, Host, Message(Leaf(strangerMid), strangerMid.Certificate.RawData, otherRoot.Certificate.RawData), "chain to an unknown root");

            Ca constrained = Intermediate(root, "CN=Constrained", nameConstraints: true);
            Expect(ChainStatus.NameConstraintsUnsupported, 1, v, Host, Message(Leaf(constrained), constrained.Certificate.RawData), "nameConstraints");

            Ca m3 = Intermediate(root, "CN=M3", pathLength: 5);
            Ca m4 = Intermediate(m3, "CN=M4");
            Ca m5 = Intermediate(m4, "CN=M5");
            Ca m6 = Intermediate(m5, "CN=M6");
            Expect(ChainStatus.ChainTooLong, 4, v, Host, Message(Leaf(m6), m6.Certificate.RawData, m5.Certificate.RawData, m4.Certificate.RawData, m3.Certificate.RawData), "five certificates, window of four");
        }

        [TestMethod]
        public void PinsAndDenyList()
        {
            Ca root = Root();
            Ca mid = Intermediate(root, "CN=Mid");
            byte[] leaf = Leaf(mid, serial: new byte[] { 0x42, 0x42, 0x42 });
            byte[] message = Message(leaf, mid.Certificate.RawData);
            var v = new ChainValidator(Anchors(root));
            v.AddPin(SHA256.HashData(X509CertificateLoader.LoadCertificate(leaf).PublicKey.ExportSubjectPublicKeyInfo()));
            Expect(ChainStatus.Ok, -1, v, Host, message, "leaf pinned");
            v.ClearPins();
            v.AddPin(SHA256.HashData(root.Certificate.PublicKey.ExportSubjectPublicKeyInfo()));
            Expect(ChainStatus.Ok, -1, v, Host, message, "anchor pinned");
            v.ClearPins();
            v.AddPin(SHA256.HashData(new byte[] { 1, 2, 3 }));
            Expect(ChainStatus.PinMismatch, 0, v, Host, message, "pin mismatch");

            var deny = new RevocationList(2, 2);
            deny.AddSerial(SHA256.HashData(mid.Certificate.SubjectName.RawData), new byte[] { 0x42, 0x42, 0x42 }, 0, 3);
            var d = new ChainValidator(Anchors(root), deny, ChainValidator.DefaultWindow);
            Expect(ChainStatus.Revoked, 0, d, Host, message, "deny-listed serial");
            var deny2 = new RevocationList(1, 1);
            deny2.AddKey(SHA256.HashData(mid.Certificate.PublicKey.ExportSubjectPublicKeyInfo()));
            var d2 = new ChainValidator(Anchors(root), deny2, ChainValidator.DefaultWindow);
            Expect(ChainStatus.Revoked, 1, d2, Host, message, "deny-listed intermediate key");
        }

        [TestMethod]
        public void KeyTypesWithoutAVerifierAreUnsupported()
        {
            Ca root = Root(Alg.P384);
            Ca mid = Intermediate(root, "CN=Mid", Alg.P384, issuerAlg: Alg.P384);
            var v = new ChainValidator(Anchors(root), null, 4, Tls.Crypto.EcdsaVerifier.P256(), null, null);
            Expect(ChainStatus.UnsupportedAlgorithm, 1, v, Host, Message(Leaf(mid, Alg.P256, issuerAlg: Alg.P384), mid.Certificate.RawData), "P-384 CA on a P-256-only device");
        }

        [TestMethod]
        public void EncodingErrorsAndStateAreReported()
        {
            Ca root = Root();
            var v = new ChainValidator(Anchors(root));
            v.Begin(Host, NowSeconds);
            Assert.AreEqual(ChainStatus.NoCertificate, Feed(v, new byte[] { 0, 0, 0 }));
            Assert.AreEqual(ChainStatus.BadEncoding, Feed(v, new byte[] { 0, 0, 5, 0, 0, 9, 1, 2 }), "a certificate longer than the list");
            byte[] leaf = Leaf(Intermediate(root, "CN=Mid"));
            byte[] m = Message(leaf);
            Assert.AreEqual(ChainStatus.BadEncoding, Feed(v, m[..^10]), "truncated");
            byte[] garbage = Message(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 });
            Assert.AreEqual(ChainStatus.BadCertificate, Feed(v, garbage));
            Assert.AreEqual(0, v.FailedPosition);
            Assert.AreNotEqual(CertStatus.Ok, v.CertificateError);
            Assert.AreEqual(ChainStatus.BadOcspResponse, OkThenOcsp(root), "an empty SEQUENCE is no OCSP response");
        }

        [TestMethod]
        public void BytesAfterTheListAreABadEncodingHoweverTheyAreSplit()
        {
            // Found by the seeded fuzz run (tests/data/fuzz/chain-validator): an empty
            // certificate_list followed by more bytes gave BadEncoding in one Feed but InvalidState
            // (a caller error) when the extra bytes came in a second Feed.
            byte[] input = System.IO.File.ReadAllBytes(Support.TestData.PathOf("fuzz", "chain-validator", "empty-list-then-bytes.bin"));
            var v = new ChainValidator(Anchors(Root()));
            Assert.AreEqual(ChainStatus.BadEncoding, Feed(v, input), "one Feed");
            for (int split = 1; split < input.Length; split++)
            {
                v.Begin(Host, NowSeconds);
                v.Feed(input, 0, split);
                v.Feed(input, split, input.Length - split);
                Assert.AreEqual(ChainStatus.BadEncoding, v.Finish(), "split at " + split);
            }
            byte[] whole = Message(Leaf(Intermediate(Root(), "CN=Mid")));
            v.Begin(Host, NowSeconds);
            v.Feed(whole, 0, whole.Length);
            Assert.AreEqual(ChainStatus.BadEncoding, v.Feed(new byte[] { 0 }, 0, 1), "a byte after a whole list");
            Assert.AreEqual(ChainStatus.InProgress, new ChainValidator(Anchors(Root())).Feed(new byte[0], 0, 0), "no bytes before Begin: nothing happens");
            Assert.AreEqual(ChainStatus.InvalidState, new ChainValidator(Anchors(Root())).Feed(new byte[1], 0, 1), "bytes before Begin are a caller error");
        }

        [TestMethod]
        public void PemAnchorsLoadAndValidate()
        {
            Ca root = Root();
            Ca mid = Intermediate(root, "CN=Mid");
            var store = new TrustAnchorStore(2);
            Assert.AreEqual(1, store.AddPem("junk before\n" + root.Certificate.ExportCertificatePem() + "\ntrailing"));
            Assert.AreEqual(-1, new TrustAnchorStore(1).AddPem("-----BEGIN CERTIFICATE-----\nAB$C\n-----END CERTIFICATE-----"));
            var v = new ChainValidator(store);
            Expect(ChainStatus.Ok, -1, v, Host, Message(Leaf(mid), mid.Certificate.RawData), "PEM anchor");
        }

        [TestMethod]
        public void ValidationAllocatesNothingAndReportsItsSize()
        {
            Ca root = Root();
            Ca mid = Intermediate(root, "CN=Mid");
            byte[] message = Message(Leaf(mid), mid.Certificate.RawData);
            TrustAnchorStore anchors = Anchors(root);
            var p256 = Tls.Crypto.EcdsaVerifier.P256();
            var rsa = new Tls.Crypto.RsaVerifier();
            long before = GC.GetAllocatedBytesForCurrentThread();
            var v = new ChainValidator(anchors, null, ChainValidator.DefaultWindow, p256, null, rsa);
            long size = GC.GetAllocatedBytesForCurrentThread() - before;
            long anchorBytes = GC.GetAllocatedBytesForCurrentThread();
            GC.KeepAlive(new TrustAnchorStore(4));
            anchorBytes = GC.GetAllocatedBytesForCurrentThread() - anchorBytes;
            Console.WriteLine($"ChainValidator (window 4), verifiers shared: {size} B allocated once; TrustAnchorStore(4): {anchorBytes} B");
            long allocated = Allocations.Measure(() =>
            {
                v.Begin(Host, NowSeconds);
                v.Feed(message, 0, message.Length);
                Assert.AreEqual(ChainStatus.Ok, v.Finish());
            });
            Assert.AreEqual(0L, allocated, "0 bytes per validation");
        }

        [TestMethod]
        public void TwentyThousandMutatedChainsNeverThrowNorAllocate()
        {
            Ca root = Root();
            Ca mid = Intermediate(root, "CN=Mid");
            byte[] message = Message(Leaf(mid), mid.Certificate.RawData);
            var v = new ChainValidator(Anchors(root));
            var rng = new Random(2026);
            var buffer = new byte[message.Length + 64];
            var counts = new int[Enum.GetValues<ChainStatus>().Length];
            int ok = 0;
            long allocated = Allocations.Measure(() =>
            {
                for (int i = 0; i < 2000; i++)
                {
                    int n = message.Length;
                    Array.Copy(message, buffer, n);
                    switch (rng.Next(4))
                    {
                        case 0: buffer[rng.Next(n)] ^= (byte)(1 << rng.Next(8)); break;
                        case 1: buffer[rng.Next(n)] = (byte)rng.Next(256); break;
                        case 2: n = rng.Next(n); break;
                        default: buffer[rng.Next(Math.Min(n, 12))] = (byte)rng.Next(256); break;
                    }
                    v.Begin(Host, NowSeconds);
                    int at = 0;
                    ChainStatus s = ChainStatus.InProgress;
                    while (at < n && s == ChainStatus.InProgress)
                    {
                        int k = Math.Min(n - at, 1 + rng.Next(300));
                        s = v.Feed(buffer, at, k);
                        at += k;
                    }
                    if (s == ChainStatus.InProgress)
                    {
                        s = v.Finish();
                    }
                    counts[(int)s]++;
                    if (s == ChainStatus.Ok)
                    {
                        ok++;
                    }
                }
            }, iterations: 10);
            Assert.AreEqual(0L, allocated, "no allocation per mutated chain");
            for (int i = 0; i < counts.Length; i++)
            {
                if (counts[i] > 0)
                {
                    Console.WriteLine($"{(ChainStatus)i}: {counts[i]}");
                }
            }
            Assert.IsTrue(counts[(int)ChainStatus.BadSignature] + counts[(int)ChainStatus.BadCertificate] + counts[(int)ChainStatus.BadEncoding] > 10_000, "mutations are caught");
        }

        private static ChainStatus Feed(ChainValidator v, byte[] m)
        {
            v.Begin(Host, NowSeconds);
            ChainStatus s = v.Feed(m, 0, m.Length);
            return s == ChainStatus.InProgress ? v.Finish() : s;
        }

        private static ChainStatus OkThenOcsp(Ca root)
        {
            Ca mid = Intermediate(root, "CN=Mid");
            var v = new ChainValidator(Anchors(root));
            v.EnableOcsp();
            Assert.AreEqual(ChainStatus.Ok, Feed(v, Message(Leaf(mid), mid.Certificate.RawData)));
            return v.CheckOcspResponse(new byte[] { 0x30, 0x00 }, 0, 2);
        }
    }
}
