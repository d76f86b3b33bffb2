using System;
using System.Diagnostics;
using System.IO;

namespace NanoStack.Board.Linux
{
    /// <summary>
    /// The C programs of the throughput bench (sources in <c>Reference/</c>, copied next to this
    /// assembly): <c>bench_client</c>, the kernel-side client, and <c>lwip_ref</c>, the same
    /// services on lwIP 2.1.3 as the reference embedded stack. Built on first use with
    /// <c>gcc -O2</c> (lwIP from Debian's <c>liblwip-dev</c>, found with pkg-config).
    /// </summary>
    public static class ReferencePrograms
    {
        /// <summary>Why <see cref="IsSupported"/> is false, for skip and failure messages.</summary>
        public const string Requirement = "gcc, pkg-config and liblwip-dev (lwIP 2.1.3) to build the bench reference programs";

        public static bool IsSupported => OperatingSystem.IsLinux() && Which("gcc") && Which("pkg-config") && File.Exists("/usr/include/lwip/lwip/init.h");

        private static string SourceDirectory => Path.Combine(AppContext.BaseDirectory, "Reference");

        /// <summary>Builds both programs into <paramref name="directory"/> (created if needed) and
        /// returns the paths. Throws with the compiler's output when a build fails.</summary>
        public static (string BenchClient, string LwipReference) Build(string directory)
        {
            Directory.CreateDirectory(directory);
            string client = Path.Combine(directory, "bench_client");
            string lwip = Path.Combine(directory, "lwip_ref");
            Run("gcc", "-O2 -Wall -o " + client + " " + Path.Combine(SourceDirectory, "bench_client.c"));
            string flags = Run("pkg-config", "--cflags --libs lwip").Trim();
            Run("gcc", "-O2 -Wall -o " + lwip + " " + Path.Combine(SourceDirectory, "lwip_ref.c") + " " + flags + " -lpthread");
            return (client, lwip);
        }

        private static bool Which(string program)
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
            {
                if (dir.Length > 0 && File.Exists(Path.Combine(dir, program)))
                {
                    return true;
                }
            }
            return false;
        }

        private static string Run(string file, string arguments)
        {
            var psi = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using Process p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + file);
            var err = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(120_000))
            {
                p.Kill(entireProcessTree: true);
                throw new InvalidOperationException(file + " " + arguments + ": timed out");
            }
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException(file + " " + arguments + " failed: " + err.Result.Trim());
            }
            return output;
        }
    }
}
