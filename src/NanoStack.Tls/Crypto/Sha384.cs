namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// SHA-384 (FIPS 180-4 §6.5), state allocated once; Update and Finish allocate nothing.
    /// The compression function is shared with <see cref="Sha512"/> in <see cref="Sha512Core"/>.
    /// </summary>
    public sealed class Sha384 : IHash
    {
        /// <summary>Digest size in bytes.</summary>
        public const int Size = 48;

        private readonly Sha512Core _core = new Sha512Core(true);

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
            Sha384 target = other as Sha384;
            if (target == null)
            {
                throw new System.ArgumentException("CopyStateTo needs another Sha384", "other");
            }
            _core.CopyStateTo(target._core);
        }
    }
}
