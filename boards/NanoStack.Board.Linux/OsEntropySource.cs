using System;
using System.Security.Cryptography;

namespace NanoStack.Board.Linux
{
    /// <summary>
    /// The operating system's CSPRNG, serving both the TCP/IP core's and the TLS client's entropy
    /// seams.
    /// </summary>
    public sealed class OsEntropySource : NanoStack.IEntropySource, NanoStack.Tls.Crypto.IEntropySource
    {
        public void GetBytes(byte[] buffer, int offset, int count)
        {
            ArgumentNullException.ThrowIfNull(buffer);
            RandomNumberGenerator.Fill(buffer.AsSpan(offset, count));
        }
    }
}
