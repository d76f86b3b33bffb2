using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Tls.X509;

namespace NanoStack.Host.Tests.X509
{
    /// <summary>
    /// The streaming certificate parser against .NET's X509Certificate2 (an independent oracle),
    /// on the stored certificates of tests/data/x509/: every field, every chunking, every
    /// truncation, and 100,000 seeded mutations.
    /// </summary>
    [TestClass]
    public class CertificateParserHostTests
    {
        public static IEnumerable<object[]> Stored => StoredNames.Select(n => new object[] { n });

        public static readonly string[] StoredNames =
        {
            "ca_p256_pathlen1", "leaf_rsa2048", "leaf_rsa4096", "leaf_p256", "leaf_p384", "leaf_many_sans",
            "leaf_unknown_critical", "leaf_p384_expired", "self_rsa2048_pss",
        };

        public static byte[] Load(string name) => File.ReadAllBytes(TestData.PathOf("x509", name + ".der"));

        private static CertStatus ExpectedStatus(string name) =>
            name == "leaf_unknown_critical" ? CertStatus.UnknownCriticalExtension : CertStatus.Ok;

        [TestMethod]
        [DynamicData(nameof(Stored))]
        public void StoredCertificateMatchesDotNet(string name)
        {
            byte[] der = Load(name);
            var info = new CertificateInfo();
            var sink = new CertificateOracle.CollectingSink();
            CertStatus s = CertificateOracle.Parse(der, info, sink, der.Length);
            Assert.AreEqual(ExpectedStatus(name), s, name);
            CertificateOracle.AssertMatchesDotNet(der, info, sink.Bytes.ToArray(), name);
        }

        [TestMethod]
        [DynamicData(nameof(Stored))]
        public void EveryTwoWaySplitAndOneByteChunksGiveTheSameResult(string name)
        {
            byte[] der = Load(name);
            var info = new CertificateInfo();
            var sink = new CertificateOracle.CollectingSink();
            CertStatus whole = CertificateOracle.Parse(der, info, sink, der.Length);
            string expected = CertificateOracle.Describe(whole, info);
            byte[] tbs = sink.Bytes.ToArray();

            var parser = new CertificateParser(info, null);
            for (int split = 0; split <= der.Length; split++)
            {
                var s2 = new CertificateOracle.CollectingSink();
                parser.Reset(info, s2);
                // Copy the two halves to separate arrays so nothing can read across the split.
                byte[] a = der.AsSpan(0, split).ToArray();
                byte[] b = der.AsSpan(split).ToArray();
                parser.Feed(a, 0, a.Length);
                parser.Feed(b, 0, b.Length);
                CertStatus s = parser.Finish();
                Assert.AreEqual(expected, CertificateOracle.Describe(s, info), name + " split at " + split);
                CollectionAssert.AreEqual(tbs, s2.Bytes.ToArray(), name + " tbs, split at " + split);
            }

            var s1 = new CertificateOracle.CollectingSink();
            CertStatus bytewise = CertificateOracle.Parse(der, info, s1, 1);
            Assert.AreEqual(expected, CertificateOracle.Describe(bytewise, info), name + " 1-byte chunks");
            CollectionAssert.AreEqual(tbs, s1.Bytes.ToArray(), name + " tbs, 1-byte chunks");
        }

        [TestMethod]
        [DynamicData(nameof(Stored))]
        public void EveryTruncationIsReportedAsTruncated(string name)
        {
            byte[] der = Load(name);
            var info = new CertificateInfo();
            var parser = new CertificateParser(info);
            for (int n = 0; n < der.Length; n++)
            {
                parser.Reset();
                CertStatus fed = parser.Feed(der, 0, n);
                Assert.AreEqual(CertStatus.InProgress, fed, name + " prefix " + n);
                Assert.AreEqual(CertStatus.Truncated, parser.Finish(), name + " prefix " + n);
                Assert.IsFalse(info.Complete);
            }
        }

        [TestMethod]
        [DynamicData(nameof(Stored))]
        public void TrailingBytesAreReported(string name)
        {
            byte[] der = Load(name).Concat(new byte[] { 0x00 }).ToArray();
            var parser = new CertificateParser(new CertificateInfo());
            Assert.AreEqual(CertStatus.TrailingData, parser.Feed(der, 0, der.Length));
            parser.Reset();
            parser.Feed(der, 0, der.Length - 1);
            Assert.AreEqual(CertStatus.TrailingData, parser.Feed(der, der.Length - 1, 1));
        }

        [TestMethod]
        public void PortableHexCopiesEqualTheFiles()
        {
            // The portable tests embed the stored certificates as hex constants; they must stay equal.
            string source = File.ReadAllText(Path.Combine(TestData.Root, "..", "NanoStack.Tests", "Tls", "X509", "X509TestCertificates.cs"));
            foreach (string name in StoredNames)
            {
                string member = string.Concat(name.Split('_').Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
                int at = source.IndexOf("public const string " + member + " =", StringComparison.Ordinal);
                Assert.IsTrue(at >= 0, member);
                int end = source.IndexOf(';', at);
                string hex = string.Concat(System.Text.RegularExpressions.Regex.Matches(source.Substring(at, end - at), "\"([0-9a-f]*)\"").Select(m => m.Groups[1].Value));
                Assert.AreEqual(Convert.ToHexString(Load(name)).ToLowerInvariant(), hex, name);
            }
        }

        [TestMethod]
        public void ParsingAllocatesNothing()
        {
            byte[] der = Load("leaf_rsa4096");
            byte[] pss = Load("self_rsa2048_pss");
            byte[] sans = Load("leaf_many_sans");
            var info = new CertificateInfo();
            var sink = new CertificateOracle.HashingSink();
            var parser = new CertificateParser(info, sink);
            byte[] digest = new byte[32];
            long bytes = Allocations.Measure(() =>
            {
                parser.Reset();
                parser.Feed(der, 0, der.Length);
                parser.Finish();
                parser.Reset();
                for (int i = 0; i < pss.Length; i += 7)
                {
                    parser.Feed(pss, i, Math.Min(7, pss.Length - i));
                }
                parser.Finish();
                parser.Reset();
                parser.Feed(sans, 0, sans.Length);
                parser.Finish();
                sink.Hash.TryGetHashAndReset(digest, out _);
            }, 20);
            Assert.AreEqual(0L, bytes);
            Assert.AreEqual(CertStatus.Ok, parser.Status);
        }

        private static long ArrayBytes(object o)
        {
            long total = 0;
            foreach (var f in o.GetType().GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic))
            {
                if (f.GetValue(o) is Array a && (f.FieldType == typeof(byte[]) || f.FieldType == typeof(int[])))
                {
                    total += a.Length * (f.FieldType == typeof(byte[]) ? 1 : 4);
                }
            }
            return total;
        }

        [TestMethod]
        public void FixedStateIsAsDocumented()
        {
            // The figures in the doc comments of CertificateInfo and CertificateParser.
            var info = new CertificateInfo();
            var parser = new CertificateParser(info);
            Assert.AreEqual(7082L + 128L, ArrayBytes(info), "CertificateInfo arrays");
            Assert.AreEqual(9L + 64 + 96 + 512 + 2 * 24 * 4 + 3 * 10 * 4, ArrayBytes(parser), "CertificateParser arrays");
            byte[] der = Load("leaf_rsa4096");
            parser.Feed(der, 0, der.Length);
            Assert.AreEqual(CertStatus.Ok, parser.Finish());
            Assert.AreEqual(7210L, ArrayBytes(info), "nothing grows");
        }

        [TestMethod]
        public void HundredThousandMutationsNeverThrow()
        {
            byte[][] seeds = StoredNames.Select(Load).ToArray();
            var rng = new Random(0x5809);
            var info = new CertificateInfo();
            var parser = new CertificateParser(info, new CertificateOracle.CollectingSinkNoop());
            var reference = new CertificateInfo();
            var counts = new Dictionary<CertStatus, int>();
            byte[] buffer = new byte[4096];
            for (int iter = 0; iter < 100000; iter++)
            {
                byte[] seed = seeds[rng.Next(seeds.Length)];
                int len = Mutate(seed, buffer, rng);
                parser.Reset();
                int chunk = rng.Next(3) == 0 ? 1 + rng.Next(8) : len + 1;
                CertStatus s = CertStatus.InProgress;
                for (int i = 0; i < len && Open(s, info); i += chunk)
                {
                    s = parser.Feed(buffer, i, Math.Min(chunk, len - i));
                }
                s = parser.Finish();
                Assert.AreNotEqual(CertStatus.InProgress, s);
                counts[s] = counts.TryGetValue(s, out int c) ? c + 1 : 1;
                if (iter % 97 == 0)
                {
                    // Chunking never changes the outcome, even on garbage.
                    string a = CertificateOracle.Describe(s, info) + parser.DerError;
                    byte[] copy = buffer.AsSpan(0, len).ToArray();
                    var p2 = new CertificateParser(reference);
                    for (int i = 0; i < len && Open(p2.Status, reference); i++)
                    {
                        p2.Feed(copy, i, 1);
                    }
                    CertStatus s2 = p2.Finish();
                    Assert.AreEqual(a, CertificateOracle.Describe(s2, reference) + p2.DerError, "iteration " + iter);
                }
            }
            Console.WriteLine(string.Join(", ", counts.OrderBy(k => k.Key).Select(k => k.Key + "=" + k.Value)));
            Assert.IsTrue(counts.Count > 8, "the mutations reach many statuses");
        }

        // Still worth feeding: in progress, or complete (so more bytes must give TrailingData).
        private static bool Open(CertStatus s, CertificateInfo info) =>
            s == CertStatus.InProgress || (info.Complete && s != CertStatus.TrailingData);

        private static int Mutate(byte[] seed, byte[] buffer, Random rng)
        {
            int len = seed.Length;
            Array.Copy(seed, buffer, len);
            int edits = 1 + rng.Next(3);
            for (int e = 0; e < edits; e++)
            {
                int pos = rng.Next(len);
                switch (rng.Next(7))
                {
                    case 0:
                        buffer[pos] ^= (byte)(1 << rng.Next(8));
                        break;
                    case 1:
                        buffer[pos] = (byte)rng.Next(256);
                        break;
                    case 2:
                        buffer[pos] = new byte[] { 0x00, 0x7F, 0x80, 0x81, 0x82, 0x84, 0xFF, 0x1F }[rng.Next(8)];
                        break;
                    case 3:
                        if (len < buffer.Length - 8)
                        {
                            int n = 1 + rng.Next(4);
                            Array.Copy(buffer, pos, buffer, pos + n, len - pos);
                            for (int k = 0; k < n; k++)
                            {
                                buffer[pos + k] = (byte)rng.Next(256);
                            }
                            len += n;
                        }
                        break;
                    case 4:
                        {
                            int n = Math.Min(1 + rng.Next(4), len - pos);
                            Array.Copy(buffer, pos + n, buffer, pos, len - pos - n);
                            len -= n;
                        }
                        break;
                    case 5:
                        len = pos;
                        break;
                    default:
                        buffer[pos] = (byte)(buffer[pos] + (rng.Next(2) == 0 ? 1 : -1));
                        break;
                }
                if (len == 0)
                {
                    break;
                }
            }
            return len;
        }
    }
}
