using System.Text.Json;

namespace Gate64.Testing;

/// <summary>What <c>netclient.py concurrent</c> saw: how many connections got their answer, and how many were open at once.</summary>
public sealed record ConcurrentRun(int Count, int Ok, int Failed, int PeakOpen, double Seconds, string Json)
{
    public static ConcurrentRun Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        return new ConcurrentRun(
            root.GetProperty("count").GetInt32(),
            root.GetProperty("ok").GetInt32(),
            root.GetProperty("failed").GetInt32(),
            root.GetProperty("peak_open").GetInt32(),
            root.GetProperty("seconds").GetDouble(),
            json);
    }

    public override string ToString() => Json;
}
