namespace NanoStack.Sockets
{
    /// <summary>Why a TCP connection ended or failed; sticky until the socket is reused.</summary>
    public enum TcpError
    {
        None,

        /// <summary>The peer answered our SYN with RST (RFC 9293 §3.10.7.3: "connection refused").</summary>
        Refused,

        /// <summary>The peer reset an established connection.</summary>
        Reset,

        /// <summary>The user timeout (R2) expired with data or a SYN unacknowledged, or keep-alive
        /// probes went unanswered (RFC 9293 §3.8.3, RFC 1122 §4.2.3.6).</summary>
        TimedOut,

        /// <summary>No route, or an ICMP error that is hard in this state (RFC 9293 §3.10.7, MUST-56).</summary>
        HostUnreachable,

        /// <summary>The application aborted the connection (<see cref="TcpSocket.Abort"/>).</summary>
        Aborted,
    }
}
