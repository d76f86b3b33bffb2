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
using NanoStack.Tls.X509;

namespace NanoStack.Tests.Tls.X509
{
    /// <summary>The streaming certificate parser on the stored certificates (tests/data/x509/README.md).</summary>
    [TestClass]
    public class CertificateParserTests
    {
        private sealed class CountingSink : ITbsSink
        {
            public int Count;
            public int Sum;

            public void Update(byte[] data, int offset, int count)
            {
                for (int i = 0; i < count; i++)
                {
                    Sum = (Sum * 31) + data[offset + i];
                }
                Count += count;
            }
        }

        private static CertStatus Parse(string hex, CertificateInfo info, ITbsSink sink, int chunk)
        {
            byte[] der = X509TestCertificates.Hex(hex);
            CertificateParser p = new CertificateParser(info, sink);
            for (int i = 0; i < der.Length && p.Status == CertStatus.InProgress; i += chunk)
            {
                int n = der.Length - i < chunk ? der.Length - i : chunk;
                p.Feed(der, i, n);
            }
            return p.Finish();
        }

        private static string Hex(byte[] b, int offset, int count)
        {
            const string digits = "0123456789abcdef";
            char[] c = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                c[2 * i] = digits[b[offset + i] >> 4];
                c[2 * i + 1] = digits[b[offset + i] & 15];
            }
            return new string(c);
        }

        private static void IsStatus(CertStatus expected, CertStatus actual)
        {
            Assert.AreEqual((int)expected, (int)actual, "status");
        }

        [TestMethod]
        public void CaWithPathLength()
        {
            CertificateInfo info = new CertificateInfo();
            IsStatus(CertStatus.Ok, Parse(X509TestCertificates.CaP256Pathlen1, info, null, 1));
            Assert.AreEqual(3, info.Version);
            Assert.AreEqual("1001", Hex(info.Serial, 0, info.SerialLength));
            Assert.IsTrue(info.HasBasicConstraints);
            Assert.IsTrue(info.IsCA);
            Assert.AreEqual(1, info.PathLenConstraint);
            Assert.AreEqual(KeyUsageBits.KeyCertSign | KeyUsageBits.CrlSign, info.KeyUsage);
            Assert.AreEqual((int)KeyType.EcP256, (int)info.KeyType);
            Assert.AreEqual(65, info.EcPointLength);
            Assert.AreEqual((int)SignatureAlgorithm.EcdsaSha256, (int)info.SignatureAlgorithm);
            Assert.IsTrue(info.IsSelfIssued);
            Assert.IsTrue(info.HasSubjectKeyId);
            Assert.AreEqual(20, info.SubjectKeyIdLength);
        }

        [TestMethod]
        public void LeavesChainToTheCa()
        {
            CertificateInfo ca = new CertificateInfo();
            IsStatus(CertStatus.Ok, Parse(X509TestCertificates.CaP256Pathlen1, ca, null, 4096));
            string[] leaves =
            {
                X509TestCertificates.LeafRsa2048, X509TestCertificates.LeafRsa4096, X509TestCertificates.LeafP256,
                X509TestCertificates.LeafP384, X509TestCertificates.LeafManySans,
            };
            CertificateInfo leaf = new CertificateInfo();
            for (int i = 0; i < leaves.Length; i++)
            {
                IsStatus(CertStatus.Ok, Parse(leaves[i], leaf, null, 100));
                Assert.IsTrue(leaf.IssuerMatchesSubjectOf(ca), "issuer " + i);
                Assert.IsFalse(leaf.IsSelfIssued);
                Assert.IsTrue(leaf.HasBasicConstraints);
                Assert.IsFalse(leaf.IsCA);
                Assert.AreEqual(-1, leaf.PathLenConstraint);
                Assert.AreEqual(KeyUsageBits.DigitalSignature | KeyUsageBits.KeyEncipherment, leaf.KeyUsage);
                Assert.IsTrue(leaf.EkuServerAuth);
                Assert.IsFalse(leaf.EkuAny);
                Assert.IsTrue(leaf.HasAuthorityKeyId);
                Assert.AreEqual(Hex(ca.SubjectKeyId, 0, ca.SubjectKeyIdLength), Hex(leaf.AuthorityKeyId, 0, leaf.AuthorityKeyIdLength));
                Assert.AreEqual(825L * 86400, leaf.NotAfter - leaf.NotBefore);
                Assert.AreEqual((int)SignatureAlgorithm.EcdsaSha256, (int)leaf.SignatureAlgorithm);
            }
        }

        [TestMethod]
        public void RsaKeys()
        {
            CertificateInfo info = new CertificateInfo();
            IsStatus(CertStatus.Ok, Parse(X509TestCertificates.LeafRsa4096, info, null, 3));
            Assert.AreEqual((int)KeyType.Rsa, (int)info.KeyType);
            Assert.AreEqual(512, info.RsaModulusLength);
            Assert.IsTrue(info.RsaModulus[0] >= 0x80, "no sign octet kept");
            Assert.AreEqual("010001", Hex(info.RsaExponent, 0, info.RsaExponentLength));
            Assert.AreEqual("00ff2002", Hex(info.Serial, 0, info.SerialLength));
            Assert.IsFalse(info.SerialNegative);
            Assert.AreEqual(550, info.SpkiLength);
            IsStatus(CertStatus.Ok, Parse(X509TestCertificates.LeafRsa2048, info, null, 1));
            Assert.AreEqual(256, info.RsaModulusLength);
        }

        [TestMethod]
        public void EcP384AndExpiredValidity()
        {
            CertificateInfo info = new CertificateInfo();
            IsStatus(CertStatus.Ok, Parse(X509TestCertificates.LeafP384Expired, info, null, 1));
            Assert.AreEqual((int)KeyType.EcP384, (int)info.KeyType);
            Assert.AreEqual(97, info.EcPointLength);
            Assert.AreEqual(4, (int)info.EcPoint[0]);
            Assert.AreEqual((int)SignatureAlgorithm.EcdsaSha384, (int)info.SignatureAlgorithm);
            Assert.AreEqual(946684800L, info.NotBefore);   // 2000-01-01T00:00:00Z
            Assert.AreEqual(983448000L, info.NotAfter);    // 2001-03-01T12:00:00Z
        }

        [TestMethod]
        public void ManySubjectAltNames()
        {
            CertificateInfo info = new CertificateInfo();
            IsStatus(CertStatus.Ok, Parse(X509TestCertificates.LeafManySans, info, null, 1));
            Assert.IsTrue(info.HasSubjectAltName);
            Assert.IsTrue(info.SanHasOtherNames);
            Assert.IsFalse(info.SanOverflow);
            Assert.AreEqual(6, info.SanCount);
            string[] expected =
            {
                "D:many.example", "D:*.many.example", "D:www.many.example", "I:c0000207",
                "I:20010db8000000000000000000000007", "D:xn--bcher-kva.example",
            };
            for (int i = 0; i < expected.Length; i++)
            {
                string got;
                if (info.GetSanType(i) == SanType.DnsName)
                {
                    char[] c = new char[info.SanLength[i]];
                    for (int k = 0; k < c.Length; k++)
                    {
                        c[k] = (char)info.SanPool[info.SanOffset[i] + k];
                    }
                    got = "D:" + new string(c);
                }
                else
                {
                    got = "I:" + Hex(info.SanPool, info.SanOffset[i], info.SanLength[i]);
                }
                Assert.AreEqual(expected[i], got);
            }
        }

        [TestMethod]
        public void SmallNamePoolOverflows()
        {
            CertificateInfo info = new CertificateInfo(2, 64);
            IsStatus(CertStatus.TooManyNames, Parse(X509TestCertificates.LeafManySans, info, null, 7));
            Assert.IsTrue(info.Complete);
            Assert.IsTrue(info.SanOverflow);
            Assert.AreEqual(2, info.SanCount);
        }

        [TestMethod]
        public void UnknownCriticalExtensionIsReported()
        {
            CertificateInfo info = new CertificateInfo();
            IsStatus(CertStatus.UnknownCriticalExtension, Parse(X509TestCertificates.LeafUnknownCritical, info, null, 1));
            Assert.IsTrue(info.Complete);
            Assert.IsTrue(info.HasUnknownCriticalExtension);
            Assert.AreEqual(7, info.ExtensionCount);
        }

        [TestMethod]
        public void RsaPssParameters()
        {
            CertificateInfo info = new CertificateInfo();
            IsStatus(CertStatus.Ok, Parse(X509TestCertificates.SelfRsa2048Pss, info, null, 1));
            Assert.AreEqual((int)SignatureAlgorithm.RsaPss, (int)info.SignatureAlgorithm);
            Assert.AreEqual((int)HashAlgorithm.Sha256, (int)info.PssHash);
            Assert.AreEqual((int)HashAlgorithm.Sha256, (int)info.PssMgfHash);
            Assert.AreEqual(32, info.PssSaltLength);
            Assert.AreEqual(2556144000L, info.NotAfter);    // 2051-01-01, GeneralizedTime
            Assert.AreEqual(256, info.SignatureValueLength);
        }

        [TestMethod]
        public void TbsBytesGoToTheSinkWhateverTheChunking()
        {
            CertificateInfo info = new CertificateInfo();
            CountingSink whole = new CountingSink();
            IsStatus(CertStatus.Ok, Parse(X509TestCertificates.LeafRsa2048, info, whole, 100000));
            Assert.AreEqual(info.TbsLength, whole.Count);
            Assert.AreEqual(4, info.TbsOffset);
            int[] chunks = { 1, 2, 3, 5, 9, 64 };
            for (int i = 0; i < chunks.Length; i++)
            {
                CountingSink s = new CountingSink();
                IsStatus(CertStatus.Ok, Parse(X509TestCertificates.LeafRsa2048, info, s, chunks[i]));
                Assert.AreEqual(whole.Count, s.Count);
                Assert.AreEqual(whole.Sum, s.Sum);
            }
        }

        [TestMethod]
        public void TargetedViolations()
        {
            byte[] der = X509TestCertificates.Hex(X509TestCertificates.LeafP256);
            CertificateInfo info = new CertificateInfo();
            CertificateParser p = new CertificateParser(info);

            // version INTEGER 2 -> 3 (offset: 30 82 xx xx 30 82 xx xx A0 03 02 01 [02])
            Assert.AreEqual(0x02, (int)der[12]);
            IsStatus(CertStatus.BadVersion, Mutated(p, der, 12, 0x03));
            // version 2 -> 0: v1 with extensions
            IsStatus(CertStatus.BadVersion, Mutated(p, der, 12, 0x00));
            // the outer length in indefinite form
            IsStatus(CertStatus.Malformed, Mutated(p, der, 1, 0x80));
            Assert.AreEqual((int)DerStatus.Indefinite, (int)p.DerError);
            // the outer tag is not a SEQUENCE
            IsStatus(CertStatus.Malformed, Mutated(p, der, 0, 0x31));
            Assert.AreEqual((int)DerStatus.BadTag, (int)p.DerError);
            // the last byte of the outer signature algorithm OID (ecdsa-with-SHA256 -> SHA384): mismatch
            int outer = FindLast(der, Oids.EcdsaWithSha256);
            IsStatus(CertStatus.SignatureAlgorithmMismatch, Mutated(p, der, outer + Oids.EcdsaWithSha256.Length - 1, 0x03));
            // the same in tbs.signature only
            int inner = Find(der, Oids.EcdsaWithSha256);
            IsStatus(CertStatus.SignatureAlgorithmMismatch, Mutated(p, der, inner + Oids.EcdsaWithSha256.Length - 1, 0x03));
            // keyUsage id 2.5.29.15 -> 2.5.29.19 (basicConstraints again): duplicate
            int ku = Find(der, Oids.KeyUsage);
            IsStatus(CertStatus.DuplicateExtension, Mutated(p, der, ku + 2, 0x13));
            // keyUsage id -> an unknown id that is critical
            IsStatus(CertStatus.UnknownCriticalExtension, Mutated(p, der, ku + 2, 0x7F));
            // notBefore UTCTime 'Z' -> '+'
            int z = Find(der, new byte[] { 0x5A, 0x17, 0x0D });
            IsStatus(CertStatus.BadTime, Mutated(p, der, z, 0x2B));
        }

        private static CertStatus Mutated(CertificateParser p, byte[] der, int offset, byte value)
        {
            byte[] copy = new byte[der.Length];
            System.Array.Copy(der, copy, der.Length);
            copy[offset] = value;
            p.Reset();
            p.Feed(copy, 0, copy.Length);
            return p.Finish();
        }

        private static int Find(byte[] hay, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= hay.Length; i++)
            {
                if (Matches(hay, i, needle))
                {
                    return i;
                }
            }
            return -1;
        }

        private static int FindLast(byte[] hay, byte[] needle)
        {
            for (int i = hay.Length - needle.Length; i >= 0; i--)
            {
                if (Matches(hay, i, needle))
                {
                    return i;
                }
            }
            return -1;
        }

        private static bool Matches(byte[] hay, int at, byte[] needle)
        {
            for (int k = 0; k < needle.Length; k++)
            {
                if (hay[at + k] != needle[k])
                {
                    return false;
                }
            }
            return true;
        }
    }
}
