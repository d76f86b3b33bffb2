namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// The SHA-512 compression function and padding (FIPS 180-4 §6.4), shared by
    /// <see cref="Sha512"/> and <see cref="Sha384"/>: they differ only in the initial hash value
    /// (§5.3.4, §5.3.5) and in how many bytes of the final state they output (§6.5).
    /// </summary>
    /// <remarks>
    /// Implementation notes:
    /// - State allocated once: 8 chaining words, a 16-word rolling message schedule (W[t]
    ///   replaces W[t−16], as in <see cref="Sha256"/>) and a 128-byte block buffer. Full blocks
    ///   are compressed from the caller's array in place.
    /// - Rounds are unrolled by 8 with renamed working variables (see <see cref="Sha256"/>).
    /// - No branch or index depends on the data, so hashing secrets is constant time.
    /// - FIPS 180-4 §5.1.2 encodes the length as a 128-bit number of bits; the byte count is kept
    ///   in a ulong, whose top three bits become the high word's low bits (count &gt;&gt; 61).
    /// </remarks>
    internal sealed class Sha512Core
    {
        public const int Block = 128;

        // FIPS 180-4 §4.2.3: first 64 bits of the fractional parts of the cube roots of the first 80 primes.
        private static readonly ulong[] K = new ulong[]
        {
            0x428A2F98D728AE22UL, 0x7137449123EF65CDUL, 0xB5C0FBCFEC4D3B2FUL, 0xE9B5DBA58189DBBCUL,
            0x3956C25BF348B538UL, 0x59F111F1B605D019UL, 0x923F82A4AF194F9BUL, 0xAB1C5ED5DA6D8118UL,
            0xD807AA98A3030242UL, 0x12835B0145706FBEUL, 0x243185BE4EE4B28CUL, 0x550C7DC3D5FFB4E2UL,
            0x72BE5D74F27B896FUL, 0x80DEB1FE3B1696B1UL, 0x9BDC06A725C71235UL, 0xC19BF174CF692694UL,
            0xE49B69C19EF14AD2UL, 0xEFBE4786384F25E3UL, 0x0FC19DC68B8CD5B5UL, 0x240CA1CC77AC9C65UL,
            0x2DE92C6F592B0275UL, 0x4A7484AA6EA6E483UL, 0x5CB0A9DCBD41FBD4UL, 0x76F988DA831153B5UL,
            0x983E5152EE66DFABUL, 0xA831C66D2DB43210UL, 0xB00327C898FB213FUL, 0xBF597FC7BEEF0EE4UL,
            0xC6E00BF33DA88FC2UL, 0xD5A79147930AA725UL, 0x06CA6351E003826FUL, 0x142929670A0E6E70UL,
            0x27B70A8546D22FFCUL, 0x2E1B21385C26C926UL, 0x4D2C6DFC5AC42AEDUL, 0x53380D139D95B3DFUL,
            0x650A73548BAF63DEUL, 0x766A0ABB3C77B2A8UL, 0x81C2C92E47EDAEE6UL, 0x92722C851482353BUL,
            0xA2BFE8A14CF10364UL, 0xA81A664BBC423001UL, 0xC24B8B70D0F89791UL, 0xC76C51A30654BE30UL,
            0xD192E819D6EF5218UL, 0xD69906245565A910UL, 0xF40E35855771202AUL, 0x106AA07032BBD1B8UL,
            0x19A4C116B8D2D0C8UL, 0x1E376C085141AB53UL, 0x2748774CDF8EEB99UL, 0x34B0BCB5E19B48A8UL,
            0x391C0CB3C5C95A63UL, 0x4ED8AA4AE3418ACBUL, 0x5B9CCA4F7763E373UL, 0x682E6FF3D6B2B8A3UL,
            0x748F82EE5DEFB2FCUL, 0x78A5636F43172F60UL, 0x84C87814A1F0AB72UL, 0x8CC702081A6439ECUL,
            0x90BEFFFA23631E28UL, 0xA4506CEBDE82BDE9UL, 0xBEF9A3F7B2C67915UL, 0xC67178F2E372532BUL,
            0xCA273ECEEA26619CUL, 0xD186B8C721C0C207UL, 0xEADA7DD6CDE0EB1EUL, 0xF57D4F7FEE6ED178UL,
            0x06F067AA72176FBAUL, 0x0A637DC5A2C898A6UL, 0x113F9804BEF90DAEUL, 0x1B710B35131C471BUL,
            0x28DB77F523047D84UL, 0x32CAAB7B40C72493UL, 0x3C9EBE0A15C9BEBCUL, 0x431D67C49C100D4CUL,
            0x4CC5D4BECB3E42B6UL, 0x597F299CFC657E2AUL, 0x5FCB6FAB3AD6FAECUL, 0x6C44198C4A475817UL,
        };

        private readonly ulong[] _h = new ulong[8];
        private readonly ulong[] _w = new ulong[16];
        private readonly byte[] _buffer = new byte[Block];
        private readonly bool _is384;
        private int _bufferLength;
        private ulong _byteCount;

        public Sha512Core(bool is384)
        {
            _is384 = is384;
            Reset();
        }

        /// <summary>48 for SHA-384, 64 for SHA-512.</summary>
        public int OutputSize
        {
            get { return _is384 ? 48 : 64; }
        }

        public void Reset()
        {
            if (_is384)
            {
                // FIPS 180-4 §5.3.4: SHA-384 initial hash value.
                _h[0] = 0xCBBB9D5DC1059ED8UL;
                _h[1] = 0x629A292A367CD507UL;
                _h[2] = 0x9159015A3070DD17UL;
                _h[3] = 0x152FECD8F70E5939UL;
                _h[4] = 0x67332667FFC00B31UL;
                _h[5] = 0x8EB44A8768581511UL;
                _h[6] = 0xDB0C2E0D64F98FA7UL;
                _h[7] = 0x47B5481DBEFA4FA4UL;
            }
            else
            {
                // FIPS 180-4 §5.3.5: SHA-512 initial hash value.
                _h[0] = 0x6A09E667F3BCC908UL;
                _h[1] = 0xBB67AE8584CAA73BUL;
                _h[2] = 0x3C6EF372FE94F82BUL;
                _h[3] = 0xA54FF53A5F1D36F1UL;
                _h[4] = 0x510E527FADE682D1UL;
                _h[5] = 0x9B05688C2B3E6C1FUL;
                _h[6] = 0x1F83D9ABFB41BD6BUL;
                _h[7] = 0x5BE0CD19137E2179UL;
            }
            _bufferLength = 0;
            _byteCount = 0;
        }

        public void Update(byte[] data, int offset, int count)
        {
            CryptoRange.Check(data, offset, count, "data");
            _byteCount += (ulong)count;
            if (_bufferLength > 0)
            {
                int take = Block - _bufferLength;
                if (take > count)
                {
                    take = count;
                }
                System.Array.Copy(data, offset, _buffer, _bufferLength, take);
                _bufferLength += take;
                offset += take;
                count -= take;
                if (_bufferLength < Block)
                {
                    return;
                }
                Compress(_buffer, 0);
                _bufferLength = 0;
            }
            while (count >= Block)
            {
                Compress(data, offset);
                offset += Block;
                count -= Block;
            }
            if (count > 0)
            {
                System.Array.Copy(data, offset, _buffer, 0, count);
                _bufferLength = count;
            }
        }

        /// <summary>Writes <see cref="OutputSize"/> bytes at <paramref name="offset"/> and resets.</summary>
        public void Finish(byte[] output, int offset)
        {
            int size = OutputSize;
            CryptoRange.Check(output, offset, size, "output");
            // FIPS 180-4 §5.1.2: append 0x80, zeros, and the 128-bit big-endian bit length.
            int n = _bufferLength;
            _buffer[n++] = 0x80;
            if (n > Block - 16)
            {
                System.Array.Clear(_buffer, n, Block - n);
                Compress(_buffer, 0);
                n = 0;
            }
            System.Array.Clear(_buffer, n, Block - 16 - n);
            WriteUInt64(_buffer, Block - 16, _byteCount >> 61);
            WriteUInt64(_buffer, Block - 8, _byteCount << 3);
            Compress(_buffer, 0);
            // §6.5: SHA-384 keeps the leftmost 384 bits (H0..H5).
            for (int i = 0; i < size / 8; i++)
            {
                WriteUInt64(output, offset + 8 * i, _h[i]);
            }
            System.Array.Clear(_buffer, 0, Block);
            Reset();
        }

        public void CopyStateTo(Sha512Core target)
        {
            if (object.ReferenceEquals(target, this))
            {
                return;
            }
            System.Array.Copy(_h, target._h, 8);
            // Only the buffered bytes matter: nothing reads past _bufferLength.
            System.Array.Copy(_buffer, target._buffer, _bufferLength);
            target._bufferLength = _bufferLength;
            target._byteCount = _byteCount;
        }

        private static void WriteUInt64(byte[] b, int o, ulong v)
        {
            b[o] = (byte)(v >> 56);
            b[o + 1] = (byte)(v >> 48);
            b[o + 2] = (byte)(v >> 40);
            b[o + 3] = (byte)(v >> 32);
            b[o + 4] = (byte)(v >> 24);
            b[o + 5] = (byte)(v >> 16);
            b[o + 6] = (byte)(v >> 8);
            b[o + 7] = (byte)v;
        }

        // FIPS 180-4 §6.4.2: the SHA-512 hash computation for one 128-byte block at p[o]. The
        // schedule is a rolling window of 16 words (W[t] in w[t mod 16]), expanded 8 words at a
        // time before each pass of 8 unrolled rounds from t = 16 on.
        private void Compress(byte[] p, int o)
        {
            ulong[] w = _w;
            ulong[] k = K;
            for (int t = 0; t < 16; t++)
            {
                uint hi = ((uint)p[o] << 24) | ((uint)p[o + 1] << 16) | ((uint)p[o + 2] << 8) | p[o + 3];
                uint lo = ((uint)p[o + 4] << 24) | ((uint)p[o + 5] << 16) | ((uint)p[o + 6] << 8) | p[o + 7];
                w[t] = ((ulong)hi << 32) | lo;
                o += 8;
            }
            ulong a = _h[0], b = _h[1], c = _h[2], d = _h[3];
            ulong e = _h[4], f = _h[5], g = _h[6], h = _h[7];

            // §6.4.2 step 3, eight rounds per pass with renamed variables, as in Sha256:
            //   h += Σ1(e) + Ch(e,f,g) + K[t] + W[t];  d += h;  h += Σ0(a) + Maj(a,b,c)
            // with Σ0 = ROTR28 ^ ROTR34 ^ ROTR39 and Σ1 = ROTR14 ^ ROTR18 ^ ROTR41 (§4.1.3).
            for (int t = 0; t < 80; t += 8)
            {
                int j = t & 15; // 0 or 8: this pass's eight words are w[j..j+7]
                if (t >= 16)
                {
                    // §6.4.2 step 1: W[t] = σ1(W[t−2]) + W[t−7] + σ0(W[t−15]) + W[t−16], in order of
                    // t, so each reads words already expanded or still from the last 16.
                    for (int i = j; i < j + 8; i++)
                    {
                        ulong x = w[(i + 1) & 15];
                        ulong y = w[(i + 14) & 15];
                        w[i] += (((y >> 19) | (y << 45)) ^ ((y >> 61) | (y << 3)) ^ (y >> 6))
                              + w[(i + 9) & 15]
                              + (((x >> 1) | (x << 63)) ^ ((x >> 8) | (x << 56)) ^ (x >> 7));
                    }
                }

                h += (((e >> 14) | (e << 50)) ^ ((e >> 18) | (e << 46)) ^ ((e >> 41) | (e << 23))) + (g ^ (e & (f ^ g))) + k[t] + w[j];
                d += h;
                h += (((a >> 28) | (a << 36)) ^ ((a >> 34) | (a << 30)) ^ ((a >> 39) | (a << 25))) + ((a & b) | (c & (a | b)));

                g += (((d >> 14) | (d << 50)) ^ ((d >> 18) | (d << 46)) ^ ((d >> 41) | (d << 23))) + (f ^ (d & (e ^ f))) + k[t + 1] + w[j + 1];
                c += g;
                g += (((h >> 28) | (h << 36)) ^ ((h >> 34) | (h << 30)) ^ ((h >> 39) | (h << 25))) + ((h & a) | (b & (h | a)));

                f += (((c >> 14) | (c << 50)) ^ ((c >> 18) | (c << 46)) ^ ((c >> 41) | (c << 23))) + (e ^ (c & (d ^ e))) + k[t + 2] + w[j + 2];
                b += f;
                f += (((g >> 28) | (g << 36)) ^ ((g >> 34) | (g << 30)) ^ ((g >> 39) | (g << 25))) + ((g & h) | (a & (g | h)));

                e += (((b >> 14) | (b << 50)) ^ ((b >> 18) | (b << 46)) ^ ((b >> 41) | (b << 23))) + (d ^ (b & (c ^ d))) + k[t + 3] + w[j + 3];
                a += e;
                e += (((f >> 28) | (f << 36)) ^ ((f >> 34) | (f << 30)) ^ ((f >> 39) | (f << 25))) + ((f & g) | (h & (f | g)));

                d += (((a >> 14) | (a << 50)) ^ ((a >> 18) | (a << 46)) ^ ((a >> 41) | (a << 23))) + (c ^ (a & (b ^ c))) + k[t + 4] + w[j + 4];
                h += d;
                d += (((e >> 28) | (e << 36)) ^ ((e >> 34) | (e << 30)) ^ ((e >> 39) | (e << 25))) + ((e & f) | (g & (e | f)));

                c += (((h >> 14) | (h << 50)) ^ ((h >> 18) | (h << 46)) ^ ((h >> 41) | (h << 23))) + (b ^ (h & (a ^ b))) + k[t + 5] + w[j + 5];
                g += c;
                c += (((d >> 28) | (d << 36)) ^ ((d >> 34) | (d << 30)) ^ ((d >> 39) | (d << 25))) + ((d & e) | (f & (d | e)));

                b += (((g >> 14) | (g << 50)) ^ ((g >> 18) | (g << 46)) ^ ((g >> 41) | (g << 23))) + (a ^ (g & (h ^ a))) + k[t + 6] + w[j + 6];
                f += b;
                b += (((c >> 28) | (c << 36)) ^ ((c >> 34) | (c << 30)) ^ ((c >> 39) | (c << 25))) + ((c & d) | (e & (c | d)));

                a += (((f >> 14) | (f << 50)) ^ ((f >> 18) | (f << 46)) ^ ((f >> 41) | (f << 23))) + (h ^ (f & (g ^ h))) + k[t + 7] + w[j + 7];
                e += a;
                a += (((b >> 28) | (b << 36)) ^ ((b >> 34) | (b << 30)) ^ ((b >> 39) | (b << 25))) + ((b & c) | (d & (b | c)));

            }

            // §6.4.2 step 4.
            _h[0] += a;
            _h[1] += b;
            _h[2] += c;
            _h[3] += d;
            _h[4] += e;
            _h[5] += f;
            _h[6] += g;
            _h[7] += h;
        }
    }
}
