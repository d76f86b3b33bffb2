namespace NanoStack.Http
{
    /// <summary>
    /// A view over an http or https URL held in a string (RFC 9110 §4.2, RFC 3986 §3): offsets of
    /// the host and of the path with its query, found without allocating. Also the origin-form
    /// "/path?query" alone, which means the origin of the connection at hand. Userinfo is refused
    /// (RFC 9110 §4.2.4), and so are IP literals in brackets (no IPv6 here); the fragment is cut
    /// off (it is never sent). <see cref="Resolve"/> turns a Location reference into an absolute
    /// URL (RFC 3986 §5.2), allocating the new string.
    /// </summary>
    public struct HttpUrl
    {
        /// <summary>The string the offsets point into.</summary>
        public string Text;

        /// <summary>The URL names an origin (scheme and authority); false for an origin-form path.</summary>
        public bool HasOrigin;

        /// <summary>The scheme is https.</summary>
        public bool IsHttps;

        /// <summary>Where the host starts in <see cref="Text"/>.</summary>
        public int HostStart;

        /// <summary>Characters of the host.</summary>
        public int HostLength;

        /// <summary>The port, given or the scheme's default (80, 443).</summary>
        public int Port;

        /// <summary>Where the path (and query) starts in <see cref="Text"/>; it starts with "/".</summary>
        public int PathStart;

        /// <summary>Characters of the path and query (0: the path is "/").</summary>
        public int PathLength;

        /// <summary>"http" or "https".</summary>
        public string Scheme { get { return IsHttps ? "https" : "http"; } }

        /// <summary>The default port of the scheme (RFC 9110 §4.2.1, §4.2.2).</summary>
        public int DefaultPort { get { return IsHttps ? 443 : 80; } }

        /// <summary>
        /// Parses <c>http://host[:port][/path][?query][#fragment]</c> (either scheme, any case) or an
        /// origin-form <c>/path[?query]</c>. False for anything else. Allocates nothing.
        /// </summary>
        public static bool TryParse(string url, out HttpUrl result)
        {
            result = new HttpUrl();
            result.Text = url;
            if (url == null || url.Length == 0)
            {
                return false;
            }
            int end = url.IndexOf('#');
            if (end < 0)
            {
                end = url.Length;
            }
            if (url[0] == '/')
            {
                // RFC 9112 §3.2.1 origin-form; "//" would be a network-path reference instead.
                if (url.Length > 1 && url[1] == '/')
                {
                    return false;
                }
                result.PathStart = 0;
                result.PathLength = end;
                return true;
            }
            int at;
            if (StartsWithIgnoreCase(url, "http://"))
            {
                at = 7;
            }
            else if (StartsWithIgnoreCase(url, "https://"))
            {
                at = 8;
                result.IsHttps = true;
            }
            else
            {
                return false;
            }
            result.HasOrigin = true;
            int authorityEnd = at;
            while (authorityEnd < end && url[authorityEnd] != '/' && url[authorityEnd] != '?')
            {
                authorityEnd++;
            }
            int hostEnd = at;
            while (hostEnd < authorityEnd && url[hostEnd] != ':')
            {
                char c = url[hostEnd];
                // reg-name or IPv4address (RFC 3986 §3.2.2), restricted to what DNS names use;
                // '@' (userinfo) and '[' (IP literal) fall out here.
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                          || c == '-' || c == '.' || c == '_';
                if (!ok)
                {
                    return false;
                }
                hostEnd++;
            }
            if (hostEnd == at)
            {
                return false;
            }
            result.HostStart = at;
            result.HostLength = hostEnd - at;
            result.Port = result.DefaultPort;
            if (hostEnd < authorityEnd)
            {
                // RFC 3986 §3.2.3: port = *DIGIT; empty means the default.
                int port = 0;
                for (int i = hostEnd + 1; i < authorityEnd; i++)
                {
                    int d = url[i] - '0';
                    if (d < 0 || d > 9)
                    {
                        return false;
                    }
                    port = port * 10 + d;
                    if (port > 65535)
                    {
                        return false;
                    }
                }
                if (authorityEnd > hostEnd + 1)
                {
                    if (port == 0)
                    {
                        return false;
                    }
                    result.Port = port;
                }
            }
            if (authorityEnd < end && url[authorityEnd] == '?')
            {
                // "http://host?q" would need a "/" inserted before the query: not supported.
                return false;
            }
            result.PathStart = authorityEnd;
            result.PathLength = end - authorityEnd;
            return true;
        }

        /// <summary>The host equals <paramref name="host"/> ignoring ASCII case (RFC 3986 §3.2.2).</summary>
        public bool HostEquals(string host)
        {
            return host != null && Ascii.EqualsIgnoreCase(Text, HostStart, HostLength, host);
        }

        /// <summary>
        /// Resolves <paramref name="reference"/> (a Location value: an absolute URI, "//authority…",
        /// "/path", "?query" or a relative path, RFC 9110 §10.2.2) against the absolute
        /// <paramref name="baseUrl"/> by RFC 3986 §5.2.2, with dot segments removed (§5.2.4) and no
        /// fragment. Returns the new absolute URL (allocated), or null when the reference is not a
        /// URI reference (whitespace, control or non-ASCII characters).
        /// <paramref name="otherScheme"/> is set when it is absolute with a scheme other than http(s).
        /// </summary>
        public static string Resolve(string baseUrl, string reference, out bool otherScheme)
        {
            otherScheme = false;
            HttpUrl b;
            if (reference == null || !TryParse(baseUrl, out b) || !b.HasOrigin)
            {
                return null;
            }
            for (int i = 0; i < reference.Length; i++)
            {
                char c = reference[i];
                if (c <= ' ' || c > '~')
                {
                    return null;
                }
            }
            int end = reference.IndexOf('#');
            if (end < 0)
            {
                end = reference.Length;
            }
            string r = reference.Substring(0, end);

            // RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then ":".
            int colon = SchemeEnd(r);
            if (colon > 0)
            {
                HttpUrl parsed;
                if (!StartsWithIgnoreCase(r, "http:") && !StartsWithIgnoreCase(r, "https:"))
                {
                    otherScheme = true;
                    return null;
                }
                if (!TryParse(r, out parsed))
                {
                    return null;
                }
                return Compose(parsed.Scheme, r.Substring(parsed.HostStart, parsed.PathStart - parsed.HostStart),
                               RemoveDotSegments(r.Substring(parsed.PathStart, parsed.PathLength)));
            }
            string scheme = b.Scheme;
            if (r.Length >= 2 && r[0] == '/' && r[1] == '/')
            {
                // Network-path reference: a new authority, this scheme.
                int authorityEnd = 2;
                while (authorityEnd < r.Length && r[authorityEnd] != '/' && r[authorityEnd] != '?')
                {
                    authorityEnd++;
                }
                return Compose(scheme, r.Substring(2, authorityEnd - 2), RemoveDotSegments(r.Substring(authorityEnd)));
            }
            string authority = baseUrl.Substring(b.HostStart, b.PathStart - b.HostStart);
            string basePath = baseUrl.Substring(b.PathStart, b.PathLength);
            int baseQuery = basePath.IndexOf('?');
            string baseQueryPart = baseQuery < 0 ? "" : basePath.Substring(baseQuery);
            string basePathOnly = baseQuery < 0 ? basePath : basePath.Substring(0, baseQuery);
            if (basePathOnly.Length == 0)
            {
                basePathOnly = "/";
            }
            if (r.Length == 0)
            {
                return Compose(scheme, authority, basePathOnly + baseQueryPart);
            }
            if (r[0] == '?')
            {
                return Compose(scheme, authority, basePathOnly + r);
            }
            if (r[0] == '/')
            {
                return Compose(scheme, authority, RemoveDotSegments(r));
            }
            // RFC 3986 §5.2.3: merge with the base path up to its last "/".
            string merged = basePathOnly.Substring(0, basePathOnly.LastIndexOf('/') + 1) + r;
            return Compose(scheme, authority, RemoveDotSegments(merged));
        }

        private static string Compose(string scheme, string authority, string pathAndQuery)
        {
            if (pathAndQuery.Length == 0 || pathAndQuery[0] != '/')
            {
                pathAndQuery = "/" + pathAndQuery;
            }
            return string.Concat(scheme, "://", authority, pathAndQuery);
        }

        private static int SchemeEnd(string r)
        {
            if (r.Length == 0 || !IsAlpha(r[0]))
            {
                return -1;
            }
            for (int i = 1; i < r.Length; i++)
            {
                char c = r[i];
                if (c == ':')
                {
                    return i;
                }
                if (!IsAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.')
                {
                    return -1;
                }
            }
            return -1;
        }

        private static bool IsAlpha(char c)
        {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        /// <summary>RFC 3986 §5.2.4 on the path part; the query (from "?") is kept as it is.</summary>
        private static string RemoveDotSegments(string pathAndQuery)
        {
            int q = pathAndQuery.IndexOf('?');
            string query = q < 0 ? "" : pathAndQuery.Substring(q);
            char[] input = (q < 0 ? pathAndQuery : pathAndQuery.Substring(0, q)).ToCharArray();
            char[] output = new char[input.Length + 1];
            int o = 0;
            int i = 0;
            int n = input.Length;
            while (i < n)
            {
                int rest = n - i;
                // A: "../" or "./" prefix removed.
                if (rest >= 3 && input[i] == '.' && input[i + 1] == '.' && input[i + 2] == '/')
                {
                    i += 3;
                }
                else if (rest >= 2 && input[i] == '.' && input[i + 1] == '/')
                {
                    i += 2;
                }
                // B: "/./" or a final "/." becomes "/".
                else if (rest >= 3 && input[i] == '/' && input[i + 1] == '.' && input[i + 2] == '/')
                {
                    i += 2;
                }
                else if (rest == 2 && input[i] == '/' && input[i + 1] == '.')
                {
                    input[i + 1] = '/';
                    i += 1;
                }
                // C: "/../" or a final "/.." becomes "/" and drops the last output segment.
                else if ((rest >= 4 && input[i] == '/' && input[i + 1] == '.' && input[i + 2] == '.' && input[i + 3] == '/')
                         || (rest == 3 && input[i] == '/' && input[i + 1] == '.' && input[i + 2] == '.'))
                {
                    if (rest == 3)
                    {
                        input[i + 2] = '/';
                        i += 2;
                    }
                    else
                    {
                        i += 3;
                    }
                    while (o > 0 && output[o - 1] != '/')
                    {
                        o--;
                    }
                    if (o > 0)
                    {
                        o--;
                    }
                }
                // D: a lone "." or "..".
                else if ((rest == 1 && input[i] == '.') || (rest == 2 && input[i] == '.' && input[i + 1] == '.'))
                {
                    i = n;
                }
                // E: move the first segment (with its leading "/") to the output.
                else
                {
                    output[o++] = input[i++];
                    while (i < n && input[i] != '/')
                    {
                        output[o++] = input[i++];
                    }
                }
            }
            return new string(output, 0, o) + query;
        }

        private static bool StartsWithIgnoreCase(string s, string prefix)
        {
            return s.Length >= prefix.Length && Ascii.EqualsIgnoreCase(s, 0, prefix.Length, prefix);
        }
    }
}
