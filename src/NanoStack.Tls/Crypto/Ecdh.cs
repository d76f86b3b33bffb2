namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// Elliptic-curve Diffie-Hellman on P-256 (secp256r1) or P-384 (secp384r1) with uncompressed
    /// points (SEC 1 §3.3.1; RFC 8422 §5.10 for its use in TLS).
    /// </summary>
    /// <remarks>
    /// Implementation notes
    /// - The private key d is <see cref="PrivateKeyLength"/> (32 or 48) big-endian bytes with 1 &lt;= d &lt; n (SEC 1 §3.2.1); any other
    ///   value is refused (false), checked without branching on the key's bits (only the
    ///   accept/refuse verdict branches).
    /// - The peer's point must be exactly 0x04 || X || Y (65 or 97 bytes) and pass the full public-key
    ///   validation of SEC 1 §3.2.2.1 (<see cref="EcCurve.TryDecodePoint"/>); compressed points,
    ///   the infinity encoding 0x00 and hybrid 0x06/0x07 forms are refused.
    /// - The multiplication d·Q is constant time (<see cref="EcCurve.ScalarMultiply"/>);
    ///   the scalar copy is wiped after use.
    /// - Allocation: the constructor allocates everything (see <see cref="EcCurve"/>:
    ///   <see cref="EcCurve.EnableScalarMultiply"/> adds the 15-entry table); the operations
    ///   allocate nothing. Not safe for concurrent use.
    /// </remarks>
    public sealed class Ecdh
    {
        private readonly EcCurve _curve;
        private readonly uint[] _d;
        private readonly EcProjectivePoint _p;

        private Ecdh(EcCurve curve)
        {
            _curve = curve;
            _curve.EnableScalarMultiply();
            _d = _curve.Order.NewElement();
            _p = _curve.NewPoint();
        }

        /// <summary>
        /// ECDH on P-256; allocates the curve arithmetic (without the verification tables) and
        /// all working memory.
        /// </summary>
        public static Ecdh P256()
        {
            return new Ecdh(EcCurve.Create(256, 0, 0));
        }

        /// <summary>ECDH on P-384; allocates the curve arithmetic and all working memory.</summary>
        public static Ecdh P384()
        {
            return new Ecdh(EcCurve.Create(384, 0, 0));
        }

        /// <summary>
        /// ECDH on the curve of <paramref name="verifier"/>, sharing its curve arithmetic and
        /// scratch. The two objects must not be used concurrently. Allocated here: the
        /// scalar-multiplication table of that curve (on the first Ecdh over it; a verifier alone
        /// never carries it) and the small per-operation state.
        /// </summary>
        public static Ecdh SharingCurveWith(EcdsaVerifier verifier)
        {
            if (verifier == null)
            {
                throw new System.ArgumentNullException("verifier");
            }
            return new Ecdh(verifier.Curve);
        }

        /// <summary>Private key length in bytes (32 or 48).</summary>
        public int PrivateKeyLength
        {
            get { return _curve.ByteLength; }
        }

        /// <summary>Uncompressed public point length in bytes: 0x04 || X || Y (65 or 97).</summary>
        public int PublicKeyLength
        {
            get { return _curve.UncompressedLength; }
        }

        /// <summary>Shared secret length in bytes (the x coordinate: 32 or 48).</summary>
        public int SharedSecretLength
        {
            get { return _curve.ByteLength; }
        }

        /// <summary>
        /// Writes Q = d·G as 0x04 || X || Y into <paramref name="publicKey"/> (<see cref="PublicKeyLength"/> bytes).
        /// Returns false (and writes zeros) when d is 0 or &gt;= n.
        /// </summary>
        public bool ComputePublicKey(byte[] privateKey, byte[] publicKey)
        {
            CheckPrivateKey(privateKey);
            CryptoRange.Check(publicKey, 0, PublicKeyLength, "publicKey");
            if (!LoadPrivateKey(privateKey))
            {
                System.Array.Clear(publicKey, 0, PublicKeyLength);
                return false;
            }
            _curve.SetGenerator(_p);
            _curve.ScalarMultiply(_d, _p, _p);
            Ct.Wipe(_d);
            uint finite = _curve.EncodePoint(_p, publicKey, 0);
            return finite != 0;
        }

        /// <summary>
        /// The shared secret x(d·Q) (<see cref="SharedSecretLength"/> bytes, SEC 1 §3.3.1) into <paramref name="sharedSecret"/>.
        /// Returns false, with zeros written, when the private key is 0 or &gt;= n or when the
        /// peer's point is not a valid uncompressed point on the curve; never throws on the peer's bytes.
        /// </summary>
        public bool ComputeSharedSecret(byte[] privateKey, byte[] peerPoint, int peerOffset, int peerLength, byte[] sharedSecret)
        {
            CheckPrivateKey(privateKey);
            CryptoRange.Check(peerPoint, peerOffset, peerLength, "peerPoint");
            CryptoRange.Check(sharedSecret, 0, SharedSecretLength, "sharedSecret");
            System.Array.Clear(sharedSecret, 0, SharedSecretLength);
            // SEC 1 §3.2.2.1: validate the peer's public key before using it.
            if (!_curve.TryDecodePoint(peerPoint, peerOffset, peerLength, _p))
            {
                return false;
            }
            if (!LoadPrivateKey(privateKey))
            {
                return false;
            }
            _curve.ScalarMultiply(_d, _p, _p);
            Ct.Wipe(_d);
            // SEC 1 §3.3.1 step 2: P = O is an error (impossible for valid d and Q of order n).
            uint finite = _curve.EncodeX(_p, sharedSecret, 0);
            if (finite == 0)
            {
                System.Array.Clear(sharedSecret, 0, SharedSecretLength);
                return false;
            }
            return true;
        }

        // d from PrivateKeyLength big-endian bytes; true when 1 <= d < n (decided without branching on d's bits).
        private bool LoadPrivateKey(byte[] privateKey)
        {
            MontgomeryField order = _curve.Order;
            uint valid = order.Decode(privateKey, 0, _d) & ~order.IsZero(_d);
            if (valid == 0)
            {
                Ct.Wipe(_d);
                return false;
            }
            return true;
        }

        private void CheckPrivateKey(byte[] privateKey)
        {
            if (privateKey == null)
            {
                throw new System.ArgumentNullException("privateKey");
            }
            if (privateKey.Length != PrivateKeyLength)
            {
                throw new System.ArgumentException("the private key length must be PrivateKeyLength", "privateKey");
            }
        }
    }
}
