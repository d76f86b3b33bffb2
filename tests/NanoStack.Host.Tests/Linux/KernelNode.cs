using System;
using System.Diagnostics;
using System.IO;
using NanoStack.Board.Linux;
using NanoStack.Host.Tests.Support;
using NanoStack.Iface;
using NanoStack.Link;
using NanoStack.Wire;

namespace NanoStack.Host.Tests.Linux
{
    /// <summary>
    /// NanoStack on a TAP device whose other end is the kernel in a namespace the test creates
    /// (kernel 192.0.2.1, NanoStack 192.0.2.2, no route out), with a real-time poll loop,
    /// optional fault injection on NanoStack's side of the link and an optional tcpdump capture
    /// inside the namespace that tshark checks afterwards.
    /// </summary>
    internal sealed class KernelNode : IStackRunner, IDisposable
    {
        public static readonly MacAddress Mac = new MacAddress(0x02, 0x4E, 0x53, 0, 0, 0x02);
        public static readonly Ipv4Address Kernel = new Ipv4Address(192, 0, 2, 1);
        public static readonly Ipv4Address Us = new Ipv4Address(192, 0, 2, 2);
        public const string Python = "/usr/bin/python3";

        public readonly NetworkNamespace Ns;
        public readonly TapLink Tap;
        public readonly FaultInjectorLink Faults;
        public readonly Interface Iface;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private Process _capture;
        private string _capturePath;

        public KernelNode(int sockets = 4, int ring = 8760)
        {
            Ns = NetworkNamespace.Create();
            Tap = Ns.AddTap();
            Faults = new FaultInjectorLink(Tap, 99, 1024, 4 << 20);
            var limits = new StackLimits { MaxTcpSockets = sockets, TcpListenBacklog = sockets - 1, TcpReceiveBufferSize = ring, TcpSendBufferSize = ring, TcpMaxGaps = 8 };
            Iface = new Interface(limits, Faults, Mac, new OsEntropySource());
            Iface.SetAddress(Us, 24, Kernel);
        }

        public static void Require()
        {
            TestEnvironment.Require(NetworkNamespace.IsSupported, NetworkNamespace.Requirement);
            TestEnvironment.Require(File.Exists(Python), "python3 (apt package python3) for the kernel-side peers");
        }

        public long Now => _clock.ElapsedMilliseconds;

        long IStackRunner.NowMs => Now;

        /// <summary>The poll loop as an <see cref="IStackRunner"/>, for blocking channels (TCP, TLS).</summary>
        public void RunOnce(long untilMs)
        {
            bool progress = false;
            while (Iface.Poll(Now))
            {
                progress = true;
            }
            if (progress)
            {
                return;
            }
            long wait = Math.Min(Iface.PollAt(Now), untilMs) - Now;
            Tap.WaitReadable((int)Math.Clamp(wait, 0, 50));
        }

        /// <summary>Runs the poll loop until <paramref name="until"/> holds or the time runs out.</summary>
        public bool Pump(Func<bool> until, int timeoutMs)
        {
            var watch = Stopwatch.StartNew();
            while (watch.ElapsedMilliseconds < timeoutMs)
            {
                while (Iface.Poll(Now))
                {
                }
                if (until())
                {
                    return true;
                }
                long wait = Iface.PollAt(Now) - Now;
                Tap.WaitReadable((int)Math.Clamp(wait, 0, 10));
            }
            return until();
        }

        /// <summary>A python3 program in the namespace; waits for its "ready" line when asked.</summary>
        public Process StartPython(string script, bool waitReady)
        {
            Process p = Ns.Start(Python, "-c \"" + script.Replace("\"", "\\\"") + "\"");
            if (waitReady && p.StandardOutput.ReadLine() != "ready")
            {
                throw new InvalidOperationException("peer did not start: " + p.StandardError.ReadToEnd());
            }
            return p;
        }

        /// <summary>Starts tcpdump on the TAP device inside the namespace.</summary>
        public bool StartCapture()
        {
            string tcpdump = File.Exists("/usr/bin/tcpdump") ? "/usr/bin/tcpdump" : File.Exists("/usr/sbin/tcpdump") ? "/usr/sbin/tcpdump" : null;
            if (tcpdump == null)
            {
                return false;
            }
            _capturePath = Path.Combine(Path.GetTempPath(), "nanostack-" + Ns.Name + ".pcap");
            _capture = Ns.Start(tcpdump, "-i " + Tap.Name + " -U -w " + _capturePath + " -s 256");
            // tcpdump reports on stderr once it listens.
            string line = _capture.StandardError.ReadLine();
            System.Threading.Thread.Sleep(300); // the capture socket is bound just after the message
            return line != null && line.Contains("listening");
        }

        /// <summary>Stops the capture and asks tshark for malformed packets and bad checksums; returns
        /// the expert summary (empty of errors when all is well) and the packet count.</summary>
        public (string Problems, int Packets) CheckCapture()
        {
            // SIGINT lets tcpdump finish the file; SIGKILL could cut the last record.
            kill(_capture.Id, 2);
            _capture.WaitForExit(3_000);
            System.Threading.Thread.Sleep(100);
            Ns.Stop(_capture);
            _capture = null;
            string tshark = File.Exists("/usr/bin/tshark") ? "/usr/bin/tshark" : null;
            if (tshark == null)
            {
                return ("", -1);
            }
            string checks = "-o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE";
            string count = Run(tshark, "-n -r " + _capturePath + " " + checks + " -T fields -e frame.number");
            string problems = Run(tshark, "-n -r " + _capturePath + " " + checks + " -Y \"_ws.malformed || _ws.expert.severity >= error || ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0\" -T fields -e frame.number -e _ws.expert.message");
            File.Delete(_capturePath);
            return (problems.Trim(), count.Trim().Length == 0 ? 0 : count.Trim().Split('\n').Length);
        }

        [System.Runtime.InteropServices.DllImport("libc")]
        private static extern int kill(int pid, int signal);

        private static string Run(string file, string args)
        {
            var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
            using Process p = Process.Start(psi);
            var error = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            error.Wait();
            p.WaitForExit(60_000);
            return output;
        }

        public void Dispose()
        {
            if (_capture != null && !_capture.HasExited)
            {
                Ns.Stop(_capture);
            }
            Ns.Dispose();
        }
    }
}
