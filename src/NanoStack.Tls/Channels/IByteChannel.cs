namespace NanoStack.Channels
{
    /// <summary>
    /// A reliable, ordered byte stream with timeouts: our TCP socket, an OS or nanoFramework
    /// <c>Socket</c>, or a TLS connection on top of either. The TLS driver and the HTTP client
    /// run over it.
    /// </summary>
    public interface IByteChannel
    {
        /// <summary>Waits up to <paramref name="timeoutMs"/> for data. Returns the bytes read (1..count),
        /// 0 at the peer's orderly end of stream, or a negative <see cref="ChannelStatus"/> value.</summary>
        int Read(byte[] buffer, int offset, int count, int timeoutMs);

        /// <summary>Sends all <paramref name="count"/> bytes within <paramref name="timeoutMs"/>. Returns
        /// <paramref name="count"/>, or a negative <see cref="ChannelStatus"/> value.</summary>
        int Write(byte[] buffer, int offset, int count, int timeoutMs);

        /// <summary>Orderly close of the sending direction, then release.</summary>
        void Close();
    }
}
