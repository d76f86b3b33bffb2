using System;
using NanoStack.Dns;

namespace NanoStack.Fuzz
{
    /// <summary>
    /// A DNS response into <see cref="DnsResponseReader"/> (Match with the message's own ID and
    /// question name, then Read) and <see cref="DnsName.Read"/> at every position. The message
    /// ends exactly at the end of its array, so any read past it throws.
    /// </summary>
    public sealed class DnsTarget
    {
        private readonly DnsResponseReader _reader = new DnsResponseReader(4, 8);
        private readonly byte[] _name = new byte[DnsName.MaxLength];

        public void Run(byte[] data)
        {
            var packet = new DnsPacket(data, 0, data.Length);
            ushort id = data.Length >= 2 ? (ushort)((data[0] << 8) | data[1]) : (ushort)0;
            // The expected question: the uncompressed name at offset 12 as it stands in the input
            // (wire form, as the client passes it).
            int q = 12;
            while (q < data.Length && q - 12 < 255 && data[q] != 0)
            {
                q += 1 + data[q];
            }
            // A longer name is a caller bug (ArgumentOutOfRangeException), not message content.
            byte[] qname = q < data.Length && q + 1 - 12 <= DnsName.MaxLength ? data.AsSpan(12, q + 1 - 12).ToArray() : new byte[] { 0 };

            _reader.Match(packet, id, qname, 0, qname.Length);
            DnsStatus status = _reader.Read(packet, qname, 0, qname.Length);
            if (status == DnsStatus.Resolved ? _reader.AddressCount < 1 : _reader.AddressCount != 0)
            {
                throw new InvalidOperationException("DNS address count " + _reader.AddressCount + " with " + status);
            }
            for (int p = 0; p <= data.Length; p++)
            {
                DnsWireStatus ns = DnsName.Read(data, 0, data.Length, p, (p & 1) == 0 ? _name : null, 0, out int nameLength, out int end);
                if (ns == DnsWireStatus.Ok && (nameLength < 1 || nameLength > DnsName.MaxLength || end <= p || end > data.Length))
                {
                    throw new InvalidOperationException("DnsName.Read bounds");
                }
                int position = p;
                if (DnsRecord.TryRead(packet, ref position, out DnsRecord rr) == DnsWireStatus.Ok && (rr.End > data.Length || position != rr.End))
                {
                    throw new InvalidOperationException("DnsRecord.TryRead bounds");
                }
            }
        }
    }
}
