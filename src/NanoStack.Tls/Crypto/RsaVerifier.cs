namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// RSA signature verification (RFC 8017): RSASSA-PKCS1-v1_5 (§8.2.2) and RSASSA-PSS (§8.1.2)
    /// for moduli of 2048 to 4096 bits. All scratch is allocated once by the constructor; a
    /// verification allocates nothing. Not thread-safe: one verifier per thread.
    /// </summary>
    /// <remarks>
    /// Implementation notes
    /// - Key and signature are passed per call as big-endian byte ranges (as they appear in a
    ///   certificate and a TLS message); the modulus is decoded into limbs and its Montgomery
    ///   constants (−n^-1 mod 2^32, R^2 mod n) are computed each time (see
    ///   <see cref="BigNat.MontgomeryR2"/>: for 2048 bits 64 modular doublings and 5 Montgomery
    ///   squarings, next to 16 squarings + 3 multiplications for e = 65537). Nothing is cached
    ///   between calls: in TLS each key is used once or twice.
    /// - Sizes: 5 limb arrays of 129 uints (4096 bits = 128 limbs, +1 spare) = 2,580 bytes and
    ///   a 256-limb square/accumulator scratch (2·128 limbs, as MontSquare needs) = 1,024 bytes;
    ///   2 byte buffers of 512 bytes (the encoded message and the
    ///   expected one) and 64 + 8 + 4 bytes for PSS hashing: about 4.7 KB per verifier.
    /// - Accepted keys: 2048 ≤ bits(n) ≤ 4096, n odd; e odd, e ≥ 3, e no longer than n (in bytes,
    ///   leading zero bytes ignored). Anything else returns false. Leading zero bytes of the
    ///   modulus field are ignored (ASN.1 INTEGER form); k is the modulus length in bytes.
    /// - Exponentiation: left-to-right square-and-multiply over the exponent bits; the exponent is
    ///   public, so it branches on its bits (a private-key variant would always multiply and
    ///   select with a mask). All comparisons of encoded messages accumulate over every byte
    ///   (<see cref="Ct.BytesEqual"/>).
    /// - Errors: wrong lengths, s ≥ n, bad encodings: false. Null arrays or ranges outside an array
    ///   (caller preconditions) throw.
    /// </remarks>
    public sealed class RsaVerifier
    {
        /// <summary>Digest algorithm for <see cref="VerifyPkcs1"/>: SHA-256 (32-byte digest).</summary>
        public const int Sha256 = 1;

        /// <summary>Digest algorithm for <see cref="VerifyPkcs1"/>: SHA-384 (48-byte digest).</summary>
        public const int Sha384 = 2;

        /// <summary>Digest algorithm for <see cref="VerifyPkcs1"/>: SHA-512 (64-byte digest).</summary>
        public const int Sha512 = 3;

        /// <summary>Smallest accepted modulus size in bits.</summary>
        public const int MinModulusBits = 2048;

        /// <summary>Largest accepted modulus size in bits.</summary>
        public const int MaxModulusBits = 4096;

        private const int MaxBytes = MaxModulusBits / 8;   // 512
        private const int MaxHash = 64;                    // SHA-512

        // RFC 8017 §9.2 note 1: DER of DigestInfo up to the digest (AlgorithmIdentifier with NULL
        // parameters, then the OCTET STRING header). 19 bytes each.
        private static readonly byte[] PrefixSha256 = new byte[]
        {
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
        };

        private static readonly byte[] PrefixSha384 = new byte[]
        {
            0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30,
        };

        private static readonly byte[] PrefixSha512 = new byte[]
        {
            0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40,
        };

        private readonly uint[] _n = new uint[BigNat.MaxLimbs + 1];
        private readonly uint[] _r2 = new uint[BigNat.MaxLimbs + 1];
        private readonly uint[] _base = new uint[BigNat.MaxLimbs + 1];
        private readonly uint[] _acc = new uint[BigNat.MaxLimbs + 1];
        private readonly uint[] _one = new uint[BigNat.MaxLimbs + 1];
        private readonly uint[] _t = new uint[2 * BigNat.MaxLimbs];
        private readonly byte[] _em = new byte[MaxBytes];
        private readonly byte[] _expected = new byte[MaxBytes];
        private readonly byte[] _hash = new byte[MaxHash];
        private readonly byte[] _zeros = new byte[8];
        private readonly byte[] _counter = new byte[4];

        // Set by RsaVp1 for the key in use.
        private int _bits;       // modulus bits
        private int _k;          // modulus bytes

        /// <summary>
        /// RSASSA-PKCS1-v1_5 verification, RFC 8017 §8.2.2, for a digest already computed:
        /// <paramref name="digestAlgorithm"/> is <see cref="Sha256"/>, <see cref="Sha384"/> or
        /// <see cref="Sha512"/> and the digest (32, 48 or 64 bytes) is read at
        /// <paramref name="dOff"/>. The DigestInfo must be the DER form with NULL parameters.
        /// </summary>
        public bool VerifyPkcs1(byte[] modulus, int mOff, int mLen, byte[] exponent, int eOff, int eLen,
            int digestAlgorithm, byte[] digest, int dOff, byte[] signature, int sOff, int sLen)
        {
            byte[] prefix;
            if (digestAlgorithm == Sha256)
            {
                prefix = PrefixSha256;
            }
            else if (digestAlgorithm == Sha384)
            {
                prefix = PrefixSha384;
            }
            else if (digestAlgorithm == Sha512)
            {
                prefix = PrefixSha512;
            }
            else
            {
                throw new System.ArgumentOutOfRangeException("digestAlgorithm");
            }
            int hLen = prefix[prefix.Length - 1];
            CryptoRange.Check(digest, dOff, hLen, "digest");

            // §8.2.2 steps 1–2: length check, RSAVP1, I2OSP(m, k) into _em.
            if (!RsaVp1(modulus, mOff, mLen, exponent, eOff, eLen, signature, sOff, sLen))
            {
                return false;
            }
            int k = _k;

            // §9.2 EMSA-PKCS1-v1_5-ENCODE: EM = 0x00 || 0x01 || PS (0xff, ≥ 8) || 0x00 || T,
            // T = DigestInfo prefix || H. emLen ≥ tLen + 11 always holds here (k ≥ 256 > 83 + 11).
            int tLen = prefix.Length + hLen;
            int psLen = k - tLen - 3;
            _expected[0] = 0x00;
            _expected[1] = 0x01;
            for (int i = 0; i < psLen; i++)
            {
                _expected[2 + i] = 0xff;
            }
            _expected[2 + psLen] = 0x00;
            System.Array.Copy(prefix, 0, _expected, 3 + psLen, prefix.Length);
            System.Array.Copy(digest, dOff, _expected, 3 + psLen + prefix.Length, hLen);

            // §8.2.2 step 4: compare the whole encoded message, accumulating over every byte.
            return Ct.BytesEqual(_em, 0, _expected, 0, k) != 0;
        }

        /// <summary>
        /// RSASSA-PSS verification, RFC 8017 §8.1.2 with EMSA-PSS-VERIFY (§9.1.2), MGF1 (§B.2.1)
        /// over the same <paramref name="hash"/> as the message digest (read at
        /// <paramref name="dOff"/>, hash.HashSize bytes), trailer 0xbc, salt of exactly
        /// <paramref name="saltLength"/> bytes. <paramref name="hash"/> is reset and used as scratch.
        /// </summary>
        public bool VerifyPss(byte[] modulus, int mOff, int mLen, byte[] exponent, int eOff, int eLen,
            IHash hash, byte[] digest, int dOff, int saltLength, byte[] signature, int sOff, int sLen)
        {
            if (hash == null)
            {
                throw new System.ArgumentNullException("hash");
            }
            int hLen = hash.HashSize;
            if (hLen <= 0 || hLen > MaxHash)
            {
                throw new System.ArgumentOutOfRangeException("hash");
            }
            CryptoRange.Check(digest, dOff, hLen, "digest");
            if (saltLength < 0)
            {
                throw new System.ArgumentOutOfRangeException("saltLength");
            }

            // §8.1.2 steps 1–2: length check, RSAVP1, m into _em (k bytes).
            if (!RsaVp1(modulus, mOff, mLen, exponent, eOff, eLen, signature, sOff, sLen))
            {
                return false;
            }

            // §8.1.2 step 2c: EM = I2OSP(m, emLen), emLen = ceil(emBits/8), emBits = modBits − 1.
            // When emBits is a multiple of 8, emLen = k − 1 and m's top byte must be zero.
            int emBits = _bits - 1;
            int emLen = (emBits + 7) >> 3;
            int em = _k - emLen;     // offset of EM inside _em: 0 or 1
            if (em == 1 && _em[0] != 0)
            {
                return false;
            }

            // §9.1.2 step 3 (the first test keeps the sum from overflowing).
            if (saltLength > emLen || emLen < hLen + saltLength + 2)
            {
                return false;
            }
            // Step 4: trailer.
            if (_em[em + emLen - 1] != 0xbc)
            {
                return false;
            }
            // Step 5: maskedDB = EM[0 .. dbLen), H = EM[dbLen .. dbLen + hLen).
            int dbLen = emLen - hLen - 1;
            int hOff = em + dbLen;
            // Step 6: the leftmost 8·emLen − emBits bits of maskedDB must be zero.
            int unused = 8 * emLen - emBits;
            int topMask = 0xff >> unused;   // bits allowed in the first byte
            if ((_em[em] & ~topMask & 0xff) != 0)
            {
                return false;
            }

            // Steps 7–8: DB = maskedDB xor MGF1(H, dbLen), in place in _em.
            Mgf1Xor(hash, _em, hOff, hLen, _em, em, dbLen);
            // Step 9: clear the unused top bits.
            _em[em] = (byte)(_em[em] & topMask);

            // Step 10: DB = PS (zeros, dbLen − sLen − 1 bytes) || 0x01 || salt. Accumulated.
            int psLen = dbLen - saltLength - 1;
            uint diff = 0;
            for (int i = 0; i < psLen; i++)
            {
                diff |= _em[em + i];
            }
            diff |= (uint)(_em[em + psLen] ^ 0x01);

            // Steps 12–13: H' = Hash(0x00 × 8 || mHash || salt).
            hash.Reset();
            hash.Update(_zeros, 0, 8);
            hash.Update(digest, dOff, hLen);
            hash.Update(_em, em + dbLen - saltLength, saltLength);
            hash.Finish(_hash, 0);

            // Step 14: H == H'.
            uint same = Ct.BytesEqual(_hash, 0, _em, hOff, hLen) & Ct.IsZero(diff);
            return same != 0;
        }

        // MGF1 (RFC 8017 §B.2.1): dst[off .. off+len) ^= Hash(seed || C) for C = 0, 1, ... (4 bytes
        // big-endian). The seed may lie in dst after the masked range (it does for PSS).
        private void Mgf1Xor(IHash hash, byte[] seed, int seedOff, int seedLen, byte[] dst, int off, int len)
        {
            int hLen = hash.HashSize;
            uint counter = 0;
            int done = 0;
            while (done < len)
            {
                _counter[0] = (byte)(counter >> 24);
                _counter[1] = (byte)(counter >> 16);
                _counter[2] = (byte)(counter >> 8);
                _counter[3] = (byte)counter;
                hash.Reset();
                hash.Update(seed, seedOff, seedLen);
                hash.Update(_counter, 0, 4);
                hash.Finish(_hash, 0);
                int n = len - done;
                if (n > hLen)
                {
                    n = hLen;
                }
                for (int i = 0; i < n; i++)
                {
                    dst[off + done + i] ^= _hash[i];
                }
                done += n;
                counter++;
            }
        }

        // RFC 8017 §8.2.2 step 1 / §8.1.2 step 1 (length), §5.2.2 RSAVP1 (s < n, m = s^e mod n),
        // then I2OSP(m, k) into _em[0 .. k). Validates the key. False on any bad input.
        private bool RsaVp1(byte[] modulus, int mOff, int mLen, byte[] exponent, int eOff, int eLen,
            byte[] signature, int sOff, int sLen)
        {
            CryptoRange.Check(modulus, mOff, mLen, "modulus");
            CryptoRange.Check(exponent, eOff, eLen, "exponent");
            CryptoRange.Check(signature, sOff, sLen, "signature");

            // Ignore leading zero bytes of n and e (INTEGER encodings).
            while (mLen > 0 && modulus[mOff] == 0)
            {
                mOff++;
                mLen--;
            }
            while (eLen > 0 && exponent[eOff] == 0)
            {
                eOff++;
                eLen--;
            }
            if (mLen < MinModulusBits / 8 || mLen > MaxBytes)
            {
                return false;
            }
            int len = (mLen + 3) >> 2;
            BigNat.FromBigEndian(modulus, mOff, mLen, _n, len);
            int bits = BigNat.BitLength(_n, len);
            if (bits < MinModulusBits || bits > MaxModulusBits || (_n[0] & 1u) == 0)
            {
                return false;
            }
            // Exponent: odd, ≥ 3 (e = 1 is the identity), no longer than the modulus.
            if (eLen == 0 || eLen > mLen || (exponent[eOff + eLen - 1] & 1) == 0
                || (eLen == 1 && exponent[eOff] == 1))
            {
                return false;
            }
            // §8.2.2 step 1 / §8.1.2 step 1: the signature is exactly k bytes.
            if (sLen != mLen)
            {
                return false;
            }
            // §5.2.2 step 1: s < n (OS2IP of k bytes fits in len limbs).
            BigNat.FromBigEndian(signature, sOff, sLen, _base, len);
            if (BigNat.LessThan(_base, _n, len) == 0)
            {
                return false;
            }

            _bits = bits;
            _k = mLen;

            uint n0inv = BigNat.NegInverse32(_n[0]);
            BigNat.MontgomeryR2(_r2, _n, bits, n0inv, len, _t);

            // s into Montgomery form: s·R = MontMul(s, R^2).
            BigNat.MontMul(_base, _base, _r2, _n, n0inv, len, _t);

            // Left-to-right square-and-multiply over e's bits (public), from the top set bit.
            for (int i = 0; i < len; i++)
            {
                _acc[i] = _base[i];
            }
            int topByte = exponent[eOff];
            int topBit = 7;
            while (((topByte >> topBit) & 1) == 0)
            {
                topBit--;
            }
            int bit = topBit - 1;
            for (int i = 0; i < eLen; i++)
            {
                int b = exponent[eOff + i];
                for (; bit >= 0; bit--)
                {
                    BigNat.MontSquare(_acc, _acc, _n, n0inv, len, _t);
                    if (((b >> bit) & 1) != 0)
                    {
                        BigNat.MontMul(_acc, _acc, _base, _n, n0inv, len, _t);
                    }
                }
                bit = 7;
            }

            // Out of Montgomery form: MontMul(acc, 1) = acc·R^-1.
            for (int i = 0; i < len; i++)
            {
                _one[i] = 0;
            }
            _one[0] = 1;
            BigNat.MontMul(_acc, _acc, _one, _n, n0inv, len, _t);

            // I2OSP(m, k): m < n < 256^k so it always fits.
            BigNat.ToBigEndian(_acc, len, _em, 0, mLen);
            return true;
        }
    }
}
