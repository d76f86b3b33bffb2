using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Host.Tests.Support;

namespace NanoStack.Host.Tests.Firmware
{
    /// <summary>
    /// The native interop module under firmware/native cannot be built here (that needs the
    /// nf-interpreter tree and the ESP-IDF toolchain), so each source is compiled for syntax and
    /// warnings against the stand-in headers in firmware/native/check/include, and the interop
    /// method table is checked against the managed InternalCall declarations it must serve.
    /// </summary>
    [TestClass]
    public sealed class NativeModuleSyntaxTests
    {
        private static string NativeDir => FirmwareFiles.PathOf("firmware", "native");

        private static string[] ModuleSources()
        {
            return Directory.GetFiles(NativeDir, "*.*", SearchOption.TopDirectoryOnly)
                .Where(f => f.EndsWith(".c", StringComparison.Ordinal) || f.EndsWith(".cpp", StringComparison.Ordinal))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToArray();
        }

        [TestMethod]
        public void EveryModuleSourceCompilesWithoutWarnings()
        {
            string gcc = FirmwareFiles.FindOnPath("gcc");
            string gxx = FirmwareFiles.FindOnPath("g++");
            TestEnvironment.Require(gcc != null && gxx != null, "gcc and g++ on PATH (.ci/apt-packages installs them)");

            string[] sources = ModuleSources();
            Assert.IsTrue(sources.Length >= 3, "expected the module sources in " + NativeDir);
            foreach (string source in sources)
            {
                bool cpp = source.EndsWith(".cpp", StringComparison.Ordinal);
                var result = FirmwareFiles.Run(cpp ? gxx : gcc,
                    "-fsyntax-only", "-Wall", "-Wextra", "-Werror", cpp ? "-std=gnu++17" : "-std=gnu11",
                    "-I", Path.Combine(NativeDir, "check", "include"), "-I", NativeDir, source);
                Assert.AreEqual(0, result.Exit, Path.GetFileName(source) + ":\n" + result.Error);
            }
        }

        [TestMethod]
        public void MethodTableListsEveryManagedInternalCallInOrder()
        {
            List<string> expected = ExpectedNativeMethods(out string source);
            Assert.IsTrue(expected.Count > 0, "no native methods found in " + source);

            string table = File.ReadAllText(Path.Combine(NativeDir, "NanoStack_Board_Esp32.cpp"));
            Match lookup = Regex.Match(table, @"method_lookup\[\]\s*=\s*\{(?<rows>[^}]*)\}");
            Assert.IsTrue(lookup.Success, "method_lookup not found");
            List<string> rows = lookup.Groups["rows"].Value
                .Split(',')
                .Select(r => r.Trim())
                .Where(r => r.Length > 0 && r != "NULL" && r != "nullptr")
                .ToList();

            var actual = rows.Select(r => r.Substring(r.LastIndexOf("::", StringComparison.Ordinal) + 2)).ToList();
            CollectionAssert.AreEqual(expected, actual,
                "method_lookup (" + string.Join(", ", actual) + ") differs from the InternalCall methods of " + source +
                " (" + string.Join(", ", expected) + ")");

            // every row names a handler the header declares and the implementation file defines
            string header = File.ReadAllText(Path.Combine(NativeDir, "NanoStack_Board_Esp32.h"));
            string impl = File.ReadAllText(Path.Combine(NativeDir, "NanoStack_Board_Esp32_NanoStack_Board_Esp32_Esp32Native.cpp"));
            foreach (string row in rows)
            {
                string method = row.Substring(row.LastIndexOf("::", StringComparison.Ordinal) + 2);
                StringAssert.Contains(header, "NANOCLR_NATIVE_DECLARE(" + method + ")");
                StringAssert.Contains(impl, method + "(");
            }
        }

        [TestMethod]
        public void DispatcherNameMatchesTheManagedSide()
        {
            string managed = ManagedNativeFile();
            if (managed == null)
            {
                Assert.Inconclusive("boards/NanoStack.Board.Esp32 is not in this tree; the name is checked once it is");
            }
            Match name = Regex.Match(File.ReadAllText(managed), @"DispatcherName\s*=\s*""(?<n>[^""]+)""");
            Assert.IsTrue(name.Success, "DispatcherName not found in " + managed);
            string header = File.ReadAllText(Path.Combine(NativeDir, "nanostack_wifi_frames.h"));
            StringAssert.Contains(header, "#define NANOSTACK_DISPATCHER_NAME \"" + name.Groups["n"].Value + "\"");
        }

        /// <summary>
        /// The decorated handler names ("NativeReceive___STATIC__I4__SZARRAY_U1__I4__I4") the
        /// metadata processor derives from the managed declarations, in declaration order: from
        /// the C# of boards/NanoStack.Board.Esp32 when present, else from the API table in
        /// firmware/native/README.md.
        /// </summary>
        private static List<string> ExpectedNativeMethods(out string source)
        {
            var result = new List<string>();
            string managed = ManagedNativeFile();
            if (managed != null)
            {
                source = managed;
                string text = File.ReadAllText(managed);
                var internalCall = new Regex(
                    @"\[MethodImpl\(MethodImplOptions\.InternalCall\)\]\s*(?<mods>(?:\w+\s+)*?)(?<ret>[\w\[\]]+)\s+(?<name>\w+)\s*\((?<params>[^)]*)\)");
                foreach (Match m in internalCall.Matches(text))
                {
                    bool isStatic = Regex.IsMatch(m.Groups["mods"].Value, @"\bstatic\b");
                    result.Add(Decorate(m.Groups["name"].Value, isStatic, m.Groups["ret"].Value, m.Groups["params"].Value));
                }
                return result;
            }

            // the board is not in this tree: the API as firmware/native/README.md defines it
            string doc = Path.Combine(NativeDir, "README.md");
            source = doc;
            var signature = new Regex(@"`(?<ret>int|bool|void)\s+(?<name>Native\w+)\((?<params>[^)]*)\)`");
            var seen = new HashSet<string>();
            foreach (Match m in signature.Matches(File.ReadAllText(doc)))
            {
                if (seen.Add(m.Groups["name"].Value))
                {
                    result.Add(Decorate(m.Groups["name"].Value, true, m.Groups["ret"].Value, m.Groups["params"].Value));
                }
            }
            return result;
        }

        private static string ManagedNativeFile()
        {
            string dir = FirmwareFiles.PathOf("boards", "NanoStack.Board.Esp32");
            if (!Directory.Exists(dir))
            {
                return null;
            }
            return Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories)
                .OrderBy(f => f, StringComparer.Ordinal)
                .FirstOrDefault(f => File.ReadAllText(f).Contains("MethodImplOptions.InternalCall", StringComparison.Ordinal));
        }

        private static string Decorate(string name, bool isStatic, string returnType, string parameters)
        {
            string decorated = name + "___" + (isStatic ? "STATIC__" : "") + TypeCode(returnType);
            foreach (string parameter in parameters.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string type = parameter.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                decorated += "__" + TypeCode(type);
            }
            return decorated;
        }

        private static string TypeCode(string type)
        {
            switch (type)
            {
                case "void": return "VOID";
                case "bool": return "BOOLEAN";
                case "byte": return "U1";
                case "int": return "I4";
                case "uint": return "U4";
                case "long": return "I8";
                case "byte[]": return "SZARRAY_U1";
                case "int[]": return "SZARRAY_I4";
                default: throw new AssertFailedException("no interop type code for '" + type + "' in this test");
            }
        }
    }
}
