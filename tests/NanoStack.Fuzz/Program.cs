using System;
using System.IO;
using SharpFuzz;

namespace NanoStack.Fuzz
{
    /// <summary>
    /// nanostack-fuzz TARGET                 run TARGET under afl-fuzz (input on stdin, persistent)
    /// nanostack-fuzz run TARGET PATH...     run TARGET once per file (directories: every file), no AFL
    /// nanostack-fuzz seeds [CORPUS] [CA]    write the seed corpora and the CA they trust
    /// Targets: frame, x509, tls, dhcp, dns, http.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length >= 1 && args[0] == "seeds")
            {
                string corpus = args.Length >= 2 ? args[1] : "corpus";
                string ca = args.Length >= 3 ? args[2] : Path.Combine("anchor", "ca.der");
                Seeds.Write(corpus, ca, Console.Out);
                return 0;
            }
            if (args.Length >= 3 && args[0] == "run" && FuzzTargets.IsTarget(args[1]))
            {
                var targets = new FuzzTargets();
                Action<byte[]> target = targets.For(args[1]);
                int n = 0;
                for (int i = 2; i < args.Length; i++)
                {
                    string[] files = Directory.Exists(args[i]) ? Directory.GetFiles(args[i]) : new[] { args[i] };
                    Array.Sort(files, StringComparer.Ordinal);
                    foreach (string file in files)
                    {
                        Console.WriteLine(file);
                        target(File.ReadAllBytes(file));
                        if (args[1] == "tls")
                        {
                            Console.WriteLine("  established " + targets.Tls.LastEstablished + ", closed with " + targets.Tls.LastFailure);
                        }
                        n++;
                    }
                }
                Console.WriteLine(args[1] + ": " + n + " inputs ran");
                return 0;
            }
            if (args.Length == 1 && FuzzTargets.IsTarget(args[0]))
            {
                // Instrumented code may run only inside Fuzzer.Run (the coverage map is set up
                // there): the targets are built on the first input.
                string name = args[0];
                Action<byte[]> target = null;
                Fuzzer.Run(stream =>
                {
                    target ??= new FuzzTargets().For(name);
                    var m = new MemoryStream();
                    stream.CopyTo(m);
                    target(m.ToArray());
                });
                return 0;
            }
            Console.Error.WriteLine("usage: NanoStack.Fuzz TARGET | run TARGET PATH... | seeds [CORPUS] [CA]");
            Console.Error.WriteLine("targets: " + string.Join(", ", FuzzTargets.Names));
            return 2;
        }
    }
}
