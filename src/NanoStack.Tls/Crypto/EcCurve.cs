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
    ///   table T[i] = i·P for i = 0..15 (T[0] = infinity, projective), per window 4 Jacobian
    ///   doublings, a branch-free conversion to projective, one complete addition of the entry
    ///   read by scanning all 16 entries with masks (never indexed by the secret digit), and a
    ///   branch-free conversion back (infinity mapped to (0, 1, 0) with a mask). Every scalar, also
    ///   one with leading zero windows, runs the same sequence. P-256 cost: 14 table additions,
    ///   64 × (4 × 8 + 3 + 14 + 3) ≈ 3,330 multiplications, plus one Fermat inversion (~380).
    /// - <see cref="DoubleScalarMultiplyVartime"/> (ECDSA verification, public inputs only) uses
    ///   interleaved wNAF (Shamir's trick / Möller's interleaving) in Jacobian coordinates:
    ///   width 7 for G with the affine odd multiples 1..63·G built once by the constructor
    ///   (mixed additions), width 5 for Q (1..15·Q built per call). One shared chain of at most
    ///   bits + 1 doublings, about bits/8 + bits/6 additions. It branches and indexes on the
    ///   scalars, which is fine because everything in a verification is public.
    /// - Memory: the constructor allocates every table and temporary. P-256 (32-byte elements):
    ///   ECDH table 48 elements, affine G table 96, Q table 24, points and scratch 29, two fields'
    ///   state ~0.5 KB, wNAF digits 2 × 257 bytes: about 7.3 KB of array data. P-384 (48-byte
    ///   elements): about 10.9 KB. No operation allocates. An instance is not safe for
    ///   concurrent use.
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

        private const int WindowBits = 4;
        private const int WindowEntries = 16; // 2^WindowBits
        private const int GNafWidth = 7;
        private const int GNafEntries = 32;   // odd multiples 1, 3, .., 63 of G = 2^(GNafWidth−2)
        private const int QNafWidth = 5;
        private const int QNafEntries = 8;    // odd multiples 1, 3, .., 15 of Q = 2^(QNafWidth−2)

        private readonly MontgomeryField _f;
        private readonly MontgomeryField _n;
        private readonly int _limbs;
        private readonly uint[] _b;      // b, Montgomery form
        private readonly uint[] _three;  // 3, Montgomery form
        private readonly EcProjectivePoint _g;

        // Group-law scratch.
        private readonly uint[] _xx, _yy, _zz, _xy, _yz, _xz, _t1, _t2, _u, _v, _w;

        // Scalar multiplication scratch.
        private readonly EcProjectivePoint[] _table;    // ScalarMultiply: i·P, i = 0..15
        private readonly uint[][] _gAffX;               // x((2i+1)·G), Montgomery form
        private readonly uint[][] _gAffY;               // y((2i+1)·G)
        private readonly uint[][] _gAffNegY;            // −y((2i+1)·G)
        private readonly EcProjectivePoint[] _qOdd;     // (2i+1)·Q, Jacobian
        private readonly EcProjectivePoint _acc;
        private readonly EcProjectivePoint _accP;
        private readonly uint[] _conv;
        private readonly uint[] _one;    // 1, Montgomery form
        private readonly EcProjectivePoint _sel;
        private readonly sbyte[] _naf1;
        private readonly sbyte[] _naf2;
        private readonly uint[] _nafScratch;
        private readonly uint[] _ax, _ay;

        private EcCurve(uint[] p, uint[] n, uint[] b, uint[] gx, uint[] gy)
        {
            _f = new MontgomeryField(p);
            _n = new MontgomeryField(n);
            _limbs = p.Length;
            int limbs = _limbs;

            _b = new uint[limbs];
            _f.ToMontgomery(b, _b);
            _three = new uint[limbs];
            _f.SetOne(_three);
            uint[] one = new uint[limbs];
            _f.SetOne(one);
            _f.Add(_three, one, _three);
            _f.Add(_three, one, _three);

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
            _ax = new uint[limbs];
            _ay = new uint[limbs];

            _g = new EcProjectivePoint(limbs);
            _f.ToMontgomery(gx, _g.X);
            _f.ToMontgomery(gy, _g.Y);
            _f.SetOne(_g.Z);

            _table = NewPoints(WindowEntries, limbs);
            _qOdd = NewPoints(QNafEntries, limbs);
            _acc = new EcProjectivePoint(limbs);
            _accP = new EcProjectivePoint(limbs);
            _conv = new uint[limbs];
            _one = new uint[limbs];
            _f.SetOne(_one);
            _sel = new EcProjectivePoint(limbs);
            _naf1 = new sbyte[32 * limbs + 1];
            _naf2 = new sbyte[32 * limbs + 1];
            _nafScratch = new uint[limbs + 1];

            // Affine odd multiples of G for verification, normalised together with one inversion
            // (Montgomery's simultaneous inversion trick: 3 multiplications per point instead of
            // an inversion each; this matters on a microcontroller). Temporaries here are
            // constructor-only garbage.
            EcProjectivePoint[] gOdd = NewPoints(GNafEntries, limbs);
            BuildOddMultiples(_g, gOdd);
            uint[][] prefix = new uint[GNafEntries][];
            for (int i = 0; i < GNafEntries; i++)
            {
                prefix[i] = new uint[limbs];
                if (i == 0)
                {
                    _f.Copy(gOdd[0].Z, prefix[0]);
                }
                else
                {
                    _f.Mul(prefix[i - 1], gOdd[i].Z, prefix[i]);
                }
            }
            uint[] inv = new uint[limbs];
            uint[] zInv = new uint[limbs];
            _f.Invert(prefix[GNafEntries - 1], inv); // 1 / (Z0·Z1·…·Z31)
            _gAffX = new uint[GNafEntries][];
            _gAffY = new uint[GNafEntries][];
            _gAffNegY = new uint[GNafEntries][];
            for (int i = GNafEntries - 1; i >= 0; i--)
            {
                if (i > 0)
                {
                    _f.Mul(inv, prefix[i - 1], zInv);  // 1 / Zi
                    _f.Mul(inv, gOdd[i].Z, inv);       // 1 / (Z0·…·Z(i−1))
                }
                else
                {
                    _f.Copy(inv, zInv);
                }
                _gAffX[i] = new uint[limbs];
                _gAffY[i] = new uint[limbs];
                _gAffNegY[i] = new uint[limbs];
                _f.Mul(gOdd[i].X, zInv, _gAffX[i]);
                _f.Mul(gOdd[i].Y, zInv, _gAffY[i]);
                _f.Neg(_gAffY[i], _gAffNegY[i]);
            }
        }

        /// <summary>A new instance of P-256 (secp256r1), SP 800-186 §3.2.1.3.</summary>
        public static EcCurve P256()
        {
            return new EcCurve(P256P, P256N, P256B, P256Gx, P256Gy);
        }

        /// <summary>A new instance of P-384 (secp384r1), SP 800-186 §3.2.1.4.</summary>
        public static EcCurve P384()
        {
            return new EcCurve(P384P, P384N, P384B, P384Gx, P384Gy);
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

        private static EcProjectivePoint[] NewPoints(int count, int limbs)
        {
            EcProjectivePoint[] points = new EcProjectivePoint[count];
            for (int i = 0; i < count; i++)
            {
                points[i] = new EcProjectivePoint(limbs);
            }
            return points;
        }

        /// <summary>r = G, the base point.</summary>
        public void SetGenerator(EcProjectivePoint r)
        {
            Copy(_g, r);
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

        private void ConditionalCopy(uint mask, EcProjectivePoint p, EcProjectivePoint r)
        {
            _f.ConditionalCopy(mask, p.X, r.X);
            _f.ConditionalCopy(mask, p.Y, r.Y);
            _f.ConditionalCopy(mask, p.Z, r.Z);
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
            f.Mul(_three, x, _t2);   // 3x
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
            uint ok = _f.Decode(source, offset + 1, _ax);
            ok &= _f.Decode(source, offset + 1 + len, _ay);
            if (ok == 0)
            {
                return false;
            }
            _f.ToMontgomery(_ax, r.X);
            _f.ToMontgomery(_ay, r.Y);
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
            uint finite = ToAffine(p, _ax, _ay);
            _f.FromMontgomery(_ax, _ax);
            _f.FromMontgomery(_ay, _ay);
            destination[offset] = 0x04;
            _f.Encode(_ax, destination, offset + 1);
            _f.Encode(_ay, destination, offset + 1 + _f.ByteLength);
            return finite;
        }

        /// <summary>
        /// Writes the affine x coordinate of p as <see cref="ByteLength"/> big-endian bytes
        /// (the ECDH shared secret, SEC 1 §3.3.1 step 3). All-ones when p is finite. Constant time.
        /// </summary>
        public uint EncodeX(EcProjectivePoint p, byte[] destination, int offset)
        {
            uint finite = ToAffine(p, _ax, _ay);
            _f.FromMontgomery(_ax, _ax);
            _f.Encode(_ax, destination, offset);
            return finite;
        }

        /// <summary>
        /// r = k·p for a secret scalar k (plain little-endian limbs, Limbs long, any value below
        /// 2^(32·Limbs)), in constant time: fixed 4-bit windows, masked table scan, complete
        /// formulas. r may alias p.
        /// </summary>
        public void ScalarMultiply(uint[] k, EcProjectivePoint p, EcProjectivePoint r)
        {
            EcProjectivePoint[] table = _table;
            SetInfinity(table[0]);
            Copy(p, table[1]);
            for (int i = 2; i < WindowEntries; i++)
            {
                if ((i & 1) == 0)
                {
                    Double(table[i >> 1], table[i]);
                }
                else
                {
                    Add(table[i - 1], table[1], table[i]);
                }
            }

            // acc is Jacobian between additions (cheaper doublings), homogeneous projective for
            // the complete addition. Both conversions are branch-free.
            MontgomeryField f = _f;
            EcProjectivePoint acc = _acc;
            EcProjectivePoint accP = _accP;
            EcProjectivePoint sel = _sel;
            uint[] t = _conv;
            SetInfinity(acc); // (0, 1, 0): Z = 0 is infinity in both systems
            int windows = 32 * _limbs / WindowBits;
            for (int wi = windows - 1; wi >= 0; wi--)
            {
                for (int d = 0; d < WindowBits; d++)
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

                // The window position is public; its value is secret and only used in masks.
                int bit = wi * WindowBits;
                uint digit = (k[bit >> 5] >> (bit & 31)) & (WindowEntries - 1);
                SetInfinity(sel);
                for (int i = 1; i < WindowEntries; i++)
                {
                    ConditionalCopy(Ct.Equal((uint)i, digit), table[i], sel);
                }
                Add(accP, sel, accP);

                // Projective (X, Y, Z) -> Jacobian (X·Z, Y·Z², Z). For Z = 0 that would be
                // (0, 0, 0), which doubling cannot recover from: use (0, 1, 0) instead (masked).
                f.Mul(accP.X, accP.Z, acc.X);
                f.Sqr(accP.Z, t);
                f.Mul(accP.Y, t, acc.Y);
                f.Copy(accP.Z, acc.Z);
                f.ConditionalCopy(f.IsZero(acc.Z), _one, acc.Y);
            }
            Copy(accP, r);
        }

        /// <summary>
        /// r = u1·G + u2·q for public scalars (plain little-endian limbs, Limbs long), in
        /// variable time: interleaved wNAF, width 7 for G (affine table built by the constructor),
        /// width 5 for q, in Jacobian coordinates. Only for ECDSA verification, where every input
        /// is public. q must be affine (Z = 1, as <see cref="TryDecodePoint"/> leaves it).
        /// The result r is in JACOBIAN coordinates: x = X/Z², y = Y/Z³, Z = 0 for infinity.
        /// r may not alias q.
        /// </summary>
        public void DoubleScalarMultiplyVartime(uint[] u1, uint[] u2, EcProjectivePoint q, EcProjectivePoint r)
        {
            // Odd multiples of q in Jacobian form: q (Z = 1 reads the same in both systems), 2q,
            // then (2i+1)q = (2i−1)q + 2q.
            EcProjectivePoint[] qOdd = _qOdd;
            Copy(q, qOdd[0]);
            Copy(q, _sel);
            JacobianDouble(_sel);
            for (int i = 1; i < qOdd.Length; i++)
            {
                Copy(qOdd[i - 1], qOdd[i]);
                JacobianAdd(qOdd[i], _sel);
            }

            int len1 = Wnaf(u1, _naf1, GNafWidth);
            int len2 = Wnaf(u2, _naf2, QNafWidth);
            int len = len1 > len2 ? len1 : len2;
            SetInfinity(r);
            bool started = false;
            for (int i = len - 1; i >= 0; i--)
            {
                if (started)
                {
                    JacobianDouble(r);
                }
                int d1 = _naf1[i];
                if (d1 > 0)
                {
                    JacobianAddAffine(r, _gAffX[(d1 - 1) >> 1], _gAffY[(d1 - 1) >> 1]);
                    started = true;
                }
                else if (d1 < 0)
                {
                    JacobianAddAffine(r, _gAffX[(-d1 - 1) >> 1], _gAffNegY[(-d1 - 1) >> 1]);
                    started = true;
                }
                int d2 = _naf2[i];
                if (d2 > 0)
                {
                    JacobianAdd(r, qOdd[(d2 - 1) >> 1]);
                    started = true;
                }
                else if (d2 < 0)
                {
                    EcProjectivePoint t = qOdd[(-d2 - 1) >> 1];
                    _f.Copy(t.X, _sel.X);
                    _f.Neg(t.Y, _sel.Y); // −(X : Y : Z) = (X : −Y : Z) in Jacobian coordinates too
                    _f.Copy(t.Z, _sel.Z);
                    JacobianAdd(r, _sel);
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
            uint[] z1z1 = _zz, u2 = _xx, s2 = _yy, h = _xy, rr = _yz, hh = _xz, i4 = _u, j = _v, v = _w, t1 = _t1, t2 = _t2;
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

        // table[i] = (2i + 1)·p, projective (complete formulas; constructor only).
        private void BuildOddMultiples(EcProjectivePoint p, EcProjectivePoint[] table)
        {
            Copy(p, table[0]);
            Double(p, _sel);
            for (int i = 1; i < table.Length; i++)
            {
                Add(table[i - 1], _sel, table[i]);
            }
        }

        // Width-w non-adjacent form of k (public): digits[i] odd in (−2^(w−1), 2^(w−1)) or 0,
        // k = Σ digits[i]·2^i. Returns the number of digits (at most 32·Limbs + 1). Variable time.
        private int Wnaf(uint[] k, sbyte[] digits, int width)
        {
            uint[] s = _nafScratch;
            int n = _limbs;
            System.Array.Copy(k, s, n);
            s[n] = 0;
            System.Array.Clear(digits, 0, digits.Length);
            uint windowMask = (1u << width) - 1;
            int half = 1 << (width - 1);
            int len = 0;
            while (!IsZeroLimbs(s, n + 1))
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
                        for (int j = 0; j <= n && c != 0; j++)
                        {
                            c += s[j];
                            s[j] = (uint)c;
                            c >>= 32;
                        }
                    }
                }
                digits[len++] = (sbyte)d;
                // s >>= 1
                for (int j = 0; j < n; j++)
                {
                    s[j] = (s[j] >> 1) | (s[j + 1] << 31);
                }
                s[n] >>= 1;
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
