using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Board.Emulator.Services;
using NanoStack.Dhcp;
using NanoStack.Dns;
using NanoStack.Http;
using NanoStack.Wire;

namespace NanoStack.Host.Tests.Fuzz
{
    /// <summary>
    /// Seeded mutation runs over the small protocol parsers that take network input: the DHCP
    /// message (DhcpRepr.TryParse over a DhcpPacket), the DNS response reader and name reader, and
    /// the HTTP/1.1 response parser fed in pieces. Each mutated input is placed at the very end of
    /// its array, so a read past the input is an IndexOutOfRangeException and fails the run; every
    /// input ends in a defined status; nothing is allocated after warm-up.
    /// </summary>
    [TestClass]
    public sealed class ProtocolFuzzTests
    {
        private const int Inputs = 100_000;
        private const int Warmup = 1_000;

        /// <summary>Copies the mutated input to the end of <paramref name="tail"/>; returns its offset.</summary>
        internal static int ToTail(byte[] input, int length, byte[] tail)
        {
            int offset = tail.Length - length;
            Array.Copy(input, 0, tail, offset, length);
            return offset;
        }

        /// <summary>One array per input length, allocated before the run, so every input can end its array.</summary>
        internal static byte[][] Tails(int maxLength)
        {
            var tails = new byte[maxLength + 1][];
            for (int i = 0; i <= maxLength; i++)
            {
                tails[i] = new byte[i];
            }
            return tails;
        }

        /// <summary>Asserts without boxing or building a message unless it fails (the run is allocation-checked).</summary>
        internal static void Check(bool condition, string what)
        {
            if (!condition)
            {
                Assert.Fail(what);
            }
        }

        // ------------------------------------------------------------------ DHCP

        private static readonly MacAddress Mac = new MacAddress(0x02, 0x00, 0x00, 0x00, 0x00, 0x42);

        private static byte[] Emit(DhcpRepr m)
        {
            byte[] b = new byte[m.BufferLength];
            m.Emit(new DhcpPacket(b, 0, b.Length));
            return b;
        }

        private static byte[][] DhcpSeeds()
        {
            var server = new Ipv4Address(192, 0, 2, 1);
            var offer = new DhcpRepr
            {
                Op = DhcpPacket.OpBootReply, TransactionId = 0xCAFEF00D, YourAddress = new Ipv4Address(192, 0, 2, 50),
                ClientHardwareAddress = Mac, MessageType = DhcpMessageType.Offer, ServerIdentifier = server,
                LeaseSeconds = 3600, SubnetMask = new Ipv4Address(255, 255, 255, 0), Router = server,
                DnsServer1 = new Ipv4Address(192, 0, 2, 53),
            };
            var ack = offer;
            ack.MessageType = DhcpMessageType.Ack;
            ack.Broadcast = true;
            ack.RenewalSeconds = 1800;
            ack.RebindingSeconds = 3150;
            ack.DnsServer2 = new Ipv4Address(198, 51, 100, 53);
            var nak = new DhcpRepr
            {
                Op = DhcpPacket.OpBootReply, TransactionId = 1, ClientHardwareAddress = Mac,
                MessageType = DhcpMessageType.Nak, ServerIdentifier = server,
            };
            var request = new DhcpRepr
            {
                Op = DhcpPacket.OpBootRequest, TransactionId = 7, ClientHardwareAddress = Mac, MessageType = DhcpMessageType.Request,
                RequestedAddress = new Ipv4Address(192, 0, 2, 50), ServerIdentifier = server, ClientIdentifier = true, ParameterRequestList = true,
            };
            var seeds = new List<byte[]> { Emit(offer), Emit(ack), Emit(nak), Emit(request) };
            // Unknown options, pads, repeats and bytes after the end option (the cases of DhcpPacketTests).
            byte[] odd = Emit(ack);
            byte[] tail =
            {
                53, 1, 5, 0, 0, 224, 3, 1, 2, 3, 54, 4, 10, 0, 0, 1, 6, 12, 10, 0, 0, 1, 10, 0, 0, 2, 10, 0, 0, 3,
                3, 8, 10, 0, 0, 9, 10, 0, 0, 8, 61, 7, 0, 1, 2, 3, 4, 5, 6, 255, 53, 1, 5,
            };
            Array.Resize(ref odd, 240 + tail.Length);
            tail.CopyTo(odd, 240);
            seeds.Add(odd);
            return seeds.ToArray();
        }

        [TestMethod]
        public void Dhcp_MutatedMessages_ParseToAStatusAndRoundTrip()
        {
            byte[][] seeds = DhcpSeeds();
            foreach (byte[] s in seeds)
            {
                Assert.AreEqual(WireStatus.Ok, DhcpRepr.TryParse(new DhcpPacket(s, 0, s.Length), out _), "seed parses");
            }
            var mutator = new Mutator(2131);
            var report = new FuzzReport("DHCP DhcpRepr.TryParse", Warmup);
            byte[] scratch = new byte[1024];
            byte[] emitted = new byte[1024];
            byte[][] tails = Tails(scratch.Length);
            for (int i = 0; i < Inputs; i++)
            {
                byte[] seed = seeds[mutator.Below(seeds.Length)];
                byte[] other = seeds[mutator.Below(seeds.Length)];
                int n = mutator.Mutate(seed, seed.Length, other, other.Length, scratch);
                byte[] tail = tails[n];
                int offset = ToTail(scratch, n, tail);
                WireStatus status = DhcpRepr.TryParse(new DhcpPacket(tail, offset, n), out DhcpRepr m);
                if (status == WireStatus.Ok)
                {
                    // What parsed emits, and parses back to the same values.
                    int length = m.BufferLength;
                    Check(length >= 240 && length <= emitted.Length, "BufferLength in range");
                    m.Emit(new DhcpPacket(emitted, 0, length));
                    Check(DhcpRepr.TryParse(new DhcpPacket(emitted, 0, length), out DhcpRepr back) == WireStatus.Ok, "what was emitted parses");
                    Check(m.MessageType == back.MessageType, "round trip: message type");
                    Check(m.TransactionId == back.TransactionId, "round trip: xid");
                    Check(m.YourAddress.Value == back.YourAddress.Value, "round trip: yiaddr");
                    Check(m.ServerIdentifier.Value == back.ServerIdentifier.Value, "round trip: server id");
                    Check(m.LeaseSeconds == back.LeaseSeconds, "round trip: lease");
                    Check(m.DnsServer2.Value == back.DnsServer2.Value, "round trip: dns 2");
                }
                report.Count(status == WireStatus.Ok, (int)status);
            }
            report.Finish(Inputs, 0, typeof(WireStatus));
        }

        // ------------------------------------------------------------------ DNS

        private const ushort DnsId = 0x1234;

        private static byte[] DnsQueryBytes(string name)
        {
            byte[] q = new byte[DnsQuery.MaxLength];
            Assert.AreEqual(DnsWireStatus.Ok, DnsQuery.Write(q, 0, q.Length, DnsId, name, DnsRecordType.A, out int length));
            return q.AsSpan(0, length).ToArray();
        }

        /// <summary>The seeds of DnsRobustnessTests: the emulated server's answers and a hand-compressed one.</summary>
        private static byte[][] DnsSeeds(out byte[] qname)
        {
            var server = new EmulatedDnsServer();
            server.AddA("device.test", new Ipv4Address(192, 0, 2, 10)).AddA("device.test", new Ipv4Address(192, 0, 2, 11))
                .AddCname("www.device.test", "device.test").AddCname("alias.test", "www.device.test");
            var seeds = new List<byte[]>();
            foreach (string name in new[] { "alias.test", "device.test", "www.device.test", "missing.test" })
            {
                Ipv4Address to = Ipv4Address.Any;
                ushort port = 0;
                MacAddress mac = new MacAddress(0);
                seeds.Add(server.Handle(0, DnsQueryBytes(name), Ipv4Address.Any, 1, ref to, ref port, ref mac));
            }
            seeds.Add(Convert.FromHexString(
                "123481800001000200000000" + "05616c6961730474657374000001" + "0001"
                + "c00c0005000100000e1000040178c00c"
                + "c028000100010000012c0004c0000263"));
            qname = DnsQueryBytes("alias.test").AsSpan(12, 12).ToArray();
            return seeds.ToArray();
        }

        [TestMethod]
        public void Dns_MutatedResponses_ReadToAStatus()
        {
            byte[][] seeds = DnsSeeds(out byte[] qname);
            var reader = new DnsResponseReader(4, 8);
            var mutator = new Mutator(1035);
            var report = new FuzzReport("DNS DnsResponseReader.Read + DnsName.Read", Warmup);
            byte[] scratch = new byte[600];
            byte[] output = new byte[DnsName.MaxLength];
            byte[][] tails = Tails(scratch.Length);
            for (int i = 0; i < Inputs; i++)
            {
                byte[] seed = seeds[mutator.Below(seeds.Length)];
                byte[] other = seeds[mutator.Below(seeds.Length)];
                int n = mutator.Mutate(seed, seed.Length, other, other.Length, scratch);
                byte[] tail = tails[n];
                int offset = ToTail(scratch, n, tail);
                var packet = new DnsPacket(tail, offset, n);
                reader.Match(packet, DnsId, qname, 0, qname.Length);
                DnsStatus status = reader.Read(packet, qname, 0, qname.Length);
                Check(status != DnsStatus.None, "a defined outcome");
                Check(status != DnsStatus.Pending, "a defined outcome");
                if (status == DnsStatus.Resolved)
                {
                    Check(reader.AddressCount >= 1 && reader.AddressCount <= 4, "address count");
                }
                else
                {
                    Check(reader.AddressCount == 0, "no addresses unless resolved");
                }
                if (status == DnsStatus.Malformed)
                {
                    Check(reader.WireStatus != DnsWireStatus.Ok, "malformed says why");
                }
                // Names and records at a few positions, with and without output.
                for (int k = 0; k < 3; k++)
                {
                    int p = offset + mutator.Below(n + 1);
                    DnsWireStatus ns = DnsName.Read(tail, offset, n, p, (k & 1) == 0 ? output : null, 0, out int nameLength, out int end);
                    if (ns == DnsWireStatus.Ok)
                    {
                        Check(nameLength >= 1 && nameLength <= DnsName.MaxLength, "name length");
                        Check(end > p && end <= tail.Length, "name end");
                    }
                    int position = p;
                    if (DnsRecord.TryRead(packet, ref position, out DnsRecord rr) == DnsWireStatus.Ok)
                    {
                        Check(rr.End <= tail.Length && position == rr.End, "record end");
                    }
                }
                report.Count(status == DnsStatus.Resolved, (int)status);
            }
            report.Finish(Inputs, 0, typeof(DnsStatus));
        }

        // ------------------------------------------------------------------ HTTP

        private static byte[][] HttpSeeds()
        {
            string[] texts =
            {
                // The seeds of HttpResponseParserTests.
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;name=value\r\nhello\r\n7 ; a ; b=\"q\"\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\nhello, world",
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n",
                "HTTP/1.0 200 OK\r\nServer: x\r\n\r\nuntil the connection closes",
                "HTTP/1.1 301 Moved Permanently\r\nLocation: https://device.test/\r\nContent-Length: 0\r\n\r\n",
            };
            var seeds = new byte[texts.Length][];
            for (int i = 0; i < texts.Length; i++)
            {
                seeds[i] = Encoding.ASCII.GetBytes(texts[i]);
            }
            return seeds;
        }

        [TestMethod]
        public void Http_MutatedResponsesInPieces_EndCompleteOrWithAnError()
        {
            byte[][] seeds = HttpSeeds();
            var parser = new HttpResponseParser(256, 8);
            var mutator = new Mutator(9112);
            var report = new FuzzReport("HTTP HttpResponseParser.Feed", Warmup);
            byte[] scratch = new byte[512];
            byte[][] tails = Tails(scratch.Length);
            for (int i = 0; i < Inputs; i++)
            {
                byte[] seed = seeds[mutator.Below(seeds.Length)];
                byte[] other = seeds[mutator.Below(seeds.Length)];
                int n = mutator.Mutate(seed, seed.Length, other, other.Length, scratch);
                byte[] tail = tails[n];
                int offset = ToTail(scratch, n, tail);
                parser.Reset((i & 15) == 0);
                int maxBody = 1 + mutator.Below(16);
                HttpParseEvent last = HttpParseEvent.NeedMore;
                int at = offset;
                int end = offset + n;
                int guard = 0;
                while (at < end && last != HttpParseEvent.Complete && last != HttpParseEvent.Error)
                {
                    int piece = Math.Min(end - at, 1 + mutator.Below(32));
                    int pieceEnd = at + piece;
                    while (at <= pieceEnd)
                    {
                        last = parser.Feed(tail, at, pieceEnd - at, maxBody, out int consumed);
                        Check(consumed >= 0 && consumed <= pieceEnd - at, "consumed in range");
                        at += consumed;
                        Check(++guard < 100_000, "the parser makes progress");
                        if (last == HttpParseEvent.Body)
                        {
                            Check(parser.BodyLength >= 1 && parser.BodyLength <= maxBody, "run length");
                            Check(parser.BodyOffset >= at - consumed && parser.BodyOffset + parser.BodyLength == at, "run inside the consumed bytes");
                        }
                        if (last == HttpParseEvent.NeedMore || last == HttpParseEvent.Complete || last == HttpParseEvent.Error || at == pieceEnd)
                        {
                            break;
                        }
                    }
                }
                if (last != HttpParseEvent.Complete && last != HttpParseEvent.Error)
                {
                    last = parser.FeedEnd();
                }
                Check(last == HttpParseEvent.Complete || last == HttpParseEvent.Error, "a defined end");
                if (last == HttpParseEvent.Error)
                {
                    Check(parser.Error != HttpError.None, "an error says why");
                }
                else
                {
                    Check(parser.Error == HttpError.None, "complete without an error");
                }
                report.Count(last == HttpParseEvent.Complete, (int)parser.Error);
            }
            report.Finish(Inputs, 0, typeof(HttpError));
        }
    }
}
