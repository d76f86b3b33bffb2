namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// A 128-bit block cipher keyed once (AES). Only encryption is needed: GCM uses the forward
    /// direction for both sealing and opening.
    /// </summary>
    public interface IBlockCipher
    {
        /// <summary>16 for AES.</summary>
        int BlockSize { get; }

        /// <summary>Sets the key (16 or 32 bytes for AES); the key schedule is stored in place.</summary>
        void SetKey(byte[] key, int offset, int length);

        /// <summary>Encrypts one block; input and output may be the same range.</summary>
        void EncryptBlock(byte[] input, int inputOffset, byte[] output, int outputOffset);
    }
}
