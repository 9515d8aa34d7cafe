using System.Diagnostics;

namespace Gate64.Testing.Links;

/// <summary>
/// <c>gate64 link routes --watch --netns NS</c>, started from the test's own namespace (the watcher opens its socket
/// inside NS), read line by line: every line is one full set, <c>owned routes (N): P1 P2 …</c>.
/// </summary>
public sealed class OwnedRouteWatch : IAsyncDisposable
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(5);

    private readonly ChildProcess _process;
    private int _linesRead;

    private OwnedRouteWatch(ChildProcess process)
    {
        _process = process;
    }

    /// <summary>Every set printed so far.</summary>
    public IReadOnlyList<IReadOnlySet<string>> Sets => [.. Lines().Select(Parse)];

    /// <summary>Starts the watcher and waits for its first set.</summary>
    public static async Task<OwnedRouteWatch> StartAsync(NetworkNamespace networkNamespace, TimeSpan startTimeout)
    {
        ChildProcess process = Gate64Executable.Locate().Start(["link", "routes", "--watch", "--netns", networkNamespace.Name]);
        OwnedRouteWatch watch = new(process);
        try
        {
            await watch.NextSetAsync(_ => true, startTimeout).ConfigureAwait(false);
            return watch;
        }
        catch
        {
            await watch.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Waits for the first set printed after the last one returned that satisfies <paramref name="predicate"/>;
    /// returns it with the time it was seen. Throws <see cref="TimeoutException"/> with the output when none comes.
    /// </summary>
    public async Task<(IReadOnlySet<string> Routes, long SeenAt)> NextSetAsync(Func<IReadOnlySet<string>, bool> predicate, TimeSpan timeout)
    {
        Stopwatch elapsed = Stopwatch.StartNew();
        while (true)
        {
            IReadOnlyList<string> lines = Lines();
            for (; _linesRead < lines.Count; _linesRead++)
            {
                IReadOnlySet<string> routes = Parse(lines[_linesRead]);
                if (predicate(routes))
                {
                    _linesRead++;
                    return (routes, Stopwatch.GetTimestamp());
                }
            }
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the watcher ended: {_process.Describe()}");
            }
            if (elapsed.Elapsed > timeout)
            {
                throw new TimeoutException($"no matching set within {timeout.TotalSeconds:0.###} s: {_process.Describe()}");
            }
            await Task.Delay(s_poll).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private List<string> Lines() =>
        [.. _process.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary><c>owned routes (N): P1 P2 …</c> → {P1, P2, …}; a line whose count disagrees fails.</summary>
    private static HashSet<string> Parse(string line)
    {
        const string Start = "owned routes (";
        int close = line.IndexOf(')', StringComparison.Ordinal);
        if (!line.StartsWith(Start, StringComparison.Ordinal) || close < 0)
        {
            throw new FormatException($"unexpected watcher line: {line}");
        }
        int count = int.Parse(line.AsSpan(Start.Length, close - Start.Length), System.Globalization.CultureInfo.InvariantCulture);
        HashSet<string> routes = count == 0 ? [] : [.. line[(close + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        return routes.Count == count ? routes : throw new FormatException($"the line counts {count} routes but lists {routes.Count}: {line}");
    }
}
