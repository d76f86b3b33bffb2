using System.Net;
using System.Net.Sockets;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Board.Linux;
using NanoStack.Channels;

namespace NanoStack.Host.Tests.Linux
{
    [TestClass]
    public sealed class OsSocketChannelTests
    {
        [TestMethod]
        public void ReadsWritesTimesOutAndSeesEndOfStream()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            using OsSocketChannel channel = OsSocketChannel.Connect((IPEndPoint)listener.LocalEndpoint, 5_000);
            using Socket server = listener.AcceptSocket();

            var buffer = new byte[16];
            Assert.AreEqual(ChannelStatus.TimedOut, channel.Read(buffer, 0, buffer.Length, 50));

            Assert.AreEqual(5, channel.Write(new byte[] { 1, 2, 3, 4, 5 }, 0, 5, 1_000));
            var got = new byte[5];
            Assert.AreEqual(5, server.Receive(got));
            CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4, 5 }, got);

            server.Send(new byte[] { 9, 8 });
            Assert.AreEqual(2, channel.Read(buffer, 3, 10, 1_000));
            Assert.AreEqual(9, buffer[3]);

            server.Shutdown(SocketShutdown.Send);
            Assert.AreEqual(0, channel.Read(buffer, 0, buffer.Length, 1_000), "orderly end of stream");

            channel.Close();
            Assert.AreEqual(ChannelStatus.Closed, channel.Read(buffer, 0, 1, 0));
            Assert.AreEqual(0, server.Receive(got), "Close sends FIN");
        }

        [TestMethod]
        public void ResetIsReported()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            using OsSocketChannel channel = OsSocketChannel.Connect((IPEndPoint)listener.LocalEndpoint, 5_000);
            using (Socket server = listener.AcceptSocket())
            {
                server.LingerState = new LingerOption(true, 0); // close sends RST
                server.Close();
            }
            Assert.AreEqual(ChannelStatus.Reset, channel.Read(new byte[4], 0, 4, 1_000));
            Assert.AreEqual(SocketError.ConnectionReset, channel.LastError);
        }

        [TestMethod]
        public void RefusedConnectThrows()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var endpoint = (IPEndPoint)listener.LocalEndpoint;
            listener.Stop();
            var e = Assert.ThrowsExactly<SocketException>(() => OsSocketChannel.Connect(endpoint, 5_000));
            Assert.AreEqual(SocketError.ConnectionRefused, e.SocketErrorCode);
        }
    }
}
