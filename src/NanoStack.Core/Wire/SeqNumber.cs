namespace NanoStack.Wire
{
    /// <summary>
    /// 32-bit TCP sequence-number arithmetic (RFC 9293 §3.4): comparisons are modulo 2^32, so
    /// "a before b" means the signed 32-bit difference a − b is negative. Two numbers exactly
    /// 2^31 apart are ambiguous; as in every stack that follows the RFC, the signed difference
    /// decides (a − b = int.MinValue counts as "a before b"). Windows are far smaller than 2^31,
    /// so a correct stack never compares such numbers.
    /// </summary>
    public static class SeqNumber
    {
        /// <summary>The signed distance from <paramref name="b"/> to <paramref name="a"/>.</summary>
        public static int Diff(uint a, uint b)
        {
            return unchecked((int)(a - b));
        }

        public static bool LessThan(uint a, uint b)
        {
            return Diff(a, b) < 0;
        }

        public static bool LessOrEqual(uint a, uint b)
        {
            return Diff(a, b) <= 0;
        }

        public static bool GreaterThan(uint a, uint b)
        {
            return Diff(a, b) > 0;
        }

        public static bool GreaterOrEqual(uint a, uint b)
        {
            return Diff(a, b) >= 0;
        }

        /// <summary>
        /// RFC 9293 §3.4: <c>low =&lt; value &lt; low + size</c>, modulo 2^32. A zero-sized window
        /// contains nothing.
        /// </summary>
        public static bool InWindow(uint value, uint low, uint size)
        {
            return unchecked(value - low) < size;
        }

        /// <summary>The later of two sequence numbers.</summary>
        public static uint Max(uint a, uint b)
        {
            return LessThan(a, b) ? b : a;
        }

        /// <summary>The earlier of two sequence numbers.</summary>
        public static uint Min(uint a, uint b)
        {
            return LessThan(a, b) ? a : b;
        }

        public static uint Add(uint a, int delta)
        {
            return unchecked(a + (uint)delta);
        }
    }
}
