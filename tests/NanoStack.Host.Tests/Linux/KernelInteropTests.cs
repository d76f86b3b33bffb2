using System;
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Board.Linux;
using NanoStack.Host.Tests.Support;
using NanoStack.Iface;
using NanoStack.Sockets;
using NanoStack.Wire;

namespace NanoStack.Host.Tests.Linux
{
    /// <summary>
    /// NanoStack against the Linux kernel's TCP/IP over a TAP device in a namespace the test
    /// creates (kernel 192.0.2.1, NanoStack 192.0.2.2, no route out): ping both ways, TCP both
    /// ways with 10 MB and SHA-256 compared, the kernel's peer scripted with python3.
    /// </summary>
    [TestClass]
    public sealed class KernelInteropTests
    {

        private static void Require() => KernelNode.Require();

        [TestMethod]
        public void PingBothWays()
        {
            Require();
            using var node = new KernelNode();
            Process ping = node.Ns.Start("ping", "-c 3 -i 0.2 -W 2 -n " + KernelNode.Us);
            Assert.IsTrue(node.Pump(() => ping.HasExited, 10_000), "kernel ping finished");
            Assert.AreEqual(0, ping.ExitCode, ping.StandardOutput.ReadToEnd());
            Assert.IsTrue(node.Iface.Counters.IcmpEchoRepliesSent >= 3);

            Assert.IsTrue(node.Iface.Ping(node.Now, KernelNode.Kernel, 0x4E53, 1, 56));
            Ipv4Address from = Ipv4Address.Any;
            long rtt = -1;
            Assert.IsTrue(node.Pump(() => node.Iface.TryGetPingReply(out from, out rtt), 5_000), "the kernel answered our ping");
            Assert.AreEqual(KernelNode.Kernel, from);
            Console.WriteLine($"NanoStack → kernel ping: {rtt} ms");
        }

        [TestMethod]
        public void NanoStackConnectsToAKernelListenerAndSendsTenMegabytes()
        {
            Require();
            using var node = new KernelNode();
            // The kernel side: accept one connection, read to EOF, answer with the SHA-256 and close.
            string script = "import socket,hashlib;s=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);" +
                "s.bind(('192.0.2.1',7000));s.listen(1);print('ready',flush=True);c,_=s.accept();h=hashlib.sha256();n=0\n" +
                "while True:\n d=c.recv(65536)\n if not d: break\n h.update(d);n+=len(d)\n" +
                "c.sendall((h.hexdigest()+' '+str(n)).encode());c.close()";
            Process server = node.Ns.Start(KernelNode.Python, "-c \"" + script + "\"");
            Assert.AreEqual("ready", server.StandardOutput.ReadLine());

            int h = node.Iface.TcpOpen();
            TcpSocket s = node.Iface.GetTcp(h);
            Assert.AreEqual(TcpError.None, node.Iface.TcpConnect(node.Now, h, KernelNode.Kernel, 7000));
            Assert.IsTrue(node.Pump(() => s.State == TcpState.Established, 5_000), "connected: " + s.State + " " + s.Error);
            byte[] data = new byte[10 << 20];
            new Random(11).NextBytes(data);
            int sent = 0;
            Assert.IsTrue(node.Pump(() => (sent += s.Send(data, sent, data.Length - sent)) == data.Length && s.SendQueueLength == 0, 60_000), $"sent {sent}");
            node.Iface.TcpClose(h); // half-close: FIN, then read the answer
            var answer = new byte[200];
            int got = 0;
            Assert.IsTrue(node.Pump(() => { got += s.Receive(answer, got, answer.Length - got); return s.RemoteClosed; }, 10_000), "the kernel closed after answering");
            string text = System.Text.Encoding.ASCII.GetString(answer, 0, got);
            Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(data)) + " " + data.Length, text);
            Assert.IsTrue(node.Pump(() => s.State == TcpState.TimeWait || s.State == TcpState.Closed, 5_000), "active close ends in TIME-WAIT: " + s.State);
            server.WaitForExit(5_000);
        }

        [TestMethod]
        public void KernelConnectsToANanoStackListenerAndReceivesTenMegabytes()
        {
            Require();
            using var node = new KernelNode();
            int listener = node.Iface.TcpOpen();
            node.Iface.TcpListen(listener, 8000);
            string script = "import socket,hashlib;c=socket.create_connection(('192.0.2.2',8000),timeout=20);h=hashlib.sha256();n=0\n" +
                "while True:\n d=c.recv(65536)\n if not d: break\n h.update(d);n+=len(d)\n" +
                "print(h.hexdigest(),n,flush=True);c.close()";
            Process client = node.Ns.Start(KernelNode.Python, "-c \"" + script + "\"");
            int h = -1;
            Assert.IsTrue(node.Pump(() => (h = node.Iface.TcpAccept(listener)) >= 0, 10_000), "accepted the kernel's connection");
            TcpSocket s = node.Iface.GetTcp(h);
            s.MslMs = 500; // we close first: keep TIME-WAIT short for the test
            byte[] data = new byte[10 << 20];
            new Random(12).NextBytes(data);
            int sent = 0;
            Assert.IsTrue(node.Pump(() => (sent += s.Send(data, sent, data.Length - sent)) == data.Length, 60_000));
            node.Iface.TcpClose(h);
            Assert.IsTrue(node.Pump(() => client.HasExited, 30_000), "the kernel read to EOF");
            string line = client.StandardOutput.ReadToEnd().Trim();
            Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(data)) + " " + data.Length, line, client.StandardError.ReadToEnd());
            Assert.IsTrue(node.Pump(() => node.Iface.TcpSocketsInUse == 1, 10_000), "our end went through TIME-WAIT and was released");
        }
    }
}
