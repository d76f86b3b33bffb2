using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Compat.Tests.Gate;

namespace NanoStack.Compat.Tests
{
    /// <summary>
    /// Every portable assembly, as compiled for the host, may reference only the nanoFramework 1.x
    /// API of the packages its .nfproj names (packages.config), and no construct nanoFramework
    /// cannot run.
    /// </summary>
    [TestClass]
    public class PortableAssemblyGateTests
    {
        public static readonly HashSet<string> OwnAssemblies = new(StringComparer.Ordinal)
        {
            "NanoStack.Core", "NanoStack.Tls", "NanoStack.Http", "NanoStack.App", "NanoStack.App.Stock",
        };

        public static IEnumerable<object[]> Libraries => new[]
        {
            new object[] { "NanoStack.Core", "src/NanoStack.Core/nanoFramework/NanoStack.Core.nfproj" },
            new object[] { "NanoStack.Tls", "src/NanoStack.Tls/nanoFramework/NanoStack.Tls.nfproj" },
            new object[] { "NanoStack.Http", "src/NanoStack.Http/nanoFramework/NanoStack.Http.nfproj" },
            new object[] { "NanoStack.App", "firmware/NanoStack.App/NanoStack.App.nfproj" },
            new object[] { "NanoStack.App.Stock", "firmware/NanoStack.App.Stock/NanoStack.App.Stock.nfproj" },
        };

        [TestMethod]
        [DynamicData(nameof(Libraries))]
        public void UsesOnlyTheNanoFrameworkApi(string assembly, string nfproj)
        {
            var project = new NfProject(nfproj);
            Assert.IsTrue(project.Packages.ContainsKey("nanoFramework.CoreLibrary"), nfproj + " must name nanoFramework.CoreLibrary");
            IReadOnlyList<string> violations = AssemblyGate.Check(AssemblyGate.PathOf(assembly), project.AllowedApi(), OwnAssemblies);
            Assert.AreEqual(0, violations.Count, Report(assembly, "the nanoFramework 1.x API of " + string.Join(", ", project.Packages.Keys), violations));
        }

        [TestMethod]
        [DynamicData(nameof(Libraries))]
        public void AlsoRunsOnFirmwareWithoutReflection(string assembly, string nfproj)
        {
            var project = new NfProject(nfproj);
            var packages = project.Packages.Keys.Select(p => p == "nanoFramework.CoreLibrary" ? "nanoFramework.CoreLibrary.NoReflection" : p);
            IReadOnlyList<string> violations = AssemblyGate.Check(AssemblyGate.PathOf(assembly), Repo.Manifest.Union(packages), OwnAssemblies);
            Assert.AreEqual(0, violations.Count, Report(assembly, "mscorlib without reflection", violations));
        }

        [TestMethod]
        public void TheGateSeesEveryReference()
        {
            // A gate that found nothing to check would pass anything: make sure it reads real references.
            byte[] image = File.ReadAllBytes(AssemblyGate.PathOf("NanoStack.Core"));
            IReadOnlyList<string> againstNothing = AssemblyGate.Check(image, new HashSet<string>(), OwnAssemblies);
            CollectionAssert.Contains(againstNothing.ToList(), "M:System.Array.Copy(System.Array,System.Int32,System.Array,System.Int32,System.Int32)");
            CollectionAssert.Contains(againstNothing.ToList(), "T:System.Object");
        }

        public static string Report(string assembly, string against, IReadOnlyList<string> violations) =>
            assembly + ": " + violations.Count + " use(s) outside " + against + ":" + Environment.NewLine
            + string.Join(Environment.NewLine, violations.Select(v => "  - " + v));
    }
}
