using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace NanoStack.Compat.Tests.Gate
{
    /// <summary>
    /// Decodes signatures into the type spelling of documentation IDs (ECMA-334 Annex D, as the C#
    /// compiler writes them): <c>System.Int32</c>, <c>System.Byte[]</c>, <c>System.Int32@</c> for
    /// by-ref, <c>List{System.Int32}</c> for generic instances, <c>`0</c>/<c>``0</c> for type and
    /// method parameters, <c>[0:,0:]</c> for multidimensional arrays, <c>*</c> for pointers.
    /// Every construct nanoFramework 1.x cannot run is also recorded in <see cref="Forbidden"/>.
    /// </summary>
    public sealed class DocIdTypeProvider : ISignatureTypeProvider<string, object>
    {
        private readonly MetadataReader _reader;

        public DocIdTypeProvider(MetadataReader reader)
        {
            _reader = reader;
        }

        public List<string> Forbidden { get; } = new List<string>();

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
        {
            PrimitiveTypeCode.Boolean => "System.Boolean",
            PrimitiveTypeCode.Byte => "System.Byte",
            PrimitiveTypeCode.SByte => "System.SByte",
            PrimitiveTypeCode.Char => "System.Char",
            PrimitiveTypeCode.Int16 => "System.Int16",
            PrimitiveTypeCode.UInt16 => "System.UInt16",
            PrimitiveTypeCode.Int32 => "System.Int32",
            PrimitiveTypeCode.UInt32 => "System.UInt32",
            PrimitiveTypeCode.Int64 => "System.Int64",
            PrimitiveTypeCode.UInt64 => "System.UInt64",
            PrimitiveTypeCode.Single => "System.Single",
            PrimitiveTypeCode.Double => "System.Double",
            PrimitiveTypeCode.IntPtr => "System.IntPtr",
            PrimitiveTypeCode.UIntPtr => "System.UIntPtr",
            PrimitiveTypeCode.Object => "System.Object",
            PrimitiveTypeCode.String => "System.String",
            PrimitiveTypeCode.TypedReference => "System.TypedReference",
            PrimitiveTypeCode.Void => "System.Void",
            _ => typeCode.ToString(),
        };

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
            TypeName(reader, handle);

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
            TypeName(reader, handle);

        public string GetTypeFromSpecification(MetadataReader reader, object genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetArrayType(string elementType, ArrayShape shape)
        {
            string id = elementType + "[" + string.Join(",", Enumerable.Repeat("0:", shape.Rank)) + "]";
            Forbidden.Add("multidimensional array " + id);
            return id;
        }

        public string GetByReferenceType(string elementType) => elementType + "@";

        public string GetPointerType(string elementType)
        {
            Forbidden.Add("pointer type " + elementType + "*");
            return elementType + "*";
        }

        public string GetFunctionPointerType(MethodSignature<string> signature)
        {
            Forbidden.Add("function pointer");
            return "=FUNC";
        }

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
        {
            int tick = genericType.LastIndexOf('`');
            string name = tick >= 0 ? genericType.Substring(0, tick) : genericType;
            string id = name + "{" + string.Join(",", typeArguments) + "}";
            Forbidden.Add("generic instantiation " + id);
            return id;
        }

        public string GetGenericMethodParameter(object genericContext, int index) => "``" + index;

        public string GetGenericTypeParameter(object genericContext, int index) => "`" + index;

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetPinnedType(string elementType)
        {
            Forbidden.Add("pinned local " + elementType);
            return elementType;
        }

        public static string TypeName(MetadataReader reader, TypeReferenceHandle handle)
        {
            TypeReference t = reader.GetTypeReference(handle);
            string name = reader.GetString(t.Name);
            if (t.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                return TypeName(reader, (TypeReferenceHandle)t.ResolutionScope) + "." + name;
            }
            string ns = reader.GetString(t.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        public static string TypeName(MetadataReader reader, TypeDefinitionHandle handle)
        {
            TypeDefinition t = reader.GetTypeDefinition(handle);
            string name = reader.GetString(t.Name);
            TypeDefinitionHandle declaring = t.GetDeclaringType();
            if (!declaring.IsNil)
            {
                return TypeName(reader, declaring) + "." + name;
            }
            string ns = reader.GetString(t.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }
    }
}
