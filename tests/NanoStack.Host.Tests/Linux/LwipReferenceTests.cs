using System;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Board.Linux;
using NanoStack.Host.Tests.Support;

namespace NanoStack.Host.Tests.Linux
{
    /// <summary>
    /// Keeps the bench's reference side working: lwIP 2.1.3 over a TAP device in a namespace,
    /// driven by the kernel through bench_client. Checks transfers complete with the right byte
    /// counts; speeds are the bench's business, not asserted here.
    /// </summary>
    [TestClass]
    public sealed class LwipReferenceTests
    {
        [TestMethod]
        public void LwipReferenceServesTheBenchClient()
        {
            TestEnvironment.Require(NetworkNamespace.IsSupported, NetworkNamespace.Requirement);
            TestEnvironment.Require(ReferencePrograms.IsSupported, ReferencePrograms.Requirement);
            string dir = Path.Combine(Path.GetTempPath(), "nanostack-ref-" + Environment.ProcessId);
            var (client, lwip) = ReferencePrograms.Build(dir);
            using NetworkNamespace ns = NetworkNamespace.Create();
            string device = NetworkNamespace.NewDeviceName();
            var psi = new ProcessStartInfo(lwip, device + " " + NetworkNamespace.StackAddress + " 255.255.255.0 " + NetworkNamespace.KernelAddress)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using Process reference = Process.Start(psi);
            try
            {
                Assert.AreEqual("ready", reference.StandardOutput.ReadLine());
                ns.AdoptDevice(device);

                CommandResult up = ns.Run(client, "up " + NetworkNamespace.StackAddress + " 1000000");
                Assert.AreEqual(0, up.ExitCode, up.ToString());
                StringAssert.Matches(up.StandardOutput, new Regex(@"^up bytes=1000000 seconds=[0-9.]+ mbps=[0-9.]+"));

                CommandResult down = ns.Run(client, "down " + NetworkNamespace.StackAddress + " 1000000");
                Assert.AreEqual(0, down.ExitCode, down.ToString());
                StringAssert.Matches(down.StandardOutput, new Regex(@"^down bytes=1000000 "));

                CommandResult rtt = ns.Run(client, "rtt " + NetworkNamespace.StackAddress + " 100");
                Assert.AreEqual(0, rtt.ExitCode, rtt.ToString());
                StringAssert.Matches(rtt.StandardOutput, new Regex(@"^rtt count=100 median_us=[0-9.]+ mean_us=[0-9.]+"));
            }
            finally
            {
                if (!reference.HasExited)
                {
                    reference.Kill(entireProcessTree: true);
                    reference.WaitForExit(5_000);
                }
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
