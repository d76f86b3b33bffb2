using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Tls.X509;
using HashAlgorithm = NanoStack.Tls.X509.HashAlgorithm;

namespace NanoStack.Host.Tests.X509
{
    /// <summary>Parsing helpers and the comparison of a <see cref="CertificateInfo"/> with .NET's X509Certificate2.</summary>
    internal static class CertificateOracle
    {
        /// <summary>Collects the tbs bytes the parser streams.</summary>
        public sealed class CollectingSink : ITbsSink
        {
            public readonly List<byte> Bytes = new List<byte>();

            public void Update(byte[] data, int offset, int count)
            {
                for (int i = 0; i < count; i++)
                {
                    Bytes.Add(data[offset + i]);
                }
            }
        }

        /// <summary>Ignores the bytes.</summary>
        public sealed class CollectingSinkNoop : ITbsSink
        {
            public void Update(byte[] data, int offset, int count)
            {
            }
        }

        /// <summary>A sink that hashes with SHA-256 (no allocation per call).</summary>
        public sealed class HashingSink : ITbsSink
        {
            public readonly IncrementalHash Hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

            public void Update(byte[] data, int offset, int count)
            {
                Hash.AppendData(data, offset, count);
            }
        }

        public static CertStatus Parse(byte[] der, CertificateInfo info, ITbsSink sink, int chunk)
        {
            var parser = new CertificateParser(info, sink);
            CertStatus s = CertStatus.InProgress;
            for (int i = 0; i < der.Length && s == CertStatus.InProgress; i += chunk)
            {
                s = parser.Feed(der, i, Math.Min(chunk, der.Length - i));
            }
            return parser.Finish();
        }

        /// <summary>A readable fingerprint of every parsed field, to compare parses of one certificate.</summary>
        public static string Describe(CertStatus status, CertificateInfo i)
        {
            string Hex(byte[] b, int n) => Convert.ToHexString(b, 0, n);
            var sans = new List<string>();
            for (int k = 0; k < i.SanCount; k++)
            {
                sans.Add(i.GetSanType(k) + ":" + Convert.ToHexString(i.SanPool, i.SanOffset[k], i.SanLength[k]));
            }
            return string.Join("|", new object[]
            {
                status, i.Complete, i.Version, Hex(i.Serial, i.SerialLength), i.SerialNegative, i.SignatureAlgorithm,
                Hex(i.SignatureAlgorithmDer, i.SignatureAlgorithmDerLength), i.PssHash, i.PssMgfHash, i.PssSaltLength,
                Hex(i.Issuer, i.IssuerLength), Hex(i.Subject, i.SubjectLength), i.NotBefore, i.NotAfter, i.KeyType,
                Hex(i.Spki, i.SpkiLength), Hex(i.RsaModulus, i.RsaModulusLength), Hex(i.RsaExponent, i.RsaExponentLength),
                Hex(i.EcPoint, i.EcPointLength), i.HasBasicConstraints, i.IsCA, i.PathLenConstraint, i.HasKeyUsage, i.KeyUsage,
                i.HasExtendedKeyUsage, i.EkuServerAuth, i.EkuAny, i.HasSubjectAltName, string.Join(",", sans), i.SanOverflow,
                i.SanHasOtherNames, i.HasNameConstraints, i.HasSubjectKeyId, Hex(i.SubjectKeyId, i.SubjectKeyIdLength),
                i.HasAuthorityKeyId, Hex(i.AuthorityKeyId, i.AuthorityKeyIdLength), i.HasUnknownCriticalExtension,
                i.ExtensionCount, Hex(i.SignatureValue, i.SignatureValueLength), i.TbsOffset, i.TbsLength, i.CertificateLength,
            });
        }

        private static byte[] Slice(byte[] b, int n) => b.AsSpan(0, n).ToArray();

        private static long Unix(DateTime t) => new DateTimeOffset(t.ToUniversalTime()).ToUnixTimeSeconds();

        /// <summary>Checks every field against X509Certificate2 / AsnReader on the same bytes.</summary>
        public static void AssertMatchesDotNet(byte[] der, CertificateInfo info, byte[] tbsStreamed, string name)
        {
            using X509Certificate2 c = X509CertificateLoader.LoadCertificate(der);
            Assert.IsTrue(info.Complete, name + ": complete");
            Assert.AreEqual(c.Version, info.Version, name + ": version");
            Assert.AreEqual(c.SerialNumber, Convert.ToHexString(info.Serial, 0, info.SerialLength), name + ": serial");
            CollectionAssert.AreEqual(c.IssuerName.RawData, Slice(info.Issuer, info.IssuerLength), name + ": issuer");
            CollectionAssert.AreEqual(c.SubjectName.RawData, Slice(info.Subject, info.SubjectLength), name + ": subject");
            Assert.AreEqual(Unix(c.NotBefore), info.NotBefore, name + ": notBefore");
            Assert.AreEqual(Unix(c.NotAfter), info.NotAfter, name + ": notAfter");

            // Outer structure through AsnReader: tbs, signatureAlgorithm, signatureValue.
            var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            ReadOnlyMemory<byte> tbs = outer.ReadEncodedValue();
            ReadOnlyMemory<byte> alg = outer.ReadEncodedValue();
            byte[] sig = outer.ReadBitString(out int unused);
            CollectionAssert.AreEqual(tbs.ToArray(), tbsStreamed, name + ": tbs bytes");
            Assert.AreEqual(der.Length, info.CertificateLength, name + ": length");
            Assert.AreEqual(tbs.Length, info.TbsLength, name + ": tbs length");
            CollectionAssert.AreEqual(alg.ToArray(), Slice(info.SignatureAlgorithmDer, info.SignatureAlgorithmDerLength), name + ": sigalg DER");
            CollectionAssert.AreEqual(sig, Slice(info.SignatureValue, info.SignatureValueLength), name + ": signature");

            string sigOid = c.SignatureAlgorithm.Value;
            SignatureAlgorithm expected = sigOid switch
            {
                "1.2.840.113549.1.1.11" => SignatureAlgorithm.RsaPkcs1Sha256,
                "1.2.840.113549.1.1.12" => SignatureAlgorithm.RsaPkcs1Sha384,
                "1.2.840.113549.1.1.13" => SignatureAlgorithm.RsaPkcs1Sha512,
                "1.2.840.113549.1.1.10" => SignatureAlgorithm.RsaPss,
                "1.2.840.10045.4.3.2" => SignatureAlgorithm.EcdsaSha256,
                "1.2.840.10045.4.3.3" => SignatureAlgorithm.EcdsaSha384,
                "1.2.840.10045.4.3.4" => SignatureAlgorithm.EcdsaSha512,
                _ => SignatureAlgorithm.Unknown,
            };
            Assert.AreEqual(expected, info.SignatureAlgorithm, name + ": signature algorithm " + sigOid);
            if (expected == SignatureAlgorithm.RsaPss)
            {
                CheckPss(alg, info, name);
            }

            CollectionAssert.AreEqual(c.PublicKey.ExportSubjectPublicKeyInfo(), Slice(info.Spki, info.SpkiLength), name + ": SPKI");
            string keyOid = c.PublicKey.Oid.Value;
            if (keyOid == "1.2.840.113549.1.1.1")
            {
                using RSA rsa = c.GetRSAPublicKey();
                RSAParameters p = rsa.ExportParameters(false);
                if (p.Modulus.Length <= 512)
                {
                    Assert.AreEqual(KeyType.Rsa, info.KeyType, name + ": key type");
                    CollectionAssert.AreEqual(p.Modulus, Slice(info.RsaModulus, info.RsaModulusLength), name + ": modulus");
                    CollectionAssert.AreEqual(p.Exponent, Slice(info.RsaExponent, info.RsaExponentLength), name + ": exponent");
                }
                else
                {
                    Assert.AreEqual(KeyType.Other, info.KeyType, name + ": RSA above 4096 bits");
                }
            }
            else if (keyOid == "1.2.840.10045.2.1")
            {
                using ECDsa ec = c.GetECDsaPublicKey();
                ECParameters p = ec.ExportParameters(false);
                string curve = p.Curve.Oid.Value ?? p.Curve.Oid.FriendlyName;
                KeyType kt = curve == "1.2.840.10045.3.1.7" || curve == "nistP256" || curve == "ECDSA_P256" ? KeyType.EcP256
                    : curve == "1.3.132.0.34" || curve == "nistP384" || curve == "ECDSA_P384" ? KeyType.EcP384 : KeyType.Other;
                Assert.AreEqual(kt, info.KeyType, name + ": EC key type " + curve);
                if (kt != KeyType.Other)
                {
                    byte[] point = new byte[] { 4 }.Concat(p.Q.X).Concat(p.Q.Y).ToArray();
                    CollectionAssert.AreEqual(point, Slice(info.EcPoint, info.EcPointLength), name + ": EC point");
                }
            }
            else
            {
                Assert.AreEqual(KeyType.Other, info.KeyType, name + ": other key " + keyOid);
            }

            var bc = c.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
            Assert.AreEqual(bc != null, info.HasBasicConstraints, name + ": has basicConstraints");
            if (bc != null)
            {
                Assert.AreEqual(bc.CertificateAuthority, info.IsCA, name + ": cA");
                Assert.AreEqual(bc.HasPathLengthConstraint ? bc.PathLengthConstraint : -1, info.PathLenConstraint, name + ": pathLen");
            }
            var ku = c.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
            Assert.AreEqual(ku != null, info.HasKeyUsage, name + ": has keyUsage");
            if (ku != null)
            {
                Assert.AreEqual(MapKeyUsage(ku.KeyUsages), info.KeyUsage, name + ": keyUsage");
            }
            var eku = c.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
            Assert.AreEqual(eku != null, info.HasExtendedKeyUsage, name + ": has EKU");
            if (eku != null)
            {
                var oids = eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToList();
                Assert.AreEqual(oids.Contains("1.3.6.1.5.5.7.3.1"), info.EkuServerAuth, name + ": serverAuth");
                Assert.AreEqual(oids.Contains("2.5.29.37.0"), info.EkuAny, name + ": anyEKU");
            }
            var san = c.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
            Assert.AreEqual(san != null, info.HasSubjectAltName, name + ": has SAN");
            if (san != null)
            {
                var dns = san.EnumerateDnsNames().ToList();
                var ips = san.EnumerateIPAddresses().ToList();
                var ours = new List<string>();
                var ourIps = new List<string>();
                for (int k = 0; k < info.SanCount; k++)
                {
                    byte[] v = info.SanPool.AsSpan(info.SanOffset[k], info.SanLength[k]).ToArray();
                    if (info.GetSanType(k) == SanType.DnsName)
                    {
                        ours.Add(System.Text.Encoding.ASCII.GetString(v));
                    }
                    else
                    {
                        ourIps.Add(new IPAddress(v).ToString());
                    }
                }
                if (!info.SanOverflow)
                {
                    CollectionAssert.AreEqual(dns, ours, name + ": dNSNames");
                    CollectionAssert.AreEqual(ips.Select(a => a.ToString()).ToList(), ourIps, name + ": iPAddresses");
                }
                else
                {
                    Assert.AreEqual(CertificateInfo.DefaultMaxNames, info.SanCount, name + ": pool full");
                }
            }
            var ski = c.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault();
            Assert.AreEqual(ski != null, info.HasSubjectKeyId, name + ": has SKI");
            if (ski != null)
            {
                Assert.AreEqual(ski.SubjectKeyIdentifier, Convert.ToHexString(info.SubjectKeyId, 0, info.SubjectKeyIdLength), name + ": SKI");
            }
            var aki = c.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault();
            Assert.AreEqual(aki != null, info.HasAuthorityKeyId, name + ": has AKI");
            if (aki != null && aki.KeyIdentifier.HasValue)
            {
                CollectionAssert.AreEqual(aki.KeyIdentifier.Value.ToArray(), Slice(info.AuthorityKeyId, info.AuthorityKeyIdLength), name + ": AKI");
            }
            Assert.AreEqual(c.Extensions.Count, info.ExtensionCount, name + ": extension count");
            bool unknownCritical = c.Extensions.Cast<X509Extension>().Any(e => e.Critical && !Known.Contains(e.Oid.Value));
            Assert.AreEqual(unknownCritical, info.HasUnknownCriticalExtension, name + ": unknown critical");
            Assert.AreEqual(c.Extensions.Cast<X509Extension>().Any(e => e.Oid.Value == "2.5.29.30"), info.HasNameConstraints, name + ": nameConstraints");
        }

        private static readonly HashSet<string> Known = new HashSet<string>
        {
            "2.5.29.14", "2.5.29.15", "2.5.29.17", "2.5.29.19", "2.5.29.30", "2.5.29.35", "2.5.29.37",
        };

        private static void CheckPss(ReadOnlyMemory<byte> alg, CertificateInfo info, string name)
        {
            var r = new AsnReader(alg, AsnEncodingRules.DER).ReadSequence();
            r.ReadObjectIdentifier();
            var p = r.ReadSequence();
            string hash = "1.3.14.3.2.26", mgfHash = "1.3.14.3.2.26";
            int salt = 20;
            if (p.HasData && p.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                hash = p.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence().ReadObjectIdentifier();
            }
            if (p.HasData && p.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1)))
            {
                var mgf = p.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1)).ReadSequence();
                Assert.AreEqual("1.2.840.113549.1.1.8", mgf.ReadObjectIdentifier());
                mgfHash = mgf.ReadSequence().ReadObjectIdentifier();
            }
            if (p.HasData && p.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 2)))
            {
                p.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 2)).TryReadInt32(out salt);
            }
            Assert.AreEqual(MapHash(hash), info.PssHash, name + ": PSS hash");
            Assert.AreEqual(MapHash(mgfHash), info.PssMgfHash, name + ": PSS MGF1 hash");
            Assert.AreEqual(salt, info.PssSaltLength, name + ": PSS salt");
        }

        private static HashAlgorithm MapHash(string oid) => oid switch
        {
            "1.3.14.3.2.26" => HashAlgorithm.Sha1,
            "2.16.840.1.101.3.4.2.1" => HashAlgorithm.Sha256,
            "2.16.840.1.101.3.4.2.2" => HashAlgorithm.Sha384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithm.Sha512,
            _ => HashAlgorithm.Unknown,
        };

        private static int MapKeyUsage(X509KeyUsageFlags f)
        {
            int r = 0;
            if ((f & X509KeyUsageFlags.DigitalSignature) != 0) r |= KeyUsageBits.DigitalSignature;
            if ((f & X509KeyUsageFlags.NonRepudiation) != 0) r |= KeyUsageBits.NonRepudiation;
            if ((f & X509KeyUsageFlags.KeyEncipherment) != 0) r |= KeyUsageBits.KeyEncipherment;
            if ((f & X509KeyUsageFlags.DataEncipherment) != 0) r |= KeyUsageBits.DataEncipherment;
            if ((f & X509KeyUsageFlags.KeyAgreement) != 0) r |= KeyUsageBits.KeyAgreement;
            if ((f & X509KeyUsageFlags.KeyCertSign) != 0) r |= KeyUsageBits.KeyCertSign;
            if ((f & X509KeyUsageFlags.CrlSign) != 0) r |= KeyUsageBits.CrlSign;
            if ((f & X509KeyUsageFlags.EncipherOnly) != 0) r |= KeyUsageBits.EncipherOnly;
            if ((f & X509KeyUsageFlags.DecipherOnly) != 0) r |= KeyUsageBits.DecipherOnly;
            return r;
        }
    }
}
