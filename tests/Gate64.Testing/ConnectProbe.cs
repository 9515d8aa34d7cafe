using System.Text.Json;

namespace Gate64.Testing;

/// <summary>How one TCP connect of <c>netclient.py connect</c> ended: connected, refused, timeout, unreachable or error.</summary>
public sealed record ConnectProbe(string Outcome, double Seconds, string? Error, string Json)
{
    public static ConnectProbe Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        return new ConnectProbe(
            root.GetProperty("outcome").GetString()!,
            root.GetProperty("seconds").GetDouble(),
            root.GetProperty("error").GetString(),
            json);
    }

    public override string ToString() => Json;
}
