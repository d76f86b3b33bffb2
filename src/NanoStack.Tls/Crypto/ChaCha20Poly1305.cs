namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// The ChaCha20-Poly1305 AEAD of RFC 8439 §2.8 (TLS 1.2 suites of RFC 7905). The caller
    /// forms the 12-byte per-record nonce (RFC 7905 §2: IV XOR padded sequence number).
    /// Open computes and checks the tag in constant time before it writes any plaintext.
    /// </summary>
    /// <remarks>
    /// Implementation notes:
    /// - State allocated once: a <see cref="ChaCha20"/> (key words), a <see cref="Poly1305"/>
    ///   (limbs) and one 64-byte scratch block for the one-time key, the length block and the
    ///   computed tag. Seal and Open allocate nothing.
    /// - §2.6: the Poly1305 key is the first 32 bytes of the ChaCha20 block with counter 0; the
    ///   payload uses counters from 1. The scratch block is wiped after each use.
    /// - §2.8: mac_data = AAD | pad16 | ciphertext | pad16 | le64(len AAD) | le64(len ciphertext).
    /// - The tag comparison accumulates over all 16 bytes (<see cref="Ct.BytesEqual"/>); only
    ///   the final verdict, which is public, chooses whether to decrypt.
    /// </remarks>
    public sealed class ChaCha20Poly1305 : IAead
    {
        private readonly ChaCha20 _cipher = new ChaCha20();
        private readonly Poly1305 _mac = new Poly1305();
        private readonly byte[] _scratch = new byte[64];

        public int KeySize
        {
            get { return ChaCha20.KeySize; }
        }

        public int NonceSize
        {
            get { return ChaCha20.NonceSize; }
        }

        public int TagSize
        {
            get { return Poly1305.TagSize; }
        }

        public void SetKey(byte[] key, int offset, int length)
        {
            _cipher.SetKey(key, offset, length);
        }

        /// <summary>Forgets the key.</summary>
        public void Clear()
        {
            _cipher.Clear();
            _mac.Clear();
            System.Array.Clear(_scratch, 0, _scratch.Length);
        }

        public void Seal(byte[] nonce, int nonceOffset,
                         byte[] aad, int aadOffset, int aadLength,
                         byte[] input, int inputOffset, int length,
                         byte[] output, int outputOffset,
                         byte[] tag, int tagOffset)
        {
            CheckArguments(nonce, nonceOffset, aad, aadOffset, aadLength, input, inputOffset, length, output, outputOffset, tag, tagOffset);
            StartMac(nonce, nonceOffset);
            // §2.8 step 3: encrypt from counter 1, then authenticate the ciphertext.
            if (length > 0)
            {
                _cipher.Process(1, nonce, nonceOffset, input, inputOffset, length, output, outputOffset);
            }
            Authenticate(aad, aadOffset, aadLength, output, outputOffset, length);
            _mac.Finish(tag, tagOffset);
        }

        public bool Open(byte[] nonce, int nonceOffset,
                         byte[] aad, int aadOffset, int aadLength,
                         byte[] input, int inputOffset, int length,
                         byte[] tag, int tagOffset,
                         byte[] output, int outputOffset)
        {
            CheckArguments(nonce, nonceOffset, aad, aadOffset, aadLength, input, inputOffset, length, output, outputOffset, tag, tagOffset);
            StartMac(nonce, nonceOffset);
            Authenticate(aad, aadOffset, aadLength, input, inputOffset, length);
            _mac.Finish(_scratch, 0);
            uint valid = Ct.BytesEqual(_scratch, 0, tag, tagOffset, Poly1305.TagSize);
            System.Array.Clear(_scratch, 0, Poly1305.TagSize);
            if (valid == 0)
            {
                return false;
            }
            if (length > 0)
            {
                _cipher.Process(1, nonce, nonceOffset, input, inputOffset, length, output, outputOffset);
            }
            return true;
        }

        private static void CheckArguments(byte[] nonce, int nonceOffset,
                                           byte[] aad, int aadOffset, int aadLength,
                                           byte[] input, int inputOffset, int length,
                                           byte[] output, int outputOffset,
                                           byte[] tag, int tagOffset)
        {
            CryptoRange.Check(nonce, nonceOffset, ChaCha20.NonceSize, "nonce");
            CryptoRange.CheckOptional(aad, aadOffset, aadLength, "aad");
            CryptoRange.CheckOptional(input, inputOffset, length, "input");
            CryptoRange.CheckOptional(output, outputOffset, length, "output");
            CryptoRange.Check(tag, tagOffset, Poly1305.TagSize, "tag");
        }

        // §2.6: one-time Poly1305 key = first 32 bytes of ChaCha20(key, counter 0, nonce).
        private void StartMac(byte[] nonce, int nonceOffset)
        {
            _cipher.Block(0, nonce, nonceOffset, _scratch, 0);
            _mac.SetKey(_scratch, 0, Poly1305.KeySize);
            System.Array.Clear(_scratch, 0, _scratch.Length);
        }

        // §2.8: AAD, pad16, ciphertext, pad16, then both lengths as 64-bit little-endian numbers.
        private void Authenticate(byte[] aad, int aadOffset, int aadLength, byte[] ciphertext, int ciphertextOffset, int length)
        {
            if (aadLength > 0)
            {
                _mac.Update(aad, aadOffset, aadLength);
                _mac.PadToBlock();
            }
            if (length > 0)
            {
                _mac.Update(ciphertext, ciphertextOffset, length);
                _mac.PadToBlock();
            }
            byte[] s = _scratch;
            WriteUInt64(s, 0, (uint)aadLength);
            WriteUInt64(s, 8, (uint)length);
            _mac.Update(s, 0, 16);
            System.Array.Clear(s, 0, 16);
        }

        private static void WriteUInt64(byte[] b, int o, uint v)
        {
            b[o] = (byte)v;
            b[o + 1] = (byte)(v >> 8);
            b[o + 2] = (byte)(v >> 16);
            b[o + 3] = (byte)(v >> 24);
            b[o + 4] = 0;
            b[o + 5] = 0;
            b[o + 6] = 0;
            b[o + 7] = 0;
        }
    }
}
