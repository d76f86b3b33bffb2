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
using NanoStack.Wire;

namespace NanoStack.Tests.Core.Dns
{
    /// <summary>
    /// Builds DNS messages byte by byte for the tests, written apart from the resolver's own
    /// encoder so the two check each other: any header, names with or without pointers, records
    /// with any RDLENGTH, so hostile messages are as easy to write as good ones.
    /// </summary>
    internal sealed class DnsTestMessage
    {
        public const int FlagsResponse = 0x8180; // QR, RD, RA, NOERROR (RFC 1035 §4.1.1)

        private readonly byte[] _bytes = new byte[1024];
        private int _length;

        public int Length
        {
            get { return _length; }
        }

        /// <summary>A response header: ID, flags, and the four counts.</summary>
        public static DnsTestMessage Header(int id, int flags, int qd, int an, int ns, int ar)
        {
            DnsTestMessage m = new DnsTestMessage();
            m.U16(id).U16(flags).U16(qd).U16(an).U16(ns).U16(ar);
            return m;
        }

        /// <summary>A NOERROR response to an A/IN question for <paramref name="name"/> with
        /// <paramref name="answers"/> records to follow.</summary>
        public static DnsTestMessage Response(int id, string name, int answers)
        {
            DnsTestMessage m = Header(id, FlagsResponse, 1, answers, 0, 0);
            m.Name(name).U16(DnsRecordType.A).U16(DnsClass.In);
            return m;
        }

        public DnsTestMessage U8(int v)
        {
            _bytes[_length++] = (byte)v;
            return this;
        }

        public DnsTestMessage U16(int v)
        {
            _bytes[_length++] = (byte)(v >> 8);
            _bytes[_length++] = (byte)v;
            return this;
        }

        public DnsTestMessage U32(uint v)
        {
            U16((int)(v >> 16));
            return U16((int)(v & 0xFFFF));
        }

        /// <summary>Labels of a dotted name, then the root octet ("" writes just the root).</summary>
        public DnsTestMessage Name(string dotted)
        {
            Labels(dotted);
            return U8(0);
        }

        /// <summary>Labels of a dotted name without the root octet (to end with a pointer).</summary>
        public DnsTestMessage Labels(string dotted)
        {
            int start = 0;
            for (int i = 0; i <= dotted.Length; i++)
            {
                if (i == dotted.Length || dotted[i] == '.')
                {
                    if (i > start)
                    {
                        U8(i - start);
                        for (int k = start; k < i; k++)
                        {
                            U8(dotted[k]);
                        }
                    }
                    start = i + 1;
                }
            }
            return this;
        }

        /// <summary>A compression pointer to message offset <paramref name="offset"/>.</summary>
        public DnsTestMessage Pointer(int offset)
        {
            return U16(0xC000 | offset);
        }

        /// <summary>TYPE, CLASS, TTL, RDLENGTH after an owner name the caller wrote.</summary>
        public DnsTestMessage Fixed(ushort type, ushort cls, uint ttl, int rdLength)
        {
            return U16(type).U16(cls).U32(ttl).U16(rdLength);
        }

        /// <summary>An IN A record owned by the question name (pointer to offset 12).</summary>
        public DnsTestMessage AToQuestion(uint ttl, Ipv4Address address)
        {
            Pointer(12).Fixed(DnsRecordType.A, DnsClass.In, ttl, 4);
            return U32(address.Value);
        }

        /// <summary>An IN A record owned by an uncompressed name.</summary>
        public DnsTestMessage A(string owner, uint ttl, Ipv4Address address)
        {
            Name(owner).Fixed(DnsRecordType.A, DnsClass.In, ttl, 4);
            return U32(address.Value);
        }

        /// <summary>An IN CNAME record, both names uncompressed.</summary>
        public DnsTestMessage Cname(string owner, uint ttl, string target)
        {
            Name(owner).Fixed(DnsRecordType.Cname, DnsClass.In, ttl, WireLength(target));
            return Name(target);
        }

        public static int WireLength(string dotted)
        {
            return dotted.Length == 0 ? 1 : dotted.Length + 2;
        }

        /// <summary>Overwrites the 16-bit value at <paramref name="offset"/>.</summary>
        public void Set16(int offset, int v)
        {
            _bytes[offset] = (byte)(v >> 8);
            _bytes[offset + 1] = (byte)v;
        }

        /// <summary>Overwrites the byte at <paramref name="offset"/>.</summary>
        public void Set8(int offset, int v)
        {
            _bytes[offset] = (byte)v;
        }

        public byte[] ToArray()
        {
            byte[] b = new byte[_length];
            System.Array.Copy(_bytes, 0, b, 0, _length);
            return b;
        }

        /// <summary>The message at offset <paramref name="at"/> of a buffer pre-filled with 0xA5
        /// and one spare byte after it, so a read past the end would meet stale bytes.</summary>
        public byte[] Placed(int at)
        {
            byte[] b = WireVectors.Filled(at + _length + 1);
            System.Array.Copy(_bytes, 0, b, at, _length);
            return b;
        }

        public static void AreEqual(DnsWireStatus expected, DnsWireStatus actual, string message)
        {
            Assert.AreEqual((int)expected, (int)actual, message + " (DnsWireStatus " + ((int)expected).ToString() + " expected, got " + ((int)actual).ToString() + ")");
        }

        public static void AreEqual(DnsStatus expected, DnsStatus actual, string message)
        {
            Assert.AreEqual((int)expected, (int)actual, message + " (DnsStatus " + ((int)expected).ToString() + " expected, got " + ((int)actual).ToString() + ")");
        }

        public static void AreEqual(DnsResponseMatch expected, DnsResponseMatch actual, string message)
        {
            Assert.AreEqual((int)expected, (int)actual, message + " (DnsResponseMatch " + ((int)expected).ToString() + " expected, got " + ((int)actual).ToString() + ")");
        }
    }
}
