using NanoStack.Wire;

namespace NanoStack.Sockets
{
    /// <summary>
    /// Initial sequence numbers per RFC 6528 §3: ISN = M + F(localip, localport, remoteip,
    /// remoteport, secretkey), where M is a 4-microsecond timer and F is SipHash-2-4 (Aumasson and
    /// Bernstein) keyed with 128 bits drawn once from the injected entropy source. An off-path
    /// attacker cannot predict another connection's ISN, and a new incarnation of the same 4-tuple
    /// starts above the old one because M keeps advancing.
    /// </summary>
    public sealed class TcpIsnGenerator
    {
        private readonly ulong _k0;
        private readonly ulong _k1;

        public TcpIsnGenerator(IEntropySource entropy)
        {
            if (entropy == null)
            {
                throw new System.ArgumentNullException("entropy");
            }
            byte[] key = new byte[16];
            entropy.GetBytes(key, 0, 16);
            _k0 = ReadLittleEndian64(key, 0);
            _k1 = ReadLittleEndian64(key, 8);
        }

        /// <summary>The ISN for a connection, at time <paramref name="nowMs"/>.</summary>
        public uint Next(long nowMs, Ipv4Address local, ushort localPort, Ipv4Address remote, ushort remotePort)
        {
            // The 12-byte message local address ‖ remote address ‖ local port ‖ remote port, as
            // SipHash's little-endian words: one full word and the final word carrying the length.
            ulong m0 = local.Value | ((ulong)remote.Value << 32);
            ulong last = (12UL << 56) | localPort | ((ulong)remotePort << 16);
            ulong h = SipHash24(_k0, _k1, m0, last);
            // RFC 6528 §3: M is incremented every 4 microseconds = 250 per millisecond.
            uint m = (uint)((ulong)nowMs * 250UL);
            return m + (uint)(h ^ (h >> 32));
        }

        /// <summary>
        /// SipHash-2-4 of a message of 8 to 15 bytes: <paramref name="m0"/> is its first eight bytes
        /// as a little-endian word, <paramref name="last"/> the final block (the remaining bytes,
        /// little-endian, with the message length in the top byte).
        /// </summary>
        public static ulong SipHash24(ulong k0, ulong k1, ulong m0, ulong last)
        {
            ulong v0 = k0 ^ 0x736f6d6570736575UL;
            ulong v1 = k1 ^ 0x646f72616e646f6dUL;
            ulong v2 = k0 ^ 0x6c7967656e657261UL;
            ulong v3 = k1 ^ 0x7465646279746573UL;
            Compress(ref v0, ref v1, ref v2, ref v3, m0);
            Compress(ref v0, ref v1, ref v2, ref v3, last);
            v2 ^= 0xff;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            return v0 ^ v1 ^ v2 ^ v3;
        }

        private static ulong ReadLittleEndian64(byte[] b, int o)
        {
            ulong v = 0;
            for (int i = 7; i >= 0; i--)
            {
                v = (v << 8) | b[o + i];
            }
            return v;
        }

        private static void Compress(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3, ulong m)
        {
            v3 ^= m;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= m;
        }

        private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
        {
            v0 += v1; v1 = (v1 << 13) | (v1 >> 51); v1 ^= v0; v0 = (v0 << 32) | (v0 >> 32);
            v2 += v3; v3 = (v3 << 16) | (v3 >> 48); v3 ^= v2;
            v0 += v3; v3 = (v3 << 21) | (v3 >> 43); v3 ^= v0;
            v2 += v1; v1 = (v1 << 17) | (v1 >> 47); v1 ^= v2; v2 = (v2 << 32) | (v2 >> 32);
        }
    }
}
