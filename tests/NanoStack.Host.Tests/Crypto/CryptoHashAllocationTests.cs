using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;
using NanoStack.Tls.Crypto;

namespace NanoStack.Host.Tests.Crypto
{
    /// <summary>After construction, hashing, MACs, the PRF and the AEAD allocate nothing per operation.</summary>
    [TestClass]
    public class CryptoHashAllocationTests
    {
        private static readonly byte[] Data = new byte[1500];
        private static readonly byte[] Output = new byte[256];

        [TestMethod]
        public void HashesAllocateNothing()
        {
            IHash[] hashes = { new Sha256(), new Sha384(), new Sha512() };
            IHash[] copies = { new Sha256(), new Sha384(), new Sha512() };
            for (int i = 0; i < hashes.Length; i++)
            {
                IHash h = hashes[i];
                IHash c = copies[i];
                long bytes = Allocations.Measure(() =>
                {
                    h.Update(Data, 3, 100);
                    h.Update(Data, 103, 1000);
                    h.CopyStateTo(c);
                    c.Finish(Output, 0);
                    h.Finish(Output, 1);
                }, 100);
                Assert.AreEqual(0L, bytes, h.GetType().Name);
            }
        }

        [TestMethod]
        public void HmacAndPrfAllocateNothing()
        {
            Hmac hmac = Hmac.CreateSha384();
            TlsPrf prf = TlsPrf.CreateSha256();
            long bytes = Allocations.Measure(() =>
            {
                hmac.SetKey(Data, 0, 200);
                hmac.Update(Data, 0, 1024);
                hmac.Finish(Output, 0);
                hmac.Update(Data, 0, 10);
                hmac.Verify(Output, 0, 24);
                prf.Derive(Data, 0, 48, Data, 48, 13, Data, 64, 32, Data, 96, 32, Output, 0, 104);
            }, 100);
            Assert.AreEqual(0L, bytes);
        }

        [TestMethod]
        public void AeadAllocatesNothing()
        {
            var aead = new ChaCha20Poly1305();
            var chacha = new ChaCha20();
            var poly = new Poly1305();
            byte[] record = new byte[16384 + 16];
            byte[] nonce = new byte[12];
            byte[] aad = new byte[13];
            aead.SetKey(Data, 0, 32);
            chacha.SetKey(Data, 0, 32);
            long bytes = Allocations.Measure(() =>
            {
                aead.Seal(nonce, 0, aad, 0, 13, record, 0, 16384, record, 0, record, 16384);
                aead.Open(nonce, 0, aad, 0, 13, record, 0, 16384, record, 16384, record, 0);
                record[0] ^= 1;
                aead.Open(nonce, 0, aad, 0, 13, record, 0, 16384, record, 16384, record, 0);
                chacha.Process(7, nonce, 0, Data, 0, 1000, Data, 500);
                chacha.Block(1, nonce, 0, Output, 0);
                poly.SetKey(Data, 0, 32);
                poly.Update(Data, 1, 999);
                poly.Finish(Output, 0);
            }, 20);
            Assert.AreEqual(0L, bytes);
        }
    }
}
