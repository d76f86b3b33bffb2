using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace NanoStack.Host.Tests.Support
{
    /// <summary>Finds files under tests/data/ (the path is baked in at build time).</summary>
    public static class TestData
    {
        public static string Root
        {
            get
            {
                string dir = typeof(TestData).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                    .First(a => a.Key == "NanoStackTestData").Value;
                if (!Directory.Exists(dir))
                {
                    throw new DirectoryNotFoundException("tests/data not found at " + dir);
                }
                return dir;
            }
        }

        public static string PathOf(params string[] parts) => Path.Combine(new[] { Root }.Concat(parts).ToArray());

        public static byte[] Hex(string hex)
        {
            return Convert.FromHexString(hex ?? "");
        }

        public static string ToHex(byte[] data, int offset, int count)
        {
            return Convert.ToHexString(data, offset, count).ToLowerInvariant();
        }
    }
}
