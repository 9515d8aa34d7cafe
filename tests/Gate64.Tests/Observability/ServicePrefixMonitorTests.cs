using Gate64.Bgp;
using Gate64.Protocols.Bgp;
using Gate64.Protocols.Ip;
using Gate64.Tests.Resolver;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gate64.Tests.Observability;

/// <summary>
/// The speaker's health loop on a fake clock: which checks it runs, how often, and when the gated
/// prefixes enter and leave the desired routes. Each call of the scripted health service records
/// the routes as they were when it started, i.e. after every earlier round was applied:
/// <c>_seen[i]</c> is the state after round i (round 1 is the first call).
/// </summary>
public sealed class ServicePrefixMonitorTests : IAsyncDisposable
{
    private static readonly IpPrefix s_pool = IpPrefix.Parse("198.51.100.128/25");
    private static readonly IpPrefix s_ingress = IpPrefix.Parse("203.0.113.80/32");
    private static readonly TimeSpan s_realTimeout = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly ScriptedHealthCheckService _health = new("dns64", "ingress", "nat64", "bgp");
    private readonly DesiredRoutes _desired = new([], gatesServicePrefixes: true);
    private readonly List<(TimeSpan At, IReadOnlySet<IpPrefix> Routes)> _seen = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly BgpOptions _options = new();
    private Task? _running;

    public ServicePrefixMonitorTests()
    {
        _options.ServicePrefixes.Add(new HealthGatedPrefix(s_pool, "nat64"));
        _options.ServicePrefixes.Add(new HealthGatedPrefix(s_ingress, "ingress"));
        DateTimeOffset start = _time.GetUtcNow();
        _health.OnCall = () =>
        {
            lock (_seen)
            {
                _seen.Add((_time.GetUtcNow() - start, _desired.Current.For(BgpAddressFamily.Ipv4Unicast)));
            }
        };
    }

    [Fact]
    public async Task Run_AsksOnlyTheChecksThatGatePrefixes()
    {
        Start(HealthReports.Of(("nat64", HealthStatus.Healthy), ("ingress", HealthStatus.Healthy)));
        await RoundsAsync(1);

        Assert.Equal(["ingress", "nat64"], _health.LastSelected.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Run_HealthyServices_AreAnnouncedAfterTheFirstRound()
    {
        Start(HealthReports.Of(("nat64", HealthStatus.Healthy), ("ingress", HealthStatus.Healthy)));
        await RoundsAsync(2);

        Assert.Empty(_seen[0].Routes);
        Assert.Equal(2, _seen[1].Routes.Count);
        Assert.InRange(_seen[1].At, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.2));
    }

    [Fact]
    public async Task Run_TheFirstRound_CompletesTheDesiredRoutes_EvenWithNothingHealthy()
    {
        Assert.False(_desired.Current.IsComplete);
        Start(HealthReports.Of(("nat64", HealthStatus.Unhealthy), ("ingress", HealthStatus.Unhealthy)));
        await RoundsAsync(2);

        Assert.True(_desired.Current.IsComplete);
        Assert.Equal(0, _desired.Current.Count);
    }

    [Fact]
    public async Task Run_TwoFailuresInARow_WithdrawTheServicesPrefixesOnly_OneFailureDoesNot()
    {
        Start(HealthReports.Of(("nat64", HealthStatus.Healthy), ("ingress", HealthStatus.Healthy)));
        await RoundsAsync(1);
        _health.Next = HealthReports.Of(("nat64", HealthStatus.Healthy), ("ingress", HealthStatus.Unhealthy));
        await RoundsAsync(4);   // rounds 2 and 3 fail; call 4 sees what they did

        Assert.Contains(s_ingress, _seen[2].Routes);        // after round 2: one failure, still announced
        Assert.DoesNotContain(s_ingress, _seen[3].Routes);  // after round 3: withdrawn
        Assert.Contains(s_pool, _seen[3].Routes);
        // From the first failing result to the withdrawal: one interval.
        Assert.InRange(_seen[3].At - _seen[2].At, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.2));
    }

    [Fact]
    public async Task Run_AfterAWithdrawal_OneHealthyResultAnnouncesAgain()
    {
        _options.ServiceFailuresToWithdraw = 1;
        Start(HealthReports.Of(("nat64", HealthStatus.Healthy), ("ingress", HealthStatus.Healthy)));
        await RoundsAsync(1);
        _health.Next = HealthReports.Of(("nat64", HealthStatus.Degraded), ("ingress", HealthStatus.Healthy));
        await RoundsAsync(2);
        _health.Next = HealthReports.Of(("nat64", HealthStatus.Healthy), ("ingress", HealthStatus.Healthy));
        await RoundsAsync(4);

        Assert.DoesNotContain(s_pool, _seen[2].Routes);
        Assert.Contains(s_pool, _seen[3].Routes);
    }

    [Fact]
    public async Task Run_WhenTheHealthServiceThrows_EveryGatedServiceCountsAsFailed()
    {
        _options.ServiceFailuresToWithdraw = 1;
        Start(HealthReports.Of(("nat64", HealthStatus.Healthy), ("ingress", HealthStatus.Healthy)));
        await RoundsAsync(1);
        _health.Failure = new InvalidOperationException("broken");
        await RoundsAsync(3);

        Assert.Equal(2, _seen[1].Routes.Count);
        Assert.Empty(_seen[2].Routes);
        Assert.False(_running!.IsCompleted);
    }

    [Fact]
    public async Task Run_Stopping_EndsTheLoop()
    {
        Start(HealthReports.Of(("nat64", HealthStatus.Healthy)));
        await RoundsAsync(1);

        await _stop.CancelAsync();

        await _running!.WaitAsync(s_realTimeout);
    }

    [Fact]
    public void Unchecked_NamesTheGatedServicesNoCheckIsRegisteredFor()
    {
        Assert.Equal(["ingress"], ServicePrefixMonitor.Unchecked(_options, ["nat64", "bgp"]));
        Assert.Empty(ServicePrefixMonitor.Unchecked(_options, ["nat64", "ingress"]));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            await _running.WaitAsync(s_realTimeout);
        }
        _stop.Dispose();
    }

    private void Start(HealthReport first)
    {
        _health.Next = first;
        BgpMetrics metrics = new(TestResolvers.MeterFactory);
        ServicePrefixMonitor monitor = new(_options, _health, _desired, metrics, _time, NullLogger.Instance);
        _running = Task.Run(() => monitor.RunAsync(_stop.Token));
    }

    /// <summary>Moves the fake clock in small steps until the health service was called <paramref name="calls"/> times.</summary>
    private async Task RoundsAsync(int calls)
    {
        using CancellationTokenSource deadline = new(s_realTimeout);
        while (_health.Calls < calls)
        {
            Assert.False(_running!.IsCompleted, "the monitor stopped");
            await Task.Delay(5, deadline.Token);
            if (_health.Calls < calls)
            {
                _time.Advance(TimeSpan.FromMilliseconds(50));
            }
        }
        Assert.Equal(calls, _health.Calls);
    }
}
