using System;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using NanoStack.Tls.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace NanoStack.Benchmarks.Crypto
{
    /// <summary>
    /// RSA PKCS#1 v1.5 SHA-256 signature verification (digest given), 2048 and 4096 bits: ours
    /// (key passed as bytes on every call, Montgomery constants computed each time) against
    /// BouncyCastle's managed code and .NET's RSA (OpenSSL on Linux, key imported once).
    ///
    /// BouncyCastle validates every imported public key (small factors, then Miller-Rabin rounds
    /// on the modulus, ~tens of ms). Its <c>RsaKeyParameters</c> reads the limit through
    /// <c>Platform.GetEnvironmentVariable("Org.BouncyCastle.Rsa.MaxMRTests")</c>, i.e. the process
    /// environment; the "_MaxMRTests0" cases set it to "0" while importing (as an application would
    /// set the environment variable), the others clear it (the shipped default: 3 rounds for
    /// 2048 and 4096-bit moduli). "_KeyCached" verifies with key parameters made once.
    /// </summary>
    [MemoryDiagnoser]
    public class RsaVerifierBenchmarks
    {
        private const string MaxMRTests = "Org.BouncyCastle.Rsa.MaxMRTests";

        private readonly RsaVerifier _ours = new RsaVerifier();
        private RSA _net2048, _net4096;
        private byte[] _n2048, _e2048, _s2048, _n4096, _e4096, _s4096, _digest;
        private BcBigInteger _bcN2048, _bcE2048, _bcN4096, _bcE4096;
        private RsaKeyParameters _bcKey2048, _bcKey4096;
        private RsaDigestSigner _bcSigner;

        [GlobalSetup]
        public void Setup()
        {
            _digest = SHA256.HashData(new byte[] { 0x4e, 0x61, 0x6e, 0x6f });
            _net2048 = RSA.Create(2048);
            _net4096 = RSA.Create(4096);
            RSAParameters p2 = _net2048.ExportParameters(false);
            RSAParameters p4 = _net4096.ExportParameters(false);
            _n2048 = p2.Modulus; _e2048 = p2.Exponent;
            _n4096 = p4.Modulus; _e4096 = p4.Exponent;
            _s2048 = _net2048.SignHash(_digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            _s4096 = _net4096.SignHash(_digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            _bcN2048 = new BcBigInteger(1, _n2048); _bcE2048 = new BcBigInteger(1, _e2048);
            _bcN4096 = new BcBigInteger(1, _n4096); _bcE4096 = new BcBigInteger(1, _e4096);
            _bcKey2048 = new RsaKeyParameters(false, _bcN2048, _bcE2048);
            _bcKey4096 = new RsaKeyParameters(false, _bcN4096, _bcE4096);
            _bcSigner = new RsaDigestSigner(new NullDigest(), NistObjectIdentifiers_IdSha256);
            if (!Ours2048() || !Ours4096() || !BouncyCastle2048_KeyCached() || !BouncyCastle4096_KeyCached()
                || !DotNet2048() || !DotNet4096())
            {
                throw new InvalidOperationException("a verifier rejected a valid signature");
            }
        }

        // RsaDigestSigner over NullDigest takes the digest as its "message" and adds the DigestInfo.
        private static readonly Org.BouncyCastle.Asn1.DerObjectIdentifier NistObjectIdentifiers_IdSha256 =
            Org.BouncyCastle.Asn1.Nist.NistObjectIdentifiers.IdSha256;

        [GlobalCleanup]
        public void Cleanup()
        {
            _net2048.Dispose();
            _net4096.Dispose();
        }

        private bool Bc(RsaKeyParameters key, byte[] sig)
        {
            _bcSigner.Init(false, key);
            _bcSigner.BlockUpdate(_digest, 0, _digest.Length);
            return _bcSigner.VerifySignature(sig);
        }

        private bool BcImport(BcBigInteger n, BcBigInteger e, byte[] sig, string mrTests)
        {
            Environment.SetEnvironmentVariable(MaxMRTests, mrTests);
            return Bc(new RsaKeyParameters(false, n, e), sig);
        }

        [Benchmark(Baseline = true)]
        public bool Ours2048() =>
            _ours.VerifyPkcs1(_n2048, 0, _n2048.Length, _e2048, 0, _e2048.Length, RsaVerifier.Sha256, _digest, 0, _s2048, 0, _s2048.Length);

        [Benchmark]
        public bool BouncyCastle2048_Import() => BcImport(_bcN2048, _bcE2048, _s2048, null);

        [Benchmark]
        public bool BouncyCastle2048_Import_MaxMRTests0() => BcImport(_bcN2048, _bcE2048, _s2048, "0");

        [Benchmark]
        public bool BouncyCastle2048_KeyCached() => Bc(_bcKey2048, _s2048);

        [Benchmark]
        public bool DotNet2048() => _net2048.VerifyHash(_digest, _s2048, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        [Benchmark]
        public bool Ours4096() =>
            _ours.VerifyPkcs1(_n4096, 0, _n4096.Length, _e4096, 0, _e4096.Length, RsaVerifier.Sha256, _digest, 0, _s4096, 0, _s4096.Length);

        [Benchmark]
        public bool BouncyCastle4096_Import() => BcImport(_bcN4096, _bcE4096, _s4096, null);

        [Benchmark]
        public bool BouncyCastle4096_Import_MaxMRTests0() => BcImport(_bcN4096, _bcE4096, _s4096, "0");

        [Benchmark]
        public bool BouncyCastle4096_KeyCached() => Bc(_bcKey4096, _s4096);

        [Benchmark]
        public bool DotNet4096() => _net4096.VerifyHash(_digest, _s4096, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}
