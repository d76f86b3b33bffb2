using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using NanoStack.Wire;

namespace NanoStack.Board.Emulator.Services
{
    /// <summary>
    /// The emulated network's DNS server (RFC 1035), host code written apart from the device's
    /// resolver. Authoritative answers from a table of A and CNAME records; a query for a CNAME'd
    /// name gets the whole chain and the final A records in the answer section; an unknown name
    /// gets NXDOMAIN; a query for a type other than A gets an empty NOERROR answer. Names are
    /// case-insensitive. Queries that do not parse are answered with FORMERR when the header can
    /// be read. Fault knobs for tests: <see cref="IgnoreNext"/>, <see cref="ServFailNext"/>.
    /// </summary>
    public sealed class EmulatedDnsServer : IUdpService
    {
        private readonly Dictionary<string, List<uint>> _a = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _cname = new(StringComparer.OrdinalIgnoreCase);

        public ushort Port => 53;

        public uint TtlSeconds { get; set; } = 300;

        public int IgnoreNext { get; set; }

        public int ServFailNext { get; set; }

        public int Queries { get; private set; }

        public EmulatedDnsServer AddA(string name, Ipv4Address address)
        {
            if (!_a.TryGetValue(name, out List<uint> list))
            {
                _a[name] = list = new List<uint>();
            }
            list.Add(address.Value);
            return this;
        }

        public EmulatedDnsServer AddCname(string name, string target)
        {
            _cname[name] = target;
            return this;
        }

        public byte[] Handle(long nowMs, ReadOnlySpan<byte> q, Ipv4Address source, ushort sourcePort, ref Ipv4Address replyTo, ref ushort replyPort, ref MacAddress replyMac)
        {
            if (q.Length < 12 || (q[2] & 0x80) != 0)
            {
                return null; // too short for a header, or a response
            }
            Queries++;
            if (IgnoreNext > 0)
            {
                IgnoreNext--;
                return null;
            }
            ushort id = BinaryPrimitives.ReadUInt16BigEndian(q);
            int qdcount = BinaryPrimitives.ReadUInt16BigEndian(q.Slice(4));
            int end = 12;
            string name = qdcount == 1 ? ReadName(q, ref end) : null;
            if (name == null || end + 4 > q.Length)
            {
                return Header(id, q, rcode: 1, withQuestion: false, 0); // FORMERR
            }
            ushort qtype = BinaryPrimitives.ReadUInt16BigEndian(q.Slice(end));
            ushort qclass = BinaryPrimitives.ReadUInt16BigEndian(q.Slice(end + 2));
            end += 4;
            ReadOnlySpan<byte> question = q.Slice(12, end - 12);
            if (ServFailNext > 0)
            {
                ServFailNext--;
                return Concat(Header(id, q, 2, true, 0), question);
            }
            var answers = new List<byte[]>();
            string current = name;
            bool first = true;
            for (int hops = 0; hops < 8 && _cname.TryGetValue(current, out string target); hops++)
            {
                answers.Add(Record(first ? null : current, 5, EncodeName(target)));
                first = false;
                current = target;
            }
            bool known = _a.TryGetValue(current, out List<uint> addresses);
            if (!known && answers.Count == 0)
            {
                return Concat(Header(id, q, 3, true, 0), question); // NXDOMAIN
            }
            if (known && qtype == 1 && qclass == 1)
            {
                foreach (uint a in addresses)
                {
                    var rdata = new byte[4];
                    BinaryPrimitives.WriteUInt32BigEndian(rdata, a);
                    answers.Add(Record(first ? null : current, 1, rdata));
                }
            }
            else if (qtype != 1)
            {
                answers.Clear(); // NOERROR, no data for other types
            }
            byte[] response = Concat(Header(id, q, 0, true, answers.Count), question);
            foreach (byte[] rr in answers)
            {
                response = Concat(response, rr);
            }
            return response;
        }

        // owner null: a compression pointer to the question name at offset 12 (RFC 1035 §4.1.4).
        private byte[] Record(string owner, ushort type, byte[] rdata)
        {
            byte[] ownerBytes = owner == null ? new byte[] { 0xC0, 0x0C } : EncodeName(owner);
            var rr = new byte[ownerBytes.Length + 10 + rdata.Length];
            ownerBytes.CopyTo(rr, 0);
            int o = ownerBytes.Length;
            BinaryPrimitives.WriteUInt16BigEndian(rr.AsSpan(o), type);
            BinaryPrimitives.WriteUInt16BigEndian(rr.AsSpan(o + 2), 1);
            BinaryPrimitives.WriteUInt32BigEndian(rr.AsSpan(o + 4), TtlSeconds);
            BinaryPrimitives.WriteUInt16BigEndian(rr.AsSpan(o + 8), (ushort)rdata.Length);
            rdata.CopyTo(rr, o + 10);
            return rr;
        }

        private static byte[] Header(ushort id, ReadOnlySpan<byte> q, int rcode, bool withQuestion, int answers)
        {
            var h = new byte[12];
            BinaryPrimitives.WriteUInt16BigEndian(h, id);
            h[2] = (byte)(0x80 | 0x04 | (q[2] & 0x01)); // QR, AA, RD copied
            h[3] = (byte)(0x80 | rcode);                // RA
            BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(4), (ushort)(withQuestion ? 1 : 0));
            BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(6), (ushort)answers);
            return h;
        }

        /// <summary>Reads an uncompressed name (queries carry no pointers); null when malformed.</summary>
        private static string ReadName(ReadOnlySpan<byte> m, ref int i)
        {
            var sb = new StringBuilder();
            while (i < m.Length)
            {
                int len = m[i++];
                if (len == 0)
                {
                    return sb.Length == 0 ? "." : sb.ToString();
                }
                if (len > 63 || i + len > m.Length || sb.Length + len + 1 > 255)
                {
                    return null;
                }
                if (sb.Length > 0)
                {
                    sb.Append('.');
                }
                sb.Append(Encoding.ASCII.GetString(m.Slice(i, len)));
                i += len;
            }
            return null;
        }

        public static byte[] EncodeName(string name)
        {
            var bytes = new List<byte>();
            foreach (string label in name.TrimEnd('.').Split('.'))
            {
                bytes.Add((byte)label.Length);
                bytes.AddRange(Encoding.ASCII.GetBytes(label));
            }
            bytes.Add(0);
            return bytes.ToArray();
        }

        private static byte[] Concat(byte[] a, ReadOnlySpan<byte> b)
        {
            var r = new byte[a.Length + b.Length];
            a.CopyTo(r, 0);
            b.CopyTo(r.AsSpan(a.Length));
            return r;
        }
    }
}
