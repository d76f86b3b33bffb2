#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Assert = NanoStack.Testing.Assert;
using CollectionAssert = NanoStack.Testing.CollectionAssert;
using OutputHelper = NanoStack.Testing.OutputHelper;
using SetupAttribute = Microsoft.VisualStudio.TestTools.UnitTesting.TestInitializeAttribute;
using CleanupAttribute = Microsoft.VisualStudio.TestTools.UnitTesting.TestCleanupAttribute;
#endif
using System;
using NanoStack.Tls.X509;

namespace NanoStack.Tests.Tls.X509
{
    /// <summary>
    /// Certificates larger than the capacities of a <see cref="CertificateLimits"/>: each gives the
    /// status that names the field, whatever the chunking, and never throws.
    /// </summary>
    [TestClass]
    public class CertificateLimitsTests
    {
        private static readonly int[] Chunks = { 1, 7, 100, 100000 };

        // Parses with every chunk size; all must agree. Returns the status.
        private static CertStatus Parse(string hex, CertificateLimits limits, out CertificateInfo info)
        {
            byte[] der = X509TestCertificates.Hex(hex);
            info = new CertificateInfo(limits);
            CertificateParser p = new CertificateParser(info, null, limits);
            CertStatus first = CertStatus.InProgress;
            for (int c = 0; c < Chunks.Length; c++)
            {
                int chunk = Chunks[c];
                p.Reset(info, null);
                for (int i = 0; i < der.Length && p.Status == CertStatus.InProgress; i += chunk)
                {
                    int n = der.Length - i < chunk ? der.Length - i : chunk;
                    p.Feed(der, i, n);
                }
                CertStatus s = p.Finish();
                if (c == 0)
                {
                    first = s;
                }
                else
                {
                    Assert.AreEqual((int)first, (int)s, "chunk " + chunk.ToString());
                }
            }
            return first;
        }

        private static void Expect(CertStatus expected, string hex, CertificateLimits limits, string what)
        {
            CertificateInfo info;
            Assert.AreEqual((int)expected, (int)Parse(hex, limits, out info), what);
        }

        [TestMethod]
        public void DeviceProfileTakesEcdsaCertificates()
        {
            CertificateInfo info;
            Assert.AreEqual((int)CertStatus.Ok, (int)Parse(X509TestCertificates.CaP256Pathlen1, CertificateLimits.Device(), out info));
            Assert.AreEqual((int)KeyType.EcP256, (int)info.KeyType);
            Assert.AreEqual(65, info.EcPointLength);
            Assert.AreEqual((int)CertStatus.Ok, (int)Parse(X509TestCertificates.LeafP256, CertificateLimits.Device(), out info));
            Assert.AreEqual((int)CertStatus.Ok, (int)Parse(X509TestCertificates.LeafP384, CertificateLimits.Device(), out info));
            Assert.AreEqual((int)KeyType.EcP384, (int)info.KeyType);
            Assert.AreEqual(97, info.EcPointLength);
            Expect(CertStatus.TooManyNames, X509TestCertificates.LeafManySans, CertificateLimits.Device(), "more SAN entries than 4");
        }

        [TestMethod]
        public void KeysThatDoNotFitAreNamed()
        {
            CertificateInfo info;
            Assert.AreEqual((int)CertStatus.SpkiTooLong, (int)Parse(X509TestCertificates.LeafRsa2048, CertificateLimits.Device(), out info), "RSA-2048 SPKI on the ECDSA profile");
            Assert.AreEqual((int)KeyType.Other, (int)info.KeyType);
            Assert.AreEqual(0, info.RsaModulusLength);
            Assert.AreEqual((int)CertStatus.Ok, (int)Parse(X509TestCertificates.LeafRsa2048, CertificateLimits.DeviceWithRsa2048(), out info));
            Assert.AreEqual(256, info.RsaModulusLength);
            Expect(CertStatus.SpkiTooLong, X509TestCertificates.LeafRsa4096, CertificateLimits.DeviceWithRsa2048(), "RSA-4096 SPKI");

            CertificateLimits l = new CertificateLimits();
            l.MaxModulusLength = 256;
            Assert.AreEqual((int)CertStatus.KeyTooLong, (int)Parse(X509TestCertificates.LeafRsa4096, l, out info), "4096-bit modulus in 256 bytes");
            Assert.AreEqual((int)KeyType.Other, (int)info.KeyType);
            l = new CertificateLimits();
            l.MaxExponentLength = 2;
            Expect(CertStatus.KeyTooLong, X509TestCertificates.LeafRsa2048, l, "exponent 65537 in 2 bytes");
            l = new CertificateLimits();
            l.MaxEcPointLength = 65;
            Assert.AreEqual((int)CertStatus.KeyTooLong, (int)Parse(X509TestCertificates.LeafP384, l, out info), "P-384 point in 65 bytes");
            Assert.AreEqual(0, info.EcPointLength);
            Expect(CertStatus.Ok, X509TestCertificates.LeafP256, l, "P-256 point in 65 bytes");
        }

        [TestMethod]
        public void FieldsThatDoNotFitAreNamed()
        {
            CertificateLimits l = new CertificateLimits();
            l.MaxNameLength = 16;
            Expect(CertStatus.NameTooLong, X509TestCertificates.LeafP256, l, "names in 16 bytes");
            l = new CertificateLimits();
            l.MaxSerialLength = 1;
            Expect(CertStatus.SerialTooLong, X509TestCertificates.CaP256Pathlen1, l, "a 2-octet serial in 1");
            l = new CertificateLimits();
            l.MaxSignatureAlgorithmLength = 8;
            Expect(CertStatus.AlgorithmIdentifierTooLong, X509TestCertificates.LeafP256, l, "ecdsa-with-SHA256 in 8 bytes");
            Expect(CertStatus.AlgorithmIdentifierTooLong, X509TestCertificates.SelfRsa2048Pss, CertificateLimits.Device(), "RSASSA-PSS on the ECDSA profile");
            l = new CertificateLimits();
            l.MaxKeyIdLength = 8;
            Expect(CertStatus.KeyIdTooLong, X509TestCertificates.CaP256Pathlen1, l, "a 20-byte key identifier in 8");
            l = new CertificateLimits();
            l.MaxSignatureLength = 32;
            Expect(CertStatus.SignatureTooLong, X509TestCertificates.LeafP256, l, "an ECDSA signature in 32 bytes");
            l = new CertificateLimits();
            l.MaxExtensions = 1;
            Expect(CertStatus.TooManyExtensions, X509TestCertificates.LeafP256, l, "one extension remembered");
            l = new CertificateLimits();
            l.ExtensionOidPoolLength = 4;
            Expect(CertStatus.TooManyExtensions, X509TestCertificates.LeafP256, l, "4 bytes of extension OIDs");
            l = new CertificateLimits();
            l.MaxNames = 0;
            l.NamePoolLength = 0;
            Expect(CertStatus.TooManyNames, X509TestCertificates.LeafP256, l, "no SAN room");
        }

        [TestMethod]
        public void ASmallParserFillsALargerInfoAndTheReverse()
        {
            // The parser's own buffers and the info's arrays are checked independently.
            CertificateLimits small = new CertificateLimits();
            small.MaxSignatureAlgorithmLength = 8;
            CertificateInfo big = new CertificateInfo();
            CertificateParser p = new CertificateParser(big, null, small);
            byte[] der = X509TestCertificates.Hex(X509TestCertificates.LeafP256);
            p.Feed(der, 0, der.Length);
            Assert.AreEqual((int)CertStatus.AlgorithmIdentifierTooLong, (int)p.Finish(), "outer AlgorithmIdentifier in the parser's 8 bytes");
            CertificateInfo device = new CertificateInfo(CertificateLimits.Device());
            p = new CertificateParser(device, null, new CertificateLimits());
            der = X509TestCertificates.Hex(X509TestCertificates.LeafRsa2048);
            p.Feed(der, 0, der.Length);
            Assert.AreEqual((int)CertStatus.SpkiTooLong, (int)p.Finish(), "a default parser into a device info");
        }

        [TestMethod]
        public void ValidateNamesTheBadValue()
        {
            CertificateLimits l = new CertificateLimits();
            l.Validate();
            CertificateLimits.Device().Validate();
            CertificateLimits.DeviceWithRsa2048().Validate();
            l.MaxNameLength = -1;
            Assert.ThrowsException(typeof(ArgumentException), () => l.Validate());
            l = new CertificateLimits();
            l.MaxDigestLength = 40;
            Assert.ThrowsException(typeof(ArgumentException), () => l.Validate());
            Assert.ThrowsException(typeof(ArgumentException), () => new CertificateInfo(l));
        }
    }
}
