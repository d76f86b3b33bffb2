using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Channels;
using NanoStack.Tls;

namespace NanoStack.Host.Tests.TlsClient
{
    /// <summary>
    /// <see cref="SocketChannel"/>, the portable channel over <c>System.Net.Sockets.Socket</c> (what a
    /// device with stock firmware uses), on the host's loopback: TLS through it to
    /// <c>openssl s_server</c>, timeouts, end of stream and a refused connect.
    /// </summary>
    [TestClass]
    public class SocketChannelTests
    {
        [TestMethod]
        public void HttpsGetFromOpenSslThroughTheSocketChannel()
        {
            TlsTestPki pki = TlsTestPki.For(ServerKey.EcdsaP256);
            using OpenSslServer server = OpenSslServer.Start(pki, "-www");
            SocketChannel channel = SocketChannel.Connect(server.EndPoint, out string error);
            Assert.IsNotNull(channel, error);
            var client = new TestClient(pki.Anchors());
            var tls = new TlsConnection(client.Engine, channel);
            Assert.IsTrue(tls.Handshake(TlsTestPki.HostName, TestClient.Now, null, 10_000), client.Engine.DescribeFailure());
            byte[] request = Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\n\r\n");
            Assert.AreEqual(request.Length, tls.Write(request, 0, request.Length, 5_000));
            var page = new MemoryStream();
            var buffer = new byte[4096];
            int n;
            while ((n = tls.Read(buffer, 0, buffer.Length, 10_000)) > 0)
            {
                page.Write(buffer, 0, n);
            }
            Assert.AreEqual(0, n, client.Engine.DescribeFailure());
            StringAssert.StartsWith(Encoding.ASCII.GetString(page.ToArray()), "HTTP/1.0 200 ok");
            tls.Close();
        }

        [TestMethod]
        public void TimeoutEndOfStreamAndClose()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            SocketChannel channel = SocketChannel.Connect((IPEndPoint)listener.LocalEndpoint, out string error);
            Assert.IsNotNull(channel, error);
            using Socket peer = listener.AcceptSocket();
            var buffer = new byte[8];
            Assert.AreEqual(ChannelStatus.TimedOut, channel.Read(buffer, 0, buffer.Length, 50));

            Assert.AreEqual(3, channel.Write(new byte[] { 1, 2, 3 }, 0, 3, 1_000));
            var got = new byte[3];
            Assert.AreEqual(3, peer.Receive(got));
            CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, got);

            peer.Send(new byte[] { 9 });
            peer.Shutdown(SocketShutdown.Send);
            Assert.AreEqual(1, channel.Read(buffer, 0, buffer.Length, 1_000));
            Assert.AreEqual(0, channel.Read(buffer, 0, buffer.Length, 1_000));
            channel.Close();
            Assert.AreEqual(ChannelStatus.Closed, channel.Read(buffer, 0, buffer.Length, 10));
            Assert.AreEqual(ChannelStatus.Closed, channel.Write(buffer, 0, 1, 10));
        }

        [TestMethod]
        public void RefusedConnectReturnsNullWithTheReason()
        {
            int port;
            using (var l = new TcpListener(IPAddress.Loopback, 0))
            {
                l.Start();
                port = ((IPEndPoint)l.LocalEndpoint).Port;
            }
            SocketChannel channel = SocketChannel.Connect(new IPEndPoint(IPAddress.Loopback, port), out string error);
            Assert.IsNull(channel);
            StringAssert.Contains(error, "refused");
        }

        [TestMethod]
        public void PeerResetIsAFailureWithTheMessage()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            SocketChannel channel = SocketChannel.Connect((IPEndPoint)listener.LocalEndpoint, out _);
            Socket peer = listener.AcceptSocket();
            peer.LingerState = new LingerOption(true, 0);
            peer.Close(); // RST
            var buffer = new byte[8];
            int r = channel.Read(buffer, 0, buffer.Length, 2_000);
            Assert.AreEqual(ChannelStatus.Failed, r);
            StringAssert.Contains(channel.LastError, "reset");
        }
    }
}
