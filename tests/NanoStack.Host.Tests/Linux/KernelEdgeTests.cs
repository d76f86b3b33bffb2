using System;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Sockets;
using NanoStack.Wire;

namespace NanoStack.Host.Tests.Linux
{
    /// <summary>
    /// NanoStack against the Linux kernel over TAP beyond the happy path: UDP echo, impaired links,
    /// half-close and RST from either side, TIME-WAIT and port reuse, 64 concurrent connections,
    /// a kernel reader that closes its window. Several runs are captured with tcpdump in the
    /// namespace and checked by tshark for malformed packets and bad checksums.
    ///
    /// The impairments are applied by NanoStack's <see cref="NanoStack.Link.FaultInjectorLink"/> on
    /// both directions of the TAP link (its inbound side stands for netem on the kernel's egress):
    /// this machine's kernel has no sch_netem, so `tc qdisc … netem` is not available. 20% loss
    /// is run on the emulator only (TcpWholeStackTests): in real time the kernel's backed-off
    /// retransmission timer (up to 120 s) outlasts any bounded test.
    /// </summary>
    [TestClass]
    public sealed class KernelEdgeTests
    {
        // The kernel side: a server on 192.0.2.1:7000 that reads to EOF, answers with the SHA-256
        // and the length, and closes. Serves connections one after the other.
        private const string ShaServer =
            "import socket,hashlib\n" +
            "s=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);s.bind(('192.0.2.1',7000));s.listen(8);print('ready',flush=True)\n" +
            "while True:\n" +
            " c,_=s.accept();h=hashlib.sha256();n=0\n" +
            " while True:\n" +
            "  d=c.recv(65536)\n" +
            "  if not d: break\n" +
            "  h.update(d);n+=len(d)\n" +
            " c.sendall((h.hexdigest()+' '+str(n)).encode());c.close()\n";

        [TestMethod]
        public void UdpEcho()
        {
            KernelNode.Require();
            using var node = new KernelNode();
            node.StartPython("import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind(('192.0.2.1',7001));print('ready',flush=True)\nwhile True:\n d,a=s.recvfrom(4096);s.sendto(d,a)\n", true);
            int h = node.Iface.UdpOpen(0);
            UdpSocket u = node.Iface.GetUdp(h);
            var got = new byte[2000];
            for (int i = 0; i < 5; i++)
            {
                byte[] msg = Encoding.ASCII.GetBytes("datagram " + i + new string('x', 150 * i));
                Assert.IsTrue(node.Iface.UdpSendTo(node.Now, h, KernelNode.Kernel, 7001, msg, 0, msg.Length));
                Assert.IsTrue(node.Pump(() => u.CanReceive, 5_000), "echo " + i);
                Assert.AreEqual(msg.Length, u.ReceiveFrom(got, 0, got.Length, out Ipv4Address from, out ushort port));
                Assert.AreEqual(KernelNode.Kernel, from);
                Assert.AreEqual((ushort)7001, port);
                Assert.AreEqual(Encoding.ASCII.GetString(msg), Encoding.ASCII.GetString(got, 0, msg.Length));
            }
        }

        [TestMethod]
        [DataRow(50_000, 0, 0, 0, 0, DisplayName = "5% loss")]
        [DataRow(0, 50, 10, 0, 0, DisplayName = "50 ms delay, 10 ms jitter")]
        [DataRow(0, 0, 0, 250_000, 0, DisplayName = "25% reordering")]
        [DataRow(0, 0, 0, 0, 50_000, DisplayName = "5% duplication")]
        [DataRow(-1, 0, 0, 0, 0, DisplayName = "1% corruption")]
        public void ImpairedLinkBothWays(int lossPpm, int delayMs, int jitterMs, int reorderPpm, int duplicatePpm)
        {
            KernelNode.Require();
            using var node = new KernelNode();
            int corruptPpm = lossPpm < 0 ? 10_000 : 0;
            lossPpm = Math.Max(lossPpm, 0);
            node.Faults.Configure(lossPpm, duplicatePpm, reorderPpm, corruptPpm, delayMs / 2, jitterMs / 2, 0);
            bool capturing = node.StartCapture();
            node.StartPython(ShaServer, true);

            // NanoStack → kernel, the kernel answers with the SHA-256.
            int size = 262144;
            int h = node.Iface.TcpOpen();
            TcpSocket s = node.Iface.GetTcp(h);
            s.MinRtoMs = 200; // as Linux, so the test's wall time stays bounded under loss
            Assert.AreEqual(TcpError.None, node.Iface.TcpConnect(node.Now, h, KernelNode.Kernel, 7000));
            byte[] data = new byte[size];
            new Random(lossPpm + delayMs + reorderPpm + duplicatePpm + corruptPpm).NextBytes(data);
            int sent = 0;
            Assert.IsTrue(node.Pump(() => s.State == TcpState.Established && (sent += s.Send(data, sent, data.Length - sent)) == data.Length && s.SendQueueLength == 0, 120_000),
                $"sent {sent}, state {s.State} {s.Error}");
            node.Iface.TcpClose(h);
            var answer = new byte[200];
            int got = 0;
            Assert.IsTrue(node.Pump(() => { got += s.Receive(answer, got, answer.Length - got); return s.RemoteClosed; }, 60_000), "answer");
            Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(data)) + " " + data.Length, Encoding.ASCII.GetString(answer, 0, got));
            Console.WriteLine($"retransmissions {s.Retransmissions}; injected: lost {node.Faults.Outbound.Lost}+{node.Faults.Inbound.Lost}, duplicated {node.Faults.Outbound.Duplicated}+{node.Faults.Inbound.Duplicated}, reordered {node.Faults.Outbound.Reordered}+{node.Faults.Inbound.Reordered}, corrupted {node.Faults.Outbound.Corrupted}+{node.Faults.Inbound.Corrupted}; dropped bad TCP {node.Iface.Counters.DroppedTcp}, bad IPv4 {node.Iface.Counters.DroppedIpv4Checksum + node.Iface.Counters.DroppedIpv4Malformed}");

            // Kernel → NanoStack: the kernel sends the same amount to our listener, we check the SHA-256.
            int listener = node.Iface.TcpOpen();
            node.Iface.GetTcp(listener).MinRtoMs = 200;
            node.Iface.TcpListen(listener, 8000);
            Process client = node.StartPython("import socket,random\nrandom.seed(7);d=bytes(random.getrandbits(8) for _ in range(" + size + "))\nc=socket.create_connection(('192.0.2.2',8000),timeout=60);c.sendall(d);c.shutdown(socket.SHUT_WR)\nprint(c.recv(10) or b'eof',flush=True)\n", false);
            int a = -1;
            Assert.IsTrue(node.Pump(() => (a = node.Iface.TcpAccept(listener)) >= 0, 30_000), "accepted");
            TcpSocket r = node.Iface.GetTcp(a);
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[8192];
            long total = 0;
            Assert.IsTrue(node.Pump(() =>
            {
                int n;
                while ((n = r.Receive(buffer, 0, buffer.Length)) > 0)
                {
                    sha.AppendData(buffer, 0, n);
                    total += n;
                }
                return r.RemoteClosed;
            }, 120_000), $"received {total}");
            node.Iface.TcpClose(a);
            Assert.IsTrue(node.Pump(() => client.HasExited, 30_000));
            Assert.AreEqual((long)size, total);
            // python's random with seed 7 cannot be reproduced here: compare against its own hash.
            Process check = node.StartPython("import random,hashlib\nrandom.seed(7);d=bytes(random.getrandbits(8) for _ in range(" + size + "));print(hashlib.sha256(d).hexdigest(),flush=True)\n", false);
            string expected = check.StandardOutput.ReadLine();
            Assert.AreEqual(expected, Convert.ToHexStringLower(sha.GetHashAndReset()));

            if (capturing)
            {
                var (problems, packets) = node.CheckCapture();
                Console.WriteLine($"capture: {packets} packets");
                if (corruptPpm == 0)
                {
                    Assert.AreEqual("", problems, "tshark: no malformed packets, no bad checksums");
                }
                // The packet count is reported, not asserted: in the shortest runs tcpdump inside the
                // namespace sometimes records nothing (not understood yet).
            }
        }

        [TestMethod]
        public void KernelHalfClosesAndStillReceives()
        {
            KernelNode.Require();
            using var node = new KernelNode();
            int listener = node.Iface.TcpOpen();
            node.Iface.TcpListen(listener, 8000);
            Process client = node.StartPython("import socket,hashlib\nc=socket.create_connection(('192.0.2.2',8000),timeout=20);c.sendall(b'q'*100000);c.shutdown(socket.SHUT_WR)\nh=hashlib.sha256();n=0\nwhile True:\n d=c.recv(65536)\n if not d: break\n h.update(d);n+=len(d)\nprint(h.hexdigest(),n,flush=True)\n", false);
            int a = -1;
            Assert.IsTrue(node.Pump(() => (a = node.Iface.TcpAccept(listener)) >= 0, 10_000));
            TcpSocket s = node.Iface.GetTcp(a);
            var buffer = new byte[8192];
            long got = 0;
            Assert.IsTrue(node.Pump(() => { int n; while ((n = s.Receive(buffer, 0, buffer.Length)) > 0) got += n; return s.RemoteClosed; }, 20_000));
            Assert.AreEqual(100000L, got);
            Assert.AreEqual(TcpState.CloseWait, s.State, "the kernel's FIN: CLOSE-WAIT, our side still open");
            byte[] reply = new byte[200000];
            new Random(5).NextBytes(reply);
            int sent = 0;
            Assert.IsTrue(node.Pump(() => (sent += s.Send(reply, sent, reply.Length - sent)) == reply.Length, 20_000));
            node.Iface.TcpClose(a);
            Assert.IsTrue(node.Pump(() => client.HasExited, 20_000));
            Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(reply)) + " " + reply.Length, client.StandardOutput.ReadToEnd().Trim());
            Assert.IsTrue(node.Pump(() => node.Iface.TcpSocketsInUse == 1, 5_000), "LAST-ACK → CLOSED, released");
        }

        [TestMethod]
        public void ResetFromEitherSide()
        {
            KernelNode.Require();
            using var node = new KernelNode();
            int listener = node.Iface.TcpOpen();
            node.Iface.TcpListen(listener, 8000);
            // The kernel resets (SO_LINGER 0 then close).
            node.StartPython("import socket,struct,time\nc=socket.create_connection(('192.0.2.2',8000),timeout=20);time.sleep(0.3);c.setsockopt(socket.SOL_SOCKET,socket.SO_LINGER,struct.pack('ii',1,0));c.close()\n", false);
            int a = -1;
            Assert.IsTrue(node.Pump(() => (a = node.Iface.TcpAccept(listener)) >= 0, 10_000));
            TcpSocket s = node.Iface.GetTcp(a);
            Assert.IsTrue(node.Pump(() => s.State == TcpState.Closed, 10_000));
            Assert.AreEqual(TcpError.Reset, s.Error);
            node.Iface.TcpRelease(a);

            // We reset: the kernel sees ECONNRESET, in recv or (when our RST lands before the
            // client's connect() has returned to user space) in connect itself.
            Process client = node.StartPython("import socket\ntry:\n c=socket.create_connection(('192.0.2.2',8000),timeout=20)\n d=c.recv(10);print('eof' if not d else 'data',flush=True)\nexcept ConnectionResetError:\n print('reset',flush=True)\n", false);
            Assert.IsTrue(node.Pump(() => (a = node.Iface.TcpAccept(listener)) >= 0, 10_000));
            node.Iface.TcpAbort(a);
            Assert.IsTrue(node.Pump(() => client.HasExited, 10_000));
            Assert.AreEqual("reset", client.StandardOutput.ReadToEnd().Trim());
        }

        [TestMethod]
        public void TimeWaitAndPortReuse()
        {
            KernelNode.Require();
            using var node = new KernelNode();
            int listener = node.Iface.TcpOpen();
            node.Iface.TcpListen(listener, 8000);
            // The kernel connects twice from the same port; the first time NanoStack closes first and
            // keeps the 4-tuple in TIME-WAIT when the second SYN arrives (RFC 9293 §3.10.7.4: the
            // challenge ACK makes the kernel reset the old incarnation, then its SYN is accepted).
            Process client = node.StartPython(
                "import socket,time\n" +
                "def once():\n s=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);s.bind(('192.0.2.1',40000));s.settimeout(20);s.connect(('192.0.2.2',8000));d=s.recv(10);s.close();return d\n" +
                "a=once();time.sleep(0.2);b=once();print(a.decode(),b.decode(),flush=True)\n", false);
            string[] replies = { "one", "two" };
            for (int i = 0; i < 2; i++)
            {
                int a = -1;
                Assert.IsTrue(node.Pump(() => (a = node.Iface.TcpAccept(listener)) >= 0, 15_000), "connection " + i);
                TcpSocket s = node.Iface.GetTcp(a);
                s.MslMs = 30_000; // a real TIME-WAIT, longer than the test
                s.Send(Encoding.ASCII.GetBytes(replies[i]), 0, 3);
                node.Iface.TcpClose(a);
                if (i == 0)
                {
                    Assert.IsTrue(node.Pump(() => s.State == TcpState.TimeWait, 10_000), "we closed first: TIME-WAIT");
                }
            }
            Assert.IsTrue(node.Pump(() => client.HasExited, 20_000));
            Assert.AreEqual("one two", client.StandardOutput.ReadToEnd().Trim());
        }

        [TestMethod]
        public void SixtyFourConcurrentConnections()
        {
            KernelNode.Require();
            using var node = new KernelNode(sockets: 70, ring: 2048);
            int listener = node.Iface.TcpOpen();
            node.Iface.TcpListen(listener, 8000);
            Process client = node.StartPython(
                "import socket\ncs=[socket.create_connection(('192.0.2.2',8000),timeout=30) for i in range(64)]\n" +
                "[c.sendall(bytes([i])*1000) for i,c in enumerate(cs)]\nok=0\n" +
                "for i,c in enumerate(cs):\n d=b''\n while len(d)<1000:\n  x=c.recv(1000-len(d))\n  if not x: break\n  d+=x\n ok+=d==bytes([i])*1000\n" +
                "print(ok,flush=True)\n[c.close() for c in cs]\n", false);
            var handles = new System.Collections.Generic.List<int>();
            var buffer = new byte[2048];
            Assert.IsTrue(node.Pump(() =>
            {
                int a;
                while ((a = node.Iface.TcpAccept(listener)) >= 0)
                {
                    handles.Add(a);
                }
                foreach (int h in handles)
                {
                    TcpSocket s = node.Iface.GetTcp(h);
                    int n = s.Receive(buffer, 0, buffer.Length);
                    if (n > 0)
                    {
                        s.Send(buffer, 0, n);
                    }
                }
                return client.HasExited;
            }, 60_000), "64 echoes; accepted " + handles.Count);
            Assert.AreEqual(64, handles.Count);
            Assert.AreEqual("64", client.StandardOutput.ReadToEnd().Trim());
        }

        [TestMethod]
        public void KernelClosesItsWindowAndWeProbe()
        {
            KernelNode.Require();
            using var node = new KernelNode();
            // A slow reader: accepts, reads nothing for 3 s (its receive buffer fills, window 0),
            // then reads everything and answers with the SHA-256.
            node.StartPython(
                "import socket,hashlib,time\ns=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_RCVBUF,4096);s.bind(('192.0.2.1',7002));s.listen(1);print('ready',flush=True)\n" +
                "c,_=s.accept();time.sleep(3);h=hashlib.sha256();n=0\nwhile True:\n d=c.recv(65536)\n if not d: break\n h.update(d);n+=len(d)\n" +
                "c.sendall((h.hexdigest()+' '+str(n)).encode());c.close()\n", true);
            int h = node.Iface.TcpOpen();
            TcpSocket s = node.Iface.GetTcp(h);
            s.MinRtoMs = 200;
            Assert.AreEqual(TcpError.None, node.Iface.TcpConnect(node.Now, h, KernelNode.Kernel, 7002));
            byte[] data = new byte[1 << 20];
            new Random(9).NextBytes(data);
            int sent = 0;
            bool sawZeroWindow = false;
            Assert.IsTrue(node.Pump(() =>
            {
                if (s.State == TcpState.Established)
                {
                    sent += s.Send(data, sent, data.Length - sent);
                    sawZeroWindow |= s.SendWindow == 0;
                }
                return sent == data.Length && s.SendQueueLength == 0;
            }, 60_000), $"sent {sent}");
            Assert.IsTrue(sawZeroWindow, "the kernel advertised a zero window");
            node.Iface.TcpClose(h);
            var answer = new byte[200];
            int got = 0;
            Assert.IsTrue(node.Pump(() => { got += s.Receive(answer, got, answer.Length - got); return s.RemoteClosed; }, 20_000));
            Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(data)) + " " + data.Length, Encoding.ASCII.GetString(answer, 0, got));
        }
    }
}
