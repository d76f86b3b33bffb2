namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// SHA-256 (FIPS 180-4 §6.2) with its state allocated once: 8 chaining words, a 16-word
    /// rolling message schedule and a 64-byte block buffer (288 bytes measured on x64).
    /// </summary>
    /// <remarks>
    /// Implementation notes:
    /// - Full blocks are compressed straight from the caller's array; only a partial block is
    ///   copied into the internal buffer, so Update and Finish allocate nothing.
    /// - The 64 rounds are unrolled by 16 with the working variables renamed instead of shifted
    ///   (a..h rotate one place per round, so after 8 rounds they are back in order); the
    ///   16-word schedule window is expanded in place, straight-line, before each later pass, so
    ///   every schedule index is a constant and a..h stay in registers.
    /// - SHA-256 has no secret-dependent branch or index: the schedule and K are indexed by
    ///   constants and the round number only, so hashing a key (HMAC) is constant time.
    /// - The message length is counted in bytes as a ulong; FIPS 180-4 §5.1.1 allows up to
    ///   2^64 − 1 bits, more than a TLS session ever hashes.
    /// </remarks>
    public sealed class Sha256 : IHash
    {
        /// <summary>Digest size in bytes.</summary>
        public const int Size = 32;

        /// <summary>Block size in bytes.</summary>
        public const int Block = 64;

        // FIPS 180-4 §4.2.2: first 32 bits of the fractional parts of the cube roots of the first 64 primes.
        private static readonly uint[] K = new uint[]
        {
            0x428A2F98u, 0x71374491u, 0xB5C0FBCFu, 0xE9B5DBA5u, 0x3956C25Bu, 0x59F111F1u, 0x923F82A4u, 0xAB1C5ED5u,
            0xD807AA98u, 0x12835B01u, 0x243185BEu, 0x550C7DC3u, 0x72BE5D74u, 0x80DEB1FEu, 0x9BDC06A7u, 0xC19BF174u,
            0xE49B69C1u, 0xEFBE4786u, 0x0FC19DC6u, 0x240CA1CCu, 0x2DE92C6Fu, 0x4A7484AAu, 0x5CB0A9DCu, 0x76F988DAu,
            0x983E5152u, 0xA831C66Du, 0xB00327C8u, 0xBF597FC7u, 0xC6E00BF3u, 0xD5A79147u, 0x06CA6351u, 0x14292967u,
            0x27B70A85u, 0x2E1B2138u, 0x4D2C6DFCu, 0x53380D13u, 0x650A7354u, 0x766A0ABBu, 0x81C2C92Eu, 0x92722C85u,
            0xA2BFE8A1u, 0xA81A664Bu, 0xC24B8B70u, 0xC76C51A3u, 0xD192E819u, 0xD6990624u, 0xF40E3585u, 0x106AA070u,
            0x19A4C116u, 0x1E376C08u, 0x2748774Cu, 0x34B0BCB5u, 0x391C0CB3u, 0x4ED8AA4Au, 0x5B9CCA4Fu, 0x682E6FF3u,
            0x748F82EEu, 0x78A5636Fu, 0x84C87814u, 0x8CC70208u, 0x90BEFFFAu, 0xA4506CEBu, 0xBEF9A3F7u, 0xC67178F2u,
        };

        private readonly uint[] _h = new uint[8];
        private readonly uint[] _w = new uint[16];
        private readonly byte[] _buffer = new byte[Block];
        private int _bufferLength;
        private ulong _byteCount;

        public Sha256()
        {
            Reset();
        }

        public int HashSize
        {
            get { return Size; }
        }

        public int BlockSize
        {
            get { return Block; }
        }

        public void Reset()
        {
            // FIPS 180-4 §5.3.3: initial hash value.
            _h[0] = 0x6A09E667u;
            _h[1] = 0xBB67AE85u;
            _h[2] = 0x3C6EF372u;
            _h[3] = 0xA54FF53Au;
            _h[4] = 0x510E527Fu;
            _h[5] = 0x9B05688Cu;
            _h[6] = 0x1F83D9ABu;
            _h[7] = 0x5BE0CD19u;
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

        public void Finish(byte[] output, int offset)
        {
            CryptoRange.Check(output, offset, Size, "output");
            // FIPS 180-4 §5.1.1: append 0x80, zeros, and the 64-bit big-endian bit length.
            ulong bits = _byteCount << 3;
            int n = _bufferLength;
            _buffer[n++] = 0x80;
            if (n > Block - 8)
            {
                System.Array.Clear(_buffer, n, Block - n);
                Compress(_buffer, 0);
                n = 0;
            }
            System.Array.Clear(_buffer, n, Block - 8 - n);
            WriteUInt32(_buffer, 56, (uint)(bits >> 32));
            WriteUInt32(_buffer, 60, (uint)bits);
            Compress(_buffer, 0);
            for (int i = 0; i < 8; i++)
            {
                WriteUInt32(output, offset + 4 * i, _h[i]);
            }
            System.Array.Clear(_buffer, 0, Block);
            Reset();
        }

        public void CopyStateTo(IHash other)
        {
            Sha256 target = other as Sha256;
            if (target == null)
            {
                throw new System.ArgumentException("CopyStateTo needs another Sha256", "other");
            }
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

        private static void WriteUInt32(byte[] b, int o, uint v)
        {
            b[o] = (byte)(v >> 24);
            b[o + 1] = (byte)(v >> 16);
            b[o + 2] = (byte)(v >> 8);
            b[o + 3] = (byte)v;
        }

        // FIPS 180-4 §6.2.2: the SHA-256 hash computation for one 64-byte block at p[o]. The
        // schedule is a rolling window of 16 words (W[t] replaces W[t−16]), expanded 16 at a
        // time between passes of 16 unrolled rounds, all with constant indices.
        private void Compress(byte[] p, int o)
        {
            uint[] w = _w;
            uint[] k = K;
            for (int t = 15; t >= 0; t--)
            {
                int i = o + 4 * t;
                w[t] = ((uint)p[i] << 24) | ((uint)p[i + 1] << 16) | ((uint)p[i + 2] << 8) | p[i + 3];
            }
            uint a = _h[0], b = _h[1], c = _h[2], d = _h[3];
            uint e = _h[4], f = _h[5], g = _h[6], h = _h[7];

            for (int t = 0; t < 64; t += 16)
            {
                if (t > 0)
                {
                    // §6.2.2 step 1: W[t] = σ1(W[t−2]) + W[t−7] + σ0(W[t−15]) + W[t−16] for the next 16 t,
                    // in order, so each reads words already expanded or still from the last pass.
                    uint x, y;
                    y = w[14];
                    x = w[1];
                    w[0] += (((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10)) + w[9] + (((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3));
                    y = w[15];
                    x = w[2];
                    w[1] += (((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10)) + w[10] + (((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3));
                    y = w[0];
                    x = w[3];
                    w[2] += (((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10)) + w[11] + (((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3));
                    y = w[1];
                    x = w[4];
                    w[3] += (((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10)) + w[12] + (((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3));
                    y = w[2];
                    x = w[5];
                    w[4] += (((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10)) + w[13] + (((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3));
                    y = w[3];
                    x = w[6];
                    w[5] += (((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10)) + w[14] + (((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3));
                    y = w[4];
                    x = w[7];
                    w[6] += (((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10)) + w[15] + (((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3));
                    y = w[5];
                    x = w[8];
                    w[7] += (((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10)) + w[0] + (((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3));
                    y = w[6];
                    x = w[9];
                    w[8] += (((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10)) + w[1] + (((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3));
                    y = w[7];
                    x = w[10];
                    w[9] += (((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10)) + w[2] + (((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3));
                    y = w[8];
                    x = w[11];
                    w[10] += (((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10)) + w[3] + (((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3));
                    y = w[9];
                    x = w[12];
                    w[11] += (((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10)) + w[4] + (((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3));
                    y = w[10];
                    x = w[13];
                    w[12] += (((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10)) + w[5] + (((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3));
                    y = w[11];
                    x = w[14];
                    w[13] += (((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10)) + w[6] + (((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3));
                    y = w[12];
                    x = w[15];
                    w[14] += (((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10)) + w[7] + (((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3));
                    y = w[13];
                    x = w[0];
                    w[15] += (((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10)) + w[8] + (((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3));
                }

                // §6.2.2 step 3, one round per group of three lines:
                //   h += Σ1(e) + Ch(e,f,g) + K[t] + W[t];  d += h;  h += Σ0(a) + Maj(a,b,c)
                // after which the roles shift by one (the old h is the new a, the old d the new e).
                // Ch(e,f,g) = g ^ (e & (f ^ g)); Maj(a,b,c) = (a & b) | (c & (a | b)).
                h += (((e >> 6) | (e << 26)) ^ ((e >> 11) | (e << 21)) ^ ((e >> 25) | (e << 7))) + (g ^ (e & (f ^ g))) + k[t] + w[0];
                d += h;
                h += (((a >> 2) | (a << 30)) ^ ((a >> 13) | (a << 19)) ^ ((a >> 22) | (a << 10))) + ((a & b) | (c & (a | b)));

                g += (((d >> 6) | (d << 26)) ^ ((d >> 11) | (d << 21)) ^ ((d >> 25) | (d << 7))) + (f ^ (d & (e ^ f))) + k[t + 1] + w[1];
                c += g;
                g += (((h >> 2) | (h << 30)) ^ ((h >> 13) | (h << 19)) ^ ((h >> 22) | (h << 10))) + ((h & a) | (b & (h | a)));

                f += (((c >> 6) | (c << 26)) ^ ((c >> 11) | (c << 21)) ^ ((c >> 25) | (c << 7))) + (e ^ (c & (d ^ e))) + k[t + 2] + w[2];
                b += f;
                f += (((g >> 2) | (g << 30)) ^ ((g >> 13) | (g << 19)) ^ ((g >> 22) | (g << 10))) + ((g & h) | (a & (g | h)));

                e += (((b >> 6) | (b << 26)) ^ ((b >> 11) | (b << 21)) ^ ((b >> 25) | (b << 7))) + (d ^ (b & (c ^ d))) + k[t + 3] + w[3];
                a += e;
                e += (((f >> 2) | (f << 30)) ^ ((f >> 13) | (f << 19)) ^ ((f >> 22) | (f << 10))) + ((f & g) | (h & (f | g)));

                d += (((a >> 6) | (a << 26)) ^ ((a >> 11) | (a << 21)) ^ ((a >> 25) | (a << 7))) + (c ^ (a & (b ^ c))) + k[t + 4] + w[4];
                h += d;
                d += (((e >> 2) | (e << 30)) ^ ((e >> 13) | (e << 19)) ^ ((e >> 22) | (e << 10))) + ((e & f) | (g & (e | f)));

                c += (((h >> 6) | (h << 26)) ^ ((h >> 11) | (h << 21)) ^ ((h >> 25) | (h << 7))) + (b ^ (h & (a ^ b))) + k[t + 5] + w[5];
                g += c;
                c += (((d >> 2) | (d << 30)) ^ ((d >> 13) | (d << 19)) ^ ((d >> 22) | (d << 10))) + ((d & e) | (f & (d | e)));

                b += (((g >> 6) | (g << 26)) ^ ((g >> 11) | (g << 21)) ^ ((g >> 25) | (g << 7))) + (a ^ (g & (h ^ a))) + k[t + 6] + w[6];
                f += b;
                b += (((c >> 2) | (c << 30)) ^ ((c >> 13) | (c << 19)) ^ ((c >> 22) | (c << 10))) + ((c & d) | (e & (c | d)));

                a += (((f >> 6) | (f << 26)) ^ ((f >> 11) | (f << 21)) ^ ((f >> 25) | (f << 7))) + (h ^ (f & (g ^ h))) + k[t + 7] + w[7];
                e += a;
                a += (((b >> 2) | (b << 30)) ^ ((b >> 13) | (b << 19)) ^ ((b >> 22) | (b << 10))) + ((b & c) | (d & (b | c)));

                h += (((e >> 6) | (e << 26)) ^ ((e >> 11) | (e << 21)) ^ ((e >> 25) | (e << 7))) + (g ^ (e & (f ^ g))) + k[t + 8] + w[8];
                d += h;
                h += (((a >> 2) | (a << 30)) ^ ((a >> 13) | (a << 19)) ^ ((a >> 22) | (a << 10))) + ((a & b) | (c & (a | b)));

                g += (((d >> 6) | (d << 26)) ^ ((d >> 11) | (d << 21)) ^ ((d >> 25) | (d << 7))) + (f ^ (d & (e ^ f))) + k[t + 9] + w[9];
                c += g;
                g += (((h >> 2) | (h << 30)) ^ ((h >> 13) | (h << 19)) ^ ((h >> 22) | (h << 10))) + ((h & a) | (b & (h | a)));

                f += (((c >> 6) | (c << 26)) ^ ((c >> 11) | (c << 21)) ^ ((c >> 25) | (c << 7))) + (e ^ (c & (d ^ e))) + k[t + 10] + w[10];
                b += f;
                f += (((g >> 2) | (g << 30)) ^ ((g >> 13) | (g << 19)) ^ ((g >> 22) | (g << 10))) + ((g & h) | (a & (g | h)));

                e += (((b >> 6) | (b << 26)) ^ ((b >> 11) | (b << 21)) ^ ((b >> 25) | (b << 7))) + (d ^ (b & (c ^ d))) + k[t + 11] + w[11];
                a += e;
                e += (((f >> 2) | (f << 30)) ^ ((f >> 13) | (f << 19)) ^ ((f >> 22) | (f << 10))) + ((f & g) | (h & (f | g)));

                d += (((a >> 6) | (a << 26)) ^ ((a >> 11) | (a << 21)) ^ ((a >> 25) | (a << 7))) + (c ^ (a & (b ^ c))) + k[t + 12] + w[12];
                h += d;
                d += (((e >> 2) | (e << 30)) ^ ((e >> 13) | (e << 19)) ^ ((e >> 22) | (e << 10))) + ((e & f) | (g & (e | f)));

                c += (((h >> 6) | (h << 26)) ^ ((h >> 11) | (h << 21)) ^ ((h >> 25) | (h << 7))) + (b ^ (h & (a ^ b))) + k[t + 13] + w[13];
                g += c;
                c += (((d >> 2) | (d << 30)) ^ ((d >> 13) | (d << 19)) ^ ((d >> 22) | (d << 10))) + ((d & e) | (f & (d | e)));

                b += (((g >> 6) | (g << 26)) ^ ((g >> 11) | (g << 21)) ^ ((g >> 25) | (g << 7))) + (a ^ (g & (h ^ a))) + k[t + 14] + w[14];
                f += b;
                b += (((c >> 2) | (c << 30)) ^ ((c >> 13) | (c << 19)) ^ ((c >> 22) | (c << 10))) + ((c & d) | (e & (c | d)));

                a += (((f >> 6) | (f << 26)) ^ ((f >> 11) | (f << 21)) ^ ((f >> 25) | (f << 7))) + (h ^ (f & (g ^ h))) + k[t + 15] + w[15];
                e += a;
                a += (((b >> 2) | (b << 30)) ^ ((b >> 13) | (b << 19)) ^ ((b >> 22) | (b << 10))) + ((b & c) | (d & (b | c)));
            }

            // §6.2.2 step 4.
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
