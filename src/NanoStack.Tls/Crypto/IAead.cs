namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// Authenticated encryption with associated data (AES-GCM, ChaCha20-Poly1305) as TLS 1.2
    /// records use it (RFC 5246 §6.2.3.3). The key is set once; each call takes the nonce.
    /// Opening checks the tag in constant time and writes no plaintext unless it verifies.
    /// </summary>
    public interface IAead
    {
        int KeySize { get; }

        /// <summary>12 for both suites.</summary>
        int NonceSize { get; }

        /// <summary>16 for both suites.</summary>
        int TagSize { get; }

        void SetKey(byte[] key, int offset, int length);

        /// <summary>
        /// Encrypts <paramref name="length"/> bytes from <paramref name="input"/> to
        /// <paramref name="output"/> (may be the same range) and writes the tag at
        /// <paramref name="tagOffset"/> of <paramref name="tag"/>.
        /// </summary>
        void Seal(byte[] nonce, int nonceOffset,
                  byte[] aad, int aadOffset, int aadLength,
                  byte[] input, int inputOffset, int length,
                  byte[] output, int outputOffset,
                  byte[] tag, int tagOffset);

        /// <summary>
        /// Verifies the tag and, only if it is right, decrypts into <paramref name="output"/>.
        /// Returns false (output untouched) when the tag is wrong.
        /// </summary>
        bool Open(byte[] nonce, int nonceOffset,
                  byte[] aad, int aadOffset, int aadLength,
                  byte[] input, int inputOffset, int length,
                  byte[] tag, int tagOffset,
                  byte[] output, int outputOffset);
    }
}
