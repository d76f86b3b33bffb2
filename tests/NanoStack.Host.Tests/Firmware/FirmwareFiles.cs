using System;
using System.Diagnostics;
using System.IO;
using NanoStack.Host.Tests.Support;

namespace NanoStack.Host.Tests.Firmware
{
    /// <summary>Locates the repository's firmware/ and boards/ folders and runs host tools on them.</summary>
    public static class FirmwareFiles
    {
        public static string RepoRoot => Path.GetFullPath(Path.Combine(TestData.Root, "..", ".."));

        public static string PathOf(params string[] parts)
        {
            string path = RepoRoot;
            foreach (string part in parts)
            {
                path = Path.Combine(path, part);
            }
            return path;
        }

        /// <summary>The full path of an executable found on PATH, or null.</summary>
        public static string FindOnPath(string name)
        {
            string path = Environment.GetEnvironmentVariable("PATH") ?? "";
            foreach (string dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
            return null;
        }

        public static (int Exit, string Output, string Error) Run(string file, params string[] args)
        {
            var psi = new ProcessStartInfo(file)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = RepoRoot,
            };
            foreach (string arg in args)
            {
                psi.ArgumentList.Add(arg);
            }
            using Process process = Process.Start(psi);
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(60_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException(file + " did not finish within 60 s");
            }
            return (process.ExitCode, stdout, stderr.Result);
        }
    }
}
