using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using NanoStack.Board.Emulator;
using NanoStack.Board.Linux;
using NanoStack.Iface;
using NanoStack.Link;
using NanoStack.Sockets;
using NanoStack.Wire;

namespace NanoStack.Cli
{
    /// <summary>
    /// <c>nanostack ping</c> and <c>nanostack tcp connect|listen</c> on the Linux board: NanoStack on a
    /// TAP device, either in a namespace created for the run (kernel 192.0.2.1, NanoStack
    /// 192.0.2.2, no route out) or attached to an existing TAP device by name with the address,
    /// prefix, gateway and MAC given. <c>--pcap</c> writes every frame NanoStack sends and receives.
    /// Needs root; stops cleanly on SIGTERM and Ctrl-C.
    /// </summary>
    public sealed class LinuxCommands : IDisposable
    {
        public sealed class Options
        {
            public string Tap;
            public string Address = NetworkNamespace.StackAddress;
            public int Prefix = NetworkNamespace.PrefixLength;
            public string Gateway = NetworkNamespace.KernelAddress;
            public string Mac = "02:4e:53:00:00:02";
            public string Pcap;
        }

        private readonly TextWriter _out;
        private readonly NetworkNamespace _ns;
        private readonly TapLink _tap;
        private readonly PcapLink _pcap;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private volatile bool _stop;
        private readonly PosixSignalRegistration _term;
        private readonly PosixSignalRegistration _int;

        public Interface Iface { get; }

        private LinuxCommands(TextWriter output, Options o)
        {
            _out = output;
            if (!MacAddress.TryParse(o.Mac, out MacAddress mac) || !Ipv4Address.TryParse(o.Address, out Ipv4Address address)
                || !Ipv4Address.TryParse(o.Gateway, out Ipv4Address gateway))
            {
                throw new ArgumentException("bad --mac, --ip or --gateway");
            }
            if (o.Tap == null)
            {
                _ns = NetworkNamespace.Create("nscli");
                _tap = _ns.AddTap();
                _out.WriteLine("namespace " + _ns.Name + ": kernel " + NetworkNamespace.KernelAddress + ", NanoStack " + o.Address + " on " + _tap.Name);
            }
            else
            {
                _tap = TapLink.Open(o.Tap);
                _out.WriteLine("attached to " + _tap.Name + " as " + o.Address + "/" + o.Prefix);
            }
            ILink link = _tap;
            if (o.Pcap != null)
            {
                _pcap = PcapLink.Create(_tap, o.Pcap);
                link = _pcap;
            }
            var limits = new StackLimits { MaxTcpSockets = 4, TcpListenBacklog = 3, TcpReceiveBufferSize = 8760, TcpSendBufferSize = 8760 };
            Iface = new Interface(limits, link, mac, new OsEntropySource());
            Iface.SetAddress(address, o.Prefix, gateway);
            _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; _stop = true; });
            _int = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; _stop = true; });
        }

        /// <summary>Null (after printing why) when root or the device is missing.</summary>
        public static LinuxCommands Open(TextWriter output, Options o)
        {
            if (!NetworkNamespace.IsSupported)
            {
                output.WriteLine("this command needs " + NetworkNamespace.Requirement + " (run as root)");
                return null;
            }
            try
            {
                return new LinuxCommands(output, o);
            }
            catch (Exception e) when (e is ArgumentException || e is InvalidOperationException || e is UnauthorizedAccessException)
            {
                output.WriteLine("cannot start: " + e.Message);
                return null;
            }
        }

        public long Now => _clock.ElapsedMilliseconds;

        public bool Stopped => _stop;

        /// <summary>Polls until <paramref name="until"/>, SIGTERM/Ctrl-C, or the time limit.</summary>
        public bool Pump(Func<bool> until, int timeoutMs)
        {
            var watch = Stopwatch.StartNew();
            while (!_stop && watch.ElapsedMilliseconds < timeoutMs)
            {
                while (Iface.Poll(Now))
                {
                }
                if (until())
                {
                    return true;
                }
                long wait = Iface.PollAt(Now) - Now;
                _tap.WaitReadable((int)Math.Clamp(wait, 0, 20));
            }
            return until();
        }

        public static int Ping(TextWriter output, Options o, string target, int count)
        {
            using LinuxCommands c = Open(output, o);
            if (c == null)
            {
                return 2;
            }
            if (!Ipv4Address.TryParse(target ?? o.Gateway, out Ipv4Address to))
            {
                output.WriteLine("bad address " + target);
                return 2;
            }
            int received = 0;
            for (ushort seq = 1; seq <= count && !c.Stopped; seq++)
            {
                c.Iface.Ping(c.Now, to, 0x4E53, seq, 56);
                Ipv4Address from = Ipv4Address.Any;
                long rtt = 0;
                if (c.Pump(() => c.Iface.TryGetPingReply(out from, out rtt), 2000))
                {
                    received++;
                    output.WriteLine("64 bytes from " + from + ": icmp_seq=" + seq + " time=" + rtt + " ms");
                }
                else
                {
                    output.WriteLine("no reply for icmp_seq=" + seq);
                }
                c.Pump(() => false, 200);
            }
            output.WriteLine(count + " sent, " + received + " received");
            return received > 0 ? 0 : 1;
        }

        public static int Connect(TextWriter output, Options o, string host, int port, string message)
        {
            using LinuxCommands c = Open(output, o);
            if (c == null)
            {
                return 2;
            }
            if (!Ipv4Address.TryParse(host, out Ipv4Address to))
            {
                output.WriteLine("bad address " + host);
                return 2;
            }
            int h = c.Iface.TcpOpen();
            TcpSocket s = c.Iface.GetTcp(h);
            TcpError e = c.Iface.TcpConnect(c.Now, h, to, (ushort)port);
            if (e != TcpError.None || !c.Pump(() => s.State == TcpState.Established || s.State == TcpState.Closed, 30_000) || s.State != TcpState.Established)
            {
                output.WriteLine("connect failed: " + (e != TcpError.None ? e : s.Error == TcpError.None ? TcpError.TimedOut : s.Error));
                return 1;
            }
            output.WriteLine("connected " + s.LocalAddress + ":" + s.LocalPort + " -> " + to + ":" + port);
            byte[] data = Encoding.UTF8.GetBytes(message + "\n");
            s.Send(data, 0, data.Length);
            c.Iface.TcpClose(h);
            var buffer = new byte[4096];
            c.Pump(() =>
            {
                int n;
                while ((n = s.Receive(buffer, 0, buffer.Length)) > 0)
                {
                    output.Write(Encoding.UTF8.GetString(buffer, 0, n));
                }
                return s.State == TcpState.Closed || s.State == TcpState.TimeWait;
            }, 30_000);
            output.WriteLine("closed (" + TcpSocket.StateName(s.State) + ")");
            return 0;
        }

        /// <summary>Serves one connection at a time on <paramref name="port"/>: echo, discard, or
        /// close-first (read one line, answer it and close first, to exercise the active close).</summary>
        public static int Listen(TextWriter output, Options o, int port, string mode, int connections)
        {
            using LinuxCommands c = Open(output, o);
            if (c == null)
            {
                return 2;
            }
            int listener = c.Iface.TcpOpen();
            c.Iface.TcpListen(listener, (ushort)port);
            output.WriteLine("listening on " + o.Address + ":" + port + " (" + mode + ")");
            var buffer = new byte[4096];
            for (int served = 0; served < connections && !c.Stopped; served++)
            {
                int h = -1;
                if (!c.Pump(() => (h = c.Iface.TcpAccept(listener)) >= 0, int.MaxValue))
                {
                    break;
                }
                TcpSocket s = c.Iface.GetTcp(h);
                s.MslMs = 1000;
                output.WriteLine("accepted " + s.RemoteAddress + ":" + s.RemotePort);
                long total = 0;
                c.Pump(() =>
                {
                    int n;
                    while ((n = s.Receive(buffer, 0, buffer.Length)) > 0)
                    {
                        total += n;
                        if (mode == "echo")
                        {
                            s.Send(buffer, 0, n);
                        }
                        else if (mode == "close-first" && Array.IndexOf(buffer, (byte)'\n', 0, n) >= 0)
                        {
                            s.Send(buffer, 0, n);
                            c.Iface.TcpClose(h);
                            return true;
                        }
                    }
                    if (s.RemoteClosed && s.State == TcpState.CloseWait)
                    {
                        c.Iface.TcpClose(h);
                        return true;
                    }
                    return s.State == TcpState.Closed;
                }, int.MaxValue);
                c.Pump(() => !IsOpen(s), 10_000);
                output.WriteLine("connection done: " + total + " bytes, " + TcpSocket.StateName(s.State));
            }
            return 0;
        }

        private static bool IsOpen(TcpSocket s) => s.State != TcpState.Closed && s.State != TcpState.TimeWait;

        public void Dispose()
        {
            _term.Dispose();
            _int.Dispose();
            _pcap?.Dispose();
            _tap.Dispose();
            _ns?.Dispose();
        }
    }
}
