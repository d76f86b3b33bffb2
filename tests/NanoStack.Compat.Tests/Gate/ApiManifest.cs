using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace NanoStack.Compat.Tests.Gate
{
    /// <summary>
    /// The nanoFramework public API as documentation IDs, one file per assembly under
    /// tests/data/nanoframework-api (stable 1.x at the top, preview-2.0 beside it). Each file's
    /// header names its NuGet package (<c># NuGet package: id</c>), which is how a project's
    /// packages.config selects the manifests it may use.
    /// </summary>
    public sealed class ApiManifest
    {
        private readonly Dictionary<string, HashSet<string>> _byPackage = new(StringComparer.OrdinalIgnoreCase);

        public ApiManifest(string directory)
        {
            foreach (string file in Directory.GetFiles(directory, "*.txt"))
            {
                string[] lines = File.ReadAllLines(file);
                string package = lines.Where(l => l.StartsWith("# NuGet package:", StringComparison.Ordinal))
                    .Select(l => l.Substring("# NuGet package:".Length).Trim()).FirstOrDefault()
                    ?? throw new InvalidDataException(file + " has no '# NuGet package:' header");
                var ids = new HashSet<string>(lines.Where(l => l.Length > 2 && l[0] != '#' && l[1] == ':'), StringComparer.Ordinal);
                _byPackage[package] = ids;
            }
        }

        public IEnumerable<string> Packages => _byPackage.Keys;

        public IReadOnlyCollection<string> Ids(string package) =>
            _byPackage.TryGetValue(package, out HashSet<string> ids) ? ids : throw new KeyNotFoundException("no manifest for package " + package);

        /// <summary>The union of the given packages' IDs.</summary>
        public HashSet<string> Union(IEnumerable<string> packages)
        {
            var all = new HashSet<string>(StringComparer.Ordinal);
            foreach (string p in packages)
            {
                all.UnionWith(Ids(p));
            }
            return all;
        }
    }
}
