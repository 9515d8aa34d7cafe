using System.Text.Json.Serialization;

namespace Gate64.Diagnostics;

/// <summary>Source-generated serializer for <c>gate64 check --json</c>: camelCase names, enums as lower-case words.</summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(IngressCheckReport))]
internal sealed partial class IngressCheckJsonContext : JsonSerializerContext;
