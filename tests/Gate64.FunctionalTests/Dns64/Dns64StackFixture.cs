using System.Net;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Dns64;

/// <summary>
/// One unbound serving <see cref="Dns64TestZone"/> and the gate64 dns64 processes in front of it,
/// shared by the tests of one class and stopped after them (or as soon as starting fails).
/// </summary>
public abstract class Dns64StackFixture : IAsyncLifetime
{
    private readonly List<Gate64Dns64Process> _gateways = [];
    private UnboundServer? _upstream;

    public UnboundServer Upstream => _upstream ?? throw new InvalidOperationException("not started");

    public IReadOnlyList<Gate64Dns64Process> Gateways => _gateways;

    public async Task InitializeAsync()
    {
        try
        {
            _upstream = await UnboundServer.StartAsync([Dns64TestZone.Zone]);
            foreach (Gate64Dns64Options options in GatewayOptions(_upstream.EndPoint))
            {
                _gateways.Add(await Gate64Dns64Process.StartAsync(options));
            }
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (Gate64Dns64Process gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        _gateways.Clear();
        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
            _upstream = null;
        }
    }

    /// <summary>The gate64 processes to start, in order, in front of the upstream.</summary>
    protected abstract IEnumerable<Gate64Dns64Options> GatewayOptions(IPEndPoint upstream);
}
