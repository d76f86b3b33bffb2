namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// Constant-time helpers (DESIGN.md principle 16). Every function here runs the same
    /// instructions whatever its inputs: no branch and no memory index depends on a value.
    /// Masks are all-ones (0xFFFFFFFF) for true and zero for false.
    /// </summary>
    public static class Ct
    {
        /// <summary>All-ones when <paramref name="x"/> is zero, else zero.</summary>
        public static uint IsZero(uint x)
        {
            // (x | -x) has its top bit set exactly when x != 0.
            return ((x | (0u - x)) >> 31) - 1u;
        }

        /// <summary>All-ones when <paramref name="a"/> equals <paramref name="b"/>, else zero.</summary>
        public static uint Equal(uint a, uint b)
        {
            return IsZero(a ^ b);
        }

        /// <summary>All-ones when <paramref name="a"/> &lt; <paramref name="b"/> (unsigned), else zero.</summary>
        public static uint LessThan(uint a, uint b)
        {
            // The borrow of a − b, computed without a branch (Hacker's Delight 2-12).
            uint borrow = ((~a & b) | ((~(a ^ b)) & (a - b))) >> 31;
            return 0u - borrow;
        }

        /// <summary>All-ones when <paramref name="a"/> &gt;= <paramref name="b"/> (unsigned), else zero.</summary>
        public static uint GreaterOrEqual(uint a, uint b)
        {
            return ~LessThan(a, b);
        }

        /// <summary><paramref name="a"/> where <paramref name="mask"/> is all-ones, <paramref name="b"/> where it is zero.</summary>
        public static uint Select(uint mask, uint a, uint b)
        {
            return b ^ (mask & (a ^ b));
        }

        /// <summary>All-ones when the bit is 1, zero when 0; only the low bit of <paramref name="bit"/> counts.</summary>
        public static uint MaskFromBit(uint bit)
        {
            return 0u - (bit & 1u);
        }

        /// <summary>
        /// Compares <paramref name="length"/> bytes; all-ones when equal. Accumulates the
        /// difference over every byte, never returning early (for tag checks).
        /// </summary>
        public static uint BytesEqual(byte[] a, int aOffset, byte[] b, int bOffset, int length)
        {
            uint diff = 0;
            for (int i = 0; i < length; i++)
            {
                diff |= (uint)(a[aOffset + i] ^ b[bOffset + i]);
            }
            return IsZero(diff);
        }

        /// <summary>
        /// Copies <paramref name="length"/> bytes from <paramref name="source"/> into
        /// <paramref name="destination"/> when <paramref name="mask"/> is all-ones, leaves the
        /// destination as it was when zero; the same memory accesses either way.
        /// </summary>
        public static void ConditionalCopy(uint mask, byte[] source, int sourceOffset, byte[] destination, int destinationOffset, int length)
        {
            byte m = (byte)mask;
            for (int i = 0; i < length; i++)
            {
                byte d = destination[destinationOffset + i];
                destination[destinationOffset + i] = (byte)(d ^ (m & (d ^ source[sourceOffset + i])));
            }
        }

        /// <summary>Swaps two uint arrays' first <paramref name="length"/> words when the mask is all-ones.</summary>
        public static void ConditionalSwap(uint mask, uint[] a, uint[] b, int length)
        {
            for (int i = 0; i < length; i++)
            {
                uint t = mask & (a[i] ^ b[i]);
                a[i] ^= t;
                b[i] ^= t;
            }
        }

        /// <summary>Overwrites secrets with zeros (key schedules, shared secrets) when done.</summary>
        public static void Wipe(byte[] buffer)
        {
            if (buffer != null)
            {
                System.Array.Clear(buffer, 0, buffer.Length);
            }
        }

        /// <summary>Overwrites secrets with zeros.</summary>
        public static void Wipe(uint[] buffer)
        {
            if (buffer != null)
            {
                System.Array.Clear(buffer, 0, buffer.Length);
            }
        }
    }
}
