namespace NanoStack.Wire
{
    /// <summary>ICMPv4 message types (RFC 792) and the codes the stack uses.</summary>
    public static class IcmpType
    {
        public const byte EchoReply = 0;
        public const byte DestinationUnreachable = 3;
        public const byte EchoRequest = 8;
        public const byte TimeExceeded = 11;

        // RFC 792 "Destination Unreachable Message" codes; 4 also RFC 1191 §4.
        public const byte CodeNetUnreachable = 0;
        public const byte CodeHostUnreachable = 1;
        public const byte CodeProtocolUnreachable = 2;
        public const byte CodePortUnreachable = 3;
        public const byte CodeFragmentationNeeded = 4;
        public const byte CodeSourceRouteFailed = 5;

        // RFC 792 "Time Exceeded Message" codes.
        public const byte CodeTtlExceeded = 0;
        public const byte CodeReassemblyTimeExceeded = 1;
    }
}
