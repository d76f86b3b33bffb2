using System;
using BenchmarkDotNet.Attributes;
using Org.BouncyCastle.Crypto.Parameters;

namespace NanoStack.Benchmarks.Crypto
{
    /// <summary>
    /// ChaCha20-Poly1305 seal of a 16 KB record with 13 bytes of AAD (TLS 1.2): ours vs
    /// BouncyCastle's managed AEAD vs .NET's (OpenSSL, where the platform supports it).
    /// </summary>
    [MemoryDiagnoser]
    public class ChaCha20Poly1305Benchmarks
    {
        private readonly byte[] _key = new byte[32];
        private readonly byte[] _nonce = new byte[12];
        private readonly byte[] _aad = new byte[13];
        private readonly byte[] _plaintext = new byte[16384];
        private readonly byte[] _record = new byte[16384 + 16];
        private readonly NanoStack.Tls.Crypto.ChaCha20Poly1305 _ours = new NanoStack.Tls.Crypto.ChaCha20Poly1305();
        private readonly Org.BouncyCastle.Crypto.Modes.ChaCha20Poly1305 _bouncy = new Org.BouncyCastle.Crypto.Modes.ChaCha20Poly1305();
        private AeadParameters[] _bouncyParameters;
        private int _bouncyTurn;
        private System.Security.Cryptography.ChaCha20Poly1305 _dotnet;

        [GlobalSetup]
        public void Setup()
        {
            var rng = new System.Random(3);
            rng.NextBytes(_key);
            rng.NextBytes(_nonce);
            rng.NextBytes(_aad);
            rng.NextBytes(_plaintext);
            _ours.SetKey(_key, 0, _key.Length);
            // Two nonces in turn: BouncyCastle refuses to seal twice under one key and nonce.
            byte[] otherNonce = (byte[])_nonce.Clone();
            otherNonce[11] ^= 1;
            _bouncyParameters = new[]
            {
                new AeadParameters(new KeyParameter(_key), 128, _nonce, _aad),
                new AeadParameters(new KeyParameter(_key), 128, otherNonce, _aad),
            };
            _dotnet = new System.Security.Cryptography.ChaCha20Poly1305(_key);
        }

        [GlobalCleanup]
        public void Cleanup() => _dotnet.Dispose();

        [Benchmark(Baseline = true)]
        public byte[] NanoStack()
        {
            _ours.Seal(_nonce, 0, _aad, 0, _aad.Length, _plaintext, 0, _plaintext.Length, _record, 0, _record, _plaintext.Length);
            return _record;
        }

        [Benchmark]
        public byte[] BouncyCastle()
        {
            // Init (key and nonce) is part of each seal, as it would be per record.
            _bouncyTurn ^= 1;
            _bouncy.Init(true, _bouncyParameters[_bouncyTurn]);
            int n = _bouncy.ProcessBytes(_plaintext, 0, _plaintext.Length, _record, 0);
            _bouncy.DoFinal(_record, n);
            return _record;
        }

        [Benchmark]
        public byte[] DotNet()
        {
            _dotnet.Encrypt(_nonce, _plaintext, _record.AsSpan(0, _plaintext.Length), _record.AsSpan(_plaintext.Length, 16), _aad);
            return _record;
        }
    }
}
