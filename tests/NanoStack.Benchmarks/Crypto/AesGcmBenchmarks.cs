using System;
using BenchmarkDotNet.Attributes;
using NanoStack.Tls.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace NanoStack.Benchmarks.Crypto
{
    /// <summary>
    /// AES-128-GCM seal of 16 KB (13 bytes of AAD, as a TLS record) and AES-128 block encryption:
    /// NanoStack's bitsliced code vs BouncyCastle's managed GcmBlockCipher/AesEngine vs .NET's
    /// native AesGcm/Aes.
    /// </summary>
    [MemoryDiagnoser]
    public class AesGcmBenchmarks
    {
        private readonly byte[] _key = new byte[16];
        private readonly byte[] _nonce = new byte[12];
        private readonly byte[] _aad = new byte[13];
        private readonly byte[] _plain = new byte[16384];
        private readonly byte[] _cipher = new byte[16384 + 16];
        private readonly byte[] _tag = new byte[16];
        private readonly byte[] _block = new byte[64];

        private NanoStack.Tls.Crypto.AesGcm _ours;
        private Aes _oursAes;
        private GcmBlockCipher _bc;
        private AeadParameters _bcParamsA;
        private AeadParameters _bcParamsB;
        private bool _bcFlip;
        private AesEngine _bcAes;
        private System.Security.Cryptography.AesGcm _net;
        private System.Security.Cryptography.Aes _netAes;

        [GlobalSetup]
        public void Setup()
        {
            var rng = new Random(1);
            rng.NextBytes(_key);
            rng.NextBytes(_nonce);
            rng.NextBytes(_aad);
            rng.NextBytes(_plain);
            rng.NextBytes(_block);

            _ours = new NanoStack.Tls.Crypto.AesGcm();
            _ours.SetKey(_key, 0, 16);
            _oursAes = new Aes();
            _oursAes.SetKey(_key, 0, 16);

            _bc = new GcmBlockCipher(new AesEngine());
            byte[] nonceB = (byte[])_nonce.Clone();
            nonceB[0] ^= 1;
            // BouncyCastle refuses to re-init with the nonce it just used: alternate two.
            _bcParamsA = new AeadParameters(new KeyParameter(_key), 128, _nonce, _aad);
            _bcParamsB = new AeadParameters(new KeyParameter(_key), 128, nonceB, _aad);
            _bcAes = new AesEngine();
            _bcAes.Init(true, new KeyParameter(_key));

            _net = new System.Security.Cryptography.AesGcm(_key, 16);
            _netAes = System.Security.Cryptography.Aes.Create();
            _netAes.Key = _key;
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _net.Dispose();
            _netAes.Dispose();
        }

        [Benchmark]
        public void Gcm16K_NanoStack() =>
            _ours.Seal(_nonce, 0, _aad, 0, _aad.Length, _plain, 0, _plain.Length, _cipher, 0, _tag, 0);

        [Benchmark]
        public int Gcm16K_BouncyCastle()
        {
            _bcFlip = !_bcFlip;
            _bc.Init(true, _bcFlip ? _bcParamsA : _bcParamsB);
            int n = _bc.ProcessBytes(_plain, 0, _plain.Length, _cipher, 0);
            return n + _bc.DoFinal(_cipher, n);
        }

        [Benchmark]
        public void Gcm16K_DotNet() => _net.Encrypt(_nonce, _plain, _cipher.AsSpan(0, _plain.Length), _tag, _aad);

        [Benchmark]
        public void Block_NanoStack() => _oursAes.EncryptBlock(_block, 0, _block, 0);

        [Benchmark]
        public void Blocks4_NanoStack() => _oursAes.EncryptBlocks4(_block, 0, _block, 0);

        [Benchmark]
        public int Block_BouncyCastle() => _bcAes.ProcessBlock(_block, 0, _block, 0);

        [Benchmark]
        public int Block_DotNet() => _netAes.EncryptEcb(_block.AsSpan(0, 16), _block.AsSpan(16, 16), System.Security.Cryptography.PaddingMode.None);
    }
}
