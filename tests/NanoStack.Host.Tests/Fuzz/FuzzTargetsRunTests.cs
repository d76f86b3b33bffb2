using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Fuzz;
using NanoStack.Host.Tests.Support;

namespace NanoStack.Host.Tests.Fuzz
{
    /// <summary>
    /// Runs every fuzz target's entry point in-process (no AFL, no instrumentation) on its seed
    /// corpus, on the saved regression vectors under data/fuzz/TARGET, and on a few seeded
    /// mutations of each seed, so the targets and their seeds cannot rot unnoticed.
    /// </summary>
    [TestClass]
    public sealed class FuzzTargetsRunTests
    {
        private readonly FuzzTargets _targets = new FuzzTargets();

        private static string[] Inputs(string target)
        {
            string corpus = TestData.PathOf("..", "NanoStack.Fuzz", "corpus", target);
            string vectors = TestData.PathOf("fuzz", target);
            string[] files = Directory.GetFiles(corpus);
            if (Directory.Exists(vectors))
            {
                files = files.Concat(Directory.GetFiles(vectors)).ToArray();
            }
            Array.Sort(files, StringComparer.Ordinal);
            return files;
        }

        [TestMethod]
        [DataRow("frame")]
        [DataRow("x509")]
        [DataRow("tls")]
        [DataRow("dhcp")]
        [DataRow("dns")]
        [DataRow("http")]
        public void TargetRunsItsCorpusAndMutations(string target)
        {
            string[] files = Inputs(target);
            Assert.IsTrue(files.Length > 0, "seed corpus for " + target);
            Action<byte[]> run = _targets.For(target);
            run(Array.Empty<byte>());
            var rng = new Random(20261201);
            foreach (string file in files)
            {
                byte[] seed = File.ReadAllBytes(file);
                run(seed);
                for (int i = 0; i < 20; i++)
                {
                    byte[] m = (byte[])seed.Clone();
                    int edits = 1 + rng.Next(4);
                    for (int k = 0; k < edits && m.Length > 0; k++)
                    {
                        m[rng.Next(m.Length)] ^= (byte)(1 << rng.Next(8));
                    }
                    run(rng.Next(4) == 0 ? m.AsSpan(0, rng.Next(m.Length + 1)).ToArray() : m);
                }
            }
        }

        [TestMethod]
        public void RecordedServerFlightStillCompletesTheHandshake()
        {
            foreach (string file in Inputs("tls").Where(f => Path.GetFileName(f).StartsWith("seed-", StringComparison.Ordinal)))
            {
                _targets.Tls.Run(File.ReadAllBytes(file));
                Assert.IsTrue(_targets.Tls.LastEstablished, file + " (closed with " + _targets.Tls.LastFailure + ")");
            }
        }

        [TestMethod]
        public void SeedsCommandWritesEveryCorpus()
        {
            string dir = Path.Combine(Path.GetTempPath(), "nanostack-seeds-" + Guid.NewGuid().ToString("N"));
            try
            {
                var log = new StringWriter();
                Seeds.Write(Path.Combine(dir, "corpus"), Path.Combine(dir, "ca.der"), log);
                var fresh = new FuzzTargets(File.ReadAllBytes(Path.Combine(dir, "ca.der")));
                foreach (string target in FuzzTargets.Names)
                {
                    string[] files = Directory.GetFiles(Path.Combine(dir, "corpus", target));
                    Assert.IsTrue(files.Length > 0, target);
                    foreach (string file in files)
                    {
                        fresh.For(target)(File.ReadAllBytes(file));
                    }
                }
                fresh.Tls.Run(File.ReadAllBytes(Path.Combine(dir, "corpus", "tls", "seed-00")));
                Assert.IsTrue(fresh.Tls.LastEstablished, "a fresh recording replays to ESTABLISHED");
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
