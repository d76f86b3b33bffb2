namespace NanoStack.Sntp
{
    /// <summary>What <see cref="SntpClient.ProcessReply"/> made of a datagram.</summary>
    public enum SntpReplyStatus
    {
        /// <summary>The reply answered our request: the time is set.</summary>
        Accepted,

        /// <summary>No request is outstanding; ignored.</summary>
        NotWaiting,

        /// <summary>Shorter than the 48-octet header; ignored.</summary>
        TooShort,

        /// <summary>Not mode 4 (server) or a version other than 3 or 4; ignored.</summary>
        NotServerReply,

        /// <summary>The originate timestamp is not our transmit timestamp (stale or forged); ignored.</summary>
        OriginateMismatch,

        /// <summary>Our reply, but refused: <see cref="SntpClient.Error"/> says why.</summary>
        Refused,
    }
}
