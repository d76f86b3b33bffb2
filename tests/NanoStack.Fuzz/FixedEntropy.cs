namespace NanoStack.Fuzz
{
    /// <summary>
    /// Reproducible bytes (xorshift32 from a seed) for both entropy seams, so a recorded server
    /// flight answers the same ClientHello and key share when it is replayed.
    /// </summary>
    public sealed class FixedEntropy : NanoStack.IEntropySource, NanoStack.Tls.Crypto.IEntropySource
    {
        private uint _state;

        public FixedEntropy(uint seed)
        {
            _state = seed == 0 ? 0x9E3779B9u : seed;
        }

        public void GetBytes(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                _state ^= _state << 13;
                _state ^= _state >> 17;
                _state ^= _state << 5;
                buffer[offset + i] = (byte)(_state >> 24);
            }
        }
    }
}
