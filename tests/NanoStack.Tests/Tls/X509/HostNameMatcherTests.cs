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
using NanoStack.Tls.X509;

namespace NanoStack.Tests.Tls.X509
{
    /// <summary>RFC 6125 / CA/B host-name rules and the PEM/Base64 decoder.</summary>
    [TestClass]
    public class HostNameMatcherTests
    {
        private static bool Match(string pattern, string host)
        {
            byte[] p = new byte[pattern.Length];
            for (int i = 0; i < p.Length; i++)
            {
                p[i] = (byte)pattern[i];
            }
            return HostNameMatcher.MatchesDnsName(p, 0, p.Length, host);
        }

        [TestMethod]
        public void ExactNamesCaseInsensitiveWithTrailingDots()
        {
            Assert.IsTrue(Match("device.example.com", "device.example.com"));
            Assert.IsTrue(Match("DEVICE.Example.COM", "device.example.com"));
            Assert.IsTrue(Match("device.example.com.", "device.example.com"));
            Assert.IsTrue(Match("device.example.com", "device.example.com."));
            Assert.IsFalse(Match("device.example.com", "device.example.co"));
            Assert.IsFalse(Match("device.example.com", "xdevice.example.com"));
            Assert.IsFalse(Match("", "example.com"));
        }

        [TestMethod]
        public void WildcardIsOneWholeLeftmostLabel()
        {
            Assert.IsTrue(Match("*.example.com", "a.example.com"));
            Assert.IsFalse(Match("*.example.com", "a.b.example.com"), "one label only");
            Assert.IsFalse(Match("*.example.com", "example.com"), "never the bare domain");
            Assert.IsFalse(Match("*.example.com", ".example.com"), "never an empty label");
            Assert.IsFalse(Match("f*.example.com", "foo.example.com"), "no partial-label wildcard");
            Assert.IsFalse(Match("a.*.example.com", "a.b.example.com"), "only the left-most label");
            Assert.IsFalse(Match("*.com", "example.com"), "at least two labels after the wildcard");
            Assert.IsFalse(Match("*", "localhost"));
            Assert.IsFalse(Match("*.example.com", "xn--bcher-kva.example.com"), "a wildcard never stands for an A-label");
            Assert.IsTrue(Match("xn--bcher-kva.example.com", "XN--BCHER-KVA.example.com"), "A-labels compare as ASCII");
            Assert.IsFalse(Match("*.example.com", "*.example.com"), "the reference name is never a wildcard");
        }

        [TestMethod]
        public void Ipv4Parsing()
        {
            uint a;
            Assert.IsTrue(HostNameMatcher.TryParseIpv4("192.0.2.10", out a));
            Assert.AreEqual(0xC000020Au, a);
            Assert.IsFalse(HostNameMatcher.TryParseIpv4("192.0.2", out a));
            Assert.IsFalse(HostNameMatcher.TryParseIpv4("192.0.2.256", out a));
            Assert.IsFalse(HostNameMatcher.TryParseIpv4("192.0.02.1", out a), "no leading zeros");
            Assert.IsFalse(HostNameMatcher.TryParseIpv4("192.0.2.1.5", out a));
            Assert.IsFalse(HostNameMatcher.TryParseIpv4("example.com", out a));
        }

        [TestMethod]
        public void Base64DecodesAndRejectsBadInput()
        {
            byte[] o = new byte[16];
            Assert.AreEqual(3, Pem.DecodeBase64("TWFu", 0, 4, o));
            Assert.AreEqual((byte)'M', o[0]);
            Assert.AreEqual(2, Pem.DecodeBase64("TWE=", 0, 4, o));
            Assert.AreEqual(1, Pem.DecodeBase64("TQ==", 0, 4, o));
            Assert.AreEqual(1, Pem.DecodeBase64("T Q\r\n==", 0, 7, o), "whitespace ignored");
            Assert.AreEqual(-1, Pem.DecodeBase64("TQ=", 0, 3, o), "wrong padding");
            Assert.AreEqual(-1, Pem.DecodeBase64("TR==", 0, 4, o), "non-zero spare bits");
            Assert.AreEqual(-1, Pem.DecodeBase64("TW$u", 0, 4, o), "outside the alphabet");
            Assert.AreEqual(-1, Pem.DecodeBase64("TQ==TQ==", 0, 8, o), "data after padding");
            Assert.AreEqual(-1, Pem.DecodeBase64("TWFuTWFu", 0, 8, new byte[5]), "no room");
            int length;
            Assert.AreEqual(0, Pem.NextCertificate("no pem here", 0, o, out length));
            Assert.AreEqual(-1, Pem.NextCertificate("-----BEGIN CERTIFICATE-----\nTWFu\n", 0, o, out length), "no END line");
        }
    }
}
