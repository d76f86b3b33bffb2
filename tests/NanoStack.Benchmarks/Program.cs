using BenchmarkDotNet.Running;

namespace NanoStack.Benchmarks
{
    public static class Program
    {
        public static void Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "tls")
            {
                // A bench command rather than BenchmarkDotNet: only the client's calls are timed.
                Tls.TlsHandshakeBench.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200);
                return;
            }
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }
    }
}
