namespace NanoStack.Wire
{
    /// <summary>
    /// A UDP datagram (RFC 768): ports and the location of the data in the caller's buffer.
    ///
    /// Emit contract: <see cref="Emit(UdpPacket, Ipv4Address, Ipv4Address)"/> writes the header and
    /// the checksum over <see cref="PayloadLength"/> bytes that the caller has already placed at
    /// <c>packet.PayloadOffset</c>; the overload with a source buffer first copies them there
    /// (<c>Array.Copy</c>, so the source may overlap). The view must be at least
    /// <see cref="BufferLength"/> long.
    /// </summary>
    public struct UdpRepr
    {
        public ushort SourcePort;
        public ushort DestinationPort;
        /// <summary>After parsing: absolute offset of the data in the parsed view's buffer.</summary>
        public int PayloadOffset;
        /// <summary>Data bytes (the length field minus 8).</summary>
        public int PayloadLength;

        /// <summary>8 + payload.</summary>
        public int BufferLength
        {
            get { return UdpPacket.HeaderLength + PayloadLength; }
        }

        public int HeaderLength
        {
            get { return UdpPacket.HeaderLength; }
        }

        /// <summary>
        /// Validates lengths (Truncated, BadLength) and, when present, the checksum with the
        /// IPv4 pseudo-header (BadChecksum). Pass the IPv4 payload as the view.
        /// </summary>
        public static WireStatus TryParse(UdpPacket packet, Ipv4Address source, Ipv4Address destination, out UdpRepr repr)
        {
            repr = new UdpRepr();
            WireStatus status = packet.CheckLength();
            if (status != WireStatus.Ok)
            {
                return status;
            }
            if (!packet.VerifyChecksum(source, destination))
            {
                return WireStatus.BadChecksum;
            }
            repr.SourcePort = packet.SourcePort;
            repr.DestinationPort = packet.DestinationPort;
            repr.PayloadOffset = packet.PayloadOffset;
            repr.PayloadLength = packet.PayloadLength;
            return WireStatus.Ok;
        }

        /// <summary>Writes the header and checksum; the data is already in place (see the contract).</summary>
        public void Emit(UdpPacket packet, Ipv4Address source, Ipv4Address destination)
        {
            Args.CheckRoom(packet.Length, UdpPacket.HeaderLength + PayloadLength);
            packet.SourcePort = SourcePort;
            packet.DestinationPort = DestinationPort;
            packet.LengthField = (ushort)(UdpPacket.HeaderLength + PayloadLength);
            packet.FillChecksum(source, destination);
        }

        /// <summary>Copies <see cref="PayloadLength"/> bytes from <c>payload[payloadOffset ..]</c>
        /// after the header, then emits as above.</summary>
        public void Emit(UdpPacket packet, Ipv4Address source, Ipv4Address destination, byte[] payload, int payloadOffset)
        {
            Args.CheckRoom(packet.Length, UdpPacket.HeaderLength + PayloadLength);
            Args.CheckRange(payload, payloadOffset, PayloadLength);
            System.Array.Copy(payload, payloadOffset, packet.Buffer, packet.PayloadOffset, PayloadLength);
            Emit(packet, source, destination);
        }
    }
}
