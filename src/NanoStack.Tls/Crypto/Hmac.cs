namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// HMAC (RFC 2104) over any <see cref="IHash"/>, in one of two shapes. Fast: the key is
    /// processed once, in <see cref="SetKey"/>: the hash states after absorbing K ^ ipad and
    /// K ^ opad are kept in two hash objects and copied (<see cref="IHash.CopyStateTo"/>) into a
    /// working object for each MAC, so a MAC costs the message blocks plus one outer block.
    /// Compact (<see cref="Hmac(IHash)"/>): only the padded key block is kept and both padded
    /// blocks are hashed again for every MAC (two more compressions), saving two hash states
    /// (about 1 KB for SHA-256) where MACs are few, as in the TLS handshake's PRF. Neither
    /// allocates after construction.
    /// </summary>
    /// <remarks>
    /// Implementation notes:
    /// - Three hash objects of one algorithm: the working hash and the two saved padded-key
    ///   states. <see cref="IHash"/> has no clone, so the caller hands all three in (or uses
    ///   <see cref="CreateSha256"/> and friends); the constructor checks that they are distinct
    ///   and that CopyStateTo accepts them (same algorithm).
    /// - Other buffers: the padded key (one hash block, wiped after SetKey) and the inner digest
    ///   (one hash output). For SHA-256 that is 64 + 32 bytes besides the three hash states.
    /// - The key never picks a branch or an index; only its public length does (longer than a
    ///   block: hashed first, RFC 2104 §2). <see cref="Verify"/> compares every byte.
    /// </remarks>
    public sealed class Hmac
    {
        /// <summary>
        /// Shortest tag <see cref="Verify"/> accepts: RFC 2104 §5 advises keeping no less than 80
        /// bits (and at least half the hash output) of a truncated MAC.
        /// </summary>
        public const int MinimumTagLength = 10;

        private readonly IHash _work;
        private readonly IHash _innerStart;
        private readonly IHash _outerStart;
        private readonly byte[] _pad;
        private readonly byte[] _digest;
        private readonly int _hashSize;
        private readonly int _blockSize;
        private bool _keyed;

        /// <summary>
        /// Builds an HMAC from three distinct, fresh hash objects of the same algorithm (for example
        /// three <see cref="Sha256"/>). Their state is overwritten.
        /// </summary>
        public Hmac(IHash work, IHash innerState, IHash outerState)
        {
            if (work == null || innerState == null || outerState == null)
            {
                throw new System.ArgumentNullException(work == null ? "work" : innerState == null ? "innerState" : "outerState");
            }
            if (object.ReferenceEquals(work, innerState) || object.ReferenceEquals(work, outerState) || object.ReferenceEquals(innerState, outerState))
            {
                throw new System.ArgumentException("HMAC needs three distinct hash objects");
            }
            _hashSize = work.HashSize;
            _blockSize = work.BlockSize;
            if (innerState.HashSize != _hashSize || outerState.HashSize != _hashSize
                || innerState.BlockSize != _blockSize || outerState.BlockSize != _blockSize
                || _hashSize <= 0 || _hashSize > _blockSize)
            {
                throw new System.ArgumentException("HMAC needs hash objects of one algorithm");
            }
            // Throws ArgumentException when the algorithms differ; harmless on fresh objects.
            work.Reset();
            work.CopyStateTo(innerState);
            work.CopyStateTo(outerState);
            _work = work;
            _innerStart = innerState;
            _outerStart = outerState;
            _pad = new byte[_blockSize];
            _digest = new byte[_hashSize];
        }

        /// <summary>
        /// The compact shape over one fresh hash object: the padded key is kept instead of the two
        /// padded-key hash states, and every MAC hashes it again (two extra compressions).
        /// </summary>
        public Hmac(IHash work)
        {
            if (work == null)
            {
                throw new System.ArgumentNullException("work");
            }
            _hashSize = work.HashSize;
            _blockSize = work.BlockSize;
            if (_hashSize <= 0 || _hashSize > _blockSize)
            {
                throw new System.ArgumentException("HMAC needs a hash whose output fits in its block");
            }
            work.Reset();
            _work = work;
            _pad = new byte[_blockSize];
            _digest = new byte[_hashSize];
        }

        /// <summary>HMAC-SHA-256 (RFC 4231).</summary>
        public static Hmac CreateSha256()
        {
            return new Hmac(new Sha256(), new Sha256(), new Sha256());
        }

        /// <summary>HMAC-SHA-384 (RFC 4231).</summary>
        public static Hmac CreateSha384()
        {
            return new Hmac(new Sha384(), new Sha384(), new Sha384());
        }

        /// <summary>HMAC-SHA-512 (RFC 4231).</summary>
        public static Hmac CreateSha512()
        {
            return new Hmac(new Sha512(), new Sha512(), new Sha512());
        }

        /// <summary>Full MAC size in bytes (the hash output size).</summary>
        public int MacSize
        {
            get { return _hashSize; }
        }

        /// <summary>Block size of the underlying hash.</summary>
        public int BlockSize
        {
            get { return _blockSize; }
        }

        /// <summary>
        /// Sets the key (any length, empty allowed) and starts a new message. The key bytes are not
        /// kept: only the two padded-key hash states are.
        /// </summary>
        public void SetKey(byte[] key, int offset, int length)
        {
            CryptoRange.Check(key, offset, length, "key");
            byte[] pad = _pad;
            int bs = _blockSize;
            System.Array.Clear(pad, 0, bs);
            if (length > bs)
            {
                // RFC 2104 §2: keys longer than B bytes are first hashed.
                _work.Reset();
                _work.Update(key, offset, length);
                _work.Finish(pad, 0);
            }
            else
            {
                System.Array.Copy(key, offset, pad, 0, length);
            }
            if (_innerStart == null)
            {
                // Compact: keep K0 and start the inner hash.
                _keyed = true;
                StartInner();
                return;
            }
            // RFC 2104 §2 steps (2)-(3): H(K ^ ipad, ...), ipad = 0x36 repeated.
            for (int i = 0; i < bs; i++)
            {
                pad[i] ^= 0x36;
            }
            _innerStart.Reset();
            _innerStart.Update(pad, 0, bs);
            // Steps (5)-(6): H(K ^ opad, ...), opad = 0x5C repeated; 0x36 ^ 0x5C = 0x6A.
            for (int i = 0; i < bs; i++)
            {
                pad[i] ^= 0x6A;
            }
            _outerStart.Reset();
            _outerStart.Update(pad, 0, bs);
            System.Array.Clear(pad, 0, bs);
            _innerStart.CopyStateTo(_work);
            _keyed = true;
        }

        /// <summary>Drops the current message and starts a new one under the same key.</summary>
        public void Reset()
        {
            CheckKeyed();
            StartInner();
        }

        // RFC 2104 §2 steps (2)-(3): the working hash starts with K0 ^ ipad (0x36 repeated).
        private void StartInner()
        {
            if (_innerStart != null)
            {
                _innerStart.CopyStateTo(_work);
                return;
            }
            _work.Reset();
            AbsorbPad(0x36);
        }

        // Steps (5)-(6): the working hash starts again with K0 ^ opad (0x5C repeated).
        private void StartOuter()
        {
            if (_outerStart != null)
            {
                _outerStart.CopyStateTo(_work);
                return;
            }
            _work.Reset();
            AbsorbPad(0x5C);
        }

        private void AbsorbPad(byte mask)
        {
            byte[] pad = _pad;
            int bs = _blockSize;
            for (int i = 0; i < bs; i++)
            {
                pad[i] ^= mask;
            }
            _work.Update(pad, 0, bs);
            for (int i = 0; i < bs; i++)
            {
                pad[i] ^= mask;
            }
        }

        public void Update(byte[] data, int offset, int count)
        {
            CheckKeyed();
            _work.Update(data, offset, count);
        }

        /// <summary>
        /// Writes the full <see cref="MacSize"/>-byte MAC at <paramref name="offset"/> and starts a
        /// new message under the same key.
        /// </summary>
        public void Finish(byte[] output, int offset)
        {
            CheckKeyed();
            CryptoRange.Check(output, offset, _hashSize, "output");
            // RFC 2104 §2 steps (4)-(7): H(K ^ opad, H(K ^ ipad, text)).
            _work.Finish(_digest, 0);
            StartOuter();
            _work.Update(_digest, 0, _hashSize);
            _work.Finish(output, offset);
            System.Array.Clear(_digest, 0, _hashSize);
            StartInner();
        }

        /// <summary>
        /// Finishes the MAC and compares its first <paramref name="length"/> bytes with
        /// <c>tag[offset ..]</c> in constant time (every byte is looked at). Starts a new message.
        /// <paramref name="length"/> must be between <see cref="MinimumTagLength"/> and
        /// <see cref="MacSize"/> (RFC 2104 §5 truncation).
        /// </summary>
        public bool Verify(byte[] tag, int offset, int length)
        {
            CheckKeyed();
            CryptoRange.Check(tag, offset, length, "tag");
            if (length < MinimumTagLength || length > _hashSize)
            {
                throw new System.ArgumentOutOfRangeException("length", "tag length outside [10, MacSize]");
            }
            byte[] mac = _digest;
            // The inner digest, then (once the outer hash has absorbed it) the MAC, in one buffer.
            _work.Finish(mac, 0);
            StartOuter();
            _work.Update(mac, 0, _hashSize);
            _work.Finish(mac, 0);
            StartInner();
            uint equal = Ct.BytesEqual(mac, 0, tag, offset, length);
            System.Array.Clear(mac, 0, _hashSize);
            return equal != 0;
        }

        /// <summary>Forgets the key: every hash state is reset, and the object must be keyed again.</summary>
        public void Clear()
        {
            _work.Reset();
            if (_innerStart != null)
            {
                _innerStart.Reset();
                _outerStart.Reset();
            }
            System.Array.Clear(_pad, 0, _blockSize);
            System.Array.Clear(_digest, 0, _hashSize);
            _keyed = false;
        }

        private void CheckKeyed()
        {
            if (!_keyed)
            {
                throw new System.InvalidOperationException("HMAC key not set");
            }
        }
    }
}
