namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// A NIST prime curve y² = x³ − 3x + b over GF(p) (FIPS 186-5 / SP 800-186 §3.2.1: P-256,
    /// P-384), with the group order n, point validation, a constant-time scalar multiplication
    /// (ECDH) and a variable-time double-scalar multiplication (ECDSA verification).
    /// </summary>
    /// <remarks>
    /// Implementation notes
    /// - Field elements are in Montgomery form (<see cref="MontgomeryField"/>, 8 limbs for P-256,
    ///   12 for P-384). Points use two coordinate systems:
    ///   homogeneous projective (X : Y : Z), x = X/Z, y = Y/Z, for the complete formulas of Renes,
    ///   Costello, Batina, "Complete addition formulas for prime order elliptic curves"
    ///   (EUROCRYPT 2016, ePrint 2015/1060), Algorithm 4 (addition, a = −3: 12M + 2 by b) and
    ///   Algorithm 6 (doubling, a = −3: 8M/S + 2 by b), correct for every pair of inputs of a
    ///   prime-order curve including P = Q, P = −Q and infinity (0 : 1 : 0); and Jacobian
    ///   (X, Y, Z), x = X/Z², y = Y/Z³, for cheaper doublings (EFD dbl-2001-b, a = −3: 3M + 5S,
    ///   exception-free since no point has y = 0) and, in variable time only, additions
    ///   (EFD add-2007-bl 11M + 5S, madd-2007-bl 7M + 4S, exceptional cases branch).
    /// - <see cref="ScalarMultiply"/> (ECDH, secret scalar) is constant time: a fixed 4-bit window,
    ///   table T[i] = i·P for i = 1..15 (projective; T[0] = infinity is not stored), per window 4
    ///   Jacobian doublings, a branch-free conversion to projective, one complete addition of the
    ///   entry read by scanning all 15 stored entries with masks (never indexed by the secret
    ///   digit), and a branch-free conversion back (infinity mapped to (0, 1, 0) with a mask).
    ///   Every scalar, also one with leading zero windows, runs the same sequence. P-256 cost: 14
    ///   table additions, 64 × (4 × 8 + 3 + 14 + 3) ≈ 3,330 multiplications, plus one Fermat
    ///   inversion (~380). A compact curve (<see cref="P256Compact"/>) uses 2-bit windows and a
    ///   3-entry table (288 bytes of words for P-256 instead of 1,440): 2 table operations +
    ///   128 × (2 × 8 + 3 + 14 + 3) ≈ 4,640 multiplications, some 40 % more, paid only when the
    ///   server picks that curve for ECDHE. Its table is allocated by <see cref="EnableScalarMultiply"/> (an
    ///   <see cref="Ecdh"/> does it), so a curve used only for verification never pays for it.
    /// - <see cref="DoubleScalarMultiplyVartime"/> (ECDSA verification, public inputs only) uses
    ///   interleaved wNAF (Shamir's trick / Möller's interleaving) in Jacobian coordinates, with
    ///   the affine odd multiples of G built once by the constructor (mixed additions) and the
    ///   odd multiples of Q built per call. <see cref="P256"/>/<see cref="P384"/>: width 7 for G
    ///   (1..63·G, 32 entries), width 5 for Q (1..15·Q). <see cref="P256Compact"/>/
    ///   <see cref="P384Compact"/>: width 5 for G (1..15·G, 8 entries), width 4 for Q (1..7·Q),
    ///   for a quarter of the table memory. P-256 field multiplications per verification:
    ///   256 doublings × 8 + G additions × 11 (mixed) + Q additions × 16, about
    ///   2,048 + 32 × 11 + 43 × 16 + 7 × 16 ≈ 3,200 (fast) against
    ///   2,048 + 43 × 11 + 51 × 16 + 3 × 16 ≈ 3,390 (compact): some 6 % more. −y of a table entry is
    ///   computed when needed, not stored. One shared chain of at most bits + 1 doublings. It
    ///   branches and indexes on the scalars, which is fine because everything in a
    ///   verification is public.
    /// - Memory: every table is one flat uint[] (entry i at i · coordinates · Limbs), not an array
    ///   of small arrays; the two fields share their scratch and reference the static moduli.
    ///   The constructor builds the G table in place without temporary arrays (see
    ///   BuildGTable). No operation allocates. An instance is not safe for concurrent use.
    /// </remarks>
    public sealed class EcCurve
    {
        // SP 800-186 §3.2.1.3 (P-256) and §3.2.1.4 (P-384): p, n, b, G, as little-endian 32-bit limbs.
        private static readonly uint[] P256P = new uint[] { 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0x00000000, 0x00000000, 0x00000001, 0xFFFFFFFF };
        private static readonly uint[] P256N = new uint[] { 0xFC632551, 0xF3B9CAC2, 0xA7179E84, 0xBCE6FAAD, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0xFFFFFFFF };
        private static readonly uint[] P256B = new uint[] { 0x27D2604B, 0x3BCE3C3E, 0xCC53B0F6, 0x651D06B0, 0x769886BC, 0xB3EBBD55, 0xAA3A93E7, 0x5AC635D8 };
        private static readonly uint[] P256Gx = new uint[] { 0xD898C296, 0xF4A13945, 0x2DEB33A0, 0x77037D81, 0x63A440F2, 0xF8BCE6E5, 0xE12C4247, 0x6B17D1F2 };
        private static readonly uint[] P256Gy = new uint[] { 0x37BF51F5, 0xCBB64068, 0x6B315ECE, 0x2BCE3357, 0x7C0F9E16, 0x8EE7EB4A, 0xFE1A7F9B, 0x4FE342E2 };
        private static readonly uint[] P384P = new uint[] { 0xFFFFFFFF, 0x00000000, 0x00000000, 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF };
        private static readonly uint[] P384N = new uint[] { 0xCCC52973, 0xECEC196A, 0x48B0A77A, 0x581A0DB2, 0xF4372DDF, 0xC7634D81, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF };
        private static readonly uint[] P384B = new uint[] { 0xD3EC2AEF, 0x2A85C8ED, 0x8A2ED19D, 0xC656398D, 0x5013875A, 0x0314088F, 0xFE814112, 0x181D9C6E, 0xE3F82D19, 0x988E056B, 0xE23EE7E4, 0xB3312FA7 };
        private static readonly uint[] P384Gx = new uint[] { 0x72760AB7, 0x3A545E38, 0xBF55296C, 0x5502F25D, 0x82542A38, 0x59F741E0, 0x8BA79B98, 0x6E1D3B62, 0xF320AD74, 0x8EB1C71E, 0xBE8B0537, 0xAA87CA22 };
        private static readonly uint[] P384Gy = new uint[] { 0x90EA0E5F, 0x7A431D7C, 0x1D7E819D, 0x0A60B1CE, 0xB5F0B8C0, 0xE9DA3113, 0x289A147C, 0xF8F41DBD, 0x9292DC29, 0x5D9E98BF, 0x96262C6F, 0x3617DE4A };

        private const int FastWindowBits = 4;    // ScalarMultiply: 15 stored entries
        private const int CompactWindowBits = 2; // ScalarMultiply on a compact curve: 3 stored entries
        private const int FastGNafWidth = 7;    // odd multiples 1, 3, .., 63 of G: 2^(7−2) = 32 entries
        private const int FastQNafWidth = 5;    // odd multiples 1, 3, .., 15 of Q: 8 entries
        private const int CompactGNafWidth = 5; // 1, 3, .., 15 of G: 8 entries
        private const int CompactQNafWidth = 4; // 1, 3, 5, 7 of Q: 4 entries

        private readonly MontgomeryField _f;
        private readonly MontgomeryField _n;
        private readonly int _limbs;
        private readonly uint[] _gx, _gy; // G, plain form (the static curve constants, never written)
        private readonly uint[] _b;       // b, Montgomery form

        // Group-law scratch.
        private readonly uint[] _xx, _yy, _zz, _xy, _yz, _xz, _t1, _t2, _u, _v, _w;
        private readonly EcProjectivePoint _sel;

        // DoubleScalarMultiplyVartime (absent when built without verification tables).
        private readonly int _gWidth;
        private readonly int _qWidth;
        private readonly uint[] _gTable; // affine (x, y) of (2i+1)·G, Montgomery form, 2·Limbs words per entry
        private readonly uint[] _qTable; // Jacobian (X, Y, Z) of (2i+1)·Q, 3·Limbs words per entry
        private readonly sbyte[] _naf;   // wNAF digits of u1 at 0, of u2 at NafLength

        // ScalarMultiply, allocated by EnableScalarMultiply.
        private uint[] _table;           // projective (X, Y, Z) of i·P, i = 1..2^w − 1, 3·Limbs words per entry
        private readonly int _windowBits;     // w of ScalarMultiply's fixed window
        private readonly int _windowEntries;  // 2^w; entry 0 (infinity) is not stored
        private EcProjectivePoint _acc;
        private EcProjectivePoint _accP;

        private EcCurve(uint[] p, uint[] n, uint[] b, uint[] gx, uint[] gy, int gWidth, int qWidth)
        {
            _f = new MontgomeryField(p, null);
            _n = new MontgomeryField(n, _f);
            _limbs = p.Length;
            int limbs = _limbs;
            _gx = gx;
            _gy = gy;

            _b = new uint[limbs];
            _f.ToMontgomery(b, _b);

            _xx = new uint[limbs];
            _yy = new uint[limbs];
            _zz = new uint[limbs];
            _xy = new uint[limbs];
            _yz = new uint[limbs];
            _xz = new uint[limbs];
            _t1 = new uint[limbs];
            _t2 = new uint[limbs];
            _u = new uint[limbs];
            _v = new uint[limbs];
            _w = new uint[limbs];
            _sel = new EcProjectivePoint(limbs);

            _gWidth = gWidth;
            _qWidth = qWidth;
            _windowBits = gWidth == CompactGNafWidth ? CompactWindowBits : FastWindowBits;
            _windowEntries = 1 << _windowBits;
            if (gWidth != 0)
            {
                _gTable = new uint[2 * limbs * (1 << (gWidth - 2))];
                _qTable = new uint[3 * limbs * (1 << (qWidth - 2))];
                _naf = new sbyte[2 * NafLength];
                BuildGTable();
            }
        }

        /// <summary>
        /// A new instance of P-256 (secp256r1), SP 800-186 §3.2.1.3, with the fast verification
        /// tables (32 affine multiples of G).
        /// </summary>
        public static EcCurve P256()
        {
            return Create(256, FastGNafWidth, FastQNafWidth);
        }

        /// <summary>A new instance of P-384 (secp384r1), SP 800-186 §3.2.1.4, fast verification tables.</summary>
        public static EcCurve P384()
        {
            return Create(384, FastGNafWidth, FastQNafWidth);
        }

        /// <summary>P-256 with the small verification tables (8 affine multiples of G), for devices.</summary>
        public static EcCurve P256Compact()
        {
            return Create(256, CompactGNafWidth, CompactQNafWidth);
        }

        /// <summary>P-384 with the small verification tables (8 affine multiples of G), for devices.</summary>
        public static EcCurve P384Compact()
        {
            return Create(384, CompactGNafWidth, CompactQNafWidth);
        }

        // bits 256 or 384; gWidth 0 builds no verification tables (ECDH only).
        internal static EcCurve Create(int bits, int gWidth, int qWidth)
        {
            if (bits == 256)
            {
                return new EcCurve(P256P, P256N, P256B, P256Gx, P256Gy, gWidth, qWidth);
            }
            return new EcCurve(P384P, P384N, P384B, P384Gx, P384Gy, gWidth, qWidth);
        }

        // Digits of a wNAF: at most one more than the scalar's bits.
        private int NafLength
        {
            get { return 32 * _limbs + 1; }
        }

        /// <summary>
        /// Allocates the table and points <see cref="ScalarMultiply"/> needs (once; later calls do
        /// nothing). An <see cref="Ecdh"/> calls it in its constructor.
        /// </summary>
        public void EnableScalarMultiply()
        {
            if (_table == null)
            {
                _table = new uint[3 * _limbs * (_windowEntries - 1)];
                _acc = new EcProjectivePoint(_limbs);
                _accP = new EcProjectivePoint(_limbs);
            }
        }

        /// <summary>Arithmetic modulo p.</summary>
        public MontgomeryField Field
        {
            get { return _f; }
        }

        /// <summary>Arithmetic modulo the group order n.</summary>
        public MontgomeryField Order
        {
            get { return _n; }
        }

        /// <summary>Bytes of one coordinate (and of a scalar): 32 for P-256, 48 for P-384.</summary>
        public int ByteLength
        {
            get { return _f.ByteLength; }
        }

        /// <summary>Bytes of an uncompressed point 0x04 || X || Y: 65 for P-256, 97 for P-384.</summary>
        public int UncompressedLength
        {
            get { return 1 + 2 * _f.ByteLength; }
        }

        /// <summary>Allocates a point of this curve's size (constructors only).</summary>
        public EcProjectivePoint NewPoint()
        {
            return new EcProjectivePoint(_limbs);
        }

        /// <summary>r = G, the base point.</summary>
        public void SetGenerator(EcProjectivePoint r)
        {
            _f.ToMontgomery(_gx, r.X);
            _f.ToMontgomery(_gy, r.Y);
            _f.SetOne(r.Z);
        }

        /// <summary>r = the point at infinity (0 : 1 : 0).</summary>
        public void SetInfinity(EcProjectivePoint r)
        {
            _f.SetZero(r.X);
            _f.SetOne(r.Y);
            _f.SetZero(r.Z);
        }

        /// <summary>r = p.</summary>
        public void Copy(EcProjectivePoint p, EcProjectivePoint r)
        {
            _f.Copy(p.X, r.X);
            _f.Copy(p.Y, r.Y);
            _f.Copy(p.Z, r.Z);
        }

        // r = entry at offset (X, Y, Z, Limbs words each) of a flat table where the mask is
        // all-ones, r unchanged where it is zero. Constant time: reads the whole entry either way.
        private void ConditionalLoad(uint mask, uint[] table, int offset, EcProjectivePoint r)
        {
            int n = _limbs;
            uint[] x = r.X, y = r.Y, z = r.Z;
            for (int j = 0; j < n; j++)
            {
                x[j] ^= mask & (x[j] ^ table[offset + j]);
                y[j] ^= mask & (y[j] ^ table[offset + n + j]);
                z[j] ^= mask & (z[j] ^ table[offset + 2 * n + j]);
            }
        }

        // r = entry at offset of a flat (X, Y, Z) table.
        private void Load(uint[] table, int offset, EcProjectivePoint r)
        {
            int n = _limbs;
            System.Array.Copy(table, offset, r.X, 0, n);
            System.Array.Copy(table, offset + n, r.Y, 0, n);
            System.Array.Copy(table, offset + 2 * n, r.Z, 0, n);
        }

        // Entry at offset of a flat (X, Y, Z) table = p.
        private void Store(EcProjectivePoint p, uint[] table, int offset)
        {
            int n = _limbs;
            System.Array.Copy(p.X, 0, table, offset, n);
            System.Array.Copy(p.Y, 0, table, offset + n, n);
            System.Array.Copy(p.Z, 0, table, offset + 2 * n, n);
        }

        /// <summary>
        /// r = p + q, complete for all inputs (RCB 2016 Algorithm 4, a = −3). r may alias p or q.
        /// Constant time.
        /// </summary>
        public void Add(EcProjectivePoint p, EcProjectivePoint q, EcProjectivePoint r)
        {
            MontgomeryField f = _f;
            uint[] xx = _xx, yy = _yy, zz = _zz, xy = _xy, yz = _yz, xz = _xz, t1 = _t1, t2 = _t2, u = _u, v = _v, w = _w;

            f.Mul(p.X, q.X, xx);
            f.Mul(p.Y, q.Y, yy);
            f.Mul(p.Z, q.Z, zz);
            // xy = X1·Y2 + Y1·X2 = (X1 + Y1)(X2 + Y2) − xx − yy; likewise yz and xz.
            f.Add(p.X, p.Y, t1);
            f.Add(q.X, q.Y, t2);
            f.Mul(t1, t2, xy);
            f.Add(xx, yy, t1);
            f.Sub(xy, t1, xy);
            f.Add(p.Y, p.Z, t1);
            f.Add(q.Y, q.Z, t2);
            f.Mul(t1, t2, yz);
            f.Add(yy, zz, t1);
            f.Sub(yz, t1, yz);
            f.Add(p.X, p.Z, t1);
            f.Add(q.X, q.Z, t2);
            f.Mul(t1, t2, xz);
            f.Add(xx, zz, t1);
            f.Sub(xz, t1, xz);
            // p and q are not read below, so writing r is safe when it aliases them.

            // t1 = 3·(xz − b·zz); u = yy − t1; v = yy + t1
            f.Mul(_b, zz, t1);
            f.Sub(xz, t1, t1);
            f.Add(t1, t1, t2);
            f.Add(t2, t1, t1);
            f.Sub(yy, t1, u);
            f.Add(yy, t1, v);
            // t2 = 3·zz
            f.Add(zz, zz, t2);
            f.Add(t2, zz, t2);
            // t1 = 3·(b·xz − 3·zz − xx)
            f.Mul(_b, xz, t1);
            f.Sub(t1, t2, t1);
            f.Sub(t1, xx, t1);
            f.Add(t1, t1, w);
            f.Add(w, t1, t1);
            // w = 3·xx − 3·zz
            f.Add(xx, xx, w);
            f.Add(w, xx, w);
            f.Sub(w, t2, w);

            // X3 = v·xy − yz·t1; Y3 = v·u + w·t1; Z3 = u·yz + xy·w
            f.Mul(v, xy, r.X);
            f.Mul(yz, t1, t2);
            f.Sub(r.X, t2, r.X);
            f.Mul(v, u, r.Y);
            f.Mul(w, t1, t2);
            f.Add(r.Y, t2, r.Y);
            f.Mul(u, yz, r.Z);
            f.Mul(xy, w, t2);
            f.Add(r.Z, t2, r.Z);
        }

        /// <summary>r = 2·p, complete (RCB 2016 Algorithm 6, a = −3). r may alias p. Constant time.</summary>
        public void Double(EcProjectivePoint p, EcProjectivePoint r)
        {
            MontgomeryField f = _f;
            uint[] xx = _xx, yy = _yy, zz = _zz, xy = _xy, yz = _yz, xz = _xz, t1 = _t1, t2 = _t2, u = _u, v = _v, w = _w;

            f.Sqr(p.X, xx);
            f.Sqr(p.Y, yy);
            f.Sqr(p.Z, zz);
            f.Mul(p.X, p.Y, xy);
            f.Add(xy, xy, xy);   // 2XY
            f.Mul(p.X, p.Z, xz);
            f.Add(xz, xz, xz);   // 2XZ
            f.Mul(p.Y, p.Z, yz);
            f.Add(yz, yz, yz);   // 2YZ
            // p is not read below.

            // t1 = 3·(b·zz − 2XZ); u = yy − t1; v = yy + t1
            f.Mul(_b, zz, t1);
            f.Sub(t1, xz, t1);
            f.Add(t1, t1, t2);
            f.Add(t2, t1, t1);
            f.Sub(yy, t1, u);
            f.Add(yy, t1, v);
            // t2 = 3·zz
            f.Add(zz, zz, t2);
            f.Add(t2, zz, t2);
            // t1 = 3·(b·2XZ − 3·zz − xx)
            f.Mul(_b, xz, t1);
            f.Sub(t1, t2, t1);
            f.Sub(t1, xx, t1);
            f.Add(t1, t1, w);
            f.Add(w, t1, t1);
            // w = 3·xx − 3·zz
            f.Add(xx, xx, w);
            f.Add(w, xx, w);
            f.Sub(w, t2, w);

            // Y3 = v·u + w·t1; X3 = u·2XY − t1·2YZ; Z3 = 4·2YZ·yy
            f.Mul(v, u, r.Y);
            f.Mul(w, t1, t2);
            f.Add(r.Y, t2, r.Y);
            f.Mul(u, xy, r.X);
            f.Mul(t1, yz, t2);
            f.Sub(r.X, t2, r.X);
            f.Mul(yz, yy, r.Z);
            f.Add(r.Z, r.Z, r.Z);
            f.Add(r.Z, r.Z, r.Z);
        }

        /// <summary>
        /// Affine coordinates (Montgomery form) of p; all-ones when p is a finite point, zero for
        /// the point at infinity (then x = y = 0). Constant time (one Fermat inversion).
        /// </summary>
        public uint ToAffine(EcProjectivePoint p, uint[] x, uint[] y)
        {
            uint[] zInv = _t1;
            _f.Invert(p.Z, zInv);
            _f.Mul(p.X, zInv, x);
            _f.Mul(p.Y, zInv, y);
            return ~_f.IsZero(p.Z);
        }

        /// <summary>All-ones when the affine (x, y) (Montgomery form) satisfies y² = x³ − 3x + b.</summary>
        public uint IsOnCurve(uint[] x, uint[] y)
        {
            MontgomeryField f = _f;
            // SEC 1 §3.2.2.1 step 3 / SP 800-186 §3.2.1: y² ≡ x³ + a·x + b (mod p), a = −3.
            f.Sqr(x, _t1);
            f.Mul(_t1, x, _t1);      // x³
            f.Add(x, x, _t2);
            f.Add(_t2, x, _t2);      // 3x
            f.Sub(_t1, _t2, _t1);
            f.Add(_t1, _b, _t1);     // x³ − 3x + b
            f.Sqr(y, _t2);           // y²
            return f.Equal(_t1, _t2);
        }

        /// <summary>
        /// Decodes and validates an uncompressed point 0x04 || X || Y (SEC 1 §2.3.4, only the
        /// uncompressed form) into r with Z = 1: exactly <see cref="UncompressedLength"/> bytes,
        /// X and Y below p (SEC 1 §3.2.2.1 step 2), on the curve (step 3). Infinity has no
        /// uncompressed encoding, and the cofactor is 1, so step 4 (n·Q = O) holds for every
        /// point that passes. Returns false on anything else; never throws on the bytes
        /// (the range must lie inside the array). The point is public: this may branch.
        /// </summary>
        public bool TryDecodePoint(byte[] source, int offset, int length, EcProjectivePoint r)
        {
            int len = _f.ByteLength;
            if (length != 1 + 2 * len || source[offset] != 0x04)
            {
                return false;
            }
            uint ok = _f.Decode(source, offset + 1, r.X);
            ok &= _f.Decode(source, offset + 1 + len, r.Y);
            if (ok == 0)
            {
                return false;
            }
            _f.ToMontgomery(r.X, r.X);
            _f.ToMontgomery(r.Y, r.Y);
            _f.SetOne(r.Z);
            return IsOnCurve(r.X, r.Y) != 0;
        }

        /// <summary>
        /// Writes a finite point as 0x04 || X || Y (SEC 1 §2.3.3). Returns all-ones on success,
        /// zero when p is the point at infinity (the output is then 0x04 followed by zeros).
        /// Constant time.
        /// </summary>
        public uint EncodePoint(EcProjectivePoint p, byte[] destination, int offset)
        {
            uint[] x = _xx, y = _yy;
            uint finite = ToAffine(p, x, y);
            _f.FromMontgomery(x, x);
            _f.FromMontgomery(y, y);
            destination[offset] = 0x04;
            _f.Encode(x, destination, offset + 1);
            _f.Encode(y, destination, offset + 1 + _f.ByteLength);
            return finite;
        }

        /// <summary>
        /// Writes the affine x coordinate of p as <see cref="ByteLength"/> big-endian bytes
        /// (the ECDH shared secret, SEC 1 §3.3.1 step 3). All-ones when p is finite. Constant time.
        /// </summary>
        public uint EncodeX(EcProjectivePoint p, byte[] destination, int offset)
        {
            uint[] x = _xx;
            uint finite = ToAffine(p, x, _yy);
            _f.FromMontgomery(x, x);
            _f.Encode(x, destination, offset);
            return finite;
        }

        /// <summary>
        /// r = k·p for a secret scalar k (plain little-endian limbs, Limbs long, any value below
        /// 2^(32·Limbs)), in constant time: fixed 4-bit windows (2-bit on a compact curve, a
        /// 3-entry table instead of 15), masked table scan, complete
        /// formulas. r may alias p. Needs <see cref="EnableScalarMultiply"/> first
        /// (InvalidOperationException otherwise).
        /// </summary>
        public void ScalarMultiply(uint[] k, EcProjectivePoint p, EcProjectivePoint r)
        {
            uint[] table = _table;
            if (table == null)
            {
                throw new System.InvalidOperationException("EnableScalarMultiply was not called");
            }
            int stride = 3 * _limbs;
            int windowBits = _windowBits;
            int windowEntries = _windowEntries;
            // table entry i − 1 = i·P, i = 1..15: P, then 2i·P = 2·(i·P), (2i+1)·P = 2i·P + P.
            // p itself is only read until r is written at the end, so r may alias it.
            EcProjectivePoint sel = _sel;
            Store(p, table, 0);
            for (int i = 2; i < windowEntries; i++)
            {
                if ((i & 1) == 0)
                {
                    Load(table, ((i >> 1) - 1) * stride, sel);
                    Double(sel, sel);
                }
                else
                {
                    Load(table, (i - 2) * stride, sel);
                    Add(sel, p, sel);
                }
                Store(sel, table, (i - 1) * stride);
            }

            // acc is Jacobian between additions (cheaper doublings), homogeneous projective for
            // the complete addition. Both conversions are branch-free.
            MontgomeryField f = _f;
            EcProjectivePoint acc = _acc;
            EcProjectivePoint accP = _accP;
            uint[] t = _t1; // the conversions run between group operations, never inside one
            SetInfinity(acc); // (0, 1, 0): Z = 0 is infinity in both systems
            int windows = 32 * _limbs / windowBits;
            for (int wi = windows - 1; wi >= 0; wi--)
            {
                for (int d = 0; d < windowBits; d++)
                {
                    JacobianDouble(acc);
                }
                // Jacobian (X, Y, Z) -> projective (X·Z, Y, Z³): same affine (X/Z², Y/Z³). An
                // infinity (Z = 0, Y != 0 since doubling (0, 1, 0) gives (0, −8, 0)) maps to
                // (0 : Y : 0), the projective identity.
                f.Mul(acc.X, acc.Z, accP.X);
                f.Copy(acc.Y, accP.Y);
                f.Sqr(acc.Z, t);
                f.Mul(t, acc.Z, accP.Z);

                // The window position is public; its value is secret and only used in masks:
                // every stored entry is read, whatever the digit (0 keeps the infinity).
                int bit = wi * windowBits;
                uint digit = (k[bit >> 5] >> (bit & 31)) & (uint)(windowEntries - 1);
                SetInfinity(sel);
                for (int i = 1; i < windowEntries; i++)
                {
                    ConditionalLoad(Ct.Equal((uint)i, digit), table, (i - 1) * stride, sel);
                }
                Add(accP, sel, accP);

                // Projective (X, Y, Z) -> Jacobian (X·Z, Y·Z², Z). For Z = 0 that would be
                // (0, 0, 0), which doubling cannot recover from: use (0, 1, 0) instead (masked).
                f.Mul(accP.X, accP.Z, acc.X);
                f.Sqr(accP.Z, t);
                f.Mul(accP.Y, t, acc.Y);
                f.Copy(accP.Z, acc.Z);
                f.SetOne(t);
                f.ConditionalCopy(f.IsZero(acc.Z), t, acc.Y);
            }
            Copy(accP, r);
        }

        /// <summary>
        /// r = u1·G + u2·q for public scalars (plain little-endian limbs, Limbs long), in
        /// variable time: interleaved wNAF (width 7 or 5 for G, affine table built by the
        /// constructor; width 5 or 4 for q), in Jacobian coordinates. Only for ECDSA
        /// verification, where every input is public. q must be affine (Z = 1, as
        /// <see cref="TryDecodePoint"/> leaves it). The result r is in JACOBIAN coordinates:
        /// x = X/Z², y = Y/Z³, Z = 0 for infinity. r may not alias q; its coordinates may alias
        /// u1 or u2 (the scalars are read into their wNAF digits before r is written).
        /// InvalidOperationException on a curve built without verification tables.
        /// </summary>
        public void DoubleScalarMultiplyVartime(uint[] u1, uint[] u2, EcProjectivePoint q, EcProjectivePoint r)
        {
            if (_gTable == null)
            {
                throw new System.InvalidOperationException("this curve has no verification tables");
            }
            int nafLength = NafLength;
            sbyte[] naf = _naf;
            int len1 = Wnaf(u1, naf, 0, _gWidth);
            int len2 = Wnaf(u2, naf, nafLength, _qWidth);

            // Odd multiples of q in Jacobian form, built in r: q (Z = 1 reads the same in both
            // systems), 2q (in _sel), then (2i+1)q = (2i−1)q + 2q.
            int n = _limbs;
            int qStride = 3 * n;
            int qEntries = 1 << (_qWidth - 2);
            uint[] qTable = _qTable;
            EcProjectivePoint sel = _sel;
            Copy(q, r);
            Store(r, qTable, 0);
            Copy(q, sel);
            JacobianDouble(sel);
            for (int i = 1; i < qEntries; i++)
            {
                JacobianAdd(r, sel);
                Store(r, qTable, i * qStride);
            }

            MontgomeryField f = _f;
            uint[] gTable = _gTable;
            uint[] ax = _xy, ay = _yz; // the affine addend: JacobianAddAffine keeps them as scratch
            int len = len1 > len2 ? len1 : len2;
            SetInfinity(r);
            bool started = false;
            for (int i = len - 1; i >= 0; i--)
            {
                if (started)
                {
                    JacobianDouble(r);
                }
                int d1 = naf[i];
                if (d1 != 0)
                {
                    int at = 2 * n * (((d1 > 0 ? d1 : -d1) - 1) >> 1);
                    System.Array.Copy(gTable, at, ax, 0, n);
                    System.Array.Copy(gTable, at + n, ay, 0, n);
                    if (d1 < 0)
                    {
                        f.Neg(ay, ay); // −(x, y) = (x, −y)
                    }
                    JacobianAddAffine(r, ax, ay);
                    started = true;
                }
                int d2 = naf[nafLength + i];
                if (d2 != 0)
                {
                    Load(qTable, qStride * (((d2 > 0 ? d2 : -d2) - 1) >> 1), sel);
                    if (d2 < 0)
                    {
                        f.Neg(sel.Y, sel.Y); // −(X : Y : Z) = (X : −Y : Z) in Jacobian coordinates too
                    }
                    JacobianAdd(r, sel);
                    started = true;
                }
            }
        }

        // p = 2p in Jacobian coordinates, a = −3 (EFD "dbl-2001-b", Bernstein 2001): 3M + 5S.
        // Infinity (Z = 0) stays infinity; y = 0 cannot occur on a prime-order curve. Variable time
        // only through its callers (the formula itself has no branch).
        private void JacobianDouble(EcProjectivePoint p)
        {
            MontgomeryField f = _f;
            uint[] delta = _zz, gamma = _yy, beta = _xy, alpha = _u, t1 = _t1, t2 = _t2;
            f.Sqr(p.Z, delta);
            f.Sqr(p.Y, gamma);
            f.Mul(p.X, gamma, beta);
            // alpha = 3·(X − delta)·(X + delta)
            f.Sub(p.X, delta, t1);
            f.Add(p.X, delta, t2);
            f.Mul(t1, t2, alpha);
            f.Add(alpha, alpha, t1);
            f.Add(t1, alpha, alpha);
            // Z3 = (Y + Z)² − gamma − delta
            f.Add(p.Y, p.Z, t1);
            f.Sqr(t1, t1);
            f.Sub(t1, gamma, t1);
            f.Sub(t1, delta, p.Z);
            // X3 = alpha² − 8·beta
            f.Add(beta, beta, beta);
            f.Add(beta, beta, beta); // 4·beta
            f.Add(beta, beta, t2);   // 8·beta
            f.Sqr(alpha, p.X);
            f.Sub(p.X, t2, p.X);
            // Y3 = alpha·(4·beta − X3) − 8·gamma²
            f.Sub(beta, p.X, t1);
            f.Mul(alpha, t1, t1);
            f.Sqr(gamma, t2);
            f.Add(t2, t2, t2);
            f.Add(t2, t2, t2);
            f.Add(t2, t2, t2);
            f.Sub(t1, t2, p.Y);
        }

        // p += (x2, y2) (affine, Montgomery form), Jacobian (EFD "madd-2007-bl"): 7M + 4S.
        // Variable time: the exceptional cases (p = O, p = ±(x2, y2)) branch.
        private void JacobianAddAffine(EcProjectivePoint p, uint[] x2, uint[] y2)
        {
            MontgomeryField f = _f;
            if (f.IsZeroVartime(p.Z))
            {
                f.Copy(x2, p.X);
                f.Copy(y2, p.Y);
                f.SetOne(p.Z);
                return;
            }
            // H overwrites U2 and r overwrites S2 (each is dead once the other is formed), so
            // _xy and _yz are free for the caller's (x2, y2).
            uint[] z1z1 = _zz, u2 = _xx, s2 = _yy, h = _xx, rr = _yy, hh = _xz, i4 = _u, j = _v, v = _w, t1 = _t1, t2 = _t2;
            f.Sqr(p.Z, z1z1);
            f.Mul(x2, z1z1, u2);
            f.Mul(p.Z, z1z1, t1);
            f.Mul(y2, t1, s2);
            f.Sub(u2, p.X, h);
            f.Sub(s2, p.Y, rr);
            if (f.IsZeroVartime(h))
            {
                if (f.IsZeroVartime(rr))
                {
                    JacobianDouble(p); // p = (x2, y2)
                }
                else
                {
                    SetInfinity(p);    // p = −(x2, y2)
                }
                return;
            }
            f.Add(rr, rr, rr);         // r = 2·(S2 − Y1)
            f.Sqr(h, hh);
            f.Add(hh, hh, i4);
            f.Add(i4, i4, i4);         // I = 4·HH
            f.Mul(h, i4, j);           // J = H·I
            f.Mul(p.X, i4, v);         // V = X1·I
            // Z3 = (Z1 + H)² − Z1Z1 − HH
            f.Add(p.Z, h, t1);
            f.Sqr(t1, t1);
            f.Sub(t1, z1z1, t1);
            f.Sub(t1, hh, p.Z);
            // t2 = 2·Y1·J (before Y1 is overwritten)
            f.Mul(p.Y, j, t2);
            f.Add(t2, t2, t2);
            // X3 = r² − J − 2·V
            f.Sqr(rr, t1);
            f.Sub(t1, j, t1);
            f.Sub(t1, v, t1);
            f.Sub(t1, v, p.X);
            // Y3 = r·(V − X3) − 2·Y1·J
            f.Sub(v, p.X, t1);
            f.Mul(rr, t1, t1);
            f.Sub(t1, t2, p.Y);
        }

        // p += q, both Jacobian (EFD "add-2007-bl"): 11M + 5S. Variable time: the exceptional
        // cases (either is O, p = ±q) branch. q is not modified and may not alias p.
        private void JacobianAdd(EcProjectivePoint p, EcProjectivePoint q)
        {
            MontgomeryField f = _f;
            if (f.IsZeroVartime(q.Z))
            {
                return;
            }
            if (f.IsZeroVartime(p.Z))
            {
                Copy(q, p);
                return;
            }
            uint[] z1z1 = _zz, z2z2 = _yy, u1 = _xx, h = _xy, s1 = _yz, rr = _xz, i = _u, j = _v, v = _w, t1 = _t1, t2 = _t2;
            f.Sqr(p.Z, z1z1);
            f.Sqr(q.Z, z2z2);
            f.Mul(p.X, z2z2, u1);
            f.Mul(q.X, z1z1, h);       // U2
            f.Mul(q.Z, z2z2, t1);
            f.Mul(p.Y, t1, s1);        // S1 = Y1·Z2³
            f.Mul(p.Z, z1z1, t1);
            f.Mul(q.Y, t1, rr);        // S2 = Y2·Z1³
            f.Sub(h, u1, h);           // H = U2 − U1
            f.Sub(rr, s1, rr);         // S2 − S1
            if (f.IsZeroVartime(h))
            {
                if (f.IsZeroVartime(rr))
                {
                    JacobianDouble(p);
                }
                else
                {
                    SetInfinity(p);
                }
                return;
            }
            f.Add(rr, rr, rr);         // r = 2·(S2 − S1)
            f.Add(h, h, t1);
            f.Sqr(t1, i);              // I = (2H)²
            f.Mul(h, i, j);            // J = H·I
            f.Mul(u1, i, v);           // V = U1·I
            // Z3 = ((Z1 + Z2)² − Z1Z1 − Z2Z2)·H
            f.Add(p.Z, q.Z, t1);
            f.Sqr(t1, t1);
            f.Sub(t1, z1z1, t1);
            f.Sub(t1, z2z2, t1);
            f.Mul(t1, h, p.Z);
            // t2 = 2·S1·J
            f.Mul(s1, j, t2);
            f.Add(t2, t2, t2);
            // X3 = r² − J − 2·V
            f.Sqr(rr, t1);
            f.Sub(t1, j, t1);
            f.Sub(t1, v, t1);
            f.Sub(t1, v, p.X);
            // Y3 = r·(V − X3) − 2·S1·J
            f.Sub(v, p.X, t1);
            f.Mul(rr, t1, t1);
            f.Sub(t1, t2, p.Y);
        }

        // The affine odd multiples (2i+1)·G, i = 0..entries−1, into _gTable (constructor only),
        // with no temporary arrays: the table's own words hold the intermediate values.
        // P_i = (2i+1)·G is reached from P_(i−1) by a mixed Jacobian addition of 2G (affine,
        // one inversion). Montgomery's simultaneous inversion then needs, per entry, Z_i and the
        // prefix product Z_1·…·Z_(i−1); X_i and Y_i would make four elements where an entry has
        // room for two, so the chain is run twice instead (it is deterministic):
        // 1. forward: slot y_i = Z_i, slot x_i = Z_1·…·Z_i;
        // 2. backward from one inversion of the full product: slot x_i = 1/Z_i (Montgomery's
        //    trick, 3 multiplications per entry);
        // 3. forward again: x_i = X_i/Z_i², y_i = Y_i/Z_i³ over the recomputed X_i, Y_i.
        // Cost for 32 entries (P-256): 62 mixed additions, 2 inversions, ~220 multiplications.
        private void BuildGTable()
        {
            MontgomeryField f = _f;
            int n = _limbs;
            int stride = 2 * n;
            int entries = 1 << (_gWidth - 2);
            uint[] table = _gTable;
            EcProjectivePoint sel = _sel;

            // 2G, affine, into (_xy, _yz) for the whole build (JacobianAddAffine leaves them alone;
            // its doubling branch, which would not, cannot occur for odd multiples below n).
            uint[] x2 = _xy, y2 = _yz;
            SetGenerator(sel);
            JacobianDouble(sel);
            f.Invert(sel.Z, _u);
            f.Sqr(_u, _v);
            f.Mul(sel.X, _v, x2);
            f.Mul(_v, _u, _v);
            f.Mul(sel.Y, _v, y2);

            // 1. Forward: Z_i and the running product.
            SetGenerator(sel);
            for (int i = 1; i < entries; i++)
            {
                JacobianAddAffine(sel, x2, y2);
                System.Array.Copy(sel.Z, 0, table, i * stride + n, n);
                if (i == 1)
                {
                    f.Copy(sel.Z, _u);
                }
                else
                {
                    System.Array.Copy(table, (i - 1) * stride, _u, 0, n);
                    f.Mul(_u, sel.Z, _u);
                }
                System.Array.Copy(_u, 0, table, i * stride, n);
            }

            // 2. Backward: inv = 1/(Z_1·…·Z_i) at step i; 1/Z_i = inv·(Z_1·…·Z_(i−1)).
            if (entries > 1)
            {
                System.Array.Copy(table, (entries - 1) * stride, _u, 0, n);
                f.Invert(_u, _u);
                for (int i = entries - 1; i >= 1; i--)
                {
                    if (i > 1)
                    {
                        System.Array.Copy(table, (i - 1) * stride, _v, 0, n);
                        f.Mul(_u, _v, _v);                           // 1/Z_i
                        System.Array.Copy(table, i * stride + n, _w, 0, n);
                        f.Mul(_u, _w, _u);                           // 1/(Z_1·…·Z_(i−1))
                    }
                    else
                    {
                        f.Copy(_u, _v);
                    }
                    System.Array.Copy(_v, 0, table, i * stride, n);
                }
            }

            // 3. Forward again, normalising each point with its 1/Z_i.
            SetGenerator(sel);
            for (int i = 1; i < entries; i++)
            {
                JacobianAddAffine(sel, x2, y2);
                System.Array.Copy(table, i * stride, _u, 0, n);
                f.Sqr(_u, _v);
                f.Mul(sel.X, _v, _w);
                System.Array.Copy(_w, 0, table, i * stride, n);
                f.Mul(_v, _u, _v);
                f.Mul(sel.Y, _v, _w);
                System.Array.Copy(_w, 0, table, i * stride + n, n);
            }

            // Entry 0 is G itself.
            f.ToMontgomery(_gx, _u);
            System.Array.Copy(_u, 0, table, 0, n);
            f.ToMontgomery(_gy, _u);
            System.Array.Copy(_u, 0, table, n, n);
        }

        // Width-w non-adjacent form of k (public) into digits[offset..]: digits odd in
        // (−2^(w−1), 2^(w−1)) or 0, k = Σ digits[offset + i]·2^i. Returns the number of digits
        // (at most 32·Limbs + 1). Works on a copy in _t1 plus a carry word. Variable time.
        private int Wnaf(uint[] k, sbyte[] digits, int offset, int width)
        {
            uint[] s = _t1;
            int n = _limbs;
            System.Array.Copy(k, s, n);
            uint top = 0; // limb n of the working value (a negative digit can carry into it)
            System.Array.Clear(digits, offset, NafLength);
            uint windowMask = (1u << width) - 1;
            int half = 1 << (width - 1);
            int len = 0;
            while (top != 0 || !IsZeroLimbs(s, n))
            {
                int d = 0;
                if ((s[0] & 1u) != 0)
                {
                    d = (int)(s[0] & windowMask);
                    if (d >= half)
                    {
                        d -= 1 << width;
                    }
                    // s −= d: for d > 0 the low bits are exactly d (no borrow); for d < 0 add −d.
                    if (d > 0)
                    {
                        s[0] -= (uint)d;
                    }
                    else
                    {
                        ulong c = (uint)(-d);
                        for (int j = 0; j < n && c != 0; j++)
                        {
                            c += s[j];
                            s[j] = (uint)c;
                            c >>= 32;
                        }
                        top += (uint)c;
                    }
                }
                digits[offset + len++] = (sbyte)d;
                // s >>= 1
                for (int j = 0; j < n - 1; j++)
                {
                    s[j] = (s[j] >> 1) | (s[j + 1] << 31);
                }
                s[n - 1] = (s[n - 1] >> 1) | (top << 31);
                top >>= 1;
            }
            return len;
        }

        private static bool IsZeroLimbs(uint[] a, int count)
        {
            for (int j = 0; j < count; j++)
            {
                if (a[j] != 0)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
