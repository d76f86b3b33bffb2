using System;
using NanoStack.Http;
using NanoStack.Tls;
using NanoStack.Tls.Crypto;
using NanoStack.Tls.X509;

namespace NanoStack.App
{
    /// <summary>
    /// The TLS and HTTP half of the device application, built once from the settings: the P-256
    /// verifier, the trust anchors and chain validator, the TLS client engine with its record
    /// buffers, the session cache, the HTTP client and the body buffer, with the URL's host and
    /// port. The custom-firmware stack (<c>DeviceStack</c>) runs it over NanoStack's own TCP; the
    /// stock-firmware application runs it over the platform's sockets (<c>SocketFetcher</c>).
    /// Every size is a named constant below with the reason for its value.
    /// </summary>
    public sealed class DeviceTls
    {
        // ---------------------------------------------------------------- TLS

        /// <summary>Records we send carry at most 512 bytes of plaintext: a GET is far smaller, a
        /// longer request goes out in several records.</summary>
        public const int SendFragmentLength = 512;

        /// <summary>Largest record plaintext the device receives. RFC 5246 §6.2.1 lets a server send
        /// 2^14 bytes unless a smaller limit was agreed: the client offers record_size_limit
        /// (RFC 8449) and max_fragment_length (RFC 6066 §4) of 2048, and a server that ignores
        /// both and sends a larger record fails the connection with record_overflow (named in the
        /// failure). Set 16384 for such servers (the offers are then left out): 14 KB more.</summary>
        public const int ReceiveFragmentLength = 2048;

        /// <summary>One handshake message at a time (Certificate is streamed to the validator, not
        /// held): ServerHello (~100 bytes), ServerKeyExchange (~150) and a NewSessionTicket
        /// carrying a ticket of up to <see cref="MaxTicketLength"/> (+ 10 bytes of header) fit.</summary>
        public const int HandshakeBufferLength = 640;

        /// <summary>Certificates kept while validating a chain (leaf, intermediate, root): the
        /// validator's window (fewer is cheaper; three covers the usual chains).</summary>
        public const int ValidatorWindow = 3;

        /// <summary>Trust anchors held from <see cref="AppSettings.TrustAnchorsPem"/>.</summary>
        public const int MaxTrustAnchors = 2;

        /// <summary>One server is fetched, so one cached session (RFC 5246 §7.4.1.2 resumption).</summary>
        public const int SessionCacheSlots = 1;

        /// <summary>Longest session ticket kept (RFC 5077 tickets are typically 100 to 250 bytes;
        /// longer ones are not stored and the next handshake is a full one).</summary>
        public const int MaxTicketLength = 512;

        // ---------------------------------------------------------------- HTTP

        /// <summary>Response head: status line and headers of a typical API or page response.</summary>
        public const int HttpHeaderBufferLength = 1024;

        /// <summary>Headers indexed in the response head.</summary>
        public const int HttpMaxHeaderCount = 16;

        /// <summary>Bytes read from the TLS channel at a time while parsing the head.</summary>
        public const int HttpReceiveBufferLength = 256;

        /// <summary>The request head: GET line, Host, User-Agent, Connection.</summary>
        public const int HttpRequestBufferLength = 256;

        /// <summary>Extra request headers: none are added by the application.</summary>
        public const int HttpExtraHeaderBufferLength = 64;

        /// <summary>The body is read through this buffer, counted and digested, then dropped.</summary>
        public const int BodyBufferLength = 256;

        private DeviceTls()
        {
        }

        public TrustAnchorStore Anchors { get; private set; }
        public ChainValidator Validator { get; private set; }
        public TlsClientEngine Engine { get; private set; }
        public TlsSessionCache Sessions { get; private set; }
        public HttpClient Http { get; private set; }
        public byte[] BodyBuffer { get; private set; }

        /// <summary>The URL the settings name.</summary>
        public string Url { get; private set; }

        /// <summary>The URL's host name (SNI, certificate name check, Host header).</summary>
        public string Host { get; private set; }

        /// <summary>The URL's port (443 unless given).</summary>
        public ushort Port { get; private set; }

        /// <summary>
        /// Checks that <paramref name="url"/> is <c>https://host[:port]/path</c> and returns its host
        /// and port. Throws on any other URL (caller bug: the settings cannot work).
        /// </summary>
        public static void ParseUrl(string url, out string host, out ushort port)
        {
            HttpUrl parsed;
            if (url == null || !HttpUrl.TryParse(url, out parsed) || !parsed.HasOrigin || !parsed.IsHttps)
            {
                throw new ArgumentException("the URL must be https://host[:port]/path", "url");
            }
            host = url.Substring(parsed.HostStart, parsed.HostLength);
            port = (ushort)parsed.Port;
        }

        /// <summary>
        /// Builds the TLS client and the HTTP client from the settings, telling
        /// <paramref name="meter"/> (may be null, already started) as each part is built. Throws on
        /// settings that cannot work (caller bug: a URL that is not https, PEM text without a
        /// usable certificate).
        /// </summary>
        public static DeviceTls Create(AppSettings settings, NanoStack.Tls.Crypto.IEntropySource entropy, IMemoryMeter meter)
        {
            if (settings == null)
            {
                throw new ArgumentNullException("settings");
            }
            if (entropy == null)
            {
                throw new ArgumentNullException("entropy");
            }
            DeviceTls d = new DeviceTls();
            string host;
            ushort port;
            ParseUrl(settings.Url, out host, out port);
            d.Url = settings.Url;
            d.Host = host;
            d.Port = port;

            // The P-256 verifier only, with its small tables: the chain and the server's key
            // exchange are ECDSA P-256 (verifications are a few per handshake; the compact tables
            // cost about 7 % of a verification). Its curve also serves ECDHE.
            EcdsaVerifier p256 = EcdsaVerifier.P256Compact();
            Mark(meter, "P-256 verifier");
            d.Anchors = new TrustAnchorStore(MaxTrustAnchors);
            d.Validator = new ChainValidator(d.Anchors, null, ValidatorWindow, p256, null, null, CertificateLimits.Device());
            if (d.Validator.AddTrustAnchorPem(settings.TrustAnchorsPem) <= 0)
            {
                throw new ArgumentException("the trust anchors are not PEM certificates the device can use", "settings");
            }
            Mark(meter, "certificate validation and anchors");
            TlsClientConfig config = new TlsClientConfig();
            // RFC 7525 §4.2 / §4.3 (BCP 195): TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 over
            // secp256r1 is the suite and curve every TLS 1.2 server is expected to have. One suite
            // and one group keep one AEAD and no second curve in memory (ChaCha20-Poly1305 would add
            // 448 bytes, x25519 944).
            config.CipherSuites = new int[] { TlsCipherSuite.EcdheEcdsaAes128GcmSha256 };
            config.Groups = new int[] { TlsCipherSuite.GroupSecp256r1 };
            config.AlpnProtocols = new string[] { "http/1.1" };
            config.SendFragmentLength = SendFragmentLength;
            config.ReceiveFragmentLength = ReceiveFragmentLength;
            if (ReceiveFragmentLength < 16384)
            {
                config.MaxFragmentLength = ReceiveFragmentLength;
                config.RecordSizeLimit = ReceiveFragmentLength;
            }
            config.HandshakeBufferLength = HandshakeBufferLength;
            d.Engine = new TlsClientEngine(config, entropy, d.Validator, p256, null, null);
            Mark(meter, "TLS engine and record buffers");
            d.Sessions = new TlsSessionCache(SessionCacheSlots, MaxTicketLength);
            Mark(meter, "TLS session cache");
            return d;
        }

        /// <summary>Builds the HTTP client and the body buffer (after the transport, so the memory
        /// parts are told in the order the device builds them).</summary>
        public void CreateHttp(IMemoryMeter meter)
        {
            if (Http != null)
            {
                throw new InvalidOperationException("the HTTP client is already built");
            }
            HttpClientConfig http = new HttpClientConfig();
            http.HeaderBufferLength = HttpHeaderBufferLength;
            http.MaxHeaderCount = HttpMaxHeaderCount;
            http.ReceiveBufferLength = HttpReceiveBufferLength;
            http.RequestBufferLength = HttpRequestBufferLength;
            http.ExtraHeaderBufferLength = HttpExtraHeaderBufferLength;
            Http = new HttpClient(http);
            BodyBuffer = new byte[BodyBufferLength];
            Mark(meter, "HTTP client and body buffer");
        }

        private static void Mark(IMemoryMeter meter, string part)
        {
            if (meter != null)
            {
                meter.Part(part);
            }
        }

        /// <summary>
        /// Reads the body of the response <see cref="Http"/> holds through <see cref="BodyBuffer"/>,
        /// counting it and hashing it with FNV-1a (the application keeps no body, only these).
        /// Returns the last ReadBody result: 0 at the end of the body, negative on a failure.
        /// </summary>
        public int ReadBody(int timeoutMs, out long bytes, out uint digest)
        {
            HttpClient http = Http;
            byte[] buffer = BodyBuffer;
            bytes = 0;
            digest = 2166136261; // FNV-1a offset basis
            int n;
            while ((n = http.ReadBody(buffer, 0, buffer.Length, timeoutMs)) > 0)
            {
                for (int i = 0; i < n; i++)
                {
                    digest = (digest ^ buffer[i]) * 16777619; // FNV prime
                }
                bytes += n;
            }
            return n;
        }

        /// <summary>The log line of an established session: suite, resumed or verified for
        /// <paramref name="host"/>, ALPN.</summary>
        public string DescribeSession(string host)
        {
            TlsClientEngine engine = Engine;
            return string.Concat(new string[]
            {
                "tls: ", TlsCipherSuite.Name(engine.CipherSuite), engine.Resumed ? ", session resumed" : ", certificate chain verified for ", engine.Resumed ? "" : host,
                ", ALPN ", engine.NegotiatedProtocol ?? "none",
            });
        }
    }
}
