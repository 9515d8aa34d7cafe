using System.Net;

namespace Gate64.Testing;

/// <summary>
/// An <c>unbound -d</c> child process on 127.0.0.1 and a free port, with its config, zone files and
/// pid file in a temp directory; serves the given zones and nothing else (no upstream, no internet).
/// Disposing kills it and removes the directory.
/// </summary>
public sealed class UnboundServer : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _directory;

    private UnboundServer(TempDirectory directory, ChildProcess process, IPEndPoint endPoint, string configuration)
    {
        _directory = directory;
        Process = process;
        EndPoint = endPoint;
        Configuration = configuration;
    }

    public IPEndPoint EndPoint { get; }

    public ChildProcess Process { get; }

    /// <summary>The unbound.conf text it runs with.</summary>
    public string Configuration { get; }

    public string DirectoryPath => _directory.FullPath;

    /// <summary>Starts unbound and waits until it answers over UDP and TCP.</summary>
    /// <param name="zones">Zones served authoritatively.</param>
    /// <param name="extraServerLines">More <c>server:</c> clause lines, e.g. <c>local-zone:</c>/<c>local-data:</c>.</param>
    public static async Task<UnboundServer> StartAsync(
        IReadOnlyList<UnboundZone> zones, IReadOnlyList<string>? extraServerLines = null)
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

            using FreePort port = FreePort.Reserve();
            string configuration = UnboundConfiguration.Render(
                directory.FullPath, port.IPv4EndPoint, zoneFiles, extraServerLines ?? []);
            string configPath = directory.Combine("unbound.conf");
            await File.WriteAllTextAsync(configPath, configuration).ConfigureAwait(false);

            port.Release();
            process = ChildProcess.Start(
                unbound, ["-d", "-c", configPath], new ChildProcessOptions { WorkingDirectory = directory.FullPath });
            await DnsReadiness.WaitAsync(process, port.IPv4EndPoint, UnboundConfiguration.ReadyName, "TXT", s_startTimeout)
                .ConfigureAwait(false);
            return new UnboundServer(directory, process, port.IPv4EndPoint, configuration);
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
