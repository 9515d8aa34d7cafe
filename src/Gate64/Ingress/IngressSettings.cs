namespace Gate64.Ingress;

/// <summary>
/// The ingress settings one connection works with from start to end: a reload publishes a new
/// instance and only connections accepted after it see the new permitted prefixes and timeouts.
/// </summary>
/// <param name="Options">The options in force.</param>
/// <param name="Policy">The backend policy made from their permitted prefixes.</param>
/// <param name="Dialer">Connects with their connect timeout and NAT46 prefix.</param>
internal sealed record IngressSettings(IngressOptions Options, BackendPolicy Policy, BackendDialer Dialer)
{
    public static IngressSettings From(IngressOptions options, BackendPolicy policy) => new(options, policy, new BackendDialer(options));
}
