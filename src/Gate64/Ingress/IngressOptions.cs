using System.Net.Sockets;
using Gate64.Protocols.Http;
using Gate64.Protocols.Ip;
using Gate64.Protocols.Tls;

namespace Gate64.Ingress;

/// <summary>Settings of the IPv4-to-IPv6 ingress proxy.</summary>
public sealed class IngressOptions
{
    public List<IngressListenerOptions> Listen { get; } = [];

    /// <summary>Where backends may live. Empty: nowhere (never an open proxy).</summary>
    public List<PermittedPrefix> Permit { get; } = [];

    /// <summary>The NAT64 prefix in use; backends inside it are refused (they would loop through the translator).</summary>
    public IpPrefix Nat64Prefix { get; set; } = Protocols.Ip.Nat64Prefix.WellKnown.Prefix;

    /// <summary>Source prefix for <see cref="ClientAddressMode.Nat46"/>: a /96 whose low 32 bits carry the client's IPv4 address (RFC 8215 suggests 64:ff9b:1::/48).</summary>
    public IpPrefix? Nat46Prefix { get; set; }

    /// <summary>Total time a client has to send its ClientHello or request head (slow clients cannot hold sockets).</summary>
    public TimeSpan FirstBytesTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time to connect to one backend address.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A spliced connection with no bytes either way for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Connections open at once, spliced or still being routed; beyond it new ones are closed at once.</summary>
    public int MaxConnections { get; set; } = 10_000;

    public int MaxHelloSize { get; set; } = ClientHelloParser.DefaultMaxHandshakeSize;

    public int MaxHeadSize { get; set; } = HttpRequestHeadParser.DefaultMaxHeadSize;

    /// <summary>How long "no AAAA" and NXDOMAIN are remembered: short, so a record the customer just added works at once.</summary>
    public TimeSpan NegativeCacheTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>UDP addresses where QUIC clients are routed by the SNI of their Initial packets (<c>--quic</c>).</summary>
    public List<IngressListenerOptions> Quic { get; } = [];

    /// <summary>A relayed QUIC flow with no datagram either way for this long is forgotten (<c>--quic-idle-timeout</c>).</summary>
    public TimeSpan QuicIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>QUIC flows (client address and port) tracked at once, relayed or still being routed (<c>--max-quic-flows</c>).</summary>
    public int MaxQuicFlows { get; set; } = 10_000;

    /// <summary>Bytes of datagrams one QUIC flow may have buffered while its ClientHello is read and its backend looked up.</summary>
    public int MaxQuicFlowBufferBytes { get; set; } = 64 * 1024;

    /// <summary>Bytes of datagrams all QUIC flows together may have buffered before they are routed.</summary>
    public int MaxQuicBufferBytes { get; set; } = 16 * 1024 * 1024;

    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [.. Gate64.Ingress.Quic.QuicIngressValidation.Validate(this)];
        if (Listen.Count == 0)
        {
            errors.Add("ingress: at least one --listen address is required.");
        }
        foreach (IngressListenerOptions listener in Listen)
        {
            if (listener.BackendPort is < 1 or > 65535)
            {
                errors.Add($"ingress: --listen {listener}: the backend port must be 1 to 65535.");
            }
        }
        if (Permit.Count == 0)
        {
            errors.Add("ingress: at least one --permit prefix is required; without one every site would be refused.");
        }
        foreach (PermittedPrefix permitted in Permit)
        {
            if (permitted.Prefix.Family != AddressFamily.InterNetworkV6)
            {
                errors.Add($"ingress: --permit {permitted.Prefix}: backends are IPv6; give an IPv6 prefix.");
            }
            else if (permitted.Prefix.Overlaps(Nat64Prefix))
            {
                errors.Add($"ingress: --permit {permitted.Prefix} overlaps the NAT64 prefix {Nat64Prefix}.");
            }
            else if (BackendPolicy.IsAlwaysRefused(permitted.Prefix, out BackendVerdict verdict))
            {
                errors.Add($"ingress: --permit {permitted.Prefix} can never hold a backend: it is {BackendLookup.Describe(verdict)}.");
            }
            else if (Nat46Prefix is { } source && permitted.Prefix.Overlaps(source))
            {
                errors.Add($"ingress: --permit {permitted.Prefix} overlaps the NAT46 source prefix {source}.");
            }
            if (permitted.Mode == ClientAddressMode.Nat46 && Nat46Prefix is null)
            {
                errors.Add($"ingress: --permit {permitted}: nat46 needs --nat46-prefix.");
            }
        }
        if (Nat46Prefix is { } nat46 && (nat46.Family != AddressFamily.InterNetworkV6 || nat46.Length != 96))
        {
            errors.Add($"ingress: --nat46-prefix {nat46} must be an IPv6 /96 (the client's IPv4 address fills the last 32 bits).");
        }
        if (FirstBytesTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero || IdleTimeout <= TimeSpan.Zero)
        {
            errors.Add("ingress: timeouts must be positive.");
        }
        if (MaxConnections <= 0)
        {
            errors.Add("ingress: --max-connections must be positive.");
        }
        return errors;
    }
}
