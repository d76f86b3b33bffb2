using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Tls.X509;

namespace NanoStack.Host.Tests.X509
{
    /// <summary>
    /// Certificates rebuilt from a stored one with exactly one rule broken (the signature is not
    /// re-made: the parser does not verify it). Each must give its own status, the same in 1-byte
    /// chunks as whole.
    /// </summary>
    [TestClass]
    public class CertificateViolationTests
    {
        // ---- a tiny DER builder (minimal lengths) and raw splicing ----

        private static byte[] Tlv(int tag, params byte[][] content)
        {
            byte[] c = content.SelectMany(x => x).ToArray();
            var r = new List<byte> { (byte)tag };
            if (c.Length < 0x80)
            {
                r.Add((byte)c.Length);
            }
            else if (c.Length < 0x100)
            {
                r.Add(0x81);
                r.Add((byte)c.Length);
            }
            else
            {
                r.Add(0x82);
                r.Add((byte)(c.Length >> 8));
                r.Add((byte)c.Length);
            }
            r.AddRange(c);
            return r.ToArray();
        }

        private static byte[] H(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

        private static byte[] Oid(byte[] content) => Tlv(0x06, content);

        private static byte[] Ext(byte[] oid, bool? critical, byte[] value) =>
            Tlv(0x30, Oid(oid), critical.HasValue ? Tlv(0x01, new[] { critical.Value ? (byte)0xFF : (byte)0x00 }) : Array.Empty<byte>(), Tlv(0x04, value));

        private sealed class Cert
        {
            public List<byte[]> Tbs = new List<byte[]>();
            public List<byte[]> Extensions = new List<byte[]>();
            public byte[] Alg;
            public byte[] Sig;

            // Indices of tbs elements of a v3 certificate.
            public const int Version = 0, Serial = 1, Signature = 2, Issuer = 3, Validity = 4, Subject = 5, Spki = 6;

            public static Cert Load(string name)
            {
                byte[] der = CertificateParserHostTests.Load(name);
                var c = new Cert();
                var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
                var tbs = outer.ReadSequence();
                while (tbs.HasData)
                {
                    byte[] e = tbs.ReadEncodedValue().ToArray();
                    if (e[0] == 0xA3)
                    {
                        var exts = new AsnReader(e, AsnEncodingRules.DER).ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 3)).ReadSequence();
                        while (exts.HasData)
                        {
                            c.Extensions.Add(exts.ReadEncodedValue().ToArray());
                        }
                    }
                    else
                    {
                        c.Tbs.Add(e);
                    }
                }
                c.Alg = outer.ReadEncodedValue().ToArray();
                c.Sig = outer.ReadEncodedValue().ToArray();
                return c;
            }

            public byte[] Build(byte[] rawExtensions = null)
            {
                var parts = new List<byte[]>(Tbs);
                if (rawExtensions != null)
                {
                    parts.Add(rawExtensions);
                }
                else if (Extensions.Count > 0)
                {
                    parts.Add(Tlv(0xA3, Tlv(0x30, Extensions.ToArray())));
                }
                return Tlv(0x30, Tlv(0x30, parts.ToArray()), Alg, Sig);
            }
        }

        private static int IndexOfExtension(Cert c, byte[] oid) =>
            c.Extensions.FindIndex(e => e.AsSpan(2, oid.Length + 2).SequenceEqual(Oid(oid)) || e.AsSpan(3, Math.Min(oid.Length + 2, e.Length - 3)).SequenceEqual(Oid(oid)));

        private static void Expect(byte[] der, CertStatus expected, DerStatus derError = DerStatus.Ok, string what = "")
        {
            var info = new CertificateInfo();
            var parser = new CertificateParser(info);
            parser.Feed(der, 0, der.Length);
            CertStatus s = parser.Finish();
            Assert.AreEqual(expected, s, what);
            if (expected == CertStatus.Malformed)
            {
                Assert.AreEqual(derError, parser.DerError, what);
            }
            string whole = CertificateOracle.Describe(s, info) + parser.DerError;
            parser.Reset();
            for (int i = 0; i < der.Length && parser.Status == CertStatus.InProgress; i++)
            {
                parser.Feed(der, i, 1);
            }
            CertStatus s1 = parser.Finish();
            Assert.AreEqual(whole, CertificateOracle.Describe(s1, info) + parser.DerError, what + " (1-byte chunks)");
        }

        [TestMethod]
        public void RebuildingWithoutChangeGivesTheOriginal()
        {
            foreach (string name in CertificateParserHostTests.StoredNames)
            {
                CollectionAssert.AreEqual(CertificateParserHostTests.Load(name), Cert.Load(name).Build(), name);
            }
        }

        [TestMethod]
        public void LengthAndIntegerEncodings()
        {
            Cert c = Cert.Load("leaf_p256");
            byte[] serial = c.Tbs[Cert.Serial];          // 02 02 20 03
            c.Tbs[Cert.Serial] = new byte[] { 0x02, 0x81, 0x02, serial[2], serial[3] };
            Expect(c.Build(), CertStatus.Malformed, DerStatus.NonMinimal, "0x81 for a length < 128");
            c.Tbs[Cert.Serial] = new byte[] { 0x02, 0x82, 0x00, 0x02, serial[2], serial[3] };
            Expect(c.Build(), CertStatus.Malformed, DerStatus.NonMinimal, "leading zero length octet");
            c.Tbs[Cert.Serial] = new byte[] { 0x02, 0x03, 0x00, serial[2], serial[3] };
            Expect(c.Build(), CertStatus.Malformed, DerStatus.NonMinimal, "superfluous 00 in the serial");
            c.Tbs[Cert.Serial] = H("0200");
            Expect(c.Build(), CertStatus.Malformed, DerStatus.BadValue, "empty INTEGER");
            c.Tbs[Cert.Serial] = Tlv(0x02, Enumerable.Repeat((byte)0x11, 33).ToArray());
            Expect(c.Build(), CertStatus.SerialTooLong, what: "33-octet serial");
            c.Tbs[Cert.Serial] = Tlv(0x02, Enumerable.Repeat((byte)0x11, 32).ToArray());
            Expect(c.Build(), CertStatus.Ok, what: "32-octet serial is accepted");
            c.Tbs[Cert.Serial] = H("0201FF");
            Expect(c.Build(), CertStatus.Ok, what: "negative serial is kept");
            c.Tbs[Cert.Serial] = serial;

            byte[] validity = c.Tbs[Cert.Validity];
            c.Tbs[Cert.Validity] = new byte[] { 0x30, 0x80 }.Concat(validity.Skip(2)).Concat(new byte[] { 0, 0 }).ToArray();
            Expect(c.Build(), CertStatus.Malformed, DerStatus.Indefinite, "indefinite length");
            c.Tbs[Cert.Validity] = new byte[] { 0x30, (byte)(validity[1] + 1) }.Concat(validity.Skip(2)).ToArray();
            Expect(c.Build(), CertStatus.Malformed, DerStatus.BadLength, "an element longer than its parent");
            c.Tbs[Cert.Validity] = new byte[] { 0x30, (byte)(validity[1] - 1) }.Concat(validity.Skip(2).Take(validity.Length - 3)).ToArray();
            Expect(c.Build(), CertStatus.Malformed, DerStatus.BadLength, "the last child runs past its parent");
        }

        [TestMethod]
        public void Times()
        {
            Cert c = Cert.Load("leaf_p256");
            byte[] utc = Tlv(0x17, System.Text.Encoding.ASCII.GetBytes("250101000000Z"));
            void V(byte[] nb, byte[] na, CertStatus s, string what, DerStatus d = DerStatus.Ok)
            {
                c.Tbs[Cert.Validity] = Tlv(0x30, nb, na);
                Expect(c.Build(), s, d, what);
            }
            V(utc, Tlv(0x18, System.Text.Encoding.ASCII.GetBytes("20510101000000Z")), CertStatus.Ok, "GeneralizedTime");
            V(utc, Tlv(0x18, System.Text.Encoding.ASCII.GetBytes("20510101000000.5Z")), CertStatus.BadTime, "fraction");
            V(utc, Tlv(0x17, System.Text.Encoding.ASCII.GetBytes("2501010000Z")), CertStatus.BadTime, "no seconds");
            V(utc, Tlv(0x17, System.Text.Encoding.ASCII.GetBytes("250101000000+0100")), CertStatus.BadTime, "offset");
            V(utc, Tlv(0x17, System.Text.Encoding.ASCII.GetBytes("20510101000000Z")), CertStatus.BadTime, "GeneralizedTime form under UTCTime");
            V(utc, Tlv(0x18, System.Text.Encoding.ASCII.GetBytes("510101000000Z")), CertStatus.BadTime, "UTCTime form under GeneralizedTime");
            V(utc, Tlv(0x17, System.Text.Encoding.ASCII.GetBytes("250230000000Z")), CertStatus.BadTime, "30 February");
            V(utc, Tlv(0x04, System.Text.Encoding.ASCII.GetBytes("250101000000Z")), CertStatus.Malformed, "not a Time", DerStatus.BadTag);
            c.Tbs[Cert.Validity] = Tlv(0x30, utc);
            Expect(c.Build(), CertStatus.MissingField, what: "one time only");
            c.Tbs[Cert.Validity] = Tlv(0x30, utc, utc, utc);
            Expect(c.Build(), CertStatus.Malformed, DerStatus.BadTag, "three times");
        }

        [TestMethod]
        public void VersionAndLayout()
        {
            Cert c = Cert.Load("leaf_p256");
            c.Tbs.RemoveAt(Cert.Version);
            Expect(c.Build(), CertStatus.BadVersion, what: "v1 (no version) with extensions");
            Expect(c.Build(Array.Empty<byte>()), CertStatus.Ok, what: "v1 without extensions");
            c = Cert.Load("leaf_p256");
            c.Tbs[Cert.Version] = H("A003020101");
            Expect(c.Build(), CertStatus.BadVersion, what: "v2 with extensions");
            c.Tbs[Cert.Version] = H("A003020103");
            Expect(c.Build(), CertStatus.BadVersion, what: "version 4");
            c.Tbs[Cert.Version] = H("A00402020002");
            Expect(c.Build(), CertStatus.Malformed, DerStatus.NonMinimal, "version non-minimal");
            c = Cert.Load("leaf_p256");
            c.Tbs.RemoveAt(Cert.Subject);
            Expect(c.Build(), CertStatus.Malformed, DerStatus.BadTag, "subject missing");
            c = Cert.Load("leaf_p256");
            c.Tbs.Add(H("0500"));
            Expect(c.Build(), CertStatus.Malformed, DerStatus.BadTag, "junk after the extensions");
            c = Cert.Load("leaf_p256");
            c.Tbs.Insert(Cert.Spki + 1, H("8102003F"));
            Expect(c.Build(), CertStatus.Ok, what: "issuerUniqueID in v3");
            c.Alg = c.Alg.Concat(new byte[] { 0x00 }).ToArray();
            Expect(c.Build(), CertStatus.Malformed, DerStatus.BadTag, "trailing byte after the outer SEQUENCE content... as an element");
        }

        [TestMethod]
        public void Names()
        {
            Cert c = Cert.Load("leaf_p256");
            c.Tbs[Cert.Issuer] = Tlv(0x30, Tlv(0x31, Tlv(0x30, Oid(H("550403")), Tlv(0x0C, new byte[600]))));
            Expect(c.Build(), CertStatus.NameTooLong, what: "issuer of 600+ bytes");
            c.Tbs[Cert.Issuer] = Tlv(0x30, Tlv(0x31));
            Expect(c.Build(), CertStatus.Malformed, DerStatus.BadValue, "empty RDN");
            c.Tbs[Cert.Issuer] = Tlv(0x30, Tlv(0x30, Tlv(0x30, Oid(H("550403")), Tlv(0x0C, H("41")))));
            Expect(c.Build(), CertStatus.Malformed, DerStatus.BadTag, "RDN not a SET");
            c.Tbs[Cert.Issuer] = Tlv(0x30, Tlv(0x31, Tlv(0x30, Oid(H("5580")), Tlv(0x0C, H("41")))));
            Expect(c.Build(), CertStatus.Malformed, DerStatus.BadValue, "bad attribute OID");
            c.Tbs[Cert.Issuer] = Tlv(0x30);
            Expect(c.Build(), CertStatus.Ok, what: "empty issuer name parses (path validation decides)");
        }

        [TestMethod]
        public void AlgorithmIdentifiers()
        {
            Cert c = Cert.Load("leaf_p256");
            byte[] ecdsaNull = Tlv(0x30, Oid(Oids.EcdsaWithSha256), H("0500"));
            c.Tbs[Cert.Signature] = ecdsaNull;
            c.Alg = ecdsaNull;
            Expect(c.Build(), CertStatus.BadAlgorithmParameters, what: "ECDSA with NULL parameters (RFC 5758 §3.2)");
            c = Cert.Load("leaf_p256");
            c.Alg = Tlv(0x30, Oid(Oids.EcdsaWithSha384));
            Expect(c.Build(), CertStatus.SignatureAlgorithmMismatch, what: "outer differs");

            Cert r = Cert.Load("self_rsa2048_pss");
            byte[] rsaAbsent = Tlv(0x30, Oid(Oids.Sha256WithRsa));
            r.Tbs[Cert.Signature] = rsaAbsent;
            r.Alg = rsaAbsent;
            Expect(r.Build(), CertStatus.Ok, what: "sha256WithRSAEncryption with absent parameters (RFC 4055 §5)");
            byte[] rsaBad = Tlv(0x30, Oid(Oids.Sha256WithRsa), H("020100"));
            r.Tbs[Cert.Signature] = rsaBad;
            r.Alg = rsaBad;
            Expect(r.Build(), CertStatus.Malformed, DerStatus.BadTag, "RSA with INTEGER parameters");
            byte[] pssAbsent = Tlv(0x30, Oid(Oids.RsassaPss));
            r.Tbs[Cert.Signature] = pssAbsent;
            r.Alg = pssAbsent;
            Expect(r.Build(), CertStatus.BadAlgorithmParameters, what: "PSS without parameters");
            byte[] pssDefaults = Tlv(0x30, Oid(Oids.RsassaPss), Tlv(0x30));
            r.Tbs[Cert.Signature] = pssDefaults;
            r.Alg = pssDefaults;
            var info = new CertificateInfo();
            Assert.AreEqual(CertStatus.Ok, CertificateOracle.Parse(r.Build(), info, null, 5));
            Assert.AreEqual(HashAlgorithm.Sha1, info.PssHash);
            Assert.AreEqual(HashAlgorithm.Sha1, info.PssMgfHash);
            Assert.AreEqual(20, info.PssSaltLength);
            byte[] pssTrailer2 = Tlv(0x30, Oid(Oids.RsassaPss), Tlv(0x30, Tlv(0xA3, H("020102"))));
            r.Tbs[Cert.Signature] = pssTrailer2;
            r.Alg = pssTrailer2;
            Expect(r.Build(), CertStatus.BadAlgorithmParameters, what: "PSS trailerField 2");
            byte[] pssOrder = Tlv(0x30, Oid(Oids.RsassaPss), Tlv(0x30, Tlv(0xA2, H("020120")), Tlv(0xA0, Tlv(0x30, Oid(Oids.Sha256)))));
            r.Tbs[Cert.Signature] = pssOrder;
            r.Alg = pssOrder;
            Expect(r.Build(), CertStatus.Malformed, DerStatus.BadTag, "PSS fields out of order");
            byte[] pssNegSalt = Tlv(0x30, Oid(Oids.RsassaPss), Tlv(0x30, Tlv(0xA2, H("0201FF"))));
            r.Tbs[Cert.Signature] = pssNegSalt;
            r.Alg = pssNegSalt;
            Expect(r.Build(), CertStatus.BadAlgorithmParameters, what: "PSS negative salt");
        }

        [TestMethod]
        public void PublicKeys()
        {
            Cert c = Cert.Load("leaf_p256");
            byte[] compressed = new byte[] { 0x02 }.Concat(new byte[32]).ToArray();
            c.Tbs[Cert.Spki] = Tlv(0x30, Tlv(0x30, Oid(Oids.EcPublicKey), Oid(Oids.Secp256r1)), Tlv(0x03, new byte[] { 0 }.Concat(compressed).ToArray()));
            Expect(c.Build(), CertStatus.UnsupportedKey, what: "compressed point");
            byte[] point = new byte[] { 0x04 }.Concat(new byte[64]).ToArray();
            c.Tbs[Cert.Spki] = Tlv(0x30, Tlv(0x30, Oid(Oids.EcPublicKey)), Tlv(0x03, new byte[] { 0 }.Concat(point).ToArray()));
            Expect(c.Build(), CertStatus.BadAlgorithmParameters, what: "EC key without curve");
            c.Tbs[Cert.Spki] = Tlv(0x30, Tlv(0x30, Oid(Oids.EcPublicKey), Oid(Oids.Secp256r1)), Tlv(0x03, new byte[] { 1 }.Concat(point).ToArray()));
            Expect(c.Build(), CertStatus.Malformed, DerStatus.BadValue, "unused bits in subjectPublicKey");
            c.Tbs[Cert.Spki] = Tlv(0x30, Tlv(0x30, Oid(Oids.EcPublicKey), Oid(Oids.Secp384r1)), Tlv(0x03, new byte[] { 0 }.Concat(point).ToArray()));
            Expect(c.Build(), CertStatus.UnsupportedKey, what: "P-384 with a 65-byte point");
            c.Tbs[Cert.Spki] = Tlv(0x30, Tlv(0x30, Oid(Oids.RsaEncryption), H("0500")), Tlv(0x03, H("00"), Tlv(0x30, Tlv(0x02, H("FF01")), H("020103"))));
            Expect(c.Build(), CertStatus.Malformed, DerStatus.BadValue, "negative modulus");
            c.Tbs[Cert.Spki] = Tlv(0x30, Tlv(0x30, Oid(Oids.RsaEncryption)), Tlv(0x03, H("00"), Tlv(0x30, Tlv(0x02, H("00FF01")), H("020103"))));
            Expect(c.Build(), CertStatus.BadAlgorithmParameters, what: "rsaEncryption without NULL");
            c.Tbs[Cert.Spki] = Tlv(0x30, Tlv(0x30, Oid(Oids.RsaEncryption), H("0500")), Tlv(0x03, H("00"), Tlv(0x30, Tlv(0x02, H("00FF01")))));
            Expect(c.Build(), CertStatus.MissingField, what: "RSA key without exponent");
            byte[] big = new byte[] { 0x00 }.Concat(Enumerable.Repeat((byte)0xC3, 513)).ToArray();
            c.Tbs[Cert.Spki] = Tlv(0x30, Tlv(0x30, Oid(Oids.RsaEncryption), H("0500")), Tlv(0x03, H("00"), Tlv(0x30, Tlv(0x02, big), H("020103"))));
            var info = new CertificateInfo();
            Assert.AreEqual(CertStatus.KeyTooLong, CertificateOracle.Parse(c.Build(), info, null, 13), "RSA-4104: the modulus does not fit");
            Assert.AreEqual(KeyType.Other, info.KeyType);
            Assert.AreEqual(0, info.RsaModulusLength);
            c.Tbs[Cert.Spki] = Tlv(0x30, Tlv(0x30, Oid(Oids.RsaEncryption), H("0500")), Tlv(0x03, H("00"), Tlv(0x30, Tlv(0x02, big.Skip(1).Take(512).ToArray()), H("020103"))));
            Expect(c.Build(), CertStatus.Malformed, DerStatus.BadValue, "4096-bit modulus without its sign octet is negative");
        }

        [TestMethod]
        public void Extensions()
        {
            Cert c = Cert.Load("leaf_p256");
            int san = IndexOfExtension(c, Oids.SubjectAltName);
            int ku = IndexOfExtension(c, Oids.KeyUsage);
            int bc = IndexOfExtension(c, Oids.BasicConstraints);
            int ski = IndexOfExtension(c, Oids.SubjectKeyIdentifier);
            Assert.IsTrue(san >= 0 && ku >= 0 && bc >= 0 && ski >= 0);
            byte[] unknown = Ext(H("2B0601040183B2430107"), null, H("0500"));

            Cert d = Cert.Load("leaf_p256");
            d.Extensions.Add(d.Extensions[san]);
            Expect(d.Build(), CertStatus.DuplicateExtension, what: "SAN twice");
            d = Cert.Load("leaf_p256");
            d.Extensions.Add(unknown);
            d.Extensions.Add(unknown);
            Expect(d.Build(), CertStatus.DuplicateExtension, what: "unknown extension twice");
            Expect(c.Build(H("A3023000")), CertStatus.BadExtension, what: "empty Extensions");
            Expect(c.Build(H("A300")), CertStatus.MissingField, what: "empty [3]");

            void One(int index, byte[] replacement, CertStatus s, string what, DerStatus der = DerStatus.Ok)
            {
                Cert x = Cert.Load("leaf_p256");
                x.Extensions[index] = replacement;
                Expect(x.Build(), s, der, what);
            }
            One(san, Ext(Oids.SubjectAltName, null, Tlv(0x30)), CertStatus.BadExtension, "empty SAN");
            One(san, Ext(Oids.SubjectAltName, null, Tlv(0x30, Tlv(0x87, H("0A000001FF")))), CertStatus.BadExtension, "5-byte iPAddress");
            One(san, Ext(Oids.SubjectAltName, null, Tlv(0x30, Tlv(0x82))), CertStatus.BadExtension, "empty dNSName");
            One(san, Ext(Oids.SubjectAltName, null, Tlv(0x30, Tlv(0x82, new byte[254]))), CertStatus.TooManyNames, "dNSName of 254 bytes");
            One(san, Ext(Oids.SubjectAltName, null, Tlv(0x30, Tlv(0x02, H("01")))), CertStatus.BadExtension, "universal tag in GeneralNames");
            One(san, Ext(Oids.SubjectAltName, null, Tlv(0x30, Tlv(0x82, H("61"))).Concat(H("0500")).ToArray()), CertStatus.BadExtension, "bytes after the extnValue");
            One(ku, Ext(Oids.KeyUsage, true, H("03020101")), CertStatus.Malformed, "keyUsage with a set unused bit", DerStatus.BadValue);
            One(ku, Ext(Oids.KeyUsage, true, H("030100")), CertStatus.BadExtension, "keyUsage without bits");
            One(ku, Ext(Oids.KeyUsage, true, H("03020700")), CertStatus.BadExtension, "keyUsage with no bit set");
            One(ku, Tlv(0x30, Oid(Oids.KeyUsage), H("010101"), Tlv(0x04, H("03020780"))), CertStatus.Malformed, "critical TRUE as 01", DerStatus.BadValue);
            One(bc, Ext(Oids.BasicConstraints, true, Tlv(0x30, H("010101"))), CertStatus.Malformed, "cA TRUE as 01", DerStatus.BadValue);
            One(bc, Ext(Oids.BasicConstraints, true, Tlv(0x30, H("0101FF"), H("0201FF"))), CertStatus.BadExtension, "negative pathLen");
            One(bc, Ext(Oids.BasicConstraints, true, Tlv(0x30, H("020101"), H("0101FF"))), CertStatus.BadExtension, "pathLen before cA");
            One(ski, Ext(Oids.SubjectKeyIdentifier, null, Tlv(0x04, new byte[65])), CertStatus.KeyIdTooLong, "65-byte SKI");
            One(ski, Ext(Oids.SubjectKeyIdentifier, null, Tlv(0x03, new byte[] { 0, 1 })), CertStatus.BadExtension, "SKI not an OCTET STRING");
            One(ski, Tlv(0x30, Oid(Oids.SubjectKeyIdentifier)), CertStatus.MissingField, "extension without extnValue");
            One(ski, Tlv(0x30, Oid(Oids.SubjectKeyIdentifier), Tlv(0x04, Tlv(0x04, H("01"))), H("0101FF")), CertStatus.Malformed, "critical after extnValue", DerStatus.BadTag);

            Cert many = Cert.Load("leaf_p256");
            for (int i = 0; i < 25; i++)
            {
                many.Extensions.Add(Ext(new byte[] { 0x2B, 0x06, 0x01, 0x04, 0x01, 0x83, 0xB2, 0x43, 0x02, (byte)i }, null, H("0500")));
            }
            Expect(many.Build(), CertStatus.TooManyExtensions, what: "more than 24 extensions");
        }

        [TestMethod]
        public void SignatureValue()
        {
            Cert c = Cert.Load("leaf_p256");
            c.Sig = new byte[] { c.Sig[0], c.Sig[1], 0x01 }.Concat(c.Sig.Skip(3)).ToArray();
            Expect(c.Build(), CertStatus.Malformed, DerStatus.BadValue, "unused bits in the signature");
            c.Sig = H("0300");
            Expect(c.Build(), CertStatus.Malformed, DerStatus.BadValue, "empty BIT STRING");
            c.Sig = Tlv(0x03, new byte[514]);
            Expect(c.Build(), CertStatus.SignatureTooLong, what: "513-byte signature");
            c.Sig = Tlv(0x04, new byte[3]);
            Expect(c.Build(), CertStatus.Malformed, DerStatus.BadTag, "signature not a BIT STRING");
            c = Cert.Load("leaf_p256");
            c.Sig = null;
            byte[] noSig = Tlv(0x30, Tlv(0x30, c.Tbs.Concat(new[] { Tlv(0xA3, Tlv(0x30, c.Extensions.ToArray())) }).ToArray()), c.Alg);
            Expect(noSig, CertStatus.MissingField, what: "no signatureValue");
        }
    }
}
