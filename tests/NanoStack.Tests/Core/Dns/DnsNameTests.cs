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
using NanoStack.Dns;

namespace NanoStack.Tests.Core.Dns
{
    /// <summary>
    /// Host names encoded to exact bytes with every refusal, and names read back from messages:
    /// plain, compressed, and every hostile shape (pointer to itself, forwards, into its own
    /// labels, too many jumps, labels over 63, names over 255, truncation anywhere).
    /// </summary>
    [TestClass]
    public class DnsNameTests
    {
        private static string Repeat(char c, int n)
        {
            return new string(c, n);
        }

        /// <summary>n labels "a" … joined by dots, as text of exactly <paramref name="chars"/> characters.</summary>
        private static string NameOfLength(int chars)
        {
            char[] t = new char[chars];
            for (int i = 0; i < chars; i++)
            {
                t[i] = (i % 2 == 1) ? '.' : 'a';
            }
            if (t[chars - 1] == '.')
            {
                t[chars - 1] = 'b';
                t[chars - 2] = 'b';
            }
            return new string(t);
        }

        private static DnsWireStatus Encode(string name, out byte[] wire)
        {
            byte[] b = WireVectors.Filled(300);
            int length;
            DnsWireStatus st = DnsName.Encode(name, b, 1, 298, out length);
            wire = new byte[length];
            System.Array.Copy(b, 1, wire, 0, length);
            if (st == DnsWireStatus.Ok)
            {
                Assert.AreEqual((byte)0xA5, b[0], "nothing written before");
                Assert.AreEqual((byte)0xA5, b[1 + length], "nothing written after");
            }
            else
            {
                for (int i = 0; i < b.Length; i++)
                {
                    Assert.AreEqual((byte)0xA5, b[i], "nothing written on failure");
                }
            }
            return st;
        }

        [TestMethod]
        public void EncodesLabelsExactly()
        {
            byte[] wire;
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, Encode("www.Example.com", out wire), "encode");
            WireVectors.SameBytes(WireVectors.Hex("03777777074578616d706c6503636f6d00"), wire, "wire form, case kept");
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, Encode("www.Example.com.", out wire), "absolute");
            WireVectors.SameBytes(WireVectors.Hex("03777777074578616d706c6503636f6d00"), wire, "the trailing dot is the root");
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, Encode("a", out wire), "one label");
            WireVectors.SameBytes(WireVectors.Hex("016100"), wire, "single label");
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, Encode("_sip._udp.x-1.example", out wire), "underscore and hyphen");
            Assert.AreEqual(23, wire.Length);
        }

        [TestMethod]
        public void RefusesBadHostNames()
        {
            byte[] wire;
            DnsTestMessage.AreEqual(DnsWireStatus.EmptyName, Encode("", out wire), "empty");
            DnsTestMessage.AreEqual(DnsWireStatus.EmptyName, Encode(".", out wire), "root only");
            DnsTestMessage.AreEqual(DnsWireStatus.EmptyLabel, Encode("a..b", out wire), "inner empty label");
            DnsTestMessage.AreEqual(DnsWireStatus.EmptyLabel, Encode(".a", out wire), "leading dot");
            DnsTestMessage.AreEqual(DnsWireStatus.EmptyLabel, Encode("a..", out wire), "two trailing dots");
            DnsTestMessage.AreEqual(DnsWireStatus.InvalidCharacter, Encode("a b", out wire), "space");
            DnsTestMessage.AreEqual(DnsWireStatus.InvalidCharacter, Encode("a\u0000b", out wire), "NUL");
            DnsTestMessage.AreEqual(DnsWireStatus.InvalidCharacter, Encode("a\\.b", out wire), "backslash");
            DnsTestMessage.AreEqual(DnsWireStatus.InvalidCharacter, Encode("caf\u00e9.example", out wire), "non-ASCII: give the A-label");
            DnsTestMessage.AreEqual(DnsWireStatus.InvalidCharacter, Encode("a/b", out wire), "slash");
            Assert.AreEqual(0, wire.Length, "length 0 on failure");
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => { int n; DnsName.Encode(null, new byte[300], 0, 300, out n); });
        }

        [TestMethod]
        public void LabelAndNameLengthLimits()
        {
            byte[] wire;
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, Encode(Repeat('x', 63) + ".com", out wire), "63-octet label");
            Assert.AreEqual((byte)63, wire[0]);
            DnsTestMessage.AreEqual(DnsWireStatus.LabelTooLong, Encode(Repeat('x', 64) + ".com", out wire), "64-octet label");
            DnsTestMessage.AreEqual(DnsWireStatus.LabelTooLong, Encode("com." + Repeat('x', 64), out wire), "64-octet last label");

            string n253 = NameOfLength(253);
            Assert.AreEqual(253, n253.Length);
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, Encode(n253, out wire), "253 characters");
            Assert.AreEqual(DnsName.MaxLength, wire.Length, "253 characters are 255 octets");
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, Encode(n253 + ".", out wire), "253 characters and the root dot");
            DnsTestMessage.AreEqual(DnsWireStatus.NameTooLong, Encode(NameOfLength(254), out wire), "254 characters");
            DnsTestMessage.AreEqual(DnsWireStatus.NameTooLong, Encode(Repeat('x', 300), out wire), "300 characters");

            int length;
            DnsTestMessage.AreEqual(DnsWireStatus.NoRoom, DnsName.Encode("abc.de", new byte[7], 0, 7, out length), "8 bytes needed");
            DnsTestMessage.AreEqual(DnsWireStatus.InvalidCharacter, DnsName.Encode("abc.d e", new byte[2], 0, 2, out length), "the name's fault first");
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, DnsName.Encode("abc.de", new byte[8], 0, 8, out length), "exactly 8");
            Assert.AreEqual(8, length);
        }

        private static DnsWireStatus Read(byte[] message, int at, int position, out string text, out int end)
        {
            byte[] output = WireVectors.Filled(DnsName.MaxLength + 2);
            int length;
            DnsWireStatus st = DnsName.Read(message, at, message.Length - at - 1, position, output, 1, out length, out end);
            text = st == DnsWireStatus.Ok ? DnsName.ToText(output, 1, length) : null;
            if (st == DnsWireStatus.Ok)
            {
                Assert.AreEqual((byte)0xA5, output[0], "nothing before the output");
                Assert.AreEqual((byte)0xA5, output[1 + length], "nothing after the output");
                int skipLength, skipEnd;
                DnsTestMessage.AreEqual(DnsWireStatus.Ok, DnsName.Read(message, at, message.Length - at - 1, position, null, 0, out skipLength, out skipEnd), "skip mode agrees");
                Assert.AreEqual(length, skipLength);
                Assert.AreEqual(end, skipEnd);
            }
            else
            {
                int skipLength, skipEnd;
                DnsTestMessage.AreEqual(st, DnsName.Read(message, at, message.Length - at - 1, position, null, 0, out skipLength, out skipEnd), "skip mode agrees");
            }
            return st;
        }

        [TestMethod]
        public void ReadsPlainAndCompressedNames()
        {
            // 12: www.example.com   29: mail -> 16 (example.com)   36: -> 29 (mail.example.com)   38: root
            DnsTestMessage m = DnsTestMessage.Header(1, 0, 0, 0, 0, 0);
            m.Name("www.example.com");
            m.Labels("mail").Pointer(16);
            m.Pointer(29);
            m.U8(0);
            byte[] b = m.Placed(3);
            string text;
            int end;
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, Read(b, 3, 3 + 12, out text, out end), "plain");
            Assert.AreEqual("www.example.com", text);
            Assert.AreEqual(3 + 29, end, "after the root");
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, Read(b, 3, 3 + 29, out text, out end), "labels then pointer");
            Assert.AreEqual("mail.example.com", text);
            Assert.AreEqual(3 + 36, end, "after the pointer");
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, Read(b, 3, 3 + 36, out text, out end), "pointer to a name ending in a pointer");
            Assert.AreEqual("mail.example.com", text);
            Assert.AreEqual(3 + 38, end, "after the first pointer");
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, Read(b, 3, 3 + 38, out text, out end), "root");
            Assert.AreEqual(".", text);
            Assert.AreEqual(3 + 39, end);
        }

        [TestMethod]
        public void RefusesPointersThatDoNotGoBack()
        {
            string text;
            int end;
            // A pointer to itself.
            DnsTestMessage m = DnsTestMessage.Header(1, 0, 0, 0, 0, 0);
            m.Pointer(12);
            DnsTestMessage.AreEqual(DnsWireStatus.BadPointer, Read(m.Placed(0), 0, 12, out text, out end), "pointer to itself");

            // A forward pointer, even to a good name.
            m = DnsTestMessage.Header(1, 0, 0, 0, 0, 0);
            m.Pointer(14).Name("ok");
            DnsTestMessage.AreEqual(DnsWireStatus.BadPointer, Read(m.Placed(0), 0, 12, out text, out end), "forward pointer");

            // Labels, then a pointer back to their own start: a loop that a "before the pointer" rule would allow.
            m = DnsTestMessage.Header(1, 0, 0, 0, 0, 0);
            m.Labels("www").Pointer(12);
            DnsTestMessage.AreEqual(DnsWireStatus.BadPointer, Read(m.Placed(0), 0, 12, out text, out end), "pointer into its own labels");

            // Two names pointing at each other: 12 -> 14, 14 -> 12.
            m = DnsTestMessage.Header(1, 0, 0, 0, 0, 0);
            m.Pointer(14).Pointer(12);
            DnsTestMessage.AreEqual(DnsWireStatus.BadPointer, Read(m.Placed(0), 0, 14, out text, out end), "A -> B -> A");

            // A pointer past the message.
            m = DnsTestMessage.Header(1, 0, 0, 0, 0, 0);
            m.Name("a").Pointer(0x3FFF);
            DnsTestMessage.AreEqual(DnsWireStatus.BadPointer, Read(m.Placed(0), 0, 15, out text, out end), "pointer beyond the end");
        }

        [TestMethod]
        public void BoundsPointerJumps()
        {
            // 12: "a" root; then 17 pointers, each to the one before: the last needs 17 jumps.
            DnsTestMessage m = DnsTestMessage.Header(1, 0, 0, 0, 0, 0);
            m.Name("a");
            int previous = 12;
            for (int i = 0; i < 17; i++)
            {
                int here = m.Length;
                m.Pointer(previous);
                previous = here;
            }
            byte[] b = m.Placed(0);
            string text;
            int end;
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, Read(b, 0, 15 + 15 * 2, out text, out end), "16 jumps");
            Assert.AreEqual("a", text);
            DnsTestMessage.AreEqual(DnsWireStatus.TooManyPointers, Read(b, 0, 15 + 16 * 2, out text, out end), "17 jumps");
        }

        [TestMethod]
        public void RefusesLongLabelsAndReservedLabelTypes()
        {
            string text;
            int end;
            int[] lengths = new int[] { 64, 0x40, 0x7F, 0x80, 0xBF };
            for (int i = 0; i < lengths.Length; i++)
            {
                DnsTestMessage m = DnsTestMessage.Header(1, 0, 0, 0, 0, 0);
                m.U8(lengths[i]);
                for (int k = 0; k < 200; k++)
                {
                    m.U8('x');
                }
                m.U8(0);
                DnsTestMessage.AreEqual(DnsWireStatus.LabelTooLong, Read(m.Placed(0), 0, 12, out text, out end), "length octet " + lengths[i].ToString());
            }
            DnsTestMessage ok = DnsTestMessage.Header(1, 0, 0, 0, 0, 0);
            ok.Name(Repeat('x', 63));
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, Read(ok.Placed(0), 0, 12, out text, out end), "63 is fine");
        }

        [TestMethod]
        public void RefusesNamesOver255OctetsMadeWithPointers()
        {
            // 12: 63 x's + root (65 octets). Then 3 names each "63 y's" + pointer to the previous:
            // 64 + 64 + 64 + 65 = 257 octets in plain form for the last one; 2 levels = 193 fit.
            DnsTestMessage m = DnsTestMessage.Header(1, 0, 0, 0, 0, 0);
            m.Name(Repeat('x', 63));
            int previous = 12;
            int[] starts = new int[3];
            for (int i = 0; i < 3; i++)
            {
                starts[i] = m.Length;
                m.Labels(Repeat('y', 63)).Pointer(previous);
                previous = starts[i];
            }
            byte[] b = m.Placed(0);
            string text;
            int end;
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, Read(b, 0, starts[1], out text, out end), "193 octets");
            DnsTestMessage.AreEqual(DnsWireStatus.NameTooLong, Read(b, 0, starts[2], out text, out end), "257 octets");

            // Exactly 255: 3 × 64 + 62 + 1 = 255 (labels 63, 63, 63, 61).
            DnsTestMessage e = DnsTestMessage.Header(1, 0, 0, 0, 0, 0);
            e.Name(Repeat('z', 61));
            e.Labels(Repeat('y', 63)).Pointer(12);
            int second = 12 + 63;
            e.Labels(Repeat('y', 63)).Pointer(second);
            int third = second + 66;
            e.Labels(Repeat('y', 63)).Pointer(third);
            int fourth = third + 66;
            byte[] eb = e.Placed(0);
            int length, end2;
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, DnsName.Read(eb, 0, e.Length, fourth, null, 0, out length, out end2), "exactly 255");
            Assert.AreEqual(255, length);
        }

        [TestMethod]
        public void EveryTruncationIsCaught()
        {
            DnsTestMessage m = DnsTestMessage.Header(1, 0, 0, 0, 0, 0);
            m.Name("example");
            m.Labels("www").Pointer(12);
            int full = m.Length;
            byte[] b = m.Placed(0);
            for (int cut = 12; cut < 21; cut++)
            {
                int length, end;
                DnsTestMessage.AreEqual(DnsWireStatus.Truncated, DnsName.Read(b, 0, cut, 12, null, 0, out length, out end), "first name cut at " + cut.ToString());
                Assert.AreEqual(0, length);
            }
            for (int cut = 21; cut < full; cut++)
            {
                int length, end;
                DnsTestMessage.AreEqual(DnsWireStatus.Truncated, DnsName.Read(b, 0, cut, 21, null, 0, out length, out end), "second name cut at " + cut.ToString());
            }
            int l, e;
            DnsTestMessage.AreEqual(DnsWireStatus.Ok, DnsName.Read(b, 0, full, 21, null, 0, out l, out e), "whole");
            Assert.AreEqual(full, e);
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => { int x, y; DnsName.Read(b, 0, full, full + 1, null, 0, out x, out y); });
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => { int x, y; DnsName.Read(b, 0, full, 12, new byte[100], 0, out x, out y); });
        }

        [TestMethod]
        public void ComparesIgnoringAsciiCaseOnly()
        {
            byte[] a = WireVectors.Hex("03577777074578616d706c6503434f4d00");
            byte[] b = WireVectors.Hex("03777777074578616d706c6503636f6d00");
            Assert.IsTrue(DnsName.EqualsIgnoreCase(a, 0, b, 0, a.Length), "WWW.Example.COM = www.example.com");
            b[1] = (byte)'v';
            Assert.IsFalse(DnsName.EqualsIgnoreCase(a, 0, b, 0, a.Length), "one letter differs");
            byte[] c = new byte[] { 1, 0xC9, 0 };
            byte[] d = new byte[] { 1, 0xE9, 0 };
            Assert.IsFalse(DnsName.EqualsIgnoreCase(c, 0, d, 0, 3), "no folding outside ASCII (RFC 4343)");
            byte[] at = new byte[] { 1, (byte)'@', 0 };
            byte[] bq = new byte[] { 1, (byte)'`', 0 };
            Assert.IsFalse(DnsName.EqualsIgnoreCase(at, 0, bq, 0, 3), "'@' and '`' differ by 0x20 but are not letters");
        }

        [TestMethod]
        public void TextOfAPlainName()
        {
            Assert.AreEqual("www.example.com", DnsName.ToText(WireVectors.Hex("03777777076578616d706c6503636f6d00"), 0, 17));
            Assert.AreEqual(".", DnsName.ToText(new byte[] { 0 }, 0, 1));
            Assert.AreEqual("a\\046b\\032", DnsName.ToText(new byte[] { 4, (byte)'a', (byte)'.', (byte)'b', 32, 0 }, 0, 6));
            Assert.IsNull(DnsName.ToText(new byte[] { 3, (byte)'a', 0 }, 0, 3), "label past the end");
            Assert.IsNull(DnsName.ToText(new byte[] { 1, (byte)'a' }, 0, 2), "no root");
        }
    }
}
