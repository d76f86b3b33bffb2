using NanoStack.Wire;

namespace NanoStack.Dns
{
    /// <summary>
    /// Reads the response to an A query (RFC 1035 §4.1) without doing any I/O: first
    /// <see cref="Match"/> decides whether the datagram answers our query at all (RFC 5452 §9.1),
    /// then <see cref="Read"/> turns a matching one into a <see cref="DnsStatus"/> with the
    /// addresses and TTL. Its buffers are allocated once in the constructor; neither call allocates.
    ///
    /// Implementation notes
    /// - Order in <see cref="Read"/>: TC, then RCODE, then the sections. A truncated response is
    ///   not used whatever it holds (RFC 2181 §9). RCODE other than NOERROR ends the reading: the
    ///   sections of an error response are not looked at.
    /// - Every answer record is checked (<see cref="DnsRecord.TryRead"/>) before any is used, so
    ///   ANCOUNT larger than what is present, a bad name anywhere or an RDLENGTH past the end make
    ///   the whole response <see cref="DnsStatus.Malformed"/> with the fault in
    ///   <see cref="WireStatus"/>. The authority and additional sections are not read: a stub
    ///   resolver takes nothing from them.
    /// - The CNAME chain (RFC 1034 §3.6.2, §5.3.3; RFC 2181 §10.1) is followed inside the answer
    ///   section whatever the order of its records: each pass looks for IN A records owned by the
    ///   current name (all of them, up to <see cref="MaxAddresses"/> kept); when there are none, it
    ///   follows the first IN CNAME owned by it. At most <see cref="MaxCnames"/> aliases are
    ///   followed (<see cref="DnsStatus.TooManyCnames"/>); following a CNAME record a second time is
    ///   <see cref="DnsStatus.CnameLoop"/>. Owner names are compared ignoring ASCII case (RFC 4343).
    ///   A chain that ends without an A record is <see cref="DnsStatus.NoAddress"/>.
    /// - TTL: the smallest of every record used, the CNAMEs and the A records (RFC 2181 §5.2 wants
    ///   an RRset's TTLs equal; when they are not, the smallest is the safe one).
    /// - Cost per response: at most MaxCnames + 2 passes over at most ANCOUNT records, each record
    ///   costing one name read of at most 255 octets and 16 jumps; ANCOUNT is bounded in practice
    ///   by the 512-byte message (at most 45 records of 11 octets).
    /// </summary>
    public sealed class DnsResponseReader
    {
        private readonly uint[] _addresses;
        private readonly int[] _chain;
        private readonly byte[] _name = new byte[DnsName.MaxLength];
        private readonly byte[] _owner = new byte[DnsName.MaxLength];

        private int _addressCount;
        private int _cnameCount;
        private uint _ttl;
        private int _rcode;
        private DnsWireStatus _wireStatus;

        /// <param name="maxAddresses">A records kept from one answer (1..64).</param>
        /// <param name="maxCnames">CNAME records followed at most (0..32).</param>
        public DnsResponseReader(int maxAddresses, int maxCnames)
        {
            if (maxAddresses < 1 || maxAddresses > 64)
            {
                throw new System.ArgumentOutOfRangeException("maxAddresses");
            }
            if (maxCnames < 0 || maxCnames > 32)
            {
                throw new System.ArgumentOutOfRangeException("maxCnames");
            }
            _addresses = new uint[maxAddresses];
            _chain = new int[maxCnames];
        }

        public int MaxAddresses
        {
            get { return _addresses.Length; }
        }

        public int MaxCnames
        {
            get { return _chain.Length; }
        }

        /// <summary>Addresses found by the last <see cref="Read"/> (0 unless it resolved).</summary>
        public int AddressCount
        {
            get { return _addressCount; }
        }

        /// <summary>The first address, or <see cref="Ipv4Address.Any"/>.</summary>
        public Ipv4Address Address
        {
            get { return new Ipv4Address(_addressCount > 0 ? _addresses[0] : 0u); }
        }

        /// <summary>Address <paramref name="index"/> (0 .. AddressCount − 1), in answer order.</summary>
        public Ipv4Address GetAddress(int index)
        {
            if (index < 0 || index >= _addressCount)
            {
                throw new System.ArgumentOutOfRangeException("index");
            }
            return new Ipv4Address(_addresses[index]);
        }

        /// <summary>CNAME records followed by the last <see cref="Read"/>.</summary>
        public int CnameCount
        {
            get { return _cnameCount; }
        }

        /// <summary>The smallest TTL along the chain when resolved, else 0.</summary>
        public uint TtlSeconds
        {
            get { return _ttl; }
        }

        /// <summary>RCODE of the last response read.</summary>
        public int Rcode
        {
            get { return _rcode; }
        }

        /// <summary>Why the last response was <see cref="DnsStatus.Malformed"/>; Ok otherwise.</summary>
        public DnsWireStatus WireStatus
        {
            get { return _wireStatus; }
        }

        /// <summary>
        /// Checks that <paramref name="packet"/> answers the A/IN query with ID <paramref name="id"/>
        /// for the plain name <c>name[nameOffset .. nameOffset + nameLength)</c> (RFC 5452 §9.1:
        /// ID, and the question's name, type and class). The datagram's addresses and ports are the
        /// caller's to check.
        /// </summary>
        public DnsResponseMatch Match(DnsPacket packet, ushort id, byte[] name, int nameOffset, int nameLength)
        {
            Args.CheckRange(name, nameOffset, nameLength);
            if (packet.CheckLength() != DnsWireStatus.Ok)
            {
                return DnsResponseMatch.TooShort;
            }
            if (packet.Id != id)
            {
                return DnsResponseMatch.WrongId;
            }
            if (!packet.IsResponse)
            {
                return DnsResponseMatch.NotResponse;
            }
            if (packet.Opcode != DnsPacket.OpcodeQuery)
            {
                return DnsResponseMatch.WrongOpcode;
            }
            if (packet.QuestionCount != 1)
            {
                return DnsResponseMatch.WrongQuestion;
            }
            int length, end;
            if (DnsName.Read(packet.Buffer, packet.Offset, packet.Length, packet.QuestionOffset, _owner, 0, out length, out end) != DnsWireStatus.Ok
                || packet.End - end < DnsQuery.QuestionFixedLength
                || length != nameLength
                || !DnsName.EqualsIgnoreCase(_owner, 0, name, nameOffset, nameLength)
                || BigEndian.ReadUInt16(packet.Buffer, end) != DnsRecordType.A
                || BigEndian.ReadUInt16(packet.Buffer, end + 2) != DnsClass.In)
            {
                return DnsResponseMatch.WrongQuestion;
            }
            return DnsResponseMatch.Match;
        }

        /// <summary>
        /// Reads a response that <see cref="Match"/> accepted for the plain name
        /// <c>name[nameOffset .. nameOffset + nameLength)</c>. Returns
        /// <see cref="DnsStatus.Resolved"/> (then <see cref="AddressCount"/> ≥ 1), one of the RCODE
        /// statuses, <see cref="DnsStatus.Truncated"/>, <see cref="DnsStatus.Malformed"/>,
        /// <see cref="DnsStatus.NoAddress"/>, <see cref="DnsStatus.TooManyCnames"/> or
        /// <see cref="DnsStatus.CnameLoop"/>. Never throws on message content.
        /// </summary>
        public DnsStatus Read(DnsPacket packet, byte[] name, int nameOffset, int nameLength)
        {
            Args.CheckRange(name, nameOffset, nameLength);
            if (nameLength > DnsName.MaxLength)
            {
                throw new System.ArgumentOutOfRangeException("nameLength");
            }
            _addressCount = 0;
            _cnameCount = 0;
            _ttl = 0;
            _rcode = 0;
            _wireStatus = packet.CheckLength();
            if (_wireStatus != DnsWireStatus.Ok)
            {
                return DnsStatus.Malformed;
            }
            _rcode = packet.Rcode;
            if (packet.IsTruncated)
            {
                return DnsStatus.Truncated; // RFC 1035 §4.2.1; RFC 2181 §9: do not use it
            }
            switch (_rcode)
            {
                case DnsRcode.NoError:
                    break;
                case DnsRcode.FormatError:
                    return DnsStatus.FormatError;
                case DnsRcode.ServerFailure:
                    return DnsStatus.ServerFailure;
                case DnsRcode.NameError:
                    return DnsStatus.NameError;
                case DnsRcode.NotImplemented:
                    return DnsStatus.NotImplemented;
                case DnsRcode.Refused:
                    return DnsStatus.Refused;
                default:
                    return DnsStatus.UnexpectedRcode;
            }

            // Skip the question section (RFC 1035 §4.1.2).
            int position = packet.QuestionOffset;
            int questions = packet.QuestionCount;
            for (int i = 0; i < questions; i++)
            {
                int unusedLength, end;
                DnsWireStatus st = DnsName.Read(packet.Buffer, packet.Offset, packet.Length, position, null, 0, out unusedLength, out end);
                if (st == DnsWireStatus.Ok && packet.End - end < DnsQuery.QuestionFixedLength)
                {
                    st = DnsWireStatus.Truncated;
                }
                if (st != DnsWireStatus.Ok)
                {
                    _wireStatus = st;
                    return DnsStatus.Malformed;
                }
                position = end + DnsQuery.QuestionFixedLength;
            }

            // Check every answer before using any (RFC 1035 §4.1.3).
            int answersStart = position;
            int answers = packet.AnswerCount;
            DnsRecord rr;
            for (int i = 0; i < answers; i++)
            {
                DnsWireStatus st = DnsRecord.TryRead(packet, ref position, out rr);
                if (st != DnsWireStatus.Ok)
                {
                    _wireStatus = st;
                    return DnsStatus.Malformed;
                }
            }

            // Follow the chain from the question name.
            System.Array.Copy(name, nameOffset, _name, 0, nameLength);
            int currentLength = nameLength;
            uint ttl = uint.MaxValue;
            while (true)
            {
                int cnameIndex = -1;
                int cnameData = 0;
                uint cnameTtl = 0;
                int found = 0;
                position = answersStart;
                for (int i = 0; i < answers; i++)
                {
                    DnsRecord.TryRead(packet, ref position, out rr); // checked above: Ok
                    if (rr.Class != DnsClass.In || (rr.Type != DnsRecordType.A && rr.Type != DnsRecordType.Cname))
                    {
                        continue;
                    }
                    if (!OwnerIs(packet, rr.NameOffset, currentLength))
                    {
                        continue;
                    }
                    if (rr.Type == DnsRecordType.A)
                    {
                        if (found < _addresses.Length)
                        {
                            _addresses[found] = BigEndian.ReadUInt32(packet.Buffer, rr.DataOffset);
                        }
                        found++;
                        if (rr.Ttl < ttl)
                        {
                            ttl = rr.Ttl;
                        }
                    }
                    else if (cnameIndex < 0)
                    {
                        cnameIndex = i;
                        cnameData = rr.DataOffset;
                        cnameTtl = rr.Ttl;
                    }
                }
                if (found > 0)
                {
                    // RFC 1034 §3.6.2: an alias has no other data, so A records win over a CNAME.
                    _addressCount = found < _addresses.Length ? found : _addresses.Length;
                    _ttl = ttl;
                    return DnsStatus.Resolved;
                }
                if (cnameIndex < 0)
                {
                    return DnsStatus.NoAddress;
                }
                for (int k = 0; k < _cnameCount; k++)
                {
                    if (_chain[k] == cnameIndex)
                    {
                        return DnsStatus.CnameLoop;
                    }
                }
                if (_cnameCount == _chain.Length)
                {
                    return DnsStatus.TooManyCnames;
                }
                _chain[_cnameCount++] = cnameIndex;
                if (cnameTtl < ttl)
                {
                    ttl = cnameTtl;
                }
                int unusedEnd;
                DnsName.Read(packet.Buffer, packet.Offset, packet.Length, cnameData, _name, 0, out currentLength, out unusedEnd); // checked: Ok
            }
        }

        /// <summary>Copies the addresses of the last <see cref="Read"/> to <paramref name="into"/>;
        /// returns how many.</summary>
        public int CopyAddresses(uint[] into, int offset)
        {
            if (into == null)
            {
                throw new System.ArgumentNullException("into");
            }
            if (offset < 0 || offset > into.Length - _addressCount)
            {
                throw new System.ArgumentOutOfRangeException("offset");
            }
            System.Array.Copy(_addresses, 0, into, offset, _addressCount);
            return _addressCount;
        }

        private bool OwnerIs(DnsPacket packet, int ownerOffset, int currentLength)
        {
            int length, end;
            DnsName.Read(packet.Buffer, packet.Offset, packet.Length, ownerOffset, _owner, 0, out length, out end); // checked: Ok
            return length == currentLength && DnsName.EqualsIgnoreCase(_owner, 0, _name, 0, length);
        }
    }
}
