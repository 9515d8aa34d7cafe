using System.Net;

namespace Gate64.Testing;

/// <summary>
/// An <c>unbound -d</c> child process on 127.0.0.1 and a free port (or on a given address inside a
/// <see cref="NetworkNamespace"/>), with its config, zone files and pid file in a temp directory;
/// serves the given zones and nothing else (no upstream, no internet). Disposing kills it and
/// removes the directory.
/// </summary>
public sealed class UnboundServer : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _directory;

    private UnboundServer(
        TempDirectory directory, ChildProcess process, IPEndPoint endPoint, string configuration, NetworkNamespace? networkNamespace)
    {
        _directory = directory;
        Namespace = networkNamespace;
        Process = process;
        EndPoint = endPoint;
        Configuration = configuration;
    }

    public IPEndPoint EndPoint { get; }

    public ChildProcess Process { get; }

    /// <summary>Where unbound runs; null for the namespace of the test process.</summary>
    public NetworkNamespace? Namespace { get; }

    /// <summary>The unbound.conf text it runs with.</summary>
    public string Configuration { get; }

    public string DirectoryPath => _directory.FullPath;

    /// <summary>Starts unbound and waits until it answers over UDP and TCP.</summary>
    /// <param name="zones">Zones served authoritatively.</param>
    /// <param name="extraServerLines">More <c>server:</c> clause lines, e.g. <c>local-zone:</c>/<c>local-data:</c>.</param>
    public static async Task<UnboundServer> StartAsync(
        IReadOnlyList<UnboundZone> zones, IReadOnlyList<string>? extraServerLines = null)
    {
        using FreePort port = FreePort.Reserve();
        return await StartCoreAsync(zones, extraServerLines, null, port.IPv4EndPoint, port).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts unbound inside <paramref name="networkNamespace"/> on <paramref name="endPoint"/> (an
    /// IPv4 address of that namespace, e.g. 127.0.0.1:53: the namespace has its own ports) and
    /// waits until it answers there over UDP and TCP.
    /// </summary>
    public static Task<UnboundServer> StartAsync(
        NetworkNamespace networkNamespace,
        IPEndPoint endPoint,
        IReadOnlyList<UnboundZone> zones,
        IReadOnlyList<string>? extraServerLines = null) =>
        StartCoreAsync(zones, extraServerLines, networkNamespace, endPoint, null);

    /// <summary>A <see cref="Dig"/> that queries this server from where it runs.</summary>
    public Dig CreateDig() => new(EndPoint, Namespace);

    private static async Task<UnboundServer> StartCoreAsync(
        IReadOnlyList<UnboundZone> zones,
        IReadOnlyList<string>? extraServerLines,
        NetworkNamespace? networkNamespace,
        IPEndPoint endPoint,
        FreePort? reservedPort)
    {
        string unbound = RequiredTool.Find("unbound");
        TempDirectory directory = TempDirectory.Create("unbound");
        ChildProcess? process = null;
        try
        {
            List<(UnboundZone Zone, string ZoneFile)> zoneFiles = [];
            for (int i = 0; i < zones.Count; i++)
            {
                string zoneFile = directory.Combine($"zone{i}.zone");
                await File.WriteAllTextAsync(zoneFile, zones[i].ToZoneFile()).ConfigureAwait(false);
                zoneFiles.Add((zones[i], zoneFile));
            }

            string configuration = UnboundConfiguration.Render(
                directory.FullPath, endPoint, zoneFiles, extraServerLines ?? []);
            string configPath = directory.Combine("unbound.conf");
            await File.WriteAllTextAsync(configPath, configuration).ConfigureAwait(false);

            reservedPort?.Release();
            string[] arguments = ["-d", "-c", configPath];
            ChildProcessOptions options = new() { WorkingDirectory = directory.FullPath };
            process = networkNamespace is null
                ? ChildProcess.Start(unbound, arguments, options)
                : networkNamespace.Start(unbound, arguments, options);
            await DnsReadiness.WaitAsync(process, endPoint, UnboundConfiguration.ReadyName, "TXT", s_startTimeout, networkNamespace)
                .ConfigureAwait(false);
            return new UnboundServer(directory, process, endPoint, configuration, networkNamespace);
        }
        catch
        {
            if (process is not null)
            {
                await process.DisposeAsync().ConfigureAwait(false);
            }

            directory.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync().ConfigureAwait(false);
        _directory.Dispose();
    }
}
