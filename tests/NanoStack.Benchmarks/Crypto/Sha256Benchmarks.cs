using BenchmarkDotNet.Attributes;
using NanoStack.Tls.Crypto;
using Org.BouncyCastle.Crypto.Digests;

namespace NanoStack.Benchmarks.Crypto
{
    /// <summary>SHA-256 of 16 KB (a full TLS record's worth): ours vs BouncyCastle's managed digest vs .NET (OpenSSL).</summary>
    [MemoryDiagnoser]
    public class Sha256Benchmarks
    {
        private readonly byte[] _data = new byte[16384];
        private readonly byte[] _output = new byte[32];
        private readonly Sha256 _ours = new Sha256();
        private readonly Sha256Digest _bouncy = new Sha256Digest();

        [GlobalSetup]
        public void Setup() => new System.Random(1).NextBytes(_data);

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
            System.Security.Cryptography.SHA256.HashData(_data, _output);
            return _output;
        }
    }
}
