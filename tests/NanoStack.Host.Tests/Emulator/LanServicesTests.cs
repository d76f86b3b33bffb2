using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Board.Emulator;
using NanoStack.Board.Emulator.Services;
using NanoStack.Host.Tests.Support;
using NanoStack.Wire;

namespace NanoStack.Host.Tests.Emulator
{
    /// <summary>
    /// The emulated DHCP and DNS servers answer hand-built requests with the RFC 2131/1035 fields
    /// expected, and tshark (an independent decoder) reads the exchange without complaint.
    /// </summary>
    [TestClass]
    public sealed class LanServicesTests
    {
        private static readonly MacAddress RouterMac = new MacAddress(0x02, 0x00, 0x5E, 0x00, 0x00, 0x01);
        private static readonly MacAddress ClientMac = new MacAddress(0x02, 0x00, 0x5E, 0x00, 0x00, 0x10);
        private static readonly Ipv4Address Router = new Ipv4Address(192, 0, 2, 1);
        private static readonly Ipv4Address PoolStart = new Ipv4Address(192, 0, 2, 100);

        private sealed class Lan
        {
            public EthernetSegment Segment = new EthernetSegment();
            public EmulatedServicesNode Node;
            public EmulatedDhcpServer Dhcp;
            public EmulatedDnsServer Dns;
            public Board.Emulator.PcapLink Client;
            public long Now;

            public Lan(string pcapPath)
            {
                Node = new EmulatedServicesNode(Segment, RouterMac, Router, 24);
                Dhcp = Node.Add(new EmulatedDhcpServer(Node, PoolStart, 10, Router, leaseSeconds: 7200));
                Dns = Node.Add(new EmulatedDnsServer());
                Dns.AddA("device.test", new Ipv4Address(192, 0, 2, 10)).AddCname("www.device.test", "device.test").AddCname("alias.test", "www.device.test");
                Stream s = pcapPath == null ? new MemoryStream() : File.Create(pcapPath);
                Client = new Board.Emulator.PcapLink(Segment.Attach(ClientMac), s);
            }

            /// <summary>Sends a UDP datagram from the client and returns the UDP payload of the reply (or null).</summary>
            public byte[] Exchange(Ipv4Address src, Ipv4Address dst, ushort sport, ushort dport, byte[] payload, out Ipv4Address replyDst)
            {
                var udp = new UdpRepr { SourcePort = sport, DestinationPort = dport, PayloadLength = payload.Length };
                Ipv4Repr ip = Ipv4Repr.Create(src, dst, IpProtocol.Udp, udp.BufferLength, 1);
                var frame = new byte[14 + ip.BufferLength];
                new EthernetRepr { Source = ClientMac, Destination = dst.IsBroadcast ? MacAddress.Broadcast : RouterMac, EtherType = EtherType.Ipv4 }.Emit(new EthernetFrame(frame, 0, frame.Length));
                udp.Emit(new UdpPacket(frame, 34, udp.BufferLength), src, dst, payload, 0);
                ip.Emit(new Ipv4Packet(frame, 14, ip.BufferLength));
                Assert.IsTrue(Client.Transmit(frame, 0, frame.Length, Now));
                Node.Poll(Now);
                Now += 5;
                var rx = new byte[1514];
                int n = Client.Receive(rx, 0, rx.Length, Now);
                replyDst = Ipv4Address.Any;
                if (n == 0)
                {
                    return null;
                }
                var ipv = new Ipv4Packet(rx, 14, n - 14);
                Assert.AreEqual(WireStatus.Ok, Ipv4Repr.TryParse(ipv, out Ipv4Repr ir));
                replyDst = ir.Destination;
                Assert.AreEqual(WireStatus.Ok, UdpRepr.TryParse(new UdpPacket(rx, 34, ir.PayloadLength), ir.Source, ir.Destination, out UdpRepr ur));
                Assert.AreEqual(dport, ur.SourcePort);
                Assert.AreEqual(sport, ur.DestinationPort);
                return rx.AsSpan(ur.PayloadOffset, ur.PayloadLength).ToArray();
            }
        }

        [TestMethod]
        public void DhcpDiscoverOfferRequestAck()
        {
            var lan = new Lan(null);
            byte[] offer = lan.Exchange(Ipv4Address.Any, Ipv4Address.Broadcast, 68, 67, Dhcp(1, 0x11223344, 0, 0), out Ipv4Address to);
            Assert.IsNotNull(offer);
            Assert.AreEqual(Ipv4Address.Broadcast, to);
            Assert.AreEqual(2, offer[0]);
            Assert.AreEqual(0x11223344u, BinaryPrimitives.ReadUInt32BigEndian(offer.AsSpan(4)));
            Assert.AreEqual(PoolStart.Value, BinaryPrimitives.ReadUInt32BigEndian(offer.AsSpan(16)), "yiaddr");
            Assert.AreEqual(2, Option(offer, 53)[0]);
            Assert.AreEqual(Router.Value, BinaryPrimitives.ReadUInt32BigEndian(Option(offer, 54)));
            Assert.AreEqual(7200u, BinaryPrimitives.ReadUInt32BigEndian(Option(offer, 51)));
            Assert.AreEqual(3600u, BinaryPrimitives.ReadUInt32BigEndian(Option(offer, 58)));
            Assert.AreEqual(6300u, BinaryPrimitives.ReadUInt32BigEndian(Option(offer, 59)));
            Assert.AreEqual(0xFFFFFF00u, BinaryPrimitives.ReadUInt32BigEndian(Option(offer, 1)));
            Assert.AreEqual(Router.Value, BinaryPrimitives.ReadUInt32BigEndian(Option(offer, 3)));
            Assert.AreEqual(Router.Value, BinaryPrimitives.ReadUInt32BigEndian(Option(offer, 6)));

            byte[] ack = lan.Exchange(Ipv4Address.Any, Ipv4Address.Broadcast, 68, 67, Dhcp(3, 0x11223345, PoolStart.Value, Router.Value), out _);
            Assert.AreEqual(5, Option(ack, 53)[0]);
            Assert.IsTrue(lan.Dhcp.TryGetLease(ClientMac, out Ipv4Address leased, out long expires));
            Assert.AreEqual(PoolStart, leased);
            Assert.AreEqual(lan.Now - 5 + 7_200_000, expires);

            // RFC 2131 §4.3.2: a request for an address outside the pool is NAKed.
            byte[] nak = lan.Exchange(Ipv4Address.Any, Ipv4Address.Broadcast, 68, 67, Dhcp(3, 7, new Ipv4Address(192, 0, 2, 250).Value, 0), out Ipv4Address nakTo);
            Assert.AreEqual(6, Option(nak, 53)[0]);
            Assert.AreEqual(Ipv4Address.Broadcast, nakTo);
            Assert.AreEqual(0u, BinaryPrimitives.ReadUInt32BigEndian(nak.AsSpan(16)), "no yiaddr in a NAK");

            lan.Dhcp.IgnoreNext = 1;
            Assert.IsNull(lan.Exchange(Ipv4Address.Any, Ipv4Address.Broadcast, 68, 67, Dhcp(1, 9, 0, 0), out _), "a lost DISCOVER gets no answer");
        }

        [TestMethod]
        public void DnsAnswersACnameChainAndNxdomain()
        {
            var lan = new Lan(null);
            Ipv4Address me = PoolStart;
            byte[] r = lan.Exchange(me, Router, 40000, 53, DnsQuery(0xBEEF, "alias.test"), out _);
            Assert.AreEqual(0xBEEF, BinaryPrimitives.ReadUInt16BigEndian(r));
            Assert.AreEqual(0x85, r[2], "QR, AA, RD");
            Assert.AreEqual(0x80, r[3], "RA, NOERROR");
            Assert.AreEqual(3, BinaryPrimitives.ReadUInt16BigEndian(r.AsSpan(6)), "two CNAMEs and one A");
            Assert.AreEqual(192, r[^4]);
            Assert.AreEqual(10, r[^1]);

            byte[] nx = lan.Exchange(me, Router, 40001, 53, DnsQuery(0x0102, "missing.test"), out _);
            Assert.AreEqual(0x83, nx[3], "NXDOMAIN");
            Assert.AreEqual(0, BinaryPrimitives.ReadUInt16BigEndian(nx.AsSpan(6)));

            byte[] bad = DnsQuery(0x0103, "device.test");
            bad[12] = 70; // a label longer than 63
            byte[] formerr = lan.Exchange(me, Router, 40002, 53, bad, out _);
            Assert.AreEqual(0x81, formerr[3], "FORMERR");
        }

        [TestMethod]
        public void TsharkDecodesTheExchangeWithoutErrors()
        {
            string tshark = File.Exists("/usr/bin/tshark") ? "/usr/bin/tshark" : null;
            TestEnvironment.Require(tshark != null, "tshark (apt-get install tshark)");
            string path = Path.Combine(Path.GetTempPath(), "nanostack-lan-" + Guid.NewGuid().ToString("N") + ".pcap");
            try
            {
                var lan = new Lan(path);
                lan.Exchange(Ipv4Address.Any, Ipv4Address.Broadcast, 68, 67, Dhcp(1, 0x55, 0, 0), out _);
                lan.Exchange(Ipv4Address.Any, Ipv4Address.Broadcast, 68, 67, Dhcp(3, 0x55, PoolStart.Value, Router.Value), out _);
                lan.Exchange(PoolStart, Router, 40000, 53, DnsQuery(0x77, "www.device.test"), out _);
                lan.Client.Dispose();

                string fields = Run(tshark, "-n -r " + path + " -T fields -e dhcp.option.dhcp -e dns.flags.rcode -e dns.a");
                string[] lines = fields.Trim().Split('\n');
                Assert.AreEqual(6, lines.Length, fields);
                StringAssert.StartsWith(lines[0], "1");
                StringAssert.StartsWith(lines[1], "2");
                StringAssert.StartsWith(lines[2], "3");
                StringAssert.StartsWith(lines[3], "5");
                StringAssert.Contains(lines[5], "192.0.2.10");
                string expert = Run(tshark, "-n -r " + path + " -z expert,warn -q");
                Assert.IsFalse(expert.Contains("Malformed", StringComparison.OrdinalIgnoreCase), expert);
                Assert.IsFalse(expert.Contains("Bad checksum", StringComparison.OrdinalIgnoreCase), expert);
            }
            finally
            {
                File.Delete(path);
            }
        }

        private static byte[] Dhcp(byte type, uint xid, uint requested, uint serverId)
        {
            var m = new byte[300];
            m[0] = 1; m[1] = 1; m[2] = 6;
            BinaryPrimitives.WriteUInt32BigEndian(m.AsSpan(4), xid);
            m[10] = 0x80; // broadcast flag
            ClientMac.Write(m, 28);
            BinaryPrimitives.WriteUInt32BigEndian(m.AsSpan(236), 0x63825363);
            int o = 240;
            m[o++] = 53; m[o++] = 1; m[o++] = type;
            if (requested != 0)
            {
                m[o++] = 50; m[o++] = 4; BinaryPrimitives.WriteUInt32BigEndian(m.AsSpan(o), requested); o += 4;
            }
            if (serverId != 0)
            {
                m[o++] = 54; m[o++] = 4; BinaryPrimitives.WriteUInt32BigEndian(m.AsSpan(o), serverId); o += 4;
            }
            m[o] = 255;
            return m;
        }

        private static byte[] Option(byte[] m, byte code)
        {
            for (int i = 240; i < m.Length && m[i] != 255;)
            {
                if (m[i] == 0)
                {
                    i++;
                    continue;
                }
                if (m[i] == code)
                {
                    return m.AsSpan(i + 2, m[i + 1]).ToArray();
                }
                i += 2 + m[i + 1];
            }
            Assert.Fail("option " + code + " missing");
            return null;
        }

        private static byte[] DnsQuery(ushort id, string name)
        {
            byte[] qname = EmulatedDnsServer.EncodeName(name);
            var q = new byte[12 + qname.Length + 4];
            BinaryPrimitives.WriteUInt16BigEndian(q, id);
            q[2] = 0x01; // RD
            q[5] = 1;    // QDCOUNT
            qname.CopyTo(q, 12);
            q[^3] = 1;   // QTYPE A
            q[^1] = 1;   // QCLASS IN
            return q;
        }

        private static string Run(string file, string args)
        {
            var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
            using Process p = Process.Start(psi);
            string output = p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            Assert.IsTrue(p.WaitForExit(30_000), file + " timed out");
            return output;
        }
    }
}
