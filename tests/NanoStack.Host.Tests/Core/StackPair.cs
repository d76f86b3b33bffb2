using System;
using NanoStack.Board.Emulator;
using NanoStack.Iface;
using NanoStack.Link;
using NanoStack.Sockets;
using NanoStack.Wire;

namespace NanoStack.Host.Tests.Core
{
    /// <summary>
    /// Two interfaces on a simulated Ethernet segment with a virtual clock: the whole stack,
    /// nothing mocked. Links may be decorated (fault injection, pcap) per side.
    /// </summary>
    public sealed class StackPair
    {
        public static readonly MacAddress MacA = new MacAddress(0x02, 0, 0, 0, 0, 0x0A);
        public static readonly MacAddress MacB = new MacAddress(0x02, 0, 0, 0, 0, 0x0B);
        public static readonly Ipv4Address AddressA = new Ipv4Address(192, 0, 2, 10);
        public static readonly Ipv4Address AddressB = new Ipv4Address(192, 0, 2, 20);

        public readonly VirtualClock Clock = new VirtualClock();
        public readonly EthernetSegment Segment;
        public readonly Interface A;
        public readonly Interface B;
        public readonly ILink LinkA;
        public readonly ILink LinkB;

        public StackPair(StackLimits limits = null, Func<ILink, ILink> decorateA = null, Func<ILink, ILink> decorateB = null, int latencyMs = 1, uint seed = 1, StackLimits serverLimitsForB = null)
        {
            limits ??= new StackLimits();
            Segment = new EthernetSegment(latencyMs: latencyMs, queueFrames: 256);
            LinkA = Segment.Attach(MacA);
            LinkB = Segment.Attach(MacB);
            if (decorateA != null)
            {
                LinkA = decorateA(LinkA);
            }
            if (decorateB != null)
            {
                LinkB = decorateB(LinkB);
            }
            A = new Interface(limits, LinkA, MacA, new SeededEntropySource(seed));
            B = new Interface(serverLimitsForB ?? limits, LinkB, MacB, new SeededEntropySource(seed + 100));
            A.SetAddress(AddressA, 24, Ipv4Address.Any);
            B.SetAddress(AddressB, 24, Ipv4Address.Any);
        }

        public long Now => Clock.NowMs;

        /// <summary>Polls both sides once at the current time; true if anything happened.</summary>
        public bool PollOnce()
        {
            bool a = A.Poll(Clock.NowMs);
            bool b = B.Poll(Clock.NowMs);
            return a | b;
        }

        /// <summary>Polls until nothing happens, then advances to the next deadline; repeats until
        /// <paramref name="until"/> holds or <paramref name="limitMs"/> of virtual time passed.</summary>
        public bool RunUntil(Func<bool> until, long limitMs = 600_000)
        {
            long end = Clock.NowMs + limitMs;
            while (Clock.NowMs <= end)
            {
                for (int i = 0; i < 10_000 && PollOnce(); i++)
                {
                    if (until())
                    {
                        return true;
                    }
                }
                if (until())
                {
                    return true;
                }
                long next = Math.Min(A.PollAt(Clock.NowMs), B.PollAt(Clock.NowMs));
                if (next == long.MaxValue)
                {
                    return until();
                }
                Clock.AdvanceTo(Math.Max(next, Clock.NowMs + 1));
            }
            return until();
        }
    }
}
