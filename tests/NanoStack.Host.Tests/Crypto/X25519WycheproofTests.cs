using System;
using System.Linq;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Tls.Crypto;

namespace NanoStack.Host.Tests.Crypto
{
    /// <summary>
    /// Every vector of Wycheproof x25519_test.json through <see cref="X25519.ComputeSharedSecret"/>.
    ///
    /// Verdict: "accepted" means ComputeSharedSecret returned true; an accepted vector must also
    /// produce exactly the expected shared secret. Decisions for 'acceptable' vectors, by flag:
    /// - ZeroSharedSecret (always together with LowOrderPublic here, some also SmallPublicKey,
    ///   NonCanonicalPublic, SpecialPublicKey, Twist): REJECT. The all-zero result is refused as
    ///   RFC 7748 §6.1 recommends and TLS requires (RFC 8422 §5.11); the output buffer must still
    ///   hold the all-zero value the RFC defines.
    /// - Twist (public key on the quadratic twist): ACCEPT. X25519 is defined for twist points
    ///   (RFC 7748 §5); we compute and compare the shared secret exactly.
    /// - NonCanonicalPublic (u >= p, or the top bit set): ACCEPT. RFC 7748 §5 masks the top bit
    ///   and reduces mod p; §7 recommends accepting; compared exactly.
    /// - SpecialPublicKey, EdgeCaseMultiplication, EdgeCaseShared, Ktv without ZeroSharedSecret:
    ///   ACCEPT, compared exactly.
    /// So: acceptable => accepted exactly when the vector is not flagged ZeroSharedSecret.
    /// </summary>
    [TestClass]
    public class X25519WycheproofTests
    {
        [TestMethod]
        public void X25519TestJson()
        {
            Wycheproof file = Wycheproof.Load("x25519_test.json");
            X25519 x = new X25519();
            byte[] shared = new byte[32];
            foreach ((JsonElement group, JsonElement test) in file.Cases())
            {
                if (group.GetProperty("curve").GetString() != "curve25519")
                {
                    file.Skip("curve other than curve25519");
                    continue;
                }
                byte[] priv = Wycheproof.Bytes(test, "private");
                byte[] pub = Wycheproof.Bytes(test, "public");
                byte[] expected = Wycheproof.Bytes(test, "shared");
                if (priv.Length != 32 || pub.Length != 32)
                {
                    // X25519 keys are exactly 32 bytes (RFC 7748 §5); none of this file's vectors differ.
                    file.Skip("key length other than 32 bytes");
                    continue;
                }

                bool zeroFlag = Wycheproof.Flags(test).Contains("ZeroSharedSecret");
                bool accepted = x.ComputeSharedSecret(priv, 0, pub, 0, shared, 0);
                bool exact = expected.Length == 32 && shared.AsSpan().SequenceEqual(expected);
                if (!exact)
                {
                    file.Fail(test, "shared secret " + TestData.ToHex(shared, 0, 32) + " expected " + TestData.ToHex(expected, 0, expected.Length));
                    continue;
                }
                file.Check(test, accepted, acceptableExpected: !zeroFlag);
            }
            file.AssertAllPassed();
        }
    }
}
