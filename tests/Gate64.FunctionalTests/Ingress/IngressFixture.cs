using Gate64.Testing;

namespace Gate64.FunctionalTests.Ingress;

/// <summary>
/// One <see cref="IngressTopology"/> and a <c>gate64 ingress</c> in its gateway namespace, built once
/// for the tests that share the fixture and torn down after them (or as soon as building fails).
/// </summary>
public abstract class IngressFixture : IAsyncLifetime
{
    private IngressTopology? _topology;
    private Gate64IngressProcess? _gateway;

    public IngressTopology Topology => _topology ?? throw new InvalidOperationException("not started");

    public Gate64IngressProcess Gateway => _gateway ?? throw new InvalidOperationException("not started");

    /// <summary>Size of the random file the HTTP backend serves at <see cref="IngressTopology.LargeFilePath"/> (0: none).</summary>
    protected virtual long LargeFileBytes => 0;

    public async Task InitializeAsync()
    {
        try
        {
            _topology = await IngressTopology.StartAsync(LargeFileBytes);
            _gateway = await Gate64IngressProcess.StartAsync(_topology.Gateway, GatewayOptions());
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
            _gateway = null;
        }

        if (_topology is not null)
        {
            await _topology.DisposeAsync();
            _topology = null;
        }
    }

    /// <summary>The <c>gate64 ingress</c> command line for this topology.</summary>
    protected abstract Gate64IngressOptions GatewayOptions();

    /// <summary>198.51.100.1:PORT.</summary>
    protected static string Listen(int port) => $"{IngressTopology.GatewayAddress}:{port}";
}
