using System.Diagnostics.CodeAnalysis;
using System.Net;
using Gate64.Protocols.Ip;

namespace Gate64.Links;

/// <summary>
/// One workload's routed point-to-point link: the host end's interface name, where the workload end goes, the
/// workload's IPv6 /128 and optionally its IPv4 /32. Made only through <see cref="TryCreate"/>, so every instance is
/// valid.
/// </summary>
internal sealed record LinkSpec
{
    private LinkSpec(string name, LinkTarget target, IPAddress ipv6, IPAddress? ipv4)
    {
        Name = name;
        Target = target;
        Ipv6 = ipv6;
        Ipv4 = ipv4;
    }

    /// <summary>The host end's interface name.</summary>
    public string Name { get; }

    public LinkTarget Target { get; }

    public IPAddress Ipv6 { get; }

    public IPAddress? Ipv4 { get; }

    /// <summary>The host route to the workload's IPv6 address.</summary>
    public IpPrefix Ipv6Route => IpPrefix.Create(Ipv6, 128);

    /// <summary>The host route to the workload's IPv4 address, when it has one.</summary>
    public IpPrefix? Ipv4Route => Ipv4 is null ? null : IpPrefix.Create(Ipv4, 32);

    /// <summary>Checks everything and reports every problem, not only the first.</summary>
    public static bool TryCreate(
        string name,
        LinkTarget target,
        string ipv6Text,
        string? ipv4Text,
        [NotNullWhen(true)] out LinkSpec? spec,
        out IReadOnlyList<string> errors)
    {
        List<string> problems = [];
        if (LinkValidation.InterfaceNameError(name) is { } nameError)
        {
            problems.Add(nameError);
        }
        if (LinkValidation.TargetNameError(target) is { } targetError)
        {
            problems.Add(targetError);
        }
        if (!LinkValidation.TryParseIpv6(ipv6Text, out IPAddress? ipv6, out string? ipv6Error))
        {
            problems.Add($"--ipv6 {ipv6Error}");
        }
        IPAddress? ipv4 = null;
        if (ipv4Text is not null && !LinkValidation.TryParseIpv4(ipv4Text, out ipv4, out string? ipv4Error))
        {
            problems.Add($"--ipv4 {ipv4Error}");
        }
        errors = problems;
        spec = problems.Count == 0 ? new LinkSpec(name, target, ipv6!, ipv4) : null;
        return spec is not null;
    }

    public override string ToString() =>
        $"{Name} ({Target}, {Ipv6Route}{(Ipv4Route is { } route ? $", {route}" : "")})";
}
