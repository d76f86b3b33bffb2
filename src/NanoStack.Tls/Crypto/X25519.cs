// Implementation notes
//
// Scheme. X25519 Diffie-Hellman on the Montgomery curve v^2 = u^3 + 486662 u^2 + u over
// GF(p), p = 2^255 - 19 (RFC 7748 §4.1, §5). Only u-coordinates are used: a Montgomery ladder
// over the 255 scalar bits (RFC 7748 §5), then one inversion by Fermat's little theorem.
//
// Field representation. An element is ten uint limbs in radix 2^25.5: limb i holds the bits
// starting at position ceil(25.5 * i) = 0, 26, 51, 77, 102, 128, 153, 179, 204, 230, so even
// limbs are 26 bits wide and odd limbs 25 bits. The value is sum(limb[i] * 2^ceil(25.5 i)) and
// is only reduced to the canonical range [0, p) when encoded (Encode).
//   - Product term limb[i] * limb[j] lands at 2^ceil(25.5 (i + j)), times 2 when i and j are
//     both odd (25.5 i + 0.5 + 25.5 j + 0.5 = 25.5 (i + j) + 1), and anything at or above 2^255
//     folds back times 19 because 2^255 = 19 (mod p).
//   - Bounds, by kind of element (every limb of):
//       tight      < 2^26          Mul/Square/Mul121665 output (each limb at most its width plus
//                                  a carry below 2^18), and the decoded input;
//       loose      < 2^27          Add of two tight elements (no carry);
//       sub-loose  < 3 * 2^26      Sub of two tight elements, computed as f + 2p - g (no carry).
//     Sub cannot underflow: g is tight and every limb of 2p (0x7FFFFDA, then 0x3FFFFFE and
//     0x7FFFFFE alternately) is at least 2^26 - 2 > 2^25 + 2^18 >= any tight odd limb and
//     2^27 - 38 > any tight even limb. In the ladder every Add/Sub operand is a Mul/Square
//     output or the decoded input, so this holds by construction.
//   - Mul/Square take inputs up to sub-loose, M = 3 * 2^26. Worst column: coefficients
//     1 + 5*38 + 4*19 = 267 (Mul) or 1 + 76 + 38 + 76 + 38 + 38 = 267 (Square) times M^2,
//     267 * 9 * 2^52 < 2^63.3 < 2^64, so the ten 64-bit column sums never overflow (in the
//     ladder only squares see two sub-loose operands; products have one, < 2^62.7).
//     The factor 19 multiplies each column's wrapped partial sum once (same bound); the
//     precomputed multiples 2 * f and 4 * f stay below 2^29.6. Mul/Square widen the limbs to
//     ulong once when loading them: IL has only a 64x64 multiply (a "32x32->64" product is
//     conv.u8 on both operands anyway), and all factors are below 2^32. The carry chain
//     (carries below 2^39, times 19 below 2^43.3) leaves a tight result.
//   - Mul121665 takes a sub-loose input: 121665 * 3 * 2^26 < 2^45.
//
// Constant time. The ladder runs exactly 255 steps whatever the scalar; each step does the
// same field operations and a masked-XOR swap (ConditionalSwap) chosen by the scalar bit. The
// bit is read as scalar[t >> 3] >> (t & 7) with t the public loop counter. The inversion is a
// fixed addition chain (254 squarings, 11 multiplications). The final reduction adds 19 * c
// with c computed arithmetically, and the all-zero check ORs every output byte and uses
// Ct.IsZero. No secret value chooses a branch or an array index; 64-bit multiplications are
// plain IL. (On cores where a 64-bit multiply is not constant time this is the usual caveat.)
//
// Memory. One instance owns twelve ten-limb elements (480 bytes) and a 32-byte clamped scalar,
// allocated in the constructor; operations allocate nothing. An instance is not thread-safe.
// Secret intermediates (the clamped scalar and the ladder state) are wiped after each operation.
namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// X25519 key agreement (RFC 7748 §5, §6.1): public key = scalar * base point (u = 9),
    /// shared secret = scalar * peer public key, both as 32-byte little-endian u-coordinates.
    /// </summary>
    public sealed class X25519
    {
        /// <summary>Length in bytes of private keys, public keys and shared secrets.</summary>
        public const int KeySize = 32;

        private const int Limbs = 10;
        private const uint Mask26 = 0x3FFFFFF;
        private const uint Mask25 = 0x1FFFFFF;

        // Ladder state (RFC 7748 §5 names) and temporaries, reused by the inversion.
        private readonly uint[] _x1 = new uint[Limbs];
        private readonly uint[] _x2 = new uint[Limbs];
        private readonly uint[] _z2 = new uint[Limbs];
        private readonly uint[] _x3 = new uint[Limbs];
        private readonly uint[] _z3 = new uint[Limbs];
        private readonly uint[] _a = new uint[Limbs];
        private readonly uint[] _b = new uint[Limbs];
        private readonly uint[] _aa = new uint[Limbs];
        private readonly uint[] _bb = new uint[Limbs];
        private readonly uint[] _c = new uint[Limbs];
        private readonly uint[] _d = new uint[Limbs];
        private readonly uint[] _e = new uint[Limbs];
        private readonly byte[] _scalar = new byte[KeySize];

        /// <summary>
        /// Computes the public key X25519(k, 9) for the 32-byte private key at
        /// <paramref name="privOffset"/> (clamped as RFC 7748 §5 says; the caller's bytes are not changed).
        /// </summary>
        public void ComputePublicKey(byte[] privateKey, int privOffset, byte[] publicKey, int pubOffset)
        {
            CryptoRange.Check(privateKey, privOffset, KeySize, "privateKey");
            CryptoRange.Check(publicKey, pubOffset, KeySize, "publicKey");

            // RFC 7748 §4.1: the base point has u = 9.
            Clear(_x1);
            _x1[0] = 9;
            Ladder(privateKey, privOffset, publicKey, pubOffset);
        }

        /// <summary>
        /// Computes the shared secret X25519(k, u) into <paramref name="shared"/>. Returns false
        /// when the result is all zeros (the peer sent a point of small order): RFC 7748 §6.1
        /// recommends the check and TLS requires it (RFC 8422 §5.11). The zero output is still
        /// written; the caller must abort the handshake. Any 32-byte <paramref name="peerPublic"/>
        /// is accepted: the top bit is ignored and values at or above p are reduced (RFC 7748 §5).
        /// </summary>
        public bool ComputeSharedSecret(byte[] privateKey, int privOffset, byte[] peerPublic, int peerOffset, byte[] shared, int sharedOffset)
        {
            CryptoRange.Check(privateKey, privOffset, KeySize, "privateKey");
            CryptoRange.Check(peerPublic, peerOffset, KeySize, "peerPublic");
            CryptoRange.Check(shared, sharedOffset, KeySize, "shared");

            Decode(_x1, peerPublic, peerOffset);
            Ladder(privateKey, privOffset, shared, sharedOffset);

            // RFC 7748 §6.1: check for the all-zero value, in constant time.
            uint acc = 0;
            for (int i = 0; i < KeySize; i++)
            {
                acc |= shared[sharedOffset + i];
            }
            return Ct.IsZero(acc) == 0;
        }

        /// <summary>u-coordinate in _x1; writes the encoded u of k * (x1) to output.</summary>
        private void Ladder(byte[] privateKey, int privOffset, byte[] output, int outOffset)
        {
            byte[] k = _scalar;
            System.Array.Copy(privateKey, privOffset, k, 0, KeySize);

            // RFC 7748 §5, decodeScalar25519: clear the three low bits and bit 255, set bit 254.
            k[0] &= 248;
            k[31] &= 127;
            k[31] |= 64;

            uint[] x1 = _x1, x2 = _x2, z2 = _z2, x3 = _x3, z3 = _z3;
            uint[] a = _a, b = _b, aa = _aa, bb = _bb, c = _c, d = _d, e = _e;

            // RFC 7748 §5: x_2 = 1, z_2 = 0, x_3 = u, z_3 = 1, swap = 0.
            Clear(x2);
            x2[0] = 1;
            Clear(z2);
            System.Array.Copy(x1, x3, Limbs);
            Clear(z3);
            z3[0] = 1;
            uint swap = 0;

            for (int t = 254; t >= 0; t--)
            {
                // t is public; the bit value is only ever used as a mask.
                uint kt = (uint)(k[t >> 3] >> (t & 7)) & 1u;
                swap ^= kt;
                ConditionalSwap(Ct.MaskFromBit(swap), x2, x3, z2, z3);
                swap = kt;

                // RFC 7748 §5 ladder step (differential addition and doubling).
                AddSub(a, b, x2, z2);    // A = x_2 + z_2 (loose), B = x_2 - z_2 (sub-loose)
                Square(aa, a);           // AA = A^2
                Square(bb, b);           // BB = B^2
                Sub(e, aa, bb);          // E = AA - BB
                AddSub(c, d, x3, z3);    // C = x_3 + z_3, D = x_3 - z_3
                Mul(d, d, a);            // DA = D * A
                Mul(c, c, b);            // CB = C * B
                AddSub(a, b, d, c);      // DA + CB, DA - CB
                Square(x3, a);           // x_3 = (DA + CB)^2
                Square(b, b);
                Mul(z3, x1, b);          // z_3 = x_1 * (DA - CB)^2
                Mul(x2, aa, bb);         // x_2 = AA * BB
                Mul121665(z2, e);        // a24 * E, a24 = (486662 - 2) / 4 = 121665
                Add(z2, z2, aa);         // AA + a24 * E (loose)
                Mul(z2, e, z2);          // z_2 = E * (AA + a24 * E)
            }

            ConditionalSwap(Ct.MaskFromBit(swap), x2, x3, z2, z3);

            // RFC 7748 §5: return x_2 * z_2^(p - 2). z_2 = 0 (small-order input) gives 0.
            Invert(z3, z2);
            Mul(x2, x2, z3);
            Encode(output, outOffset, x2);

            System.Array.Clear(k, 0, KeySize);
            Clear(x2);
            Clear(z2);
            Clear(x3);
            Clear(z3);
            Clear(a);
            Clear(b);
            Clear(aa);
            Clear(bb);
            Clear(c);
            Clear(d);
            Clear(e);
        }

        /// <summary>
        /// h = z^(p - 2) = z^(2^255 - 21) (Fermat): fixed chain of 254 squarings and 11
        /// multiplications. Uses _a, _b, _c, _d as temporaries; h and z must not be among them.
        /// </summary>
        private void Invert(uint[] h, uint[] z)
        {
            uint[] t0 = _a, t1 = _b, t2 = _c, t3 = _d;

            Square(t0, z);              // z^2
            SquareTimes(t1, t0, 2);     // z^8
            Mul(t1, z, t1);             // z^9
            Mul(t0, t0, t1);            // z^11
            Square(t2, t0);             // z^22
            Mul(t1, t1, t2);            // z^(2^5 - 1)
            SquareTimes(t2, t1, 5);     // z^(2^10 - 2^5)
            Mul(t1, t2, t1);            // z^(2^10 - 1)
            SquareTimes(t2, t1, 10);    // z^(2^20 - 2^10)
            Mul(t2, t2, t1);            // z^(2^20 - 1)
            SquareTimes(t3, t2, 20);    // z^(2^40 - 2^20)
            Mul(t2, t3, t2);            // z^(2^40 - 1)
            SquareTimes(t2, t2, 10);    // z^(2^50 - 2^10)
            Mul(t1, t2, t1);            // z^(2^50 - 1)
            SquareTimes(t2, t1, 50);    // z^(2^100 - 2^50)
            Mul(t2, t2, t1);            // z^(2^100 - 1)
            SquareTimes(t3, t2, 100);   // z^(2^200 - 2^100)
            Mul(t2, t3, t2);            // z^(2^200 - 1)
            SquareTimes(t2, t2, 50);    // z^(2^250 - 2^50)
            Mul(t1, t2, t1);            // z^(2^250 - 1)
            SquareTimes(t1, t1, 5);     // z^(2^255 - 2^5)
            Mul(h, t1, t0);             // z^(2^255 - 32 + 11) = z^(p - 2)
        }

        /// <summary>
        /// RFC 7748 §5 cswap: exchanges (x2, z2) with (x3, z3) when the mask is all-ones, by
        /// masked XOR (the same loads and stores either way; as Ct.ConditionalSwap, both pairs
        /// in one pass).
        /// </summary>
        private static void ConditionalSwap(uint mask, uint[] x2, uint[] x3, uint[] z2, uint[] z3)
        {
            for (int i = 0; i < Limbs; i++)
            {
                uint t = mask & (x2[i] ^ x3[i]);
                x2[i] ^= t;
                x3[i] ^= t;
                uint u = mask & (z2[i] ^ z3[i]);
                z2[i] ^= u;
                z3[i] ^= u;
            }
        }

        private static void SquareTimes(uint[] h, uint[] f, int n)
        {
            Square(h, f);
            for (int i = 1; i < n; i++)
            {
                Square(h, h);
            }
        }

        private static void Clear(uint[] f)
        {
            System.Array.Clear(f, 0, Limbs);
        }

        /// <summary>
        /// s = f + g (loose) and d = f - g (sub-loose, as f + 2p - g) in one pass; f and g tight.
        /// Each limb is read before it is written, so s or d may alias f or g.
        /// </summary>
        private static void AddSub(uint[] s, uint[] d, uint[] f, uint[] g)
        {
            // 2p in radix 2^25.5: 2 * (2^26 - 19), then 2 * (2^25 - 1), 2 * (2^26 - 1) alternately.
            uint f9 = f[9], g9 = g[9];
            s[9] = f9 + g9;
            d[9] = f9 + 0x3FFFFFEu - g9;
            uint f0 = f[0], g0 = g[0];
            s[0] = f0 + g0;
            d[0] = f0 + 0x7FFFFDAu - g0;
            uint f1 = f[1], g1 = g[1];
            s[1] = f1 + g1;
            d[1] = f1 + 0x3FFFFFEu - g1;
            uint f2 = f[2], g2 = g[2];
            s[2] = f2 + g2;
            d[2] = f2 + 0x7FFFFFEu - g2;
            uint f3 = f[3], g3 = g[3];
            s[3] = f3 + g3;
            d[3] = f3 + 0x3FFFFFEu - g3;
            uint f4 = f[4], g4 = g[4];
            s[4] = f4 + g4;
            d[4] = f4 + 0x7FFFFFEu - g4;
            uint f5 = f[5], g5 = g[5];
            s[5] = f5 + g5;
            d[5] = f5 + 0x3FFFFFEu - g5;
            uint f6 = f[6], g6 = g[6];
            s[6] = f6 + g6;
            d[6] = f6 + 0x7FFFFFEu - g6;
            uint f7 = f[7], g7 = g[7];
            s[7] = f7 + g7;
            d[7] = f7 + 0x3FFFFFEu - g7;
            uint f8 = f[8], g8 = g[8];
            s[8] = f8 + g8;
            d[8] = f8 + 0x7FFFFFEu - g8;
        }

        /// <summary>h = f + g without carrying (tight + tight gives loose).</summary>
        private static void Add(uint[] h, uint[] f, uint[] g)
        {
            uint f9 = f[9], g9 = g[9];
            h[9] = f9 + g9;
            h[0] = f[0] + g[0]; h[1] = f[1] + g[1]; h[2] = f[2] + g[2]; h[3] = f[3] + g[3];
            h[4] = f[4] + g[4]; h[5] = f[5] + g[5]; h[6] = f[6] + g[6]; h[7] = f[7] + g[7]; h[8] = f[8] + g[8];
        }

        /// <summary>
        /// h = f - g (mod p) as f + 2p - g without carrying. f and g must be tight; the result
        /// is "sub-loose" (limbs below 3 * 2^26).
        /// </summary>
        private static void Sub(uint[] h, uint[] f, uint[] g)
        {
            // 2p in radix 2^25.5: 2 * (2^26 - 19), then 2 * (2^25 - 1), 2 * (2^26 - 1) alternately.
            uint f9 = f[9], g9 = g[9];
            h[9] = f9 + 0x3FFFFFEu - g9;
            h[0] = f[0] + 0x7FFFFDAu - g[0];
            h[1] = f[1] + 0x3FFFFFEu - g[1];
            h[2] = f[2] + 0x7FFFFFEu - g[2];
            h[3] = f[3] + 0x3FFFFFEu - g[3];
            h[4] = f[4] + 0x7FFFFFEu - g[4];
            h[5] = f[5] + 0x3FFFFFEu - g[5];
            h[6] = f[6] + 0x7FFFFFEu - g[6];
            h[7] = f[7] + 0x3FFFFFEu - g[7];
            h[8] = f[8] + 0x7FFFFFEu - g[8];
        }

        /// <summary>h = f * g (mod p); inputs loose, output tight; h may alias f or g.</summary>
        private static void Mul(uint[] h, uint[] f, uint[] g)
        {
            ulong f9 = f[9], f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4], f5 = f[5], f6 = f[6], f7 = f[7], f8 = f[8];
            ulong g9 = g[9], g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3], g4 = g[4], g5 = g[5], g6 = g[6], g7 = g[7], g8 = g[8];

            // Odd-by-odd products carry an extra factor 2; wrapped ones (i + j >= 10) a factor 19,
            // applied once per column to the wrapped partial sum.
            ulong f1_2 = 2 * f1, f3_2 = 2 * f3, f5_2 = 2 * f5, f7_2 = 2 * f7, f9_2 = 2 * f9;

            ulong h0 = f0 * g0
                     + 19 * (f1_2 * g9 + f2 * g8 + f3_2 * g7 + f4 * g6 + f5_2 * g5 + f6 * g4 + f7_2 * g3 + f8 * g2 + f9_2 * g1);
            ulong h1 = f0 * g1 + f1 * g0
                     + 19 * (f2 * g9 + f3 * g8 + f4 * g7 + f5 * g6 + f6 * g5 + f7 * g4 + f8 * g3 + f9 * g2);
            ulong h2 = f0 * g2 + f1_2 * g1 + f2 * g0
                     + 19 * (f3_2 * g9 + f4 * g8 + f5_2 * g7 + f6 * g6 + f7_2 * g5 + f8 * g4 + f9_2 * g3);
            ulong h3 = f0 * g3 + f1 * g2 + f2 * g1 + f3 * g0
                     + 19 * (f4 * g9 + f5 * g8 + f6 * g7 + f7 * g6 + f8 * g5 + f9 * g4);
            ulong h4 = f0 * g4 + f1_2 * g3 + f2 * g2 + f3_2 * g1 + f4 * g0
                     + 19 * (f5_2 * g9 + f6 * g8 + f7_2 * g7 + f8 * g6 + f9_2 * g5);
            ulong h5 = f0 * g5 + f1 * g4 + f2 * g3 + f3 * g2 + f4 * g1 + f5 * g0
                     + 19 * (f6 * g9 + f7 * g8 + f8 * g7 + f9 * g6);
            ulong h6 = f0 * g6 + f1_2 * g5 + f2 * g4 + f3_2 * g3 + f4 * g2 + f5_2 * g1 + f6 * g0
                     + 19 * (f7_2 * g9 + f8 * g8 + f9_2 * g7);
            ulong h7 = f0 * g7 + f1 * g6 + f2 * g5 + f3 * g4 + f4 * g3 + f5 * g2 + f6 * g1 + f7 * g0
                     + 19 * (f8 * g9 + f9 * g8);
            ulong h8 = f0 * g8 + f1_2 * g7 + f2 * g6 + f3_2 * g5 + f4 * g4 + f5_2 * g3 + f6 * g2 + f7_2 * g1 + f8 * g0
                     + 19 * (f9_2 * g9);
            ulong h9 = f0 * g9 + f1 * g8 + f2 * g7 + f3 * g6 + f4 * g5 + f5 * g4 + f6 * g3 + f7 * g2 + f8 * g1 + f9 * g0;

            Carry(h, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
        }

        /// <summary>h = f^2 (mod p); input loose, output tight; h may alias f.</summary>
        private static void Square(uint[] h, uint[] f)
        {
            ulong f9 = f[9], f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4], f5 = f[5], f6 = f[6], f7 = f[7], f8 = f[8];

            // Cross products appear twice (factor 2), odd-by-odd ones once more (factor 4),
            // wrapped ones times 19 (once per column). 4 * f < 2^29.6.
            ulong f0_2 = 2 * f0, f1_2 = 2 * f1, f2_2 = 2 * f2, f3_2 = 2 * f3, f4_2 = 2 * f4;
            ulong f5_2 = 2 * f5, f6_2 = 2 * f6, f7_2 = 2 * f7, f8_2 = 2 * f8, f9_2 = 2 * f9;
            ulong f1_4 = 4 * f1, f3_4 = 4 * f3, f5_4 = 4 * f5, f7_4 = 4 * f7;

            ulong h0 = f0 * f0
                     + 19 * (f1_4 * f9 + f2_2 * f8 + f3_4 * f7 + f4_2 * f6 + f5_2 * f5);
            ulong h1 = f0_2 * f1
                     + 19 * (f2_2 * f9 + f3_2 * f8 + f4_2 * f7 + f5_2 * f6);
            ulong h2 = f0_2 * f2 + f1_2 * f1
                     + 19 * (f3_4 * f9 + f4_2 * f8 + f5_4 * f7 + f6 * f6);
            ulong h3 = f0_2 * f3 + f1_2 * f2
                     + 19 * (f4_2 * f9 + f5_2 * f8 + f6_2 * f7);
            ulong h4 = f0_2 * f4 + f1_4 * f3 + f2 * f2
                     + 19 * (f5_4 * f9 + f6_2 * f8 + f7_2 * f7);
            ulong h5 = f0_2 * f5 + f1_2 * f4 + f2_2 * f3
                     + 19 * (f6_2 * f9 + f7_2 * f8);
            ulong h6 = f0_2 * f6 + f1_4 * f5 + f2_2 * f4 + f3_2 * f3
                     + 19 * (f7_4 * f9 + f8 * f8);
            ulong h7 = f0_2 * f7 + f1_2 * f6 + f2_2 * f5 + f3_2 * f4
                     + 19 * (f8_2 * f9);
            ulong h8 = f0_2 * f8 + f1_4 * f7 + f2_2 * f6 + f3_4 * f5 + f4 * f4
                     + 19 * (f9_2 * f9);
            ulong h9 = f0_2 * f9 + f1_2 * f8 + f2_2 * f7 + f3_2 * f6 + f4_2 * f5;

            Carry(h, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
        }

        /// <summary>h = 121665 * f (mod p); input sub-loose, output tight.</summary>
        private static void Mul121665(uint[] h, uint[] f)
        {
            const ulong A24 = 121665;
            uint f9 = f[9];
            Carry(h, A24 * f[0], A24 * f[1], A24 * f[2], A24 * f[3], A24 * f[4],
                  A24 * f[5], A24 * f[6], A24 * f[7], A24 * f[8], A24 * f9);
        }

        /// <summary>
        /// Carries 64-bit column sums (each below 2^63) into a tight element. Two interleaved
        /// chains (from h0 and from h4) shorten the dependency path; every carry is below 2^39,
        /// so no addition overflows. Afterwards limbs 1 and 5 may exceed their width by a carry
        /// below 2^18; all others are within width.
        /// </summary>
        private static void Carry(uint[] h, ulong h0, ulong h1, ulong h2, ulong h3, ulong h4, ulong h5, ulong h6, ulong h7, ulong h8, ulong h9)
        {
            h1 += h0 >> 26; h0 &= Mask26;
            h5 += h4 >> 26; h4 &= Mask26;
            h2 += h1 >> 25; h1 &= Mask25;
            h6 += h5 >> 25; h5 &= Mask25;
            h3 += h2 >> 26; h2 &= Mask26;
            h7 += h6 >> 26; h6 &= Mask26;
            h4 += h3 >> 25; h3 &= Mask25;
            h8 += h7 >> 25; h7 &= Mask25;
            h5 += h4 >> 26; h4 &= Mask26;
            h9 += h8 >> 26; h8 &= Mask26;
            h0 += 19 * (h9 >> 25); h9 &= Mask25;   // 2^255 = 19 (mod p)
            h1 += h0 >> 26; h0 &= Mask26;

            h[9] = (uint)h9;   // highest index first: one bounds check covers the rest
            h[0] = (uint)h0; h[1] = (uint)h1; h[2] = (uint)h2; h[3] = (uint)h3; h[4] = (uint)h4;
            h[5] = (uint)h5; h[6] = (uint)h6; h[7] = (uint)h7; h[8] = (uint)h8;
        }

        /// <summary>
        /// RFC 7748 §5 decodeUCoordinate: 32 bytes little-endian, the top bit masked off. The
        /// result (below 2^255, possibly >= p) is kept as is: the arithmetic is mod p anyway.
        /// </summary>
        private static void Decode(uint[] h, byte[] s, int o)
        {
            // Limb i starts at bit ceil(25.5 i); each spans at most 32 bits from its first byte.
            h[0] = Load32(s, o + 0) & Mask26;              // bits 0..25
            h[1] = (Load32(s, o + 3) >> 2) & Mask25;       // bits 26..50
            h[2] = (Load32(s, o + 6) >> 3) & Mask26;       // bits 51..76
            h[3] = (Load32(s, o + 9) >> 5) & Mask25;       // bits 77..101
            h[4] = (Load32(s, o + 12) >> 6) & Mask26;      // bits 102..127
            h[5] = Load32(s, o + 16) & Mask25;             // bits 128..152
            h[6] = (Load32(s, o + 19) >> 1) & Mask26;      // bits 153..178
            h[7] = (Load32(s, o + 22) >> 3) & Mask25;      // bits 179..203
            h[8] = (Load32(s, o + 25) >> 4) & Mask26;      // bits 204..229
            h[9] = (Load32(s, o + 28) >> 6) & Mask25;      // bits 230..254; bit 255 dropped
        }

        private static uint Load32(byte[] s, int o)
        {
            return s[o] | ((uint)s[o + 1] << 8) | ((uint)s[o + 2] << 16) | ((uint)s[o + 3] << 24);
        }

        /// <summary>
        /// RFC 7748 §5 encodeUCoordinate: reduces f fully into [0, p) and writes 32 bytes
        /// little-endian. Overwrites f.
        /// </summary>
        private static void Encode(byte[] s, int o, uint[] f)
        {
            uint h0 = f[0], h1 = f[1], h2 = f[2], h3 = f[3], h4 = f[4];
            uint h5 = f[5], h6 = f[6], h7 = f[7], h8 = f[8], h9 = f[9];

            // Two full carry passes bring every limb within its width and the value below 2^255
            // (the second pass folds at most 19 into a limb 0 that the first left small).
            for (int pass = 0; pass < 2; pass++)
            {
                h1 += h0 >> 26; h0 &= Mask26;
                h2 += h1 >> 25; h1 &= Mask25;
                h3 += h2 >> 26; h2 &= Mask26;
                h4 += h3 >> 25; h3 &= Mask25;
                h5 += h4 >> 26; h4 &= Mask26;
                h6 += h5 >> 25; h5 &= Mask25;
                h7 += h6 >> 26; h6 &= Mask26;
                h8 += h7 >> 25; h7 &= Mask25;
                h9 += h8 >> 26; h8 &= Mask26;
                h0 += 19 * (h9 >> 25); h9 &= Mask25;
            }
            h1 += h0 >> 26; h0 &= Mask26;
            h2 += h1 >> 25; h1 &= Mask25;

            // Now v = value in [0, 2^255). v >= p exactly when v + 19 >= 2^255: compute the
            // carry q out of bit 255 of v + 19, then v - q p = v + 19 q - q 2^255.
            uint q = (h0 + 19) >> 26;
            q = (h1 + q) >> 25;
            q = (h2 + q) >> 26;
            q = (h3 + q) >> 25;
            q = (h4 + q) >> 26;
            q = (h5 + q) >> 25;
            q = (h6 + q) >> 26;
            q = (h7 + q) >> 25;
            q = (h8 + q) >> 26;
            q = (h9 + q) >> 25;

            h0 += 19 * q;
            h1 += h0 >> 26; h0 &= Mask26;
            h2 += h1 >> 25; h1 &= Mask25;
            h3 += h2 >> 26; h2 &= Mask26;
            h4 += h3 >> 25; h3 &= Mask25;
            h5 += h4 >> 26; h4 &= Mask26;
            h6 += h5 >> 25; h5 &= Mask25;
            h7 += h6 >> 26; h6 &= Mask26;
            h8 += h7 >> 25; h7 &= Mask25;
            h9 += h8 >> 26; h8 &= Mask26;
            h9 &= Mask25;                                  // drops q * 2^255

            // Pack 26/25-bit limbs into bytes at bits 0, 26, 51, 77, 102, 128, 153, 179, 204, 230.
            s[o + 0] = (byte)h0;
            s[o + 1] = (byte)(h0 >> 8);
            s[o + 2] = (byte)(h0 >> 16);
            s[o + 3] = (byte)((h0 >> 24) | (h1 << 2));
            s[o + 4] = (byte)(h1 >> 6);
            s[o + 5] = (byte)(h1 >> 14);
            s[o + 6] = (byte)((h1 >> 22) | (h2 << 3));
            s[o + 7] = (byte)(h2 >> 5);
            s[o + 8] = (byte)(h2 >> 13);
            s[o + 9] = (byte)((h2 >> 21) | (h3 << 5));
            s[o + 10] = (byte)(h3 >> 3);
            s[o + 11] = (byte)(h3 >> 11);
            s[o + 12] = (byte)((h3 >> 19) | (h4 << 6));
            s[o + 13] = (byte)(h4 >> 2);
            s[o + 14] = (byte)(h4 >> 10);
            s[o + 15] = (byte)(h4 >> 18);
            s[o + 16] = (byte)h5;
            s[o + 17] = (byte)(h5 >> 8);
            s[o + 18] = (byte)(h5 >> 16);
            s[o + 19] = (byte)((h5 >> 24) | (h6 << 1));
            s[o + 20] = (byte)(h6 >> 7);
            s[o + 21] = (byte)(h6 >> 15);
            s[o + 22] = (byte)((h6 >> 23) | (h7 << 3));
            s[o + 23] = (byte)(h7 >> 5);
            s[o + 24] = (byte)(h7 >> 13);
            s[o + 25] = (byte)((h7 >> 21) | (h8 << 4));
            s[o + 26] = (byte)(h8 >> 4);
            s[o + 27] = (byte)(h8 >> 12);
            s[o + 28] = (byte)((h8 >> 20) | (h9 << 6));
            s[o + 29] = (byte)(h9 >> 2);
            s[o + 30] = (byte)(h9 >> 10);
            s[o + 31] = (byte)(h9 >> 18);

            System.Array.Clear(f, 0, Limbs);
        }
    }
}
