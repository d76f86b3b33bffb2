using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;

namespace NanoStack.Host.Tests.Firmware
{
    /// <summary>
    /// firmware/flash.sh: valid bash, accepts exactly the documented targets, and turns its
    /// arguments into the nanoff command lines (seen through --dry-run, so no nanoff or board).
    /// </summary>
    [TestClass]
    public sealed class FlashScriptTests
    {
        private static readonly string[] DocumentedTargets = { "ESP32_REV0", "ESP32_PSRAM_REV3", "ESP32_C3", "ESP32_S3" };

        private static string Bash()
        {
            string bash = FirmwareFiles.FindOnPath("bash");
            TestEnvironment.Require(bash != null, "bash on PATH");
            return bash;
        }

        private static string Script => FirmwareFiles.PathOf("firmware", "flash.sh");

        private static string TempFile(string name)
        {
            string dir = Path.Combine(Path.GetTempPath(), "nanostack-flash-" + Environment.ProcessId);
            Directory.CreateDirectory(dir);
            string path = Path.Combine(dir, name);
            File.WriteAllBytes(path, new byte[] { 0xE9, 0x00 });
            return path;
        }

        [TestMethod]
        public void ScriptIsValidBash()
        {
            var result = FirmwareFiles.Run(Bash(), "-n", Script);
            Assert.AreEqual(0, result.Exit, result.Error);
            StringAssert.Contains(File.ReadAllText(Script), "set -euo pipefail");
        }

        [TestMethod]
        public void EveryDocumentedTargetFlashesCustomFirmwareThenDeploys()
        {
            string clr = TempFile("nanoCLR.bin");
            string app = TempFile("App.bin");
            string readme = File.ReadAllText(FirmwareFiles.PathOf("firmware", "README.md"));
            foreach (string target in DocumentedTargets)
            {
                StringAssert.Contains(readme, target, "firmware/README.md documents " + target);
                var result = FirmwareFiles.Run(Bash(), Script, "--target", target, "--port", "/dev/ttyUSB0",
                    "--firmware", clr, "--app", app, "--dry-run");
                Assert.AreEqual(0, result.Exit, target + ": " + result.Error);
                string[] lines = result.Output.Trim().Split('\n');
                Assert.AreEqual(2, lines.Length, result.Output);
                Assert.AreEqual("nanoff --target " + target + " --serialport /dev/ttyUSB0 --update --clrfile " + clr, lines[0].Trim());
                Assert.AreEqual("nanoff --target " + target + " --serialport /dev/ttyUSB0 --deploy --image " + app, lines[1].Trim());
            }
        }

        [TestMethod]
        public void StockFirmwareOmitsTheClrFile()
        {
            var result = FirmwareFiles.Run(Bash(), Script, "--target", "ESP32_C3", "--port", "/dev/ttyACM0", "--stock", "--dry-run");
            Assert.AreEqual(0, result.Exit, result.Error);
            Assert.AreEqual("nanoff --target ESP32_C3 --serialport /dev/ttyACM0 --update", result.Output.Trim());
        }

        [TestMethod]
        public void UnknownTargetIsRefused()
        {
            var result = FirmwareFiles.Run(Bash(), Script, "--target", "ESP32_H2", "--port", "/dev/ttyUSB0", "--stock", "--dry-run");
            Assert.AreEqual(1, result.Exit);
            StringAssert.Contains(result.Error, "unsupported target 'ESP32_H2'");
            Assert.AreEqual("", result.Output);
        }

        [TestMethod]
        public void MissingFilesAreReportedBeforeAnythingRuns()
        {
            var result = FirmwareFiles.Run(Bash(), Script, "--target", "ESP32_S3", "--port", "/dev/ttyUSB0",
                "--firmware", "/nonexistent/nanoCLR.bin", "--dry-run");
            Assert.AreEqual(1, result.Exit);
            StringAssert.Contains(result.Error, "firmware file not found: /nonexistent/nanoCLR.bin");

            result = FirmwareFiles.Run(Bash(), Script, "--target", "ESP32_S3", "--port", "/dev/ttyUSB0",
                "--app", "/nonexistent/App.bin", "--dry-run");
            Assert.AreEqual(1, result.Exit);
            StringAssert.Contains(result.Error, "application image not found: /nonexistent/App.bin");
        }

        [TestMethod]
        public void MissingNanoffIsReportedWithTheInstallCommand()
        {
            string app = TempFile("App.bin");
            // PATH without nanoff: only the folder of bash itself
            string bash = Bash();
            TestEnvironment.Require(File.Exists("/usr/bin/env") && !File.Exists(Path.Combine(Path.GetDirectoryName(bash), "nanoff")),
                "/usr/bin/env and a PATH folder without nanoff");
            var result = FirmwareFiles.Run("/usr/bin/env", "PATH=" + Path.GetDirectoryName(bash), bash, Script,
                "--target", "ESP32_REV0", "--port", "/dev/ttyUSB0", "--app", app);
            Assert.AreEqual(1, result.Exit, result.Output);
            StringAssert.Contains(result.Error, "dotnet tool install -g nanoff");
        }
    }
}
