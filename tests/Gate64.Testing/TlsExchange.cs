using System.Text.Json;

namespace Gate64.Testing;

/// <summary>What <c>netclient.py tls</c> saw: the ClientHello it sent (and how long that took) and the HTTP response over TLS.</summary>
public sealed record TlsExchange(int LocalPort, int? HelloLength, double? HelloSeconds, string? Response, string? Error, string Json)
{
    public static TlsExchange Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        return new TlsExchange(
            root.GetProperty("local_port").GetInt32(),
            root.GetProperty("hello_length").ValueKind == JsonValueKind.Null ? null : root.GetProperty("hello_length").GetInt32(),
            root.GetProperty("hello_seconds").ValueKind == JsonValueKind.Null ? null : root.GetProperty("hello_seconds").GetDouble(),
            root.GetProperty("response").GetString(),
            root.GetProperty("error").GetString(),
            json);
    }

    public override string ToString() => Json;
}
