using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Tasks;
using NanoStack.Board.Emulator;
using NanoStack.Board.Emulator.Services;
using NanoStack.Channels;
using NanoStack.Dhcp;
using NanoStack.Dns;
using NanoStack.Tls;
using NanoStack.Wire;

namespace NanoStack.Fuzz
{
    /// <summary>
    /// Writes the seed corpora: real messages produced by running code, not hand-made bytes.
    /// frame: what a peer interface sends after the handshake; x509 and tls: a P-256 CA and
    /// server certificate made with the host's CertificateRequest, and the server's byte stream
    /// recorded from an SslStream server answering our client (same entropy seed and time as the
    /// tls target); dhcp: offers and acks from the emulated DHCP server; dns: responses from the
    /// emulated DNS server; http: responses from the host's HttpListener read off the socket.
    /// </summary>
    public static class Seeds
    {
        public static void Write(string corpusDir, string caPath, TextWriter log)
        {
            var (ca, leaf) = MakeCertificates();
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(caPath)));
            File.WriteAllBytes(caPath, ca.RawData);
            log.WriteLine(caPath + ": " + ca.RawData.Length + " bytes");

            Save(corpusDir, "frame", FrameSeeds(), log);
            Save(corpusDir, "x509", X509Seeds(ca, leaf), log);
            Save(corpusDir, "tls", new List<byte[]> { RecordServerFlight(ca, leaf) }, log);
            Save(corpusDir, "dhcp", DhcpSeeds(), log);
            Save(corpusDir, "dns", DnsSeeds(), log);
            Save(corpusDir, "http", HttpSeeds(), log);
        }

        private static void Save(string corpusDir, string target, List<byte[]> seeds, TextWriter log)
        {
            string dir = Path.Combine(corpusDir, target);
            Directory.CreateDirectory(dir);
            foreach (string old in Directory.GetFiles(dir))
            {
                File.Delete(old);
            }
            long total = 0;
            for (int i = 0; i < seeds.Count; i++)
            {
                File.WriteAllBytes(Path.Combine(dir, "seed-" + i.ToString("D2")), seeds[i]);
                total += seeds[i].Length;
            }
            log.WriteLine(dir + ": " + seeds.Count + " seeds, " + total + " bytes");
        }

        // ------------------------------------------------------------------ frame

        private static List<byte[]> FrameSeeds()
        {
            List<byte[]> frames = FrameTarget.RecordPeerFrames();
            var seeds = new List<byte[]>();
            var all = new MemoryStream();
            foreach (byte[] f in frames)
            {
                byte[] one = Framed(f);
                seeds.Add(one);
                all.Write(one);
            }
            seeds.Add(all.ToArray());
            return seeds;
        }

        private static byte[] Framed(byte[] frame)
        {
            byte[] b = new byte[2 + frame.Length];
            b[0] = (byte)(frame.Length >> 8);
            b[1] = (byte)frame.Length;
            frame.CopyTo(b, 2);
            return b;
        }

        // ------------------------------------------------------------------ x509 and tls

        private static (X509Certificate2 ca, X509Certificate2 leaf) MakeCertificates()
        {
            DateTimeOffset from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            DateTimeOffset to = new DateTimeOffset(2036, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var caReq = new CertificateRequest("CN=NanoStack Fuzz CA", caKey, HashAlgorithmName.SHA256);
            caReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            caReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            caReq.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caReq.PublicKey, false));
            X509Certificate2 ca = caReq.CreateSelfSigned(from, to);

            using ECDsa leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var leafReq = new CertificateRequest("CN=" + Pki.HostName, leafKey, HashAlgorithmName.SHA256);
            leafReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            leafReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            leafReq.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(Pki.HostName);
            leafReq.CertificateExtensions.Add(san.Build());
            using X509Certificate2 leafPublic = leafReq.Create(ca, from, to, new byte[] { 0x01, 0x02, 0x03, 0x04 });
            using X509Certificate2 withKey = leafPublic.CopyWithPrivateKey(leafKey);
            // An ephemeral key cannot back an SslStream server everywhere: round-trip through PKCS#12.
            X509Certificate2 leaf = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
            return (ca, leaf);
        }

        private static List<byte[]> X509Seeds(X509Certificate2 ca, X509Certificate2 leaf)
        {
            // Chunk byte, then a Certificate message body: the chain, the leaf alone, the CA alone.
            return new List<byte[]>
            {
                CertificateMessage(0xFF, leaf.RawData, ca.RawData),
                CertificateMessage(0x0F, leaf.RawData),
                CertificateMessage(0x00, ca.RawData),
            };
        }

        private static byte[] CertificateMessage(byte chunk, params byte[][] certs)
        {
            int list = 0;
            foreach (byte[] c in certs)
            {
                list += 3 + c.Length;
            }
            var m = new MemoryStream();
            m.WriteByte(chunk);
            Put24(m, list);
            foreach (byte[] c in certs)
            {
                Put24(m, c.Length);
                m.Write(c);
            }
            return m.ToArray();
        }

        private static void Put24(Stream s, int v)
        {
            s.WriteByte((byte)(v >> 16));
            s.WriteByte((byte)(v >> 8));
            s.WriteByte((byte)v);
        }

        /// <summary>
        /// Runs our client (the tls target's entropy seed and time, trusting <paramref name="ca"/>)
        /// against an SslStream TLS 1.2 server on loopback and returns every byte the server sent:
        /// its flights, a short HTTP response and close_notify.
        /// </summary>
        private static byte[] RecordServerFlight(X509Certificate2 ca, X509Certificate2 leaf)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            Task server = Task.Run(() =>
            {
                using TcpClient c = listener.AcceptTcpClient();
                using var ssl = new SslStream(c.GetStream());
                ssl.AuthenticateAsServer(new SslServerAuthenticationOptions
                {
                    ServerCertificate = leaf,
                    EnabledSslProtocols = SslProtocols.Tls12,
                    ClientCertificateRequired = false,
                });
                byte[] request = new byte[64];
                _ = ssl.Read(request, 0, request.Length);
                byte[] response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
                ssl.Write(response);
                ssl.ShutdownAsync().GetAwaiter().GetResult();
            });

            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            var recorded = new MemoryStream();
            var channel = new RecordingChannel(client.GetStream(), recorded);
            var pki = new Pki(ca.RawData);
            var tls = new TlsTarget(pki);
            var connection = new TlsConnection(tls.NewEngine(new FixedEntropy(TlsTarget.EntropySeed)), channel);
            if (!connection.Handshake(Pki.HostName, Pki.UnixTime, null, 10_000))
            {
                throw new InvalidOperationException("recording handshake failed: " + connection.Engine.DescribeFailure());
            }
            byte[] get = Encoding.ASCII.GetBytes("GET");
            connection.Write(get, 0, get.Length, 10_000);
            byte[] buffer = new byte[512];
            while (connection.Read(buffer, 0, buffer.Length, 10_000) > 0)
            {
            }
            server.Wait(10_000);
            listener.Stop();
            return recorded.ToArray();
        }

        private sealed class RecordingChannel : IByteChannel
        {
            private readonly NetworkStream _stream;
            private readonly MemoryStream _record;

            public RecordingChannel(NetworkStream stream, MemoryStream record)
            {
                _stream = stream;
                _record = record;
            }

            public int Read(byte[] buffer, int offset, int count, int timeoutMs)
            {
                _stream.ReadTimeout = timeoutMs;
                try
                {
                    int n = _stream.Read(buffer, offset, count);
                    if (n <= 0)
                    {
                        return ChannelStatus.Closed;
                    }
                    _record.Write(buffer, offset, n);
                    return n;
                }
                catch (IOException)
                {
                    return ChannelStatus.Failed;
                }
            }

            public int Write(byte[] buffer, int offset, int count, int timeoutMs)
            {
                _stream.Write(buffer, offset, count);
                return count;
            }

            public void Close() => _stream.Close();
        }

        // ------------------------------------------------------------------ dhcp

        private static List<byte[]> DhcpSeeds()
        {
            var lan = new EthernetSegment();
            var node = new EmulatedServicesNode(lan, new MacAddress(0x02, 0, 0, 0, 0, 0x01), new Ipv4Address(192, 0, 2, 1), 24);
            var server = new EmulatedDhcpServer(node, new Ipv4Address(192, 0, 2, 100), 8, new Ipv4Address(192, 0, 2, 1));
            var mac = new MacAddress(0x02, 0, 0, 0, 0, 0x42);
            var seeds = new List<byte[]>();
            byte[] offer = Exchange(server, new DhcpRepr
            {
                Op = 1, TransactionId = 0x12345678, ClientHardwareAddress = mac, MessageType = EmulatedDhcpServer.Discover,
                ClientIdentifier = true, ParameterRequestList = true,
            });
            seeds.Add(offer);
            DhcpRepr.TryParse(new DhcpPacket(offer, 0, offer.Length), out DhcpRepr o);
            seeds.Add(Exchange(server, new DhcpRepr
            {
                Op = 1, TransactionId = 0x12345678, ClientHardwareAddress = mac, MessageType = EmulatedDhcpServer.Request,
                ClientIdentifier = true, ParameterRequestList = true, RequestedAddress = o.YourAddress, ServerIdentifier = o.ServerIdentifier,
            }));
            server.NakNext = 1;
            seeds.Add(Exchange(server, new DhcpRepr
            {
                Op = 1, TransactionId = 0x0BADCAFE, ClientHardwareAddress = mac, MessageType = EmulatedDhcpServer.Request,
                ClientIdentifier = true, ParameterRequestList = true, RequestedAddress = new Ipv4Address(192, 0, 2, 250),
            }));
            return seeds;
        }

        private static byte[] Exchange(EmulatedDhcpServer server, DhcpRepr request)
        {
            byte[] b = new byte[request.BufferLength];
            request.Emit(new DhcpPacket(b, 0, b.Length));
            Ipv4Address to = Ipv4Address.Any;
            ushort port = 0;
            var mac = new MacAddress(0);
            byte[] reply = server.Handle(0, b, Ipv4Address.Any, 68, ref to, ref port, ref mac);
            if (reply == null)
            {
                throw new InvalidOperationException("the DHCP server did not answer");
            }
            return reply;
        }

        // ------------------------------------------------------------------ dns

        private static List<byte[]> DnsSeeds()
        {
            var server = new EmulatedDnsServer();
            server.AddA("device.test", new Ipv4Address(192, 0, 2, 10)).AddA("device.test", new Ipv4Address(192, 0, 2, 11))
                .AddCname("www.device.test", "device.test").AddCname("alias.test", "www.device.test");
            var seeds = new List<byte[]>();
            foreach (string name in new[] { "alias.test", "device.test", "missing.test" })
            {
                byte[] q = new byte[DnsQuery.MaxLength];
                if (DnsQuery.Write(q, 0, q.Length, 0x1234, name, DnsRecordType.A, out int length) != DnsWireStatus.Ok)
                {
                    throw new InvalidOperationException("query");
                }
                Ipv4Address to = Ipv4Address.Any;
                ushort port = 0;
                var mac = new MacAddress(0);
                seeds.Add(server.Handle(0, q.AsSpan(0, length), Ipv4Address.Any, 1, ref to, ref port, ref mac));
            }
            return seeds;
        }

        // ------------------------------------------------------------------ http

        private static List<byte[]> HttpSeeds()
        {
            var seeds = new List<byte[]>();
            int port = FreePort();
            using var http = new HttpListener();
            http.Prefixes.Add("http://127.0.0.1:" + port + "/");
            http.Start();
            Task serve = Task.Run(() =>
            {
                for (int i = 0; i < 3; i++)
                {
                    HttpListenerContext ctx = http.GetContext();
                    HttpListenerResponse r = ctx.Response;
                    byte[] body = Encoding.ASCII.GetBytes("{\"status\":\"ok\",\"n\":" + i + "}");
                    r.ContentType = "application/json";
                    r.KeepAlive = false;
                    if (i == 1)
                    {
                        r.SendChunked = true;
                    }
                    if (i == 2)
                    {
                        r.StatusCode = 404;
                    }
                    if (i == 0)
                    {
                        r.ContentLength64 = body.Length;
                    }
                    r.OutputStream.Write(body);
                    r.Close();
                }
            });
            for (int i = 0; i < 3; i++)
            {
                if (serve.IsFaulted)
                {
                    throw serve.Exception;
                }
                using var c = new TcpClient();
                c.Connect(IPAddress.Loopback, port);
                NetworkStream s = c.GetStream();
                byte[] req = Encoding.ASCII.GetBytes("GET /item HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n");
                s.Write(req);
                // The listener may hold the connection open: the response is what came before a
                // second of silence.
                s.ReadTimeout = 1000;
                var m = new MemoryStream();
                byte[] buffer = new byte[1024];
                try
                {
                    int n;
                    while ((n = s.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        m.Write(buffer, 0, n);
                    }
                }
                catch (IOException) when (m.Length > 0)
                {
                }
                seeds.Add(m.ToArray());
            }
            serve.Wait(10_000);
            return seeds;
        }

        private static int FreePort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            int port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }
    }
}
