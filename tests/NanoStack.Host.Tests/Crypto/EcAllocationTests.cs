using System.Security.Cryptography;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Tls.Crypto;

namespace NanoStack.Host.Tests.Crypto
{
    /// <summary>ECDH and ECDSA verification allocate nothing after construction.</summary>
    [TestClass]
    public class EcAllocationTests
    {
        // NIST CAVS ECC CDH primitive, P-256 COUNT = 0.
        private const string PeerHex = "04700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac";
        private const string DHex = "7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534";

        [TestMethod]
        public void EcdhAllocatesNothing()
        {
            var ecdh = Ecdh.P256();
            byte[] peer = TestData.Hex(PeerHex);
            byte[] d = TestData.Hex(DHex);
            byte[] shared = new byte[32];
            byte[] pub = new byte[65];
            bool ok = true;
            long bytes = Allocations.Measure(() =>
            {
                ok &= ecdh.ComputeSharedSecret(d, peer, 0, peer.Length, shared);
                ok &= ecdh.ComputePublicKey(d, pub);
                ok &= !ecdh.ComputeSharedSecret(d, pub, 0, 33, shared); // refused input
            }, 5);
            Assert.IsTrue(ok);
            Assert.AreEqual(0L, bytes);
        }

        [TestMethod]
        public void EcdsaVerifyAllocatesNothing()
        {
            foreach (int bits in new[] { 256, 384 })
            {
                using var key = ECDsa.Create(bits == 256 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384);
                var p = key.ExportParameters(false);
                byte[] pub = new byte[1 + p.Q.X.Length * 2];
                pub[0] = 4;
                p.Q.X.CopyTo(pub, 1);
                p.Q.Y.CopyTo(pub, 1 + p.Q.X.Length);
                byte[] digest = bits == 256 ? SHA256.HashData(new byte[] { 1, 2, 3 }) : SHA384.HashData(new byte[] { 1, 2, 3 });
                byte[] der = key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
                byte[] raw = key.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                var v = bits == 256 ? EcdsaVerifier.P256() : EcdsaVerifier.P384();
                int len = raw.Length / 2;
                bool ok = true;
                long bytes = Allocations.Measure(() =>
                {
                    ok &= v.VerifyDer(pub, 0, pub.Length, digest, 0, digest.Length, der, 0, der.Length);
                    ok &= v.Verify(pub, 0, pub.Length, digest, 0, digest.Length, raw, 0, len, raw, len, len);
                    ok &= !v.VerifyDer(pub, 0, pub.Length, digest, 0, digest.Length, der, 0, der.Length - 1);
                }, 5);
                Assert.IsTrue(ok, "P-" + bits);
                Assert.AreEqual(0L, bytes, "P-" + bits);
            }
        }
    }
}
