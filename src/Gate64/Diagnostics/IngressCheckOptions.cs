using System.Net;

namespace Gate64.Diagnostics;

/// <summary>Settings of <c>gate64 check</c>.</summary>
internal sealed class IngressCheckOptions
{
    /// <summary>The gateway's public IPv4 addresses, which A records should point at.</summary>
    public IReadOnlyList<IPAddress> GatewayAddresses { get; init; } = [];

    /// <summary>The most one DNS lookup may take (each network probe has its own, see <see cref="SocketIngressProbes"/>).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The backend port the ingress forwards plain HTTP to.</summary>
    public int HttpPort { get; init; } = 80;

    /// <summary>The backend port the ingress forwards TLS to.</summary>
    public int HttpsPort { get; init; } = 443;

    /// <summary>How many permitted backend addresses are probed at most.</summary>
    public int MaxBackends { get; init; } = 8;

    /// <summary>The resolver in use, as <c>ADDR:PORT</c>, for the report.</summary>
    public string? ResolverText { get; init; }
}
