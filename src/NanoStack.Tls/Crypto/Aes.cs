using System;

namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// AES-128/192/256 encryption (FIPS-197), bitsliced and constant-time, four blocks per pass.
    /// </summary>
    /// <remarks>
    /// Implementation notes
    ///
    /// Representation. Four 16-byte blocks are held as eight 64-bit words q[0..7]; word q[b]
    /// carries bit b (b = 0 is the least significant bit) of all 64 state bytes. Inside a word,
    /// the byte at row r, column c (FIPS-197 §3.4: input byte i sits at row i mod 4, column i / 4)
    /// of block k sits at bit 16·r + 4·c + k. A row therefore occupies one 16-bit lane, which
    /// makes ShiftRows a fixed shuffle of 4-bit groups inside each lane and MixColumns a set of
    /// rotations of the whole word by 16 and 32 bits.
    ///
    /// Getting in and out. Each block is read as four little-endian 32-bit column words w0..w3.
    /// Columns 0 and 2 of block k are spread into word x[k] (byte r of w0 at byte lane 2r, byte r
    /// of w2 at lane 2r + 1), columns 1 and 3 into x[4 + k]. An 8×8 bit-matrix transpose of the
    /// eight words, done lane by lane (<see cref="Transpose"/>), then yields q[b] bit 8·L + j =
    /// bit b of x[j]'s lane L, which is exactly the layout above. The transpose is its own
    /// inverse, so the same routine takes the state back out.
    ///
    /// Why constant time. The S-box is not a table but the Boyar–Peralta boolean circuit
    /// (J. Boyar, R. Peralta, "A small depth-16 circuit for the AES S-box", SEC 2012; the
    /// 113-gate variant of Boyar, Matthews, Peralta, "Logic minimization techniques with
    /// applications to cryptology", J. Cryptology 2013) evaluated with AND/XOR/NOT on whole
    /// words, so it computes 64 S-boxes at once with no memory index depending on data.
    /// ShiftRows, MixColumns and AddRoundKey are fixed shifts, masks and XORs. The key schedule
    /// uses the same circuit for SubWord. Nothing branches on key or data.
    ///
    /// Sizes. Round keys are stored already bitsliced and replicated over the four block slots:
    /// 8 words per round key, at most 15 round keys (AES-256), 120 ulongs = 960 bytes, allocated
    /// once in the constructor. Scratch: 8 ulongs of state, 60 uints of expanded key words,
    /// 16 uints for the block interface. A single block costs a full four-block pass (three
    /// slots carry zeros); callers with several blocks (CTR in GCM) use
    /// <see cref="EncryptWords4"/> or <see cref="EncryptBlocks4"/>.
    /// </remarks>
    public sealed class Aes : IBlockCipher
    {
        private const int MaxRounds = 14;

        // Bitsliced round keys, 8 words per round (AES-256: 15 round keys).
        private readonly ulong[] _roundKeys = new ulong[8 * (MaxRounds + 1)];

        // Bitsliced state of the block pass in progress.
        private readonly ulong[] _q = new ulong[8];

        // Expanded key words (FIPS-197 §5.2: 4·(Nr + 1) ≤ 60), cleared after SetKey.
        private readonly uint[] _w = new uint[4 * (MaxRounds + 1)];

        // Column words of four blocks for the byte interface.
        private readonly uint[] _blocks = new uint[16];

        private int _rounds;

        /// <summary>16.</summary>
        public int BlockSize
        {
            get { return 16; }
        }

        /// <summary>Key length in bytes (16, 24 or 32); 0 before <see cref="SetKey"/>.</summary>
        public int KeySize
        {
            get { return _rounds == 0 ? 0 : 4 * (_rounds - 6); }
        }

        /// <summary>Sets a 16-, 24- or 32-byte key and computes the bitsliced key schedule.</summary>
        public void SetKey(byte[] key, int offset, int length)
        {
            if (key == null)
            {
                throw new ArgumentNullException("key");
            }
            if (length != 16 && length != 24 && length != 32)
            {
                throw new ArgumentException("AES key must be 16, 24 or 32 bytes", "length");
            }
            if (offset < 0 || offset > key.Length - length)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            // FIPS-197 §5.2 KeyExpansion: Nk words of key, Nr = Nk + 6 rounds.
            int nk = length / 4;
            int rounds = nk + 6;
            int total = 4 * (rounds + 1);
            uint[] w = _w;
            for (int i = 0; i < nk; i++)
            {
                w[i] = ReadLe32(key, offset + 4 * i);
            }
            uint rcon = 1;
            for (int i = nk; i < total; i++)
            {
                uint temp = w[i - 1];
                int phase = i % nk; // public: depends only on the key length
                if (phase == 0)
                {
                    // RotWord then SubWord, then Rcon[i/Nk] in the first byte (low bits here).
                    temp = SubWord((temp >> 8) | (temp << 24)) ^ rcon;
                    rcon = (rcon << 1) ^ (0x11Bu & (0u - (rcon >> 7)));
                }
                else if (nk > 6 && phase == 4)
                {
                    temp = SubWord(temp);
                }
                w[i] = w[i - nk] ^ temp;
            }

            // Bitslice each round key, the same key in all four block slots.
            ulong[] q = _q;
            for (int r = 0; r <= rounds; r++)
            {
                ulong even = Spread(w[4 * r]) | (Spread(w[4 * r + 2]) << 8);
                ulong odd = Spread(w[4 * r + 1]) | (Spread(w[4 * r + 3]) << 8);
                q[0] = even; q[1] = even; q[2] = even; q[3] = even;
                q[4] = odd; q[5] = odd; q[6] = odd; q[7] = odd;
                Transpose(q);
                Array.Copy(q, 0, _roundKeys, 8 * r, 8);
            }
            for (int i = 8 * (rounds + 1); i < _roundKeys.Length; i++)
            {
                _roundKeys[i] = 0;
            }
            _rounds = rounds;
            Ct.Wipe(w);
            Array.Clear(q, 0, 8);
        }

        /// <summary>Encrypts one block; input and output may be the same range.</summary>
        public void EncryptBlock(byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            CryptoRange.Check(input, inputOffset, 16, "input");
            CryptoRange.Check(output, outputOffset, 16, "output");
            uint[] b = _blocks;
            for (int i = 0; i < 4; i++)
            {
                b[i] = ReadLe32(input, inputOffset + 4 * i);
            }
            for (int i = 4; i < 16; i++)
            {
                b[i] = 0;
            }
            EncryptWords4(b);
            for (int i = 0; i < 4; i++)
            {
                WriteLe32(b[i], output, outputOffset + 4 * i);
            }
        }

        /// <summary>
        /// Encrypts four consecutive blocks (64 bytes) in one bitsliced pass; input and output may
        /// be the same range.
        /// </summary>
        public void EncryptBlocks4(byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            CryptoRange.Check(input, inputOffset, 64, "input");
            CryptoRange.Check(output, outputOffset, 64, "output");
            uint[] b = _blocks;
            for (int i = 0; i < 16; i++)
            {
                b[i] = ReadLe32(input, inputOffset + 4 * i);
            }
            EncryptWords4(b);
            for (int i = 0; i < 16; i++)
            {
                WriteLe32(b[i], output, outputOffset + 4 * i);
            }
        }

        /// <summary>
        /// Encrypts four blocks held as 16 little-endian column words in place: block k is
        /// <c>words[4k .. 4k+3]</c>, word j holding bytes 4j .. 4j+3 of the block with byte 4j in
        /// the low bits. This is the fast path for counter mode (no byte copies).
        /// </summary>
        public void EncryptWords4(uint[] words)
        {
            if (words == null)
            {
                throw new ArgumentNullException("words");
            }
            if (words.Length < 16)
            {
                throw new ArgumentException("16 words needed", "words");
            }
            if (_rounds == 0)
            {
                throw new InvalidOperationException("key not set");
            }
            ulong[] q = _q;
            for (int k = 0; k < 4; k++)
            {
                q[k] = Spread(words[4 * k]) | (Spread(words[4 * k + 2]) << 8);
                q[k + 4] = Spread(words[4 * k + 1]) | (Spread(words[4 * k + 3]) << 8);
            }
            Transpose(q);

            Cipher(q, false);

            Transpose(q);
            for (int k = 0; k < 4; k++)
            {
                ulong even = q[k];
                ulong odd = q[k + 4];
                words[4 * k] = Gather(even);
                words[4 * k + 2] = Gather(even >> 8);
                words[4 * k + 1] = Gather(odd);
                words[4 * k + 3] = Gather(odd >> 8);
            }
        }

        /// <summary>Forgets the key schedule.</summary>
        public void Clear()
        {
            Array.Clear(_roundKeys, 0, _roundKeys.Length);
            Array.Clear(_q, 0, 8);
            Ct.Wipe(_blocks);
            _rounds = 0;
        }

        // FIPS-197 §5.2 SubWord through the bitsliced circuit: byte j of the word in bit j of q[b].
        private uint SubWord(uint x)
        {
            ulong[] q = _q;
            for (int b = 0; b < 8; b++)
            {
                uint bits = 0;
                for (int j = 0; j < 4; j++)
                {
                    bits |= ((x >> (8 * j + b)) & 1u) << j;
                }
                q[b] = bits;
            }
            Cipher(q, true);
            uint y = 0;
            for (int b = 0; b < 8; b++)
            {
                for (int j = 0; j < 4; j++)
                {
                    y |= (uint)((q[b] >> j) & 1u) << (8 * j + b);
                }
            }
            Array.Clear(q, 0, 8);
            return y;
        }

        // §5.1.2: row r rotates left by r columns; a column is 4 bits inside the row's 16-bit
        // lane, so row r's lane moves right by 4·r bits with wrap-around.
        private static ulong ShiftRows(ulong x)
        {
            return (x & 0x000000000000FFFFUL)
                 | ((x & 0x00000000FFF00000UL) >> 4) | ((x & 0x00000000000F0000UL) << 12)
                 | ((x & 0x0000FF0000000000UL) >> 8) | ((x & 0x000000FF00000000UL) << 8)
                 | ((x & 0xF000000000000000UL) >> 12) | ((x & 0x0FFF000000000000UL) << 4);
        }

        // Row r + 1 into row r's lane.
        private static ulong Rot16(ulong x)
        {
            return (x >> 16) | (x << 48);
        }

        private static ulong Rot32(ulong x)
        {
            return (x >> 32) | (x << 32);
        }

        // FIPS-197 §5.1 Cipher on the bitsliced state, kept in locals: AddRoundKey, Nr − 1 full
        // rounds, a final round without MixColumns. With sboxOnly it applies SubBytes alone (for
        // the key schedule's SubWord). One method so that the state stays in registers/locals.
        private void Cipher(ulong[] q, bool sboxOnly)
        {
            ulong q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3];
            ulong q4 = q[4], q5 = q[5], q6 = q[6], q7 = q[7];
            ulong[] rk = _roundKeys;
            int rounds = sboxOnly ? 1 : _rounds;
            if (!sboxOnly)
            {
                q0 ^= rk[0]; q1 ^= rk[1]; q2 ^= rk[2]; q3 ^= rk[3];
                q4 ^= rk[4]; q5 ^= rk[5]; q6 ^= rk[6]; q7 ^= rk[7];
            }
            for (int r = 1; r <= rounds; r++)
            {
                // §5.1.1 SubBytes: the Boyar–Matthews–Peralta circuit (top linear layer, shared
                // non-linear core over GF(2^4), bottom linear layer), 32 AND and 81 XOR/XNOR
                // gates, on 64 bytes at once. The circuit numbers bits from the most
                // significant: x0 is bit 7, s0 is output bit 7.
                ulong x0 = q7, x1 = q6, x2 = q5, x3 = q4;
                ulong x4 = q3, x5 = q2, x6 = q1, x7 = q0;

                // Top linear transformation.
                ulong y14 = x3 ^ x5;
                ulong y13 = x0 ^ x6;
                ulong y9 = x0 ^ x3;
                ulong y8 = x0 ^ x5;
                ulong t0 = x1 ^ x2;
                ulong y1 = t0 ^ x7;
                ulong y4 = y1 ^ x3;
                ulong y12 = y13 ^ y14;
                ulong y2 = y1 ^ x0;
                ulong y5 = y1 ^ x6;
                ulong y3 = y5 ^ y8;
                ulong t1 = x4 ^ y12;
                ulong y15 = t1 ^ x5;
                ulong y20 = t1 ^ x1;
                ulong y6 = y15 ^ x7;
                ulong y10 = y15 ^ t0;
                ulong y11 = y20 ^ y9;
                ulong y7 = x7 ^ y11;
                ulong y17 = y10 ^ y11;
                ulong y19 = y10 ^ y8;
                ulong y16 = t0 ^ y11;
                ulong y21 = y13 ^ y16;
                ulong y18 = x0 ^ y16;

                // Non-linear middle section.
                ulong t2 = y12 & y15;
                ulong t3 = y3 & y6;
                ulong t4 = t3 ^ t2;
                ulong t5 = y4 & x7;
                ulong t6 = t5 ^ t2;
                ulong t7 = y13 & y16;
                ulong t8 = y5 & y1;
                ulong t9 = t8 ^ t7;
                ulong t10 = y2 & y7;
                ulong t11 = t10 ^ t7;
                ulong t12 = y9 & y11;
                ulong t13 = y14 & y17;
                ulong t14 = t13 ^ t12;
                ulong t15 = y8 & y10;
                ulong t16 = t15 ^ t12;
                ulong t17 = t4 ^ t14;
                ulong t18 = t6 ^ t16;
                ulong t19 = t9 ^ t14;
                ulong t20 = t11 ^ t16;
                ulong t21 = t17 ^ y20;
                ulong t22 = t18 ^ y19;
                ulong t23 = t19 ^ y21;
                ulong t24 = t20 ^ y18;

                ulong t25 = t21 ^ t22;
                ulong t26 = t21 & t23;
                ulong t27 = t24 ^ t26;
                ulong t28 = t25 & t27;
                ulong t29 = t28 ^ t22;
                ulong t30 = t23 ^ t24;
                ulong t31 = t22 ^ t26;
                ulong t32 = t31 & t30;
                ulong t33 = t32 ^ t24;
                ulong t34 = t23 ^ t33;
                ulong t35 = t27 ^ t33;
                ulong t36 = t24 & t35;
                ulong t37 = t36 ^ t34;
                ulong t38 = t27 ^ t36;
                ulong t39 = t29 & t38;
                ulong t40 = t25 ^ t39;

                ulong t41 = t40 ^ t37;
                ulong t42 = t29 ^ t33;
                ulong t43 = t29 ^ t40;
                ulong t44 = t33 ^ t37;
                ulong t45 = t42 ^ t41;
                ulong z0 = t44 & y15;
                ulong z1 = t37 & y6;
                ulong z2 = t33 & x7;
                ulong z3 = t43 & y16;
                ulong z4 = t40 & y1;
                ulong z5 = t29 & y7;
                ulong z6 = t42 & y11;
                ulong z7 = t45 & y17;
                ulong z8 = t41 & y10;
                ulong z9 = t44 & y12;
                ulong z10 = t37 & y3;
                ulong z11 = t33 & y4;
                ulong z12 = t43 & y13;
                ulong z13 = t40 & y5;
                ulong z14 = t29 & y2;
                ulong z15 = t42 & y9;
                ulong z16 = t45 & y14;
                ulong z17 = t41 & y8;

                // Bottom linear transformation.
                ulong t46 = z15 ^ z16;
                ulong t47 = z10 ^ z11;
                ulong t48 = z5 ^ z13;
                ulong t49 = z9 ^ z10;
                ulong t50 = z2 ^ z12;
                ulong t51 = z2 ^ z5;
                ulong t52 = z7 ^ z8;
                ulong t53 = z0 ^ z3;
                ulong t54 = z6 ^ z7;
                ulong t55 = z16 ^ z17;
                ulong t56 = z12 ^ t48;
                ulong t57 = t50 ^ t53;
                ulong t58 = z4 ^ t46;
                ulong t59 = z3 ^ t54;
                ulong t60 = t46 ^ t57;
                ulong t61 = z14 ^ t57;
                ulong t62 = t52 ^ t58;
                ulong t63 = t49 ^ t58;
                ulong t64 = z4 ^ t59;
                ulong t65 = t61 ^ t62;
                ulong t66 = z1 ^ t63;
                ulong s0 = t59 ^ t63;
                ulong s6 = ~(t56 ^ t62);
                ulong s7 = ~(t48 ^ t60);
                ulong t67 = t64 ^ t65;
                ulong s3 = t53 ^ t66;
                ulong s4 = t51 ^ t66;
                ulong s5 = t47 ^ t65;
                ulong s1 = ~(t64 ^ s3);
                ulong s2 = ~(t55 ^ t67);

                q7 = s0; q6 = s1; q5 = s2; q4 = s3;
                q3 = s4; q2 = s5; q1 = s6; q0 = s7;
                if (sboxOnly)
                {
                    break;
                }

                // §5.1.2 ShiftRows.
                q0 = ShiftRows(q0); q1 = ShiftRows(q1); q2 = ShiftRows(q2); q3 = ShiftRows(q3);
                q4 = ShiftRows(q4); q5 = ShiftRows(q5); q6 = ShiftRows(q6); q7 = ShiftRows(q7);

                if (r != rounds)
                {
                    // §5.1.3 MixColumns: out_r = 2·a_r ⊕ 3·a_(r+1) ⊕ a_(r+2) ⊕ a_(r+3)
                    //   = 2·(a_r ⊕ a_(r+1)) ⊕ a_(r+1) ⊕ (a_(r+2) ⊕ a_(r+3)).
                    // With u = the state rotated by one row (16 bits) and d = a ⊕ u this is
                    // xtime(d) ⊕ u ⊕ (d rotated by two rows). xtime (§4.2.1) on bit planes: plane
                    // b becomes plane b − 1, plane 7 folded into planes 0, 1, 3, 4
                    // (x^8 = x^4 + x^3 + x + 1).
                    ulong u0 = Rot16(q0), u1 = Rot16(q1), u2 = Rot16(q2), u3 = Rot16(q3);
                    ulong u4 = Rot16(q4), u5 = Rot16(q5), u6 = Rot16(q6), u7 = Rot16(q7);
                    ulong d0 = q0 ^ u0, d1 = q1 ^ u1, d2 = q2 ^ u2, d3 = q3 ^ u3;
                    ulong d4 = q4 ^ u4, d5 = q5 ^ u5, d6 = q6 ^ u6, d7 = q7 ^ u7;
                    q0 = d7 ^ u0 ^ Rot32(d0);
                    q1 = d0 ^ d7 ^ u1 ^ Rot32(d1);
                    q2 = d1 ^ u2 ^ Rot32(d2);
                    q3 = d2 ^ d7 ^ u3 ^ Rot32(d3);
                    q4 = d3 ^ d7 ^ u4 ^ Rot32(d4);
                    q5 = d4 ^ u5 ^ Rot32(d5);
                    q6 = d5 ^ u6 ^ Rot32(d6);
                    q7 = d6 ^ u7 ^ Rot32(d7);
                }

                // §5.1.4 AddRoundKey.
                int o = 8 * r;
                q0 ^= rk[o]; q1 ^= rk[o + 1]; q2 ^= rk[o + 2]; q3 ^= rk[o + 3];
                q4 ^= rk[o + 4]; q5 ^= rk[o + 5]; q6 ^= rk[o + 6]; q7 ^= rk[o + 7];
            }
            q[0] = q0; q[1] = q1; q[2] = q2; q[3] = q3;
            q[4] = q4; q[5] = q5; q[6] = q6; q[7] = q7;
        }

        // Transposes, in each of the eight byte lanes, the 8×8 bit matrix whose row j is that
        // lane of q[j]: afterwards q[i] lane L bit j = old q[j] lane L bit i. Recursive block
        // transpose: swap 1-bit, then 2-bit, then 4-bit off-diagonal blocks. Its own inverse.
        private static void Transpose(ulong[] q)
        {
            SwapBits(q, 0, 1, 0x5555555555555555UL, 1);
            SwapBits(q, 2, 3, 0x5555555555555555UL, 1);
            SwapBits(q, 4, 5, 0x5555555555555555UL, 1);
            SwapBits(q, 6, 7, 0x5555555555555555UL, 1);
            SwapBits(q, 0, 2, 0x3333333333333333UL, 2);
            SwapBits(q, 1, 3, 0x3333333333333333UL, 2);
            SwapBits(q, 4, 6, 0x3333333333333333UL, 2);
            SwapBits(q, 5, 7, 0x3333333333333333UL, 2);
            SwapBits(q, 0, 4, 0x0F0F0F0F0F0F0F0FUL, 4);
            SwapBits(q, 1, 5, 0x0F0F0F0F0F0F0F0FUL, 4);
            SwapBits(q, 2, 6, 0x0F0F0F0F0F0F0F0FUL, 4);
            SwapBits(q, 3, 7, 0x0F0F0F0F0F0F0F0FUL, 4);
        }

        private static void SwapBits(ulong[] q, int i, int j, ulong mask, int shift)
        {
            ulong a = q[i];
            ulong b = q[j];
            q[i] = (a & mask) | ((b & mask) << shift);
            q[j] = ((a >> shift) & mask) | (b & ~mask);
        }

        // Byte r of x goes to bits 16·r .. 16·r + 7.
        private static ulong Spread(uint x)
        {
            ulong v = x;
            v = (v | (v << 16)) & 0x0000FFFF0000FFFFUL;
            v = (v | (v << 8)) & 0x00FF00FF00FF00FFUL;
            return v;
        }

        // Inverse of Spread: bytes at bits 16·r .. 16·r + 7 back to byte r (other bits ignored).
        private static uint Gather(ulong v)
        {
            v &= 0x00FF00FF00FF00FFUL;
            v = (v | (v >> 8)) & 0x0000FFFF0000FFFFUL;
            return (uint)v | (uint)(v >> 16);
        }

        private static uint ReadLe32(byte[] b, int offset)
        {
            return (uint)b[offset] | ((uint)b[offset + 1] << 8) | ((uint)b[offset + 2] << 16) | ((uint)b[offset + 3] << 24);
        }

        private static void WriteLe32(uint x, byte[] b, int offset)
        {
            b[offset] = (byte)x;
            b[offset + 1] = (byte)(x >> 8);
            b[offset + 2] = (byte)(x >> 16);
            b[offset + 3] = (byte)(x >> 24);
        }
    }
}
