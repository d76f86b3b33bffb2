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
using NanoStack.Dhcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Core
{
    /// <summary>
    /// <see cref="DhcpPacket"/> and <see cref="DhcpRepr"/>: exact emitted bytes on buffers
    /// pre-filled with 0xA5, parse/emit round trips, and every malformed shape the parser must
    /// refuse without reading past the datagram.
    /// </summary>
    [TestClass]
    public class DhcpPacketTests
    {
        private static readonly MacAddress Mac = new MacAddress(0x02, 0x00, 0x5E, 0x10, 0x20, 0x30);
        private static readonly Ipv4Address Server = new Ipv4Address(192, 0, 2, 1);
        private static readonly Ipv4Address Offered = new Ipv4Address(192, 0, 2, 50);

        private static DhcpRepr Discover()
        {
            DhcpRepr m = new DhcpRepr();
            m.Op = DhcpPacket.OpBootRequest;
            m.TransactionId = 0x3903F326;
            m.Seconds = 3;
            m.ClientHardwareAddress = Mac;
            m.MessageType = DhcpMessageType.Discover;
            m.ClientIdentifier = true;
            m.ParameterRequestList = true;
            return m;
        }

        private static DhcpRepr Ack()
        {
            DhcpRepr m = new DhcpRepr();
            m.Op = DhcpPacket.OpBootReply;
            m.TransactionId = 0xCAFEF00D;
            m.Broadcast = true;
            m.ClientAddress = new Ipv4Address(192, 0, 2, 49);
            m.YourAddress = Offered;
            m.ServerAddress = new Ipv4Address(192, 0, 2, 2);
            m.RelayAgentAddress = new Ipv4Address(192, 0, 2, 3);
            m.ClientHardwareAddress = Mac;
            m.MessageType = DhcpMessageType.Ack;
            m.ServerIdentifier = Server;
            m.LeaseSeconds = 86400;
            m.RenewalSeconds = 43200;
            m.RebindingSeconds = 75600;
            m.SubnetMask = new Ipv4Address(255, 255, 255, 0);
            m.Router = Server;
            m.DnsServer1 = new Ipv4Address(192, 0, 2, 53);
            m.DnsServer2 = new Ipv4Address(198, 51, 100, 53);
            return m;
        }

        private static byte[] Filled(int length)
        {
            byte[] b = new byte[length];
            for (int i = 0; i < length; i++)
            {
                b[i] = 0xA5;
            }
            return b;
        }

        /// <summary>The fixed part as RFC 2131 §2 lays it out, written by hand.</summary>
        private static void Fixed(byte[] e, int o, byte op, uint xid, ushort secs, ushort flags, uint ciaddr, uint yiaddr, uint siaddr, uint giaddr)
        {
            e[o] = op;
            e[o + 1] = 1;
            e[o + 2] = 6;
            e[o + 3] = 0;
            BigEndian.WriteUInt32(e, o + 4, xid);
            BigEndian.WriteUInt16(e, o + 8, secs);
            BigEndian.WriteUInt16(e, o + 10, flags);
            BigEndian.WriteUInt32(e, o + 12, ciaddr);
            BigEndian.WriteUInt32(e, o + 16, yiaddr);
            BigEndian.WriteUInt32(e, o + 20, siaddr);
            BigEndian.WriteUInt32(e, o + 24, giaddr);
            byte[] mac = { 0x02, 0x00, 0x5E, 0x10, 0x20, 0x30 };
            for (int i = 0; i < 6; i++)
            {
                e[o + 28 + i] = mac[i];
            }
            e[o + 236] = 99;
            e[o + 237] = 130;
            e[o + 238] = 83;
            e[o + 239] = 99;
        }

        private static void Put(byte[] e, int o, byte[] bytes)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                e[o + i] = bytes[i];
            }
        }

        // --------------------------------------------------------------- emit

        [TestMethod]
        public void DiscoverEmitsExactBytesAndTouchesNothingElse()
        {
            DhcpRepr m = Discover();
            Assert.AreEqual(3 + 9 + 9 + 1, m.OptionsLength);
            Assert.AreEqual(300, m.BufferLength, "padded to the BOOTP minimum (RFC 1542 §2.1)");
            byte[] buffer = Filled(320);
            m.Emit(new DhcpPacket(buffer, 10, 300));

            byte[] e = Filled(320);
            for (int i = 10; i < 310; i++)
            {
                e[i] = 0;
            }
            Fixed(e, 10, 1, 0x3903F326, 3, 0, 0, 0, 0, 0);
            Put(e, 250, new byte[]
            {
                53, 1, 1,
                61, 7, 1, 0x02, 0x00, 0x5E, 0x10, 0x20, 0x30,
                55, 7, 1, 3, 6, 51, 54, 58, 59,
                255,
            });
            CollectionAssert.AreEqual(e, buffer);
        }

        [TestMethod]
        public void AckWithEveryOptionEmitsExactBytes()
        {
            DhcpRepr m = Ack();
            Assert.AreEqual(3 + 6 * 6 + 10 + 1, m.OptionsLength);
            Assert.AreEqual(300, m.BufferLength);
            byte[] buffer = Filled(302);
            m.Emit(new DhcpPacket(buffer, 0, 302));

            byte[] e = Filled(302);
            for (int i = 0; i < 300; i++)
            {
                e[i] = 0;
            }
            Fixed(e, 0, 2, 0xCAFEF00D, 0, 0x8000, 0xC0000231, 0xC0000232, 0xC0000202, 0xC0000203);
            Put(e, 240, new byte[]
            {
                53, 1, 5,
                54, 4, 192, 0, 2, 1,
                51, 4, 0x00, 0x01, 0x51, 0x80,
                58, 4, 0x00, 0x00, 0xA8, 0xC0,
                59, 4, 0x00, 0x01, 0x27, 0x50,
                1, 4, 255, 255, 255, 0,
                3, 4, 192, 0, 2, 1,
                6, 8, 192, 0, 2, 53, 198, 51, 100, 53,
                255,
            });
            CollectionAssert.AreEqual(e, buffer);
        }

        [TestMethod]
        public void RequestEmitsRequestedAddressAndServerIdentifier()
        {
            DhcpRepr m = Discover();
            m.MessageType = DhcpMessageType.Request;
            m.RequestedAddress = Offered;
            m.ServerIdentifier = Server;
            byte[] buffer = Filled(m.BufferLength);
            m.Emit(new DhcpPacket(buffer, 0, buffer.Length));
            byte[] options =
            {
                53, 1, 3,
                61, 7, 1, 0x02, 0x00, 0x5E, 0x10, 0x20, 0x30,
                50, 4, 192, 0, 2, 50,
                54, 4, 192, 0, 2, 1,
                55, 7, 1, 3, 6, 51, 54, 58, 59,
                255,
            };
            for (int i = 0; i < options.Length; i++)
            {
                Assert.AreEqual(options[i], buffer[240 + i], "option byte " + i.ToString());
            }
            for (int i = 240 + options.Length; i < 300; i++)
            {
                Assert.AreEqual((byte)0, buffer[i], "pad");
            }
        }

        [TestMethod]
        public void EmitIntoAShortViewIsACallerBug()
        {
            DhcpRepr m = Discover();
            byte[] buffer = new byte[299];
            Assert.ThrowsException(typeof(System.ArgumentException), () => m.Emit(new DhcpPacket(buffer, 0, 299)));
        }

        // --------------------------------------------------------------- round trips

        [TestMethod]
        public void ClientAndServerMessagesRoundTrip()
        {
            AssertRoundTrip(Discover());
            DhcpRepr request = Discover();
            request.MessageType = DhcpMessageType.Request;
            request.RequestedAddress = Offered;
            request.ServerIdentifier = Server;
            AssertRoundTrip(request);
            DhcpRepr release = Discover();
            release.MessageType = DhcpMessageType.Release;
            release.ParameterRequestList = false;
            release.ClientAddress = Offered;
            release.ServerIdentifier = Server;
            AssertRoundTrip(release);
            AssertRoundTrip(Ack());
            DhcpRepr nak = new DhcpRepr();
            nak.Op = DhcpPacket.OpBootReply;
            nak.TransactionId = 1;
            nak.ClientHardwareAddress = Mac;
            nak.MessageType = DhcpMessageType.Nak;
            nak.ServerIdentifier = Server;
            AssertRoundTrip(nak);
            DhcpRepr oneDns = Ack();
            oneDns.DnsServer2 = Ipv4Address.Any;
            AssertRoundTrip(oneDns);
        }

        private static void AssertRoundTrip(DhcpRepr m)
        {
            byte[] buffer = Filled(m.BufferLength + 7);
            m.Emit(new DhcpPacket(buffer, 3, m.BufferLength));
            DhcpRepr p;
            Assert.AreEqual((int)WireStatus.Ok, (int)DhcpRepr.TryParse(new DhcpPacket(buffer, 3, m.BufferLength), out p));
            Assert.AreEqual(m.Op, p.Op);
            Assert.AreEqual(m.TransactionId, p.TransactionId);
            Assert.AreEqual(m.Seconds, p.Seconds);
            Assert.AreEqual(m.Broadcast, p.Broadcast);
            Assert.AreEqual(m.ClientAddress.Value, p.ClientAddress.Value);
            Assert.AreEqual(m.YourAddress.Value, p.YourAddress.Value);
            Assert.AreEqual(m.ServerAddress.Value, p.ServerAddress.Value);
            Assert.AreEqual(m.RelayAgentAddress.Value, p.RelayAgentAddress.Value);
            Assert.AreEqual(m.ClientHardwareAddress.Value, p.ClientHardwareAddress.Value);
            Assert.AreEqual(m.MessageType, p.MessageType);
            Assert.AreEqual(m.ServerIdentifier.Value, p.ServerIdentifier.Value);
            Assert.AreEqual(m.RequestedAddress.Value, p.RequestedAddress.Value);
            Assert.AreEqual(m.ClientIdentifier, p.ClientIdentifier);
            Assert.AreEqual(m.ParameterRequestList, p.ParameterRequestList);
            Assert.AreEqual(m.SubnetMask.Value, p.SubnetMask.Value);
            Assert.AreEqual(m.Router.Value, p.Router.Value);
            Assert.AreEqual(m.DnsServer1.Value, p.DnsServer1.Value);
            Assert.AreEqual(m.DnsServer2.Value, p.DnsServer2.Value);
            Assert.AreEqual(m.LeaseSeconds, p.LeaseSeconds);
            Assert.AreEqual(m.RenewalSeconds, p.RenewalSeconds);
            Assert.AreEqual(m.RebindingSeconds, p.RebindingSeconds);
            Assert.AreEqual(m.BufferLength, p.BufferLength, "re-emits to the same length");
        }

        // --------------------------------------------------------------- parse refusals

        // A 300-byte OFFER; options from 240: 53 1 2, 54 4 server, then end.
        private static byte[] Offer()
        {
            DhcpRepr m = new DhcpRepr();
            m.Op = DhcpPacket.OpBootReply;
            m.TransactionId = 7;
            m.ClientHardwareAddress = Mac;
            m.YourAddress = Offered;
            m.MessageType = DhcpMessageType.Offer;
            m.ServerIdentifier = Server;
            byte[] b = new byte[m.BufferLength];
            m.Emit(new DhcpPacket(b, 0, b.Length));
            return b;
        }

        private static WireStatus Parse(byte[] b, int length)
        {
            // A copy exactly as long as the datagram: a read past its end would throw.
            byte[] exact = new byte[length];
            System.Array.Copy(b, 0, exact, 0, length);
            DhcpRepr m;
            return DhcpRepr.TryParse(new DhcpPacket(exact, 0, length), out m);
        }

        [TestMethod]
        public void TruncatedFixedPartOrCookie()
        {
            byte[] b = Offer();
            Assert.AreEqual((int)WireStatus.Truncated, (int)Parse(b, 0));
            Assert.AreEqual((int)WireStatus.Truncated, (int)Parse(b, 235));
            Assert.AreEqual((int)WireStatus.Truncated, (int)Parse(b, 239), "the cookie is cut");
            Assert.AreEqual((int)WireStatus.Malformed, (int)Parse(b, 240), "cookie but no options: no message type");
            Assert.AreEqual((int)WireStatus.Ok, (int)Parse(b, 249), "53 and 54 complete, end option cut: accepted");
        }

        [TestMethod]
        public void BadCookieOpAndHardware()
        {
            byte[] b = Offer();
            b[239] = 98;
            Assert.AreEqual((int)WireStatus.Malformed, (int)Parse(b, b.Length), "magic cookie 99.130.83.98");
            b = Offer();
            b[0] = 3;
            Assert.AreEqual((int)WireStatus.Malformed, (int)Parse(b, b.Length), "op 3");
            b = Offer();
            b[1] = 6;
            Assert.AreEqual((int)WireStatus.Unsupported, (int)Parse(b, b.Length), "htype IEEE 802");
            b = Offer();
            b[2] = 16;
            Assert.AreEqual((int)WireStatus.Unsupported, (int)Parse(b, b.Length), "hlen 16");
        }

        [TestMethod]
        public void OptionLengthsAreCheckedAgainstTheEndOfTheDatagram()
        {
            byte[] b = Offer();
            b[249] = 224; // replace the end option by an unknown option...
            b[250] = 60;  // ...whose 60 bytes run past byte 300
            Assert.AreEqual((int)WireStatus.BadOption, (int)Parse(b, b.Length));
            Assert.AreEqual((int)WireStatus.BadOption, (int)Parse(b, 251), "the length byte is the last byte");
            Assert.AreEqual((int)WireStatus.BadOption, (int)Parse(b, 250), "the length byte itself is missing");
            b[250] = 49;  // 251 + 49 = 300: fits exactly, no end option
            Assert.AreEqual((int)WireStatus.Ok, (int)Parse(b, b.Length));
            b[250] = 50;
            Assert.AreEqual((int)WireStatus.BadOption, (int)Parse(b, b.Length), "one byte too many");
            Assert.AreEqual((int)WireStatus.BadOption, (int)Parse(b, 299), "the datagram ends one byte early");
        }

        [TestMethod]
        public void KnownOptionsMustHaveTheirLength()
        {
            AssertBadOption(new byte[] { 53, 2, 2, 2 });
            AssertBadOption(new byte[] { 53, 0 });
            AssertBadOption(new byte[] { 1, 3, 255, 255, 255 });
            AssertBadOption(new byte[] { 3, 6, 192, 0, 2, 1, 192, 0 });
            AssertBadOption(new byte[] { 3, 0 });
            AssertBadOption(new byte[] { 6, 5, 192, 0, 2, 1, 1 });
            AssertBadOption(new byte[] { 51, 2, 0, 1 });
            AssertBadOption(new byte[] { 58, 8, 0, 0, 0, 1, 0, 0, 0, 2 });
            AssertBadOption(new byte[] { 59, 3, 0, 0, 1 });
            AssertBadOption(new byte[] { 50, 5, 192, 0, 2, 1, 0 });
            AssertBadOption(new byte[] { 54, 0 });
            AssertBadOption(new byte[] { 52, 2, 1, 1 });
            AssertBadOption(new byte[] { 55, 0 });
            AssertBadOption(new byte[] { 61, 1, 1 });
        }

        private static void AssertBadOption(byte[] option)
        {
            byte[] b = Offer();
            Put(b, 249, option);
            b[249 + option.Length] = 255;
            Assert.AreEqual((int)WireStatus.BadOption, (int)Parse(b, b.Length), "option " + option[0].ToString());
        }

        [TestMethod]
        public void MissingMessageTypeIsNotDhcp()
        {
            byte[] b = Offer();
            b[240] = 0; // 53 1 2 → three pads
            b[241] = 0;
            b[242] = 0;
            Assert.AreEqual((int)WireStatus.Malformed, (int)Parse(b, b.Length));
        }

        [TestMethod]
        public void OptionOverloadIsRefused()
        {
            byte[] b = Offer();
            Put(b, 249, new byte[] { 52, 1, 3, 255 });
            Assert.AreEqual((int)WireStatus.Unsupported, (int)Parse(b, b.Length));
        }

        [TestMethod]
        public void PadsUnknownOptionsRepeatsAndTrailingBytes()
        {
            byte[] b = Offer();
            Put(b, 249, new byte[]
            {
                0, 0,
                224, 3, 1, 2, 3,                        // unknown: skipped by its length
                54, 4, 10, 0, 0, 1,                     // a second server identifier: the first wins
                6, 12, 10, 0, 0, 1, 10, 0, 0, 2, 10, 0, 0, 3, // three DNS servers: two kept
                3, 8, 10, 0, 0, 9, 10, 0, 0, 8,         // two routers: the first kept
                61, 7, 0, 1, 2, 3, 4, 5, 6,             // a client identifier of another type
                255,
                53, 1, 5,                               // after the end option: padding, ignored
            });
            DhcpRepr m;
            Assert.AreEqual((int)WireStatus.Ok, (int)DhcpRepr.TryParse(new DhcpPacket(b, 0, b.Length), out m));
            Assert.AreEqual(DhcpMessageType.Offer, m.MessageType);
            Assert.AreEqual(Server.Value, m.ServerIdentifier.Value);
            Assert.AreEqual(0x0A000001u, m.DnsServer1.Value);
            Assert.AreEqual(0x0A000002u, m.DnsServer2.Value);
            Assert.AreEqual(0x0A000009u, m.Router.Value);
            Assert.IsFalse(m.ClientIdentifier);
        }

        [TestMethod]
        public void EveryTruncationAndRandomCorruptionParsesWithoutThrowing()
        {
            DhcpRepr ack = Ack();
            byte[] full = new byte[ack.BufferLength];
            ack.Emit(new DhcpPacket(full, 0, full.Length));
            for (int n = 0; n <= full.Length; n++)
            {
                Parse(full, n);
            }
            SeededEntropySource rng = new SeededEntropySource(2131);
            byte[] r = new byte[4];
            byte[] mutated = new byte[full.Length];
            int ok = 0;
            for (int round = 0; round < 2000; round++)
            {
                System.Array.Copy(full, mutated, full.Length);
                for (int k = 0; k < 4; k++)
                {
                    rng.GetBytes(r, 0, 4);
                    int at = 240 + (int)(BigEndian.ReadUInt16(r, 0) % (uint)(full.Length - 240));
                    mutated[at] = r[2];
                }
                rng.GetBytes(r, 0, 2);
                int length = 240 + (int)(BigEndian.ReadUInt16(r, 0) % (uint)(full.Length - 239));
                if (Parse(mutated, length) == WireStatus.Ok)
                {
                    ok++;
                }
            }
            Assert.IsTrue(ok > 0, "some mutations stay well formed");
        }
    }
}
