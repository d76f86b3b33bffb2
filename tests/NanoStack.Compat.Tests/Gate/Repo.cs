using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;

namespace NanoStack.Compat.Tests.Gate
{
    /// <summary>Paths of the repository and what its .nfproj files say.</summary>
    public static class Repo
    {
        public static string Root => Metadata("NanoStackRoot");

        public static string NetStandardRefDirectory => Metadata("NetStandardRef");

        public static string PathOf(string relative) => Path.GetFullPath(Path.Combine(Root, relative.Replace('\\', '/')));

        public static ApiManifest Manifest { get; } = new ApiManifest(PathOf("tests/data/nanoframework-api"));

        private static string Metadata(string key) =>
            typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value;

        /// <summary>The .cs files an SDK-style project compiles: everything below it but bin/, obj/ and nanoFramework/.</summary>
        public static SortedSet<string> SdkProjectSources(string projectDirectory, params string[] excludedFolders)
        {
            string dir = PathOf(projectDirectory);
            var skip = new HashSet<string>(new[] { "bin", "obj", "nanoFramework" }.Concat(excludedFolders), StringComparer.Ordinal);
            var files = new SortedSet<string>(StringComparer.Ordinal);
            foreach (string f in Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories))
            {
                string rel = Path.GetRelativePath(dir, f).Replace('\\', '/');
                if (!skip.Contains(rel.Split('/')[0]))
                {
                    files.Add(Path.GetFullPath(f));
                }
            }
            return files;
        }
    }

    /// <summary>An old-style .nfproj and its packages.config.</summary>
    public sealed class NfProject
    {
        private static readonly XNamespace Ms = "http://schemas.microsoft.com/developer/msbuild/2003";

        public NfProject(string relativePath)
        {
            Path = Repo.PathOf(relativePath);
            Directory = System.IO.Path.GetDirectoryName(Path);
            XDocument doc = XDocument.Load(Path);
            Compile = new SortedSet<string>(
                doc.Descendants(Ms + "Compile").Select(e => Resolve((string)e.Attribute("Include"))), StringComparer.Ordinal);
            HintPaths = doc.Descendants(Ms + "HintPath").Select(e => e.Value.Replace('\\', '/')).ToList();
            ProjectReferences = doc.Descendants(Ms + "ProjectReference").Select(e => Resolve((string)e.Attribute("Include"))).ToList();
            string config = System.IO.Path.Combine(Directory, "packages.config");
            Packages = File.Exists(config)
                ? XDocument.Load(config).Descendants("package").ToDictionary(p => (string)p.Attribute("id"), p => (string)p.Attribute("version"))
                : new Dictionary<string, string>();
        }

        public string Path { get; }

        public string Directory { get; }

        public SortedSet<string> Compile { get; }

        public List<string> HintPaths { get; }

        public List<string> ProjectReferences { get; }

        /// <summary>packages.config: id → version.</summary>
        public Dictionary<string, string> Packages { get; }

        /// <summary>The API this project may use: the manifests of the packages it names.</summary>
        public HashSet<string> AllowedApi() => Repo.Manifest.Union(Packages.Keys);

        private string Resolve(string include) =>
            System.IO.Path.GetFullPath(System.IO.Path.Combine(Directory, include.Replace('\\', '/')));
    }
}
