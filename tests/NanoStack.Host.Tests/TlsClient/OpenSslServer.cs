using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using NanoStack.Host.Tests.Support;
using NanoStack.Host.Tests.X509;

namespace NanoStack.Host.Tests.TlsClient
{
    /// <summary>
    /// <c>openssl s_server</c> as an independent TLS 1.2 server on 127.0.0.1: its chain and key in a
    /// fresh temp directory, started with the given options (e.g. <c>-www</c>, <c>-no_ticket</c>,
    /// <c>-max_send_frag 512</c>), ready once it prints ACCEPT, stopped by PID (SIGTERM, then
    /// kill) in <see cref="Dispose"/>. Its output is kept for assertions and messages.
    /// </summary>
    public sealed class OpenSslServer : IDisposable
    {
        public const string Requirement = "openssl (apt package openssl) for TLS tests against s_server";

        private readonly string _dir;
        private readonly Process _process;
        private readonly StringBuilder _output = new StringBuilder();
        private readonly ManualResetEventSlim _accepting = new ManualResetEventSlim();

        private OpenSslServer(string dir, Process process, int port)
        {
            _dir = dir;
            _process = process;
            Port = port;
        }

        public int Port { get; }

        public IPEndPoint EndPoint => new IPEndPoint(IPAddress.Loopback, Port);

        /// <summary>Everything the server printed so far.</summary>
        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static OpenSslServer Start(TlsTestPki pki, string options)
        {
            TestEnvironment.Require(OpenSsl.Available(), Requirement);
            string dir = Path.Combine(Path.GetTempPath(), "nanostack-s_server-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "leaf.pem"), pki.Leaf.ExportCertificatePem() + "\n");
            File.WriteAllText(Path.Combine(dir, "ca.pem"), pki.Ca.ExportCertificatePem() + "\n");
            File.WriteAllText(Path.Combine(dir, "leaf.key"), pki.LeafKeyPem + "\n");
            int port = FreePort();
            var psi = new ProcessStartInfo("openssl",
                $"s_server -accept 127.0.0.1:{port} -cert leaf.pem -key leaf.key -cert_chain ca.pem -tls1_2 -ign_eof {options}")
            {
                WorkingDirectory = dir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            Process process = Process.Start(psi);
            var server = new OpenSslServer(dir, process, port);
            process.OutputDataReceived += (_, e) => server.Append(e.Data);
            process.ErrorDataReceived += (_, e) => server.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!server._accepting.Wait(10_000) || process.HasExited)
            {
                string output = server.Output;
                server.Dispose();
                throw new InvalidOperationException("openssl s_server did not start: " + output);
            }
            return server;
        }

        private void Append(string line)
        {
            if (line == null)
            {
                return;
            }
            lock (_output)
            {
                _output.AppendLine(line);
            }
            if (line.Contains("ACCEPT"))
            {
                _accepting.Set();
            }
        }

        /// <summary>Types a line on the server's console (s_server commands such as "R": renegotiate).</summary>
        public void Type(string line)
        {
            _process.StandardInput.WriteLine(line);
            _process.StandardInput.Flush();
        }

        /// <summary>Waits until the output contains <paramref name="text"/>.</summary>
        public bool WaitFor(string text, int timeoutMs)
        {
            var watch = Stopwatch.StartNew();
            while (watch.ElapsedMilliseconds < timeoutMs)
            {
                if (Output.Contains(text))
                {
                    return true;
                }
                Thread.Sleep(20);
            }
            return false;
        }

        private static int FreePort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            int port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int signal);

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    kill(_process.Id, 15);
                    if (!_process.WaitForExit(5_000))
                    {
                        _process.Kill(entireProcessTree: true);
                        _process.WaitForExit(5_000);
                    }
                }
            }
            catch (InvalidOperationException)
            {
            }
            _process.Dispose();
            try
            {
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
