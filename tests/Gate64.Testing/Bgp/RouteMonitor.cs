namespace Gate64.Testing.Bgp;

/// <summary>
/// <c>ip monitor link route</c> inside a namespace: every route and link the kernel adds or deletes there,
/// one line each, as it happens. It tells when a route went (to time a withdrawal from the kernel change)
/// and whether a route went at all (a graceful restart must never remove the router's workload routes).
/// <see cref="StartAsync"/> returns once the monitor is provably listening: it adds a marker blackhole
/// route and waits to see it.
/// </summary>
public sealed class RouteMonitor : IAsyncDisposable
{
    /// <summary>The marker route added to prove the monitor listens (a documentation address, blackholed).</summary>
    public const string MarkerRoute = "203.0.113.254/32";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(15);

    private readonly ChildProcess _process;

    private RouteMonitor(NetworkNamespace networkNamespace, ChildProcess process)
    {
        Namespace = networkNamespace;
        _process = process;
    }

    public NetworkNamespace Namespace { get; }

    /// <summary>Everything the monitor printed so far.</summary>
    public string Output => _process.StandardOutput;

    /// <summary>The printed lines that start with <c>Deleted</c> and contain <paramref name="fragment"/>.</summary>
    public IReadOnlyList<string> DeletedLines(string fragment) =>
        Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith("Deleted ", StringComparison.Ordinal) && line.Contains(fragment, StringComparison.Ordinal))
            .ToList();

    public static async Task<RouteMonitor> StartAsync(NetworkNamespace networkNamespace)
    {
        ArgumentNullException.ThrowIfNull(networkNamespace);
        ChildProcess process = networkNamespace.Start(RequiredTool.Find("ip"), ["monitor", "link", "route"]);
        try
        {
            RouteMonitor monitor = new(networkNamespace, process);
            await networkNamespace.IpAsync("-4", "route", "replace", "blackhole", MarkerRoute).ConfigureAwait(false);
            // The monitor may subscribe after the first add: repeat the change until it shows.
            Task seen = process.WaitForOutputAsync("blackhole 203.0.113.254", s_startTimeout);
            while (!seen.IsCompleted)
            {
                await Task.WhenAny(seen, Task.Delay(200)).ConfigureAwait(false);
                if (!seen.IsCompleted)
                {
                    await networkNamespace.IpAsync("-4", "route", "del", "blackhole", MarkerRoute).ConfigureAwait(false);
                    await networkNamespace.IpAsync("-4", "route", "add", "blackhole", MarkerRoute).ConfigureAwait(false);
                }
            }

            await seen.ConfigureAwait(false);
            return monitor;
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits until a printed line contains <paramref name="text"/> (e.g. <c>Deleted 2001:db8:10::10</c>).</summary>
    public Task WaitForAsync(string text, TimeSpan timeout) => _process.WaitForOutputAsync(text, timeout);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
