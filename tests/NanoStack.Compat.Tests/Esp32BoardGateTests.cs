using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Compat.Tests.Gate;

namespace NanoStack.Compat.Tests
{
    /// <summary>
    /// The ESP32 board cannot be built here, so its sources are compiled for the host against
    /// stand-ins of the device APIs (tests/NanoStack.Esp32.Check). A stand-in could drift from the
    /// real API; these tests hold every reference the board makes into the stand-ins to the API
    /// manifests (type, member and signature as a documentation ID), and the whole board to the
    /// nanoFramework API of the packages its .nfproj names.
    /// </summary>
    [TestClass]
    public class Esp32BoardGateTests
    {
        private const string Nfproj = "boards/NanoStack.Board.Esp32/NanoStack.Board.Esp32.nfproj";
        private const string AppNfproj = "firmware/NanoStack.App/NanoStack.App.nfproj";
        private const string CheckAssembly = "NanoStack.Esp32.Check";
        private const string StandInAssembly = "NanoStack.Esp32.StandIns";

        /// <summary>The device APIs the stand-ins imitate: the manifests they must match.</summary>
        private static readonly string[] DevicePackages =
        {
            "nanoFramework.System.Device.Wifi", "nanoFramework.Hardware.Esp32", "nanoFramework.Runtime.Events",
            "nanoFramework.Runtime.Native", "nanoFramework.CoreLibrary",
        };

        /// <summary>Every assembly the check assembly references except the stand-ins: the gate then
        /// reports exactly the references into the stand-ins.</summary>
        private static HashSet<string> AllButStandIns()
        {
            HashSet<string> names = AssemblyGate.References(CheckAssembly);
            Assert.IsTrue(names.Remove(StandInAssembly), CheckAssembly + " does not reference " + StandInAssembly);
            return names;
        }

        [TestMethod]
        public void EveryReferenceIntoTheStandInsExistsInTheManifests()
        {
            IReadOnlyList<string> violations = AssemblyGate.Check(AssemblyGate.PathOf(CheckAssembly), Repo.Manifest.Union(DevicePackages), AllButStandIns());
            Assert.AreEqual(0, violations.Count,
                PortableAssemblyGateTests.Report(CheckAssembly, "the manifests of " + string.Join(", ", DevicePackages), violations));
        }

        [TestMethod]
        public void TheGateSeesTheStandInReferences()
        {
            // Checked against nothing, the board's uses of the device APIs must all show up.
            List<string> seen = AssemblyGate.Check(AssemblyGate.PathOf(CheckAssembly), new HashSet<string>(), AllButStandIns()).ToList();
            CollectionAssert.Contains(seen, "M:System.Device.Wifi.WifiAdapter.FindAllAdapters");
            CollectionAssert.Contains(seen, "M:System.Device.Wifi.WifiAdapter.Connect(System.String,System.Device.Wifi.WifiReconnectionKind,System.String)");
            CollectionAssert.Contains(seen, "M:System.Device.Wifi.WifiAdapter.ScanAsync");
            CollectionAssert.Contains(seen, "M:System.Device.Wifi.AvailableNetworksChangedEventHandler.#ctor(System.Object,System.IntPtr)");
            CollectionAssert.Contains(seen, "M:nanoFramework.Runtime.Events.NativeEventDispatcher.#ctor(System.String,System.UInt64)");
            CollectionAssert.Contains(seen, "M:nanoFramework.Hardware.Esp32.HighResTimer.GetCurrent");
            Assert.IsFalse(seen.Any(id => id.StartsWith("T:System.Object", StringComparison.Ordinal)),
                "references outside the stand-ins leaked into the stand-in check");
        }

        [TestMethod]
        public void TheApplicationEntryPointIsCheckedWithTheBoard()
        {
            // firmware/NanoStack.App/Program.cs is compiled into the check assembly: what it calls on
            // the device (the board's classes, the debug output) is held to the same manifests.
            List<string> seen = AssemblyGate.Check(AssemblyGate.PathOf(CheckAssembly), new HashSet<string>(), PortableAssemblyGateTests.OwnAssemblies).ToList();
            CollectionAssert.Contains(seen, "M:System.Diagnostics.Debug.WriteLine(System.String)");
            Assert.IsTrue(AssemblyGate.References(CheckAssembly).Contains("NanoStack.App"),
                CheckAssembly + " does not reference NanoStack.App: Program.cs is not compiled there");
        }

        [TestMethod]
        public void TheBoardAndTheEntryPointUseOnlyTheNanoFrameworkApiOfTheirPackages()
        {
            // The check assembly holds the board (its .nfproj's packages) and the application's
            // entry point (the application .nfproj's packages, which include the board's).
            var board = new NfProject(Nfproj);
            var app = new NfProject(AppNfproj);
            Assert.IsTrue(board.Packages.ContainsKey("nanoFramework.CoreLibrary"), Nfproj + " must name nanoFramework.CoreLibrary");
            foreach (string package in board.Packages.Keys)
            {
                Assert.IsTrue(app.Packages.ContainsKey(package), AppNfproj + " references the board but not its package " + package);
            }
            IReadOnlyList<string> violations = AssemblyGate.Check(AssemblyGate.PathOf(CheckAssembly), app.AllowedApi(), PortableAssemblyGateTests.OwnAssemblies);
            Assert.AreEqual(0, violations.Count,
                PortableAssemblyGateTests.Report(CheckAssembly, "the nanoFramework 1.x API of " + string.Join(", ", app.Packages.Keys), violations));

            // What the board's own sources use stays inside the board's packages: the board must
            // not lean on a package only the application brings (Runtime.Native's GC is the app's).
            List<string> seen = AssemblyGate.Check(AssemblyGate.PathOf(CheckAssembly), board.AllowedApi(), PortableAssemblyGateTests.OwnAssemblies).ToList();
            Assert.IsTrue(seen.All(id => id.Contains("nanoFramework.Runtime.Native.GC") || id.Contains("System.Diagnostics.Debug")),
                "outside the board's packages: " + string.Join(", ", seen));
        }
    }
}
