using System;
using System.Diagnostics;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Sockets;

namespace NanoStack.Host.Tests.Linux
{
    /// <summary>
    /// Hostile peers over a real TAP device (root, in a namespace the test creates): a SYN flood
    /// of spoofed sources injected as raw Ethernet frames by the kernel side (AF_PACKET), after
    /// which a legitimate kernel client is still served; and a peer that vanishes mid-transfer,
    /// ended by the user timeout with everything released. The emulator versions, with exact
    /// segment assertions, are in Core/TcpHostilePeerTests.
    /// </summary>
    [TestClass]
    public sealed class KernelHostileTests
    {
        // Raw SYNs from 192.0.2.10-249 with random ports to NanoStack's MAC and 192.0.2.2:8000,
        // with correct IPv4 and TCP checksums, sent on the kernel's side of the TAP device.
        private const string SynFlood =
            "import socket,struct,random,sys\n" +
            "def csum(b):\n" +
            " if len(b)%2: b+=b'\\0'\n" +
            " s=sum(struct.unpack('!%dH'%(len(b)//2),b))\n" +
            " while s>>16: s=(s&0xffff)+(s>>16)\n" +
            " return (~s)&0xffff\n" +
            "dev=sys.argv[1];n=int(sys.argv[2]);random.seed(7)\n" +
            "r=socket.socket(socket.AF_PACKET,socket.SOCK_RAW);r.bind((dev,0))\n" +
            "dst=bytes.fromhex('024e53000002');dip=socket.inet_aton('192.0.2.2')\n" +
            "for i in range(n):\n" +
            " sip=socket.inet_aton('192.0.2.%d'%(10+i%240));sport=random.randint(1024,65535);seq=random.getrandbits(32)\n" +
            " tcp=struct.pack('!HHIIBBHHH',sport,8000,seq,0,5<<4,0x02,65535,0,0)\n" +
            " ph=sip+dip+struct.pack('!BBH',0,6,len(tcp))\n" +
            " tcp=tcp[:16]+struct.pack('!H',csum(ph+tcp))+tcp[18:]\n" +
            " ip=struct.pack('!BBHHHBBH4s4s',0x45,0,20+len(tcp),i&0xffff,0,64,6,0,sip,dip)\n" +
            " ip=ip[:10]+struct.pack('!H',csum(ip))+ip[12:]\n" +
            " r.send(dst+bytes.fromhex('02aa00000001')+b'\\x08\\x00'+ip+tcp)\n" +
            "print('flooded',flush=True)\n";

        [TestMethod]
        public void SynFloodThenALegitimateClientIsServed()
        {
            KernelNode.Require();
            using var node = new KernelNode(sockets: 4);
            int listener = node.Iface.TcpOpen();
            TcpSocket l = node.Iface.GetTcp(listener);
            l.SynUserTimeoutMs = 2_000; // half-open connections give up in 2 s (inherited by each)
            node.Iface.TcpListen(listener, 8000);

            Process flood = node.Ns.Start(KernelNode.Python, "-c \"" + SynFlood.Replace("\"", "\\\"") + "\" " + node.Tap.Name + " 2000");
            int peak = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            Assert.IsTrue(node.Pump(() =>
            {
                peak = Math.Max(peak, node.Iface.TcpSocketsInUse);
                return flood.HasExited;
            }, 60_000), "the flood finished");
            long floodBytes = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.AreEqual("flooded", flood.StandardOutput.ReadToEnd().Trim(), flood.StandardError.ReadToEnd());
            int backlogDrops = node.Iface.Counters.DroppedBacklogFull;
            Console.WriteLine("peak sockets in use " + peak + ", SYNs dropped with the backlog full " + backlogDrops + ", allocated during the flood " + floodBytes + " B");
            Assert.IsTrue(peak <= 4, "at most the socket table: " + peak);
            Assert.IsTrue(backlogDrops > 1000, "most SYNs found the backlog full: " + backlogDrops);
            Assert.IsTrue(floodBytes < 8 * 1024, "memory flat under the flood (the poll loop's own closures aside): " + floodBytes + " B for 2,000 SYNs");

            // A real client, retrying as the kernel does, is served once the half-open entries expire.
            Process client = node.StartPython("import socket\nc=socket.create_connection(('192.0.2.2',8000),timeout=30)\nc.sendall(b'hello');print(c.recv(100).decode(),flush=True)\n", false);
            int a = -1;
            Assert.IsTrue(node.Pump(() =>
            {
                peak = Math.Max(peak, node.Iface.TcpSocketsInUse);
                for (int h = node.Iface.TcpAccept(listener); h >= 0; h = node.Iface.TcpAccept(listener))
                {
                    TcpSocket s = node.Iface.GetTcp(h);
                    if (s.RemoteAddress == KernelNode.Kernel)
                    {
                        a = h;
                    }
                    else
                    {
                        node.Iface.TcpAbort(h); // a spoofed one that somehow completed
                    }
                }
                return a >= 0 && node.Iface.GetTcp(a).ReceiveQueueLength >= 5;
            }, 30_000), "the legitimate connection was accepted and its data arrived");
            TcpSocket ok = node.Iface.GetTcp(a);
            var buffer = new byte[16];
            Assert.AreEqual(5, ok.Receive(buffer, 0, buffer.Length));
            ok.Send(Encoding.ASCII.GetBytes("world"), 0, 5);
            node.Iface.TcpClose(a);
            Assert.IsTrue(node.Pump(() => client.HasExited, 15_000));
            Assert.AreEqual("world", client.StandardOutput.ReadToEnd().Trim());
            Assert.IsTrue(peak <= 4, "at most the socket table: " + peak);
        }

        [TestMethod]
        public void PeerVanishesMidTransferUserTimeoutFreesEverything()
        {
            KernelNode.Require();
            using var node = new KernelNode();
            node.StartPython("import socket,time\ns=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);s.bind(('192.0.2.1',7002));s.listen(1);print('ready',flush=True)\nc,_=s.accept()\nwhile c.recv(65536): pass\n", true);
            int h = node.Iface.TcpOpen();
            TcpSocket s = node.Iface.GetTcp(h);
            s.UserTimeoutMs = 3_000;
            Assert.AreEqual(TcpError.None, node.Iface.TcpConnect(node.Now, h, KernelNode.Kernel, 7002));
            Assert.IsTrue(node.Pump(() => s.State == TcpState.Established, 10_000));
            var data = new byte[1024];
            for (int i = 0; i < 20; i++)
            {
                s.Send(data, 0, data.Length);
                node.Pump(() => s.SendQueueLength == 0, 2_000);
            }
            // The peer vanishes: nothing it sends reaches us, nothing we send reaches it.
            node.Faults.Inbound.LossPpm = 1_000_000;
            node.Faults.Outbound.LossPpm = 1_000_000;
            s.Send(data, 0, data.Length);
            var watch = Stopwatch.StartNew();
            Assert.IsTrue(node.Pump(() => s.State == TcpState.Closed, 20_000), "the user timeout ended it: " + s.State);
            Assert.AreEqual(TcpError.TimedOut, s.Error);
            Assert.IsTrue(watch.ElapsedMilliseconds >= 3_000, "not before the user timeout: " + watch.ElapsedMilliseconds + " ms");
            Assert.IsTrue(s.Retransmissions > 0);
            node.Iface.TcpRelease(h);
            Assert.AreEqual(0, node.Iface.TcpSocketsInUse);
        }
    }
}
