using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.TlsClient;
using NanoStack.Tls;
using Suite = NanoStack.Tls.TlsCipherSuite;

namespace NanoStack.Host.Tests.Fuzz
{
    /// <summary>
    /// Seeded mutation run over TLS records into the client engine. A real handshake with the
    /// host's SslStream (TLS 1.2) is recorded once: the server's flight and an application-data
    /// record. The client's entropy is a resettable seeded source, so a fresh start of the same
    /// engine sends the same ClientHello and the recorded flight replays to an established
    /// connection. Seeds are the recording cut at every record boundary (each handshake state, then
    /// application data); each input is a mutated seed fed in pieces. The server has an RSA-2048
    /// key (RSA verification is the cheapest signature check here) and the client offers one suite
    /// with X25519, to keep the per-input key exchange lean. Every input must leave the
    /// engine established, or closed with a failure other than None that DescribeFailure explains;
    /// never an exception, and no allocation in the engine after warm-up.
    /// </summary>
    [TestClass]
    public sealed class TlsEngineFuzzTests
    {
        private const int Warmup = 256;

        /// <summary>A seeded xorshift64* stream that can start over (the same ClientHello and key share each run).</summary>
        private sealed class ReplayEntropy : NanoStack.Tls.Crypto.IEntropySource
        {
            private readonly ulong _seed;
            private ulong _state;

            public ReplayEntropy(ulong seed)
            {
                _seed = seed;
                _state = seed;
            }

            public void Reset()
            {
                _state = _seed;
            }

            public void GetBytes(byte[] buffer, int offset, int count)
            {
                for (int i = 0; i < count; i++)
                {
                    _state ^= _state >> 12;
                    _state ^= _state << 25;
                    _state ^= _state >> 27;
                    buffer[offset + i] = (byte)((_state * 0x2545F4914F6CDD1DUL) >> 56);
                }
            }
        }

        private static TestClient NewClient(TlsTestPki pki, ReplayEntropy entropy)
        {
            var config = new TlsClientConfig { CipherSuites = new[] { Suite.EcdheRsaAes128GcmSha256 }, Groups = new[] { Suite.GroupX25519 } };
            return new TestClient(pki.Anchors(), config, entropy);
        }

        /// <summary>Records what the server sends during a handshake and one echoed message.</summary>
        private static byte[] Record(TlsTestPki pki, ReplayEntropy entropy, long now)
        {
            var recorded = new MemoryStream();
            using var pipe = new BytePipe();
            pipe.ToClientFilter = (b, o, c) =>
            {
                lock (recorded)
                {
                    recorded.Write(b, o, c);
                }
            };
            using var server = new SslStreamServer(pipe, pki, new[] { (System.Net.Security.TlsCipherSuite)Suite.EcdheRsaAes128GcmSha256 });
            TestClient client = NewClient(pki, entropy);
            var tls = new TlsConnection(client.Engine, pipe.Client);
            entropy.Reset();
            Assert.IsTrue(tls.Handshake(TlsTestPki.HostName, now, null, 20_000), client.Engine.DescribeFailure());
            byte[] hello = new byte[200];
            for (int i = 0; i < hello.Length; i++)
            {
                hello[i] = (byte)i;
            }
            Assert.AreEqual(hello.Length, tls.Write(hello, 0, hello.Length, 20_000));
            byte[] back = new byte[hello.Length];
            int got = 0;
            while (got < back.Length)
            {
                int n = tls.Read(back, got, back.Length - got, 20_000);
                Assert.IsTrue(n > 0, "echo");
                got += n;
            }
            lock (recorded)
            {
                return recorded.ToArray();
            }
        }

        /// <summary>Ends of the records in a recorded stream (RFC 5246 §6.2.1: 5-byte header, 16-bit length).</summary>
        private static List<int> RecordEnds(byte[] stream)
        {
            var ends = new List<int>();
            int at = 0;
            while (at + 5 <= stream.Length)
            {
                at += 5 + ((stream[at + 3] << 8) | stream[at + 4]);
                if (at <= stream.Length)
                {
                    ends.Add(at);
                }
            }
            return ends;
        }

        /// <summary>
        /// Three runs that together cover every state with 100,000 inputs, each under about 20 s:
        /// prefixes ending in ServerHello or Certificate (cheap: no key exchange yet), ending in
        /// ServerKeyExchange or ServerHelloDone, and ending in ChangeCipherSpec, Finished or
        /// application data (each replays a whole key exchange first).
        /// </summary>
        [TestMethod]
        [DataRow(0, 1, 40_000, DisplayName = "ServerHello, Certificate")]
        [DataRow(2, 3, 30_000, DisplayName = "ServerKeyExchange, ServerHelloDone")]
        [DataRow(4, 6, 30_000, DisplayName = "ChangeCipherSpec, Finished, application data")]
        public void Engine_MutatedServerRecordsInEveryState_EndEstablishedOrWithAFailure(int firstRecord, int lastRecord, int inputs)
        {
            TlsTestPki pki = TlsTestPki.For(ServerKey.Rsa2048);
            var entropy = new ReplayEntropy(0x7E57_5EED_1234_5678UL);
            long now = TestClient.Now;
            byte[] flight = Record(pki, entropy, now);
            Assert.IsTrue(lastRecord < RecordEnds(flight).Count, "the recording has the records of this run");
            List<int> ends = RecordEnds(flight);
            Console.WriteLine("recorded " + flight.Length + " bytes from the server in " + ends.Count + " records");
            Assert.IsTrue(ends.Count >= 5, "ServerHello, Certificate, ServerKeyExchange, ServerHelloDone, ChangeCipherSpec, Finished, data");

            TestClient client = NewClient(pki, entropy);
            TlsClientEngine engine = client.Engine;
            var seeds = new byte[ends.Count][];
            for (int k = 0; k < ends.Count; k++)
            {
                seeds[k] = flight.AsSpan(0, ends[k]).ToArray();
            }
            // The unmutated replay: the whole flight establishes; every shorter prefix ends Truncated.
            Assert.IsTrue(Replay(engine, entropy, now, seeds[seeds.Length - 1], seeds[seeds.Length - 1].Length, 1 << 20), engine.DescribeFailure());
            Assert.IsTrue(engine.IsEstablished, "the recorded flight replays: " + engine.DescribeFailure());
            Replay(engine, entropy, now, seeds[0], seeds[0].Length, 1 << 20);
            Assert.AreEqual(TlsFailure.Truncated, engine.Failure);

            var mutator = new Mutator(5246u + (uint)firstRecord);
            var report = new FuzzReport("TLS client engine, prefixes ending in records " + firstRecord + ".." + lastRecord, Warmup);
            byte[] scratch = new byte[flight.Length + 4096];
            long describeBytes = 0;
            int describedEmpty = 0;
            var stateReached = new long[32];
            for (int i = 0; i < inputs; i++)
            {
                byte[] seed = seeds[firstRecord + mutator.Below(lastRecord - firstRecord + 1)];
                byte[] other = seeds[mutator.Below(seeds.Length)];
                int n = mutator.Mutate(seed, seed.Length, other, other.Length, scratch);
                int chunk = mutator.Below(2) == 0 ? 1 + mutator.Below(64) : 1 << 20;
                bool established = Replay(engine, entropy, now, scratch, n, chunk);
                stateReached[(int)engine.State & 31]++;
                if (!established)
                {
                    ProtocolFuzzTests.Check(engine.Failure != TlsFailure.None, "a failure says why");
                    if ((i & 63) == 0 && i >= Warmup)
                    {
                        long before = GC.GetAllocatedBytesForCurrentThread();
                        string why = engine.DescribeFailure();
                        describedEmpty += string.IsNullOrEmpty(why) ? 1 : 0;
                        describeBytes += GC.GetAllocatedBytesForCurrentThread() - before;
                    }
                }
                // Accepted: established, or every byte taken with nothing wrong but the missing rest.
                report.Count(established || engine.Failure == TlsFailure.Truncated, (int)engine.Failure);
            }
            report.Stop();
            Console.WriteLine("DescribeFailure sampled (1 in 64): " + describeBytes + " bytes (excluded from the engine's budget), empty " + describedEmpty);
            for (int s = 0; s < stateReached.Length; s++)
            {
                if (stateReached[s] != 0)
                {
                    Console.WriteLine("  ended in " + (TlsHandshakeState)s + ": " + stateReached[s]);
                }
            }
            Assert.AreEqual(0, describedEmpty, "DescribeFailure is never empty");
            report.ExcludeAllocated(describeBytes);
            report.Finish(inputs, 0, typeof(TlsFailure));
        }

        /// <summary>
        /// Starts the engine afresh and feeds <paramref name="length"/> bytes in pieces of at most
        /// <paramref name="chunk"/>, sending and reading whatever it produces; at the end of the
        /// bytes the transport ends unless the engine is established. True if established.
        /// </summary>
        private static bool Replay(TlsClientEngine engine, ReplayEntropy entropy, long now, byte[] data, int length, int chunk)
        {
            entropy.Reset();
            engine.Start(TlsTestPki.HostName, now, null);
            int at = 0;
            while (true)
            {
                while (engine.TryGetRecordsToSend(out _, out _, out int pending))
                {
                    engine.AckRecordsSent(pending);
                }
                while (engine.TryGetAppData(out _, out _, out int app))
                {
                    engine.AckAppData(app);
                }
                if (at >= length || !engine.TryGetRecordSpace(out byte[] space, out int offset, out int count))
                {
                    break;
                }
                int k = Math.Min(Math.Min(count, length - at), chunk);
                Array.Copy(data, at, space, offset, k);
                engine.AckRecordBytes(k);
                at += k;
            }
            if (!engine.IsEstablished)
            {
                engine.EndOfStream();
            }
            return engine.IsEstablished;
        }
    }
}
