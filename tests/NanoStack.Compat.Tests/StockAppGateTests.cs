using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Compat.Tests.Gate;

namespace NanoStack.Compat.Tests
{
    /// <summary>
    /// The stock-firmware application (firmware/NanoStack.App.Stock): its entry point is compiled
    /// on the host against the stand-ins of the device APIs (tests/NanoStack.Stock.Check). Every
    /// reference it makes into the stand-ins must exist in the API manifests, everything it uses
    /// must be inside the packages its .nfproj names, and nothing of it may reach the ESP32 board,
    /// whose native methods stock firmware does not have.
    /// </summary>
    [TestClass]
    public class StockAppGateTests
    {
        private const string Nfproj = "firmware/NanoStack.App.Stock/NanoStack.App.Stock.nfproj";
        private const string HostProject = "firmware/NanoStack.App.Stock/NanoStack.App.Stock.csproj";
        private const string CheckAssembly = "NanoStack.Stock.Check";
        private const string StandInAssembly = "NanoStack.Esp32.StandIns";
        private const string Board = "NanoStack.Board.Esp32";

        /// <summary>The device APIs the stand-ins imitate, as far as the stock application uses them.</summary>
        private static readonly string[] DevicePackages =
        {
            "nanoFramework.System.Device.Wifi", "nanoFramework.System.Net", "nanoFramework.System.Threading",
            "nanoFramework.Hardware.Esp32", "nanoFramework.CoreLibrary",
        };

        /// <summary>Every assembly the check assembly references except the stand-ins.</summary>
        private static HashSet<string> AllButStandIns()
        {
            HashSet<string> names = AssemblyGate.References(CheckAssembly);
            Assert.IsTrue(names.Remove(StandInAssembly), CheckAssembly + " does not reference " + StandInAssembly);
            return names;
        }

        private static HashSet<string> Own() =>
            new HashSet<string>(PortableAssemblyGateTests.OwnAssemblies, StringComparer.Ordinal);

        [TestMethod]
        public void EveryReferenceIntoTheStandInsExistsInTheManifests()
        {
            IReadOnlyList<string> violations = AssemblyGate.Check(AssemblyGate.PathOf(CheckAssembly), Repo.Manifest.Union(DevicePackages), AllButStandIns());
            Assert.AreEqual(0, violations.Count,
                PortableAssemblyGateTests.Report(CheckAssembly, "the manifests of " + string.Join(", ", DevicePackages), violations));
        }

        [TestMethod]
        public void TheGateSeesWhatTheEntryPointCalls()
        {
            List<string> seen = AssemblyGate.Check(AssemblyGate.PathOf(CheckAssembly), new HashSet<string>(), Own()).ToList();
            CollectionAssert.Contains(seen, "M:nanoFramework.Networking.WifiNetworkHelper.ConnectDhcp(System.String,System.String,System.Device.Wifi.WifiReconnectionKind,System.Boolean,System.Int32,System.Threading.CancellationToken)");
            CollectionAssert.Contains(seen, "M:nanoFramework.Networking.WifiNetworkHelper.get_Status");
            CollectionAssert.Contains(seen, "M:nanoFramework.Networking.WifiNetworkHelper.get_HelperException");
            CollectionAssert.Contains(seen, "M:System.Threading.CancellationTokenSource.#ctor(System.Int32)");
            CollectionAssert.Contains(seen, "M:nanoFramework.Hardware.Esp32.HighResTimer.GetCurrent");
            CollectionAssert.Contains(seen, "M:System.DateTime.get_UtcNow");
            CollectionAssert.Contains(seen, "M:System.Diagnostics.Debug.WriteLine(System.String)");
            Assert.IsTrue(AssemblyGate.References(CheckAssembly).Contains("NanoStack.App.Stock"),
                CheckAssembly + " does not reference NanoStack.App.Stock: Program.cs is not compiled there");
        }

        [TestMethod]
        public void TheSocketPathIsSeenByThePortableGate()
        {
            // SocketFetcher is portable: what it uses of System.Net is checked by
            // PortableAssemblyGateTests against this .nfproj's packages; make sure it is there to see.
            List<string> seen = AssemblyGate.Check(AssemblyGate.PathOf("NanoStack.App.Stock"), new HashSet<string>(), Own()).ToList();
            CollectionAssert.Contains(seen, "M:System.Net.Dns.GetHostEntry(System.String)");
            CollectionAssert.Contains(seen, "M:System.Net.IPAddress.get_AddressFamily");
            CollectionAssert.Contains(seen, "M:System.Net.IPEndPoint.#ctor(System.Net.IPAddress,System.Int32)");
        }

        [TestMethod]
        public void TheEntryPointUsesOnlyTheNanoFrameworkApiOfItsPackages()
        {
            var app = new NfProject(Nfproj);
            foreach (string package in DevicePackages)
            {
                Assert.IsTrue(app.Packages.ContainsKey(package), Nfproj + " does not name the package " + package);
            }
            IReadOnlyList<string> violations = AssemblyGate.Check(AssemblyGate.PathOf(CheckAssembly), app.AllowedApi(), Own());
            Assert.AreEqual(0, violations.Count,
                PortableAssemblyGateTests.Report(CheckAssembly, "the nanoFramework 1.x API of " + string.Join(", ", app.Packages.Keys), violations));
        }

        [TestMethod]
        public void NothingReachesTheEsp32Board()
        {
            // Stock firmware lacks the board's native methods: the CLR would refuse the assembly.
            var app = new NfProject(Nfproj);
            Assert.IsFalse(app.ProjectReferences.Any(r => r.Contains(Board, StringComparison.Ordinal)), Nfproj + " references " + Board);
            Assert.IsFalse(app.Compile.Any(f => f.Contains("/boards/", StringComparison.Ordinal)), Nfproj + " compiles a board file");
            Assert.IsFalse(app.Compile.Contains(Repo.PathOf("firmware/NanoStack.App/Program.cs")), Nfproj + " compiles the custom firmware's entry point");
            Assert.IsFalse(File.ReadAllText(Repo.PathOf(HostProject)).Contains(Board, StringComparison.Ordinal), HostProject + " references " + Board);
            foreach (string assembly in new[] { CheckAssembly, "NanoStack.App.Stock", "NanoStack.App" })
            {
                Assert.IsFalse(AssemblyGate.References(assembly).Contains(Board), assembly + " references " + Board);
            }
        }
    }
}
