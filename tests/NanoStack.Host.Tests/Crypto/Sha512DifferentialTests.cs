using System;
using System.Security.Cryptography;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Tls.Crypto;

namespace NanoStack.Host.Tests.Crypto
{
    /// <summary>SHA-384 and SHA-512 against .NET's for every length up to three blocks and split updates.</summary>
    [TestClass]
    public sealed class Sha512DifferentialTests
    {
        [TestMethod]
        public void MatchesDotNetForEveryLength()
        {
            var rng = new Random(512);
            var sha384 = new Sha384();
            var sha512 = new Sha512();
            byte[] out384 = new byte[48];
            byte[] out512 = new byte[64];
            for (int length = 0; length <= 3 * 128 + 17; length++)
            {
                byte[] data = new byte[length];
                rng.NextBytes(data);
                int split = length == 0 ? 0 : rng.Next(length);
                sha384.Update(data, 0, split);
                sha384.Update(data, split, length - split);
                sha384.Finish(out384, 0);
                sha512.Update(data, 0, split);
                sha512.Update(data, split, length - split);
                sha512.Finish(out512, 0);
                CollectionAssert.AreEqual(SHA384.HashData(data), out384, "SHA-384 of " + length + " bytes");
                CollectionAssert.AreEqual(SHA512.HashData(data), out512, "SHA-512 of " + length + " bytes");
            }
        }
    }
}
