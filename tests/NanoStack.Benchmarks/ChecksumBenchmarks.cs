using BenchmarkDotNet.Attributes;
using NanoStack.Wire;

namespace NanoStack.Benchmarks
{
    /// <summary>The Internet checksum over a full Ethernet payload, against a plain byte-pair loop.</summary>
    [MemoryDiagnoser]
    public class ChecksumBenchmarks
    {
        private readonly byte[] _data = new byte[1480];

        [GlobalSetup]
        public void Setup() => new SeededEntropySource(1).GetBytes(_data, 0, _data.Length);

        [Benchmark(Baseline = true)]
        public ushort Reference()
        {
            uint sum = 0;
            for (int i = 0; i + 1 < _data.Length; i += 2)
            {
                sum += (uint)((_data[i] << 8) | _data[i + 1]);
            }
            while ((sum >> 16) != 0)
            {
                sum = (sum & 0xFFFF) + (sum >> 16);
            }
            return (ushort)~sum;
        }

        [Benchmark]
        public ushort NanoStack() => InternetChecksum.Compute(_data, 0, _data.Length);
    }
}
