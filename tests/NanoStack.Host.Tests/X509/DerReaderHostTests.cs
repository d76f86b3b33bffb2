using System;
using System.Formats.Asn1;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Tls.X509;

namespace NanoStack.Host.Tests.X509
{
    /// <summary>DerReader against System.Formats.Asn1 (DER rules) on random headers, and its allocation budget.</summary>
    [TestClass]
    public class DerReaderHostTests
    {
        [TestMethod]
        public void HeadersAgreeWithAsnDecoderOnRandomInput()
        {
            var rng = new Random(0xDE5);
            byte[] interesting = { 0x00, 0x01, 0x02, 0x1F, 0x30, 0x3F, 0x7F, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0xA0, 0xBF, 0xFF };
            byte[] buf = new byte[12];
            int accepted = 0;
            for (int iter = 0; iter < 100000; iter++)
            {
                int len = 1 + rng.Next(buf.Length);
                for (int i = 0; i < len; i++)
                {
                    buf[i] = rng.Next(2) == 0 ? interesting[rng.Next(interesting.Length)] : (byte)rng.Next(256);
                }
                var r = new DerReader(buf, 0, len);
                DerStatus ours = r.TryReadElement(out int tag, out int contentOffset, out int contentLength);
                bool theirs = AsnDecoder.TryReadEncodedValue(buf.AsSpan(0, len), AsnEncodingRules.DER,
                    out Asn1Tag t, out int theirOffset, out int theirLength, out int consumed);
                if (theirs && t.TagClass == TagClass.Universal && t.TagValue == 0)
                {
                    // End-of-contents: we reject tag 0 outright (it only closes indefinite forms).
                    Assert.AreEqual(DerStatus.BadTag, ours, Convert.ToHexString(buf, 0, len));
                    continue;
                }
                if (theirs && t.TagValue > DerTag.MaxNumber)
                {
                    Assert.AreEqual(DerStatus.BadTag, ours, "above our tag limit " + Convert.ToHexString(buf, 0, len));
                    continue;
                }
                Assert.AreEqual(theirs, ours == DerStatus.Ok, Convert.ToHexString(buf, 0, len) + " ours " + ours);
                if (theirs)
                {
                    accepted++;
                    Assert.AreEqual(theirOffset, contentOffset);
                    Assert.AreEqual(theirLength, contentLength);
                    Assert.AreEqual(consumed, r.Position);
                    Assert.AreEqual(t.TagValue, DerTag.NumberOf(tag));
                    Assert.AreEqual(t.IsConstructed, DerTag.IsConstructed(tag));
                    Assert.AreEqual((int)t.TagClass, DerTag.ClassOf(tag));
                }
            }
            Console.WriteLine("accepted by both: " + accepted);
            Assert.IsTrue(accepted > 1000);
        }

        [TestMethod]
        public void WalkingACertificateAllocatesNothing()
        {
            byte[] der = CertificateParserHostTests.Load("leaf_rsa4096");
            long sum = 0;
            long bytes = Allocations.Measure(() => sum += Walk(new DerReader(der, 0, der.Length)), 50);
            Assert.AreEqual(0L, bytes);
            Assert.IsTrue(sum > 0);
        }

        // Enters every constructed element and counts elements (recursion bounded by MaxDepth).
        private static int Walk(DerReader r)
        {
            int n = 0;
            while (r.HasData)
            {
                if (r.TryPeekTag(out int tag) != DerStatus.Ok)
                {
                    return -1;
                }
                if (DerTag.IsConstructed(tag))
                {
                    if (r.TryEnterConstructed(tag, out DerReader inner) != DerStatus.Ok)
                    {
                        return -1;
                    }
                    n += 1 + Walk(inner);
                }
                else if (r.TrySkip() == DerStatus.Ok)
                {
                    n++;
                }
                else
                {
                    return -1;
                }
            }
            return n;
        }
    }
}
