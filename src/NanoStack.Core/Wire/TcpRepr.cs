namespace NanoStack.Wire
{
    /// <summary>
    /// The TCP header fields and options the stack supports (RFC 9293, RFC 7323, RFC 2018), with
    /// the data left in the caller's buffer.
    ///
    /// Implementation notes
    /// - A struct: <see cref="TryParse"/> fills an <c>out</c> value, so parsing allocates nothing.
    ///   The four SACK blocks are eight plain fields behind <see cref="GetSackLeft"/> /
    ///   <see cref="GetSackRight"/> / <see cref="SetSackBlock"/> (an array would allocate).
    /// - Options are read in one pass, at any alignment (RFC 9293 §3.1 and §3.2: options may
    ///   appear in any segment, EOL/NOP/MSS always understood, unknown kinds ignored without
    ///   error and skipped by their length). An option whose length byte is missing, is 0 or 1, runs past the header, or is
    ///   wrong for a known kind (MSS ≠ 4, WS ≠ 3, SACK-permitted ≠ 2, timestamps ≠ 10, SACK not
    ///   2 + 8n with n = 1..4) makes the segment <see cref="WireStatus.BadOption"/> (RFC 9293
    ///   §3.2 MUST-7: be prepared for an illegal option length; the socket then drops the segment).
    ///   Every read is preceded by a bound check against the header end, so no option can read
    ///   past the header.
    /// - MSS (RFC 9293 §3.7.1), window scale (RFC 7323 §2.2) and SACK-permitted (RFC 2018 §2) are
    ///   only meaningful on a SYN: on other segments they are checked for legal length and then
    ///   ignored. The shift count is clamped to 14 (RFC 7323 §2.3). Timestamps and SACK blocks
    ///   are recorded on any segment; more than 4 SACK blocks cannot fit in 40 bytes.
    /// - Emit lays the options out as the Linux and BSD stacks do, so every option stays on its
    ///   natural alignment and the total is a multiple of 4 without trailing padding:
    ///   MSS (4) | SACK-permitted + timestamps, or NOP NOP + timestamps, or NOP NOP +
    ///   SACK-permitted (12 or 4) | NOP + window scale (4) | NOP NOP + SACK blocks (4 + 8n).
    ///   SACK blocks are cut to what fits in 40 bytes of options (3 with timestamps, 4 without).
    ///   Worst case: MSS + SACK-permitted/timestamps + window scale = 4 + 12 + 4 = 20 on a SYN;
    ///   timestamps + 3 SACK blocks = 12 + 28 = 40 otherwise.
    /// - Emit contract: <see cref="Emit(TcpSegment, Ipv4Address, Ipv4Address)"/> writes header,
    ///   options and the checksum over <see cref="HeaderLength"/> + <see cref="PayloadLength"/>
    ///   bytes; the data must already be at <c>segment.Offset + HeaderLength</c>. The overload
    ///   with a source range copies the data there first.
    /// </summary>
    public struct TcpRepr
    {
        public ushort SourcePort;
        public ushort DestinationPort;
        public uint SequenceNumber;
        public uint AckNumber;
        /// <summary>Control bits (<see cref="TcpFlags"/>).</summary>
        public byte Flags;
        /// <summary>The raw 16-bit window field (not scaled).</summary>
        public ushort Window;
        public ushort UrgentPointer;

        public bool HasMss;
        public ushort Mss;
        public bool HasWindowScale;
        /// <summary>Shift count 0..14.</summary>
        public byte WindowScale;
        public bool SackPermitted;
        public bool HasTimestamp;
        public uint TsVal;
        public uint TsEcr;
        /// <summary>SACK blocks present, 0..4.</summary>
        public int SackBlockCount;

        private uint _sackLeft0, _sackRight0, _sackLeft1, _sackRight1;
        private uint _sackLeft2, _sackRight2, _sackLeft3, _sackRight3;

        /// <summary>After parsing: absolute offset of the data in the parsed view's buffer.</summary>
        public int PayloadOffset;
        public int PayloadLength;

        public bool HasFlag(byte flag)
        {
            return (Flags & flag) != 0;
        }

        /// <summary>Left edge of SACK block <paramref name="index"/> (0..3).</summary>
        public uint GetSackLeft(int index)
        {
            switch (index)
            {
                case 0: return _sackLeft0;
                case 1: return _sackLeft1;
                case 2: return _sackLeft2;
                case 3: return _sackLeft3;
                default: throw new System.ArgumentOutOfRangeException("index");
            }
        }

        /// <summary>Right edge (first sequence number after the block) of SACK block <paramref name="index"/>.</summary>
        public uint GetSackRight(int index)
        {
            switch (index)
            {
                case 0: return _sackRight0;
                case 1: return _sackRight1;
                case 2: return _sackRight2;
                case 3: return _sackRight3;
                default: throw new System.ArgumentOutOfRangeException("index");
            }
        }

        /// <summary>Stores SACK block <paramref name="index"/> (0..3); does not change <see cref="SackBlockCount"/>.</summary>
        public void SetSackBlock(int index, uint left, uint right)
        {
            switch (index)
            {
                case 0: _sackLeft0 = left; _sackRight0 = right; break;
                case 1: _sackLeft1 = left; _sackRight1 = right; break;
                case 2: _sackLeft2 = left; _sackRight2 = right; break;
                case 3: _sackLeft3 = left; _sackRight3 = right; break;
                default: throw new System.ArgumentOutOfRangeException("index");
            }
        }

        /// <summary>Sequence space the segment occupies: data + SYN + FIN (RFC 9293 §3.4).</summary>
        public int SegmentLength
        {
            get
            {
                int n = PayloadLength;
                if ((Flags & TcpFlags.Syn) != 0)
                {
                    n++;
                }
                if ((Flags & TcpFlags.Fin) != 0)
                {
                    n++;
                }
                return n;
            }
        }

        /// <summary>Bytes of options <see cref="Emit(TcpSegment, Ipv4Address, Ipv4Address)"/> writes (a multiple of 4, ≤ 40).</summary>
        public int OptionsLength
        {
            get
            {
                int n = FixedOptionsLength();
                int blocks = EmittedSackBlocks(n);
                return blocks == 0 ? n : n + 4 + blocks * TcpOption.SackBlockLength;
            }
        }

        /// <summary>20 + options.</summary>
        public int HeaderLength
        {
            get { return TcpSegment.MinHeaderLength + OptionsLength; }
        }

        /// <summary>Header + options + data: the room to reserve.</summary>
        public int BufferLength
        {
            get { return HeaderLength + PayloadLength; }
        }

        private int FixedOptionsLength()
        {
            int n = 0;
            if (HasMss)
            {
                n += 4;
            }
            if (HasTimestamp)
            {
                n += 12;
            }
            else if (SackPermitted)
            {
                n += 4;
            }
            if (HasWindowScale)
            {
                n += 4;
            }
            return n;
        }

        private int EmittedSackBlocks(int fixedLength)
        {
            int count = SackBlockCount;
            if (count <= 0)
            {
                return 0;
            }
            if (count > TcpOption.MaxSackBlocks)
            {
                count = TcpOption.MaxSackBlocks;
            }
            int room = (TcpSegment.MaxHeaderLength - TcpSegment.MinHeaderLength - fixedLength - 4) / TcpOption.SackBlockLength;
            if (room < 0)
            {
                room = 0;
            }
            return count < room ? count : room;
        }

        /// <summary>
        /// Validates lengths (Truncated, BadHeaderLength), the checksum with the IPv4
        /// pseudo-header (BadChecksum) and the options (BadOption), and fills the repr.
        /// Pass the whole IPv4 payload as the view.
        /// </summary>
        public static WireStatus TryParse(TcpSegment segment, Ipv4Address source, Ipv4Address destination, out TcpRepr repr)
        {
            repr = new TcpRepr();
            WireStatus status = segment.CheckLength();
            if (status != WireStatus.Ok)
            {
                return status;
            }
            if (!segment.VerifyChecksum(source, destination))
            {
                return WireStatus.BadChecksum;
            }
            byte[] b = segment.Buffer;
            int o = segment.Offset;
            repr.SourcePort = BigEndian.ReadUInt16(b, o + TcpSegment.Field.SourcePort);
            repr.DestinationPort = BigEndian.ReadUInt16(b, o + TcpSegment.Field.DestinationPort);
            repr.SequenceNumber = BigEndian.ReadUInt32(b, o + TcpSegment.Field.SequenceNumber);
            repr.AckNumber = BigEndian.ReadUInt32(b, o + TcpSegment.Field.AckNumber);
            repr.Flags = b[o + TcpSegment.Field.Flags];
            repr.Window = BigEndian.ReadUInt16(b, o + TcpSegment.Field.Window);
            repr.UrgentPointer = BigEndian.ReadUInt16(b, o + TcpSegment.Field.UrgentPointer);
            int headerLength = segment.HeaderLength;
            repr.PayloadOffset = o + headerLength;
            repr.PayloadLength = segment.Length - headerLength;
            return ParseOptions(b, o + TcpSegment.Field.Options, o + headerLength, ref repr);
        }

        // One pass over [i, end); every read is bounded by end (RFC 9293 §3.1 "Options").
        private static WireStatus ParseOptions(byte[] b, int i, int end, ref TcpRepr repr)
        {
            bool syn = (repr.Flags & TcpFlags.Syn) != 0;
            while (i < end)
            {
                byte kind = b[i];
                if (kind == TcpOption.EndOfList)
                {
                    break;
                }
                if (kind == TcpOption.NoOperation)
                {
                    i++;
                    continue;
                }
                if (i + 1 >= end)
                {
                    return WireStatus.BadOption; // the length byte lies past the header
                }
                int length = b[i + 1];
                if (length < 2 || length > end - i)
                {
                    return WireStatus.BadOption; // RFC 9293 §3.2 MUST-7: illegal option length
                }
                switch (kind)
                {
                    case TcpOption.MaximumSegmentSize:
                        if (length != TcpOption.MaximumSegmentSizeLength)
                        {
                            return WireStatus.BadOption;
                        }
                        if (syn)
                        {
                            // RFC 9293 §3.7.1: only sent (and used) in SYN segments.
                            repr.HasMss = true;
                            repr.Mss = BigEndian.ReadUInt16(b, i + 2);
                        }
                        break;
                    case TcpOption.WindowScale:
                        if (length != TcpOption.WindowScaleLength)
                        {
                            return WireStatus.BadOption;
                        }
                        if (syn)
                        {
                            // RFC 7323 §2.2 (ignored without SYN), §2.3 (clamp to 14).
                            int shift = b[i + 2];
                            repr.HasWindowScale = true;
                            repr.WindowScale = (byte)(shift > TcpOption.MaxWindowScale ? TcpOption.MaxWindowScale : shift);
                        }
                        break;
                    case TcpOption.SackPermitted:
                        if (length != TcpOption.SackPermittedLength)
                        {
                            return WireStatus.BadOption;
                        }
                        if (syn)
                        {
                            repr.SackPermitted = true; // RFC 2018 §2: SYN only
                        }
                        break;
                    case TcpOption.Sack:
                        {
                            // RFC 2018 §3: 2 + 8n bytes.
                            int body = length - 2;
                            int count = body / TcpOption.SackBlockLength;
                            if (body != count * TcpOption.SackBlockLength || count == 0 || count > TcpOption.MaxSackBlocks)
                            {
                                return WireStatus.BadOption;
                            }
                            for (int k = 0; k < count; k++)
                            {
                                int p = i + 2 + k * TcpOption.SackBlockLength;
                                repr.SetSackBlock(k, BigEndian.ReadUInt32(b, p), BigEndian.ReadUInt32(b, p + 4));
                            }
                            repr.SackBlockCount = count;
                            break;
                        }
                    case TcpOption.Timestamps:
                        if (length != TcpOption.TimestampsLength)
                        {
                            return WireStatus.BadOption;
                        }
                        // RFC 7323 §3.2: TSval then TSecr.
                        repr.HasTimestamp = true;
                        repr.TsVal = BigEndian.ReadUInt32(b, i + 2);
                        repr.TsEcr = BigEndian.ReadUInt32(b, i + 6);
                        break;
                    default:
                        // RFC 9293 §3.2: options we do not implement are ignored without error, skipped by their length.
                        break;
                }
                i += length;
            }
            return WireStatus.Ok;
        }

        /// <summary>
        /// Writes header, options and checksum into <paramref name="segment"/> (at least
        /// <see cref="BufferLength"/> long); the data is already in place (see the contract).
        /// </summary>
        public void Emit(TcpSegment segment, Ipv4Address source, Ipv4Address destination)
        {
            int headerLength = HeaderLength;
            int total = headerLength + PayloadLength;
            Args.CheckRoom(segment.Length, total);
            byte[] b = segment.Buffer;
            int o = segment.Offset;
            BigEndian.WriteUInt16(b, o + TcpSegment.Field.SourcePort, SourcePort);
            BigEndian.WriteUInt16(b, o + TcpSegment.Field.DestinationPort, DestinationPort);
            BigEndian.WriteUInt32(b, o + TcpSegment.Field.SequenceNumber, SequenceNumber);
            BigEndian.WriteUInt32(b, o + TcpSegment.Field.AckNumber, AckNumber);
            b[o + TcpSegment.Field.DataOffset] = (byte)((headerLength >> 2) << 4);
            b[o + TcpSegment.Field.Flags] = Flags;
            BigEndian.WriteUInt16(b, o + TcpSegment.Field.Window, Window);
            b[o + TcpSegment.Field.Checksum] = 0;
            b[o + TcpSegment.Field.Checksum + 1] = 0;
            BigEndian.WriteUInt16(b, o + TcpSegment.Field.UrgentPointer, UrgentPointer);
            EmitOptions(b, o + TcpSegment.Field.Options);
            uint sum = InternetChecksum.AccumulatePseudoHeader(0, source.Value, destination.Value, IpProtocol.Tcp, total);
            sum = InternetChecksum.Accumulate(sum, b, o, total);
            BigEndian.WriteUInt16(b, o + TcpSegment.Field.Checksum, InternetChecksum.Fold(sum));
        }

        /// <summary>Copies <see cref="PayloadLength"/> bytes from <c>payload[payloadOffset ..]</c> to
        /// <c>segment.Offset + HeaderLength</c>, then emits as above.</summary>
        public void Emit(TcpSegment segment, Ipv4Address source, Ipv4Address destination, byte[] payload, int payloadOffset)
        {
            int headerLength = HeaderLength;
            Args.CheckRoom(segment.Length, headerLength + PayloadLength);
            Args.CheckRange(payload, payloadOffset, PayloadLength);
            System.Array.Copy(payload, payloadOffset, segment.Buffer, segment.Offset + headerLength, PayloadLength);
            Emit(segment, source, destination);
        }

        private void EmitOptions(byte[] b, int i)
        {
            int fixedLength = FixedOptionsLength();
            if (HasMss)
            {
                b[i] = TcpOption.MaximumSegmentSize;
                b[i + 1] = TcpOption.MaximumSegmentSizeLength;
                BigEndian.WriteUInt16(b, i + 2, Mss);
                i += 4;
            }
            if (HasTimestamp)
            {
                if (SackPermitted)
                {
                    b[i] = TcpOption.SackPermitted;
                    b[i + 1] = TcpOption.SackPermittedLength;
                }
                else
                {
                    b[i] = TcpOption.NoOperation;
                    b[i + 1] = TcpOption.NoOperation;
                }
                b[i + 2] = TcpOption.Timestamps;
                b[i + 3] = TcpOption.TimestampsLength;
                BigEndian.WriteUInt32(b, i + 4, TsVal);
                BigEndian.WriteUInt32(b, i + 8, TsEcr);
                i += 12;
            }
            else if (SackPermitted)
            {
                b[i] = TcpOption.NoOperation;
                b[i + 1] = TcpOption.NoOperation;
                b[i + 2] = TcpOption.SackPermitted;
                b[i + 3] = TcpOption.SackPermittedLength;
                i += 4;
            }
            if (HasWindowScale)
            {
                b[i] = TcpOption.NoOperation;
                b[i + 1] = TcpOption.WindowScale;
                b[i + 2] = TcpOption.WindowScaleLength;
                b[i + 3] = WindowScale > TcpOption.MaxWindowScale ? (byte)TcpOption.MaxWindowScale : WindowScale;
                i += 4;
            }
            int blocks = EmittedSackBlocks(fixedLength);
            if (blocks > 0)
            {
                b[i] = TcpOption.NoOperation;
                b[i + 1] = TcpOption.NoOperation;
                b[i + 2] = TcpOption.Sack;
                b[i + 3] = (byte)(2 + blocks * TcpOption.SackBlockLength);
                i += 4;
                for (int k = 0; k < blocks; k++)
                {
                    BigEndian.WriteUInt32(b, i, GetSackLeft(k));
                    BigEndian.WriteUInt32(b, i + 4, GetSackRight(k));
                    i += 8;
                }
            }
        }
    }
}
