using System.Net;
using Gate64.Ingress;
using Gate64.Protocols.Ip;

namespace Gate64.Configuration;

/// <summary><c>[ingress]</c>: the keys of <c>gate64 ingress</c>.</summary>
internal static class IngressSection
{
    public const string Name = "ingress";

    public static readonly string[] Keys =
    [
        "listen", "resolver", "permit", "proxy-protocol", "nat46-prefix",
        "first-bytes-timeout", "connect-timeout", "idle-timeout", "max-connections",
        "quic", "quic-idle-timeout", "max-quic-flows",
    ];

    /// <param name="section">The table.</param>
    /// <param name="nat64Prefix">The NAT64 prefix in use, never a backend.</param>
    /// <param name="resolver">The ingress's own resolver, or null when it asks <c>[resolver]</c>.</param>
    public static Action<IngressOptions> Read(TomlSection section, IpPrefix nat64Prefix, out IPEndPoint? resolver)
    {
        IngressListenerOptions[] listen = [.. section.List<IngressListenerOptions>("listen", ConfigValues.Listener) ?? []];
        resolver = section.Value<IPEndPoint>("resolver", ConfigValues.Endpoint);
        ClientAddressMode defaultMode = ProxyProtocol(section);
        PermittedPrefix[] permit = [.. section.List("permit", ConfigValues.Permit(defaultMode)) ?? []];
        IpPrefix? nat46 = section.StructValue<IpPrefix>("nat46-prefix", ConfigValues.Prefix);
        IngressOptions defaults = new();
        TimeSpan firstBytes = section.Seconds("first-bytes-timeout") ?? defaults.FirstBytesTimeout;
        TimeSpan connect = section.Seconds("connect-timeout") ?? defaults.ConnectTimeout;
        TimeSpan idle = section.Seconds("idle-timeout") ?? defaults.IdleTimeout;
        int maxConnections = (int)(section.Integer("max-connections", 1, 1_000_000) ?? defaults.MaxConnections);
        IngressListenerOptions[] quic = [.. section.List<IngressListenerOptions>("quic", ConfigValues.Listener) ?? []];
        TimeSpan quicIdle = section.Seconds("quic-idle-timeout") ?? defaults.QuicIdleTimeout;
        int maxQuicFlows = (int)(section.Integer("max-quic-flows", 1, 1_000_000) ?? defaults.MaxQuicFlows);
        section.RejectUnknownKeys();

        void Populate(IngressOptions options)
        {
            options.Listen.AddRange(listen);
            options.Permit.AddRange(permit);
            options.Nat64Prefix = nat64Prefix;
            options.Nat46Prefix = nat46;
            options.FirstBytesTimeout = firstBytes;
            options.ConnectTimeout = connect;
            options.IdleTimeout = idle;
            options.MaxConnections = maxConnections;
            options.Quic.AddRange(quic);
            options.QuicIdleTimeout = quicIdle;
            options.MaxQuicFlows = maxQuicFlows;
        }

        IngressOptions check = new();
        Populate(check);
        ValidationReport.Add(section, Name, check.Validate());
        return Populate;
    }

    /// <summary>The mode of permitted prefixes that name none: <c>proxy-protocol = "v1"</c> or <c>"v2"</c>.</summary>
    private static ClientAddressMode ProxyProtocol(TomlSection section)
    {
        switch (section.String("proxy-protocol"))
        {
            case null:
                return ClientAddressMode.None;
            case "v1":
                return ClientAddressMode.ProxyV1;
            case "v2":
                return ClientAddressMode.ProxyV2;
            case string other:
                section.Error("proxy-protocol", $"'{other}' is not a PROXY protocol version; write \"v1\" or \"v2\".");
                return ClientAddressMode.None;
        }
    }
}
