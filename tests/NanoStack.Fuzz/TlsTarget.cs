using System;
using NanoStack.Tls;

namespace NanoStack.Fuzz
{
    /// <summary>
    /// The server's byte stream into a <see cref="TlsClientEngine"/> that has sent its ClientHello
    /// (seeded entropy, fixed time, so a recorded flight still verifies when replayed). Bytes go in
    /// through TryGetRecordSpace/AckRecordBytes in chunks of varying size; records to send are
    /// taken and dropped; application data is read; once established the client sends a request.
    /// An engine that neither finishes nor consumes input is a hang and throws.
    /// </summary>
    public sealed class TlsTarget
    {
        public const uint EntropySeed = 7;

        private readonly Pki _pki;

        public TlsTarget(Pki pki)
        {
            _pki = pki;
        }

        public TlsClientEngine NewEngine(Tls.Crypto.IEntropySource entropy) =>
            new TlsClientEngine(new TlsClientConfig(), entropy, _pki.NewValidator(), _pki.P256, _pki.P384, _pki.Rsa);

        /// <summary>Whether the last input got the engine to ESTABLISHED (the recorded seed does).</summary>
        public bool LastEstablished { get; private set; }

        /// <summary>Why the engine closed on the last input.</summary>
        public TlsFailure LastFailure { get; private set; }

        public void Run(byte[] data)
        {
            LastEstablished = false;
            TlsClientEngine engine = NewEngine(new FixedEntropy(EntropySeed));
            engine.Start(Pki.HostName, Pki.UnixTime, null);
            int p = 0;
            int chunk = 0;
            bool requested = false;
            bool ended = false;
            for (int guard = 0; ; guard++)
            {
                if (guard > 4 * data.Length + 1000)
                {
                    throw new InvalidOperationException("TLS engine made no progress (state " + engine.State + ", flags " + engine.Flags + ")");
                }
                if (engine.TryGetRecordsToSend(out _, out _, out int pending))
                {
                    engine.AckRecordsSent(pending);
                    continue;
                }
                if (engine.TryGetAppData(out _, out _, out int app))
                {
                    engine.AckAppData(app);
                    continue;
                }
                int flags = engine.Flags;
                if ((flags & TlsEngineFlags.Closed) != 0)
                {
                    LastFailure = engine.Failure;
                    return;
                }
                LastEstablished |= engine.IsEstablished;
                if (engine.IsEstablished && !requested && engine.TryGetAppSendSpace(out byte[] sb, out int so, out int sc))
                {
                    requested = true;
                    int n = Math.Min(sc, 3);
                    sb[so] = (byte)'G';
                    if (n > 1) { sb[so + 1] = (byte)'E'; }
                    if (n > 2) { sb[so + 2] = (byte)'T'; }
                    engine.AckAppSend(n);
                    engine.Flush();
                    continue;
                }
                if ((flags & TlsEngineFlags.ReceiveRecord) != 0 && p < data.Length
                    && engine.TryGetRecordSpace(out byte[] rb, out int ro, out int rc))
                {
                    // Chunk sizes cycle so record and message boundaries fall everywhere.
                    chunk = chunk % 7 + 1;
                    int n = Math.Min(Math.Min(rc, data.Length - p), chunk == 7 ? int.MaxValue : chunk * chunk * 13);
                    Array.Copy(data, p, rb, ro, n);
                    p += n;
                    engine.AckRecordBytes(n);
                    continue;
                }
                if (ended)
                {
                    return;
                }
                ended = true;
                engine.EndOfStream();
            }
        }
    }
}
