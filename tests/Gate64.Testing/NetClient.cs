using System.Globalization;
using System.Net;

namespace Gate64.Testing;

/// <summary>
/// Runs <c>netclient.py</c> inside a namespace (the client side of a topology) and parses its JSON:
/// raw bytes in and out, a trickled TLS handshake, many concurrent or idle connections.
/// </summary>
public sealed class NetClient
{
    private static readonly TimeSpan s_slack = TimeSpan.FromSeconds(15);

    private readonly NetworkNamespace _namespace;
    private readonly string _python;
    private readonly string _script;
    private readonly string _scratchDirectory;

    /// <param name="networkNamespace">Where the client runs.</param>
    /// <param name="scratchDirectory">A directory for the bytes to send (readable from the namespace: same file system).</param>
    public NetClient(NetworkNamespace networkNamespace, string scratchDirectory)
    {
        _namespace = networkNamespace;
        _scratchDirectory = scratchDirectory;
        _python = TestScripts.Python();
        _script = Path.Combine(scratchDirectory, TestScripts.NetClient);
        if (!File.Exists(_script))
        {
            TestScripts.Extract(TestScripts.NetClient, scratchDirectory);
        }
    }

    /// <summary>Sends <paramref name="data"/> (1 byte per <paramref name="trickleMilliseconds"/> ms when above 0) and reads until the server closes or <paramref name="wait"/> passes.</summary>
    public async Task<RawExchange> RawAsync(IPEndPoint server, byte[] data, TimeSpan wait, int trickleMilliseconds = 0)
    {
        string file = Path.Combine(_scratchDirectory, $"send-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(file, data).ConfigureAwait(false);
        try
        {
            TimeSpan trickle = TimeSpan.FromMilliseconds((double)trickleMilliseconds * data.Length);
            string json = await RunAsync(
                [
                    "raw", Host(server), Port(server), "--send-file", file,
                    "--trickle-ms", trickleMilliseconds.ToString(CultureInfo.InvariantCulture),
                    "--wait", Seconds(wait),
                ],
                wait + trickle).ConfigureAwait(false);
            return RawExchange.Parse(json);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A TLS 1.2 handshake with a small ClientHello for <paramref name="serverName"/>, trickled when asked, then <c>GET path</c>.</summary>
    public async Task<TlsExchange> TlsAsync(IPEndPoint server, string serverName, string path, TimeSpan timeout, int trickleMilliseconds = 0)
    {
        string json = await RunAsync(
            [
                "tls", Host(server), Port(server), serverName, path,
                "--trickle-ms", trickleMilliseconds.ToString(CultureInfo.InvariantCulture),
                "--timeout", Seconds(timeout),
            ],
            timeout + TimeSpan.FromMilliseconds(trickleMilliseconds * 1024.0)).ConfigureAwait(false);
        return TlsExchange.Parse(json);
    }

    /// <summary><paramref name="count"/> connections at once, each <c>GET /</c> with Host <paramref name="hostName"/>, all kept open until every one has its answer.</summary>
    public async Task<ConcurrentRun> ConcurrentAsync(IPEndPoint server, int count, string hostName, TimeSpan timeout)
    {
        string json = await RunAsync(
            ["concurrent", Host(server), Port(server), count.ToString(CultureInfo.InvariantCulture), hostName, "--timeout", Seconds(timeout)],
            timeout).ConfigureAwait(false);
        return ConcurrentRun.Parse(json);
    }

    /// <summary>One TCP connect with a timeout: connected, refused, timeout, unreachable or error.</summary>
    public async Task<ConnectProbe> ConnectAsync(IPEndPoint server, TimeSpan timeout)
    {
        string json = await RunAsync(["connect", Host(server), Port(server), "--timeout", Seconds(timeout)], timeout).ConfigureAwait(false);
        return ConnectProbe.Parse(json);
    }

    /// <summary><paramref name="count"/> connections that send nothing, watched for <paramref name="wait"/>.</summary>
    public async Task<IdleRun> IdleAsync(IPEndPoint server, int count, TimeSpan wait)
    {
        string json = await RunAsync(
            ["idle", Host(server), Port(server), count.ToString(CultureInfo.InvariantCulture), "--wait", Seconds(wait)],
            wait).ConfigureAwait(false);
        return IdleRun.Parse(json);
    }

    /// <summary>Starts <c>netclient.py idle</c> without waiting (e.g. to hold connections during another transfer); its stdout ends with the JSON.</summary>
    public ChildProcess StartIdle(IPEndPoint server, int count, TimeSpan wait) =>
        _namespace.Start(_python, [_script, "idle", Host(server), Port(server), count.ToString(CultureInfo.InvariantCulture), "--wait", Seconds(wait)]);

    private async Task<string> RunAsync(IReadOnlyList<string> arguments, TimeSpan expected)
    {
        ChildProcessResult result = await _namespace.RunAsync(_python, [_script, .. arguments], expected + s_slack).ConfigureAwait(false);
        string? json = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(line => line.StartsWith('{'));
        if (result.ExitCode != 0 || json is null)
        {
            throw new InvalidOperationException($"netclient.py failed: {result}");
        }

        return json;
    }

    private static string Host(IPEndPoint endPoint) => endPoint.Address.ToString();

    private static string Port(IPEndPoint endPoint) => endPoint.Port.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
