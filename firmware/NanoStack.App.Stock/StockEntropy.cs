using System;
using NanoStack.Tls.Crypto;

namespace NanoStack.App.Stock
{
    /// <summary>
    /// The TLS client's randomness on stock firmware, which offers no cryptographic random number
    /// API to managed code (the manifests have only <c>System.Random</c>, a generator the firmware
    /// seeds from its clock). A SHA-256 pool gathers what the device has (System.Random output,
    /// the wall time, and whatever the caller mixes in: timer readings around network events);
    /// each request is answered by SHA-256 of the pool and a counter, and the pool is then
    /// hashed forward so earlier outputs cannot be recomputed from a later state.
    /// </summary>
    /// <remarks>
    /// This is only as unpredictable as what was mixed in, which on stock firmware is little:
    /// an observer who can guess the boot timing can guess the ECDHE keys. Use the custom firmware
    /// (its entropy is the ESP32's hardware RNG) where the traffic must stay confidential.
    /// </remarks>
    public sealed class StockEntropy : NanoStack.Tls.Crypto.IEntropySource
    {
        private readonly Sha256 _sha = new Sha256();
        private readonly byte[] _pool = new byte[Sha256.Size];
        private readonly byte[] _block = new byte[Sha256.Size];
        private readonly byte[] _word = new byte[8];
        private readonly Random _random;
        private long _counter;

        /// <summary>Seeds the pool from System.Random and the wall time.</summary>
        public StockEntropy()
        {
            _random = new Random();
            Mix(DateTime.UtcNow.Ticks);
        }

        /// <summary>Mixes <paramref name="value"/> (a timer reading, a time, a counter) and fresh
        /// System.Random output into the pool.</summary>
        public void Mix(long value)
        {
            _random.NextBytes(_block);
            _sha.Reset();
            _sha.Update(_pool, 0, _pool.Length);
            _sha.Update(_block, 0, _block.Length);
            PutWord(value);
            _sha.Update(_word, 0, _word.Length);
            _sha.Finish(_pool, 0);
        }

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
            Mix(DateTime.UtcNow.Ticks);
            while (count > 0)
            {
                _counter++;
                _sha.Reset();
                _sha.Update(_pool, 0, _pool.Length);
                PutWord(_counter);
                _sha.Update(_word, 0, _word.Length);
                _sha.Finish(_block, 0);
                int n = count < _block.Length ? count : _block.Length;
                Array.Copy(_block, 0, buffer, offset, n);
                offset += n;
                count -= n;
            }
            // Forward: the pool that produced these bytes is gone.
            Mix(_counter);
        }

        private void PutWord(long value)
        {
            for (int i = 0; i < 8; i++)
            {
                _word[i] = (byte)(value >> (8 * i));
            }
        }
    }
}
