using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace NanoStack.Compat.Tests.Gate
{
    /// <summary>
    /// The nanoFramework compatibility gate: reads a compiled assembly's metadata and reports every
    /// reference outside an allowed set of documentation IDs, and every construct nanoFramework 1.x
    /// cannot run (generic definitions and instantiations, pointers, multidimensional arrays,
    /// async/iterator state machines).
    ///
    /// Implementation notes
    /// - TypeRefs are checked as <c>T:</c> IDs; MemberRefs as <c>M:</c>/<c>F:</c> IDs built from the
    ///   decoded signature. Property and event accessors (<c>get_X</c>, <c>set_X</c>, <c>add_X</c>)
    ///   are also accepted through their <c>P:</c>/<c>E:</c> ID, since the manifests list properties,
    ///   not accessor methods.
    /// - References to the project's own assemblies (names in <c>ownAssemblies</c>) are not checked:
    ///   those assemblies are gated themselves.
    /// - Three attributes are synthesised by the C# compiler only when the target core library
    ///   defines them (CompilationRelaxations, RuntimeCompatibility, CompilerGenerated): nanoFramework's
    ///   mscorlib does not, so the device build simply has none; they are allowed here for that reason
    ///   and no other.
    /// - Signatures of definitions, member references, type specs and local variables are all decoded,
    ///   so a generic or pointer type hidden in a local or a field is found too.
    /// </summary>
    public static class AssemblyGate
    {
        private static readonly HashSet<string> OptionalCompilerAttributes = new(StringComparer.Ordinal)
        {
            "T:System.Runtime.CompilerServices.CompilationRelaxationsAttribute",
            "M:System.Runtime.CompilerServices.CompilationRelaxationsAttribute.#ctor(System.Int32)",
            "T:System.Runtime.CompilerServices.RuntimeCompatibilityAttribute",
            "M:System.Runtime.CompilerServices.RuntimeCompatibilityAttribute.#ctor",
            "T:System.Runtime.CompilerServices.CompilerGeneratedAttribute",
            "M:System.Runtime.CompilerServices.CompilerGeneratedAttribute.#ctor",
        };

        /// <summary>The path of an assembly the test project copies beside itself (its build output).</summary>
        public static string PathOf(string assemblyName) => Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll");

        /// <summary>The names of the assemblies <paramref name="assemblyName"/> references.</summary>
        public static HashSet<string> References(string assemblyName)
        {
            using var pe = new PEReader(File.OpenRead(PathOf(assemblyName)));
            MetadataReader reader = pe.GetMetadataReader();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (AssemblyReferenceHandle h in reader.AssemblyReferences)
            {
                names.Add(reader.GetString(reader.GetAssemblyReference(h).Name));
            }
            return names;
        }

        public static IReadOnlyList<string> Check(string path, ISet<string> allowed, ISet<string> ownAssemblies) =>
            Check(File.ReadAllBytes(path), allowed, ownAssemblies);

        /// <summary>Returns the sorted, distinct violations; empty when the assembly passes.</summary>
        public static IReadOnlyList<string> Check(byte[] image, ISet<string> allowed, ISet<string> ownAssemblies)
        {
            using var pe = new PEReader(new MemoryStream(image));
            MetadataReader reader = pe.GetMetadataReader();
            var provider = new DocIdTypeProvider(reader);
            var violations = new SortedSet<string>(StringComparer.Ordinal);

            void Require(string id)
            {
                if (!allowed.Contains(id) && !OptionalCompilerAttributes.Contains(id))
                {
                    violations.Add(id);
                }
            }

            foreach (TypeReferenceHandle h in reader.TypeReferences)
            {
                if (!IsOwn(reader, h, ownAssemblies))
                {
                    Require("T:" + DocIdTypeProvider.TypeName(reader, h));
                }
            }

            foreach (MemberReferenceHandle h in reader.MemberReferences)
            {
                MemberReference m = reader.GetMemberReference(h);
                string typeName;
                switch (m.Parent.Kind)
                {
                    case HandleKind.TypeReference:
                        if (IsOwn(reader, (TypeReferenceHandle)m.Parent, ownAssemblies))
                        {
                            continue;
                        }
                        typeName = DocIdTypeProvider.TypeName(reader, (TypeReferenceHandle)m.Parent);
                        break;
                    case HandleKind.TypeSpecification:
                        typeName = reader.GetTypeSpecification((TypeSpecificationHandle)m.Parent).DecodeSignature(provider, null);
                        break;
                    default:
                        continue;
                }
                string name = reader.GetString(m.Name);
                if (m.GetKind() == MemberReferenceKind.Field)
                {
                    m.DecodeFieldSignature(provider, null);
                    Require("F:" + typeName + "." + name);
                    continue;
                }
                MethodSignature<string> sig = m.DecodeMethodSignature(provider, null);
                string methodId = MethodId(typeName, name, sig);
                if (allowed.Contains(methodId) || OptionalCompilerAttributes.Contains(methodId))
                {
                    continue;
                }
                string accessorId = AccessorId(typeName, name, sig);
                if (accessorId != null && allowed.Contains(accessorId))
                {
                    continue;
                }
                violations.Add(methodId);
            }

            for (int row = 1; row <= reader.GetTableRowCount(TableIndex.TypeSpec); row++)
            {
                reader.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row)).DecodeSignature(provider, null);
            }

            for (int row = 1; row <= reader.GetTableRowCount(TableIndex.MethodSpec); row++)
            {
                MethodSpecificationHandle h = MetadataTokens.MethodSpecificationHandle(row);
                MethodSpecification spec = reader.GetMethodSpecification(h);
                string target = spec.Method.Kind == HandleKind.MethodDefinition
                    ? reader.GetString(reader.GetMethodDefinition((MethodDefinitionHandle)spec.Method).Name)
                    : reader.GetString(reader.GetMemberReference((MemberReferenceHandle)spec.Method).Name);
                provider.Forbidden.Add("generic method instantiation " + target + "<" + string.Join(",", spec.DecodeSignature(provider, null)) + ">");
            }

            foreach (TypeDefinitionHandle h in reader.TypeDefinitions)
            {
                TypeDefinition t = reader.GetTypeDefinition(h);
                string typeName = DocIdTypeProvider.TypeName(reader, h);
                if (t.GetGenericParameters().Count > 0)
                {
                    provider.Forbidden.Add("generic type definition " + typeName);
                }
                foreach (InterfaceImplementationHandle ih in t.GetInterfaceImplementations())
                {
                    EntityHandle iface = reader.GetInterfaceImplementation(ih).Interface;
                    string ifaceName = iface.Kind switch
                    {
                        HandleKind.TypeReference => DocIdTypeProvider.TypeName(reader, (TypeReferenceHandle)iface),
                        HandleKind.TypeDefinition => DocIdTypeProvider.TypeName(reader, (TypeDefinitionHandle)iface),
                        _ => reader.GetTypeSpecification((TypeSpecificationHandle)iface).DecodeSignature(provider, null),
                    };
                    if (ifaceName == "System.Runtime.CompilerServices.IAsyncStateMachine")
                    {
                        provider.Forbidden.Add("async state machine " + typeName);
                    }
                }
                foreach (FieldDefinitionHandle fh in t.GetFields())
                {
                    reader.GetFieldDefinition(fh).DecodeSignature(provider, null);
                }
                foreach (MethodDefinitionHandle mh in t.GetMethods())
                {
                    MethodDefinition md = reader.GetMethodDefinition(mh);
                    if (md.GetGenericParameters().Count > 0)
                    {
                        provider.Forbidden.Add("generic method definition " + typeName + "." + reader.GetString(md.Name));
                    }
                    md.DecodeSignature(provider, null);
                    foreach (CustomAttributeHandle ch in md.GetCustomAttributes())
                    {
                        string attr = AttributeTypeName(reader, reader.GetCustomAttribute(ch));
                        if (attr == "System.Runtime.CompilerServices.AsyncStateMachineAttribute"
                            || attr == "System.Runtime.CompilerServices.IteratorStateMachineAttribute")
                        {
                            provider.Forbidden.Add("compiler-generated state machine (" + attr + ") in " + typeName + "." + reader.GetString(md.Name));
                        }
                    }
                }
                foreach (PropertyDefinitionHandle ph in t.GetProperties())
                {
                    reader.GetPropertyDefinition(ph).DecodeSignature(provider, null);
                }
            }

            for (int row = 1; row <= reader.GetTableRowCount(TableIndex.StandAloneSig); row++)
            {
                StandaloneSignature s = reader.GetStandaloneSignature(MetadataTokens.StandaloneSignatureHandle(row));
                if (s.GetKind() == StandaloneSignatureKind.LocalVariables)
                {
                    s.DecodeLocalSignature(provider, null);
                }
                else
                {
                    s.DecodeMethodSignature(provider, null);
                }
            }

            foreach (string f in provider.Forbidden)
            {
                violations.Add(f);
            }
            return violations.ToList();
        }

        /// <summary><c>M:Type.Name(Params)</c>, with <c>#ctor</c>, <c>``n</c> arity and <c>~Return</c> for conversions.</summary>
        public static string MethodId(string typeName, string name, MethodSignature<string> sig)
        {
            string id = "M:" + typeName + "." + name.Replace('.', '#');
            if (sig.GenericParameterCount > 0)
            {
                id += "``" + sig.GenericParameterCount;
            }
            if (sig.ParameterTypes.Length > 0)
            {
                id += "(" + string.Join(",", sig.ParameterTypes) + ")";
            }
            if (name == "op_Implicit" || name == "op_Explicit")
            {
                id += "~" + sig.ReturnType;
            }
            return id;
        }

        private static string AccessorId(string typeName, string name, MethodSignature<string> sig)
        {
            if (name.StartsWith("get_", StringComparison.Ordinal))
            {
                return "P:" + typeName + "." + name.Substring(4) + Params(sig.ParameterTypes.ToArray());
            }
            if (name.StartsWith("set_", StringComparison.Ordinal))
            {
                return "P:" + typeName + "." + name.Substring(4) + Params(sig.ParameterTypes.Take(sig.ParameterTypes.Length - 1).ToArray());
            }
            if (name.StartsWith("add_", StringComparison.Ordinal))
            {
                return "E:" + typeName + "." + name.Substring(4);
            }
            if (name.StartsWith("remove_", StringComparison.Ordinal))
            {
                return "E:" + typeName + "." + name.Substring(7);
            }
            return null;
        }

        private static string Params(string[] types) => types.Length == 0 ? "" : "(" + string.Join(",", types) + ")";

        private static bool IsOwn(MetadataReader reader, TypeReferenceHandle h, ISet<string> ownAssemblies)
        {
            TypeReference t = reader.GetTypeReference(h);
            while (t.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                t = reader.GetTypeReference((TypeReferenceHandle)t.ResolutionScope);
            }
            if (t.ResolutionScope.Kind != HandleKind.AssemblyReference)
            {
                return true; // defined in this module
            }
            AssemblyReference a = reader.GetAssemblyReference((AssemblyReferenceHandle)t.ResolutionScope);
            return ownAssemblies.Contains(reader.GetString(a.Name));
        }

        private static string AttributeTypeName(MetadataReader reader, CustomAttribute attribute)
        {
            EntityHandle ctor = attribute.Constructor;
            if (ctor.Kind == HandleKind.MemberReference)
            {
                EntityHandle parent = reader.GetMemberReference((MemberReferenceHandle)ctor).Parent;
                return parent.Kind == HandleKind.TypeReference ? DocIdTypeProvider.TypeName(reader, (TypeReferenceHandle)parent) : "";
            }
            if (ctor.Kind == HandleKind.MethodDefinition)
            {
                return DocIdTypeProvider.TypeName(reader, reader.GetMethodDefinition((MethodDefinitionHandle)ctor).GetDeclaringType());
            }
            return "";
        }
    }
}
