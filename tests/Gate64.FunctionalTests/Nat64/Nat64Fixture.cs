namespace Gate64.FunctionalTests.Nat64;

/// <summary>One <see cref="Nat64Topology"/> shared by the end-to-end tests, torn down after them (or as soon as building fails).</summary>
public sealed class Nat64Fixture : IAsyncLifetime
{
    private Nat64Topology? _topology;

    internal Nat64Topology Topology => _topology ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _topology = await Nat64Topology.StartAsync();

    public async Task DisposeAsync()
    {
        if (_topology is not null)
        {
            await _topology.DisposeAsync();
            _topology = null;
        }
    }
}
