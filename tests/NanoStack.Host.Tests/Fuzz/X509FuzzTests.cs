using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Host.Tests.TlsClient;
using NanoStack.Tls.Crypto;
using NanoStack.Tls.X509;

namespace NanoStack.Host.Tests.Fuzz
{
    /// <summary>
    /// Seeded mutation runs over the X.509 reader: the streaming CertificateParser fed in chunks of
    /// every size, and the ChainValidator fed whole TLS Certificate message bodies (RFC 5246
    /// §7.4.2: a 24-bit list length, then 24-bit-length-prefixed DER certificates). Seeds are the
    /// stored certificates of tests/data/x509 and chains made by CertificateRequest (ECDSA P-256
    /// and P-384, RSA-2048; basic constraints, key usage, EKU, SAN, SKI). Every input must end in a
    /// final status that is not InProgress, without an exception and without allocating.
    /// </summary>
    /// <remarks>
    /// The generated certificates carry fresh keys each run (ECDSA signatures are randomised), so
    /// the mutation stream is seeded but inputs built from them differ between runs; the stored
    /// certificates are fixed. A failing input is printed as hex so it can be kept under
    /// tests/data/fuzz/x509/.
    /// </remarks>
    [TestClass]
    public sealed class X509FuzzTests
    {
        private const int Inputs = 100_000;
        private const int Warmup = 1_000;

        private static readonly string[] StoredNames =
        {
            "ca_p256_pathlen1", "leaf_rsa2048", "leaf_rsa4096", "leaf_p256", "leaf_p384", "leaf_many_sans",
            "leaf_unknown_critical", "leaf_p384_expired", "self_rsa2048_pss",
        };

        private static readonly ServerKey[] Generated = { ServerKey.EcdsaP256, ServerKey.EcdsaP384, ServerKey.Rsa2048 };

        private static byte[] Stored(string name) => File.ReadAllBytes(TestData.PathOf("x509", name + ".der"));

        private static byte[][] CertificateSeeds()
        {
            var seeds = new List<byte[]>();
            foreach (string name in StoredNames)
            {
                seeds.Add(Stored(name));
            }
            foreach (ServerKey key in Generated)
            {
                TlsTestPki pki = TlsTestPki.For(key);
                seeds.Add(pki.Leaf.RawData);
                seeds.Add(pki.Ca.RawData);
            }
            return seeds.ToArray();
        }

        /// <summary>A Certificate message body: certificate_list with each entry length-prefixed.</summary>
        internal static byte[] CertificateBody(params byte[][] chain)
        {
            int total = 0;
            foreach (byte[] c in chain)
            {
                total += 3 + c.Length;
            }
            byte[] body = new byte[3 + total];
            Put24(body, 0, total);
            int at = 3;
            foreach (byte[] c in chain)
            {
                Put24(body, at, c.Length);
                c.CopyTo(body, at + 3);
                at += 3 + c.Length;
            }
            return body;
        }

        private static void Put24(byte[] b, int at, int v)
        {
            b[at] = (byte)(v >> 16);
            b[at + 1] = (byte)(v >> 8);
            b[at + 2] = (byte)v;
        }

        private static bool Open(CertStatus s, CertificateInfo info) =>
            s == CertStatus.InProgress || (info.Complete && s != CertStatus.TrailingData);

        [TestMethod]
        public void CertificateParser_MutatedCertificatesInChunks_EndWithAStatus()
        {
            byte[][] seeds = CertificateSeeds();
            var info = new CertificateInfo();
            var parser = new CertificateParser(info, null);
            foreach (byte[] s in seeds)
            {
                parser.Reset();
                parser.Feed(s, 0, s.Length);
                CertStatus st = parser.Finish();
                Assert.IsTrue(st == CertStatus.Ok || st == CertStatus.UnknownCriticalExtension, "seed parses: " + st);
            }
            var mutator = new Mutator(5280);
            var report = new FuzzReport("X.509 CertificateParser.Feed (chunked)", Warmup);
            byte[] scratch = new byte[4096];
            byte[][] tails = ProtocolFuzzTests.Tails(scratch.Length);
            byte[] current = null;
            int currentLength = 0;
            try
            {
                for (int i = 0; i < Inputs; i++)
                {
                    byte[] seed = seeds[mutator.Below(seeds.Length)];
                    byte[] other = seeds[mutator.Below(seeds.Length)];
                    int n = mutator.Mutate(seed, seed.Length, other, other.Length, scratch);
                    byte[] tail = tails[n];
                    int offset = ProtocolFuzzTests.ToTail(scratch, n, tail);
                    current = tail;
                    currentLength = n;
                    parser.Reset();
                    int chunk = mutator.Below(3) == 0 ? 1 + mutator.Below(8) : (mutator.Below(2) == 0 ? 1 + mutator.Below(300) : n + 1);
                    CertStatus s = CertStatus.InProgress;
                    for (int at = 0; at < n && Open(s, info); at += chunk)
                    {
                        s = parser.Feed(tail, offset + at, Math.Min(chunk, n - at));
                    }
                    s = parser.Finish();
                    ProtocolFuzzTests.Check(s != CertStatus.InProgress, "a final status");
                    ProtocolFuzzTests.Check(s != CertStatus.Ok || info.Complete, "Ok means complete");
                    ProtocolFuzzTests.Check(parser.Finish() == s, "the status is sticky");
                    report.Count(s == CertStatus.Ok, (int)s);
                }
            }
            catch (Exception e) when (!(e is AssertFailedException))
            {
                Assert.Fail("input " + Convert.ToHexString(current, current.Length - currentLength, currentLength) + " threw " + e);
            }
            report.Finish(Inputs, 0, typeof(CertStatus));
        }

        [TestMethod]
        public void ChainValidator_MutatedCertificateMessages_EndWithAStatus()
        {
            var store = new TrustAnchorStore(8);
            var seeds = new List<byte[]>();
            byte[] storedCa = Stored("ca_p256_pathlen1");
            Assert.AreEqual(CertStatus.Ok, store.AddCertificate(storedCa, 0, storedCa.Length));
            foreach (string leaf in new[] { "leaf_p256", "leaf_p384", "leaf_rsa2048", "leaf_many_sans", "leaf_unknown_critical" })
            {
                seeds.Add(CertificateBody(Stored(leaf), storedCa));
            }
            seeds.Add(CertificateBody(Stored("leaf_p384_expired")));
            foreach (ServerKey key in Generated)
            {
                TlsTestPki pki = TlsTestPki.For(key);
                byte[] ca = pki.Ca.RawData;
                Assert.AreEqual(CertStatus.Ok, store.AddCertificate(ca, 0, ca.Length));
                seeds.Add(CertificateBody(pki.Leaf.RawData, ca));
                seeds.Add(CertificateBody(pki.Leaf.RawData));
            }
            var validator = new ChainValidator(store, null, ChainValidator.DefaultWindow, EcdsaVerifier.P256(), EcdsaVerifier.P384(), new RsaVerifier());
            long now = TestClient.Now;
            validator.Begin(TlsTestPki.HostName, now);
            byte[] first = seeds[seeds.Count - 2];
            validator.Feed(first, 0, first.Length);
            Assert.AreEqual(ChainStatus.Ok, validator.Finish(), "a generated chain validates");

            var mutator = new Mutator(5246);
            var report = new FuzzReport("X.509 ChainValidator.Feed + Finish (Certificate message)", Warmup);
            byte[] scratch = new byte[12_000];
            byte[][] tails = ProtocolFuzzTests.Tails(scratch.Length);
            byte[][] all = seeds.ToArray();
            byte[] current = null;
            int currentLength = 0;
            try
            {
                for (int i = 0; i < Inputs; i++)
                {
                    byte[] seed = all[mutator.Below(all.Length)];
                    byte[] other = all[mutator.Below(all.Length)];
                    int n = mutator.Mutate(seed, seed.Length, other, other.Length, scratch);
                    byte[] tail = tails[n];
                    int offset = ProtocolFuzzTests.ToTail(scratch, n, tail);
                    current = tail;
                    currentLength = n;
                    validator.Begin((i & 1) == 0 ? TlsTestPki.HostName : "leaf-p256.example", now);
                    int chunk = mutator.Below(2) == 0 ? 1 + mutator.Below(700) : n + 1;
                    ChainStatus s = ChainStatus.InProgress;
                    for (int at = 0; at < n && s == ChainStatus.InProgress; at += chunk)
                    {
                        s = validator.Feed(tail, offset + at, Math.Min(chunk, n - at));
                    }
                    s = validator.Finish();
                    ProtocolFuzzTests.Check(s != ChainStatus.InProgress, "a final status");
                    ProtocolFuzzTests.Check(validator.Status == s, "the status is kept");
                    ProtocolFuzzTests.Check(s != ChainStatus.BadCertificate || validator.CertificateError != CertStatus.Ok, "a bad certificate says why");
                    if ((i & 7) == 0 && chunk <= n)
                    {
                        // The split never changes the outcome.
                        validator.Begin((i & 1) == 0 ? TlsTestPki.HostName : "leaf-p256.example", now);
                        ChainStatus whole = validator.Feed(tail, offset, n);
                        whole = whole == ChainStatus.InProgress ? validator.Finish() : whole;
                        ProtocolFuzzTests.Check(whole == s, "the same outcome whole and in chunks");
                    }
                    report.Count(s == ChainStatus.Ok, (int)s);
                }
            }
            catch (Exception e) when (!(e is AssertFailedException))
            {
                Assert.Fail("input " + Convert.ToHexString(current, current.Length - currentLength, currentLength) + " threw " + e);
            }
            report.Finish(Inputs, 0, typeof(ChainStatus));
        }
    }
}
