using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Cli;
using NanoStack.Host.Tests.Support;

namespace NanoStack.Host.Tests.Cli
{
    /// <summary>
    /// <c>nanostack demo</c> run in-process: every step of the main job appears in the trace, the
    /// page arrives intact, loss and resumption work, and the pcap and Mermaid outputs are what
    /// they claim to be.
    /// </summary>
    [TestClass]
    public class DemoTests
    {
        private static (int Exit, string Output) RunDemo(DemoOptions options)
        {
            var output = new StringWriter();
            int exit = Demo.Run(output, options);
            return (exit, output.ToString());
        }

        private static readonly string IndexSha256 = Convert.ToHexStringLower(SHA256.HashData(Demo.IndexPage));

        private static void AssertInOrder(string output, params string[] expected)
        {
            int at = 0;
            foreach (string e in expected)
            {
                int found = output.IndexOf(e, at, StringComparison.Ordinal);
                Assert.IsTrue(found >= 0, "missing, or out of order: \"" + e + "\"\n---\n" + output);
                at = found + e.Length;
            }
        }

        [TestMethod]
        public void EveryStepAppearsAndThePageArrives()
        {
            var (exit, output) = RunDemo(new DemoOptions());
            Assert.AreEqual(0, exit, output);
            AssertInOrder(output,
                "wifi: scan found 2 network(s)",
                "wifi: connected, WPA2 4-way handshake complete",
                "dhcp: DISCOVER broadcast",
                "dhcp: lease 192.0.2.100/24 from 192.0.2.1, router 192.0.2.1, DNS 192.0.2.1",
                "dns: www.nanostack.test is 192.0.2.80",
                "*   Trying 192.0.2.80:443...",
                "tcp #0: CLOSED -> SYN-SENT",
                "tcp #0: SYN-SENT -> ESTABLISHED",
                "* Connected to www.nanostack.test (192.0.2.80) port 443",
                "* TLSv1.2 (OUT), TLS handshake, Client hello (1):",
                "* TLSv1.2 (IN), TLS handshake, Server hello (2):",
                "* TLSv1.2 (IN), TLS handshake, Certificate (11):",
                "* TLSv1.2 (IN), TLS handshake, Server key exchange (12):",
                "* TLSv1.2 (IN), TLS handshake, Server finished (14):",
                "* TLSv1.2 (OUT), TLS handshake, Client key exchange (16):",
                "* TLSv1.2 (OUT), TLS change cipher, Change cipher spec (1):",
                "* TLSv1.2 (OUT), TLS handshake, Finished (20):",
                "* TLSv1.2 (IN), TLS change cipher, Change cipher spec (1):",
                "* TLSv1.2 (IN), TLS handshake, Finished (20):",
                "* SSL connection using TLSv1.2 / ECDHE-ECDSA-", // the server chooses among our two suites
                " / x25519",
                "* ALPN: server accepted http/1.1",
                "*  subject: CN=www.nanostack.test",
                "*  SSL certificate verify ok",
                "> GET / HTTP/1.1",
                "< HTTP/1.1 200 OK",
                "<h1>Hello from www.nanostack.test</h1>",
                "tcp #0: ESTABLISHED -> FIN-WAIT-1",
                "TIME-WAIT",
                "Summary",
                "HTTP: " + Demo.IndexPage.Length + " body bytes, SHA-256 " + IndexSha256,
                "device memory (");
            Assert.IsFalse(output.Contains("re-using session"), "one connection only");
        }

        [TestMethod]
        public void TenPercentLossStillGetsThePage()
        {
            var (exit, output) = RunDemo(new DemoOptions { LossPercent = 10, Seed = 4 });
            Assert.AreEqual(0, exit, output);
            AssertInOrder(output, "10% frame loss", "< HTTP/1.1 200 OK", "SHA-256 " + IndexSha256);
            Match lost = Regex.Match(output, @"the link lost (\d+) sent and (\d+) received");
            Assert.IsTrue(lost.Success && int.Parse(lost.Groups[1].Value) + int.Parse(lost.Groups[2].Value) > 0, output);
        }

        [TestMethod]
        public void ResumeShowsAnAbbreviatedHandshake()
        {
            var (exit, output) = RunDemo(new DemoOptions { Resume = true });
            Assert.AreEqual(0, exit, output);
            int second = output.IndexOf("second connection", StringComparison.Ordinal);
            Assert.IsTrue(second > 0, output);
            string after = output.Substring(second);
            StringAssert.Contains(after, "* SSL re-using session (abbreviated handshake, no certificate sent)");
            Assert.IsFalse(after.Contains("Certificate (11)"), "no certificate in the resumed handshake");
            Assert.IsFalse(after.Contains("Client key exchange (16)"), "no key exchange in the resumed handshake");
            AssertInOrder(after, "Server hello (2):", "(IN), TLS change cipher", "(IN), TLS handshake, Finished (20):", "(OUT), TLS change cipher", "(OUT), TLS handshake, Finished (20):", "< HTTP/1.1 200 OK");
            StringAssert.Contains(output, "resumed handshake");
        }

        [TestMethod]
        public void WrongPassphraseFailsClearly()
        {
            var (exit, output) = RunDemo(new DemoOptions { Passphrase = "not the passphrase" });
            Assert.AreEqual(Demo.ExitWifi, exit, output);
            StringAssert.Contains(output, "wifi: failed: WrongPassphrase");
        }

        [TestMethod]
        public void MaxFragmentLengthIsNegotiated()
        {
            var (exit, output) = RunDemo(new DemoOptions { MaxFragmentLength = 1024, Path = "/large" });
            Assert.AreEqual(0, exit, output);
            StringAssert.Contains(output, "MFL 1024");
            StringAssert.Contains(output, "< HTTP/1.1 200 OK");
        }

        [TestMethod]
        public void MermaidFileIsASequenceDiagramOfTheExchange()
        {
            string path = Path.Combine(Path.GetTempPath(), "nanostack-demo-" + Guid.NewGuid().ToString("N") + ".mmd");
            try
            {
                var (exit, output) = RunDemo(new DemoOptions { MermaidPath = path });
                Assert.AreEqual(0, exit, output);
                string[] lines = File.ReadAllLines(path);
                Assert.AreEqual("sequenceDiagram", lines[0]);
                var participants = lines.Where(l => l.StartsWith("    participant ")).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).ToHashSet();
                CollectionAssert.IsSubsetOf(new[] { "Device", "Router__DHCP__DNS_", "www_nanostack_test" }, participants.ToArray());
                var arrow = new Regex(@"^    (\w+)->>(\w+): (.+)$");
                var note = new Regex(@"^    Note over \w+: .+$");
                foreach (string line in lines.Skip(1))
                {
                    Match m = arrow.Match(line);
                    Assert.IsTrue(line.StartsWith("    participant ") || note.IsMatch(line) || m.Success && participants.Contains(m.Groups[1].Value) && participants.Contains(m.Groups[2].Value),
                        "not a participant, arrow between declared participants, or note: " + line);
                }
                string text = string.Join("\n", lines);
                AssertInOrder(text,
                    "Device->>Broadcast: DHCP DISCOVER",
                    "Router__DHCP__DNS_->>Device: DHCP OFFER",
                    "Device->>Broadcast: DHCP REQUEST",
                    "Router__DHCP__DNS_->>Device: DHCP ACK",
                    "Device->>Router__DHCP__DNS_: DNS query A www.nanostack.test",
                    "Router__DHCP__DNS_->>Device: DNS answer www.nanostack.test",
                    "Device->>www_nanostack_test: TCP SYN",
                    "www_nanostack_test->>Device: TCP SYN, ACK",
                    "(TLS Handshake)",
                    "(TLS ApplicationData)",
                    "TCP FIN, ACK");
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        public void PcapIsReadBackAndTsharkDecodesTheTlsHandshake()
        {
            string path = Path.Combine(Path.GetTempPath(), "nanostack-demo-" + Guid.NewGuid().ToString("N") + ".pcap");
            try
            {
                var (exit, output) = RunDemo(new DemoOptions { PcapPath = path });
                Assert.AreEqual(0, exit, output);
                byte[] pcap = File.ReadAllBytes(path);
                Assert.IsTrue(pcap.Length > 24 && BitConverter.ToUInt32(pcap, 0) == 0xA1B2C3D4, "libpcap magic");
                Assert.AreEqual(1u, BitConverter.ToUInt32(pcap, 20), "link type Ethernet");
                Match frames = Regex.Match(output, @"pcap: .+ \((\d+) frames\)");
                Assert.IsTrue(frames.Success && int.Parse(frames.Groups[1].Value) > 20, output);

                string tshark = File.Exists("/usr/bin/tshark") ? "/usr/bin/tshark" : null;
                TestEnvironment.Require(tshark != null, "tshark (apt package tshark) to decode the demo's capture");
                string checks = "-o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE -d tcp.port==443,tls";
                string problems = Run(tshark, "-n -r " + path + " " + checks + " -Y \"_ws.malformed || _ws.expert.severity >= error || ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0\" -T fields -e frame.number -e _ws.expert.message");
                Assert.AreEqual("", problems.Trim(), "tshark: no malformed packets, no bad checksums");
                string types = Run(tshark, "-n -r " + path + " " + checks + " -Y tls.handshake.type -T fields -e tls.handshake.type");
                var seen = types.Split('\n', ',').Select(t => t.Trim()).Where(t => t.Length > 0).ToHashSet();
                CollectionAssert.IsSubsetOf(new[] { "1", "2", "11", "12", "14", "16" }, seen.ToArray(), "handshake types tshark saw: " + string.Join(",", seen));
                string dhcp = Run(tshark, "-n -r " + path + " -Y dhcp -T fields -e dhcp.option.dhcp");
                CollectionAssert.IsSubsetOf(new[] { "1", "2", "3", "5" }, dhcp.Split('\n').Select(t => t.Trim()).Where(t => t.Length > 0).ToArray(), "DHCP message types: " + dhcp);
                string dns = Run(tshark, "-n -r " + path + " -Y dns -T fields -e dns.qry.name");
                StringAssert.Contains(dns, "www.nanostack.test");
            }
            finally
            {
                File.Delete(path);
            }
        }

        private static string Run(string file, string args)
        {
            var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
            using Process p = Process.Start(psi);
            var error = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            error.Wait();
            p.WaitForExit(60_000);
            return output;
        }
    }
}
