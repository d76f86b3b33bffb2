namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// The ChaCha20 stream cipher of RFC 8439 §2.3-§2.4: 256-bit key, 96-bit nonce, 32-bit
    /// block counter. The key is stored once (8 words); each call takes the nonce and the initial
    /// counter, so one object serves any number of records. Nothing is allocated after construction.
    /// </summary>
    /// <remarks>
    /// Implementation notes:
    /// - The 16 state words live in locals during the 20 rounds (10 column + 10 diagonal rounds,
    ///   written out), so no array is touched inside the rounds. A full 64-byte block is XORed
    ///   into the data straight from those locals; a final partial block and <see cref="Block"/>
    ///   go through a 16-word scratch array, wiped after use.
    /// - Only additions, XORs and fixed rotations (ARX): constant time on any CPU.
    /// - The counter is 32 bits (§2.4): one call may produce at most 2^32 − counter blocks;
    ///   a longer request is a caller error (it cannot happen with int lengths from counter 1).
    /// </remarks>
    public sealed class ChaCha20
    {
        public const int KeySize = 32;
        public const int NonceSize = 12;
        public const int BlockSize = 64;

        private readonly uint[] _key = new uint[8];
        private readonly uint[] _x = new uint[16];
        private bool _keyed;

        /// <summary>Sets the 32-byte key.</summary>
        public void SetKey(byte[] key, int offset, int length)
        {
            CryptoRange.Check(key, offset, length, "key");
            if (length != KeySize)
            {
                throw new System.ArgumentException("ChaCha20 key must be 32 bytes", "length");
            }
            for (int i = 0; i < 8; i++)
            {
                _key[i] = ReadUInt32(key, offset + 4 * i);
            }
            _keyed = true;
        }

        /// <summary>Forgets the key.</summary>
        public void Clear()
        {
            Ct.Wipe(_key);
            Ct.Wipe(_x);
            _keyed = false;
        }

        /// <summary>Writes the 64-byte keystream block for (counter, nonce) at <paramref name="outputOffset"/> (RFC 8439 §2.3).</summary>
        public void Block(uint counter, byte[] nonce, int nonceOffset, byte[] output, int outputOffset)
        {
            CheckKeyed();
            CryptoRange.Check(nonce, nonceOffset, NonceSize, "nonce");
            CryptoRange.Check(output, outputOffset, BlockSize, "output");
            Core(counter, nonce, nonceOffset);
            for (int i = 0; i < 16; i++)
            {
                uint v = _x[i];
                int o = outputOffset + 4 * i;
                output[o] = (byte)v;
                output[o + 1] = (byte)(v >> 8);
                output[o + 2] = (byte)(v >> 16);
                output[o + 3] = (byte)(v >> 24);
            }
            Ct.Wipe(_x);
        }

        /// <summary>
        /// XORs the keystream starting at block <paramref name="counter"/> into
        /// <paramref name="length"/> bytes of <paramref name="input"/>, writing to
        /// <paramref name="output"/> (RFC 8439 §2.4). Input and output may be the same range.
        /// </summary>
        public void Process(uint counter, byte[] nonce, int nonceOffset,
                            byte[] input, int inputOffset, int length,
                            byte[] output, int outputOffset)
        {
            CheckKeyed();
            CryptoRange.Check(nonce, nonceOffset, NonceSize, "nonce");
            CryptoRange.Check(input, inputOffset, length, "input");
            CryptoRange.Check(output, outputOffset, length, "output");
            ulong blocks = ((ulong)(uint)length + (BlockSize - 1)) / BlockSize;
            if ((ulong)counter + blocks > 0x100000000UL)
            {
                throw new System.ArgumentOutOfRangeException("length", "ChaCha20 block counter would wrap");
            }
            uint n0 = ReadUInt32(nonce, nonceOffset);
            uint n1 = ReadUInt32(nonce, nonceOffset + 4);
            uint n2 = ReadUInt32(nonce, nonceOffset + 8);
            while (length >= BlockSize)
            {
                XorBlock(counter, n0, n1, n2, input, inputOffset, output, outputOffset);
                counter++;
                inputOffset += BlockSize;
                outputOffset += BlockSize;
                length -= BlockSize;
            }
            if (length > 0)
            {
                uint[] x = _x;
                Core(counter, nonce, nonceOffset);
                for (int i = 0; i < length; i++)
                {
                    output[outputOffset + i] = (byte)(input[inputOffset + i] ^ (x[i >> 2] >> ((i & 3) << 3)));
                }
                Ct.Wipe(x);
            }
        }

        // RFC 8439 §2.3-§2.4 for one full block: the block function, then the keystream (state +
        // working state, serialized little-endian) XORed straight from the locals into the data.
        private void XorBlock(uint counter, uint n0, uint n1, uint n2, byte[] input, int i, byte[] output, int o)
        {
            // The input words are not kept in locals beside the working state (that would be 32
            // live words, far more than the registers): they are read again for the final add.
            uint[] key = _key;
            uint x0 = 0x61707865u, x1 = 0x3320646Eu, x2 = 0x79622D32u, x3 = 0x6B206574u;
            uint x4 = key[0], x5 = key[1], x6 = key[2], x7 = key[3];
            uint x8 = key[4], x9 = key[5], x10 = key[6], x11 = key[7];
            uint x12 = counter, x13 = n0, x14 = n1, x15 = n2;

            for (int round = 0; round < 10; round++)
            {
                // Column rounds (RFC 8439 §2.3: QUARTERROUND(0,4,8,12) ... (3,7,11,15)).
                x0 += x4; x12 ^= x0; x12 = (x12 << 16) | (x12 >> 16);
                x8 += x12; x4 ^= x8; x4 = (x4 << 12) | (x4 >> 20);
                x0 += x4; x12 ^= x0; x12 = (x12 << 8) | (x12 >> 24);
                x8 += x12; x4 ^= x8; x4 = (x4 << 7) | (x4 >> 25);
                x1 += x5; x13 ^= x1; x13 = (x13 << 16) | (x13 >> 16);
                x9 += x13; x5 ^= x9; x5 = (x5 << 12) | (x5 >> 20);
                x1 += x5; x13 ^= x1; x13 = (x13 << 8) | (x13 >> 24);
                x9 += x13; x5 ^= x9; x5 = (x5 << 7) | (x5 >> 25);
                x2 += x6; x14 ^= x2; x14 = (x14 << 16) | (x14 >> 16);
                x10 += x14; x6 ^= x10; x6 = (x6 << 12) | (x6 >> 20);
                x2 += x6; x14 ^= x2; x14 = (x14 << 8) | (x14 >> 24);
                x10 += x14; x6 ^= x10; x6 = (x6 << 7) | (x6 >> 25);
                x3 += x7; x15 ^= x3; x15 = (x15 << 16) | (x15 >> 16);
                x11 += x15; x7 ^= x11; x7 = (x7 << 12) | (x7 >> 20);
                x3 += x7; x15 ^= x3; x15 = (x15 << 8) | (x15 >> 24);
                x11 += x15; x7 ^= x11; x7 = (x7 << 7) | (x7 >> 25);

                // Diagonal rounds (QUARTERROUND(0,5,10,15) ... (3,4,9,14)).
                x0 += x5; x15 ^= x0; x15 = (x15 << 16) | (x15 >> 16);
                x10 += x15; x5 ^= x10; x5 = (x5 << 12) | (x5 >> 20);
                x0 += x5; x15 ^= x0; x15 = (x15 << 8) | (x15 >> 24);
                x10 += x15; x5 ^= x10; x5 = (x5 << 7) | (x5 >> 25);
                x1 += x6; x12 ^= x1; x12 = (x12 << 16) | (x12 >> 16);
                x11 += x12; x6 ^= x11; x6 = (x6 << 12) | (x6 >> 20);
                x1 += x6; x12 ^= x1; x12 = (x12 << 8) | (x12 >> 24);
                x11 += x12; x6 ^= x11; x6 = (x6 << 7) | (x6 >> 25);
                x2 += x7; x13 ^= x2; x13 = (x13 << 16) | (x13 >> 16);
                x8 += x13; x7 ^= x8; x7 = (x7 << 12) | (x7 >> 20);
                x2 += x7; x13 ^= x2; x13 = (x13 << 8) | (x13 >> 24);
                x8 += x13; x7 ^= x8; x7 = (x7 << 7) | (x7 >> 25);
                x3 += x4; x14 ^= x3; x14 = (x14 << 16) | (x14 >> 16);
                x9 += x14; x4 ^= x9; x4 = (x4 << 12) | (x4 >> 20);
                x3 += x4; x14 ^= x3; x14 = (x14 << 8) | (x14 >> 24);
                x9 += x14; x4 ^= x9; x4 = (x4 << 7) | (x4 >> 25);

            }

            uint v;
            v = x0 + 0x61707865u;
            output[o] = (byte)(input[i] ^ v);
            output[o + 1] = (byte)(input[i + 1] ^ (v >> 8));
            output[o + 2] = (byte)(input[i + 2] ^ (v >> 16));
            output[o + 3] = (byte)(input[i + 3] ^ (v >> 24));
            v = x1 + 0x3320646Eu;
            output[o + 4] = (byte)(input[i + 4] ^ v);
            output[o + 5] = (byte)(input[i + 5] ^ (v >> 8));
            output[o + 6] = (byte)(input[i + 6] ^ (v >> 16));
            output[o + 7] = (byte)(input[i + 7] ^ (v >> 24));
            v = x2 + 0x79622D32u;
            output[o + 8] = (byte)(input[i + 8] ^ v);
            output[o + 9] = (byte)(input[i + 9] ^ (v >> 8));
            output[o + 10] = (byte)(input[i + 10] ^ (v >> 16));
            output[o + 11] = (byte)(input[i + 11] ^ (v >> 24));
            v = x3 + 0x6B206574u;
            output[o + 12] = (byte)(input[i + 12] ^ v);
            output[o + 13] = (byte)(input[i + 13] ^ (v >> 8));
            output[o + 14] = (byte)(input[i + 14] ^ (v >> 16));
            output[o + 15] = (byte)(input[i + 15] ^ (v >> 24));
            v = x4 + key[0];
            output[o + 16] = (byte)(input[i + 16] ^ v);
            output[o + 17] = (byte)(input[i + 17] ^ (v >> 8));
            output[o + 18] = (byte)(input[i + 18] ^ (v >> 16));
            output[o + 19] = (byte)(input[i + 19] ^ (v >> 24));
            v = x5 + key[1];
            output[o + 20] = (byte)(input[i + 20] ^ v);
            output[o + 21] = (byte)(input[i + 21] ^ (v >> 8));
            output[o + 22] = (byte)(input[i + 22] ^ (v >> 16));
            output[o + 23] = (byte)(input[i + 23] ^ (v >> 24));
            v = x6 + key[2];
            output[o + 24] = (byte)(input[i + 24] ^ v);
            output[o + 25] = (byte)(input[i + 25] ^ (v >> 8));
            output[o + 26] = (byte)(input[i + 26] ^ (v >> 16));
            output[o + 27] = (byte)(input[i + 27] ^ (v >> 24));
            v = x7 + key[3];
            output[o + 28] = (byte)(input[i + 28] ^ v);
            output[o + 29] = (byte)(input[i + 29] ^ (v >> 8));
            output[o + 30] = (byte)(input[i + 30] ^ (v >> 16));
            output[o + 31] = (byte)(input[i + 31] ^ (v >> 24));
            v = x8 + key[4];
            output[o + 32] = (byte)(input[i + 32] ^ v);
            output[o + 33] = (byte)(input[i + 33] ^ (v >> 8));
            output[o + 34] = (byte)(input[i + 34] ^ (v >> 16));
            output[o + 35] = (byte)(input[i + 35] ^ (v >> 24));
            v = x9 + key[5];
            output[o + 36] = (byte)(input[i + 36] ^ v);
            output[o + 37] = (byte)(input[i + 37] ^ (v >> 8));
            output[o + 38] = (byte)(input[i + 38] ^ (v >> 16));
            output[o + 39] = (byte)(input[i + 39] ^ (v >> 24));
            v = x10 + key[6];
            output[o + 40] = (byte)(input[i + 40] ^ v);
            output[o + 41] = (byte)(input[i + 41] ^ (v >> 8));
            output[o + 42] = (byte)(input[i + 42] ^ (v >> 16));
            output[o + 43] = (byte)(input[i + 43] ^ (v >> 24));
            v = x11 + key[7];
            output[o + 44] = (byte)(input[i + 44] ^ v);
            output[o + 45] = (byte)(input[i + 45] ^ (v >> 8));
            output[o + 46] = (byte)(input[i + 46] ^ (v >> 16));
            output[o + 47] = (byte)(input[i + 47] ^ (v >> 24));
            v = x12 + counter;
            output[o + 48] = (byte)(input[i + 48] ^ v);
            output[o + 49] = (byte)(input[i + 49] ^ (v >> 8));
            output[o + 50] = (byte)(input[i + 50] ^ (v >> 16));
            output[o + 51] = (byte)(input[i + 51] ^ (v >> 24));
            v = x13 + n0;
            output[o + 52] = (byte)(input[i + 52] ^ v);
            output[o + 53] = (byte)(input[i + 53] ^ (v >> 8));
            output[o + 54] = (byte)(input[i + 54] ^ (v >> 16));
            output[o + 55] = (byte)(input[i + 55] ^ (v >> 24));
            v = x14 + n1;
            output[o + 56] = (byte)(input[i + 56] ^ v);
            output[o + 57] = (byte)(input[i + 57] ^ (v >> 8));
            output[o + 58] = (byte)(input[i + 58] ^ (v >> 16));
            output[o + 59] = (byte)(input[i + 59] ^ (v >> 24));
            v = x15 + n2;
            output[o + 60] = (byte)(input[i + 60] ^ v);
            output[o + 61] = (byte)(input[i + 61] ^ (v >> 8));
            output[o + 62] = (byte)(input[i + 62] ^ (v >> 16));
            output[o + 63] = (byte)(input[i + 63] ^ (v >> 24));
        }

        private void CheckKeyed()
        {
            if (!_keyed)
            {
                throw new System.InvalidOperationException("ChaCha20 key not set");
            }
        }

        private static uint ReadUInt32(byte[] b, int o)
        {
            return b[o] | ((uint)b[o + 1] << 8) | ((uint)b[o + 2] << 16) | ((uint)b[o + 3] << 24);
        }

        // RFC 8439 §2.3: the block function; leaves the 16 output words (state + working state) in _x.
        private void Core(uint counter, byte[] nonce, int nonceOffset)
        {
            uint[] key = _key;
            // §2.3: constants "expand 32-byte k", key, counter, nonce.
            uint j0 = 0x61707865u, j1 = 0x3320646Eu, j2 = 0x79622D32u, j3 = 0x6B206574u;
            uint j4 = key[0], j5 = key[1], j6 = key[2], j7 = key[3];
            uint j8 = key[4], j9 = key[5], j10 = key[6], j11 = key[7];
            uint j12 = counter;
            uint j13 = ReadUInt32(nonce, nonceOffset);
            uint j14 = ReadUInt32(nonce, nonceOffset + 4);
            uint j15 = ReadUInt32(nonce, nonceOffset + 8);

            uint x0 = j0, x1 = j1, x2 = j2, x3 = j3, x4 = j4, x5 = j5, x6 = j6, x7 = j7;
            uint x8 = j8, x9 = j9, x10 = j10, x11 = j11, x12 = j12, x13 = j13, x14 = j14, x15 = j15;

            // §2.3: 20 rounds, alternating column and diagonal rounds. Each line is half of a
            // quarter round (§2.1): a += b; d ^= a; d <<<= 16 (then 12, 8, 7 on the other pairs).
            for (int round = 0; round < 10; round++)
            {
                // Column rounds (RFC 8439 §2.3: QUARTERROUND(0,4,8,12) ... (3,7,11,15)).
                x0 += x4; x12 ^= x0; x12 = (x12 << 16) | (x12 >> 16);
                x8 += x12; x4 ^= x8; x4 = (x4 << 12) | (x4 >> 20);
                x0 += x4; x12 ^= x0; x12 = (x12 << 8) | (x12 >> 24);
                x8 += x12; x4 ^= x8; x4 = (x4 << 7) | (x4 >> 25);
                x1 += x5; x13 ^= x1; x13 = (x13 << 16) | (x13 >> 16);
                x9 += x13; x5 ^= x9; x5 = (x5 << 12) | (x5 >> 20);
                x1 += x5; x13 ^= x1; x13 = (x13 << 8) | (x13 >> 24);
                x9 += x13; x5 ^= x9; x5 = (x5 << 7) | (x5 >> 25);
                x2 += x6; x14 ^= x2; x14 = (x14 << 16) | (x14 >> 16);
                x10 += x14; x6 ^= x10; x6 = (x6 << 12) | (x6 >> 20);
                x2 += x6; x14 ^= x2; x14 = (x14 << 8) | (x14 >> 24);
                x10 += x14; x6 ^= x10; x6 = (x6 << 7) | (x6 >> 25);
                x3 += x7; x15 ^= x3; x15 = (x15 << 16) | (x15 >> 16);
                x11 += x15; x7 ^= x11; x7 = (x7 << 12) | (x7 >> 20);
                x3 += x7; x15 ^= x3; x15 = (x15 << 8) | (x15 >> 24);
                x11 += x15; x7 ^= x11; x7 = (x7 << 7) | (x7 >> 25);

                // Diagonal rounds (QUARTERROUND(0,5,10,15) ... (3,4,9,14)).
                x0 += x5; x15 ^= x0; x15 = (x15 << 16) | (x15 >> 16);
                x10 += x15; x5 ^= x10; x5 = (x5 << 12) | (x5 >> 20);
                x0 += x5; x15 ^= x0; x15 = (x15 << 8) | (x15 >> 24);
                x10 += x15; x5 ^= x10; x5 = (x5 << 7) | (x5 >> 25);
                x1 += x6; x12 ^= x1; x12 = (x12 << 16) | (x12 >> 16);
                x11 += x12; x6 ^= x11; x6 = (x6 << 12) | (x6 >> 20);
                x1 += x6; x12 ^= x1; x12 = (x12 << 8) | (x12 >> 24);
                x11 += x12; x6 ^= x11; x6 = (x6 << 7) | (x6 >> 25);
                x2 += x7; x13 ^= x2; x13 = (x13 << 16) | (x13 >> 16);
                x8 += x13; x7 ^= x8; x7 = (x7 << 12) | (x7 >> 20);
                x2 += x7; x13 ^= x2; x13 = (x13 << 8) | (x13 >> 24);
                x8 += x13; x7 ^= x8; x7 = (x7 << 7) | (x7 >> 25);
                x3 += x4; x14 ^= x3; x14 = (x14 << 16) | (x14 >> 16);
                x9 += x14; x4 ^= x9; x4 = (x4 << 12) | (x4 >> 20);
                x3 += x4; x14 ^= x3; x14 = (x14 << 8) | (x14 >> 24);
                x9 += x14; x4 ^= x9; x4 = (x4 << 7) | (x4 >> 25);

            }

            // §2.3: add the original state to the result.
            uint[] x = _x;
            x[0] = x0 + j0;
            x[1] = x1 + j1;
            x[2] = x2 + j2;
            x[3] = x3 + j3;
            x[4] = x4 + j4;
            x[5] = x5 + j5;
            x[6] = x6 + j6;
            x[7] = x7 + j7;
            x[8] = x8 + j8;
            x[9] = x9 + j9;
            x[10] = x10 + j10;
            x[11] = x11 + j11;
            x[12] = x12 + j12;
            x[13] = x13 + j13;
            x[14] = x14 + j14;
            x[15] = x15 + j15;
        }
    }
}
