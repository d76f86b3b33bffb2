namespace NanoStack.Sockets
{
    /// <summary>The connection states of RFC 9293 §3.3.2.</summary>
    public enum TcpState
    {
        Closed,
        Listen,
        SynSent,
        SynReceived,
        Established,
        FinWait1,
        FinWait2,
        CloseWait,
        Closing,
        LastAck,
        TimeWait,
    }
}
