namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// SHA-512 (FIPS 180-4 §6.4), state allocated once; Update and Finish allocate nothing.
    /// The compression function is shared with <see cref="Sha384"/> in <see cref="Sha512Core"/>.
    /// </summary>
    public sealed class Sha512 : IHash
    {
        /// <summary>Digest size in bytes.</summary>
        public const int Size = 64;

        private readonly Sha512Core _core = new Sha512Core(false);

        public int HashSize
        {
            get { return Size; }
        }

        public int BlockSize
        {
            get { return Sha512Core.Block; }
        }

        public void Reset()
        {
            _core.Reset();
        }

        public void Update(byte[] data, int offset, int count)
        {
            _core.Update(data, offset, count);
        }

        public void Finish(byte[] output, int offset)
        {
            _core.Finish(output, offset);
        }

        public void CopyStateTo(IHash other)
        {
            Sha512 target = other as Sha512;
            if (target == null)
            {
                throw new System.ArgumentException("CopyStateTo needs another Sha512", "other");
            }
            _core.CopyStateTo(target._core);
        }
    }
}
