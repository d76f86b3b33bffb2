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
using System;
using NanoStack.Wire;

namespace NanoStack.Tests.Core
{
    [TestClass]
    public class EthernetFrameTests
    {
        [TestMethod]
        public void ParsesHeader()
        {
            byte[] f = WireVectors.Hex(WireVectors.HandArpRequest);
            EthernetFrame frame = new EthernetFrame(f, 0, f.Length);
            EthernetRepr r;
            WireVectors.AreEqual(WireStatus.Ok, EthernetRepr.TryParse(frame, out r), "parse");
            Assert.IsTrue(r.Destination.IsBroadcast);
            Assert.AreEqual(0x020000000001UL, r.Source.Value);
            Assert.AreEqual(EtherType.Arp, r.EtherType);
            Assert.AreEqual(14, frame.PayloadOffset);
            Assert.AreEqual(46, frame.PayloadLength);
        }

        [TestMethod]
        public void EmitThenParseRoundTrip()
        {
            EthernetRepr r = new EthernetRepr();
            r.Destination = new MacAddress(0x0A0B0C0D0E0FUL);
            r.Source = new MacAddress(0x020000000002UL);
            r.EtherType = EtherType.Ipv4;
            byte[] b = WireVectors.Filled(r.BufferLength(4) + 2);
            r.Emit(new EthernetFrame(b, 1, r.BufferLength(4)));
            WireVectors.SameBytes(WireVectors.Hex("a50a0b0c0d0e0f0200000000020800a5a5a5a5a5"), b, "emitted");
            EthernetRepr p;
            WireVectors.AreEqual(WireStatus.Ok, EthernetRepr.TryParse(new EthernetFrame(b, 1, 18), out p), "parse");
            Assert.IsTrue(p.Destination == r.Destination && p.Source == r.Source);
            Assert.AreEqual(r.EtherType, p.EtherType);
        }

        [TestMethod]
        public void VlanAndLengthFramesAreUnsupported()
        {
            byte[] f = WireVectors.Hex(WireVectors.LinuxEchoRequest);
            EthernetRepr r;
            f[12] = 0x81;
            f[13] = 0x00;
            WireVectors.AreEqual(WireStatus.Unsupported, EthernetRepr.TryParse(new EthernetFrame(f, 0, f.Length), out r), "802.1Q");
            f[12] = 0x88;
            f[13] = 0xA8;
            WireVectors.AreEqual(WireStatus.Unsupported, EthernetRepr.TryParse(new EthernetFrame(f, 0, f.Length), out r), "802.1ad");
            f[12] = 0x05;
            f[13] = 0xDC;
            WireVectors.AreEqual(WireStatus.Unsupported, EthernetRepr.TryParse(new EthernetFrame(f, 0, f.Length), out r), "802.3 length 1500");
            f[12] = 0x86;
            f[13] = 0xDD;
            WireVectors.AreEqual(WireStatus.Ok, EthernetRepr.TryParse(new EthernetFrame(f, 0, f.Length), out r), "IPv6 parses, the interface ignores it");
        }

        [TestMethod]
        public void TruncatedAtEveryLength()
        {
            byte[] f = WireVectors.Hex(WireVectors.LinuxEchoRequest);
            for (int n = 0; n < EthernetFrame.HeaderLength; n++)
            {
                EthernetRepr r;
                EthernetFrame frame = new EthernetFrame(f, 0, n);
                WireVectors.AreEqual(WireStatus.Truncated, frame.CheckLength(), "check " + n.ToString());
                WireVectors.AreEqual(WireStatus.Truncated, EthernetRepr.TryParse(frame, out r), "parse " + n.ToString());
            }
        }

        [TestMethod]
        public void ViewRejectsBadRanges()
        {
            byte[] b = new byte[20];
            Assert.ThrowsException(typeof(ArgumentNullException), () => new EthernetFrame(null, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new EthernetFrame(b, -1, 5));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new EthernetFrame(b, 10, 11));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new EthernetFrame(b, 0, -1));
            EthernetRepr r = new EthernetRepr();
            Assert.ThrowsException(typeof(ArgumentException), () => r.Emit(new EthernetFrame(b, 0, 13)));
        }

        /// <summary>Every option-less vector: parse then emit (into 0xA5) gives identical bytes.</summary>
        [TestMethod]
        public void EveryVectorParseThenEmitGivesIdenticalBytes()
        {
            string[] all = WireVectors.All();
            for (int i = 0; i < all.Length; i++)
            {
                if (all[i] == WireVectors.HandIpv4OptionsUdp || all[i] == WireVectors.HandTcpSynOddOptions)
                {
                    continue; // IPv4 options are never emitted; TCP options are emitted in the canonical layout
                }
                byte[] f = WireVectors.Hex(all[i]);
                WireVectors.SameBytes(f, WireVectors.ParseAndEmit(f), "vector " + i.ToString());
            }
        }

        /// <summary>
        /// Every vector cut at every length parses down the layers without throwing, and the
        /// layer that is cut reports it (IPv4 frames: Truncated at the Ethernet or IPv4 layer;
        /// ARP frames: Truncated until the 28 ARP bytes are there, padding may be cut).
        /// </summary>
        [TestMethod]
        public void EveryVectorTruncatedAtEveryLength()
        {
            string[] all = WireVectors.All();
            for (int v = 0; v < all.Length; v++)
            {
                byte[] full = WireVectors.Hex(all[v]);
                for (int n = 0; n < full.Length; n++)
                {
                    byte[] f = new byte[n];
                    System.Array.Copy(full, f, n);
                    string where = "vector " + v.ToString() + " length " + n.ToString();
                    EthernetRepr eth;
                    WireStatus s = EthernetRepr.TryParse(new EthernetFrame(f, 0, n), out eth);
                    if (n < EthernetFrame.HeaderLength)
                    {
                        WireVectors.AreEqual(WireStatus.Truncated, s, where);
                        continue;
                    }
                    WireVectors.AreEqual(WireStatus.Ok, s, where);
                    if (eth.EtherType == EtherType.Arp)
                    {
                        ArpRepr arp;
                        s = ArpRepr.TryParse(new ArpPacket(f, 14, n - 14), out arp);
                        WireVectors.AreEqual(n - 14 < ArpPacket.PacketLength ? WireStatus.Truncated : WireStatus.Ok, s, where);
                        continue;
                    }
                    Ipv4Repr ip;
                    WireVectors.AreEqual(WireStatus.Truncated, Ipv4Repr.TryParse(new Ipv4Packet(f, 14, n - 14), out ip), where);
                }
            }
        }
    }
}
