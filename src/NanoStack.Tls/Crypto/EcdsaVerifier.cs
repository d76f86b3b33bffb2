namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// ECDSA signature verification (SEC 1 §4.1.4, FIPS 186-5 §6.4.2) on P-256 or P-384, given the
    /// message digest (the caller hashes: SHA-256 with P-256, SHA-384 with P-384 in TLS), plus a
    /// strict DER reader for ECDSA-Sig-Value (RFC 3279 §2.2.3, X.690 DER).
    /// </summary>
    /// <remarks>
    /// Implementation notes
    /// - Everything in a verification is public (key, digest, signature), so this class runs in
    ///   variable time: range checks branch, the double multiplication u1·G + u2·Q uses
    ///   interleaved wNAF (<see cref="EcCurve.DoubleScalarMultiplyVartime"/>). The arithmetic modulo n reuses
    ///   <see cref="MontgomeryField"/> (s^−1 by the binary extended Euclidean algorithm).
    /// - The final comparison avoids an inversion: R = (X : Y : Z) in Jacobian coordinates has
    ///   x(R) ≡ r (mod n) iff X = r·Z², or X = (r + n)·Z² when r + n &lt; p (both NIST curves have
    ///   n &lt; p &lt; 2n).
    /// - r and s are big-endian integers of any length (leading zeros ignored); values outside
    ///   [1, n − 1] fail. The digest is truncated to the bit length of n (SEC 1 §4.1.3 step 5,
    ///   §4.1.4 step 3): 256 / 384 bits, whole bytes for both curves, so the leftmost
    ///   <see cref="ScalarLength"/> bytes are taken; a shorter digest is used as it is.
    /// - Allocation: the constructor allocates the curve (tables, scratch) and three scalars;
    ///   Verify, VerifyDer and TryParseDerSignature allocate nothing. The compact verifiers
    ///   (<see cref="P256Compact"/>, <see cref="P384Compact"/>) carry small G tables for devices.
    ///   The scalar-multiplication table ECDH needs is allocated only when an
    ///   <see cref="Ecdh"/> shares the curve. Not safe for concurrent use.
    /// </remarks>
    public sealed class EcdsaVerifier
    {
        private readonly EcCurve _curve;
        private readonly MontgomeryField _f;
        private readonly MontgomeryField _n;
        private readonly int _len;
        private readonly uint[] _r, _s;
        // The public key, then (after the multiplication) scratch for the final comparison.
        private readonly EcProjectivePoint _q;
        // The sum u1·G + u2·Q, before that scratch for the scalar arithmetic.
        private readonly EcProjectivePoint _sum;

        private EcdsaVerifier(EcCurve curve)
        {
            _curve = curve;
            _f = curve.Field;
            _n = curve.Order;
            _len = _f.ByteLength;
            _r = _n.NewElement();
            _s = _n.NewElement();
            _q = curve.NewPoint();
            _sum = curve.NewPoint();
        }

        /// <summary>The curve arithmetic (with its tables), which an <see cref="Ecdh"/> on the same
        /// curve may share: the two are never used at the same time by one TLS client.</summary>
        internal EcCurve Curve
        {
            get { return _curve; }
        }

        /// <summary>A verifier for P-256 (use with SHA-256 digests), fast tables (32 multiples of G).</summary>
        public static EcdsaVerifier P256()
        {
            return new EcdsaVerifier(EcCurve.P256());
        }

        /// <summary>A verifier for P-384 (use with SHA-384 digests), fast tables (32 multiples of G).</summary>
        public static EcdsaVerifier P384()
        {
            return new EcdsaVerifier(EcCurve.P384());
        }

        /// <summary>
        /// A verifier for P-256 with the small tables (8 multiples of G; <see cref="EcCurve.P256Compact"/>):
        /// a quarter of the table memory for some 6 % more field multiplications per verification.
        /// Same results.
        /// </summary>
        public static EcdsaVerifier P256Compact()
        {
            return new EcdsaVerifier(EcCurve.P256Compact());
        }

        /// <summary>A verifier for P-384 with the small tables (<see cref="EcCurve.P384Compact"/>).</summary>
        public static EcdsaVerifier P384Compact()
        {
            return new EcdsaVerifier(EcCurve.P384Compact());
        }

        /// <summary>Bytes of n, r, s and a coordinate: 32 (P-256) or 48 (P-384).</summary>
        public int ScalarLength
        {
            get { return _len; }
        }

        /// <summary>Bytes of an uncompressed public point: 65 (P-256) or 97 (P-384).</summary>
        public int PublicKeyLength
        {
            get { return 1 + 2 * _len; }
        }

        /// <summary>Verifies (r, s) over a digest with the uncompressed public point 0x04 || X || Y.</summary>
        public bool Verify(byte[] publicPoint, byte[] digest, byte[] r, byte[] s)
        {
            CheckNotNull(publicPoint, "publicPoint");
            CheckNotNull(digest, "digest");
            CheckNotNull(r, "r");
            CheckNotNull(s, "s");
            return Verify(publicPoint, 0, publicPoint.Length, digest, 0, digest.Length, r, 0, r.Length, s, 0, s.Length);
        }

        /// <summary>
        /// Verifies (r, s), given as big-endian integers of any length, over a digest with the
        /// uncompressed public point. False for an invalid point, r or s outside [1, n − 1], or a
        /// wrong signature; never throws on the contents.
        /// </summary>
        public bool Verify(
            byte[] publicPoint, int publicOffset, int publicLength,
            byte[] digest, int digestOffset, int digestLength,
            byte[] r, int rOffset, int rLength,
            byte[] s, int sOffset, int sLength)
        {
            CryptoRange.Check(publicPoint, publicOffset, publicLength, "publicPoint");
            CryptoRange.Check(digest, digestOffset, digestLength, "digest");
            CryptoRange.Check(r, rOffset, rLength, "r");
            CryptoRange.Check(s, sOffset, sLength, "s");

            // SEC 1 §4.1.4 step 1: r, s in [1, n − 1].
            if (!TryLoadScalar(r, rOffset, rLength, _r) || !TryLoadScalar(s, sOffset, sLength, _s))
            {
                return false;
            }
            // The public key must be a valid point (SEC 1 §3.2.2.1).
            if (!_curve.TryDecodePoint(publicPoint, publicOffset, publicLength, _q))
            {
                return false;
            }

            // Until the multiplication writes it, _sum's coordinates are the scalar scratch.
            uint[] e = _sum.X, t = _sum.Y, w = _sum.Z;

            // SEC 1 §4.1.4 steps 2-3: e = leftmost bitlen(n) bits of the digest, as an integer
            // (here used modulo n: e < 2^bitlen(n) < 2n, one conditional subtraction).
            int take = digestLength < _len ? digestLength : _len;
            LoadBigEndian(digest, digestOffset, take, e);
            _n.ReduceOnce(e);

            // Step 4: u1 = e·s^−1, u2 = r·s^−1 mod n; w = s^−1 by the binary extended Euclidean
            // algorithm (public value). Montgomery: Mul(plain x, Mont(w)) = x·w (plain).
            // u1 goes into _s, which is not needed after the inversion, u2 into t, which is not
            // needed after the conversion (the multiplication reads both before writing _sum).
            _n.InvertVartime(_s, t);
            _n.ToMontgomery(t, w);
            uint[] u1 = _s, u2 = t;
            _n.Mul(e, w, u1);
            _n.Mul(_r, w, u2);

            // Step 5: R = u1·G + u2·Q; R = O fails.
            _curve.DoubleScalarMultiplyVartime(u1, u2, _q, _sum);
            if (_f.IsZeroVartime(_sum.Z))
            {
                return false;
            }

            // Steps 6-8: v = x(R) mod n == r. R is Jacobian (x = X/Z²), so test X == r·Z² (mod p)
            // without an inversion; r < n < p is a valid field element. Q is no longer needed:
            // its coordinates are the scratch from here on.
            uint[] zz = _q.X;
            _f.Sqr(_sum.Z, zz);
            if (MatchesX(_r))
            {
                return true;
            }
            // x(R) in [n, p) reduces to x − n: also try r + n when that is below p.
            uint[] rn = _q.Z;
            _n.CopyModulus(rn);
            ulong c = 0;
            for (int j = 0; j < rn.Length; j++)
            {
                c += (ulong)_r[j] + rn[j];
                rn[j] = (uint)c;
                c >>= 32;
            }
            if (c != 0 || _f.LessThanModulus(rn) == 0)
            {
                return false;
            }
            return MatchesX(rn);
        }

        // X(sum) == v·Z(sum)² (mod p) for a plain v < p; Z(sum)² is in _q.X.
        private bool MatchesX(uint[] v)
        {
            uint[] m = _q.Y;
            _f.ToMontgomery(v, m);
            _f.Mul(m, _q.X, m);
            return _f.Equal(m, _sum.X) != 0;
        }

        /// <summary>
        /// Verifies a DER ECDSA-Sig-Value (<see cref="TryParseDerSignature"/>) over a digest with
        /// the uncompressed public point. False on malformed DER or a wrong signature.
        /// </summary>
        public bool VerifyDer(
            byte[] publicPoint, int publicOffset, int publicLength,
            byte[] digest, int digestOffset, int digestLength,
            byte[] signature, int signatureOffset, int signatureLength)
        {
            int rOffset, rLength, sOffset, sLength;
            if (!TryParseDerSignature(signature, signatureOffset, signatureLength, out rOffset, out rLength, out sOffset, out sLength))
            {
                return false;
            }
            return Verify(publicPoint, publicOffset, publicLength, digest, digestOffset, digestLength,
                signature, rOffset, rLength, signature, sOffset, sLength);
        }

        /// <summary>
        /// Parses ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.3) in strict
        /// DER (X.690 §8.1.3, §8.3, §10.1): definite minimal lengths, minimal non-negative
        /// integers, nothing after the SEQUENCE and nothing else inside it. On success the outputs
        /// locate the integers' content octets (big-endian, possibly with one leading 0x00) inside
        /// <paramref name="der"/>. Returns false on any malformation; never allocates.
        /// </summary>
        public static bool TryParseDerSignature(
            byte[] der, int offset, int length,
            out int rOffset, out int rLength, out int sOffset, out int sLength)
        {
            CryptoRange.Check(der, offset, length, "der");
            rOffset = 0;
            rLength = 0;
            sOffset = 0;
            sLength = 0;
            int pos = offset;
            int end = offset + length;
            // X.690 §8.9: SEQUENCE, constructed, tag 0x30.
            if (pos >= end || der[pos] != 0x30)
            {
                return false;
            }
            pos++;
            int seqLength;
            if (!TryReadLength(der, ref pos, end, out seqLength))
            {
                return false;
            }
            // No trailing data after the SEQUENCE.
            if (seqLength != end - pos)
            {
                return false;
            }
            if (!TryReadInteger(der, ref pos, end, out rOffset, out rLength))
            {
                return false;
            }
            if (!TryReadInteger(der, ref pos, end, out sOffset, out sLength))
            {
                return false;
            }
            // Nothing else inside the SEQUENCE.
            return pos == end;
        }

        // X.690 §8.1.3 with DER §10.1: short form below 128, else the fewest length octets
        // (no leading zero octet, not long form for a value below 128); indefinite form refused.
        private static bool TryReadLength(byte[] der, ref int pos, int end, out int length)
        {
            length = 0;
            if (pos >= end)
            {
                return false;
            }
            int first = der[pos++];
            if (first < 0x80)
            {
                length = first;
            }
            else
            {
                int count = first & 0x7F;
                // 0x80 is the indefinite form; more than 2 octets cannot describe a signature
                // that fits in an int-sized buffer we accept (and is never minimal here).
                if (count == 0 || count > 2 || end - pos < count)
                {
                    return false;
                }
                if (der[pos] == 0)
                {
                    return false; // leading zero octet: not minimal
                }
                int value = 0;
                for (int i = 0; i < count; i++)
                {
                    value = (value << 8) | der[pos++];
                }
                if (value < 0x80)
                {
                    return false; // should have used the short form
                }
                length = value;
            }
            return length <= end - pos;
        }

        // X.690 §8.3: INTEGER, tag 0x02, two's complement, minimal (§8.3.2); negative refused.
        private static bool TryReadInteger(byte[] der, ref int pos, int end, out int contentOffset, out int contentLength)
        {
            contentOffset = 0;
            contentLength = 0;
            if (pos >= end || der[pos] != 0x02)
            {
                return false;
            }
            pos++;
            int length;
            if (!TryReadLength(der, ref pos, end, out length) || length == 0)
            {
                return false;
            }
            byte b0 = der[pos];
            if ((b0 & 0x80) != 0)
            {
                return false; // negative
            }
            if (length > 1 && b0 == 0 && (der[pos + 1] & 0x80) == 0)
            {
                return false; // superfluous leading zero
            }
            contentOffset = pos;
            contentLength = length;
            pos += length;
            return true;
        }

        // A big-endian integer of any length into r when 1 <= value < n.
        private bool TryLoadScalar(byte[] source, int offset, int length, uint[] r)
        {
            while (length > 0 && source[offset] == 0)
            {
                offset++;
                length--;
            }
            if (length == 0 || length > _len)
            {
                return false;
            }
            LoadBigEndian(source, offset, length, r);
            return _n.LessThanModulus(r) != 0;
        }

        // Up to _len big-endian bytes into little-endian limbs, zero-extended.
        private static void LoadBigEndian(byte[] source, int offset, int length, uint[] r)
        {
            System.Array.Clear(r, 0, r.Length);
            for (int i = 0; i < length; i++)
            {
                int bytePos = length - 1 - i; // significance of source[offset + i] in bytes
                r[bytePos >> 2] |= (uint)source[offset + i] << (8 * (bytePos & 3));
            }
        }

        private static void CheckNotNull(byte[] buffer, string name)
        {
            if (buffer == null)
            {
                throw new System.ArgumentNullException(name);
            }
        }
    }
}
