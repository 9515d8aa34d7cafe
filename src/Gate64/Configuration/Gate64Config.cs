using System.Net;
using Gate64.Bgp;
using Gate64.Dns64;
using Gate64.Ingress;
using Gate64.Nat64;
using Gate64.Resolver;

namespace Gate64.Configuration;

/// <summary>
/// A validated <c>gate64.toml</c>: for each configured service, how to fill in its options (the
/// same shape as the single commands' populate functions). Immutable, so a reload swaps one
/// whole snapshot for another and every options instance is built from exactly one of them.
/// </summary>
public sealed class Gate64Config
{
    private IReadOnlyList<ConfigSetting>? _settings;

    internal Gate64Config(string filePath)
    {
        FilePath = filePath;
    }

    /// <summary>The file as the operator named it; a reload reads it again.</summary>
    public string FilePath { get; }

    /// <summary>The shared resolver (<c>[resolver]</c>, adjusted for the ingress), or null when no service asks it.</summary>
    public Action<DnsResolverOptions>? Resolver { get; internal init; }

    public Action<Dns64Options>? Dns64 { get; internal init; }

    public Action<IngressOptions>? Ingress { get; internal init; }

    /// <summary>The ingress's own resolver (<c>[ingress] resolver</c>), or null when it asks the shared one.</summary>
    public Action<DnsResolverOptions>? IngressResolver { get; internal init; }

    public Action<Nat64Options>? Nat64 { get; internal init; }

    public Action<BgpOptions>? Bgp { get; internal init; }

    /// <summary>Where <c>/metrics</c> and <c>/healthz</c> are served (<c>[metrics] listen</c>), or null.</summary>
    public IPEndPoint? MetricsListen { get; internal init; }

    /// <summary>The services that run, in start order.</summary>
    public IReadOnlyList<string> Services =>
        [.. new (string Name, bool On)[]
        {
            (Nat64Section.Name, Nat64 is not null),
            (Dns64Section.Name, Dns64 is not null),
            (IngressSection.Name, Ingress is not null),
            (BgpSection.Name, Bgp is not null),
        }.Where(service => service.On).Select(service => service.Name)];

    /// <summary>Every effective setting, for comparing with another snapshot.</summary>
    public IReadOnlyList<ConfigSetting> Settings => _settings ??= ConfigSettings.Describe(this);
}
