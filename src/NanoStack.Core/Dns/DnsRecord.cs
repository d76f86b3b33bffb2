using NanoStack.Wire;

namespace NanoStack.Dns
{
    /// <summary>
    /// One resource record read from a message (RFC 1035 §4.1.3): where its owner name starts,
    /// TYPE, CLASS, TTL and where its RDATA lies in the message buffer. A value over the caller's
    /// bytes; nothing is copied.
    ///
    /// Implementation notes
    /// - <see cref="TryRead"/> checks the owner name (<see cref="DnsName.Read"/>), the 10 fixed
    ///   octets and RDLENGTH against the end of the message, so every offset it reports is inside
    ///   the message. For the types the resolver uses it checks RDATA too: an IN A record must
    ///   carry exactly 4 octets (RFC 1035 §3.4.1), a CNAME exactly one name (RFC 1035 §3.3.1).
    ///   Other types' RDATA is skipped unread.
    /// - TTL: the field is an unsigned 32-bit count of seconds whose top bit must be clear;
    ///   a value with it set is taken as 0 (RFC 2181 §8). <see cref="Ttl"/> holds that result.
    /// </summary>
    public struct DnsRecord
    {
        /// <summary>TYPE, CLASS, TTL and RDLENGTH after the owner name: 10 octets.</summary>
        public const int FixedLength = 10;

        /// <summary>Absolute index of the owner name (possibly compressed).</summary>
        public int NameOffset;
        public ushort Type;
        public ushort Class;
        /// <summary>Seconds the record may be cached; values with the top bit set read as 0 (RFC 2181 §8).</summary>
        public uint Ttl;
        /// <summary>Absolute index of RDATA.</summary>
        public int DataOffset;
        /// <summary>RDLENGTH.</summary>
        public int DataLength;

        /// <summary>One past the record's last byte.</summary>
        public int End
        {
            get { return DataOffset + DataLength; }
        }

        /// <summary>
        /// Reads the record at <paramref name="position"/> (absolute) of <paramref name="packet"/>
        /// and, on Ok, moves <paramref name="position"/> past it. On failure the record is zeroed
        /// and the position left as it was. Never throws on message content.
        /// </summary>
        public static DnsWireStatus TryRead(DnsPacket packet, ref int position, out DnsRecord record)
        {
            record = new DnsRecord();
            byte[] buffer = packet.Buffer;
            int limit = packet.End;
            int nameLength, p;
            if (position < packet.Offset || position > limit)
            {
                throw new System.ArgumentOutOfRangeException("position");
            }
            DnsWireStatus status = DnsName.Read(buffer, packet.Offset, packet.Length, position, null, 0, out nameLength, out p);
            if (status != DnsWireStatus.Ok)
            {
                return status;
            }
            if (limit - p < FixedLength)
            {
                return DnsWireStatus.Truncated;
            }
            ushort type = BigEndian.ReadUInt16(buffer, p);
            ushort cls = BigEndian.ReadUInt16(buffer, p + 2);
            uint ttl = BigEndian.ReadUInt32(buffer, p + 4);
            int dataLength = BigEndian.ReadUInt16(buffer, p + 8);
            int data = p + FixedLength;
            if (limit - data < dataLength)
            {
                return DnsWireStatus.Truncated; // RDLENGTH runs past the message
            }
            if (cls == DnsClass.In && type == DnsRecordType.A && dataLength != 4)
            {
                return DnsWireStatus.BadRdataLength; // RFC 1035 §3.4.1: a 32-bit address
            }
            if (type == DnsRecordType.Cname)
            {
                // RFC 1035 §3.3.1: RDATA is one domain name; it may end with a pointer, but its
                // in-place bytes must be exactly RDLENGTH.
                int targetLength, targetEnd;
                status = DnsName.Read(buffer, packet.Offset, packet.Length, data, null, 0, out targetLength, out targetEnd);
                if (status != DnsWireStatus.Ok)
                {
                    return status == DnsWireStatus.Truncated ? DnsWireStatus.BadRdataLength : status;
                }
                if (targetEnd != data + dataLength)
                {
                    return DnsWireStatus.BadRdataLength;
                }
            }
            record.NameOffset = position;
            record.Type = type;
            record.Class = cls;
            record.Ttl = (ttl & 0x80000000u) != 0 ? 0u : ttl; // RFC 2181 §8
            record.DataOffset = data;
            record.DataLength = dataLength;
            position = data + dataLength;
            return DnsWireStatus.Ok;
        }
    }
}
