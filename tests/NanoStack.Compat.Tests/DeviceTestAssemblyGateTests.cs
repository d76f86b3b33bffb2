using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Compat.Tests.Gate;

namespace NanoStack.Compat.Tests
{
    /// <summary>
    /// The device flavour of the portable tests: the files NFUnitTest.nfproj lists, compiled with
    /// NANOFRAMEWORK_1_0 defined against the nanoFramework.TestFramework surface (a stub generated
    /// from its manifest), must compile and must use only mscorlib and TestFramework API.
    /// </summary>
    [TestClass]
    public class DeviceTestAssemblyGateTests
    {
        private const string DeviceProject = "tests/NanoStack.Device.Tests/NFUnitTest.nfproj";

        [TestMethod]
        public void DeviceTestsCompileAndUseOnlyTheNanoFrameworkApi()
        {
            var project = new NfProject(DeviceProject);
            Assert.IsTrue(project.Packages.ContainsKey("nanoFramework.TestFramework"));
            var trees = project.Compile.Select(f => Snippets.Parse(File.ReadAllText(f), f, defines: "NANOFRAMEWORK_1_0")).ToList();
            Assert.IsTrue(trees.Count > 0);

            var references = new List<MetadataReference>(Snippets.NetStandard)
            {
                MetadataReference.CreateFromImage(Snippets.TestFrameworkStub()),
            };
            foreach (string own in PortableAssemblyGateTests.OwnAssemblies)
            {
                references.Add(MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, own + ".dll")));
            }
            byte[] image = Snippets.Compile("NFUnitTest", trees, references);

            IReadOnlyList<string> violations = AssemblyGate.Check(image, project.AllowedApi(), PortableAssemblyGateTests.OwnAssemblies);
            Assert.AreEqual(0, violations.Count, PortableAssemblyGateTests.Report("NFUnitTest (device flavour of tests/NanoStack.Tests)",
                "the nanoFramework 1.x API of " + string.Join(", ", project.Packages.Keys), violations));

            // The stand-in really binds the TestFramework: the compiled tests reference it.
            IReadOnlyList<string> againstNothing = AssemblyGate.Check(image, new HashSet<string>(), PortableAssemblyGateTests.OwnAssemblies);
            Assert.IsTrue(againstNothing.Any(v => v.StartsWith("M:nanoFramework.TestFramework.Assert.", StringComparison.Ordinal)));
        }
    }
}
