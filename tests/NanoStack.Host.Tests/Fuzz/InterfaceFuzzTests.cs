using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Core;
using NanoStack.Iface;
using NanoStack.Sockets;
using NanoStack.Wire;

namespace NanoStack.Host.Tests.Fuzz
{
    /// <summary>
    /// Seeded mutation run over frame ingest: an Interface with a UDP socket, a listening TCP
    /// socket and an established TCP connection (made with a real peer on an emulated segment)
    /// takes mutated frames straight from a link the test controls. Seeds are the frames the
    /// interface really received while the state was built: ARP request and reply, ICMP echo, UDP,
    /// TCP SYN (with MSS and other options), ACK, data, FIN and RST. Every frame is either
    /// accepted or counted as a drop; no exception, no allocation after warm-up, sockets stay in a
    /// defined state and an error closes its socket. The same seeded setup is rebuilt every
    /// <see cref="InputsPerSetup"/> inputs (all built before the run, 200 of them), so the recorded
    /// sequence numbers stay in the window.
    /// </summary>
    [TestClass]
    public sealed class InterfaceFuzzTests
    {
        private const int Inputs = 100_000;
        private const int InputsPerSetup = 500;
        private const ushort TcpPort = 80;
        private const ushort UdpPort = 5000;

        private sealed class Setup
        {
            public StackPair Pair;
            public ControlledLink Link;
            public int Udp;
            public int Listener;
            public int Connection;
            public ushort ConnectionRemotePort;
            public int Client;
        }

        /// <summary>The same every time: fixed seeds, a virtual clock from zero.</summary>
        private static Setup Build(bool record)
        {
            ControlledLink link = null;
            var pair = new StackPair(new StackLimits { MaxTcpSockets = 6 }, decorateB: l => link = new ControlledLink(l));
            link.Recording = record;
            Interface a = pair.A, b = pair.B;
            var s = new Setup { Pair = pair, Link = link };
            s.Udp = b.UdpOpen(UdpPort);
            s.Listener = b.TcpOpen();
            b.TcpListen(s.Listener, TcpPort);

            // ARP, then an ICMP echo.
            Assert.IsTrue(a.Ping(pair.Now, StackPair.AddressB, 7, 1, 32));
            Assert.IsTrue(pair.RunUntil(() => a.TryGetPingReply(out _, out _)), "ping");
            // UDP.
            int au = a.UdpOpen(4000);
            byte[] payload = new byte[64];
            for (int i = 0; i < payload.Length; i++)
            {
                payload[i] = (byte)(i * 7);
            }
            Assert.IsTrue(a.UdpSendTo(pair.Now, au, StackPair.AddressB, UdpPort, payload, 0, 40));
            Assert.IsTrue(pair.RunUntil(() => b.GetUdp(s.Udp).CanReceive), "udp");
            b.GetUdp(s.Udp).ReceiveFrom(payload, 0, payload.Length, out _, out _);

            // A connection with data and a FIN, one that is reset, and one left established.
            int c1 = Connect(pair, s.Listener, out int s1);
            a.GetTcp(c1).Send(payload, 0, 60);
            Assert.IsTrue(pair.RunUntil(() => b.GetTcp(s1).ReceiveQueueLength == 60), "data");
            a.TcpClose(c1);
            Assert.IsTrue(pair.RunUntil(() => b.GetTcp(s1).State == TcpState.CloseWait), "fin");
            b.TcpClose(s1);
            int c2 = Connect(pair, s.Listener, out int s2);
            a.TcpAbort(c2);
            Assert.IsTrue(pair.RunUntil(() => b.GetTcp(s2).State == TcpState.Closed), "rst");
            b.TcpRelease(s2);
            int c3 = Connect(pair, s.Listener, out int s3);
            a.GetTcp(c3).Send(payload, 0, 50);
            b.GetTcp(s3).Send(payload, 0, 20);
            Assert.IsTrue(pair.RunUntil(() => b.GetTcp(s3).ReceiveQueueLength == 50 && a.GetTcp(c3).ReceiveQueueLength == 20
                && b.GetTcp(s3).SendQueueLength == 0), "established data both ways");
            pair.RunUntil(() => false, 50);
            b.GetTcp(s3).Receive(payload, 0, 50);
            s.Connection = s3;
            s.Client = c3;
            s.ConnectionRemotePort = b.GetTcp(s3).RemotePort;
            link.Recording = false;
            link.Injecting = true;
            return s;
        }

        private static int Connect(StackPair pair, int listener, out int accepted)
        {
            int c = pair.A.TcpOpen();
            Assert.AreEqual(TcpError.None, pair.A.TcpConnect(pair.Now, c, StackPair.AddressB, TcpPort));
            int server = -1;
            Assert.IsTrue(pair.RunUntil(() => (server = pair.B.TcpAccept(listener)) >= 0 && pair.A.GetTcp(c).State == TcpState.Established), "connect");
            accepted = server;
            return c;
        }

        /// <summary>Recomputes the IPv4 header checksum and the ICMP, UDP or TCP checksum
        /// (RFC 791 §3.1, RFC 792, RFC 768, RFC 9293 §3.1) where the frame's fields allow it.</summary>
        internal static void FixChecksums(byte[] f, int n)
        {
            if (n < 34 || f[12] != 0x08 || f[13] != 0x00)
            {
                return;
            }
            int ihl = (f[14] & 0x0F) * 4;
            if (ihl < 20 || 14 + ihl > n)
            {
                return;
            }
            f[24] = 0;
            f[25] = 0;
            Put(f, 24, Fold(Sum(f, 14, ihl, 0)));
            int total = (f[16] << 8) | f[17];
            int l4 = Math.Min(total - ihl, n - 14 - ihl);
            int at = 14 + ihl;
            bool firstFragment = ((f[20] & 0x1F) | f[21]) == 0;
            if (l4 < 0 || !firstFragment)
            {
                return;
            }
            uint pseudo = (uint)(((f[26] << 8) | f[27]) + ((f[28] << 8) | f[29]) + ((f[30] << 8) | f[31]) + ((f[32] << 8) | f[33]) + f[23] + l4);
            switch (f[23])
            {
                case 1 when l4 >= 4:
                    f[at + 2] = 0;
                    f[at + 3] = 0;
                    Put(f, at + 2, Fold(Sum(f, at, l4, 0)));
                    break;
                case 17 when l4 >= 8:
                    f[at + 6] = 0;
                    f[at + 7] = 0;
                    Put(f, at + 6, Fold(Sum(f, at, l4, pseudo)));
                    break;
                case 6 when l4 >= 20:
                    f[at + 16] = 0;
                    f[at + 17] = 0;
                    Put(f, at + 16, Fold(Sum(f, at, l4, pseudo)));
                    break;
            }
        }

        private static uint Sum(byte[] b, int offset, int length, uint sum)
        {
            int i = 0;
            for (; i + 1 < length; i += 2)
            {
                sum += (uint)((b[offset + i] << 8) | b[offset + i + 1]);
            }
            if (i < length)
            {
                sum += (uint)(b[offset + i] << 8);
            }
            return sum;
        }

        private static ushort Fold(uint sum)
        {
            while ((sum >> 16) != 0)
            {
                sum = (sum & 0xFFFF) + (sum >> 16);
            }
            return (ushort)~sum;
        }

        private static void Put(byte[] b, int at, ushort v)
        {
            b[at] = (byte)(v >> 8);
            b[at + 1] = (byte)v;
        }

        private static long Drops(InterfaceCounters c)
        {
            return (long)c.DroppedEthernet + c.DroppedNotOurMac + c.DroppedArp + c.DroppedIpv4Malformed + c.DroppedIpv4Checksum
                + c.DroppedFragments + c.DroppedNotForUs + c.DroppedUnknownProtocol + c.DroppedIcmp + c.DroppedUdp
                + c.DroppedUdpNoSocket + c.DroppedUdpQueueFull + c.DroppedTcp + c.DroppedTcpBroadcast + c.DroppedBacklogFull
                + c.DroppedNoRoute + c.DroppedArpPending;
        }

        [TestMethod]
        public void Interface_MutatedFrames_AreAcceptedOrCountedAsDrops()
        {
            // Seeds: what the interface received while the setup was built, then, on copies of the
            // same setup, the peer's further data and FIN on the established connection, and its RST.
            Setup record = Build(true);
            var seeds = new List<byte[]>(record.Link.Received);
            var partnerList = new List<byte[]>(record.Link.Transmitted);
            record.Link.Injecting = false;
            record.Link.Recording = true;
            record.Link.Received.Clear();
            byte[] more = new byte[30];
            record.Pair.A.GetTcp(record.Client).Send(more, 0, more.Length);
            record.Pair.A.TcpClose(record.Client);
            Assert.IsTrue(record.Pair.RunUntil(() => record.Pair.B.GetTcp(record.Connection).State == TcpState.CloseWait), "data and FIN on the connection");
            seeds.AddRange(record.Link.Received);
            Setup abort = Build(false);
            abort.Link.Injecting = false;
            abort.Link.Recording = true;
            abort.Pair.A.TcpAbort(abort.Client);
            Assert.IsTrue(abort.Pair.RunUntil(() => abort.Pair.B.GetTcp(abort.Connection).State == TcpState.Closed), "RST on the connection");
            seeds.AddRange(abort.Link.Received);
            partnerList.AddRange(record.Link.Transmitted);
            byte[][] partners = partnerList.ToArray();
            Setup setup = Build(false);
            Console.WriteLine("seeds: " + seeds.Count + " frames received by the interface, " + partners.Length + " sent (splice partners)");
            Assert.IsTrue(seeds.Count >= 15, "ARP, ICMP, UDP and TCP frames recorded");
            byte[][] all = seeds.ToArray();
            ushort remotePort = setup.ConnectionRemotePort;

            // Every setup is built before the run, so nothing but ingest runs (or allocates) in it.
            var setups = new Setup[Inputs / InputsPerSetup];
            setups[0] = setup;
            for (int k = 1; k < setups.Length; k++)
            {
                setups[k] = Build(false);
                Assert.AreEqual(remotePort, setups[k].Pair.B.GetTcp(setups[k].Connection).RemotePort, "the rebuilt setup is the same");
            }
            GC.Collect();
            var mutator = new Mutator(9293);
            var report = new FuzzReport("Interface frame ingest", 1_000);
            byte[] scratch = new byte[1514];
            byte[] drain = new byte[2048];
            
            long established = 0, reset = 0, otherStates = 0;
            for (int i = 0; i < Inputs; i++)
            {
                if (i > 0 && i % InputsPerSetup == 0)
                {
                    CountConnection(setup, ref established, ref reset, ref otherStates);
                    setup = setups[i / InputsPerSetup];
                }
                byte[] seed = all[mutator.Below(all.Length)];
                byte[] other = mutator.Below(4) == 0 ? partners[mutator.Below(partners.Length)] : all[mutator.Below(all.Length)];
                int n = mutator.Mutate(seed, seed.Length, other, other.Length, scratch);
                if ((i & 3) != 0)
                {
                    // Most inputs get valid checksums, so they reach the protocol code behind them.
                    FixChecksums(scratch, n);
                }
                Interface b = setup.Pair.B;
                long drops = Drops(b.Counters);
                int frames = b.Counters.FramesReceived;
                setup.Link.Inject(scratch, 0, n);
                long now = setup.Pair.Clock.NowMs + (i % InputsPerSetup);
                b.Poll(now);
                ProtocolFuzzTests.Check(b.Counters.FramesReceived == frames + 1 || n == 0, "the frame was taken");
                bool dropped = Drops(b.Counters) != drops;

                TcpSocket conn = b.GetTcp(setup.Connection);
                ProtocolFuzzTests.Check(conn.State >= TcpState.Closed && conn.State <= TcpState.TimeWait, "a defined TCP state");
                ProtocolFuzzTests.Check(conn.Error == TcpError.None || conn.State == TcpState.Closed, "an error closes the socket");
                ProtocolFuzzTests.Check(b.GetTcp(setup.Listener).State == TcpState.Listen, "the listener keeps listening");
                conn.Receive(drain, 0, drain.Length);
                UdpSocket udp = b.GetUdp(setup.Udp);
                while (udp.CanReceive)
                {
                    udp.ReceiveFrom(drain, 0, drain.Length, out _, out _);
                }
                int accepted;
                while ((accepted = b.TcpAccept(setup.Listener)) >= 0)
                {
                    b.TcpAbort(accepted);
                    b.TcpRelease(accepted);
                }
                report.Count(!dropped, dropped ? 1 : 0);
            }
            report.Stop();
            CountConnection(setup, ref established, ref reset, ref otherStates);
            long sent = 0;
            foreach (Setup x in setups)
            {
                sent += x.Link.TransmittedWhileInjecting;
            }
            Console.WriteLine("established connection after each run of " + InputsPerSetup + " inputs: still established " + established
                + ", reset " + reset + ", other states " + otherStates + "; frames the interface sent in reply: " + sent);
            report.Finish(Inputs, 0, typeof(IngestOutcome));
        }

        private enum IngestOutcome
        {
            Accepted,
            Dropped,
        }

        private static void CountConnection(Setup s, ref long established, ref long reset, ref long other)
        {
            TcpSocket c = s.Pair.B.GetTcp(s.Connection);
            if (c.State == TcpState.Established)
            {
                established++;
            }
            else if (c.Error == TcpError.Reset)
            {
                reset++;
            }
            else
            {
                other++;
            }
        }
    }
}
