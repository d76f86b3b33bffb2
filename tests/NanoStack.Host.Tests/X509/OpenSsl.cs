using System;
using System.Diagnostics;
using System.IO;

namespace NanoStack.Host.Tests.X509
{
    /// <summary>Runs the openssl command line in a directory, with a time limit.</summary>
    internal static class OpenSsl
    {
        public static bool Available()
        {
            try
            {
                return Run(Path.GetTempPath(), "version", 20000, out _) == 0;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false;
            }
        }

        public static int Run(string directory, string arguments, int timeoutMs, out string output)
        {
            var psi = new ProcessStartInfo("openssl", arguments)
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            using Process p = Process.Start(psi);
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeoutMs))
            {
                p.Kill(true);
                throw new TimeoutException("openssl " + arguments);
            }
            output = stdout.Result + stderr.Result;
            return p.ExitCode;
        }

        public static void MustRun(string directory, string arguments)
        {
            int rc = Run(directory, arguments, 60000, out string output);
            if (rc != 0)
            {
                throw new InvalidOperationException("openssl " + arguments + " failed (" + rc + "): " + output);
            }
        }
    }
}
