namespace NanoStack.Sntp
{
    /// <summary>Why <see cref="SntpClient"/> has no time. Sticky until the next request.</summary>
    public enum SntpError
    {
        None,

        /// <summary>No acceptable reply within the timeout.</summary>
        Timeout,

        /// <summary>The server sent a kiss-o'-death (stratum 0, RFC 4330 §8): stop asking it.</summary>
        KissOfDeath,

        /// <summary>The server is not synchronized (leap indicator 3 or stratum above 15, RFC 4330 §5).</summary>
        ServerUnsynchronized,

        /// <summary>The reply had a zero transmit timestamp (RFC 4330 §5).</summary>
        BadTimestamp,
    }
}
