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
    /// <summary>Each X.690 DER rule the reader enforces, on hand-written encodings.</summary>
    [TestClass]
    public class DerReaderTests
    {
        private static DerReader R(string hex)
        {
            byte[] b = X509TestCertificates.Hex(hex);
            return new DerReader(b, 0, b.Length);
        }

        private static void Is(DerStatus expected, DerStatus actual, string what)
        {
            Assert.AreEqual((int)expected, (int)actual, what);
        }

        [TestMethod]
        public void HeaderRules()
        {
            // hex of one element, expected status of TrySkip on a top-level reader
            string[] cases =
            {
                "", "Truncated",
                "02", "Truncated",
                "0201", "Truncated",
                "020201", "Truncated",
                "0000", "BadTag",                 // end-of-contents octets
                "2000", "BadTag",                 // [UNIVERSAL 0] constructed
                "0280", "Indefinite",             // X.690 §10.1
                "02FF", "BadLength",              // reserved
                "028501000000000000", "BadLength", // more than 4 length octets
                "028480000000", "BadLength",      // beyond int.MaxValue
                "0281050102030405", "NonMinimal", // long form for < 128
                "028200810102", "NonMinimal",     // leading zero length octet
                "1F1E00", "NonMinimal",           // high form for a number < 31
                "1F801F00", "NonMinimal",         // leading 0x80 subsequent octet
                "1F8180808000", "BadTag",         // tag number above 2^21 − 1
                "1F1F00", "Ok",                   // [UNIVERSAL 31] in the high form
                "9F810000", "Ok",                 // [128] context primitive
                "0281800000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "Ok",
                "0200", "Ok",                     // TrySkip does not look at the content
            };
            for (int i = 0; i < cases.Length; i += 2)
            {
                DerReader r = R(cases[i]);
                DerStatus s = r.TrySkip();
                Assert.AreEqual(cases[i + 1], StatusName(s), cases[i]);
                if (s != DerStatus.Ok)
                {
                    Assert.AreEqual(0, r.Position, "unchanged on failure: " + cases[i]);
                }
            }
        }

        private static string StatusName(DerStatus s)
        {
            switch (s)
            {
                case DerStatus.Ok: return "Ok";
                case DerStatus.Truncated: return "Truncated";
                case DerStatus.BadTag: return "BadTag";
                case DerStatus.BadLength: return "BadLength";
                case DerStatus.NonMinimal: return "NonMinimal";
                case DerStatus.Indefinite: return "Indefinite";
                case DerStatus.BadValue: return "BadValue";
                default: return "TooDeep";
            }
        }

        [TestMethod]
        public void HighTagNumbersAreReported()
        {
            DerReader r = R("9F810000BF1F00");
            int tag;
            Is(DerStatus.Ok, r.TryPeekTag(out tag), "peek");
            Assert.AreEqual(DerTag.Context(128, false), tag);
            Assert.AreEqual(128, DerTag.NumberOf(tag));
            Is(DerStatus.Ok, r.TrySkip(), "skip");
            Is(DerStatus.Ok, r.TryPeekTag(out tag), "peek 2");
            Assert.AreEqual(DerTag.Context(31, true), tag);
            Assert.IsTrue(DerTag.IsConstructed(tag));
        }

        [TestMethod]
        public void InnerLengthsStayInsideTheirElement()
        {
            DerReader r = R("3003020201");
            DerReader inner;
            Is(DerStatus.Ok, r.TryReadSequence(out inner), "outer");
            Is(DerStatus.BadLength, inner.TrySkip(), "inner runs past the sequence");
            DerReader t = R("30030202");
            Is(DerStatus.Truncated, t.TryReadSequence(out inner), "outer truncated");
            DerReader h = R("30021F81");
            Is(DerStatus.Ok, h.TryReadSequence(out inner), "outer 2");
            Is(DerStatus.BadLength, inner.TrySkip(), "inner header runs past the sequence");
        }

        [TestMethod]
        public void Integers()
        {
            int off;
            int len;
            bool neg;
            DerReader r = R("0200");
            Is(DerStatus.BadValue, r.TryReadInteger(out off, out len, out neg), "empty");
            r = R("0202007F");
            Is(DerStatus.NonMinimal, r.TryReadInteger(out off, out len, out neg), "superfluous 00");
            r = R("0202FF80");
            Is(DerStatus.NonMinimal, r.TryReadInteger(out off, out len, out neg), "superfluous FF");
            r = R("02020080");
            Is(DerStatus.Ok, r.TryReadInteger(out off, out len, out neg), "00 80");
            Assert.AreEqual(2, off);
            Assert.AreEqual(2, len);
            Assert.IsFalse(neg);
            r = R("0202FF7F");
            Is(DerStatus.Ok, r.TryReadInteger(out off, out len, out neg), "FF 7F");
            Assert.IsTrue(neg);
            int v;
            r = R("020101");
            Is(DerStatus.Ok, r.TryReadInt32(out v), "1");
            Assert.AreEqual(1, v);
            r = R("0201FF");
            Is(DerStatus.Ok, r.TryReadInt32(out v), "-1");
            Assert.AreEqual(-1, v);
            r = R("02047FFFFFFF");
            Is(DerStatus.Ok, r.TryReadInt32(out v), "max");
            Assert.AreEqual(int.MaxValue, v);
            r = R("020480000000");
            Is(DerStatus.Ok, r.TryReadInt32(out v), "min");
            Assert.AreEqual(int.MinValue, v);
            r = R("020500FFFFFFFF");
            Is(DerStatus.BadValue, r.TryReadInt32(out v), "too big for int");
            Assert.AreEqual(0, r.Position);
            r = R("0101FF");
            Is(DerStatus.BadTag, r.TryReadInt32(out v), "not an INTEGER");
            r = R("800105");
            Is(DerStatus.Ok, r.TryReadInt32(DerTag.Context(0, false), out v), "IMPLICIT [0]");
            Assert.AreEqual(5, v);
        }

        [TestMethod]
        public void ObjectIdentifiers()
        {
            int off;
            int len;
            bool eq;
            DerReader r = R("0600");
            Is(DerStatus.BadValue, r.TryReadOid(out off, out len), "empty");
            r = R("06022A86");
            Is(DerStatus.BadValue, r.TryReadOid(out off, out len), "unterminated subidentifier");
            r = R("06032A8001");
            Is(DerStatus.NonMinimal, r.TryReadOid(out off, out len), "leading 0x80");
            r = R("06092A864886F70D01010B06032A0304");
            Is(DerStatus.Ok, r.TryReadOid(Oids.Sha256WithRsa, out eq), "sha256WithRSAEncryption");
            Assert.IsTrue(eq);
            Is(DerStatus.Ok, r.TryReadOid(Oids.Sha256WithRsa, out eq), "other");
            Assert.IsFalse(eq);
            Assert.IsFalse(r.HasData);
        }

        [TestMethod]
        public void BitStrings()
        {
            int unused;
            int off;
            int len;
            DerReader r = R("0300");
            Is(DerStatus.BadValue, r.TryReadBitString(out unused, out off, out len), "no initial octet");
            r = R("030101");
            Is(DerStatus.BadValue, r.TryReadBitString(out unused, out off, out len), "unused bits in an empty string");
            r = R("03020800");
            Is(DerStatus.BadValue, r.TryReadBitString(out unused, out off, out len), "unused > 7");
            r = R("03020101");
            Is(DerStatus.BadValue, r.TryReadBitString(out unused, out off, out len), "unused bit set");
            r = R("03020102");
            Is(DerStatus.Ok, r.TryReadBitString(out unused, out off, out len), "1 unused bit, zero");
            Assert.AreEqual(1, unused);
            Assert.AreEqual(3, off);
            Assert.AreEqual(1, len);
            r = R("030100");
            Is(DerStatus.Ok, r.TryReadBitString(out unused, out off, out len), "empty");
            Assert.AreEqual(0, len);
            r = R("2303030100");
            Is(DerStatus.BadTag, r.TryReadBitString(out unused, out off, out len), "constructed form (X.690 §10.2)");
        }

        [TestMethod]
        public void OctetStringsBooleansNulls()
        {
            int off;
            int len;
            bool b;
            DerReader r = R("0403010203");
            Is(DerStatus.Ok, r.TryReadOctetString(out off, out len), "octets");
            Assert.AreEqual(3, len);
            r = R("24050403010203");
            Is(DerStatus.BadTag, r.TryReadOctetString(out off, out len), "constructed OCTET STRING");
            r = R("010101");
            Is(DerStatus.BadValue, r.TryReadBoolean(out b), "TRUE must be FF");
            r = R("01020000");
            Is(DerStatus.BadValue, r.TryReadBoolean(out b), "two octets");
            r = R("0100");
            Is(DerStatus.BadValue, r.TryReadBoolean(out b), "empty");
            r = R("0101FF010100");
            Is(DerStatus.Ok, r.TryReadBoolean(out b), "TRUE");
            Assert.IsTrue(b);
            Is(DerStatus.Ok, r.TryReadBoolean(out b), "FALSE");
            Assert.IsFalse(b);
            r = R("050100");
            Is(DerStatus.BadValue, r.TryReadNull(), "NULL with content");
            r = R("0500");
            Is(DerStatus.Ok, r.TryReadNull(), "NULL");
        }

        [TestMethod]
        public void ExplicitAndImplicitTags()
        {
            DerReader r = R("A003020102820103");
            DerReader inner;
            int v;
            Is(DerStatus.Ok, r.TryReadExplicit(0, out inner), "[0] EXPLICIT");
            Is(DerStatus.Ok, inner.TryReadInt32(out v), "inner INTEGER");
            Assert.AreEqual(2, v);
            Assert.AreEqual(1, inner.Depth);
            Assert.IsTrue(r.IsNext(DerTag.Context(2, false)));
            Is(DerStatus.BadTag, r.TryReadExplicit(2, out inner), "[2] is primitive here");
            Is(DerStatus.Ok, r.TryReadInt32(DerTag.Context(2, false), out v), "[2] IMPLICIT INTEGER");
            Assert.AreEqual(3, v);
            Is(DerStatus.BadTag, r.TryEnterConstructed(DerTag.Integer, out inner), "a primitive tag cannot be entered");
        }

        [TestMethod]
        public void DepthIsBounded()
        {
            // 20 nested SEQUENCEs: 30 26 30 24 ... 30 00
            string hex = "";
            for (int i = 0; i < 20; i++)
            {
                int len = 2 * (19 - i);
                hex += "30" + (len < 16 ? "0" : "") + ToHexByte(len);
            }
            DerReader r = R(hex);
            DerStatus s = DerStatus.Ok;
            int depth = 0;
            while (s == DerStatus.Ok)
            {
                DerReader inner;
                s = r.TryReadSequence(out inner);
                if (s == DerStatus.Ok)
                {
                    r = inner;
                    depth++;
                }
            }
            Is(DerStatus.TooDeep, s, "depth");
            Assert.AreEqual(DerReader.MaxDepth, depth);
        }

        private static string ToHexByte(int v)
        {
            const string digits = "0123456789ABCDEF";
            string s = "";
            if (v >= 16)
            {
                s += digits[v >> 4];
            }
            return s + digits[v & 15];
        }

        [TestMethod]
        public void Times()
        {
            long t;
            DerReader r = R("170D3439313233313233353935395A");     // 491231235959Z
            Is(DerStatus.Ok, r.TryReadUtcTime(out t), "2049");
            Assert.AreEqual(2524607999L, t);
            r = R("170D3530303130313030303030305A");         // 500101000000Z
            Is(DerStatus.Ok, r.TryReadUtcTime(out t), "1950");
            Assert.AreEqual(-631152000L, t);
            r = R("180F32303530303130313030303030305A");     // 20500101000000Z
            Is(DerStatus.Ok, r.TryReadGeneralizedTime(out t), "2050");
            Assert.AreEqual(2524608000L, t);
            r = R("180F32303234303232393132333435365A");     // 20240229123456Z
            Is(DerStatus.Ok, r.TryReadTime(out t), "leap day");
            Assert.AreEqual(1709210096L, t);
            r = R("180F39393939313233313233353935395A");     // 99991231235959Z
            Is(DerStatus.Ok, r.TryReadTime(out t), "9999");
            Assert.AreEqual(253402300799L, t);
            r = R("180F30303031303130313030303030305A");     // 00010101000000Z
            Is(DerStatus.Ok, r.TryReadTime(out t), "year 1");
            Assert.AreEqual(-62135596800L, t);

            string[] bad =
            {
                "170B343931323331323335395A",               // no seconds
                "17113439313233313233353935392B30303030",   // +0000 offset
                "170D3439313233313233353935397A",           // lower-case z
                "170D3233303232393030303030305A",           // 2023-02-29
                "170D3439313233313234303030305A",           // hour 24
                "170D3439313233313233353936305A",           // second 60
                "170D3439313333313233353935395A",           // month 13
                "170D3439313230303233353935395A",           // day 0
                "170D34393132333132333539352F5A",           // not a digit
                "181132303530303130313030303030302E355A",   // fractional seconds
                "180D3439313233313233353935395A",           // UTCTime form under the GeneralizedTime tag
                "180F32313030303232393030303030305A",       // 2100-02-29 (not a leap year)
            };
            for (int i = 0; i < bad.Length; i++)
            {
                r = R(bad[i]);
                Is(DerStatus.BadValue, r.TryReadTime(out t), bad[i]);
                Assert.AreEqual(0, r.Position);
            }
            r = R("0500");
            Is(DerStatus.BadTag, r.TryReadTime(out t), "not a time");
        }

        [TestMethod]
        public void ReadsACertificateSkeleton()
        {
            // Walk the stored P-256 leaf with the bounded reader: the same layout the streaming parser sees.
            byte[] der = X509TestCertificates.Hex(X509TestCertificates.LeafP256);
            DerReader r = new DerReader(der, 0, der.Length);
            DerReader cert;
            DerReader tbs;
            DerReader alg;
            DerReader version;
            Is(DerStatus.Ok, r.TryReadSequence(out cert), "Certificate");
            Assert.IsFalse(r.HasData);
            Is(DerStatus.Ok, cert.TryReadSequence(out tbs), "tbsCertificate");
            Is(DerStatus.Ok, tbs.TryReadExplicit(0, out version), "version");
            int v;
            Is(DerStatus.Ok, version.TryReadInt32(out v), "version value");
            Assert.AreEqual(2, v);
            int off;
            int len;
            bool neg;
            Is(DerStatus.Ok, tbs.TryReadInteger(out off, out len, out neg), "serial");
            Assert.AreEqual(2, len);
            Is(DerStatus.Ok, tbs.TryReadSequence(out alg), "signature");
            bool eq;
            Is(DerStatus.Ok, alg.TryReadOid(Oids.EcdsaWithSha256, out eq), "algorithm");
            Assert.IsTrue(eq);
            Is(DerStatus.Ok, tbs.TryReadEncoded(DerTag.Sequence, out off, out len), "issuer");
            DerReader validity;
            Is(DerStatus.Ok, tbs.TryReadSequence(out validity), "validity");
            long nb;
            long na;
            Is(DerStatus.Ok, validity.TryReadTime(out nb), "notBefore");
            Is(DerStatus.Ok, validity.TryReadTime(out na), "notAfter");
            Assert.AreEqual(825L * 86400, na - nb);
            Is(DerStatus.Ok, tbs.TrySkip(), "subject");
            Is(DerStatus.Ok, tbs.TrySkip(), "spki");
            Is(DerStatus.Ok, tbs.TrySkip(), "extensions");
            Assert.IsFalse(tbs.HasData);
            Is(DerStatus.Ok, cert.TrySkip(), "signatureAlgorithm");
            int unused;
            Is(DerStatus.Ok, cert.TryReadBitString(out unused, out off, out len), "signatureValue");
            Assert.IsFalse(cert.HasData);
        }
    }
}
