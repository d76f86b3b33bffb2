using System;

namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// AES-GCM (NIST SP 800-38D) with 16-byte tags, constant-time, no allocation per operation.
    /// TLS 1.2 uses 12-byte nonces (RFC 5288 §3); other IV lengths are accepted through the
    /// overloads that take an IV length (J0 derived with GHASH, SP 800-38D §7.1 step 2).
    /// </summary>
    /// <remarks>
    /// Implementation notes
    ///
    /// Cipher. <see cref="Aes"/> is the bitsliced AES; the counter blocks of CTR mode
    /// (SP 800-38D §6.5 GCTR) are built directly as little-endian column words and encrypted
    /// four per pass (<see cref="Aes.EncryptWords4"/>). Sealing puts E(K, J0), the tag mask, in
    /// the first pass together with the first three keystream blocks.
    ///
    /// GHASH representation (SP 800-38D §6.3). A block is read as two big-endian 64-bit words,
    /// hi = bytes 0..7, lo = bytes 8..15. The field element's coefficient of x^i then sits at bit
    /// 127 − i of the 128-bit integer hi:lo, i.e. the integer is the bit-reversed polynomial.
    /// Carry-less multiplication commutes with bit reversal, so the 255-bit carry-less product of
    /// two such integers, shifted left by one, holds the coefficients of x^0..x^127 in its top
    /// 128 bits and those of x^128..x^254 in its low 128 bits, each bit-reversed the same way.
    /// Reduction modulo x^128 + x^7 + x^2 + x + 1 folds the low half in twice (x^128 ≡ x^7 +
    /// x^2 + x + 1), where multiplying by x^j is a right shift by j.
    ///
    /// Why constant time. The 64×64 carry-less products use ordinary integer multiplication on
    /// operands with holes (only every fourth bit kept, <see cref="Bmul64"/>): the integer sum of
    /// at most 16 one-bit products per column fits in 4 bits before the next kept column, so the
    /// kept bits equal the XOR of the products and carries land in masked-out positions. Only
    /// the low 64 bits of each product are needed; the high 64 bits come from the same routine on
    /// bit-reversed operands. Three such 128-bit products per block (Karatsuba), six calls of
    /// <see cref="Bmul64"/> in all. No table, no data-dependent branch or index. The tag check
    /// accumulates over all 16 bytes (<see cref="Ct.BytesEqual"/>); only its final verdict is
    /// branched on, and no plaintext is written before it.
    ///
    /// Sizes. State allocated once: the AES key schedule (960 bytes, see <see cref="Aes"/>),
    /// 16 counter words, 16 bytes of scratch and 16 of tag; H and its reversed forms and the
    /// GHASH accumulator are fields. Lengths are ints, so a message is at most 2^31 − 1 bytes
    /// (2^27 blocks), far below the 2^32 − 2 block limit of SP 800-38D §5.2.1.1.
    /// </remarks>
    public sealed class AesGcm : IAead
    {
        private const ulong M0 = 0x1111111111111111UL;
        private const ulong M1 = 0x2222222222222222UL;
        private const ulong M2 = 0x4444444444444444UL;
        private const ulong M3 = 0x8888888888888888UL;

        private readonly Aes _aes = new Aes();

        // Four counter blocks, as 16 little-endian column words, for Aes.EncryptWords4.
        private readonly uint[] _ctr = new uint[16];

        // A zero-padded partial block for GHASH, then scratch for H and the tag.
        private readonly byte[] _block = new byte[16];

        // E(K, J0) as column words (the tag mask).
        private readonly uint[] _mask = new uint[4];

        // H = E(K, 0^128) split into big-endian halves, their XOR (Karatsuba), and the
        // bit-reversed forms of the three.
        private ulong _h0, _h1, _h2, _h0r, _h1r, _h2r;

        // GHASH accumulator Y = _yHi:_yLo.
        private ulong _yHi, _yLo;

        // J0 (SP 800-38D §7.1 step 2): first 12 bytes as column words, last 4 as a counter.
        private uint _j0w0, _j0w1, _j0w2, _j0Counter;

        /// <summary>16 or 32 (24 also works) as set by <see cref="SetKey"/>; 0 before.</summary>
        public int KeySize
        {
            get { return _aes.KeySize; }
        }

        /// <summary>12 (SP 800-38D §8.2 recommended length; RFC 5288).</summary>
        public int NonceSize
        {
            get { return 12; }
        }

        /// <summary>16.</summary>
        public int TagSize
        {
            get { return 16; }
        }

        /// <summary>Sets a 16- or 32-byte key (24 is accepted too) and derives the hash key H.</summary>
        public void SetKey(byte[] key, int offset, int length)
        {
            _aes.SetKey(key, offset, length);

            // SP 800-38D §7.1 step 1: H = CIPH_K(0^128).
            byte[] b = _block;
            Array.Clear(b, 0, 16);
            _aes.EncryptBlock(b, 0, b, 0);
            _h1 = ReadBe64(b, 0);
            _h0 = ReadBe64(b, 8);
            _h2 = _h0 ^ _h1;
            _h0r = Rev64(_h0);
            _h1r = Rev64(_h1);
            _h2r = Rev64(_h2);
            Array.Clear(b, 0, 16);
        }

        /// <summary>Seals with a 12-byte nonce (SP 800-38D §7.1).</summary>
        public void Seal(byte[] nonce, int nonceOffset,
                         byte[] aad, int aadOffset, int aadLength,
                         byte[] input, int inputOffset, int length,
                         byte[] output, int outputOffset,
                         byte[] tag, int tagOffset)
        {
            Seal(nonce, nonceOffset, 12, aad, aadOffset, aadLength, input, inputOffset, length,
                 output, outputOffset, tag, tagOffset);
        }

        /// <summary>
        /// Seals with an IV of any length of at least one byte (SP 800-38D §7.1); 12 bytes is the
        /// fast and recommended case.
        /// </summary>
        public void Seal(byte[] iv, int ivOffset, int ivLength,
                         byte[] aad, int aadOffset, int aadLength,
                         byte[] input, int inputOffset, int length,
                         byte[] output, int outputOffset,
                         byte[] tag, int tagOffset)
        {
            CheckKey();
            if (ivLength < 1)
            {
                throw new ArgumentOutOfRangeException("ivLength");
            }
            CryptoRange.CheckOptional(iv, ivOffset, ivLength, "iv");
            CryptoRange.CheckOptional(aad, aadOffset, aadLength, "aad");
            CryptoRange.CheckOptional(input, inputOffset, length, "input");
            CryptoRange.CheckOptional(output, outputOffset, length, "output");
            CryptoRange.CheckOptional(tag, tagOffset, 16, "tag");

            SetJ0(iv, ivOffset, ivLength);
            // §7.1 step 3: C = GCTR_K(inc32(J0), P); block 0 of the pass gives E(K, J0).
            Gctr(0, false, input, inputOffset, length, output, outputOffset);
            // Steps 4-6: S = GHASH_H(A || 0^v || C || 0^u || [len(A)]64 || [len(C)]64).
            Hash(aad, aadOffset, aadLength, output, outputOffset, length);
            // Step 7: T = MSB_t(GCTR_K(J0, S)).
            WriteTag(tag, tagOffset);
            _yHi = 0;
            _yLo = 0;
        }

        /// <summary>Opens with a 12-byte nonce (SP 800-38D §7.2).</summary>
        public bool Open(byte[] nonce, int nonceOffset,
                         byte[] aad, int aadOffset, int aadLength,
                         byte[] input, int inputOffset, int length,
                         byte[] tag, int tagOffset,
                         byte[] output, int outputOffset)
        {
            return Open(nonce, nonceOffset, 12, aad, aadOffset, aadLength, input, inputOffset, length,
                        tag, tagOffset, output, outputOffset);
        }

        /// <summary>
        /// Opens with an IV of any length (SP 800-38D §7.2). Returns false, writing nothing, when
        /// the tag is wrong or the IV is empty.
        /// </summary>
        public bool Open(byte[] iv, int ivOffset, int ivLength,
                         byte[] aad, int aadOffset, int aadLength,
                         byte[] input, int inputOffset, int length,
                         byte[] tag, int tagOffset,
                         byte[] output, int outputOffset)
        {
            CheckKey();
            if (ivLength < 0)
            {
                throw new ArgumentOutOfRangeException("ivLength");
            }
            CryptoRange.CheckOptional(iv, ivOffset, ivLength, "iv");
            CryptoRange.CheckOptional(aad, aadOffset, aadLength, "aad");
            CryptoRange.CheckOptional(input, inputOffset, length, "input");
            CryptoRange.CheckOptional(tag, tagOffset, 16, "tag");
            CryptoRange.CheckOptional(output, outputOffset, length, "output");
            if (ivLength == 0)
            {
                // §5.2.1.1: IVs of length 0 are not supported by GCM; nothing can verify.
                return false;
            }

            SetJ0(iv, ivOffset, ivLength);
            // §7.2 steps 5-8: recompute the tag over the ciphertext before decrypting anything.
            Hash(aad, aadOffset, aadLength, input, inputOffset, length);
            uint[] c = _ctr;
            FillCounters(0);
            _aes.EncryptWords4(c);
            _mask[0] = c[0];
            _mask[1] = c[1];
            _mask[2] = c[2];
            _mask[3] = c[3];
            WriteTag(_block, 0);
            _yHi = 0;
            _yLo = 0;
            uint ok = Ct.BytesEqual(_block, 0, tag, tagOffset, 16);
            Array.Clear(_block, 0, 16);
            if (ok == 0)
            {
                Ct.Wipe(c);
                Ct.Wipe(_mask);
                return false;
            }
            // Step 3: P = GCTR_K(inc32(J0), C), only after the tag matched; the pass that made
            // E(K, J0) already holds the keystream of the first three blocks.
            Gctr(0, true, input, inputOffset, length, output, outputOffset);
            Ct.Wipe(_mask);
            return true;
        }

        /// <summary>Forgets the key (key schedule and hash key); SetKey is needed again.</summary>
        public void Clear()
        {
            _aes.Clear();
            _h0 = 0; _h1 = 0; _h2 = 0; _h0r = 0; _h1r = 0; _h2r = 0;
            _yHi = 0; _yLo = 0;
            Ct.Wipe(_ctr);
            Ct.Wipe(_mask);
            Ct.Wipe(_block);
        }

        // SP 800-38D §7.1 step 2. For 96-bit IVs J0 = IV || 0^31 || 1; otherwise
        // J0 = GHASH_H(IV || 0^(s+64) || [len(IV)]64).
        private void SetJ0(byte[] iv, int ivOffset, int ivLength)
        {
            if (ivLength == 12)
            {
                _j0w0 = ReadLe32(iv, ivOffset);
                _j0w1 = ReadLe32(iv, ivOffset + 4);
                _j0w2 = ReadLe32(iv, ivOffset + 8);
                _j0Counter = 1;
                return;
            }
            _yHi = 0;
            _yLo = 0;
            HashPadded(iv, ivOffset, ivLength);
            _yLo ^= (ulong)ivLength << 3;
            MulH();
            byte[] b = _block;
            WriteBe64(_yHi, b, 0);
            WriteBe64(_yLo, b, 8);
            _j0w0 = ReadLe32(b, 0);
            _j0w1 = ReadLe32(b, 4);
            _j0w2 = ReadLe32(b, 8);
            _j0Counter = ((uint)b[12] << 24) | ((uint)b[13] << 16) | ((uint)b[14] << 8) | b[15];
            Array.Clear(b, 0, 16);
            _yHi = 0;
            _yLo = 0;
        }

        // Counter blocks J0 + first .. J0 + first + 3 with inc32 (§6.2: the last 32 bits wrap).
        private void FillCounters(int first)
        {
            uint[] c = _ctr;
            for (int s = 0; s < 4; s++)
            {
                uint n = _j0Counter + (uint)(first + s);
                c[4 * s] = _j0w0;
                c[4 * s + 1] = _j0w1;
                c[4 * s + 2] = _j0w2;
                // Big-endian counter bytes 12..15 read as a little-endian word.
                c[4 * s + 3] = (n >> 24) | ((n >> 8) & 0xFF00u) | ((n << 8) & 0xFF0000u) | (n << 24);
            }
        }

        // §6.5 GCTR from counter block J0 + first: block index b ≥ 1 covers bytes 16·(b − 1)..,
        // block 0 (only when first = 0) is E(K, J0) and goes to the tag mask. With reuseFirst the
        // first pass's keystream is already in _ctr.
        private void Gctr(int first, bool reuseFirst, byte[] input, int inputOffset, int length, byte[] output, int outputOffset)
        {
            uint[] c = _ctr;
            int next = first;
            bool compute = !reuseFirst;
            while (next == 0 || 16 * (next - 1) < length)
            {
                if (compute)
                {
                    FillCounters(next);
                    _aes.EncryptWords4(c);
                }
                compute = true;
                for (int s = 0; s < 4; s++)
                {
                    int b = next + s;
                    if (b == 0)
                    {
                        _mask[0] = c[0];
                        _mask[1] = c[1];
                        _mask[2] = c[2];
                        _mask[3] = c[3];
                        continue;
                    }
                    int pos = 16 * (b - 1);
                    int n = length - pos;
                    if (n <= 0)
                    {
                        break;
                    }
                    int i = inputOffset + pos;
                    int o = outputOffset + pos;
                    if (n >= 16)
                    {
                        for (int j = 0; j < 4; j++)
                        {
                            uint k = c[4 * s + j];
                            output[o] = (byte)(input[i] ^ k);
                            output[o + 1] = (byte)(input[i + 1] ^ (k >> 8));
                            output[o + 2] = (byte)(input[i + 2] ^ (k >> 16));
                            output[o + 3] = (byte)(input[i + 3] ^ (k >> 24));
                            i += 4;
                            o += 4;
                        }
                    }
                    else
                    {
                        for (int j = 0; j < n; j++)
                        {
                            output[o + j] = (byte)(input[i + j] ^ (c[4 * s + (j >> 2)] >> (8 * (j & 3))));
                        }
                    }
                }
                next += 4;
            }
            Ct.Wipe(c);
        }

        // §6.4 GHASH over A || 0^v || C || 0^u || [len(A)]64 || [len(C)]64, into Y.
        private void Hash(byte[] aad, int aadOffset, int aadLength, byte[] data, int dataOffset, int dataLength)
        {
            _yHi = 0;
            _yLo = 0;
            HashPadded(aad, aadOffset, aadLength);
            HashPadded(data, dataOffset, dataLength);
            _yHi ^= (ulong)aadLength << 3;
            _yLo ^= (ulong)dataLength << 3;
            MulH();
        }

        // T = E(K, J0) XOR S, big-endian bytes.
        private void WriteTag(byte[] tag, int offset)
        {
            WriteBe64(_yHi, tag, offset);
            WriteBe64(_yLo, tag, offset + 8);
            for (int j = 0; j < 4; j++)
            {
                uint k = _mask[j];
                int o = offset + 4 * j;
                tag[o] ^= (byte)k;
                tag[o + 1] ^= (byte)(k >> 8);
                tag[o + 2] ^= (byte)(k >> 16);
                tag[o + 3] ^= (byte)(k >> 24);
            }
            Ct.Wipe(_mask);
        }

        // Absorbs data, the last partial block padded with zeros.
        private void HashPadded(byte[] data, int offset, int length)
        {
            int full = length & ~15;
            int end = offset + full;
            for (int i = offset; i < end; i += 16)
            {
                _yHi ^= ReadBe64(data, i);
                _yLo ^= ReadBe64(data, i + 8);
                MulH();
            }
            int rest = length - full;
            if (rest > 0)
            {
                byte[] b = _block;
                Array.Clear(b, 0, 16);
                Array.Copy(data, end, b, 0, rest);
                _yHi ^= ReadBe64(b, 0);
                _yLo ^= ReadBe64(b, 8);
                MulH();
                Array.Clear(b, 0, 16);
            }
        }

        // Y = Y · H in GF(2^128) (§6.3), see the implementation notes for the representation.
        private void MulH()
        {
            ulong y1 = _yHi;
            ulong y0 = _yLo;
            ulong y2 = y0 ^ y1;
            ulong y0r = Rev64(y0);
            ulong y1r = Rev64(y1);
            ulong y2r = y0r ^ y1r;

            // Karatsuba: low halves directly, high halves through reversed operands.
            ulong z0 = Bmul64(y0, _h0);
            ulong z1 = Bmul64(y1, _h1);
            ulong z2 = Bmul64(y2, _h2);
            ulong z0h = Bmul64(y0r, _h0r);
            ulong z1h = Bmul64(y1r, _h1r);
            ulong z2h = Bmul64(y2r, _h2r);
            z2 ^= z0 ^ z1;
            z2h ^= z0h ^ z1h;
            z0h = Rev64(z0h) >> 1;
            z1h = Rev64(z1h) >> 1;
            z2h = Rev64(z2h) >> 1;

            // The 255-bit product r3:r2:r1:r0, then shifted left by one (bit reversal).
            ulong r0 = z0;
            ulong r1 = z0h ^ z2;
            ulong r2 = z1 ^ z2h;
            ulong r3 = z1h;
            r3 = (r3 << 1) | (r2 >> 63);
            r2 = (r2 << 1) | (r1 >> 63);
            r1 = (r1 << 1) | (r0 >> 63);
            r0 <<= 1;

            // Fold x^192..x^255 (r0), then x^128..x^191 (r1), using x^128 = x^7 + x^2 + x + 1.
            r2 ^= r0 ^ (r0 >> 1) ^ (r0 >> 2) ^ (r0 >> 7);
            r1 ^= (r0 << 63) ^ (r0 << 62) ^ (r0 << 57);
            r3 ^= r1 ^ (r1 >> 1) ^ (r1 >> 2) ^ (r1 >> 7);
            r2 ^= (r1 << 63) ^ (r1 << 62) ^ (r1 << 57);

            _yHi = r3;
            _yLo = r2;
        }

        // Low 64 bits of the carry-less product of x and y, with integer multiplications on
        // operands that keep one bit in four (see the implementation notes).
        private static ulong Bmul64(ulong x, ulong y)
        {
            ulong x0 = x & M0, x1 = x & M1, x2 = x & M2, x3 = x & M3;
            ulong y0 = y & M0, y1 = y & M1, y2 = y & M2, y3 = y & M3;
            ulong z0 = (x0 * y0) ^ (x1 * y3) ^ (x2 * y2) ^ (x3 * y1);
            ulong z1 = (x0 * y1) ^ (x1 * y0) ^ (x2 * y3) ^ (x3 * y2);
            ulong z2 = (x0 * y2) ^ (x1 * y1) ^ (x2 * y0) ^ (x3 * y3);
            ulong z3 = (x0 * y3) ^ (x1 * y2) ^ (x2 * y1) ^ (x3 * y0);
            return (z0 & M0) | (z1 & M1) | (z2 & M2) | (z3 & M3);
        }

        private static ulong Rev64(ulong x)
        {
            x = ((x >> 1) & 0x5555555555555555UL) | ((x & 0x5555555555555555UL) << 1);
            x = ((x >> 2) & 0x3333333333333333UL) | ((x & 0x3333333333333333UL) << 2);
            x = ((x >> 4) & 0x0F0F0F0F0F0F0F0FUL) | ((x & 0x0F0F0F0F0F0F0F0FUL) << 4);
            x = ((x >> 8) & 0x00FF00FF00FF00FFUL) | ((x & 0x00FF00FF00FF00FFUL) << 8);
            x = ((x >> 16) & 0x0000FFFF0000FFFFUL) | ((x & 0x0000FFFF0000FFFFUL) << 16);
            return (x >> 32) | (x << 32);
        }

        private void CheckKey()
        {
            if (_aes.KeySize == 0)
            {
                throw new InvalidOperationException("key not set");
            }
        }

        private static ulong ReadBe64(byte[] b, int offset)
        {
            uint hi = ((uint)b[offset] << 24) | ((uint)b[offset + 1] << 16) | ((uint)b[offset + 2] << 8) | b[offset + 3];
            uint lo = ((uint)b[offset + 4] << 24) | ((uint)b[offset + 5] << 16) | ((uint)b[offset + 6] << 8) | b[offset + 7];
            return ((ulong)hi << 32) | lo;
        }

        private static void WriteBe64(ulong x, byte[] b, int offset)
        {
            for (int i = 7; i >= 0; i--)
            {
                b[offset + i] = (byte)x;
                x >>= 8;
            }
        }

        private static uint ReadLe32(byte[] b, int offset)
        {
            return (uint)b[offset] | ((uint)b[offset + 1] << 8) | ((uint)b[offset + 2] << 16) | ((uint)b[offset + 3] << 24);
        }
    }
}
