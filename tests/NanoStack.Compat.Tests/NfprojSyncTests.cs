using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Compat.Tests.Gate;

namespace NanoStack.Compat.Tests
{
    /// <summary>
    /// The .nfproj files (what users build for the device) must compile exactly the files the host
    /// projects compile (less the device-only files a pair names, such as an application's entry
    /// point, plus the files a pair links from another portable project), and their references must
    /// match their packages.config.
    /// </summary>
    [TestClass]
    public class NfprojSyncTests
    {
        public static IEnumerable<object[]> Pairs => new[]
        {
            new object[] { "src/NanoStack.Core", "src/NanoStack.Core/nanoFramework/NanoStack.Core.nfproj", "", "", "" },
            new object[] { "src/NanoStack.Tls", "src/NanoStack.Tls/nanoFramework/NanoStack.Tls.nfproj", "", "", "" },
            new object[] { "src/NanoStack.Http", "src/NanoStack.Http/nanoFramework/NanoStack.Http.nfproj", "", "", "" },
            new object[] { "tests/NanoStack.Tests", "tests/NanoStack.Device.Tests/NFUnitTest.nfproj", "Shim", "", "" },
            new object[] { "boards/NanoStack.Board.Esp32", "boards/NanoStack.Board.Esp32/NanoStack.Board.Esp32.nfproj", "", "", "" },
            new object[] { "firmware/NanoStack.App", "firmware/NanoStack.App/NanoStack.App.nfproj", "", "Program.cs", "" },
            new object[] { "firmware/NanoStack.App.Stock", "firmware/NanoStack.App.Stock/NanoStack.App.Stock.nfproj", "", "Program.cs", StockLinked },
        };

        /// <summary>What the stock-firmware application shares with the custom-firmware one: the
        /// settings and the TLS and HTTP construction, none of NanoStack's own IP stack.</summary>
        public const string StockLinked = "firmware/NanoStack.App:AppSettings.cs;AppStep.cs;DeviceTls.cs;IAppLog.cs;IMemoryMeter.cs;Settings.cs";

        [TestMethod]
        [DynamicData(nameof(Pairs))]
        public void NfprojCompilesTheSameFilesAsTheHostProject(string hostProject, string nfproj, string excluded, string deviceOnly, string linked)
        {
            SortedSet<string> host = Repo.SdkProjectSources(hostProject, excluded.Length == 0 ? Array.Empty<string>() : new[] { excluded });
            var device = new NfProject(nfproj);
            Assert.IsTrue(host.Count > 0, hostProject + " has no sources");
            // Device-only files (the host project removes them): the .nfproj must compile them.
            foreach (string only in deviceOnly.Length == 0 ? Array.Empty<string>() : deviceOnly.Split(';'))
            {
                string path = Repo.PathOf(hostProject + "/" + only);
                Assert.IsTrue(File.Exists(path), hostProject + ": device-only file " + only + " does not exist");
                Assert.IsTrue(device.Compile.Contains(path), nfproj + " does not compile its device-only file " + only);
                host.Remove(path);
                device.Compile.Remove(path);
            }
            // Files linked from another portable project (compiled there on the host): the .nfproj
            // must compile each, and each must be a source of that project.
            if (linked.Length > 0)
            {
                string from = linked.Substring(0, linked.IndexOf(':'));
                SortedSet<string> fromSources = Repo.SdkProjectSources(from);
                foreach (string file in linked.Substring(from.Length + 1).Split(';'))
                {
                    string path = Repo.PathOf(from + "/" + file);
                    Assert.IsTrue(fromSources.Contains(path), from + " does not compile " + file + ", which " + nfproj + " links");
                    Assert.IsTrue(device.Compile.Contains(path), nfproj + " does not compile its linked file " + from + "/" + file);
                    device.Compile.Remove(path);
                }
            }

            var missing = host.Except(device.Compile).ToList();
            var extra = device.Compile.Except(host).ToList();
            string Rel(string f) => Path.GetRelativePath(device.Directory, f).Replace('/', '\\');
            Assert.IsTrue(missing.Count == 0 && extra.Count == 0,
                nfproj + " is out of sync with " + hostProject + ":" + Environment.NewLine
                + string.Concat(missing.Select(f => "  missing, add: <Compile Include=\"" + Rel(f) + "\"><Link>"
                    + Path.GetRelativePath(Repo.PathOf(hostProject), f).Replace('/', '\\') + "</Link></Compile>" + Environment.NewLine))
                + string.Concat(extra.Select(f => "  extra (not compiled by the host project" + (File.Exists(f) ? "" : ", file does not exist") + "): " + Rel(f) + Environment.NewLine)));
        }

        [TestMethod]
        [DynamicData(nameof(Pairs))]
        public void ReferencesMatchPackagesConfig(string hostProject, string nfproj, string excluded, string deviceOnly, string linked)
        {
            var device = new NfProject(nfproj);
            Assert.IsTrue(device.Packages.Count > 0, nfproj + ": packages.config is missing or empty");
            foreach (string hint in device.HintPaths)
            {
                Assert.IsTrue(device.Packages.Any(p => hint.Contains("/packages/" + p.Key + "." + p.Value + "/", StringComparison.Ordinal)),
                    nfproj + ": HintPath " + hint + " names no package of packages.config");
            }
            foreach (var package in device.Packages)
            {
                Assert.IsTrue(device.HintPaths.Any(h => h.Contains("/packages/" + package.Key + "." + package.Value + "/", StringComparison.Ordinal)),
                    nfproj + ": packages.config names " + package.Key + " " + package.Value + " but no Reference uses it");
                // Versions come from the manifests' headers: a package we gate against must exist there.
                Assert.IsTrue(Repo.Manifest.Packages.Contains(package.Key, StringComparer.OrdinalIgnoreCase),
                    nfproj + ": no API manifest for " + package.Key);
            }
            foreach (string reference in device.ProjectReferences)
            {
                Assert.IsTrue(File.Exists(reference), nfproj + ": ProjectReference to a missing project " + reference);
            }
        }

        [TestMethod]
        public void SolutionListsEveryNfprojWithoutBuildingIt()
        {
            string sln = File.ReadAllText(Repo.PathOf("NanoStack.sln"));
            foreach (object[] pair in Pairs)
            {
                string nfproj = ((string)pair[1]).Replace('/', '\\');
                int at = sln.IndexOf(nfproj, StringComparison.Ordinal);
                Assert.IsTrue(at >= 0, "NanoStack.sln does not list " + nfproj);
                string guid = sln.Substring(sln.IndexOf('{', at + nfproj.Length), 38);
                Assert.IsTrue(sln.Contains(guid + ".Debug|Any CPU.ActiveCfg", StringComparison.Ordinal), nfproj + " has no configuration");
                Assert.IsFalse(sln.Contains(guid + ".Debug|Any CPU.Build.0", StringComparison.Ordinal),
                    nfproj + " must not be selected for building: the .NET SDK cannot build it");
            }
        }
    }
}
