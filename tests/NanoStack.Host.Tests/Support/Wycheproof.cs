using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NanoStack.Host.Tests.Support
{
    /// <summary>
    /// Reads a Wycheproof vector file (tests/data/wycheproof) and keeps the per-file tally the
    /// crypto tests print: run / passed / skipped, plus every failure with its tcId.
    ///
    /// Usage: <c>var file = Wycheproof.Load("aes_gcm_test.json");</c> then for each group and test
    /// call <see cref="Pass"/>, <see cref="Fail"/> or <see cref="Skip"/> exactly once, and finish with
    /// <see cref="AssertAllPassed"/> (which prints the totals and fails listing every failure).
    /// </summary>
    public sealed class Wycheproof
    {
        private readonly List<string> _failures = new List<string>();
        private readonly Dictionary<string, int> _skipReasons = new Dictionary<string, int>();

        private Wycheproof(string name, JsonDocument doc)
        {
            Name = name;
            Document = doc;
        }

        public string Name { get; }

        public JsonDocument Document { get; }

        public int Run { get; private set; }

        public int Passed { get; private set; }

        public int Skipped { get; private set; }

        public int DeclaredTests => Document.RootElement.GetProperty("numberOfTests").GetInt32();

        public static Wycheproof Load(string fileName)
        {
            string path = TestData.PathOf("wycheproof", fileName);
            return new Wycheproof(fileName, JsonDocument.Parse(File.ReadAllBytes(path)));
        }

        /// <summary>The groups with their tests: (group, test) pairs in file order.</summary>
        public IEnumerable<(JsonElement Group, JsonElement Test)> Cases()
        {
            foreach (JsonElement group in Document.RootElement.GetProperty("testGroups").EnumerateArray())
            {
                foreach (JsonElement test in group.GetProperty("tests").EnumerateArray())
                {
                    yield return (group, test);
                }
            }
        }

        public static int Id(JsonElement test) => test.GetProperty("tcId").GetInt32();

        public static string Result(JsonElement test) => test.GetProperty("result").GetString();

        public static string[] Flags(JsonElement test) =>
            test.TryGetProperty("flags", out JsonElement f) ? f.EnumerateArray().Select(e => e.GetString()).ToArray() : Array.Empty<string>();

        public static byte[] Bytes(JsonElement element, string property) =>
            TestData.Hex(element.GetProperty(property).GetString());

        public void Pass()
        {
            Run++;
            Passed++;
        }

        public void Fail(JsonElement test, string why)
        {
            Run++;
            _failures.Add("tcId " + Id(test) + " (" + Result(test) + ", " + string.Join(",", Flags(test)) + "): " + why);
        }

        /// <summary>Counts a vector outside the supported parameters (not run).</summary>
        public void Skip(string reason)
        {
            Skipped++;
            _skipReasons[reason] = _skipReasons.TryGetValue(reason, out int n) ? n + 1 : 1;
        }

        /// <summary>
        /// Checks a verdict: <paramref name="accepted"/> must match 'valid' / 'invalid';
        /// for 'acceptable' the caller passes its documented decision in
        /// <paramref name="acceptableExpected"/>.
        /// </summary>
        public void Check(JsonElement test, bool accepted, bool acceptableExpected = false, string detail = "")
        {
            string result = Result(test);
            bool expected = result == "valid" || (result == "acceptable" && acceptableExpected);
            if (accepted == expected)
            {
                Pass();
            }
            else
            {
                Fail(test, (accepted ? "accepted" : "rejected") + " " + detail + " " + Comment(test));
            }
        }

        public static string Comment(JsonElement test) =>
            test.TryGetProperty("comment", out JsonElement c) ? c.GetString() : "";

        public string Summary()
        {
            string skips = _skipReasons.Count == 0 ? "" : " [skipped: " + string.Join("; ", _skipReasons.Select(kv => kv.Value + " " + kv.Key)) + "]";
            return Name + ": run " + Run + ", passed " + Passed + ", failed " + (Run - Passed) + ", skipped " + Skipped
                   + " of " + DeclaredTests + skips;
        }

        public void AssertAllPassed()
        {
            Console.WriteLine(Summary());
            Assert.AreEqual(DeclaredTests, Run + Skipped, Name + ": every vector must be run or counted as skipped");
            Assert.IsTrue(Run > 0, Name + ": no vector ran");
            if (_failures.Count > 0)
            {
                Assert.Fail(Summary() + Environment.NewLine + string.Join(Environment.NewLine, _failures.Take(40)));
            }
        }
    }
}
