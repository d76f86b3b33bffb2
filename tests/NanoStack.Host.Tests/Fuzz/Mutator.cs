using System;

namespace NanoStack.Host.Tests.Fuzz
{
    /// <summary>
    /// A small deterministic mutator shared by the seeded fuzz targets: xorshift32 state, and a
    /// stack of one to four edits per input chosen from bit flips, interesting bytes, length-field
    /// nudges, truncation, extension, chunk duplication and removal, and splicing two seeds. It
    /// writes into a caller-owned buffer and allocates nothing, so a target's allocation budget
    /// measures the code under test only.
    /// </summary>
    public sealed class Mutator
    {
        private static readonly byte[] Interesting = { 0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE, 0x40, 0x20 };

        private uint _state;

        public Mutator(uint seed)
        {
            _state = seed == 0 ? 0x9E3779B9u : seed;
        }

        /// <summary>How many edits of each kind were applied (index = <see cref="Kind"/>).</summary>
        public readonly long[] Applied = new long[KindCount];

        public const int KindCount = 10;

        /// <summary>Names of the edit kinds, for the report.</summary>
        public static readonly string[] KindNames =
        {
            "bitflip", "interesting", "length8", "length16", "truncate", "extend", "duplicate", "remove", "splice", "random",
        };

        public uint Next()
        {
            uint x = _state;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _state = x;
            return x;
        }

        /// <summary>A value in [0, n); n must be positive.</summary>
        public int Below(int n)
        {
            return (int)(Next() % (uint)n);
        }

        /// <summary>
        /// Copies <paramref name="seed"/> into <paramref name="dst"/> and applies one to four edits
        /// (<paramref name="other"/> is the splice partner). Returns the new length, at most
        /// <c>dst.Length</c>.
        /// </summary>
        public int Mutate(byte[] seed, int seedLength, byte[] other, int otherLength, byte[] dst)
        {
            int n = Math.Min(seedLength, dst.Length);
            Array.Copy(seed, dst, n);
            int edits = 1 + Below(4);
            for (int e = 0; e < edits; e++)
            {
                n = Edit(dst, n, other, otherLength);
            }
            return n;
        }

        private int Edit(byte[] d, int n, byte[] other, int otherLength)
        {
            int cap = d.Length;
            int kind = Below(KindCount);
            Applied[kind]++;
            if (n == 0 && kind != 5 && kind != 8)
            {
                kind = 5;
            }
            switch (kind)
            {
                case 0:
                    d[Below(n)] ^= (byte)(1 << Below(8));
                    return n;
                case 1:
                    d[Below(n)] = Interesting[Below(Interesting.Length)];
                    return n;
                case 2:
                {
                    int at = Below(n);
                    d[at] = (byte)Nudge(d[at], 0xFF);
                    return n;
                }
                case 3:
                {
                    if (n < 2)
                    {
                        return n;
                    }
                    int at = Below(n - 1);
                    int v = Nudge((d[at] << 8) | d[at + 1], 0xFFFF);
                    d[at] = (byte)(v >> 8);
                    d[at + 1] = (byte)v;
                    return n;
                }
                case 4:
                    return Below(n + 1);
                case 5:
                {
                    int add = 1 + Below(Math.Min(64, Math.Max(1, cap - n)));
                    if (n + add > cap)
                    {
                        return n;
                    }
                    bool same = (Next() & 1) == 0;
                    byte fill = (byte)Next();
                    for (int i = 0; i < add; i++)
                    {
                        d[n + i] = same ? fill : (byte)Next();
                    }
                    return n + add;
                }
                case 6:
                {
                    int from = Below(n);
                    int len = 1 + Below(Math.Min(n - from, 128));
                    if (n + len > cap)
                    {
                        return n;
                    }
                    int to = Below(n + 1);
                    // Open a gap at 'to', then copy the chunk (from its shifted place if it moved).
                    Array.Copy(d, to, d, to + len, n - to);
                    int src = from >= to ? from + len : from;
                    if (from < to && from + len > to)
                    {
                        // The chunk straddled the gap: its tail moved by len.
                        int head = to - from;
                        Array.Copy(d, from, d, to, head);
                        Array.Copy(d, to + len, d, to + head, len - head);
                    }
                    else
                    {
                        Array.Copy(d, src, d, to, len);
                    }
                    return n + len;
                }
                case 7:
                {
                    int from = Below(n);
                    int len = 1 + Below(Math.Min(n - from, 128));
                    Array.Copy(d, from + len, d, from, n - from - len);
                    return n - len;
                }
                case 8:
                {
                    if (other == null || otherLength == 0)
                    {
                        return n;
                    }
                    int cut = Below(n + 1);
                    int start = Below(otherLength);
                    int len = Math.Min(otherLength - start, cap - cut);
                    Array.Copy(other, start, d, cut, len);
                    return cut + len;
                }
                default:
                    d[Below(n)] = (byte)Next();
                    return n;
            }
        }

        private int Nudge(int v, int max)
        {
            switch (Below(6))
            {
                case 0: return (v + 1) & max;
                case 1: return (v - 1) & max;
                case 2: return (v * 2) & max;
                case 3: return 0;
                case 4: return max;
                default: return (v + 1 + Below(16)) & max;
            }
        }
    }
}
