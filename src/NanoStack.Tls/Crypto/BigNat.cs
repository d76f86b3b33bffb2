namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// Routines on fixed-size natural numbers held as little-endian <c>uint</c> limbs, with
    /// Montgomery multiplication for odd moduli (RSA public operations).
    /// </summary>
    /// <remarks>
    /// Implementation notes
    /// - Representation: a number of <c>len</c> limbs is <c>x[0] + x[1]·2^32 + … + x[len-1]·2^(32(len-1))</c>.
    ///   Arrays are allocated once by the caller for the largest size (4096 bits = 128 limbs;
    ///   <see cref="MaxLimbs"/>) and every routine takes the live length <c>len</c> explicitly, so a
    ///   2048-bit key uses the first 64 limbs of the same arrays. No routine allocates.
    /// - Montgomery form: R = 2^(32·len). <see cref="MontMul"/> computes a·b·R^-1 mod n with the
    ///   CIOS method (Koç, Acar, Kaliski, "Analyzing and Comparing Montgomery Multiplication
    ///   Algorithms", 1996), the multiplication and reduction loops fused: 32-bit limbs, ulong
    ///   products; (2^32−1)^2 + 2·(2^32−1) = 2^64 − 1 so a product plus two 32-bit addends never
    ///   overflows a ulong. The accumulator t needs len + 1 limbs (t &lt; 2n &lt; 2·2^(32·len)).
    /// - Constant time: the routines here (MontMul, the final subtraction, Compare, ModDouble) run
    ///   the same instructions whatever the limb values (selection by masks, no early exit); only
    ///   the public length <c>len</c> chooses loop bounds. RSA verification handles public data
    ///   only, so the exponentiation in <see cref="RsaVerifier"/> branches on the public exponent's
    ///   bits; a private-key version would replace that branch by a masked select.
    /// - Squaring: <see cref="MontSquare"/> computes each cross product once (len·(len−1)/2), then
    ///   reduces separately (REDC, len^2); it needs a 2·len-limb scratch.
    /// - Costs: one MontMul is 2·len^2 limb multiply-adds (8,192 for 2048 bits, 32,768 for 4096),
    ///   one MontSquare about 1.5·len^2 (6,144 and 24,576).
    /// </remarks>
    public static class BigNat
    {
        /// <summary>Limbs for the largest supported modulus: 4096 bits / 32 = 128.</summary>
        public const int MaxLimbs = 128;

        /// <summary>
        /// Reads a big-endian unsigned integer of <paramref name="count"/> bytes into
        /// <paramref name="len"/> limbs; the value must fit (count ≤ 4·len). Higher limbs are zeroed.
        /// </summary>
        public static void FromBigEndian(byte[] src, int offset, int count, uint[] dst, int len)
        {
            for (int i = 0; i < len; i++)
            {
                dst[i] = 0;
            }
            // Byte k from the right (k = 0 is least significant) goes to limb k/4, shift 8·(k%4).
            for (int k = 0; k < count; k++)
            {
                uint b = src[offset + count - 1 - k];
                dst[k >> 2] |= b << ((k & 3) << 3);
            }
        }

        /// <summary>
        /// Writes the low <paramref name="count"/> bytes of a <paramref name="len"/>-limb number
        /// big-endian. Returns zero when the number fits in <paramref name="count"/> bytes, nonzero
        /// (the OR of the bytes that did not fit) when it does not.
        /// </summary>
        public static uint ToBigEndian(uint[] src, int len, byte[] dst, int offset, int count)
        {
            for (int k = 0; k < count; k++)
            {
                int limb = k >> 2;
                uint v = limb < len ? src[limb] >> ((k & 3) << 3) : 0u;
                dst[offset + count - 1 - k] = (byte)v;
            }
            uint overflow = 0;
            for (int k = count; k < 4 * len; k++)
            {
                overflow |= (src[k >> 2] >> ((k & 3) << 3)) & 0xFFu;
            }
            return overflow;
        }

        /// <summary>All-ones when <paramref name="a"/> &lt; <paramref name="b"/> (both len limbs), else zero.</summary>
        public static uint LessThan(uint[] a, uint[] b, int len)
        {
            // The borrow out of a − b, computed over every limb.
            uint borrow = 0;
            for (int i = 0; i < len; i++)
            {
                ulong d = (ulong)a[i] - b[i] - borrow;
                borrow = (uint)(d >> 32) & 1u;
            }
            return 0u - borrow;
        }

        /// <summary>
        /// −n^-1 mod 2^32 for odd <paramref name="n0"/> (the low limb of the modulus), by Newton
        /// iteration: x ← x·(2 − n0·x) doubles the number of correct low bits.
        /// </summary>
        public static uint NegInverse32(uint n0)
        {
            // n0·n0 ≡ 1 mod 8 for every odd n0: 3 correct bits to start; 3 → 6 → 12 → 24 → 48 ≥ 32.
            uint x = n0;
            x *= 2u - n0 * x;
            x *= 2u - n0 * x;
            x *= 2u - n0 * x;
            x *= 2u - n0 * x;
            return 0u - x;
        }

        /// <summary>
        /// r = a·b·R^-1 mod n with R = 2^(32·len), for a, b &lt; n and n odd. <paramref name="t"/>
        /// is scratch of at least len + 1 limbs. <paramref name="r"/> may be the same array as
        /// <paramref name="a"/> or <paramref name="b"/> (it is written only at the end); never
        /// <paramref name="t"/> or <paramref name="n"/>.
        /// </summary>
        public static void MontMul(uint[] r, uint[] a, uint[] b, uint[] n, uint n0inv, int len, uint[] t)
        {
            for (int i = 0; i <= len; i++)
            {
                t[i] = 0;
            }

            // CIOS, fused: for each limb b[i], t ← (t + a·b[i] + m·n) / 2^32 with m chosen so the
            // low limb of the sum is zero (m = (t0 + a0·b[i])·(−n^-1) mod 2^32).
            for (int i = 0; i < len; i++)
            {
                ulong bi = b[i];
                ulong p = a[0] * bi + t[0];
                ulong c1 = p >> 32;
                uint lo = (uint)p;
                ulong m = lo * n0inv;
                ulong q = m * n[0] + lo;          // low 32 bits are zero by the choice of m
                ulong c2 = q >> 32;
                for (int j = 1; j < len; j++)
                {
                    p = a[j] * bi + t[j] + c1;
                    c1 = p >> 32;
                    q = m * n[j] + (uint)p + c2;
                    c2 = q >> 32;
                    t[j - 1] = (uint)q;
                }
                p = t[len] + c1 + c2;
                t[len - 1] = (uint)p;
                t[len] = (uint)(p >> 32);
            }

            // Now t < 2n: subtract n once when t ≥ n, chosen by a mask (same work either way).
            uint borrow = 0;
            for (int i = 0; i < len; i++)
            {
                ulong d = (ulong)t[i] - n[i] - borrow;
                r[i] = (uint)d;
                borrow = (uint)(d >> 32) & 1u;
            }
            // Keep the difference unless t < n, i.e. unless (no carry limb and a borrow).
            uint keepT = Ct.IsZero(t[len]) & (0u - borrow);
            for (int i = 0; i < len; i++)
            {
                r[i] = Ct.Select(keepT, t[i], r[i]);
            }
        }

        /// <summary>
        /// r = a^2·R^-1 mod n, for a &lt; n and n odd: the full square (each cross product once,
        /// doubled, plus the diagonal), then Montgomery reduction (REDC). 1.5·len^2 limb
        /// multiply-adds instead of MontMul's 2·len^2. <paramref name="t"/> is scratch of at least
        /// 2·len limbs; <paramref name="r"/> may be <paramref name="a"/>.
        /// </summary>
        public static void MontSquare(uint[] r, uint[] a, uint[] n, uint n0inv, int len, uint[] t)
        {
            int len2 = 2 * len;
            for (int i = 0; i < len2; i++)
            {
                t[i] = 0;
            }

            // Cross products a[i]·a[j], i < j. Row i ends at limb i + len, still zero when reached.
            for (int i = 0; i < len - 1; i++)
            {
                ulong ai = a[i];
                ulong c = 0;
                for (int j = i + 1; j < len; j++)
                {
                    ulong p = ai * a[j] + t[i + j] + c;
                    t[i + j] = (uint)p;
                    c = p >> 32;
                }
                t[i + len] = (uint)c;
            }

            // Double them (their sum is below 2^(64·len−1), so no bit leaves the top) and add
            // the squares a[i]^2 at limb 2i.
            uint top = 0;
            for (int i = 0; i < len2; i++)
            {
                uint v = t[i];
                t[i] = (v << 1) | top;
                top = v >> 31;
            }
            ulong carry = 0;
            for (int i = 0; i < len; i++)
            {
                ulong ai = a[i];
                ulong p = ai * ai + t[2 * i] + carry;
                t[2 * i] = (uint)p;
                p = (p >> 32) + t[2 * i + 1];
                t[2 * i + 1] = (uint)p;
                carry = p >> 32;
            }

            // REDC: for each low limb add m·n·2^(32i) with m making limb i zero; the value ends in
            // t[len .. 2len) plus one carry bit, and is below 2n since a^2 < n·R.
            ulong hi = 0;
            for (int i = 0; i < len; i++)
            {
                ulong m = t[i] * n0inv;
                ulong c = 0;
                for (int j = 0; j < len; j++)
                {
                    ulong p = m * n[j] + t[i + j] + c;
                    t[i + j] = (uint)p;
                    c = p >> 32;
                }
                ulong q = t[i + len] + c + hi;
                t[i + len] = (uint)q;
                hi = q >> 32;
            }

            // Subtract n once when the result is ≥ n, chosen by a mask.
            uint borrow = 0;
            for (int i = 0; i < len; i++)
            {
                ulong d = (ulong)t[len + i] - n[i] - borrow;
                r[i] = (uint)d;
                borrow = (uint)(d >> 32) & 1u;
            }
            uint keepT = Ct.IsZero((uint)hi) & (0u - borrow);
            for (int i = 0; i < len; i++)
            {
                r[i] = Ct.Select(keepT, t[len + i], r[i]);
            }
        }

        /// <summary>x ← 2x mod n, for x &lt; n (len limbs).</summary>
        public static void ModDouble(uint[] x, uint[] n, int len)
        {
            uint carry = 0;
            for (int i = 0; i < len; i++)
            {
                uint v = x[i];
                x[i] = (v << 1) | carry;
                carry = v >> 31;
            }
            // 2x < 2n: subtract n when the shifted value (carry:x) ≥ n.
            uint borrow = 0;
            for (int i = 0; i < len; i++)
            {
                ulong d = (ulong)x[i] - n[i] - borrow;
                borrow = (uint)(d >> 32) & 1u;
            }
            uint subtract = ~(Ct.IsZero(carry) & (0u - borrow));
            borrow = 0;
            for (int i = 0; i < len; i++)
            {
                ulong d = (ulong)x[i] - (n[i] & subtract) - borrow;
                x[i] = (uint)d;
                borrow = (uint)(d >> 32) & 1u;
            }
        }

        /// <summary>Number of significant bits of a len-limb number (0 for zero).</summary>
        public static int BitLength(uint[] x, int len)
        {
            for (int i = len - 1; i >= 0; i--)
            {
                uint v = x[i];
                if (v != 0)
                {
                    int bits = 0;
                    while (v != 0)
                    {
                        bits++;
                        v >>= 1;
                    }
                    return 32 * i + bits;
                }
            }
            return 0;
        }

        /// <summary>
        /// r2 = R^2 mod n (R = 2^(32·len)) for an odd n of <paramref name="bits"/> significant bits,
        /// without division: start from 2^(bits−1) &lt; n, double up to R mod n (the Montgomery form
        /// of 1), keep doubling to 2^c·R mod n (the form of 2^c) where 32·len = c·2^j, then
        /// Montgomery-square j times: the form of 2^(c·2^j) = 2^(32·len) = R, which is R^2 mod n.
        /// c is 32·len halved while it is even and above 64: a doubling costs about 2·len limb
        /// steps, a squaring 2·len^2, so for 2048 bits 64 doublings + 5 squarings replace
        /// 1 doubling + 11 squarings. <paramref name="t"/> is MontSquare scratch (2·len limbs).
        /// </summary>
        public static void MontgomeryR2(uint[] r2, uint[] n, int bits, uint n0inv, int len, uint[] t)
        {
            for (int i = 0; i < len; i++)
            {
                r2[i] = 0;
            }
            r2[(bits - 1) >> 5] = 1u << ((bits - 1) & 31);

            int total = 32 * len;
            int c = total;
            int squarings = 0;
            while ((c & 1) == 0 && c > 64)
            {
                c >>= 1;
                squarings++;
            }
            // 2^(bits−1) → 2^total mod n = R mod n → 2^c·R mod n.
            int doublings = total - (bits - 1) + c;
            for (int i = 0; i < doublings; i++)
            {
                ModDouble(r2, n, len);
            }
            for (int i = 0; i < squarings; i++)
            {
                MontSquare(r2, r2, n, n0inv, len, t);
            }
        }
    }
}
