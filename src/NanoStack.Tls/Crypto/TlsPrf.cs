namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// The TLS 1.2 pseudorandom function (RFC 5246 §5): PRF(secret, label, seed) =
    /// P_hash(secret, label + seed) with the suite's HMAC (SHA-256, or SHA-384 for *_SHA384 suites).
    /// The seed comes in two parts (for example client_random and server_random) so the caller
    /// never concatenates. Works in two hash-output buffers allocated once; Derive allocates nothing.
    /// </summary>
    public sealed class TlsPrf
    {
        private readonly Hmac _hmac;
        private readonly byte[] _a;
        private readonly byte[] _block;

        /// <summary>Uses (and re-keys) <paramref name="hmac"/>; it is cleared after each derivation.</summary>
        public TlsPrf(Hmac hmac)
        {
            if (hmac == null)
            {
                throw new System.ArgumentNullException("hmac");
            }
            _hmac = hmac;
            _a = new byte[hmac.MacSize];
            _block = new byte[hmac.MacSize];
        }

        /// <summary>PRF with HMAC-SHA-256 (the TLS 1.2 default).</summary>
        public static TlsPrf CreateSha256()
        {
            return new TlsPrf(Hmac.CreateSha256());
        }

        /// <summary>PRF with HMAC-SHA-384 (suites ending in _SHA384, RFC 5289 §3.2).</summary>
        public static TlsPrf CreateSha384()
        {
            return new TlsPrf(Hmac.CreateSha384());
        }

        /// <summary>
        /// Writes <paramref name="outputLength"/> bytes of PRF(secret, label, seedA + seedB). seedB
        /// may be null when <paramref name="seedBLength"/> is 0. The output may overlap the secret
        /// (it is consumed first) but not the label or seeds.
        /// </summary>
        public void Derive(byte[] secret, int secretOffset, int secretLength,
                           byte[] label, int labelOffset, int labelLength,
                           byte[] seedA, int seedAOffset, int seedALength,
                           byte[] seedB, int seedBOffset, int seedBLength,
                           byte[] output, int outputOffset, int outputLength)
        {
            CryptoRange.Check(secret, secretOffset, secretLength, "secret");
            CryptoRange.CheckOptional(label, labelOffset, labelLength, "label");
            CryptoRange.CheckOptional(seedA, seedAOffset, seedALength, "seedA");
            CryptoRange.CheckOptional(seedB, seedBOffset, seedBLength, "seedB");
            CryptoRange.Check(output, outputOffset, outputLength, "output");

            Hmac hmac = _hmac;
            int size = hmac.MacSize;
            hmac.SetKey(secret, secretOffset, secretLength);

            // RFC 5246 §5: A(0) = seed, A(i) = HMAC_hash(secret, A(i-1)), seed = label + seed.
            UpdateSeed(label, labelOffset, labelLength, seedA, seedAOffset, seedALength, seedB, seedBOffset, seedBLength);
            hmac.Finish(_a, 0);

            int position = outputOffset;
            int remaining = outputLength;
            while (remaining > 0)
            {
                // P_hash = HMAC_hash(secret, A(1) + seed) + HMAC_hash(secret, A(2) + seed) + ...
                hmac.Update(_a, 0, size);
                UpdateSeed(label, labelOffset, labelLength, seedA, seedAOffset, seedALength, seedB, seedBOffset, seedBLength);
                if (remaining >= size)
                {
                    hmac.Finish(output, position);
                    position += size;
                    remaining -= size;
                }
                else
                {
                    hmac.Finish(_block, 0);
                    System.Array.Copy(_block, 0, output, position, remaining);
                    remaining = 0;
                }
                if (remaining > 0)
                {
                    hmac.Update(_a, 0, size);
                    hmac.Finish(_a, 0);
                }
            }
            System.Array.Clear(_a, 0, size);
            System.Array.Clear(_block, 0, size);
            hmac.Clear();
        }

        private void UpdateSeed(byte[] label, int labelOffset, int labelLength,
                                byte[] seedA, int seedAOffset, int seedALength,
                                byte[] seedB, int seedBOffset, int seedBLength)
        {
            if (labelLength > 0)
            {
                _hmac.Update(label, labelOffset, labelLength);
            }
            if (seedALength > 0)
            {
                _hmac.Update(seedA, seedAOffset, seedALength);
            }
            if (seedBLength > 0)
            {
                _hmac.Update(seedB, seedBOffset, seedBLength);
            }
        }
    }
}
