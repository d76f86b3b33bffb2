using BenchmarkDotNet.Attributes;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Parameters;

namespace NanoStack.Benchmarks.Crypto
{
    /// <summary>
    /// One X25519 shared-secret computation: NanoStack against BouncyCastle's managed code
    /// (the raw Rfc7748.X25519.ScalarMult and the X25519Agreement wrapper). .NET has no X25519:
    /// ECDiffieHellman.Create(ECCurve.CreateFromFriendlyName("curve25519")) throws
    /// PlatformNotSupportedException on Linux (checked on .NET 10), so there is no native row.
    /// </summary>
    [MemoryDiagnoser]
    public class X25519Benchmarks
    {
        private readonly byte[] _private = new byte[32];
        private readonly byte[] _peer = new byte[32];
        private readonly byte[] _shared = new byte[32];
        private readonly NanoStack.Tls.Crypto.X25519 _ours = new NanoStack.Tls.Crypto.X25519();
        private X25519Agreement _agreement;
        private X25519PublicKeyParameters _peerKey;

        [GlobalSetup]
        public void Setup()
        {
            var rng = new System.Random(25519);
            rng.NextBytes(_private);
            byte[] peerPrivate = new byte[32];
            rng.NextBytes(peerPrivate);
            _ours.ComputePublicKey(peerPrivate, 0, _peer, 0);
            _agreement = new X25519Agreement();
            _agreement.Init(new X25519PrivateKeyParameters(_private, 0));
            _peerKey = new X25519PublicKeyParameters(_peer, 0);
        }

        [Benchmark(Baseline = true)]
        public bool NanoStack() => _ours.ComputeSharedSecret(_private, 0, _peer, 0, _shared, 0);

        [Benchmark]
        public void BouncyCastleScalarMult() => Org.BouncyCastle.Math.EC.Rfc7748.X25519.ScalarMult(_private, 0, _peer, 0, _shared, 0);

        [Benchmark]
        public void BouncyCastleAgreement() => _agreement.CalculateAgreement(_peerKey, _shared, 0);
    }
}
