using NanoStack.Wire;

namespace NanoStack.Host.Tests.Core
{
    /// <summary>One TCP segment seen on the segment, with a copy of its data.</summary>
    public sealed record CapturedSegment(long AtMs, MacAddress SourceMac, MacAddress DestinationMac, Ipv4Address Source, Ipv4Address Destination, TcpRepr Tcp, byte[] Payload)
    {
        public uint Seq => Tcp.SequenceNumber;
        public uint Ack => Tcp.AckNumber;
        public bool Has(byte flag) => Tcp.HasFlag(flag);

        public override string ToString() =>
            $"{AtMs} ms {Source}:{Tcp.SourcePort} > {Destination}:{Tcp.DestinationPort} flags 0x{Tcp.Flags:x2} seq {Seq} ack {Ack} win {Tcp.Window} len {Payload.Length}";
    }
}
