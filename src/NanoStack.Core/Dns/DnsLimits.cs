using System;

namespace NanoStack.Dns
{
    /// <summary>
    /// The sizes and timers of a <see cref="DnsClient"/> (DESIGN.md principles 4 and 5): the
    /// client allocates everything from these numbers in its constructor.
    ///
    /// Memory with the defaults (<see cref="BufferBytes"/>): receive buffer 512 + query 271 +
    /// reader 2 × 255 + 4 × 4 + 4 × 8 + cache 4 × (255 + 4 × 4) = 2,425 bytes of arrays; the
    /// objects and array headers around them add 1,071 bytes on x64 (3,496 in all, measured by
    /// a host test, DnsClientTests.ConstructionMemory).
    /// </summary>
    public sealed class DnsLimits
    {
        /// <summary>Names remembered with their addresses (0 turns the cache off).</summary>
        public int CacheEntries = 4;

        /// <summary>A records kept per answer (and per cache entry).</summary>
        public int MaxAddresses = 4;

        /// <summary>CNAME records followed in one answer at most (RFC 1034 §3.6.2: chains are
        /// followed and loops detected; the bound keeps the work fixed).</summary>
        public int MaxCnames = 8;

        /// <summary>Datagrams sent per query at most: the first and the retransmissions
        /// (RFC 1123 §6.1.3.3 asks for a bounded number). With two servers they alternate.</summary>
        public int Attempts = 3;

        /// <summary>Wait after the first datagram; each retransmission waits twice as long as the one
        /// before (RFC 1123 §6.1.3.3: exponential backoff). 1000 → 1 s, 2 s, 4 s: 7 s in all.</summary>
        public int InitialTimeoutMs = 1000;

        /// <summary>The longest wait for one attempt, whatever the doubling gives.</summary>
        public int MaxTimeoutMs = 16000;

        /// <summary>Longest time an answer is cached, whatever its TTL (RFC 2181 §8: a resolver
        /// may bound any TTL it receives). One day.</summary>
        public uint MaxCacheTtlSeconds = 86400;

        /// <summary>
        /// Bytes of arrays the client allocates: receive buffer (512) + query (271) + the reader's
        /// two names (2 × 255) and its address and chain slots + per cache entry a name (255) and
        /// its addresses.
        /// </summary>
        public int BufferBytes
        {
            get
            {
                return DnsPacket.MaxUdpLength + DnsQuery.MaxLength
                     + 2 * DnsName.MaxLength + 4 * MaxAddresses + 4 * MaxCnames
                     + CacheEntries * (DnsName.MaxLength + 4 * MaxAddresses);
            }
        }

        /// <summary>Throws <see cref="ArgumentException"/> naming the first value out of range.</summary>
        public void Validate()
        {
            if (CacheEntries < 0 || CacheEntries > 64)
            {
                throw new ArgumentException("CacheEntries must be 0..64", "CacheEntries");
            }
            if (MaxAddresses < 1 || MaxAddresses > 64)
            {
                throw new ArgumentException("MaxAddresses must be 1..64", "MaxAddresses");
            }
            if (MaxCnames < 0 || MaxCnames > 32)
            {
                throw new ArgumentException("MaxCnames must be 0..32", "MaxCnames");
            }
            if (Attempts < 1 || Attempts > 16)
            {
                throw new ArgumentException("Attempts must be 1..16", "Attempts");
            }
            if (InitialTimeoutMs < 1 || InitialTimeoutMs > 60000)
            {
                throw new ArgumentException("InitialTimeoutMs must be 1..60000", "InitialTimeoutMs");
            }
            if (MaxTimeoutMs < InitialTimeoutMs || MaxTimeoutMs > 600000)
            {
                throw new ArgumentException("MaxTimeoutMs must be InitialTimeoutMs..600000", "MaxTimeoutMs");
            }
            if (MaxCacheTtlSeconds < 1 || MaxCacheTtlSeconds > 604800)
            {
                throw new ArgumentException("MaxCacheTtlSeconds must be 1..604800 (a week)", "MaxCacheTtlSeconds");
            }
        }
    }
}
