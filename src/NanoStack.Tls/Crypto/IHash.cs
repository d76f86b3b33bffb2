namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// A streaming hash with its state allocated once (SHA-256, SHA-384, ...). A board may plug a
    /// native implementation in through this seam. <see cref="Finish"/> resets the object for reuse.
    /// </summary>
    public interface IHash
    {
        /// <summary>Digest size in bytes (32 for SHA-256, 48 for SHA-384).</summary>
        int HashSize { get; }

        /// <summary>Compression block size in bytes (64 for SHA-256, 128 for SHA-384/512), as HMAC needs.</summary>
        int BlockSize { get; }

        /// <summary>Starts a new message.</summary>
        void Reset();

        void Update(byte[] data, int offset, int count);

        /// <summary>Writes the digest at <paramref name="offset"/> and resets.</summary>
        void Finish(byte[] output, int offset);

        /// <summary>
        /// Copies this object's running state into <paramref name="other"/> (same algorithm), so a
        /// transcript hash can be read without ending it.
        /// </summary>
        void CopyStateTo(IHash other);
    }
}
