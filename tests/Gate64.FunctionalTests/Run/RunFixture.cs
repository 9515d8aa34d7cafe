using Gate64.Testing.Run;

namespace Gate64.FunctionalTests.Run;

/// <summary>One <see cref="RunTopology"/> shared by the <c>gate64 run</c> tests; each test starts its own gateway process.</summary>
public sealed class RunFixture : IAsyncLifetime
{
    /// <summary>Long enough at <see cref="RunTests.DownloadRate"/> to span a reload and the checks after it.</summary>
    public const long LargeFileBytes = 4L << 20;

    private RunTopology? _topology;

    public RunTopology Topology => _topology ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _topology = await RunTopology.StartAsync(LargeFileBytes);

    public async Task DisposeAsync()
    {
        if (_topology is not null)
        {
            await _topology.DisposeAsync();
            _topology = null;
        }
    }
}
