using System.IO;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Board.Linux;
using NanoStack.Cli;
using NanoStack.Host.Tests.Support;

namespace NanoStack.Host.Tests.Linux
{
    /// <summary>The CLI's Linux-board verbs, run in-process (root): ping with a pcap that tshark
    /// reads back, and a listener in close-first mode driven by the kernel.</summary>
    [TestClass]
    public sealed class CliLinuxCommandsTests
    {
        [TestMethod]
        public void PingWritesAReadableCapture()
        {
            KernelNode.Require();
            string pcap = Path.Combine(Path.GetTempPath(), "nanostack-cli-ping.pcap");
            var output = new StringWriter();
            int rc = LinuxCommands.Ping(output, new LinuxCommands.Options { Pcap = pcap }, null, 2);
            Assert.AreEqual(0, rc, output.ToString());
            StringAssert.Contains(output.ToString(), "2 sent, 2 received");
            Assert.IsTrue(new FileInfo(pcap).Length > 24 + 4 * 16, "frames captured");
            File.Delete(pcap);
        }

        [TestMethod]
        public void ListenCloseFirstServesTheKernel()
        {
            KernelNode.Require();
            var output = new StringWriter();
            var options = new LinuxCommands.Options();
            Task<int> server = Task.Run(() => LinuxCommands.Listen(TextWriter.Synchronized(output), options, 8000, "close-first", 1));
            // The command makes its own namespace: find it and connect from inside.
            string ns = null;
            for (int i = 0; i < 100 && ns == null; i++)
            {
                System.Threading.Thread.Sleep(100);
                foreach (string line in output.ToString().Split('\n'))
                {
                    if (line.StartsWith("namespace ") && output.ToString().Contains("listening"))
                    {
                        ns = line.Substring(10, line.IndexOf(':') - 10);
                    }
                }
            }
            Assert.IsNotNull(ns, output.ToString());
            var psi = new System.Diagnostics.ProcessStartInfo("ip", "netns exec " + ns + " " + KernelNode.Python +
                " -c \"import socket\nc=socket.create_connection(('192.0.2.2',8000),timeout=5);c.sendall(b'one line\\n');print(c.recv(100).decode().strip(),c.recv(100)==b'')\"")
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var client = System.Diagnostics.Process.Start(psi);
            string reply = client.StandardOutput.ReadToEnd().Trim();
            client.WaitForExit(10_000);
            Assert.IsTrue(server.Wait(20_000), output.ToString());
            Assert.AreEqual(0, server.Result);
            Assert.AreEqual("one line True", reply, client.StandardError.ReadToEnd());
            StringAssert.Contains(output.ToString(), "TIME-WAIT", "NanoStack closed first");
        }
    }
}
