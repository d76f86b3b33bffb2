using System;
using NanoStack.Dhcp;
using NanoStack.Dns;
using NanoStack.Iface;
using NanoStack.Sntp;
using NanoStack.Wifi;

namespace NanoStack.App
{
    /// <summary>
    /// The device's poll loop, the <see cref="IStackRunner"/> that blocking code (the TCP channel,
    /// the TLS driver, the HTTP client, the application's own waits) runs on. One turn polls the
    /// Wi-Fi station, the interface (which reads the link), and the DHCP, DNS and SNTP clients until
    /// nothing moves; if anything moved it returns, otherwise it asks the board to wait until the
    /// earliest deadline of them all (DESIGN.md principle 6: the stack never reads a clock; this
    /// loop is where the board's clock comes in).
    /// </summary>
    public sealed class DeviceLoop : IStackRunner
    {
        /// <summary>Poll rounds in one turn before yielding to the caller even if work remains.</summary>
        public const int MaxRoundsPerTurn = 64;

        private readonly IBoardWait _wait;
        private readonly IWifi _wifi;
        private readonly Interface _iface;
        private readonly DhcpClient _dhcp;
        private readonly DnsClient _dns;
        private readonly SntpClient _sntp;
        private readonly int _sntpHandle;

        public DeviceLoop(IBoardWait wait, IWifi wifi, Interface iface, DhcpClient dhcp, DnsClient dns, SntpClient sntp, int sntpHandle)
        {
            if (wait == null || wifi == null || iface == null || dhcp == null || dns == null || sntp == null)
            {
                throw new ArgumentNullException(wait == null ? "wait" : wifi == null ? "wifi" : iface == null ? "iface" : dhcp == null ? "dhcp" : dns == null ? "dns" : "sntp");
            }
            _wait = wait;
            _wifi = wifi;
            _iface = iface;
            _dhcp = dhcp;
            _dns = dns;
            _sntp = sntp;
            _sntpHandle = sntpHandle;
        }

        public long NowMs
        {
            get { return _wait.NowMs; }
        }

        /// <summary>Turns that found work.</summary>
        public long BusyTurns { get; private set; }

        /// <summary>Turns that waited on the board.</summary>
        public long WaitTurns { get; private set; }

        public void RunOnce(long untilMs)
        {
            bool moved = false;
            for (int round = 0; round < MaxRoundsPerTurn; round++)
            {
                if (!PollAll(_wait.NowMs))
                {
                    break;
                }
                moved = true;
            }
            if (moved)
            {
                BusyTurns++;
                return;
            }
            long now = _wait.NowMs;
            long next = untilMs;
            next = Earlier(next, _wifi.PollAt(now));
            next = Earlier(next, _iface.PollAt(now));
            next = Earlier(next, _dhcp.PollAt(now));
            next = Earlier(next, _dns.PollAt(now));
            next = Earlier(next, _sntp.PollAt(now));
            WaitTurns++;
            _wait.WaitUntil(next);
        }

        /// <summary>Runs the stack until <paramref name="untilMs"/> (the device idles between fetches
        /// here: leases renew, TIME-WAIT ends, the link is watched).</summary>
        public void RunUntil(long untilMs)
        {
            while (_wait.NowMs < untilMs)
            {
                RunOnce(untilMs);
            }
        }

        private bool PollAll(long nowMs)
        {
            bool any = _wifi.Poll(nowMs);
            any |= _iface.Poll(nowMs);
            any |= _dhcp.Poll(nowMs);
            any |= _dns.Poll(nowMs);
            any |= _sntp.Poll(nowMs, _iface, _sntpHandle);
            return any;
        }

        private static long Earlier(long a, long b)
        {
            return b < a ? b : a;
        }
    }
}
