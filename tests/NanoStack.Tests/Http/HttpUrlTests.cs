#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Assert = NanoStack.Testing.Assert;
using CollectionAssert = NanoStack.Testing.CollectionAssert;
using OutputHelper = NanoStack.Testing.OutputHelper;
using SetupAttribute = Microsoft.VisualStudio.TestTools.UnitTesting.TestInitializeAttribute;
using CleanupAttribute = Microsoft.VisualStudio.TestTools.UnitTesting.TestCleanupAttribute;
#endif
using NanoStack.Http;

namespace NanoStack.Tests.Http
{
    /// <summary><see cref="HttpUrl"/>: parsing http(s) URLs in place, and resolving Location
    /// references with the RFC 3986 §5.4 examples (fragments dropped, an empty path written "/").</summary>
    [TestClass]
    public class HttpUrlTests
    {
        private const string Base = "http://a/b/c/d;p?q";

        private static string Host(HttpUrl u)
        {
            return u.Text.Substring(u.HostStart, u.HostLength);
        }

        private static string Path(HttpUrl u)
        {
            return u.Text.Substring(u.PathStart, u.PathLength);
        }

        [TestMethod]
        public void ParsesAbsoluteUrls()
        {
            HttpUrl u;
            Assert.IsTrue(HttpUrl.TryParse("http://example.com/a/b?c=d#frag", out u));
            Assert.IsTrue(u.HasOrigin);
            Assert.IsFalse(u.IsHttps);
            Assert.AreEqual("example.com", Host(u));
            Assert.AreEqual(80, u.Port);
            Assert.AreEqual("/a/b?c=d", Path(u));
            Assert.AreEqual("http", u.Scheme);
            Assert.IsTrue(u.HostEquals("EXAMPLE.com"));
            Assert.IsFalse(u.HostEquals("example.co"));

            Assert.IsTrue(HttpUrl.TryParse("HTTPS://Device.Local:8443", out u));
            Assert.IsTrue(u.IsHttps);
            Assert.AreEqual("Device.Local", Host(u));
            Assert.AreEqual(8443, u.Port);
            Assert.AreEqual(0, u.PathLength);

            Assert.IsTrue(HttpUrl.TryParse("https://10.0.0.1:/x", out u));
            Assert.AreEqual(443, u.Port, "an empty port is the default");
            Assert.AreEqual("10.0.0.1", Host(u));

            Assert.IsTrue(HttpUrl.TryParse("/status?x=1#top", out u));
            Assert.IsFalse(u.HasOrigin);
            Assert.AreEqual("/status?x=1", Path(u));
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("example.com/a")]
        [DataRow("ftp://example.com/")]
        [DataRow("http://")]
        [DataRow("http:///path")]
        [DataRow("http://user:pass@example.com/")]
        [DataRow("http://[::1]/")]
        [DataRow("http://example.com:0/")]
        [DataRow("http://example.com:65536/")]
        [DataRow("http://example.com:8x/")]
        [DataRow("http://example.com?q")]
        [DataRow("http://exa mple.com/")]
        [DataRow("//example.com/")]
        public void RefusesWhatIsNotAnHttpUrl(string url)
        {
            HttpUrl u;
            Assert.IsFalse(HttpUrl.TryParse(url, out u), url);
        }

        [TestMethod]
        [DataRow("g", "http://a/b/c/g")]
        [DataRow("./g", "http://a/b/c/g")]
        [DataRow("g/", "http://a/b/c/g/")]
        [DataRow("/g", "http://a/g")]
        [DataRow("//g", "http://g/")]
        [DataRow("?y", "http://a/b/c/d;p?y")]
        [DataRow("g?y", "http://a/b/c/g?y")]
        [DataRow("#s", "http://a/b/c/d;p?q")]
        [DataRow("g#s", "http://a/b/c/g")]
        [DataRow("g?y#s", "http://a/b/c/g?y")]
        [DataRow(";x", "http://a/b/c/;x")]
        [DataRow("g;x", "http://a/b/c/g;x")]
        [DataRow("", "http://a/b/c/d;p?q")]
        [DataRow(".", "http://a/b/c/")]
        [DataRow("./", "http://a/b/c/")]
        [DataRow("..", "http://a/b/")]
        [DataRow("../", "http://a/b/")]
        [DataRow("../g", "http://a/b/g")]
        [DataRow("../..", "http://a/")]
        [DataRow("../../", "http://a/")]
        [DataRow("../../g", "http://a/g")]
        [DataRow("../../../g", "http://a/g")]
        [DataRow("../../../../g", "http://a/g")]
        [DataRow("/./g", "http://a/g")]
        [DataRow("/../g", "http://a/g")]
        [DataRow("g.", "http://a/b/c/g.")]
        [DataRow(".g", "http://a/b/c/.g")]
        [DataRow("g..", "http://a/b/c/g..")]
        [DataRow("..g", "http://a/b/c/..g")]
        [DataRow("./../g", "http://a/b/g")]
        [DataRow("./g/.", "http://a/b/c/g/")]
        [DataRow("g/./h", "http://a/b/c/g/h")]
        [DataRow("g/../h", "http://a/b/c/h")]
        [DataRow("g;x=1/./y", "http://a/b/c/g;x=1/y")]
        [DataRow("g;x=1/../y", "http://a/b/c/y")]
        [DataRow("g?y/./x", "http://a/b/c/g?y/./x")]
        [DataRow("https://other:8443/p/../q", "https://other:8443/q")]
        [DataRow("HTTP://Other", "http://Other/")]
        public void ResolvesReferences(string reference, string expected)
        {
            bool otherScheme;
            Assert.AreEqual(expected, HttpUrl.Resolve(Base, reference, out otherScheme), reference);
            Assert.IsFalse(otherScheme);
        }

        [TestMethod]
        public void ResolveRefusesOtherSchemesAndNonUris()
        {
            bool otherScheme;
            Assert.IsNull(HttpUrl.Resolve(Base, "ftp://files/x", out otherScheme));
            Assert.IsTrue(otherScheme);
            Assert.IsNull(HttpUrl.Resolve(Base, "javascript:alert(1)", out otherScheme));
            Assert.IsTrue(otherScheme);
            Assert.IsNull(HttpUrl.Resolve(Base, "/a b", out otherScheme));
            Assert.IsFalse(otherScheme);
            Assert.IsNull(HttpUrl.Resolve(Base, "/caf\u00e9", out otherScheme));
            Assert.IsNull(HttpUrl.Resolve(Base, "/x\r\nSet-Cookie: a", out otherScheme));
            Assert.IsNull(HttpUrl.Resolve("/relative-base", "g", out otherScheme));
            Assert.AreEqual("https://h/x", HttpUrl.Resolve("https://h/a/b", "/x", out otherScheme));
        }
    }
}
