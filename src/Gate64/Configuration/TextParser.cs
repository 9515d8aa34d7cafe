using System.Diagnostics.CodeAnalysis;

namespace Gate64.Configuration;

/// <summary>Parses one configuration string; on failure, says why in words an operator can act on.</summary>
internal delegate bool TextParser<T>(string text, [MaybeNullWhen(false)] out T value, [NotNullWhen(false)] out string? error);
