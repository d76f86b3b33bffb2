using System;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Tls.X509;

namespace NanoStack.Host.Tests.X509
{
    /// <summary>
    /// Stapled OCSP responses made by `openssl ocsp` (an independent responder) for a chain built
    /// at test time: good, revoked, signed by a delegated responder, tampered, for another
    /// certificate, stale. Times are real (openssl stamps thisUpdate with the current time).
    /// </summary>
    [TestClass]
    public sealed class OcspStaplingTests
    {
        private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

        private sealed class Pki : IDisposable
        {
            public readonly string Dir = Path.Combine(Path.GetTempPath(), "nanostack-ocsp-" + Guid.NewGuid().ToString("N")[..8]);
            public X509Certificate2 Root, Mid, Leaf, Other, Responder;
            public ECDsa MidKey, ResponderKey, OtherKey;

            public Pki()
            {
                Directory.CreateDirectory(Dir);
                using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var rootReq = new CertificateRequest("CN=OCSP Root", rootKey, HashAlgorithmName.SHA256);
                rootReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
                Root = rootReq.CreateSelfSigned(Now.AddYears(-1), Now.AddYears(5));
                MidKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var midReq = new CertificateRequest("CN=OCSP Mid", MidKey, HashAlgorithmName.SHA256);
                midReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
                Mid = midReq.Create(Root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), Now.AddYears(-1), Now.AddYears(4), new byte[] { 0x11, 0x22 });
                Leaf = Issue("CN=leaf", new byte[] { 0x01, 0x02, 0x03, 0x04 }, null);
                OtherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                Other = Issue("CN=other", new byte[] { 0x05, 0x06, 0x07, 0x08 }, OtherKey);
                ResponderKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                Responder = Issue("CN=OCSP Responder", new byte[] { 0x09, 0x0A }, ResponderKey, "1.3.6.1.5.5.7.3.9");
                Write("mid.pem", Mid.ExportCertificatePem());
                Write("mid.key", MidKey.ExportPkcs8PrivateKeyPem());
                Write("leaf.pem", Leaf.ExportCertificatePem());
                Write("other.pem", Other.ExportCertificatePem());
                Write("other.key", OtherKey.ExportPkcs8PrivateKeyPem());
                Write("responder.pem", Responder.ExportCertificatePem());
                Write("responder.key", ResponderKey.ExportPkcs8PrivateKeyPem());
            }

            private X509Certificate2 Issue(string subject, byte[] serial, ECDsa key, string eku = "1.3.6.1.5.5.7.3.1")
            {
                key ??= ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var req = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
                req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(eku) }, false));
                var san = new SubjectAlternativeNameBuilder();
                san.AddDnsName("device.test");
                req.CertificateExtensions.Add(san.Build());
                return req.Create(Mid.SubjectName, X509SignatureGenerator.CreateForECDsa(MidKey), Now.AddDays(-30), Now.AddDays(300), serial);
            }

            private void Write(string name, string text) => File.WriteAllText(Path.Combine(Dir, name), text);

            /// <summary>An OCSP response about <paramref name="cert"/> from the given signer.</summary>
            public byte[] Respond(string cert, bool revoked, string signer, string key, bool includeSigner = false)
            {
                string exp = Now.AddDays(300).UtcDateTime.ToString("yyMMddHHmmss") + "Z";
                string rev = revoked ? Now.AddDays(-1).UtcDateTime.ToString("yyMMddHHmmss") + "Z" : "";
                string index = (revoked ? "R" : "V") + "\t" + exp + "\t" + rev + "\t01020304\tunknown\t/CN=leaf\n"
                             + "V\t" + exp + "\t\t05060708\tunknown\t/CN=other\n";
                File.WriteAllText(Path.Combine(Dir, "index.txt"), index);
                OpenSsl.MustRun(Dir, "ocsp -issuer mid.pem -cert " + cert + " -no_nonce -reqout req.der");
                OpenSsl.MustRun(Dir, "ocsp -index index.txt -rsigner " + signer + " -rkey " + key + " -CA mid.pem -reqin req.der -respout resp.der -ndays 2" + (includeSigner ? "" : " -resp_no_certs"));
                return File.ReadAllBytes(Path.Combine(Dir, "resp.der"));
            }

            public ChainValidator ValidatedChain(long nowSeconds)
            {
                var anchors = new TrustAnchorStore(1);
                Assert.AreEqual(CertStatus.Ok, anchors.AddCertificate(Root.RawData, 0, Root.RawData.Length));
                var v = new ChainValidator(anchors);
                v.EnableOcsp();
                byte[] leaf = Leaf.RawData, mid = Mid.RawData;
                int total = 6 + leaf.Length + mid.Length;
                var m = new byte[3 + total];
                m[0] = (byte)(total >> 16); m[1] = (byte)(total >> 8); m[2] = (byte)total;
                int o = 3;
                foreach (byte[] c in new[] { leaf, mid })
                {
                    m[o] = (byte)(c.Length >> 16); m[o + 1] = (byte)(c.Length >> 8); m[o + 2] = (byte)c.Length;
                    Array.Copy(c, 0, m, o + 3, c.Length);
                    o += 3 + c.Length;
                }
                v.Begin("device.test", nowSeconds);
                v.Feed(m, 0, m.Length);
                Assert.AreEqual(ChainStatus.Ok, v.Finish());
                return v;
            }

            public void Dispose() => Directory.Delete(Dir, true);
        }

        [TestMethod]
        public void StapledResponsesAreVerified()
        {
            TestEnvironment.Require(OpenSsl.Available(), "openssl (apt package openssl) to make OCSP responses");
            using var pki = new Pki();
            long now = Now.ToUnixTimeSeconds();

            byte[] good = pki.Respond("leaf.pem", false, "mid.pem", "mid.key");
            Assert.AreEqual(ChainStatus.Ok, pki.ValidatedChain(now).CheckOcspResponse(good, 0, good.Length), "good, signed by the issuer");

            byte[] revoked = pki.Respond("leaf.pem", true, "mid.pem", "mid.key");
            ChainValidator v = pki.ValidatedChain(now);
            Assert.AreEqual(ChainStatus.OcspRevoked, v.CheckOcspResponse(revoked, 0, revoked.Length));
            Assert.AreEqual(ChainStatus.OcspRevoked, v.Status, "sticky");
            Assert.AreEqual(0, v.FailedPosition);

            byte[] delegated = pki.Respond("leaf.pem", false, "responder.pem", "responder.key", includeSigner: true);
            byte[] withoutResponderCert = pki.Respond("leaf.pem", false, "responder.pem", "responder.key");
            Assert.AreEqual(ChainStatus.BadOcspResponse, pki.ValidatedChain(now).CheckOcspResponse(withoutResponderCert, 0, withoutResponderCert.Length), "a delegated responder must send its certificate");
            Assert.AreEqual(ChainStatus.Ok, pki.ValidatedChain(now).CheckOcspResponse(delegated, 0, delegated.Length), "delegated responder with id-kp-OCSPSigning");

            byte[] other = pki.Respond("other.pem", false, "mid.pem", "mid.key");
            Assert.AreEqual(ChainStatus.BadOcspResponse, pki.ValidatedChain(now).CheckOcspResponse(other, 0, other.Length), "about another certificate");

            byte[] tampered = (byte[])good.Clone();
            tampered[tampered.Length - 10] ^= 0x01; // inside the signature (no certificates follow it)
            Assert.AreEqual(ChainStatus.BadOcspResponse, pki.ValidatedChain(now).CheckOcspResponse(tampered, 0, tampered.Length), "bad signature");

            long later = now + 3 * 24 * 3600;
            Assert.AreEqual(ChainStatus.BadOcspResponse, pki.ValidatedChain(later).CheckOcspResponse(good, 0, good.Length), "past nextUpdate");

            byte[] notAuthorised = pki.Respond("leaf.pem", false, "other.pem", "other.key", includeSigner: true);
            Assert.AreEqual(ChainStatus.BadOcspResponse, pki.ValidatedChain(now).CheckOcspResponse(notAuthorised, 0, notAuthorised.Length), "a responder without id-kp-OCSPSigning");

            for (int i = 0; i < 2000; i++)
            {
                byte[] mutated = (byte[])good.Clone();
                var rng = new Random(i);
                mutated[rng.Next(mutated.Length)] ^= (byte)(1 << rng.Next(8));
                ChainStatus s = pki.ValidatedChain(now).CheckOcspResponse(mutated, 0, rng.Next(mutated.Length + 1));
                Assert.IsTrue(s == ChainStatus.BadOcspResponse || s == ChainStatus.Ok, "mutation " + i + ": " + s);
            }
        }
    }
}
