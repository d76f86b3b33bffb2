#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Assert = NanoStack.Testing.Assert;
using CollectionAssert = NanoStack.Testing.CollectionAssert;
using OutputHelper = NanoStack.Testing.OutputHelper;
using SetupAttribute = Microsoft.VisualStudio.TestTools.UnitTesting.TestInitializeAttribute;
using CleanupAttribute = Microsoft.VisualStudio.TestTools.UnitTesting.TestCleanupAttribute;
#endif
using NanoStack.Wire;

namespace NanoStack.Tests.Core
{
    [TestClass]
    public class IcmpPacketTests
    {
        private static IcmpPacket Icmp(byte[] f)
        {
            return new IcmpPacket(f, 34, f.Length - 34);
        }

        [TestMethod]
        public void ParsesCapturedEcho()
        {
            byte[] f = WireVectors.Hex(WireVectors.LinuxEchoRequest);
            IcmpRepr r;
            WireVectors.AreEqual(WireStatus.Ok, IcmpRepr.TryParse(Icmp(f), out r), "request");
            Assert.AreEqual(IcmpType.EchoRequest, r.Type);
            Assert.AreEqual((ushort)0x58BC, r.Identifier);
            Assert.AreEqual((ushort)1, r.SequenceNumber);
            Assert.AreEqual(56, r.DataLength);
            Assert.AreEqual(42, r.DataOffset);
            Assert.IsFalse(r.IsError);

            f = WireVectors.Hex(WireVectors.LinuxEchoReply);
            WireVectors.AreEqual(WireStatus.Ok, IcmpRepr.TryParse(Icmp(f), out r), "reply");
            Assert.AreEqual(IcmpType.EchoReply, r.Type);
            Assert.AreEqual((ushort)0x58BC, r.Identifier);
        }

        [TestMethod]
        public void EchoReplyBuiltFromRequestMatchesKernel()
        {
            byte[] req = WireVectors.Hex(WireVectors.LinuxEchoRequest);
            IcmpRepr r;
            WireVectors.AreEqual(WireStatus.Ok, IcmpRepr.TryParse(Icmp(req), out r), "request");
            IcmpRepr reply = IcmpRepr.Echo(IcmpType.EchoReply, r.Identifier, r.SequenceNumber, r.DataLength);
            byte[] b = WireVectors.Filled(reply.BufferLength);
            reply.Emit(new IcmpPacket(b, 0, b.Length), req, r.DataOffset);
            byte[] kernel = WireVectors.Hex(WireVectors.LinuxEchoReply);
            for (int i = 0; i < b.Length; i++)
            {
                Assert.AreEqual(kernel[34 + i], b[i], "byte " + i.ToString());
            }
        }

        [TestMethod]
        public void ParsesCapturedPortUnreachableQuote()
        {
            byte[] f = WireVectors.Hex(WireVectors.LinuxPortUnreachable);
            IcmpRepr r;
            WireVectors.AreEqual(WireStatus.Ok, IcmpRepr.TryParse(Icmp(f), out r), "parse");
            Assert.IsTrue(r.IsError);
            Assert.AreEqual(IcmpType.DestinationUnreachable, r.Type);
            Assert.AreEqual(IcmpType.CodePortUnreachable, r.Code);
            Assert.AreEqual(IpProtocol.Udp, r.QuotedProtocol);
            Assert.AreEqual("127.0.0.1", r.QuotedSource.ToString());
            Assert.AreEqual((ushort)40551, r.QuotedSourcePort);
            Assert.AreEqual((ushort)5353, r.QuotedDestinationPort);
            Assert.AreEqual(34 + 8 + 20, r.QuotedTransportOffset);
        }

        [TestMethod]
        public void ParsesFragmentationNeededAndTimeExceeded()
        {
            byte[] f = WireVectors.Hex(WireVectors.HandIcmpFragNeeded);
            IcmpRepr r;
            WireVectors.AreEqual(WireStatus.Ok, IcmpRepr.TryParse(Icmp(f), out r), "frag needed");
            Assert.AreEqual(IcmpType.CodeFragmentationNeeded, r.Code);
            Assert.AreEqual((ushort)1400, r.NextHopMtu);
            Assert.AreEqual(IpProtocol.Tcp, r.QuotedProtocol);
            Assert.AreEqual("93.184.216.34", r.QuotedDestination.ToString());
            Assert.AreEqual((ushort)40002, r.QuotedSourcePort);
            Assert.AreEqual((ushort)443, r.QuotedDestinationPort);
            Assert.AreEqual(0xABCDEF01u, r.QuotedSequenceNumber);

            f = WireVectors.Hex(WireVectors.HandIcmpTimeExceeded);
            WireVectors.AreEqual(WireStatus.Ok, IcmpRepr.TryParse(Icmp(f), out r), "time exceeded");
            Assert.AreEqual(IcmpType.TimeExceeded, r.Type);
            Assert.AreEqual((ushort)0, r.NextHopMtu);
            Assert.AreEqual(0xABCDEF01u, r.QuotedSequenceNumber);
        }

        [TestMethod]
        public void EmitThenParseRoundTrip()
        {
            IcmpRepr r = IcmpRepr.Echo(IcmpType.EchoRequest, 0x1234, 0xFFFF, 3);
            byte[] b = WireVectors.Filled(1 + r.BufferLength);
            byte[] data = WireVectors.Hex("616263");
            r.Emit(new IcmpPacket(b, 1, r.BufferLength), data, 0);
            Assert.AreEqual((byte)0xA5, b[0]);
            IcmpRepr p;
            WireVectors.AreEqual(WireStatus.Ok, IcmpRepr.TryParse(new IcmpPacket(b, 1, r.BufferLength), out p), "parse");
            Assert.AreEqual(r.Type, p.Type);
            Assert.AreEqual(r.Identifier, p.Identifier);
            Assert.AreEqual(r.SequenceNumber, p.SequenceNumber);
            Assert.AreEqual(3, p.DataLength);
            Assert.AreEqual((byte)'c', b[p.DataOffset + 2]);

            // An unreachable that quotes a datagram, the way the interface answers a closed UDP port.
            byte[] udp = WireVectors.Hex(WireVectors.LinuxUdp);
            IcmpRepr u = new IcmpRepr();
            u.Type = IcmpType.DestinationUnreachable;
            u.Code = IcmpType.CodePortUnreachable;
            u.DataLength = 28;
            byte[] e = WireVectors.Filled(u.BufferLength);
            u.Emit(new IcmpPacket(e, 0, e.Length), udp, 14);
            WireVectors.AreEqual(WireStatus.Ok, IcmpRepr.TryParse(new IcmpPacket(e, 0, e.Length), out p), "unreachable");
            Assert.AreEqual((ushort)5353, p.QuotedDestinationPort);
            Assert.AreEqual(0u, new IcmpPacket(e, 0, e.Length).RestOfHeader);
        }

        [TestMethod]
        public void BadChecksumDetected()
        {
            byte[] f = WireVectors.Hex(WireVectors.LinuxEchoRequest);
            f[f.Length - 1] ^= 1;
            IcmpRepr r;
            WireVectors.AreEqual(WireStatus.BadChecksum, IcmpRepr.TryParse(Icmp(f), out r), "data");
        }

        [TestMethod]
        public void BadQuotesAndUnsupportedTypes()
        {
            IcmpRepr r;
            byte[] f = WireVectors.Hex(WireVectors.HandIcmpFragNeeded);
            f[42] = 0x65; // quoted version 6
            Icmp(f).FillChecksum();
            WireVectors.AreEqual(WireStatus.Malformed, IcmpRepr.TryParse(Icmp(f), out r), "quoted version");
            f[42] = 0x44; // quoted IHL 4
            Icmp(f).FillChecksum();
            WireVectors.AreEqual(WireStatus.Malformed, IcmpRepr.TryParse(Icmp(f), out r), "quoted ihl");
            f[42] = 0x46; // quoted IHL 6: 24 + 8 > 28 bytes quoted
            Icmp(f).FillChecksum();
            WireVectors.AreEqual(WireStatus.Truncated, IcmpRepr.TryParse(Icmp(f), out r), "short quote");
            f = WireVectors.Hex(WireVectors.HandIcmpFragNeeded);
            IcmpPacket cut = new IcmpPacket(f, 34, 8 + 27); // quote one byte short
            cut.FillChecksum();
            WireVectors.AreEqual(WireStatus.Truncated, IcmpRepr.TryParse(cut, out r), "27-byte quote");
            byte[] redirect = WireVectors.Hex(WireVectors.HandIcmpTimeExceeded);
            redirect[34] = 5; // redirect
            Icmp(redirect).FillChecksum();
            WireVectors.AreEqual(WireStatus.Unsupported, IcmpRepr.TryParse(Icmp(redirect), out r), "redirect");
        }

        [TestMethod]
        public void TruncatedAtEveryLength()
        {
            string[] vectors = new string[] { WireVectors.LinuxEchoRequest, WireVectors.LinuxPortUnreachable, WireVectors.HandIcmpFragNeeded };
            for (int v = 0; v < vectors.Length; v++)
            {
                byte[] f = WireVectors.Hex(vectors[v]);
                int n = f.Length - 34;
                for (int k = 0; k < n; k++)
                {
                    IcmpRepr r;
                    WireStatus s = IcmpRepr.TryParse(new IcmpPacket(f, 34, k), out r);
                    Assert.IsTrue(s != WireStatus.Ok, "vector " + v.ToString() + " length " + k.ToString());
                    if (k < IcmpPacket.HeaderLength)
                    {
                        WireVectors.AreEqual(WireStatus.Truncated, s, "header " + k.ToString());
                    }
                }
            }
        }
    }
}
