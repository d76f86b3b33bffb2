using System;

namespace NanoStack.Fuzz
{
    /// <summary>
    /// The fuzz targets by name. Each takes one input and catches nothing: an exception is a
    /// crash the fuzzer reports. Long-lived objects (verifiers, parsers) are built once.
    /// </summary>
    public sealed class FuzzTargets
    {
        public static readonly string[] Names = { "frame", "x509", "tls", "dhcp", "dns", "http" };

        private readonly Pki _pki;
        private readonly X509Target _x509;
        private readonly TlsTarget _tls;
        private readonly DnsTarget _dns = new DnsTarget();
        private readonly HttpTarget _http = new HttpTarget();

        public FuzzTargets() : this(Pki.EmbeddedCa())
        {
        }

        public FuzzTargets(byte[] caDer)
        {
            _pki = new Pki(caDer);
            _x509 = new X509Target(_pki);
            _tls = new TlsTarget(_pki);
        }

        public TlsTarget Tls => _tls;

        public static bool IsTarget(string name) => Array.IndexOf(Names, name) >= 0;

        /// <summary>The entry point of <paramref name="target"/>.</summary>
        public Action<byte[]> For(string target)
        {
            switch (target)
            {
                case "frame": return FrameTarget.Run;
                case "x509": return _x509.Run;
                case "tls": return _tls.Run;
                case "dhcp": return DhcpTarget.Run;
                case "dns": return _dns.Run;
                case "http": return _http.Run;
                default: throw new ArgumentException("unknown target " + target + " (one of " + string.Join(", ", Names) + ")");
            }
        }
    }
}
