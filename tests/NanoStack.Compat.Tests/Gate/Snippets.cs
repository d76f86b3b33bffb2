using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace NanoStack.Compat.Tests.Gate
{
    /// <summary>Compiles C# in memory with Roslyn, the way the portable projects are compiled.</summary>
    public static class Snippets
    {
        /// <summary>netstandard2.0 reference assemblies (netstandard.dll and its facades).</summary>
        public static IReadOnlyList<MetadataReference> NetStandard { get; } =
            Directory.GetFiles(Repo.NetStandardRefDirectory, "*.dll").Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToList();

        /// <summary>The running .NET's assemblies (for snippets that need APIs netstandard2.0 lacks, such as Span).</summary>
        public static IReadOnlyList<MetadataReference> NetCore { get; } =
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")).Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) == "netstandard.dll")
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();

        public static byte[] Compile(string assemblyName, IEnumerable<SyntaxTree> trees, IEnumerable<MetadataReference> references,
                                     bool allowUnsafe = false)
        {
            var compilation = CSharpCompilation.Create(assemblyName, trees, references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release,
                                             allowUnsafe: allowUnsafe, deterministic: true));
            using var stream = new MemoryStream();
            EmitResult result = compilation.Emit(stream);
            if (!result.Success)
            {
                throw new InvalidOperationException(assemblyName + " does not compile:" + Environment.NewLine
                    + string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(30)));
            }
            return stream.ToArray();
        }

        public static SyntaxTree Parse(string source, string path = "", LanguageVersion languageVersion = LanguageVersion.CSharp7_3,
                                       params string[] defines) =>
            CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(languageVersion, preprocessorSymbols: defines), path, Encoding.UTF8);

        /// <summary>
        /// A compile-time stand-in for nanoFramework.TestFramework, generated from its manifest: the
        /// attribute classes plus every listed Assert / CollectionAssert / OutputHelper method, with
        /// the trailing message parameter optional as in the real library. Only the names and
        /// signatures matter: the gate checks the compiled tests' references against the manifest.
        /// </summary>
        public static byte[] TestFrameworkStub()
        {
            var sb = new StringBuilder();
            sb.AppendLine("namespace nanoFramework.TestFramework {");
            sb.AppendLine("public class TestClassAttribute : System.Attribute { }");
            sb.AppendLine("public class TestMethodAttribute : System.Attribute { }");
            sb.AppendLine("public class SetupAttribute : System.Attribute { }");
            sb.AppendLine("public class CleanupAttribute : System.Attribute { }");
            sb.AppendLine("[System.AttributeUsage(System.AttributeTargets.Method, AllowMultiple = true)]");
            sb.AppendLine("public class DataRowAttribute : System.Attribute { public DataRowAttribute(params object[] methodParameters) { } }");
            foreach (string type in new[] { "Assert", "CollectionAssert", "OutputHelper" })
            {
                sb.AppendLine("public class " + type + " {");
                string prefix = "M:nanoFramework.TestFramework." + type + ".";
                foreach (string id in Repo.Manifest.Ids("nanoFramework.TestFramework").Where(i => i.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    string rest = id.Substring(prefix.Length);
                    if (rest.StartsWith("#ctor", StringComparison.Ordinal))
                    {
                        continue;
                    }
                    int paren = rest.IndexOf('(');
                    string name = paren < 0 ? rest : rest.Substring(0, paren);
                    string[] types = paren < 0 ? Array.Empty<string>() : rest.Substring(paren + 1, rest.Length - paren - 2).Split(',');
                    var ps = types.Select((t, i) => t + " p" + i + (i == types.Length - 1 && t == "System.String" && types.Length > 1 ? " = \"\"" : ""));
                    sb.AppendLine("public static void " + name + "(" + string.Join(", ", ps) + ") { }");
                }
                sb.AppendLine("}");
            }
            sb.AppendLine("}");
            return Compile("nanoFramework.TestFramework", new[] { Parse(sb.ToString()) }, NetStandard);
        }
    }
}
