namespace NanoStack
{
    /// <summary>
    /// Where randomness comes from (DESIGN.md principle 7): initial sequence numbers, ephemeral
    /// ports, DNS IDs. Boards supply the hardware RNG or the OS generator; tests supply
    /// <see cref="SeededEntropySource"/> so every run is reproducible.
    /// </summary>
    public interface IEntropySource
    {
        /// <summary>Fills <c>buffer[offset .. offset + count)</c> with random bytes.</summary>
        void GetBytes(byte[] buffer, int offset, int count);
    }
}
