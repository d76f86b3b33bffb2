using System;

namespace NanoStack.Board.Esp32
{
    /// <summary>
    /// The ESP32 hardware random number generator (esp_fill_random through the NanoStack native
    /// module: RF noise when the radio is on). Serves both the stack (sequence numbers, ports, DNS
    /// IDs) and TLS (client random, ECDHE keys).
    /// </summary>
    public sealed class Esp32Entropy : NanoStack.IEntropySource, NanoStack.Tls.Crypto.IEntropySource
    {
        public void GetBytes(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }
            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException("offset");
            }
            if (count == 0)
            {
                return;
            }
            int rc = Esp32Native.NativeFillRandom(buffer, offset, count);
            if (rc != Esp32Native.Ok)
            {
                // No randomness means no safe TLS: never fall back to a predictable generator.
                throw new InvalidOperationException(string.Concat("NativeFillRandom failed: ", rc.ToString()));
            }
        }
    }
}
