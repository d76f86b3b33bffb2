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
using NanoStack.Tls.Crypto;

namespace NanoStack.Tests.Tls.Crypto
{
    /// <summary>
    /// TLS 1.2 PRF (RFC 5246 §5). Vectors: the widely circulated "TLS 1.2 PRF test vectors"
    /// posted to the IETF TLS list (secret, "test label", seed), as used by OpenSSL, Go and
    /// others; the host tests check the same vectors against an HMAC reference built on .NET.
    /// </summary>
    [TestClass]
    public class TlsPrfTests
    {
        private const string Sha256Output =
            "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab"
            + "4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66";

        private const string Sha384Output =
            "7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cde9ca0faa60be9fe34f82b1233c9146a0e534cb400fed2700884f9dc236f80edd"
            + "8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abfdad05d9184259b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee6"
            + "91c8f3a26854308d5eaa3be85e0990703d73e56f";

        [TestMethod]
        public void Sha256Vector()
        {
            byte[] secret = Hex("9bbe436ba940f017b17652849a71db35");
            byte[] seed = Hex("a0ba9f936cda311827a6f796ffd5198c");
            byte[] label = Ascii("test label");
            byte[] output = new byte[100];
            TlsPrf prf = TlsPrf.CreateSha256();
            prf.Derive(secret, 0, secret.Length, label, 0, label.Length, seed, 0, seed.Length, null, 0, 0, output, 0, output.Length);
            CollectionAssert.AreEqual(Hex(Sha256Output), output);

            // The seed split in two parts gives the same bytes; a shorter output is a prefix.
            byte[] shorter = new byte[45];
            prf.Derive(secret, 0, secret.Length, label, 0, label.Length, seed, 0, 7, seed, 7, 9, shorter, 0, shorter.Length);
            CollectionAssert.AreEqual(Slice(Hex(Sha256Output), 0, 45), shorter);
        }

        [TestMethod]
        public void Sha384Vector()
        {
            byte[] secret = Hex("b80b733d6ceefcdc71566ea48e5567df");
            byte[] seed = Hex("cd665cf6a8447dd6ff8b27555edb7465");
            byte[] label = Ascii("test label");
            byte[] output = new byte[148];
            TlsPrf prf = TlsPrf.CreateSha384();
            prf.Derive(secret, 0, secret.Length, label, 0, label.Length, seed, 0, 10, seed, 10, 6, output, 0, output.Length);
            CollectionAssert.AreEqual(Hex(Sha384Output), output);
        }

        private static byte[] Hex(string hex)
        {
            byte[] b = new byte[hex.Length / 2];
            for (int i = 0; i < b.Length; i++)
            {
                b[i] = (byte)((Nibble(hex[2 * i]) << 4) | Nibble(hex[2 * i + 1]));
            }
            return b;
        }

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }
            return c - 'A' + 10;
        }

        private static byte[] Ascii(string s)
        {
            byte[] b = new byte[s.Length];
            for (int i = 0; i < b.Length; i++)
            {
                b[i] = (byte)s[i];
            }
            return b;
        }

        private static byte[] Repeat(byte value, int count)
        {
            byte[] b = new byte[count];
            for (int i = 0; i < count; i++)
            {
                b[i] = value;
            }
            return b;
        }

        private static byte[] Slice(byte[] data, int offset, int count)
        {
            byte[] b = new byte[count];
            System.Array.Copy(data, offset, b, 0, count);
            return b;
        }
    }
}
