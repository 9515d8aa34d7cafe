namespace Gate64.Bgp;

/// <summary>
/// The announce-or-withdraw decision for one service, with hysteresis: closed until the first
/// healthy result, opened by one healthy result, closed again only after
/// <c>failuresToWithdraw</c> results in a row that are not healthy, so that one slow probe does
/// not pull the gateway out of the routers' ECMP set.
/// </summary>
internal sealed class ServiceHealthGate
{
    private readonly int _failuresToWithdraw;

    public ServiceHealthGate(string service, int failuresToWithdraw)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failuresToWithdraw, 1);
        Service = service;
        _failuresToWithdraw = failuresToWithdraw;
    }

    public string Service { get; }

    /// <summary>True while the service's prefixes may be announced.</summary>
    public bool IsOpen { get; private set; }

    /// <summary>Results in a row that were not healthy.</summary>
    public int Failures { get; private set; }

    /// <summary>Takes one result; true when it opened or closed the gate.</summary>
    public bool Observe(bool healthy)
    {
        if (healthy)
        {
            Failures = 0;
            if (IsOpen)
            {
                return false;
            }
            IsOpen = true;
            return true;
        }
        Failures++;
        if (!IsOpen || Failures < _failuresToWithdraw)
        {
            return false;
        }
        IsOpen = false;
        return true;
    }
}
