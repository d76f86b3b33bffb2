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
    /// - The accumulator h and the clamped r are held in five 26-bit limbs (radix 2^26, 130 bits)
    ///   in uint fields; products are 32x32->64 multiplies in ulong.
    /// - Worst case per block: after a partial carry every limb of h is below 2^26 + 2^6 (limb 4
    ///   also gets the 2^24 pad bit), r limbs are below 2^26 and s_i = 5 r_i below 2^28.4, so each
    ///   of the five products in a column is below 2^54.5 and their sum below 2^57 — no overflow.
    /// - Reduction mod p = 2^130 − 5 uses 2^130 ≡ 5: the carry out of limb 4 re-enters limb 0
    ///   multiplied by 5, and r_i·2^130 terms are precomputed as s_i = 5·r_i.
    /// - The final reduction (h mod p, then + s mod 2^128) computes g = h + 5 − 2^130 and picks h
    ///   or g with a mask from g's sign bit (Ct style): no branch or index depends on the key or
    ///   the data, only on the public message length.
    /// </remarks>
    public sealed class Poly1305
    {
        public const int KeySize = 32;
        public const int TagSize = 16;

        private const uint Mask26 = 0x3FFFFFFu;

        private uint _r0, _r1, _r2, _r3, _r4;
        private uint _s1, _s2, _s3, _s4;
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
            uint t0 = ReadUInt32(key, offset);
            uint t1 = ReadUInt32(key, offset + 4);
            uint t2 = ReadUInt32(key, offset + 8);
            uint t3 = ReadUInt32(key, offset + 12);
            // RFC 8439 §2.5: r &= 0x0ffffffc0ffffffc0ffffffc0fffffff, folded into the limb masks.
            _r0 = t0 & 0x3FFFFFFu;
            _r1 = ((t0 >> 26) | (t1 << 6)) & 0x3FFFF03u;
            _r2 = ((t1 >> 20) | (t2 << 12)) & 0x3FFC0FFu;
            _r3 = ((t2 >> 14) | (t3 << 18)) & 0x3F03FFFu;
            _r4 = (t3 >> 8) & 0x00FFFFFu;
            _s1 = _r1 * 5;
            _s2 = _r2 * 5;
            _s3 = _r3 * 5;
            _s4 = _r4 * 5;
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
                Blocks(_buffer, 0, 16, 1u << 24);
                _bufferLength = 0;
            }
            int full = count & ~15;
            if (full > 0)
            {
                Blocks(data, offset, full, 1u << 24);
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
                Blocks(_buffer, 0, 16, 1u << 24);
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

            uint h0 = _h0, h1 = _h1, h2 = _h2, h3 = _h3, h4 = _h4;
            // Full carry: every limb below 2^26, h below 2^130 + small.
            uint c;
            c = h1 >> 26; h1 &= Mask26; h2 += c;
            c = h2 >> 26; h2 &= Mask26; h3 += c;
            c = h3 >> 26; h3 &= Mask26; h4 += c;
            c = h4 >> 26; h4 &= Mask26; h0 += c * 5;
            c = h0 >> 26; h0 &= Mask26; h1 += c;

            // g = h + 5 − 2^130; if g does not borrow, h >= p and the result is g (h mod p).
            uint g0 = h0 + 5; c = g0 >> 26; g0 &= Mask26;
            uint g1 = h1 + c; c = g1 >> 26; g1 &= Mask26;
            uint g2 = h2 + c; c = g2 >> 26; g2 &= Mask26;
            uint g3 = h3 + c; c = g3 >> 26; g3 &= Mask26;
            uint g4 = h4 + c - (1u << 26);
            uint useG = (g4 >> 31) - 1u; // all-ones when g4 did not go negative
            h0 = Ct.Select(useG, g0, h0);
            h1 = Ct.Select(useG, g1, h1);
            h2 = Ct.Select(useG, g2, h2);
            h3 = Ct.Select(useG, g3, h3);
            h4 = Ct.Select(useG, g4, h4);

            // §2.5: tag = (h + s) mod 2^128, little-endian. Limbs are added (not ORed) into 32-bit
            // words, so a limb equal to 2^26 after the last carry still lands correctly; bits of
            // 2^128 and above drop out.
            ulong f = (ulong)h0 + ((ulong)h1 << 26) + _pad0;
            WriteUInt32(tag, offset, (uint)f);
            f = (f >> 32) + ((ulong)h2 << 20) + _pad1;
            WriteUInt32(tag, offset + 4, (uint)f);
            f = (f >> 32) + ((ulong)h3 << 14) + _pad2;
            WriteUInt32(tag, offset + 8, (uint)f);
            f = (f >> 32) + ((ulong)h4 << 8) + _pad3;
            WriteUInt32(tag, offset + 12, (uint)f);

            Clear();
        }

        /// <summary>Forgets the key and the accumulator.</summary>
        public void Clear()
        {
            _r0 = _r1 = _r2 = _r3 = _r4 = 0;
            _s1 = _s2 = _s3 = _s4 = 0;
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

        // RFC 8439 §2.5: for each 16-byte block n (with the extra bit hibit·2^104 in limb 4 = 2^128):
        // h = ((h + n) * r) mod p. 'length' is a multiple of 16.
        private void Blocks(byte[] m, int o, int length, uint hibit)
        {
            uint r0 = _r0, r1 = _r1, r2 = _r2, r3 = _r3, r4 = _r4;
            uint s1 = _s1, s2 = _s2, s3 = _s3, s4 = _s4;
            uint h0 = _h0, h1 = _h1, h2 = _h2, h3 = _h3, h4 = _h4;
            int end = o + length;
            while (o < end)
            {
                uint t0 = ReadUInt32(m, o);
                uint t1 = ReadUInt32(m, o + 4);
                uint t2 = ReadUInt32(m, o + 8);
                uint t3 = ReadUInt32(m, o + 12);
                h0 += t0 & Mask26;
                h1 += ((t0 >> 26) | (t1 << 6)) & Mask26;
                h2 += ((t1 >> 20) | (t2 << 12)) & Mask26;
                h3 += ((t2 >> 14) | (t3 << 18)) & Mask26;
                h4 += (t3 >> 8) | hibit;

                // Schoolbook product with the 2^130 ≡ 5 fold: column k collects h_i·r_j for
                // i + j = k, and h_i·5·r_j for i + j = k + 5.
                ulong d0 = (ulong)h0 * r0 + (ulong)h1 * s4 + (ulong)h2 * s3 + (ulong)h3 * s2 + (ulong)h4 * s1;
                ulong d1 = (ulong)h0 * r1 + (ulong)h1 * r0 + (ulong)h2 * s4 + (ulong)h3 * s3 + (ulong)h4 * s2;
                ulong d2 = (ulong)h0 * r2 + (ulong)h1 * r1 + (ulong)h2 * r0 + (ulong)h3 * s4 + (ulong)h4 * s3;
                ulong d3 = (ulong)h0 * r3 + (ulong)h1 * r2 + (ulong)h2 * r1 + (ulong)h3 * r0 + (ulong)h4 * s4;
                ulong d4 = (ulong)h0 * r4 + (ulong)h1 * r3 + (ulong)h2 * r2 + (ulong)h3 * r1 + (ulong)h4 * r0;

                // Partial carry: limbs back below 2^26 (limb 1 may exceed it by a little).
                uint c;
                c = (uint)(d0 >> 26); h0 = (uint)d0 & Mask26;
                d1 += c; c = (uint)(d1 >> 26); h1 = (uint)d1 & Mask26;
                d2 += c; c = (uint)(d2 >> 26); h2 = (uint)d2 & Mask26;
                d3 += c; c = (uint)(d3 >> 26); h3 = (uint)d3 & Mask26;
                d4 += c; c = (uint)(d4 >> 26); h4 = (uint)d4 & Mask26;
                h0 += c * 5; c = h0 >> 26; h0 &= Mask26;
                h1 += c;
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
