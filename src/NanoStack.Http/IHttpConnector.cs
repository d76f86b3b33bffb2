using NanoStack.Channels;

namespace NanoStack.Http
{
    /// <summary>
    /// What the application gives an <see cref="HttpClient"/> so it can open connections itself:
    /// for the first request to an origin, after the server closed a connection, and for a
    /// redirect to another host. The connector resolves the name, connects, and for "https" runs
    /// the TLS handshake (certificate validation and host name included) before it returns.
    /// </summary>
    public interface IHttpConnector
    {
        /// <summary>
        /// Opens a channel to <paramref name="host"/>:<paramref name="port"/> for
        /// <paramref name="scheme"/> ("http" or "https", lower case), waiting at most about
        /// <paramref name="timeoutMs"/>. Returns null when it cannot (the connector keeps the
        /// reason); the request then fails with <see cref="HttpError.ConnectFailed"/>.
        /// </summary>
        IByteChannel Open(string scheme, string host, int port, int timeoutMs);
    }
}
