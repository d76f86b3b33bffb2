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
    ///   written out), so no array is touched inside the rounds; the result goes to a 16-word
    ///   array and is XORed into the data a word at a time.
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
            uint[] x = _x;
            while (length > 0)
            {
                Core(counter, nonce, nonceOffset);
                counter++;
                if (length >= BlockSize)
                {
                    for (int i = 0; i < 16; i++)
                    {
                        uint v = x[i];
                        output[outputOffset] = (byte)(input[inputOffset] ^ v);
                        output[outputOffset + 1] = (byte)(input[inputOffset + 1] ^ (v >> 8));
                        output[outputOffset + 2] = (byte)(input[inputOffset + 2] ^ (v >> 16));
                        output[outputOffset + 3] = (byte)(input[inputOffset + 3] ^ (v >> 24));
                        inputOffset += 4;
                        outputOffset += 4;
                    }
                    length -= BlockSize;
                }
                else
                {
                    for (int i = 0; i < length; i++)
                    {
                        output[outputOffset + i] = (byte)(input[inputOffset + i] ^ (x[i >> 2] >> ((i & 3) << 3)));
                    }
                    length = 0;
                }
            }
            Ct.Wipe(x);
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
