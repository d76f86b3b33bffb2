namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// Cryptographic randomness for the TLS client (client random, ephemeral keys). The TLS
    /// library does not reference NanoStack.Core, so it declares its own seam with the same shape
    /// as <c>NanoStack.IEntropySource</c>; a board's generator implements both. The engine refuses
    /// to start without one.
    /// </summary>
    public interface IEntropySource
    {
        /// <summary>Fills <c>buffer[offset .. offset + count)</c> with random bytes.</summary>
        void GetBytes(byte[] buffer, int offset, int count);
    }
}
