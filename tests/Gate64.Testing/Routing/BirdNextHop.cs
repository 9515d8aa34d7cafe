using System.Net;

namespace Gate64.Testing.Routing;

/// <summary>One next hop of a BIRD route: <c>via GATEWAY on IFACE [weight W]</c> or <c>dev IFACE</c>.</summary>
public sealed record BirdNextHop(IPAddress? Gateway, string? Interface, int? Weight = null)
{
    public override string ToString() =>
        (Gateway is null ? $"dev {Interface}" : $"via {Gateway} on {Interface}") + (Weight is null ? "" : $" weight {Weight}");
}
