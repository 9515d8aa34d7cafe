using Gate64.Bgp;

namespace Gate64.Tests.Observability;

public sealed class ServiceHealthGateTests
{
    [Fact]
    public void Observe_BeforeTheFirstHealthyResult_StaysClosed()
    {
        ServiceHealthGate gate = new("ingress", failuresToWithdraw: 2);

        Assert.False(gate.IsOpen);
        Assert.False(gate.Observe(healthy: false));
        Assert.False(gate.Observe(healthy: false));
        Assert.False(gate.IsOpen);
        Assert.Equal(2, gate.Failures);
    }

    [Fact]
    public void Observe_OneHealthyResult_Opens()
    {
        ServiceHealthGate gate = new("ingress", failuresToWithdraw: 2);

        Assert.True(gate.Observe(healthy: true));
        Assert.True(gate.IsOpen);
        Assert.False(gate.Observe(healthy: true));
        Assert.True(gate.IsOpen);
    }

    [Fact]
    public void Observe_OneFailureBetweenHealthyResults_KeepsItOpen()
    {
        ServiceHealthGate gate = new("ingress", failuresToWithdraw: 2);
        gate.Observe(healthy: true);

        Assert.False(gate.Observe(healthy: false));
        Assert.True(gate.IsOpen);
        Assert.Equal(1, gate.Failures);
        Assert.False(gate.Observe(healthy: true));
        Assert.Equal(0, gate.Failures);
        Assert.False(gate.Observe(healthy: false));
        Assert.True(gate.IsOpen);
    }

    [Fact]
    public void Observe_FailuresInARow_CloseAtTheLimit_AndOneHealthyReopens()
    {
        ServiceHealthGate gate = new("nat64", failuresToWithdraw: 3);
        gate.Observe(healthy: true);

        Assert.False(gate.Observe(healthy: false));
        Assert.False(gate.Observe(healthy: false));
        Assert.True(gate.Observe(healthy: false));
        Assert.False(gate.IsOpen);
        Assert.False(gate.Observe(healthy: false));
        Assert.True(gate.Observe(healthy: true));
        Assert.True(gate.IsOpen);
    }

    [Fact]
    public void Observe_WithALimitOfOne_ClosesOnTheFirstFailure()
    {
        ServiceHealthGate gate = new("dns64", failuresToWithdraw: 1);
        gate.Observe(healthy: true);

        Assert.True(gate.Observe(healthy: false));
        Assert.False(gate.IsOpen);
    }

    [Fact]
    public void Constructor_NoFailuresToWithdraw_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceHealthGate("dns64", failuresToWithdraw: 0));
    }
}
