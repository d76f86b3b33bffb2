using System.IO;
using NanoStack.Board.Emulator;

namespace NanoStack.Cli
{
    /// <summary>
    /// The main job on the emulator board. The pieces it needs (TCP/IP core, TLS engine, DHCP, DNS,
    /// HTTP, the emulated access point and HTTPS peer) are not built yet; until they are, the demo
    /// says so plainly, shows the memory plan the stack will run in, and exits 0.
    /// </summary>
    public static class Demo
    {
        public static int Run(TextWriter output)
        {
            var clock = new VirtualClock();
            output.WriteLine("NanoStack demo (emulator board, virtual clock at " + clock.NowMs + " ms)");
            output.WriteLine();
            output.WriteLine("Not built yet, so the demo cannot run end to end:");
            output.WriteLine("  - TCP/IP core (IPv4, ARP, ICMP, UDP, TCP state machine)");
            output.WriteLine("  - crypto and the TLS 1.2 client engine, X.509 validation");
            output.WriteLine("  - DHCP and DNS clients, HTTP/1.1 client");
            output.WriteLine("  - emulated Wi-Fi access point, DHCP/DNS servers and HTTPS peer");
            output.WriteLine();
            output.WriteLine("Built: byte-order and checksum helpers, sequence-number arithmetic, the fixed ring");
            output.WriteLine("buffer, seeded entropy, the limits object, HTTP request writer and status-line parser.");
            output.WriteLine();
            PrintLimits(output, new StackLimits());
            return 0;
        }

        public static int PrintLimits(TextWriter output, StackLimits limits)
        {
            limits.Validate();
            output.WriteLine("Memory plan (default StackLimits):");
            output.WriteLine("  MTU " + limits.Mtu + " B, frame buffer " + limits.FrameBufferSize + " B, TCP MSS " + limits.TcpMss + " B");
            output.WriteLine("  TCP sockets " + limits.MaxTcpSockets + " x (rx " + limits.TcpReceiveBufferSize + " B + tx " + limits.TcpSendBufferSize + " B)");
            output.WriteLine("  UDP sockets " + limits.MaxUdpSockets + " x rx " + limits.UdpReceiveBufferSize + " B, ARP entries " + limits.ArpCacheEntries);
            output.WriteLine("  buffers allocated once at start-up: " + limits.TotalBufferBytes + " B");
            return 0;
        }
    }
}
