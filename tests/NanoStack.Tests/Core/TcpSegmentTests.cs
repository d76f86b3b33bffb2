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
    public class TcpSegmentTests
    {
        private static readonly Ipv4Address Loopback = new Ipv4Address(127, 0, 0, 1);
        private static readonly Ipv4Address A = new Ipv4Address(10, 0, 0, 1);
        private static readonly Ipv4Address B = new Ipv4Address(10, 0, 0, 2);

        private static TcpSegment Seg(byte[] frame)
        {
            return new TcpSegment(frame, 34, frame.Length - 34);
        }

        /// <summary>
        /// An exact-size segment A:1000 → B:2000 with the given option bytes (zero-padded to a
        /// multiple of 4) and data, checksum filled: any read past the header or the segment
        /// would throw.
        /// </summary>
        private static byte[] Build(string optionsHex, byte flags, int dataLength)
        {
            byte[] opts = WireVectors.Hex(optionsHex);
            int optLen = (opts.Length + 3) & ~3;
            byte[] s = new byte[20 + optLen + dataLength];
            TcpSegment t = new TcpSegment(s, 0, s.Length);
            t.SourcePort = 1000;
            t.DestinationPort = 2000;
            t.SequenceNumber = 7;
            t.HeaderLength = 20 + optLen;
            t.Flags = flags;
            t.Window = 100;
            System.Array.Copy(opts, 0, s, 20, opts.Length);
            t.FillChecksum(A, B);
            return s;
        }

        private static WireStatus Parse(byte[] s, out TcpRepr r)
        {
            return TcpRepr.TryParse(new TcpSegment(s, 0, s.Length), A, B, out r);
        }

        [TestMethod]
        public void ParsesCapturedSyn()
        {
            byte[] f = WireVectors.Hex(WireVectors.LinuxSyn);
            TcpRepr r;
            WireVectors.AreEqual(WireStatus.Ok, TcpRepr.TryParse(Seg(f), Loopback, Loopback, out r), "syn");
            Assert.AreEqual((ushort)55448, r.SourcePort);
            Assert.AreEqual((ushort)18080, r.DestinationPort);
            Assert.AreEqual(1514263784u, r.SequenceNumber);
            Assert.AreEqual(TcpFlags.Syn, r.Flags);
            Assert.AreEqual((ushort)65495, r.Window);
            Assert.IsTrue(r.HasMss);
            Assert.AreEqual((ushort)65495, r.Mss);
            Assert.IsTrue(r.SackPermitted);
            Assert.IsTrue(r.HasTimestamp);
            Assert.AreEqual(233493788u, r.TsVal);
            Assert.AreEqual(0u, r.TsEcr);
            Assert.IsTrue(r.HasWindowScale);
            Assert.AreEqual((byte)10, r.WindowScale);
            Assert.AreEqual(0, r.PayloadLength);
            Assert.AreEqual(1, r.SegmentLength);
            Assert.AreEqual(40, r.HeaderLength);
        }

        [TestMethod]
        public void ParsesCapturedRstAndData()
        {
            byte[] f = WireVectors.Hex(WireVectors.LinuxRstAck);
            TcpRepr r;
            WireVectors.AreEqual(WireStatus.Ok, TcpRepr.TryParse(Seg(f), Loopback, Loopback, out r), "rst");
            Assert.IsTrue(r.HasFlag(TcpFlags.Rst) && r.HasFlag(TcpFlags.Ack));
            Assert.AreEqual(1514263785u, r.AckNumber);
            Assert.IsTrue(Seg(f).Rst);

            f = WireVectors.Hex(WireVectors.HandTcpData);
            WireVectors.AreEqual(WireStatus.Ok, TcpRepr.TryParse(Seg(f), B, A, out r), "data");
            Assert.AreEqual((byte)(TcpFlags.Psh | TcpFlags.Ack), r.Flags);
            Assert.AreEqual(0xFFFFFFF1u, r.AckNumber);
            Assert.AreEqual(5, r.PayloadLength);
            Assert.AreEqual(54, r.PayloadOffset);
            Assert.AreEqual((byte)'o', f[r.PayloadOffset + 4]);
        }

        [TestMethod]
        public void ParsesSackBlocks()
        {
            byte[] f = WireVectors.Hex(WireVectors.HandTcpSack);
            TcpRepr r;
            WireVectors.AreEqual(WireStatus.Ok, TcpRepr.TryParse(Seg(f), A, B, out r), "sack");
            Assert.IsTrue(r.HasTimestamp);
            Assert.AreEqual(0x01020304u, r.TsVal);
            Assert.AreEqual(0x05060708u, r.TsEcr);
            Assert.AreEqual(2, r.SackBlockCount);
            Assert.AreEqual(1000u, r.GetSackLeft(0));
            Assert.AreEqual(2000u, r.GetSackRight(0));
            Assert.AreEqual(3000u, r.GetSackLeft(1));
            Assert.AreEqual(4000u, r.GetSackRight(1));
            for (int n = 1; n <= 4; n++)
            {
                string sack = "0101" + "05" + ((byte)(2 + 8 * n)).ToString("x2");
                for (int k = 0; k < n; k++)
                {
                    sack += "0000000" + (2 * k + 1).ToString() + "0000000" + (2 * k + 2).ToString();
                }
                byte[] s = Build(sack, TcpFlags.Ack, 0);
                WireVectors.AreEqual(WireStatus.Ok, Parse(s, out r), "blocks " + n.ToString());
                Assert.AreEqual(n, r.SackBlockCount);
                Assert.AreEqual((uint)(2 * n - 1), r.GetSackLeft(n - 1));
                Assert.AreEqual((uint)(2 * n), r.GetSackRight(n - 1));
            }
        }

        [TestMethod]
        public void EmitThenParseRoundTrip()
        {
            TcpRepr r = new TcpRepr();
            r.SourcePort = 49152;
            r.DestinationPort = 443;
            r.SequenceNumber = 0xFFFFFFFE;
            r.AckNumber = 0x80000000;
            r.Flags = TcpFlags.Ack | TcpFlags.Psh | TcpFlags.Ece | TcpFlags.Cwr;
            r.Window = 0xFFFF;
            r.UrgentPointer = 0;
            r.HasTimestamp = true;
            r.TsVal = 1;
            r.TsEcr = 0xFFFFFFFF;
            r.SackBlockCount = 3;
            r.SetSackBlock(0, 10, 20);
            r.SetSackBlock(1, 30, 40);
            r.SetSackBlock(2, 50, 60);
            r.PayloadLength = 3;
            Assert.AreEqual(60, r.HeaderLength);
            byte[] data = WireVectors.Hex("a1b2c3");
            byte[] b = WireVectors.Filled(2 + r.BufferLength + 2);
            r.Emit(new TcpSegment(b, 2, r.BufferLength), A, B, data, 0);
            Assert.AreEqual((byte)0xA5, b[1]);
            Assert.AreEqual((byte)0xA5, b[2 + r.BufferLength]);
            TcpRepr p;
            WireVectors.AreEqual(WireStatus.Ok, TcpRepr.TryParse(new TcpSegment(b, 2, r.BufferLength), A, B, out p), "parse");
            Assert.AreEqual(r.SourcePort, p.SourcePort);
            Assert.AreEqual(r.DestinationPort, p.DestinationPort);
            Assert.AreEqual(r.SequenceNumber, p.SequenceNumber);
            Assert.AreEqual(r.AckNumber, p.AckNumber);
            Assert.AreEqual(r.Flags, p.Flags);
            Assert.AreEqual(r.Window, p.Window);
            Assert.IsTrue(p.HasTimestamp);
            Assert.AreEqual(1u, p.TsVal);
            Assert.AreEqual(0xFFFFFFFFu, p.TsEcr);
            Assert.AreEqual(3, p.SackBlockCount);
            Assert.AreEqual(50u, p.GetSackLeft(2));
            Assert.AreEqual(60u, p.GetSackRight(2));
            Assert.AreEqual(3, p.PayloadLength);
            Assert.AreEqual((byte)0xC3, b[p.PayloadOffset + 2]);
            Assert.IsFalse(p.HasMss || p.HasWindowScale || p.SackPermitted);
        }

        [TestMethod]
        public void SynOptionsRoundTripAndSackCutToFit()
        {
            TcpRepr r = new TcpRepr();
            r.Flags = TcpFlags.Syn;
            r.HasMss = true;
            r.Mss = 1460;
            r.HasWindowScale = true;
            r.WindowScale = 7;
            r.SackPermitted = true;
            byte[] b = WireVectors.Filled(r.BufferLength);
            Assert.AreEqual(32, b.Length); // MSS 4 + NOP NOP SACK-permitted 4 + NOP WS 4
            r.Emit(new TcpSegment(b, 0, b.Length), A, B);
            TcpRepr p;
            WireVectors.AreEqual(WireStatus.Ok, Parse(b, out p), "syn");
            Assert.IsTrue(p.HasMss && p.HasWindowScale && p.SackPermitted && !p.HasTimestamp);
            Assert.AreEqual((ushort)1460, p.Mss);
            Assert.AreEqual((byte)7, p.WindowScale);

            // Four SACK blocks with timestamps do not fit in 40 bytes: three are sent.
            TcpRepr s = new TcpRepr();
            s.Flags = TcpFlags.Ack;
            s.HasTimestamp = true;
            s.SackBlockCount = 4;
            for (int k = 0; k < 4; k++)
            {
                s.SetSackBlock(k, (uint)k, (uint)k + 1);
            }
            Assert.AreEqual(60, s.HeaderLength);
            byte[] c = WireVectors.Filled(s.BufferLength);
            s.Emit(new TcpSegment(c, 0, c.Length), A, B);
            WireVectors.AreEqual(WireStatus.Ok, Parse(c, out p), "sack");
            Assert.AreEqual(3, p.SackBlockCount);
            s.HasTimestamp = false;
            Assert.AreEqual(56, s.HeaderLength); // NOP NOP SACK 4 blocks = 36 bytes
        }

        /// <summary>RFC 9293 check 1: emitted checksums are correct (independently computed vectors match).</summary>
        [TestMethod]
        public void Rfc9293Check1EmittedChecksumsCorrect()
        {
            string[] vectors = new string[] { WireVectors.LinuxSyn, WireVectors.LinuxSynAck, WireVectors.LinuxAckTimestamps, WireVectors.LinuxRstAck, WireVectors.HandTcpSack, WireVectors.HandTcpData };
            for (int v = 0; v < vectors.Length; v++)
            {
                byte[] f = WireVectors.Hex(vectors[v]);
                Ipv4Packet ip = WireVectors.Ip(f);
                TcpRepr r;
                WireVectors.AreEqual(WireStatus.Ok, TcpRepr.TryParse(Seg(f), ip.Source, ip.Destination, out r), "parse " + v.ToString());
                byte[] b = WireVectors.Filled(r.BufferLength);
                r.Emit(new TcpSegment(b, 0, b.Length), ip.Source, ip.Destination, f, r.PayloadOffset);
                Assert.AreEqual(Seg(f).Checksum, new TcpSegment(b, 0, b.Length).Checksum, "checksum " + v.ToString());
                Assert.IsTrue(new TcpSegment(b, 0, b.Length).VerifyChecksum(ip.Source, ip.Destination));
            }
            // Odd payload length: the last byte is padded with zero (RFC 9293 §3.1).
            TcpRepr odd = new TcpRepr();
            odd.Flags = TcpFlags.Ack;
            odd.PayloadLength = 1;
            byte[] o = WireVectors.Filled(21);
            o[20] = 0x7F;
            odd.Emit(new TcpSegment(o, 0, 21), A, B);
            Assert.IsTrue(new TcpSegment(o, 0, 21).VerifyChecksum(A, B));
        }

        /// <summary>RFC 9293 check 2: a bad checksum is detected (every bit of the segment, and the pseudo-header).</summary>
        [TestMethod]
        public void Rfc9293Check2BadChecksumDetected()
        {
            byte[] f = WireVectors.Hex(WireVectors.LinuxSyn);
            TcpRepr r;
            WireVectors.AreEqual(WireStatus.BadChecksum, TcpRepr.TryParse(Seg(f), Loopback, new Ipv4Address(127, 0, 0, 2), out r), "destination");
            for (int i = 34; i < f.Length; i++)
            {
                for (int bit = 0; bit < 8; bit++)
                {
                    f[i] ^= (byte)(1 << bit);
                    WireStatus s = TcpRepr.TryParse(Seg(f), Loopback, Loopback, out r);
                    if (i == 34 + TcpSegment.Field.DataOffset && bit >= 4)
                    {
                        Assert.IsTrue(s != WireStatus.Ok, "data offset bit " + bit.ToString());
                    }
                    else
                    {
                        WireVectors.AreEqual(WireStatus.BadChecksum, s, "byte " + i.ToString() + " bit " + bit.ToString());
                    }
                    f[i] ^= (byte)(1 << bit);
                }
            }
        }

        /// <summary>RFC 9293 check 3: EOL, NOP and MSS accepted in any segment; unknown options skipped by length.</summary>
        [TestMethod]
        public void Rfc9293Check3EolNopMssInAnySegmentUnknownOptionsSkipped()
        {
            TcpRepr r;
            // MSS on a non-SYN segment: legal, parsed, ignored (RFC 9293 §3.7.1 uses it on SYN only).
            byte[] s = Build("020405b40101080a0000000100000002", TcpFlags.Ack, 2);
            WireVectors.AreEqual(WireStatus.Ok, Parse(s, out r), "mss on ack");
            Assert.IsFalse(r.HasMss);
            Assert.IsTrue(r.HasTimestamp);
            Assert.AreEqual(2u, r.TsEcr);
            Assert.AreEqual(2, r.PayloadLength);
            // Window scale and SACK-permitted without SYN: ignored.
            s = Build("030307040201", TcpFlags.Ack, 0);
            WireVectors.AreEqual(WireStatus.Ok, Parse(s, out r), "ws on ack");
            Assert.IsFalse(r.HasWindowScale || r.SackPermitted);
            // EOL ends the list: what follows (even garbage) is not parsed.
            s = Build("020405b400fe00ff01", TcpFlags.Syn, 0);
            WireVectors.AreEqual(WireStatus.Ok, Parse(s, out r), "eol");
            Assert.IsTrue(r.HasMss);
            Assert.AreEqual((ushort)1460, r.Mss);
            // Unknown kinds (experimental 253/254, TCP-AO 29, MD5 19) skipped by their length.
            s = Build("fd04aabb1d06000000001312" + "00000000000000000000000000000000" + "020405dc", TcpFlags.Syn, 1);
            WireVectors.AreEqual(WireStatus.Ok, Parse(s, out r), "unknown");
            Assert.IsTrue(r.HasMss);
            Assert.AreEqual((ushort)1500, r.Mss);
            Assert.AreEqual(1, r.PayloadLength);
            // Only NOPs.
            s = Build("01010101", TcpFlags.Ack, 0);
            WireVectors.AreEqual(WireStatus.Ok, Parse(s, out r), "nops");
        }

        /// <summary>RFC 9293 check 4: an illegal option length returns BadOption, never throws, never reads out of bounds.</summary>
        [TestMethod]
        public void Rfc9293Check4IllegalOptionLengthNoCrashNoOob()
        {
            string[] cases = new string[]
            {
                "0200",             // length 0
                "0201",             // length 1
                "fe00",             // unknown kind, length 0
                "fe01",             // unknown kind, length 1
                "020a05b4",         // runs past the header
                "fe05aabb",         // unknown kind runs past the header
                "01010102",         // MSS kind in the last byte: no length byte
                "010101fe",         // unknown kind in the last byte
                "020305",           // MSS with length 3
                "020505b400",       // MSS with length 5
                "03040e00",         // window scale with length 4
                "0403",             // SACK-permitted with length 3
                "0808000000000000", // timestamps with length 8
                "050b000000010000000200", // SACK with 2 + 9 bytes
                "0502",             // SACK with no block
                "05220000000100000002000000030000000400000005000000060000000700000008", // 5 blocks (34 + 8 > 40 never fits; 34 is 4 blocks)
            };
            for (int i = 0; i < cases.Length; i++)
            {
                byte flags = TcpFlags.Syn;
                byte[] s = Build(cases[i], flags, 0);
                TcpRepr r;
                WireStatus status = Parse(s, out r);
                if (i == cases.Length - 1)
                {
                    // 0x22 = 34 = 2 + 4 × 8: legal, four blocks; the trailing 8 bytes follow as a
                    // new option of kind 0 (EOL).
                    WireVectors.AreEqual(WireStatus.Ok, status, "four blocks");
                    Assert.AreEqual(4, r.SackBlockCount);
                    continue;
                }
                WireVectors.AreEqual(WireStatus.BadOption, status, "case " + i.ToString() + " " + cases[i]);
            }
            // Illegal lengths at every position of a full 40-byte option area.
            for (int pos = 0; pos < 40; pos++)
            {
                for (int len = 0; len < 2; len++)
                {
                    string hex = "";
                    for (int k = 0; k < pos; k++)
                    {
                        hex += "01";
                    }
                    hex += "fe0" + len.ToString();
                    for (int k = pos + 2; k < 40; k++)
                    {
                        hex += "01";
                    }
                    byte[] s = Build(hex.Substring(0, 80), TcpFlags.Ack, 0);
                    TcpRepr r;
                    WireVectors.AreEqual(WireStatus.BadOption, Parse(s, out r), "pos " + pos.ToString() + " len " + len.ToString());
                }
            }
        }

        /// <summary>RFC 9293 check 5: options at any alignment (with NOP padding) parse; emit pads to a 4-byte multiple.</summary>
        [TestMethod]
        public void Rfc9293Check5OptionsAtAnyAlignmentZeroPadding()
        {
            byte[] f = WireVectors.Hex(WireVectors.HandTcpSynOddOptions);
            TcpRepr r;
            WireVectors.AreEqual(WireStatus.Ok, TcpRepr.TryParse(Seg(f), A, B, out r), "odd");
            Assert.IsTrue(r.HasMss && r.HasWindowScale && r.SackPermitted && r.HasTimestamp);
            Assert.AreEqual((ushort)1460, r.Mss);
            Assert.AreEqual((byte)7, r.WindowScale);
            Assert.AreEqual(0xDEADBEEFu, r.TsVal);
            // The same options after 0..3 leading NOPs.
            string opts = "020405b40303070402080a0000002a00000000";
            for (int shift = 0; shift < 4; shift++)
            {
                string hex = "";
                for (int k = 0; k < shift; k++)
                {
                    hex += "01";
                }
                byte[] s = Build(hex + opts, TcpFlags.Syn, 0);
                WireVectors.AreEqual(WireStatus.Ok, Parse(s, out r), "shift " + shift.ToString());
                Assert.AreEqual((ushort)1460, r.Mss);
                Assert.AreEqual((byte)7, r.WindowScale);
                Assert.IsTrue(r.SackPermitted);
                Assert.AreEqual(42u, r.TsVal);
            }
            // Emit: every combination has a header length that is a multiple of 4, and the
            // padding bytes inside the options are NOP (1) — never stale 0xA5.
            for (int mask = 0; mask < 32; mask++)
            {
                TcpRepr e = new TcpRepr();
                e.Flags = TcpFlags.Syn;
                e.HasMss = (mask & 1) != 0;
                e.Mss = 536;
                e.HasWindowScale = (mask & 2) != 0;
                e.WindowScale = 2;
                e.SackPermitted = (mask & 4) != 0;
                e.HasTimestamp = (mask & 8) != 0;
                e.SackBlockCount = (mask & 16) != 0 ? 1 : 0;
                e.SetSackBlock(0, 5, 6);
                Assert.AreEqual(0, e.HeaderLength % 4, "mask " + mask.ToString());
                byte[] b = WireVectors.Filled(e.BufferLength);
                e.Emit(new TcpSegment(b, 0, b.Length), A, B);
                for (int i = 0; i < b.Length; i++)
                {
                    Assert.IsTrue(b[i] != 0xA5 || (i == 16 || i == 17), "stale byte " + i.ToString() + " mask " + mask.ToString());
                }
                TcpRepr p;
                WireVectors.AreEqual(WireStatus.Ok, Parse(b, out p), "reparse " + mask.ToString());
                Assert.AreEqual(e.HasMss, p.HasMss);
                Assert.AreEqual(e.HasWindowScale, p.HasWindowScale);
                Assert.AreEqual(e.SackPermitted, p.SackPermitted);
                Assert.AreEqual(e.HasTimestamp, p.HasTimestamp);
                Assert.AreEqual(e.SackBlockCount, p.SackBlockCount);
            }
        }

        [TestMethod]
        public void WindowScaleClampedTo14()
        {
            TcpRepr r;
            byte[] s = Build("03030f", TcpFlags.Syn, 0);
            WireVectors.AreEqual(WireStatus.Ok, Parse(s, out r), "15");
            Assert.AreEqual((byte)14, r.WindowScale);
            s = Build("0303ff", TcpFlags.Syn | TcpFlags.Ack, 0);
            WireVectors.AreEqual(WireStatus.Ok, Parse(s, out r), "255");
            Assert.AreEqual((byte)14, r.WindowScale);
        }

        [TestMethod]
        public void DataOffsetChecks()
        {
            byte[] f = WireVectors.Hex(WireVectors.LinuxAckTimestamps);
            TcpRepr r;
            for (int d = 0; d < 5; d++)
            {
                f[34 + 12] = (byte)(d << 4);
                WireVectors.AreEqual(WireStatus.BadHeaderLength, TcpRepr.TryParse(Seg(f), Loopback, Loopback, out r), "offset " + d.ToString());
            }
            for (int d = 9; d < 16; d++)
            {
                f[34 + 12] = (byte)(d << 4); // 36..60 bytes > 32-byte segment
                WireVectors.AreEqual(WireStatus.Truncated, TcpRepr.TryParse(Seg(f), Loopback, Loopback, out r), "offset " + d.ToString());
            }
        }

        [TestMethod]
        public void TruncatedAtEveryLength()
        {
            string[] vectors = new string[] { WireVectors.LinuxSyn, WireVectors.HandTcpSack, WireVectors.HandTcpData, WireVectors.HandTcpSynOddOptions };
            for (int v = 0; v < vectors.Length; v++)
            {
                byte[] f = WireVectors.Hex(vectors[v]);
                Ipv4Packet ip = WireVectors.Ip(f);
                int n = f.Length - 34;
                int header = Seg(f).HeaderLength;
                for (int k = 0; k < n; k++)
                {
                    TcpRepr r;
                    WireStatus s = TcpRepr.TryParse(new TcpSegment(f, 34, k), ip.Source, ip.Destination, out r);
                    if (k < header)
                    {
                        WireVectors.AreEqual(WireStatus.Truncated, s, "vector " + v.ToString() + " length " + k.ToString());
                    }
                    else
                    {
                        WireVectors.AreEqual(WireStatus.BadChecksum, s, "vector " + v.ToString() + " length " + k.ToString());
                    }
                }
            }
        }
    }
}
