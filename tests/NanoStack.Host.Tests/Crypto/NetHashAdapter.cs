using System;
using System.Security.Cryptography;
using NanoStack.Tls.Crypto;

namespace NanoStack.Host.Tests.Crypto
{
    /// <summary>
    /// Test-only <see cref="IHash"/> over .NET's <see cref="IncrementalHash"/> (SHA-256/384/512),
    /// so verifiers that need a hash can be tested independently of our own SHA code. Allocates
    /// only in the constructor. <see cref="CopyStateTo"/> is not supported.
    /// </summary>
    public sealed class NetHashAdapter : IHash, IDisposable
    {
        private readonly IncrementalHash _hash;
        private readonly byte[] _discard = new byte[64];

        public NetHashAdapter(HashAlgorithmName name)
        {
            _hash = IncrementalHash.CreateHash(name);
            HashSize = _hash.HashLengthInBytes;
            BlockSize = HashSize > 32 ? 128 : 64;
        }

        public static NetHashAdapter Sha256() => new NetHashAdapter(HashAlgorithmName.SHA256);

        public static NetHashAdapter Sha384() => new NetHashAdapter(HashAlgorithmName.SHA384);

        public static NetHashAdapter Sha512() => new NetHashAdapter(HashAlgorithmName.SHA512);

        public int HashSize { get; }

        public int BlockSize { get; }

        public void Reset()
        {
            _hash.TryGetHashAndReset(_discard, out _);
        }

        public void Update(byte[] data, int offset, int count)
        {
            _hash.AppendData(data, offset, count);
        }

        public void Finish(byte[] output, int offset)
        {
            if (!_hash.TryGetHashAndReset(output.AsSpan(offset, HashSize), out _))
            {
                throw new ArgumentException("output too small");
            }
        }

        public void CopyStateTo(IHash other)
        {
            throw new NotSupportedException("NetHashAdapter cannot copy its state");
        }

        public void Dispose()
        {
            _hash.Dispose();
        }
    }
}
