using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gate64.Testing;

/// <summary>What <c>netclient.py raw</c> saw: bytes sent, bytes received and how the connection ended.</summary>
public sealed record RawExchange(
    int LocalPort, int Sent, byte[] Received, bool Closed, bool Reset, double? CloseSeconds, string? Error, string? SendError, string Json)
{
    /// <summary>The received bytes as Latin-1 text (every byte one char).</summary>
    public string ReceivedText => Encoding.Latin1.GetString(Received);

    /// <summary>The status code of an HTTP response, or null when the reply does not start with a status line.</summary>
    public int? HttpStatus
    {
        get
        {
            string text = ReceivedText;
            if (!text.StartsWith("HTTP/1.", StringComparison.Ordinal) || text.Length < 12)
            {
                return null;
            }

            return int.TryParse(text.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out int status) ? status : null;
        }
    }

    public static RawExchange Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        return new RawExchange(
            root.GetProperty("local_port").GetInt32(),
            root.GetProperty("sent").GetInt32(),
            Convert.FromBase64String(root.GetProperty("received").GetString()!),
            root.GetProperty("closed").GetBoolean(),
            root.GetProperty("reset").GetBoolean(),
            root.GetProperty("close_seconds").ValueKind == JsonValueKind.Null ? null : root.GetProperty("close_seconds").GetDouble(),
            root.GetProperty("error").GetString(),
            root.GetProperty("send_error").GetString(),
            json);
    }

    public override string ToString() =>
        $"local port {LocalPort}, sent {Sent}, closed {Closed} (reset {Reset}) after {CloseSeconds?.ToString(CultureInfo.InvariantCulture) ?? "-"} s, " +
        $"error {Error ?? "-"}, send error {SendError ?? "-"}, received {Received.Length} bytes:\n" +
        (Received.Length > 0 && Received[0] is >= 0x20 and < 0x7f ? ReceivedText : Convert.ToHexString(Received));
}
