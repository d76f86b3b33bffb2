namespace NanoStack.Board.Emulator
{
    /// <summary>
    /// An emulated device's entropy: one seeded generator (<see cref="SeededEntropySource"/>)
    /// behind both seams, the core's and the TLS client's, so a run replays from its seed.
    /// </summary>
    public sealed class SeededDeviceEntropy : IEntropySource, NanoStack.Tls.Crypto.IEntropySource
    {
        private readonly SeededEntropySource _inner;

        public SeededDeviceEntropy(uint seed) => _inner = new SeededEntropySource(seed);

        public void GetBytes(byte[] buffer, int offset, int count) => _inner.GetBytes(buffer, offset, count);
    }
}
