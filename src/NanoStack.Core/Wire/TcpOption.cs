namespace NanoStack.Wire
{
    /// <summary>TCP option kinds and lengths (RFC 9293 §3.1, RFC 7323 §2–3, RFC 2018 §2–3).</summary>
    public static class TcpOption
    {
        public const byte EndOfList = 0;
        public const byte NoOperation = 1;
        public const byte MaximumSegmentSize = 2;
        public const byte WindowScale = 3;
        public const byte SackPermitted = 4;
        public const byte Sack = 5;
        public const byte Timestamps = 8;

        public const int MaximumSegmentSizeLength = 4;
        public const int WindowScaleLength = 3;
        public const int SackPermittedLength = 2;
        public const int TimestampsLength = 10;
        /// <summary>A SACK option is 2 + 8 × n bytes, n = 1..4 (RFC 2018 §3).</summary>
        public const int SackBlockLength = 8;
        public const int MaxSackBlocks = 4;

        /// <summary>RFC 7323 §2.3: a larger shift MUST be treated as 14.</summary>
        public const int MaxWindowScale = 14;
    }
}
