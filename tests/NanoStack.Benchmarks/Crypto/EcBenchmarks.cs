using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using NanoStack.Tls.Crypto;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace NanoStack.Benchmarks.Crypto
{
    /// <summary>
    /// P-256 ECDH shared secret, ECDSA P-256/SHA-256 and P-384/SHA-384 verification (digest given):
    /// NanoStack vs BouncyCastle (managed) vs .NET (native, OpenSSL on Linux).
    /// </summary>
    [MemoryDiagnoser]
    public class EcBenchmarks
    {
        private Ecdh _ecdh;
        private byte[] _d;
        private byte[] _peer;
        private readonly byte[] _shared = new byte[32];
        private ECDHBasicAgreement _bcAgreement;
        private ECPublicKeyParameters _bcPeer;
        private ECDiffieHellman _netOwn;
        private ECDiffieHellmanPublicKey _netPeer;

        private Verify _v256;
        private Verify _v384;

        private sealed class Verify
        {
            public EcdsaVerifier Ours;
            public byte[] Pub;
            public byte[] Digest;
            public byte[] Raw;
            public int Len;
            public ECDsaSigner Bc;
            public BcBigInteger R;
            public BcBigInteger S;
            public ECDsa Net;
        }

        [GlobalSetup]
        public void Setup()
        {
            _ecdh = Ecdh.P256();
            var own = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
            var peer = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
            ECParameters ownP = own.ExportParameters(true);
            ECParameters peerP = peer.ExportParameters(false);
            _d = ownP.D;
            _peer = Uncompressed(peerP.Q);
            _netOwn = own;
            _netPeer = peer.PublicKey;

            X9ECParameters x9 = ECNamedCurveTable.GetByName("P-256");
            var domain = new ECDomainParameters(x9);
            _bcAgreement = new ECDHBasicAgreement();
            _bcAgreement.Init(new ECPrivateKeyParameters(new BcBigInteger(1, _d), domain));
            _bcPeer = new ECPublicKeyParameters(x9.Curve.DecodePoint(_peer), domain);

            _v256 = MakeVerify(ECCurve.NamedCurves.nistP256, "P-256", EcdsaVerifier.P256(), SHA256.HashData(new byte[100]));
            _v384 = MakeVerify(ECCurve.NamedCurves.nistP384, "P-384", EcdsaVerifier.P384(), SHA384.HashData(new byte[100]));
        }

        private static Verify MakeVerify(ECCurve curve, string name, EcdsaVerifier ours, byte[] digest)
        {
            var key = ECDsa.Create(curve);
            byte[] pub = Uncompressed(key.ExportParameters(false).Q);
            byte[] raw = key.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            int len = raw.Length / 2;
            X9ECParameters x9 = ECNamedCurveTable.GetByName(name);
            var domain = new ECDomainParameters(x9);
            var bc = new ECDsaSigner();
            bc.Init(false, new ECPublicKeyParameters(x9.Curve.DecodePoint(pub), domain));
            return new Verify
            {
                Ours = ours,
                Pub = pub,
                Digest = digest,
                Raw = raw,
                Len = len,
                Bc = bc,
                R = new BcBigInteger(1, raw, 0, len),
                S = new BcBigInteger(1, raw, len, len),
                Net = key,
            };
        }

        private static byte[] Uncompressed(ECPoint q)
        {
            byte[] b = new byte[1 + q.X.Length * 2];
            b[0] = 4;
            q.X.CopyTo(b, 1);
            q.Y.CopyTo(b, 1 + q.X.Length);
            return b;
        }

        [Benchmark]
        public bool EcdhP256_NanoStack() => _ecdh.ComputeSharedSecret(_d, _peer, 0, _peer.Length, _shared);

        [Benchmark]
        public object EcdhP256_BouncyCastle() => _bcAgreement.CalculateAgreement(_bcPeer);

        [Benchmark]
        public byte[] EcdhP256_DotNet() => _netOwn.DeriveRawSecretAgreement(_netPeer);

        [Benchmark]
        public bool VerifyP256_NanoStack() => Run(_v256);

        [Benchmark]
        public bool VerifyP256_BouncyCastle() => _v256.Bc.VerifySignature(_v256.Digest, _v256.R, _v256.S);

        [Benchmark]
        public bool VerifyP256_DotNet() => _v256.Net.VerifyHash(_v256.Digest, _v256.Raw);

        [Benchmark]
        public bool VerifyP384_NanoStack() => Run(_v384);

        [Benchmark]
        public bool VerifyP384_BouncyCastle() => _v384.Bc.VerifySignature(_v384.Digest, _v384.R, _v384.S);

        [Benchmark]
        public bool VerifyP384_DotNet() => _v384.Net.VerifyHash(_v384.Digest, _v384.Raw);

        private static bool Run(Verify v) =>
            v.Ours.Verify(v.Pub, 0, v.Pub.Length, v.Digest, 0, v.Digest.Length, v.Raw, 0, v.Len, v.Raw, v.Len, v.Len);
    }
}
