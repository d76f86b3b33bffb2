using System.IO;
using NanoStack.Board.Emulator;

namespace NanoStack.Cli
{
    /// <summary>
    /// The main job on the emulator board. The pieces it still needs (DHCP, DNS and HTTP clients,
    /// the emulated HTTPS peer) are not built yet; until they are, the demo says so plainly, shows
    /// the memory plan the stack will run in, and exits 0.
    /// </summary>
    public static class Demo
    {
        public static int Run(TextWriter output)
        {
            var clock = new VirtualClock();
            output.WriteLine("NanoStack demo (emulator board, virtual clock at " + clock.NowMs + " ms)");
            output.WriteLine();
            output.WriteLine("Not built yet, so the demo cannot run end to end:");
            output.WriteLine("  - DHCP and DNS clients, the HTTP/1.1 client");
            output.WriteLine("  - the emulated HTTPS peer (SslStream over NanoStack's TCP)");
            output.WriteLine();
            output.WriteLine("Built and tested: the wire formats (Ethernet, ARP, IPv4, ICMP, UDP, TCP), the interface");
            output.WriteLine("(ARP cache, routing, TCP and UDP socket tables, ICMP), the RFC 9293 TCP state machine");
            output.WriteLine("(checked against the Linux kernel over TAP), links (loopback, fault injector, Ethernet");
            output.WriteLine("segment, pcap, tracer, TAP/TUN), the emulated WPA2 access point with DHCP and DNS servers,");
            output.WriteLine("the crypto for TLS 1.2 (SHA-2, HMAC, PRF, AES-GCM, ChaCha20-Poly1305, X25519, P-256 ECDH,");
            output.WriteLine("ECDSA P-256/P-384, RSA PKCS#1/PSS), the DER reader, X.509 path validation with host-name");
            output.WriteLine("checks and stapled OCSP, the TLS 1.2 client engine (ECDHE, AEAD suites, EMS, resumption by");
            output.WriteLine("ID and ticket, renegotiation refused) and its channels over our TCP and over OS sockets.");
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
