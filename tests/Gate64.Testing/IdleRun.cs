using System.Text.Json;

namespace Gate64.Testing;

/// <summary>What <c>netclient.py idle</c> saw: silent connections and when the peer closed them.</summary>
public sealed record IdleRun(
    int Count, int Connected, int Closed, int StillOpen, double? FirstClose, double? LastClose, int Received, string Json)
{
    public static IdleRun Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        return new IdleRun(
            root.GetProperty("count").GetInt32(),
            root.GetProperty("connected").GetInt32(),
            root.GetProperty("closed").GetInt32(),
            root.GetProperty("still_open").GetInt32(),
            root.GetProperty("first_close").ValueKind == JsonValueKind.Null ? null : root.GetProperty("first_close").GetDouble(),
            root.GetProperty("last_close").ValueKind == JsonValueKind.Null ? null : root.GetProperty("last_close").GetDouble(),
            root.GetProperty("received").GetInt32(),
            json);
    }

    public override string ToString() => Json;
}
