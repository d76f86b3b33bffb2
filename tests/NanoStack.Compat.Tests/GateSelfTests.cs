using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Compat.Tests.Gate;

namespace NanoStack.Compat.Tests
{
    /// <summary>
    /// Proves the gate: small snippets are compiled the way portable code is (netstandard2.0, C# 7.3;
    /// the Span snippet against .NET since netstandard2.0 has no Span) and each forbidden construct
    /// must be rejected with the offending documentation ID or construct named.
    /// </summary>
    [TestClass]
    public class GateSelfTests
    {
        private static readonly HashSet<string> Allowed =
            Repo.Manifest.Union(new[] { "nanoFramework.CoreLibrary", "nanoFramework.System.Math" });

        private static IReadOnlyList<string> Gate(string body, bool netCore = false)
        {
            string source = "namespace Snippet { public class C { " + body + " } }";
            byte[] image = Snippets.Compile("Snippet",
                new[] { Snippets.Parse(source, languageVersion: netCore ? LanguageVersion.Latest : LanguageVersion.CSharp7_3) },
                netCore ? Snippets.NetCore : Snippets.NetStandard, allowUnsafe: body.Contains("unsafe"));
            return AssemblyGate.Check(image, Allowed, new HashSet<string>());
        }

        private static void AssertRejected(string body, string expected, bool netCore = false)
        {
            IReadOnlyList<string> violations = Gate(body, netCore);
            Assert.IsTrue(violations.Contains(expected),
                "expected the gate to name '" + expected + "'; it reported:\n  " + string.Join("\n  ", violations));
        }

        [TestMethod]
        public void ListOfTIsRejected()
        {
            const string body = "public System.Collections.Generic.List<int> F() { return new System.Collections.Generic.List<int>(); }";
            AssertRejected(body, "T:System.Collections.Generic.List`1");
            AssertRejected(body, "generic instantiation System.Collections.Generic.List{System.Int32}");
        }

        [TestMethod]
        public void SpanIsRejected()
        {
            const string body = "public int F(byte[] b) { System.Span<byte> s = b; return s.Length; }";
            AssertRejected(body, "T:System.Span`1", netCore: true);
            AssertRejected(body, "generic instantiation System.Span{System.Byte}", netCore: true);
        }

        [TestMethod]
        public void MathMinOnLongIsRejectedButOnIntAllowed()
        {
            AssertRejected("public long F(long a, long b) { return System.Math.Min(a, b); }", "M:System.Math.Min(System.Int64,System.Int64)");
            Assert.AreEqual(0, Gate("public int F(int a, int b) { return System.Math.Min(a, b); }").Count);
        }

        [TestMethod]
        public void StringJoinIsRejected()
        {
            AssertRejected("public string F(string[] a) { return string.Join(\",\", a); }", "M:System.String.Join(System.String,System.String[])");
        }

        [TestMethod]
        public void TaskAndAsyncAreRejected()
        {
            AssertRejected("public System.Threading.Tasks.Task F() { return System.Threading.Tasks.Task.CompletedTask; }", "T:System.Threading.Tasks.Task");
            AssertRejected("public async System.Threading.Tasks.Task G() { await System.Threading.Tasks.Task.Yield(); }",
                           "async state machine Snippet.C.<G>d__0");
        }

        [TestMethod]
        public void MultidimensionalArrayIsRejected()
        {
            AssertRejected("public int F() { int[,] a = new int[2, 2]; return a[1, 1]; }", "multidimensional array System.Int32[0:,0:]");
        }

        [TestMethod]
        public void LambdaToGenericDelegateIsRejected()
        {
            AssertRejected("public System.Func<int> F() { return () => 1; }", "generic instantiation System.Func{System.Int32}");
        }

        [TestMethod]
        public void PointerIsRejected()
        {
            AssertRejected("public unsafe int F(int* p) { return *p; }", "pointer type System.Int32*");
        }

        [TestMethod]
        public void LockStatementIsRejectedForItsMonitorOverload()
        {
            AssertRejected("public void F(object o) { lock (o) { } }", "M:System.Threading.Monitor.Enter(System.Object,System.Boolean@)");
        }

        [TestMethod]
        public void GenericDefinitionsAreRejected()
        {
            AssertRejected("public T Id<T>(T x) { return x; }", "generic method definition Snippet.C.Id");
        }

        [TestMethod]
        public void UtcNowIsAllowedButNowIsNot()
        {
            Assert.AreEqual(0, Gate("public System.DateTime F() { return System.DateTime.UtcNow; }").Count,
                            "DateTime.UtcNow is in the 1.x manifest (P:System.DateTime.UtcNow)");
            AssertRejected("public System.DateTime F() { return System.DateTime.Now; }", "M:System.DateTime.get_Now");
        }

        [TestMethod]
        public void PortableIdiomsPass()
        {
            const string body = @"
                private static readonly byte[] Table = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17 };
                private readonly object _sync = new object();
                private int _count;
                public int Count { get { return _count; } }
                public string Name { get; set; }
                public event System.EventHandler Changed
                {
                    add { _changed = (System.EventHandler)System.Delegate.Combine(_changed, value); }
                    remove { _changed = (System.EventHandler)System.Delegate.Remove(_changed, value); }
                }
                private System.EventHandler _changed;
                public string Describe(int code)
                {
                    System.Threading.Monitor.Enter(_sync);
                    try { _count++; } finally { System.Threading.Monitor.Exit(_sync); }
                    byte[] copy = new byte[Table.Length];
                    System.Array.Copy(Table, 0, copy, 0, Table.Length);
                    switch (code)
                    {
                        case 1: return string.Concat(""one "", Name);
                        default:
                            if (code < 0) { throw new System.ArgumentOutOfRangeException(""code""); }
                            return string.Concat(""code "", code.ToString(), "" at "", System.DateTime.UtcNow.Ticks.ToString());
                    }
                }";
            IReadOnlyList<string> violations = Gate(body);
            Assert.AreEqual(0, violations.Count, string.Join("\n", violations));
        }
    }
}
