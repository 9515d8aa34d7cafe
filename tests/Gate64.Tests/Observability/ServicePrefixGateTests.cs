using Gate64.Bgp;
using Gate64.Protocols.Ip;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gate64.Tests.Observability;

public sealed class ServicePrefixGateTests
{
    private static readonly IpPrefix s_nat64Prefix = IpPrefix.Parse("2001:db8:64::/96");
    private static readonly IpPrefix s_pool = IpPrefix.Parse("198.51.100.128/25");
    private static readonly IpPrefix s_ingress = IpPrefix.Parse("203.0.113.80/32");

    private static readonly HealthGatedPrefix[] s_prefixes =
    [
        new(s_nat64Prefix, "nat64"),
        new(s_pool, "nat64"),
        new(s_ingress, "ingress"),
    ];

    [Fact]
    public void Announced_BeforeAnyReport_IsEmpty()
    {
        ServicePrefixGate gate = new(s_prefixes, failuresToWithdraw: 2);

        Assert.Empty(gate.Announced);
        Assert.Equal(["ingress", "nat64"], gate.Services.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Apply_HealthyServices_AnnounceTheirPrefixesOnly()
    {
        ServicePrefixGate gate = new(s_prefixes, failuresToWithdraw: 2);

        IReadOnlyList<ServiceGateChange> changes = gate.Apply(HealthReports.Of(("nat64", HealthStatus.Healthy), ("ingress", HealthStatus.Unhealthy)));

        Assert.Equal(["198.51.100.128/25", "2001:db8:64::/96"], gate.Announced.Select(p => p.ToString()).Order(StringComparer.Ordinal));
        Assert.Contains(changes, c => c is { Service: "nat64", Opened: true });
        Assert.Contains(changes, c => c is { Service: "ingress", Opened: null, Failures: 1, Status: HealthStatus.Unhealthy });
    }

    [Fact]
    public void Apply_DegradedIsNotHealthy_AndTwoInARowWithdraw()
    {
        ServicePrefixGate gate = new(s_prefixes, failuresToWithdraw: 2);
        gate.Apply(HealthReports.Of(("nat64", HealthStatus.Healthy), ("ingress", HealthStatus.Healthy)));

        gate.Apply(HealthReports.Of(("nat64", HealthStatus.Healthy), ("ingress", HealthStatus.Degraded)));
        Assert.Contains(s_ingress, gate.Announced);

        IReadOnlyList<ServiceGateChange> changes = gate.Apply(HealthReports.Of(("nat64", HealthStatus.Healthy), ("ingress", HealthStatus.Degraded)));
        Assert.DoesNotContain(s_ingress, gate.Announced);
        Assert.Contains(changes, c => c is { Service: "ingress", Opened: false, Failures: 2, Status: HealthStatus.Degraded });
        Assert.Contains(changes, c => c is { Service: "nat64", Opened: null, Failures: 0 });
    }

    [Fact]
    public void Apply_AServiceMissingFromTheReport_CountsAsAFailure()
    {
        ServicePrefixGate gate = new(s_prefixes, failuresToWithdraw: 1);
        gate.Apply(HealthReports.Of(("nat64", HealthStatus.Healthy), ("ingress", HealthStatus.Healthy)));

        IReadOnlyList<ServiceGateChange> changes = gate.Apply(HealthReports.Of(("ingress", HealthStatus.Healthy)));

        Assert.Equal([s_ingress], gate.Announced);
        ServiceGateChange nat64 = Assert.Single(changes, c => c.Service == "nat64");
        Assert.False(nat64.Opened);
        Assert.Contains("no result", nat64.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Announced_APrefixListedForTwoServices_NeedsBoth()
    {
        ServicePrefixGate gate = new([new(s_ingress, "ingress"), new(s_ingress, "dns64")], failuresToWithdraw: 1);

        gate.Apply(HealthReports.Of(("ingress", HealthStatus.Healthy), ("dns64", HealthStatus.Unhealthy)));
        Assert.Empty(gate.Announced);

        gate.Apply(HealthReports.Of(("ingress", HealthStatus.Healthy), ("dns64", HealthStatus.Healthy)));
        Assert.Equal([s_ingress], gate.Announced);
    }
}
