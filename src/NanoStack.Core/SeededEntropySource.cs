using System;

namespace NanoStack
{
    /// <summary>
    /// A deterministic generator for tests and simulations: the same seed gives the same bytes on
    /// every platform. It is xoshiro128** (Blackman and Vigna) seeded through SplitMix32 so that
    /// nearby seeds give unrelated streams. NOT cryptographically secure: never use it for TLS
    /// keys or for initial sequence numbers on a real network.
    /// </summary>
    public sealed class SeededEntropySource : IEntropySource
    {
        private uint _s0;
        private uint _s1;
        private uint _s2;
        private uint _s3;

        public SeededEntropySource(uint seed)
        {
            uint x = seed;
            _s0 = SplitMix(ref x);
            _s1 = SplitMix(ref x);
            _s2 = SplitMix(ref x);
            _s3 = SplitMix(ref x);
        }

        private static uint SplitMix(ref uint x)
        {
            unchecked
            {
                x += 0x9E3779B9u;
                uint z = x;
                z = (z ^ (z >> 16)) * 0x85EBCA6Bu;
                z = (z ^ (z >> 13)) * 0xC2B2AE35u;
                return z ^ (z >> 16);
            }
        }

        private static uint Rotl(uint x, int k)
        {
            return (x << k) | (x >> (32 - k));
        }

        /// <summary>The next 32 random bits.</summary>
        public uint NextUInt32()
        {
            unchecked
            {
                uint result = Rotl(_s1 * 5, 7) * 9;
                uint t = _s1 << 9;
                _s2 ^= _s0;
                _s3 ^= _s1;
                _s1 ^= _s2;
                _s0 ^= _s3;
                _s2 ^= t;
                _s3 = Rotl(_s3, 11);
                return result;
            }
        }

        /// <summary>A value in <c>[0, bound)</c> (bound &gt; 0), without modulo bias.</summary>
        public int NextInt(int bound)
        {
            if (bound <= 0)
            {
                throw new ArgumentOutOfRangeException("bound");
            }
            uint b = (uint)bound;
            uint limit = uint.MaxValue - (uint.MaxValue % b);
            uint r;
            do
            {
                r = NextUInt32();
            }
            while (r >= limit);
            return (int)(r % b);
        }

        public void GetBytes(byte[] buffer, int offset, int count)
        {
            Args.CheckRange(buffer, offset, count);
            int i = 0;
            while (i < count)
            {
                uint r = NextUInt32();
                for (int k = 0; k < 4 && i < count; k++)
                {
                    buffer[offset + i] = (byte)r;
                    r >>= 8;
                    i++;
                }
            }
        }
    }
}
