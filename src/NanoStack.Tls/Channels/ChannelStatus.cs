namespace NanoStack.Channels
{
    /// <summary>The negative results of <see cref="IByteChannel"/> calls.</summary>
    public static class ChannelStatus
    {
        /// <summary>Nothing happened within the timeout.</summary>
        public const int TimedOut = -1;

        /// <summary>The peer reset the connection.</summary>
        public const int Reset = -2;

        /// <summary>The channel was closed locally.</summary>
        public const int Closed = -3;

        /// <summary>The connection failed (refused, unreachable, user timeout); the channel says more.</summary>
        public const int Failed = -4;

        /// <summary>The layer above (e.g. TLS) failed; its own error value says why.</summary>
        public const int ProtocolError = -5;
    }
}
