using System;
using NanoStack.Dhcp;
using NanoStack.Wire;

namespace NanoStack.Fuzz
{
    /// <summary>
    /// A DHCP message (the UDP payload) into <see cref="DhcpRepr.TryParse"/>. What parses must emit
    /// into <see cref="DhcpRepr.BufferLength"/> bytes and parse back to the same message type and
    /// transaction.
    /// </summary>
    public static class DhcpTarget
    {
        public static void Run(byte[] data)
        {
            if (DhcpRepr.TryParse(new DhcpPacket(data, 0, data.Length), out DhcpRepr repr) != WireStatus.Ok)
            {
                return;
            }
            byte[] out1 = new byte[repr.BufferLength];
            repr.Emit(new DhcpPacket(out1, 0, out1.Length));
            if (DhcpRepr.TryParse(new DhcpPacket(out1, 0, out1.Length), out DhcpRepr again) != WireStatus.Ok
                || again.MessageType != repr.MessageType || again.TransactionId != repr.TransactionId)
            {
                throw new InvalidOperationException("DHCP emit did not round-trip");
            }
        }
    }
}
