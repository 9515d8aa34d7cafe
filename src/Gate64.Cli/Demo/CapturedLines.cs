namespace Gate64.Cli.Demo;

/// <summary>The last lines a process printed, bounded so that a chatty daemon cannot fill memory; thread-safe.</summary>
internal sealed class CapturedLines
{
    private readonly Lock _gate = new();
    private readonly Queue<string> _lines = new();
    private readonly int _capacity;
    private long _total;

    public CapturedLines(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Every line ever added, including the ones dropped for space.</summary>
    public long TotalCount
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    public void Add(string line)
    {
        lock (_gate)
        {
            if (_lines.Count == _capacity)
            {
                _lines.Dequeue();
            }
            _lines.Enqueue(line);
            _total++;
        }
    }

    public IReadOnlyList<string> Snapshot()
    {
        lock (_gate)
        {
            return [.. _lines];
        }
    }

    /// <summary>True when a kept line satisfies <paramref name="predicate"/>.</summary>
    public bool Any(Func<string, bool> predicate)
    {
        lock (_gate)
        {
            return _lines.Any(predicate);
        }
    }

    /// <summary>The kept lines, each ended by a newline.</summary>
    public override string ToString()
    {
        IReadOnlyList<string> lines = Snapshot();
        return lines.Count == 0 ? "" : string.Join('\n', lines) + "\n";
    }
}
