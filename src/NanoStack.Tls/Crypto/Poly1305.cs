namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// The Poly1305 one-time authenticator of RFC 8439 §2.5: a 32-byte one-time key (r, s), any
    /// message, a 16-byte tag. Streaming (SetKey, Update*, Finish); allocates nothing after
    /// construction. A key must never authenticate two messages: ChaCha20-Poly1305 derives a
    /// fresh one per nonce (§2.6).
    /// </summary>
    /// <remarks>
    /// Implementation notes:
    /// - Radix 2^32: the accumulator is h = h0 + h1·2^32 + h2·2^64 + h3·2^96 + h4·2^128 (h0..h3
    ///   full 32-bit words, h4 a few bits), r = r0 + r1·2^32 + r2·2^64 + r3·2^96; 32x32->64
    ///   multiplies in ulong, 20 per block.
    /// - Reduction mod p = 2^130 − 5 uses 2^128 ≡ 5/4 (mod p). Clamping (§2.5) clears the low two
    ///   bits of r1, r2, r3, so a product h_i·r_j that lands at 2^128 or above folds back as
    ///   h_i·s_j with s_j = r_j + r_j/4 = 5·r_j/4, exactly. h4·r0 stays at 2^128 and is folded
    ///   after the carries: its bits from 2^130 up re-enter h0 multiplied by 5.
    /// - Worst case: clamping keeps r_j below 2^28, so s_j is below 2^28.33 and each product is
    ///   below 2^60.33; a column sums at most five, below 2^62.7, plus a 32-bit carry: no
    ///   overflow of ulong. After each block h4 is at most 4 (two bits and a carry), at most 6
    ///   once the next message block and its 2^128 pad bit are added, so h4·s_j stays tiny and
    ///   h &lt; 5·2^128 &lt; 2p.
    /// - The final reduction (h mod p, then + s mod 2^128) computes g = h + 5 and keeps it when
    ///   it reaches 2^130, choosing with a mask (Ct.Select): no branch or index depends on the
    ///   key or the data, only on the public message length.
    /// </remarks>
    public sealed class Poly1305
    {
        public const int KeySize = 32;
        public const int TagSize = 16;

        private uint _r0, _r1, _r2, _r3;
        private uint _s1, _s2, _s3;
        private uint _h0, _h1, _h2, _h3, _h4;
        private uint _pad0, _pad1, _pad2, _pad3;
        private readonly byte[] _buffer = new byte[16];
        private int _bufferLength;
        private bool _keyed;

        /// <summary>Sets the one-time key (r || s, 32 bytes) and starts a new message.</summary>
        public void SetKey(byte[] key, int offset, int length)
        {
            CryptoRange.Check(key, offset, length, "key");
            if (length != KeySize)
            {
                throw new System.ArgumentException("Poly1305 key must be 32 bytes", "length");
            }
            // RFC 8439 §2.5: r &= 0x0ffffffc0ffffffc0ffffffc0fffffff.
            _r0 = ReadUInt32(key, offset) & 0x0FFFFFFFu;
            _r1 = ReadUInt32(key, offset + 4) & 0x0FFFFFFCu;
            _r2 = ReadUInt32(key, offset + 8) & 0x0FFFFFFCu;
            _r3 = ReadUInt32(key, offset + 12) & 0x0FFFFFFCu;
            _s1 = _r1 + (_r1 >> 2);
            _s2 = _r2 + (_r2 >> 2);
            _s3 = _r3 + (_r3 >> 2);
            _pad0 = ReadUInt32(key, offset + 16);
            _pad1 = ReadUInt32(key, offset + 20);
            _pad2 = ReadUInt32(key, offset + 24);
            _pad3 = ReadUInt32(key, offset + 28);
            _h0 = _h1 = _h2 = _h3 = _h4 = 0;
            _bufferLength = 0;
            _keyed = true;
        }

        public void Update(byte[] data, int offset, int count)
        {
            CheckKeyed();
            CryptoRange.Check(data, offset, count, "data");
            if (_bufferLength > 0)
            {
                int take = 16 - _bufferLength;
                if (take > count)
                {
                    take = count;
                }
                System.Array.Copy(data, offset, _buffer, _bufferLength, take);
                _bufferLength += take;
                offset += take;
                count -= take;
                if (_bufferLength < 16)
                {
                    return;
                }
                Blocks(_buffer, 0, 16, 1);
                _bufferLength = 0;
            }
            int full = count & ~15;
            if (full > 0)
            {
                Blocks(data, offset, full, 1);
                offset += full;
                count -= full;
            }
            if (count > 0)
            {
                System.Array.Copy(data, offset, _buffer, 0, count);
                _bufferLength = count;
            }
        }

        /// <summary>
        /// Absorbs zero bytes up to the next 16-byte boundary of the message so far (the padding
        /// RFC 8439 §2.8 puts after the AAD and the ciphertext). Nothing when already aligned.
        /// </summary>
        public void PadToBlock()
        {
            CheckKeyed();
            if (_bufferLength > 0)
            {
                System.Array.Clear(_buffer, _bufferLength, 16 - _bufferLength);
                Blocks(_buffer, 0, 16, 1);
                _bufferLength = 0;
            }
        }

        /// <summary>Writes the 16-byte tag at <paramref name="offset"/> and forgets the key.</summary>
        public void Finish(byte[] tag, int offset)
        {
            CheckKeyed();
            CryptoRange.Check(tag, offset, TagSize, "tag");
            if (_bufferLength > 0)
            {
                // §2.5: a short last block gets a 0x01 byte after it and zeros, no 2^128 bit.
                _buffer[_bufferLength] = 1;
                System.Array.Clear(_buffer, _bufferLength + 1, 15 - _bufferLength);
                Blocks(_buffer, 0, 16, 0);
            }

            // g = h + 5; h >= p exactly when g reaches 2^130 (g4 >= 4), and then h mod p = g − 2^130,
            // whose low 128 bits are g's. h < 2p, so one subtraction is enough.
            ulong d = (ulong)_h0 + 5;
            uint g0 = (uint)d;
            d = (ulong)_h1 + (d >> 32);
            uint g1 = (uint)d;
            d = (ulong)_h2 + (d >> 32);
            uint g2 = (uint)d;
            d = (ulong)_h3 + (d >> 32);
            uint g3 = (uint)d;
            uint g4 = _h4 + (uint)(d >> 32);
            uint useG = 0u - (g4 >> 2);
            uint h0 = Ct.Select(useG, g0, _h0);
            uint h1 = Ct.Select(useG, g1, _h1);
            uint h2 = Ct.Select(useG, g2, _h2);
            uint h3 = Ct.Select(useG, g3, _h3);

            // §2.5: tag = (h + s) mod 2^128, little-endian.
            d = (ulong)h0 + _pad0;
            WriteUInt32(tag, offset, (uint)d);
            d = (ulong)h1 + _pad1 + (d >> 32);
            WriteUInt32(tag, offset + 4, (uint)d);
            d = (ulong)h2 + _pad2 + (d >> 32);
            WriteUInt32(tag, offset + 8, (uint)d);
            d = (ulong)h3 + _pad3 + (d >> 32);
            WriteUInt32(tag, offset + 12, (uint)d);

            Clear();
        }

        /// <summary>Forgets the key and the accumulator.</summary>
        public void Clear()
        {
            _r0 = _r1 = _r2 = _r3 = 0;
            _s1 = _s2 = _s3 = 0;
            _h0 = _h1 = _h2 = _h3 = _h4 = 0;
            _pad0 = _pad1 = _pad2 = _pad3 = 0;
            System.Array.Clear(_buffer, 0, 16);
            _bufferLength = 0;
            _keyed = false;
        }

        private void CheckKeyed()
        {
            if (!_keyed)
            {
                throw new System.InvalidOperationException("Poly1305 key not set");
            }
        }

        private static uint ReadUInt32(byte[] b, int o)
        {
            return b[o] | ((uint)b[o + 1] << 8) | ((uint)b[o + 2] << 16) | ((uint)b[o + 3] << 24);
        }

        private static void WriteUInt32(byte[] b, int o, uint v)
        {
            b[o] = (byte)v;
            b[o + 1] = (byte)(v >> 8);
            b[o + 2] = (byte)(v >> 16);
            b[o + 3] = (byte)(v >> 24);
        }

        // RFC 8439 §2.5: for each 16-byte block n, plus padBit·2^128:  h = ((h + n) * r) mod p
        // (partially reduced). 'length' is a multiple of 16.
        private void Blocks(byte[] m, int o, int length, uint padBit)
        {
            uint r0 = _r0, r1 = _r1, r2 = _r2, r3 = _r3;
            uint s1 = _s1, s2 = _s2, s3 = _s3;
            uint h0 = _h0, h1 = _h1, h2 = _h2, h3 = _h3, h4 = _h4;
            int end = o + length;
            while (o < end)
            {
                // h += n (little-endian words), with the carry chain into h4.
                ulong d0 = (ulong)h0 + ReadUInt32(m, o);
                ulong d1 = (ulong)h1 + ReadUInt32(m, o + 4) + (d0 >> 32);
                ulong d2 = (ulong)h2 + ReadUInt32(m, o + 8) + (d1 >> 32);
                ulong d3 = (ulong)h3 + ReadUInt32(m, o + 12) + (d2 >> 32);
                h0 = (uint)d0;
                h1 = (uint)d1;
                h2 = (uint)d2;
                h3 = (uint)d3;
                h4 += (uint)(d3 >> 32) + padBit;

                // h * r: column k collects h_i·r_j with i + j = k, and h_i·s_j (= h_i·r_j·5/4 at
                // 2^-128 of its place) with i + j = k + 4; h4·r0 is the 2^128 column.
                d0 = (ulong)h0 * r0 + (ulong)h1 * s3 + (ulong)h2 * s2 + (ulong)h3 * s1;
                d1 = (ulong)h0 * r1 + (ulong)h1 * r0 + (ulong)h2 * s3 + (ulong)h3 * s2 + (ulong)h4 * s1;
                d2 = (ulong)h0 * r2 + (ulong)h1 * r1 + (ulong)h2 * r0 + (ulong)h3 * s3 + (ulong)h4 * s2;
                d3 = (ulong)h0 * r3 + (ulong)h1 * r2 + (ulong)h2 * r1 + (ulong)h3 * r0 + (ulong)h4 * s3;
                ulong d4 = (ulong)h4 * r0;

                // Carries, then fold everything from 2^130 up back in times 5.
                d1 += d0 >> 32;
                d2 += d1 >> 32;
                d3 += d2 >> 32;
                d4 += d3 >> 32;
                ulong fold = (d4 >> 2) * 5;
                h4 = (uint)d4 & 3;
                d0 = (ulong)(uint)d0 + fold;
                h0 = (uint)d0;
                d1 = (ulong)(uint)d1 + (d0 >> 32);
                h1 = (uint)d1;
                d2 = (ulong)(uint)d2 + (d1 >> 32);
                h2 = (uint)d2;
                d3 = (ulong)(uint)d3 + (d2 >> 32);
                h3 = (uint)d3;
                h4 += (uint)(d3 >> 32);
                o += 16;
            }
            _h0 = h0;
            _h1 = h1;
            _h2 = h2;
            _h3 = h3;
            _h4 = h4;
        }
    }
}
