using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gate64.Diagnostics;

/// <summary>
/// The body and status code of <c>/healthz</c>: 200 while healthy or degraded, 503 when unhealthy
/// (what load balancers and Kubernetes probes expect), and a small JSON document that names each
/// service's state and why.
/// </summary>
internal static class HealthResponse
{
    public const string ContentType = "application/json; charset=utf-8";

    // Read by people with curl as often as by programs: keep quotes and non-ASCII as they are.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static int StatusCode(HealthStatus status) => status == HealthStatus.Unhealthy ? 503 : 200;

    /// <summary><c>{"status":"healthy","checks":{"dns64":{"status":"healthy","description":"…","duration_ms":0.4}}}</c>.</summary>
    public static byte[] Json(HealthReport report)
    {
        ArrayBufferWriter<byte> buffer = new(256);
        using (Utf8JsonWriter json = new(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", Name(report.Status));
            json.WriteStartObject("checks");
            foreach ((string name, HealthReportEntry entry) in report.Entries.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                json.WriteStartObject(name);
                json.WriteString("status", Name(entry.Status));
                if (entry.Description is { Length: > 0 } description)
                {
                    json.WriteString("description", description);
                }
                else if (entry.Exception is { } exception)
                {
                    json.WriteString("description", exception.Message);
                }
                json.WriteNumber("duration_ms", Math.Round(entry.Duration.TotalMilliseconds, 1));
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The answer for a service nobody registered a check for (404).</summary>
    public static byte[] UnknownService(string service, IEnumerable<string> known)
    {
        ArrayBufferWriter<byte> buffer = new(128);
        using (Utf8JsonWriter json = new(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", "unknown");
            json.WriteString("description", string.Create(CultureInfo.InvariantCulture,
                $"no health check named {service}; this gateway runs: {string.Join(", ", known.DefaultIfEmpty("none"))}"));
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
