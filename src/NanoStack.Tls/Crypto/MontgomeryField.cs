namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// Arithmetic modulo an odd modulus m of up to a few hundred bits, in Montgomery form, over
    /// fixed-length little-endian <c>uint</c> limbs. One instance serves one modulus: the NIST
    /// primes p-256 and p-384 and the group orders n of those curves (ECDSA scalar arithmetic).
    /// </summary>
    /// <remarks>
    /// Implementation notes
    /// - Representation: an element is a <c>uint[Limbs]</c>, least significant limb first, always
    ///   fully reduced (0 &lt;= a &lt; m). Montgomery form of a is a·R mod m with R = 2^(32·Limbs).
    ///   P-256: 8 limbs (32 bytes), P-384: 12 limbs (48 bytes).
    /// - Multiplication is word-serial Montgomery multiplication in the FIOS arrangement (Koç,
    ///   Acar, Kaliski 1996, "Analyzing and comparing Montgomery multiplication algorithms"):
    ///   for each word b[i], one inner loop adds a·b[i] and q·m, q = (t + a·b[i])[0]·(−m^−1)
    ///   mod 2^32, with two carry chains, and shifts down one word. The accumulator t has
    ///   Limbs + 1 words and stays below 2m; one masked subtraction ends below m. Each step
    ///   computes t[j] + a[j]·b[i] + carry &lt;= (2^32−1) + (2^32−1)^2 + (2^32−1) = 2^64 − 1, so
    ///   a <c>ulong</c> never overflows. Cost: 2·Limbs² 32x32->64 multiplications.
    /// - Constant time: Mul, Sqr, Add, Sub, Neg, Invert (the exponent m−2 is public, the base is
    ///   not), the masks and the conditional copies run the same instructions and touch the same
    ///   memory whatever the values: carries are propagated as data and every final correction is a
    ///   mask (<see cref="Ct"/>), never a branch. ECDH relies on this.
    ///   Variable time (public data only, documented at each member): <see cref="InvertVartime"/>,
    ///   <see cref="CompareVartime"/>, <see cref="IsZeroVartime"/>.
    /// - Allocation: every temporary lives in this instance (allocated by the constructor), so an
    ///   instance is not safe for concurrent use; the operations allocate nothing. The state is
    ///   the modulus, R mod m, R² mod m, a Limbs + 1 accumulator and four Limbs scratch
    ///   elements; the prime field and the group order of one <see cref="EcCurve"/> share the
    ///   accumulator and scratch (internal constructor), which also makes the pair unsafe for
    ///   concurrent use.
    /// - Aliasing: results may alias any operand.
    /// </remarks>
    public sealed class MontgomeryField
    {
        private readonly int _n;
        private readonly uint[] _m;
        private readonly uint _m0Inv;    // −m^−1 mod 2^32
        private readonly uint[] _r2;     // R^2 mod m (plain form), turns x into x·R
        private readonly uint[] _oneMont; // R mod m
        private readonly uint[] _t;      // Limbs + 1 accumulator (Add uses Limbs + 1 too)
        // Limbs scratch: InvertVartime uses all four; Invert uses _eu (accumulator) and _ev
        // (base); FromMontgomery uses _eu (the constant 1). None of them runs nested in another.
        private readonly uint[] _eu, _ev, _ex1, _ex2;

        /// <summary>Creates the arithmetic for an odd modulus given as little-endian limbs (top limb non-zero).</summary>
        public MontgomeryField(uint[] modulus)
            : this(Checked(modulus), true, null)
        {
        }

        /// <summary>
        /// The arithmetic for a trusted, never-modified modulus (a curve constant), kept by
        /// reference instead of copied. With <paramref name="shareScratchWith"/> (same limb count)
        /// the accumulator and scratch are that instance's: allowed because no operation of one
        /// field runs inside an operation of the other, and neither is used concurrently (the
        /// prime field and the group order of one curve).
        /// </summary>
        internal MontgomeryField(uint[] modulus, MontgomeryField shareScratchWith)
            : this(Checked(modulus), false, shareScratchWith)
        {
        }

        private MontgomeryField(uint[] modulus, bool copyModulus, MontgomeryField shareScratchWith)
        {
            _n = modulus.Length;
            if (copyModulus)
            {
                _m = new uint[_n];
                System.Array.Copy(modulus, _m, _n);
            }
            else
            {
                _m = modulus;
            }
            if (shareScratchWith != null && shareScratchWith._n == _n)
            {
                _t = shareScratchWith._t;
                _eu = shareScratchWith._eu;
                _ev = shareScratchWith._ev;
                _ex1 = shareScratchWith._ex1;
                _ex2 = shareScratchWith._ex2;
            }
            else
            {
                _t = new uint[_n + 1];
                _eu = new uint[_n];
                _ev = new uint[_n];
                _ex1 = new uint[_n];
                _ex2 = new uint[_n];
            }

            // −m^−1 mod 2^32 by Newton iteration: x ← x·(2 − m0·x) doubles the correct low bits;
            // x = m0 is correct to 3 bits since m0·m0 ≡ 1 (mod 8) for odd m0.
            uint m0 = _m[0];
            uint x = m0;
            for (int i = 0; i < 5; i++)
            {
                x *= 2u - m0 * x;
            }
            _m0Inv = 0u - x;

            // R mod m: reduce 2^(32n) by shifting 1 left 32n times with modular doubling.
            // R^2 mod m: 32n more doublings of R mod m would give 2^(64n) mod m. The running
            // value lives in a scratch element (no temporary array).
            _oneMont = new uint[_n];
            _r2 = new uint[_n];
            uint[] acc = _eu;
            System.Array.Clear(acc, 0, _n);
            acc[0] = 1;
            for (int i = 0; i < 32 * _n; i++)
            {
                Add(acc, acc, acc);
            }
            System.Array.Copy(acc, _oneMont, _n);
            for (int i = 0; i < 32 * _n; i++)
            {
                Add(acc, acc, acc);
            }
            System.Array.Copy(acc, _r2, _n);
        }

        private static uint[] Checked(uint[] modulus)
        {
            if (modulus == null)
            {
                throw new System.ArgumentNullException("modulus");
            }
            if (modulus.Length < 2 || (modulus[0] & 1u) == 0 || modulus[modulus.Length - 1] == 0)
            {
                throw new System.ArgumentException("modulus must be odd, at least 64 bits, top limb non-zero");
            }
            return modulus;
        }

        /// <summary>Number of 32-bit limbs of an element.</summary>
        public int Limbs
        {
            get { return _n; }
        }

        /// <summary>Bytes of the big-endian encoding of an element (4 · Limbs).</summary>
        public int ByteLength
        {
            get { return 4 * _n; }
        }

        /// <summary>Allocates a zero element (constructors only; operations never allocate).</summary>
        public uint[] NewElement()
        {
            return new uint[_n];
        }

        /// <summary>Copies the modulus' limbs into <paramref name="r"/>.</summary>
        public void CopyModulus(uint[] r)
        {
            System.Array.Copy(_m, r, _n);
        }

        /// <summary>r = a·b·R^−1 mod m (Montgomery product; constant time).</summary>
        public void Mul(uint[] a, uint[] b, uint[] r)
        {
            int n = _n;
            uint[] t = _t;
            uint[] m = _m;
            uint m0Inv = _m0Inv;
            System.Array.Clear(t, 0, n + 1);
            for (int i = 0; i < n; i++)
            {
                // One row: t = (t + a·b[i] + q·m) / 2^32, q = (t + a·b[i])[0] · (−m^−1) so the low
                // word vanishes. Two carry chains (product, reduction) run in the same loop.
                ulong bi = b[i];
                ulong s = t[0] + a[0] * bi;
                ulong q = (uint)s * m0Inv;
                ulong u = (uint)s + q * m[0];
                ulong c1 = s >> 32;
                ulong c2 = u >> 32;
                for (int j = 1; j < n; j++)
                {
                    s = t[j] + a[j] * bi + c1;
                    c1 = s >> 32;
                    u = (uint)s + q * m[j] + c2;
                    c2 = u >> 32;
                    t[j - 1] = (uint)u;
                }
                // t < 2m before the row, so the top fits in one word plus one bit.
                ulong top = t[n] + c1 + c2;
                t[n - 1] = (uint)top;
                t[n] = (uint)(top >> 32);
            }
            FinalSubtract(t, t[n], r);
        }

        /// <summary>r = a²·R^−1 mod m (constant time).</summary>
        public void Sqr(uint[] a, uint[] r)
        {
            Mul(a, a, r);
        }

        // r = t − m if (hi:t) >= m else t, for (hi:t) < 2m; masked, no branch. Two passes over
        // t (the first only finds the borrow), so no scratch element is needed; r may alias t.
        private void FinalSubtract(uint[] t, uint hi, uint[] r)
        {
            int n = _n;
            uint[] m = _m;
            long borrow = 0;
            for (int j = 0; j < n; j++)
            {
                borrow += (long)t[j] - m[j];
                borrow >>= 32; // arithmetic shift: 0 or −1
            }
            // Keep t when the subtraction borrowed and there was no carry word.
            uint borrowBit = (uint)borrow & 1u;
            uint keepT = borrowBit & ~hi & 1u;
            uint mask = keepT - 1u; // all-ones: subtract m
            borrow = 0;
            for (int j = 0; j < n; j++)
            {
                borrow += (long)t[j] - (m[j] & mask);
                r[j] = (uint)borrow;
                borrow >>= 32;
            }
        }

        /// <summary>r = a + b mod m (constant time; works in either form).</summary>
        public void Add(uint[] a, uint[] b, uint[] r)
        {
            int n = _n;
            uint[] t = _t;
            ulong c = 0;
            for (int j = 0; j < n; j++)
            {
                c += (ulong)a[j] + b[j];
                t[j] = (uint)c;
                c >>= 32;
            }
            FinalSubtract(t, (uint)c, r);
        }

        /// <summary>r = a − b mod m (constant time; works in either form).</summary>
        public void Sub(uint[] a, uint[] b, uint[] r)
        {
            int n = _n;
            long borrow = 0;
            for (int j = 0; j < n; j++)
            {
                borrow += (long)a[j] - b[j];
                r[j] = (uint)borrow;
                borrow >>= 32;
            }
            // Add m back when it borrowed.
            uint mask = 0u - ((uint)borrow & 1u);
            ulong c = 0;
            for (int j = 0; j < n; j++)
            {
                c += (ulong)r[j] + (_m[j] & mask);
                r[j] = (uint)c;
                c >>= 32;
            }
        }

        /// <summary>r = −a mod m (constant time).</summary>
        public void Neg(uint[] a, uint[] r)
        {
            int n = _n;
            long borrow = 0;
            for (int j = 0; j < n; j++)
            {
                borrow -= a[j];
                r[j] = (uint)borrow;
                borrow >>= 32;
            }
            // 0 − a borrowed unless a = 0: add m back then.
            uint mask = 0u - ((uint)borrow & 1u);
            ulong c = 0;
            for (int j = 0; j < n; j++)
            {
                c += (ulong)r[j] + (_m[j] & mask);
                r[j] = (uint)c;
                c >>= 32;
            }
        }

        /// <summary>r = a·R mod m: plain to Montgomery form (a &lt; m).</summary>
        public void ToMontgomery(uint[] a, uint[] r)
        {
            Mul(a, _r2, r);
        }

        /// <summary>r = a·R^−1 mod m: Montgomery to plain form.</summary>
        public void FromMontgomery(uint[] a, uint[] r)
        {
            uint[] one = _eu;
            System.Array.Clear(one, 0, _n);
            one[0] = 1;
            Mul(a, one, r);
        }

        /// <summary>r = 1 in Montgomery form (R mod m).</summary>
        public void SetOne(uint[] r)
        {
            System.Array.Copy(_oneMont, r, _n);
        }

        /// <summary>r = 0.</summary>
        public void SetZero(uint[] r)
        {
            System.Array.Clear(r, 0, _n);
        }

        /// <summary>r = a.</summary>
        public void Copy(uint[] a, uint[] r)
        {
            System.Array.Copy(a, r, _n);
        }

        /// <summary>r = a where the mask is all-ones, unchanged where zero (constant time).</summary>
        public void ConditionalCopy(uint mask, uint[] a, uint[] r)
        {
            for (int j = 0; j < _n; j++)
            {
                r[j] ^= mask & (r[j] ^ a[j]);
            }
        }

        /// <summary>
        /// r = a^−1 in Montgomery form (a in Montgomery form), by Fermat: a^(m−2), m prime.
        /// Constant time in a: the square-and-multiply schedule follows the public exponent only.
        /// a = 0 gives 0.
        /// </summary>
        public void Invert(uint[] a, uint[] r)
        {
            int n = _n;
            uint[] acc = _eu;
            uint[] bas = _ev;
            System.Array.Copy(a, bas, n);
            System.Array.Copy(_oneMont, acc, n);
            for (int i = 32 * n - 1; i >= 0; i--)
            {
                // Fermat: a^(m−2) = a^−1 for prime m. Bit i of the public exponent m − 2.
                uint e = ExponentBit(i);
                Mul(acc, acc, acc);
                if (e != 0)
                {
                    Mul(acc, bas, acc);
                }
            }
            System.Array.Copy(acc, r, n);
        }

        /// <summary>
        /// r = a^−1 mod m for a PLAIN (not Montgomery) 0 &lt; a &lt; m, m prime, by the binary
        /// extended Euclidean algorithm (Menezes et al., Handbook of Applied Cryptography,
        /// Algorithm 14.61, specialised to odd m). Variable time: public values only (ECDSA's
        /// s^−1 mod n). a = 0 gives 0.
        /// </summary>
        public void InvertVartime(uint[] a, uint[] r)
        {
            int n = _n;
            uint[] u = _eu, v = _ev, x1 = _ex1, x2 = _ex2;
            System.Array.Copy(a, u, n);
            System.Array.Copy(_m, v, n);
            System.Array.Clear(x1, 0, n);
            System.Array.Clear(x2, 0, n);
            x1[0] = 1;
            if (IsZeroVartime(u))
            {
                System.Array.Clear(r, 0, n);
                return;
            }
            // Invariants: x1·a ≡ u and x2·a ≡ v (mod m); gcd(u, v) = 1 throughout.
            while (!IsOneVartime(u) && !IsOneVartime(v))
            {
                while ((u[0] & 1u) == 0)
                {
                    ShiftRight(u, 0);
                    HalveVartime(x1);
                }
                while ((v[0] & 1u) == 0)
                {
                    ShiftRight(v, 0);
                    HalveVartime(x2);
                }
                if (CompareVartime(u, v) >= 0)
                {
                    SubtractPlain(u, v);
                    Sub(x1, x2, x1);
                }
                else
                {
                    SubtractPlain(v, u);
                    Sub(x2, x1, x2);
                }
            }
            System.Array.Copy(IsOneVartime(u) ? x1 : x2, r, n);
        }

        // x = x / 2 mod m (x < m): x odd adds m first (one carry bit), then shifts.
        private void HalveVartime(uint[] x)
        {
            uint carry = 0;
            if ((x[0] & 1u) != 0)
            {
                ulong c = 0;
                for (int j = 0; j < _n; j++)
                {
                    c += (ulong)x[j] + _m[j];
                    x[j] = (uint)c;
                    c >>= 32;
                }
                carry = (uint)c;
            }
            ShiftRight(x, carry);
        }

        // x = (topBit : x) >> 1.
        private void ShiftRight(uint[] x, uint topBit)
        {
            int last = _n - 1;
            for (int j = 0; j < last; j++)
            {
                x[j] = (x[j] >> 1) | (x[j + 1] << 31);
            }
            x[last] = (x[last] >> 1) | (topBit << 31);
        }

        // a = a − b for a >= b (no modulus).
        private void SubtractPlain(uint[] a, uint[] b)
        {
            long borrow = 0;
            for (int j = 0; j < _n; j++)
            {
                borrow += (long)a[j] - b[j];
                a[j] = (uint)borrow;
                borrow >>= 32;
            }
        }

        private bool IsOneVartime(uint[] a)
        {
            if (a[0] != 1)
            {
                return false;
            }
            for (int j = 1; j < _n; j++)
            {
                if (a[j] != 0)
                {
                    return false;
                }
            }
            return true;
        }

        // Bit i of m − 2 (public).
        private uint ExponentBit(int i)
        {
            // m − 2 computed limb by limb with borrow up to limb i / 32.
            int limb = i >> 5;
            long borrow = -2;
            uint word = 0;
            for (int j = 0; j <= limb; j++)
            {
                borrow += _m[j];
                word = (uint)borrow;
                borrow >>= 32;
            }
            return (word >> (i & 31)) & 1u;
        }

        /// <summary>All-ones when a is zero (constant time).</summary>
        public uint IsZero(uint[] a)
        {
            uint acc = 0;
            for (int j = 0; j < _n; j++)
            {
                acc |= a[j];
            }
            return Ct.IsZero(acc);
        }

        /// <summary>All-ones when a equals b (constant time).</summary>
        public uint Equal(uint[] a, uint[] b)
        {
            uint acc = 0;
            for (int j = 0; j < _n; j++)
            {
                acc |= a[j] ^ b[j];
            }
            return Ct.IsZero(acc);
        }

        /// <summary>All-ones when a &lt; m, for any Limbs-long value a (constant time).</summary>
        public uint LessThanModulus(uint[] a)
        {
            long borrow = 0;
            for (int j = 0; j < _n; j++)
            {
                borrow += (long)a[j] - _m[j];
                borrow >>= 32;
            }
            return 0u - ((uint)borrow & 1u);
        }

        /// <summary>a = a − m when a &gt;= m (constant time); for a &lt; 2m this fully reduces a.</summary>
        public void ReduceOnce(uint[] a)
        {
            FinalSubtract(a, 0, a);
        }

        /// <summary>−1, 0, 1 as a &lt;, =, &gt; b. Variable time: public values only (ECDSA).</summary>
        public int CompareVartime(uint[] a, uint[] b)
        {
            for (int j = _n - 1; j >= 0; j--)
            {
                if (a[j] != b[j])
                {
                    return a[j] < b[j] ? -1 : 1;
                }
            }
            return 0;
        }

        /// <summary>True when a is zero. Variable time: public values only.</summary>
        public bool IsZeroVartime(uint[] a)
        {
            for (int j = 0; j < _n; j++)
            {
                if (a[j] != 0)
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>
        /// Reads exactly <see cref="ByteLength"/> big-endian bytes into r (no reduction) and returns
        /// all-ones when the value is below m (constant time in the bytes).
        /// </summary>
        public uint Decode(byte[] source, int offset, uint[] r)
        {
            int n = _n;
            for (int j = 0; j < n; j++)
            {
                int p = offset + 4 * (n - 1 - j);
                r[j] = ((uint)source[p] << 24) | ((uint)source[p + 1] << 16) | ((uint)source[p + 2] << 8) | source[p + 3];
            }
            return LessThanModulus(r);
        }

        /// <summary>Writes a as <see cref="ByteLength"/> big-endian bytes.</summary>
        public void Encode(uint[] a, byte[] destination, int offset)
        {
            int n = _n;
            for (int j = 0; j < n; j++)
            {
                int p = offset + 4 * (n - 1 - j);
                uint w = a[j];
                destination[p] = (byte)(w >> 24);
                destination[p + 1] = (byte)(w >> 16);
                destination[p + 2] = (byte)(w >> 8);
                destination[p + 3] = (byte)w;
            }
        }
    }
}
