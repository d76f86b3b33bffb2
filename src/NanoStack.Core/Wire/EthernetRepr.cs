namespace NanoStack.Wire
{
    /// <summary>
    /// The supported content of an Ethernet II header: addresses and an EtherType. 802.1Q / 802.1ad
    /// tagged frames and IEEE 802.3 length-field frames are <see cref="WireStatus.Unsupported"/>;
    /// any other EtherType parses (the interface ignores those it does not handle).
    /// </summary>
    public struct EthernetRepr
    {
        public MacAddress Source;
        public MacAddress Destination;
        public ushort EtherType;

        /// <summary>Bytes <see cref="Emit"/> writes: the 14-byte header.</summary>
        public int HeaderLength
        {
            get { return EthernetFrame.HeaderLength; }
        }

        /// <summary>Header plus <paramref name="payloadLength"/>: the frame length to reserve.</summary>
        public int BufferLength(int payloadLength)
        {
            return EthernetFrame.HeaderLength + payloadLength;
        }

        public static WireStatus TryParse(EthernetFrame frame, out EthernetRepr repr)
        {
            repr = new EthernetRepr();
            WireStatus status = frame.CheckLength();
            if (status != WireStatus.Ok)
            {
                return status;
            }
            ushort type = frame.EtherType;
            if (type < NanoStack.Wire.EtherType.MinEtherType || type == NanoStack.Wire.EtherType.Vlan
                || type == NanoStack.Wire.EtherType.QinQ)
            {
                return WireStatus.Unsupported;
            }
            repr.Destination = frame.Destination;
            repr.Source = frame.Source;
            repr.EtherType = type;
            return WireStatus.Ok;
        }

        /// <summary>Writes the header; the caller fills the payload at <c>frame.PayloadOffset</c>.</summary>
        public void Emit(EthernetFrame frame)
        {
            Args.CheckRoom(frame.Length, EthernetFrame.HeaderLength);
            frame.Destination = Destination;
            frame.Source = Source;
            frame.EtherType = EtherType;
        }
    }
}
