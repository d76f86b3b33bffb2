namespace NanoStack.Link
{
    /// <summary>
    /// The device seam (DESIGN.md principles 1 and 13): whole Ethernet II frames in and out, without
    /// the frame check sequence. The stack owns the buffers; a link copies into or out of them and
    /// never keeps a reference. Links decorate links (loopback, fault injection, pcap capture,
    /// tracing) and compose.
    /// </summary>
    public interface ILink
    {
        /// <summary>
        /// The largest frame, header included, this link carries: MTU + 14 (1514 for Ethernet and
        /// Wi-Fi). Receive buffers are at least this long.
        /// </summary>
        int MaxFrameLength { get; }

        /// <summary>
        /// Copies the next received frame into <c>buffer[offset ..]</c> and returns its length, or 0
        /// when none is waiting. A frame longer than <paramref name="count"/> is dropped by the link
        /// (and counted there), never truncated.
        /// </summary>
        int Receive(byte[] buffer, int offset, int count, long nowMs);

        /// <summary>
        /// Sends <c>buffer[offset .. offset + length)</c> as one frame. Returns false when the link
        /// cannot take it now (queue full, link down); the frame is then not sent.
        /// </summary>
        bool Transmit(byte[] buffer, int offset, int length, long nowMs);

        /// <summary>
        /// The earliest time at which <see cref="Receive"/> may return a frame that is not there
        /// now (a delayed frame in a fault injector), or <c>long.MaxValue</c>: the poll loop may
        /// sleep until then.
        /// </summary>
        long PollAt(long nowMs);
    }
}
