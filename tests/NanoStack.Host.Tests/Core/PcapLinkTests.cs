using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Board.Emulator;
using NanoStack.Host.Tests.Support;
using NanoStack.Link;

namespace NanoStack.Host.Tests.Core
{
    [TestClass]
    public class PcapLinkTests
    {
        // Hand-built UDP 4660 -> 53 "hello" between 10.0.0.1 and 10.0.0.2 (checksums zero).
        private const string Udp =
            "020000000002020000000001" + "0800" +
            "450000210000000040110000" + "0a000001" + "0a000002" +
            "12340035000d0000" + "68656c6c6f";

        // Hand-built ARP request 10.0.0.1 -> who has 10.0.0.2.
        private const string Arp =
            "ffffffffffff020000000001" + "0806" +
            "0001080006040001" + "020000000001" + "0a000001" + "000000000000" + "0a000002";

        private static byte[] Capture()
        {
            var stream = new MemoryStream();
            byte[] udp = Convert.FromHexString(Udp);
            byte[] arp = Convert.FromHexString(Arp);
            byte[] rx = new byte[1514];
            using (var pcap = new PcapLink(new LoopbackLink(4, 8000), stream, leaveOpen: true))
            {
                Assert.IsTrue(pcap.Transmit(udp, 0, udp.Length, 1234));          // record 1: 1 s 234000 us
                Assert.AreEqual(udp.Length, pcap.Receive(rx, 0, rx.Length, 2500)); // record 2: 2 s 500000 us
                Assert.IsTrue(pcap.Transmit(arp, 0, arp.Length, 3_600_000_007));  // record 3: 3600000 s 7000 us
                Assert.AreEqual(0, pcap.Receive(rx, 0, 10, 3_600_000_008));       // too short: dropped, not recorded
                Assert.AreEqual(3, pcap.Records);
            }
            return stream.ToArray();
        }

        [TestMethod]
        public void GlobalAndRecordHeadersAreByteExact()
        {
            byte[] file = Capture();
            string hex = Convert.ToHexString(file).ToLowerInvariant();
            string expected =
                // magic, v2.4, thiszone 0, sigfigs 0, snaplen 65535, linktype 1 (all little-endian)
                "d4c3b2a1" + "0200" + "0400" + "00000000" + "00000000" + "ffff0000" + "01000000" +
                "01000000" + "10920300" + "2f000000" + "2f000000" + Udp +
                "02000000" + "20a10700" + "2f000000" + "2f000000" + Udp +
                "80ee3600" + "581b0000" + "2a000000" + "2a000000" + Arp;
            Assert.AreEqual(expected, hex);
        }

        [TestMethod]
        public void ParsesBack()
        {
            byte[] file = Capture();
            Assert.AreEqual(0xA1B2C3D4u, BinaryPrimitives.ReadUInt32LittleEndian(file));
            int pos = PcapLink.GlobalHeaderLength;
            long[] times = { 1_234_000, 2_500_000, 3_600_000_007_000 };
            int[] lengths = { 47, 47, 42 };
            int n = 0;
            while (pos < file.Length)
            {
                uint sec = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos));
                uint usec = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos + 4));
                int incl = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(pos + 8));
                int orig = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(pos + 12));
                Assert.AreEqual(times[n], sec * 1_000_000L + usec);
                Assert.AreEqual(lengths[n], incl);
                Assert.AreEqual(incl, orig);
                pos += PcapLink.RecordHeaderLength + incl;
                n++;
            }
            Assert.AreEqual(file.Length, pos);
            Assert.AreEqual(3, n);
        }

        [TestMethod]
        public void DisposeClosesTheStreamUnlessLeftOpen()
        {
            var owned = new MemoryStream();
            var pcap = new PcapLink(new LoopbackLink(1, 2000), owned);
            pcap.Dispose();
            Assert.IsFalse(owned.CanWrite);
            Assert.ThrowsExactly<ObjectDisposedException>(() => pcap.Transmit(new byte[60], 0, 60, 0));
            pcap.Dispose();
            var kept = new MemoryStream();
            new PcapLink(new LoopbackLink(1, 2000), kept, leaveOpen: true).Dispose();
            Assert.IsTrue(kept.CanWrite);
            Assert.AreEqual(24L, kept.Length);
        }

        [TestMethod]
        public void TsharkReadsTheCapture()
        {
            string tshark = FindTool("tshark");
            TestEnvironment.Require(tshark != null, "tshark (apt-get install tshark)");
            string path = WriteTemp();
            try
            {
                string output = Run(tshark, "-n -r " + path + " -T fields -e frame.time_epoch -e frame.len -e eth.type -e udp.dstport -e arp.dst.proto_ipv4");
                string[] lines = output.Trim().Replace("\r", "").Split('\n');
                Assert.AreEqual(3, lines.Length, output);
                StringAssert.StartsWith(lines[0], "1.234000000\t47\t0x0800\t53", output);
                StringAssert.StartsWith(lines[1], "2.500000000\t47\t0x0800\t53", output);
                StringAssert.StartsWith(lines[2], "3600000.007000000\t42\t0x0806\t\t10.0.0.2", output);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        public void TcpdumpReadsTheCapture()
        {
            string tcpdump = FindTool("tcpdump");
            TestEnvironment.Require(tcpdump != null, "tcpdump (apt-get install tcpdump)");
            string path = WriteTemp();
            try
            {
                string output = Run(tcpdump, "-nn -tt -r " + path);
                string[] lines = output.Trim().Replace("\r", "").Split('\n');
                Assert.AreEqual(3, lines.Length, output);
                StringAssert.StartsWith(lines[0], "1.234000 IP 10.0.0.1.4660 > 10.0.0.2.53", output);
                StringAssert.StartsWith(lines[2], "3600000.007000 ARP, Request who-has 10.0.0.2 tell 10.0.0.1", output);
            }
            finally
            {
                File.Delete(path);
            }
        }

        private static string WriteTemp()
        {
            string path = Path.Combine(Path.GetTempPath(), "nanostack-pcap-" + Guid.NewGuid().ToString("N") + ".pcap");
            var loop = new LoopbackLink(4, 8000);
            byte[] udp = Convert.FromHexString(Udp);
            byte[] arp = Convert.FromHexString(Arp);
            byte[] rx = new byte[1514];
            using (var pcap = PcapLink.Create(loop, path))
            {
                pcap.Transmit(udp, 0, udp.Length, 1234);
                pcap.Receive(rx, 0, rx.Length, 2500);
                pcap.Transmit(arp, 0, arp.Length, 3_600_000_007);
            }
            CollectionAssert.AreEqual(Capture(), File.ReadAllBytes(path));
            return path;
        }

        private static string FindTool(string name)
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            {
                foreach (string candidate in new[] { Path.Combine(dir, name), Path.Combine("/usr/sbin", name) })
                {
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }
            return null;
        }

        private static string Run(string file, string arguments)
        {
            var info = new ProcessStartInfo(file, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.Environment["TZ"] = "UTC";
            using Process p = Process.Start(info);
            string stdout = p.StandardOutput.ReadToEnd();
            string stderr = p.StandardError.ReadToEnd();
            Assert.IsTrue(p.WaitForExit(60_000), file + " timed out");
            Assert.AreEqual(0, p.ExitCode, file + ": " + stderr);
            return stdout;
        }
    }
}
