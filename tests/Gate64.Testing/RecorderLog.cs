using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Gate64.Testing;

/// <summary>The JSON-lines file a recorder backend (<c>backends.py --record</c>) appends one line per connection to.</summary>
public sealed class RecorderLog
{
    public RecorderLog(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public IReadOnlyList<RecordedConnection> Read()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        List<RecordedConnection> connections = [];
        foreach (string line in File.ReadAllLines(Path))
        {
            if (line.Length == 0)
            {
                continue;
            }

            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            connections.Add(new RecordedConnection(
                IPAddress.Parse(root.GetProperty("peer").GetString()!),
                root.GetProperty("peer_port").GetInt32(),
                IPAddress.Parse(root.GetProperty("local").GetString()!),
                root.GetProperty("local_port").GetInt32(),
                Convert.FromBase64String(root.GetProperty("data").GetString()!)));
        }

        return connections;
    }

    /// <summary>Waits until at least <paramref name="count"/> connections were recorded and returns them all.</summary>
    public async Task<IReadOnlyList<RecordedConnection>> WaitForAsync(int count, TimeSpan timeout)
    {
        Stopwatch elapsed = Stopwatch.StartNew();
        while (true)
        {
            IReadOnlyList<RecordedConnection> connections = Read();
            if (connections.Count >= count)
            {
                return connections;
            }

            if (elapsed.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"{Path} holds {connections.Count} connections after {timeout.TotalSeconds:0.#} s, expected {count}:\n" +
                    string.Join('\n', connections));
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    public override string ToString() => string.Join('\n', Read());
}
