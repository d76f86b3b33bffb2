namespace NanoStack.Wire
{
    /// <summary>
    /// TCP control bits, the low byte of header bytes 12..13 (RFC 9293 §3.1; ECE and CWR from
    /// RFC 3168 §23.2). Combine with |; test with &amp;.
    /// </summary>
    public static class TcpFlags
    {
        public const byte Fin = 0x01;
        public const byte Syn = 0x02;
        public const byte Rst = 0x04;
        public const byte Psh = 0x08;
        public const byte Ack = 0x10;
        public const byte Urg = 0x20;
        public const byte Ece = 0x40;
        public const byte Cwr = 0x80;
    }
}
