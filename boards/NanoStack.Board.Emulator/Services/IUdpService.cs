using System;
using NanoStack.Wire;

namespace NanoStack.Board.Emulator.Services
{
    /// <summary>A UDP service of an <see cref="EmulatedServicesNode"/> (DHCP, DNS, ...).</summary>
    public interface IUdpService
    {
        /// <summary>The UDP port it serves.</summary>
        ushort Port { get; }

        /// <summary>
        /// Handles one datagram. Returns the reply payload (null: no reply) and where it goes; a
        /// reply to <see cref="Ipv4Address.Broadcast"/> is sent to the Ethernet broadcast address,
        /// a unicast reply to <paramref name="replyMac"/> (preset to the request's source MAC).
        /// </summary>
        byte[] Handle(long nowMs, ReadOnlySpan<byte> payload, Ipv4Address source, ushort sourcePort,
                      ref Ipv4Address replyTo, ref ushort replyPort, ref MacAddress replyMac);
    }
}
