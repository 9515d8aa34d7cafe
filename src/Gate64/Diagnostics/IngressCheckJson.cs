using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gate64.Diagnostics;

/// <summary>Writes an <see cref="IngressCheckReport"/> for scripts (<c>gate64 check --json</c>).</summary>
internal static class IngressCheckJson
{
    // Terminals and scripts read this, not browsers: "→" and "'" stay as they are rather than \u2192 and \u0027.
    private static readonly IngressCheckJsonContext s_context = new(new JsonSerializerOptions(IngressCheckJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Serialize(IngressCheckReport report) =>
        JsonSerializer.Serialize(report, s_context.IngressCheckReport);
}
