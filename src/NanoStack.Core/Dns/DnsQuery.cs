using NanoStack.Wire;

namespace NanoStack.Dns
{
    /// <summary>
    /// Writes a standard query (RFC 1035 §4.1): a header with the caller's ID, OPCODE 0 and RD set
    /// (a stub resolver asks its server to recurse, RFC 1034 §5.3.1), QDCOUNT 1, and one question
    /// for a host name, QCLASS IN. No EDNS(0) OPT record is added, so answers stay within 512
    /// bytes over UDP (RFC 1035 §4.2.1).
    /// </summary>
    public static class DnsQuery
    {
        /// <summary>Offset of the question name in a query this class wrote.</summary>
        public const int NameOffset = DnsPacket.HeaderLength;

        /// <summary>QTYPE and QCLASS after the name (RFC 1035 §4.1.2).</summary>
        public const int QuestionFixedLength = 4;

        /// <summary>The longest query: header 12 + name 255 + QTYPE/QCLASS 4 = 271 bytes.</summary>
        public const int MaxLength = DnsPacket.HeaderLength + DnsName.MaxLength + QuestionFixedLength;

        /// <summary>
        /// Writes the query for <paramref name="hostName"/> (see <see cref="DnsName.Encode"/> for the
        /// names accepted) and record type <paramref name="type"/> into
        /// <c>buffer[offset .. offset + count)</c>; <paramref name="length"/> is the query's length.
        /// Returns the name's status, or <see cref="DnsWireStatus.NoRoom"/> when the buffer is too
        /// small (<see cref="MaxLength"/> always suffices); on failure <paramref name="length"/> is 0.
        /// </summary>
        public static DnsWireStatus Write(byte[] buffer, int offset, int count, ushort id, string hostName, ushort type, out int length)
        {
            if (hostName == null)
            {
                throw new System.ArgumentNullException("hostName");
            }
            Args.CheckRange(buffer, offset, count);
            length = 0;
            if (count < DnsPacket.HeaderLength)
            {
                return DnsWireStatus.NoRoom;
            }
            int nameLength;
            DnsWireStatus status = DnsName.Encode(hostName, buffer, offset + NameOffset, count - NameOffset, out nameLength);
            if (status != DnsWireStatus.Ok)
            {
                return status;
            }
            int q = offset + NameOffset + nameLength;
            if (offset + count - q < QuestionFixedLength)
            {
                return DnsWireStatus.NoRoom;
            }
            BigEndian.WriteUInt16(buffer, q, type);
            BigEndian.WriteUInt16(buffer, q + 2, DnsClass.In);
            DnsPacket packet = new DnsPacket(buffer, offset, DnsPacket.HeaderLength);
            packet.Id = id;
            packet.Flags = 0;
            packet.RecursionDesired = true; // RFC 1035 §4.1.1 RD; OPCODE 0 = QUERY
            packet.QuestionCount = 1;
            packet.AnswerCount = 0;
            packet.AuthorityCount = 0;
            packet.AdditionalCount = 0;
            length = q + QuestionFixedLength - offset;
            return DnsWireStatus.Ok;
        }
    }
}
