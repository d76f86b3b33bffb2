using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Board.Emulator.Services;
using NanoStack.Dns;
using NanoStack.Wire;

namespace NanoStack.Host.Tests.Core
{
    /// <summary>
    /// Seeded robustness loop over the DNS readers: responses from the emulated server and
    /// hand-compressed ones, mutated (bit flips, pointer bytes, counts, truncation) or random, are
    /// matched and read, and names and records are read at every offset. Nothing may throw, loop
    /// or read outside the message: each message ends exactly at the end of its array, so a read
    /// past it is an IndexOutOfRangeException and fails the test.
    /// </summary>
    [TestClass]
    public sealed class DnsRobustnessTests
    {
        private const int Iterations = 50_000;
        private const ushort Id = 0x1234;

        private static byte[] Query(string name)
        {
            byte[] q = new byte[DnsQuery.MaxLength];
            Assert.AreEqual(DnsWireStatus.Ok, DnsQuery.Write(q, 0, q.Length, Id, name, DnsRecordType.A, out int length));
            return q.AsSpan(0, length).ToArray();
        }

        private static List<byte[]> Seeds(out byte[] qname)
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
                seeds.Add(server.Handle(0, Query(name), Ipv4Address.Any, 1, ref to, ref port, ref mac));
            }
            // Compressed by hand: alias.test CNAME x.alias.test (label "x" + a pointer to the
            // question name, at offset 40), then the A record owned by a pointer to offset 40.
            seeds.Add(Convert.FromHexString(
                "123481800001000200000000" + "05616c6961730474657374000001" + "0001"
                + "c00c0005000100000e1000040178c00c"
                + "c028000100010000012c0004c0000263"));
            qname = Query("alias.test").AsSpan(12, 12).ToArray();
            return seeds;
        }

        [TestMethod]
        public void MutatedResponsesNeverThrowOrReadOutOfBounds()
        {
            List<byte[]> seeds = Seeds(out byte[] qname);
            var reader = new DnsResponseReader(4, 8);
            Assert.AreEqual(DnsStatus.Resolved, reader.Read(new DnsPacket(seeds[4], 0, seeds[4].Length), qname, 0, qname.Length), "the compressed seed");
            Assert.AreEqual(new Ipv4Address(192, 0, 2, 99), reader.Address);
            Assert.AreEqual(1, reader.CnameCount);

            var rng = new Random(20260501);
            var statuses = new Dictionary<DnsStatus, int>();
            var nameStatuses = new Dictionary<DnsWireStatus, int>();
            byte[] output = new byte[DnsName.MaxLength];
            for (int iter = 0; iter < Iterations; iter++)
            {
                byte[] message;
                int mode = rng.Next(5);
                if (mode == 0)
                {
                    message = new byte[rng.Next(0, 200)];
                    rng.NextBytes(message);
                }
                else
                {
                    byte[] seed = seeds[rng.Next(seeds.Count)];
                    int length = mode == 1 ? rng.Next(0, seed.Length + 1) : seed.Length;
                    message = seed.AsSpan(0, length).ToArray();
                    int edits = 1 + rng.Next(6);
                    for (int k = 0; k < edits && length > 0; k++)
                    {
                        int at = rng.Next(length);
                        switch (rng.Next(4))
                        {
                            case 0: message[at] ^= (byte)(1 << rng.Next(8)); break;
                            case 1: message[at] = (byte)(0xC0 | rng.Next(4)); break;   // a pointer tag
                            case 2: message[at] = (byte)rng.Next(0, 0x50); break;      // a pointer target or a length
                            default: message[at] = (byte)rng.Next(256); break;
                        }
                    }
                    if (mode == 3 && length >= 12)
                    {
                        message[4 + 2 * rng.Next(4)] = 0;
                        message[5 + 2 * rng.Next(4)] = (byte)rng.Next(256); // a count
                    }
                }
                int offset = rng.Next(3);
                byte[] exact = new byte[offset + message.Length];
                message.CopyTo(exact, offset);
                var packet = new DnsPacket(exact, offset, message.Length);

                DnsResponseMatch match = reader.Match(packet, Id, qname, 0, qname.Length);
                DnsStatus status = reader.Read(packet, qname, 0, qname.Length);
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status == DnsStatus.Resolved)
                {
                    Assert.IsTrue(reader.AddressCount >= 1 && reader.AddressCount <= 4);
                }
                else
                {
                    Assert.AreEqual(0, reader.AddressCount);
                }
                if (status == DnsStatus.Malformed)
                {
                    Assert.AreNotEqual(DnsWireStatus.Ok, reader.WireStatus);
                }
                _ = match;

                // Names and records at every position, with and without output.
                for (int p = offset; p <= exact.Length; p++)
                {
                    DnsWireStatus ns = DnsName.Read(exact, offset, message.Length, p, (p & 1) == 0 ? output : null, 0, out int nameLength, out int end);
                    nameStatuses[ns] = nameStatuses.GetValueOrDefault(ns) + 1;
                    if (ns == DnsWireStatus.Ok)
                    {
                        Assert.IsTrue(nameLength >= 1 && nameLength <= DnsName.MaxLength);
                        Assert.IsTrue(end > p && end <= exact.Length);
                    }
                    int position = p;
                    if (DnsRecord.TryRead(packet, ref position, out DnsRecord rr) == DnsWireStatus.Ok)
                    {
                        Assert.IsTrue(rr.End <= exact.Length && position == rr.End);
                    }
                }
            }
            foreach (var kv in statuses)
            {
                Console.WriteLine("Read " + kv.Key + ": " + kv.Value);
            }
            foreach (var kv in nameStatuses)
            {
                Console.WriteLine("DnsName.Read " + kv.Key + ": " + kv.Value);
            }
            Assert.IsTrue(statuses.GetValueOrDefault(DnsStatus.Resolved) > 0, "some mutations still resolve");
            Assert.IsTrue(statuses.GetValueOrDefault(DnsStatus.Malformed) > 0, "many are malformed");
            Assert.IsTrue(nameStatuses.GetValueOrDefault(DnsWireStatus.BadPointer) > 0);
            Assert.IsTrue(nameStatuses.GetValueOrDefault(DnsWireStatus.LabelTooLong) > 0);
        }

        [TestMethod]
        public void ReadingAllocatesNothing()
        {
            List<byte[]> seeds = Seeds(out byte[] qname);
            var reader = new DnsResponseReader(4, 8);
            long bytes = Support.Allocations.Measure(() =>
            {
                foreach (byte[] seed in seeds)
                {
                    var packet = new DnsPacket(seed, 0, seed.Length);
                    reader.Match(packet, Id, qname, 0, qname.Length);
                    reader.Read(packet, qname, 0, qname.Length);
                }
            }, 100);
            Assert.AreEqual(0, bytes);
        }
    }
}
