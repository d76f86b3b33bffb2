using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace NanoStack.Board.Linux
{
    /// <summary>
    /// A throw-away network namespace holding the kernel's side of a TAP link: the device is
    /// created in the caller's namespace (the stack keeps its descriptor), moved into the new
    /// namespace and given the kernel's address there. The namespace has only loopback and that
    /// device, so nothing it sends can leave the machine. <see cref="Dispose"/> stops every process
    /// started in it (by PID), closes the devices and deletes the namespace, which removes the
    /// devices with it; it also runs when a test fails, from the test's <c>using</c>.
    /// Addresses come from 192.0.2.0/24 (TEST-NET-1, RFC 5737): kernel .1, NanoStack .2.
    /// </summary>
    public sealed class NetworkNamespace : IDisposable
    {
        /// <summary>The kernel's address inside the namespace.</summary>
        public const string KernelAddress = "192.0.2.1";

        /// <summary>The address NanoStack takes on the TAP link.</summary>
        public const string StackAddress = "192.0.2.2";

        public const int PrefixLength = 24;

        private static int s_counter;
        private readonly List<Process> _processes = new();
        private readonly List<TapLink> _taps = new();
        private bool _disposed;

        private NetworkNamespace(string name) => Name = name;

        public string Name { get; }

        /// <summary>True when this process can create namespaces and TAP devices: root, with
        /// <c>/dev/net/tun</c> and the <c>ip</c> tool present.</summary>
        public static bool IsSupported =>
            OperatingSystem.IsLinux() && Environment.UserName == "root" && File.Exists("/dev/net/tun") && FindIp() != null;

        /// <summary>Why <see cref="IsSupported"/> is false, for skip and failure messages.</summary>
        public static string Requirement => "root, /dev/net/tun and iproute2 (ip) for a network namespace with a TAP device";

        /// <summary>Creates a namespace with a unique name (prefix, PID and a counter).</summary>
        public static NetworkNamespace Create(string prefix = "nstk")
        {
            string name = prefix + Environment.ProcessId + "x" + Interlocked.Increment(ref s_counter);
            var ns = new NetworkNamespace(name);
            ns.Ip("netns add " + name);
            try
            {
                ns.Ip("-n " + name + " link set lo up");
            }
            catch
            {
                ns.Dispose();
                throw;
            }
            return ns;
        }

        /// <summary>
        /// Creates a TAP device, moves it into the namespace, gives the kernel
        /// <paramref name="kernelAddress"/>/<paramref name="prefixLength"/> on it and brings it up.
        /// The returned link is the stack's end. <paramref name="tun"/>: a TUN device instead (see
        /// <see cref="TapLink"/> on how the link emulates Ethernet then).
        /// </summary>
        public TapLink AddTap(string kernelAddress = KernelAddress, int prefixLength = PrefixLength, int mtu = 1500, bool tun = false)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            string device = NewDeviceName();
            TapLink tap = TapLink.Open(device, mtu, tun);
            _taps.Add(tap);
            Ip("link set dev " + tap.Name + " netns " + Name);
            Ip("-n " + Name + " link set dev " + tap.Name + " mtu " + mtu);
            Ip("-n " + Name + " addr add " + kernelAddress + "/" + prefixLength + " dev " + tap.Name);
            Ip("-n " + Name + " link set dev " + tap.Name + " up");
            return tap;
        }

        /// <summary>
        /// Moves a device another process created in this process's namespace (the lwIP
        /// reference's TAP device) into the namespace and gives the kernel its address there.
        /// </summary>
        public void AdoptDevice(string device, string kernelAddress = KernelAddress, int prefixLength = PrefixLength)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Ip("link set dev " + device + " netns " + Name);
            Ip("-n " + Name + " addr add " + kernelAddress + "/" + prefixLength + " dev " + device);
            Ip("-n " + Name + " link set dev " + device + " up");
        }

        /// <summary>A device name unique to this process, at most 15 bytes.</summary>
        public static string NewDeviceName() => "nt" + Environment.ProcessId % 100000 + "x" + Interlocked.Increment(ref s_counter);

        /// <summary>Runs a command inside the namespace to completion (bounded by
        /// <paramref name="timeoutMs"/>, then killed) and returns its exit code and output.</summary>
        public CommandResult Run(string file, string arguments, int timeoutMs = 30_000)
        {
            using Process p = StartProcess(file, arguments);
            string stdout = "", stderr = "";
            var so = p.StandardOutput.ReadToEndAsync();
            var se = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeoutMs))
            {
                Kill(p);
                return new CommandResult(-1, so.IsCompleted ? so.Result : "", "timed out after " + timeoutMs + " ms");
            }
            p.WaitForExit();
            stdout = so.Result;
            stderr = se.Result;
            _processes.Remove(p);
            return new CommandResult(p.ExitCode, stdout, stderr);
        }

        /// <summary>Starts a long-running command inside the namespace; it is stopped by PID in
        /// <see cref="Stop"/> or <see cref="Dispose"/>.</summary>
        public Process Start(string file, string arguments) => StartProcess(file, arguments);

        /// <summary>Stops a process started here (SIGKILL to its tree, by PID) and waits for it.</summary>
        public void Stop(Process process)
        {
            Kill(process);
            _processes.Remove(process);
            process.Dispose();
        }

        private Process StartProcess(string file, string arguments)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var psi = new ProcessStartInfo(FindIp(), "netns exec " + Name + " " + file + " " + arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            Process p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + file);
            _processes.Add(p);
            return p;
        }

        private static void Kill(Process p)
        {
            try
            {
                if (!p.HasExited)
                {
                    p.Kill(entireProcessTree: true);
                    p.WaitForExit(5_000);
                }
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }

        private void Ip(string arguments)
        {
            var psi = new ProcessStartInfo(FindIp() ?? "ip", arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using Process p = Process.Start(psi) ?? throw new InvalidOperationException("could not run ip");
            string err = p.StandardError.ReadToEnd();
            p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(10_000))
            {
                Kill(p);
                throw new InvalidOperationException("ip " + arguments + ": timed out");
            }
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException("ip " + arguments + " failed (" + p.ExitCode + "): " + err.Trim());
            }
        }

        private static string FindIp()
        {
            foreach (string dir in new[] { "/usr/sbin", "/sbin", "/usr/bin", "/bin" })
            {
                string path = Path.Combine(dir, "ip");
                if (File.Exists(path))
                {
                    return path;
                }
            }
            return null;
        }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            foreach (Process p in _processes.ToArray())
            {
                Kill(p);
                p.Dispose();
            }
            _processes.Clear();
            foreach (TapLink tap in _taps)
            {
                tap.Dispose();
            }
            _taps.Clear();
            try
            {
                Ip("netns del " + Name);
            }
            catch (InvalidOperationException)
            {
                // Already gone; nothing else to release.
            }
        }

        public override string ToString() => "netns " + Name;
    }

    /// <summary>Exit code and output of a command run in a namespace.</summary>
    public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
    {
        public override string ToString() => "exit " + ExitCode + (StandardError.Length > 0 ? ": " + StandardError.Trim() : "");
    }
}
