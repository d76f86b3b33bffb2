using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Wire;

namespace NanoStack.Host.Tests.Core
{
    /// <summary>
    /// Seeded robustness loop over every wire TryParse: random and mutated buffers must never
    /// throw and never read outside the view. Each view ends exactly at the end of its array, so
    /// any read past the view is an IndexOutOfRangeException and fails the test. Mutated frames
    /// have their checksums repaired half of the time so the option and quote parsers are reached.
    /// </summary>
    [TestClass]
    public class WireRobustnessTests
    {
        // Frames from tests/NanoStack.Tests/Core/WireVectors.cs (Linux loopback captures and
        // hand-built frames; see the sources there).
        private static readonly string[] Seeds = new string[]
        {
            "000000000000000000000000080045000054b4bb4000400187eb7f0000017f0000010800ffa458bc00017ab9046b000000005da6040000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637",
            "00000000000000000000000008004500003c379b40004006051f7f0000017f000001d89846a05a41d4e800000000a002ffd71e9500000204ffd70402080a0dead51c000000000103030a",
            "00000000000000000000000008004500002b3cc04000401100007f0000017f0000019e6714e90017edd168656c6c6f206e616e6f737461636b",
            "000000000000000000000000080045c00047b60000004001c5f37f0000017f0000010303eace000000004500002b3cc04000401100007f0000017f0000019e6714e90017fe2a68656c6c6f206e616e6f737461636b",
            "ffffffffffff02000000000108060001080006040001020000000001c0a80164000000000000c0a80101000000000000000000000000000000000000",
            "0200000000020200000000010800470000261234400040110990c0a80164c0a8010194040000019e03ab13880035000afffd6869",
            "020000000002020000000001080045000048123440004006147a0a0000010a0000029c4001bb1111111122222222d0100400cd0d00000101080a010203040506070801010512000003e8000007d000000bb800000fa0",
            "020000000002020000000001080045000044123440004006147e0a0000010a0000029c410050fffffff000000000c002ffff81c5000001020405b4030307fd04aabb0402080adeadbeef0000000000000000",
            "02000000000102000000000208004500003812340000ff0194920a0000fe0a0000010304beb60000057845000028123440004006e8c00a0000015db8d8229c4201bbabcdef01",
        };

        private const int Iterations = 100000;

        [TestMethod]
        public void RandomAndMutatedBuffersNeverThrowOrReadOutOfBounds()
        {
            var rng = new Random(20261123);
            byte[][] seeds = new byte[Seeds.Length][];
            for (int i = 0; i < Seeds.Length; i++)
            {
                seeds[i] = Convert.FromHexString(Seeds[i]);
            }
            int[] ok = new int[8];
            for (int iter = 0; iter < Iterations; iter++)
            {
                byte[] frame;
                int mode = rng.Next(4);
                if (mode == 0)
                {
                    frame = new byte[rng.Next(0, 120)];
                    rng.NextBytes(frame);
                }
                else
                {
                    byte[] seed = seeds[rng.Next(seeds.Length)];
                    int length = mode == 1 ? rng.Next(0, seed.Length + 1) : seed.Length;
                    frame = new byte[length];
                    Array.Copy(seed, frame, length);
                    int flips = 1 + rng.Next(6);
                    for (int k = 0; k < flips && length > 0; k++)
                    {
                        // Bias towards the headers and the TCP options (bytes 14..94).
                        int at = rng.Next(2) == 0 ? rng.Next(length) : Math.Min(length - 1, 14 + rng.Next(80));
                        frame[at] = rng.Next(3) == 0 ? (byte)rng.Next(256) : (byte)(frame[at] ^ (1 << rng.Next(8)));
                    }
                    if (rng.Next(2) == 0)
                    {
                        RepairChecksums(frame);
                    }
                }
                ParseEverything(frame, ok);
            }
            Console.WriteLine("Ok counts: eth " + ok[0] + ", arp " + ok[1] + ", ipv4 " + ok[2] + ", tcp " + ok[3] + ", udp " + ok[4] + ", icmp " + ok[5] + ", re-emitted " + ok[6]);
            // The loop must reach the deep parsers, not just bounce off the checksums.
            Assert.IsTrue(ok[3] > 1000, "tcp ok " + ok[3]);
            Assert.IsTrue(ok[4] > 500, "udp ok " + ok[4]);
            Assert.IsTrue(ok[5] > 500, "icmp ok " + ok[5]);
        }

        private static void RepairChecksums(byte[] frame)
        {
            if (frame.Length < 34)
            {
                return;
            }
            var ip = new Ipv4Packet(frame, 14, frame.Length - 14);
            if (ip.CheckLength() != WireStatus.Ok)
            {
                return;
            }
            ip.FillChecksum();
            int t = ip.PayloadOffset;
            int n = frame.Length - t; // exact to the end of the array
            if (ip.Protocol == IpProtocol.Tcp)
            {
                var seg = new TcpSegment(frame, t, n);
                if (seg.CheckLength() == WireStatus.Ok)
                {
                    seg.FillChecksum(ip.Source, ip.Destination);
                }
            }
            else if (ip.Protocol == IpProtocol.Udp)
            {
                var udp = new UdpPacket(frame, t, n);
                if (udp.CheckLength() == WireStatus.Ok)
                {
                    udp.FillChecksum(ip.Source, ip.Destination);
                }
            }
            else
            {
                var icmp = new IcmpPacket(frame, t, n);
                if (icmp.CheckLength() == WireStatus.Ok)
                {
                    icmp.FillChecksum();
                }
            }
        }

        private static void ParseEverything(byte[] frame, int[] ok)
        {
            int len = frame.Length;
            EthernetRepr eth;
            if (EthernetRepr.TryParse(new EthernetFrame(frame, 0, len), out eth) == WireStatus.Ok)
            {
                ok[0]++;
            }
            if (len < 14)
            {
                return;
            }
            ArpRepr arp;
            if (ArpRepr.TryParse(new ArpPacket(frame, 14, len - 14), out arp) == WireStatus.Ok)
            {
                ok[1]++;
                byte[] o = new byte[arp.BufferLength];
                arp.Emit(new ArpPacket(o, 0, o.Length));
                ok[6]++;
            }
            var ipView = new Ipv4Packet(frame, 14, len - 14);
            Ipv4Repr ip;
            Ipv4Address src = new Ipv4Address(0x7F000001), dst = src;
            int t = 34;
            if (Ipv4Repr.TryParse(ipView, out ip) == WireStatus.Ok)
            {
                ok[2]++;
                src = ip.Source;
                dst = ip.Destination;
                t = ipView.PayloadOffset;
                byte[] o = new byte[ip.BufferLength];
                ip.Emit(new Ipv4Packet(o, 0, o.Length));
                ok[6]++;
            }
            if (t > len)
            {
                return;
            }
            int n = len - t; // every transport view ends exactly at the end of the array
            TcpRepr tcp;
            if (TcpRepr.TryParse(new TcpSegment(frame, t, n), src, dst, out tcp) == WireStatus.Ok)
            {
                ok[3]++;
                // Touch every parsed field, then emit and re-parse: emit never fails on BufferLength.
                for (int k = 0; k < tcp.SackBlockCount; k++)
                {
                    tcp.GetSackLeft(k);
                    tcp.GetSackRight(k);
                }
                byte[] o = new byte[tcp.BufferLength];
                tcp.Emit(new TcpSegment(o, 0, o.Length), src, dst, frame, tcp.PayloadOffset);
                TcpRepr again;
                Assert.AreEqual(WireStatus.Ok, TcpRepr.TryParse(new TcpSegment(o, 0, o.Length), src, dst, out again));
                ok[6]++;
            }
            UdpRepr udp;
            if (UdpRepr.TryParse(new UdpPacket(frame, t, n), src, dst, out udp) == WireStatus.Ok)
            {
                ok[4]++;
                byte[] o = new byte[udp.BufferLength];
                udp.Emit(new UdpPacket(o, 0, o.Length), src, dst, frame, udp.PayloadOffset);
                ok[6]++;
            }
            IcmpRepr icmp;
            if (IcmpRepr.TryParse(new IcmpPacket(frame, t, n), out icmp) == WireStatus.Ok)
            {
                ok[5]++;
                byte[] o = new byte[icmp.BufferLength];
                icmp.Emit(new IcmpPacket(o, 0, o.Length), frame, icmp.DataOffset);
                IcmpRepr again;
                Assert.AreEqual(WireStatus.Ok, IcmpRepr.TryParse(new IcmpPacket(o, 0, o.Length), out again));
                ok[6]++;
            }
        }
    }
}
