using BenchmarkDotNet.Attributes;
using NanoStack.Tls.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace NanoStack.Benchmarks.Crypto
{
    /// <summary>HMAC-SHA-256 of 1 KB with the key set up once: ours vs BouncyCastle's HMac vs .NET's HMACSHA256.</summary>
    [MemoryDiagnoser]
    public class HmacBenchmarks
    {
        private readonly byte[] _key = new byte[32];
        private readonly byte[] _data = new byte[1024];
        private readonly byte[] _output = new byte[32];
        private readonly Hmac _ours = Hmac.CreateSha256();
        private readonly HMac _bouncy = new HMac(new Sha256Digest());
        private System.Security.Cryptography.HMACSHA256 _dotnet;

        [GlobalSetup]
        public void Setup()
        {
            var rng = new System.Random(2);
            rng.NextBytes(_key);
            rng.NextBytes(_data);
            _ours.SetKey(_key, 0, _key.Length);
            _bouncy.Init(new KeyParameter(_key));
            _dotnet = new System.Security.Cryptography.HMACSHA256(_key);
        }

        [GlobalCleanup]
        public void Cleanup() => _dotnet.Dispose();

        [Benchmark(Baseline = true)]
        public byte[] NanoStack()
        {
            _ours.Update(_data, 0, _data.Length);
            _ours.Finish(_output, 0);
            return _output;
        }

        [Benchmark]
        public byte[] BouncyCastle()
        {
            _bouncy.BlockUpdate(_data, 0, _data.Length);
            _bouncy.DoFinal(_output, 0);
            return _output;
        }

        [Benchmark]
        public byte[] DotNet()
        {
            _dotnet.TryComputeHash(_data, _output, out _);
            return _output;
        }
    }
}
