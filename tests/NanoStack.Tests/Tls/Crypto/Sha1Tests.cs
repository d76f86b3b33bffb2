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
    /// <summary>SHA-1 known answers (FIPS 180-4 examples; NIST "SHA1ShortMsg"/long message).</summary>
    [TestClass]
    public class Sha1Tests
    {
        private static string Digest(string ascii, int repeat)
        {
            Sha1 sha = new Sha1();
            byte[] data = new byte[ascii.Length];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)ascii[i];
            }
            for (int i = 0; i < repeat; i++)
            {
                sha.Update(data, 0, data.Length);
            }
            byte[] output = new byte[Sha1.Size];
            sha.Finish(output, 0);
            string hex = "";
            for (int i = 0; i < output.Length; i++)
            {
                hex += output[i].ToString("x2");
            }
            return hex;
        }

        [TestMethod]
        public void KnownAnswers()
        {
            Assert.AreEqual("a9993e364706816aba3e25717850c26c9cd0d89d", Digest("abc", 1));
            Assert.AreEqual("da39a3ee5e6b4b0d3255bfef95601890afd80709", Digest("", 1));
            Assert.AreEqual("84983e441c3bd26ebaae4aa1f95129e5e54670f1", Digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1));
            Assert.AreEqual("34aa973cd4c4daa4f61eeb2bdbad27316534016f", Digest("a", 1000000), "one million 'a'");
        }
    }
}
