using Gate64.Links;

namespace Gate64.Tests.Links;

/// <summary>Valid link specs for tests.</summary>
internal static class LinkSpecs
{
    public static LinkSpec Create(string name, LinkTarget target, string ipv6, string? ipv4) =>
        LinkSpec.TryCreate(name, target, ipv6, ipv4, out LinkSpec? spec, out IReadOnlyList<string> errors)
            ? spec
            : throw new ArgumentException(string.Join(" ", errors));

    public static LinkSpec Linux(string? ipv4 = "192.0.2.10") => Create("gw0", LinkTarget.NetworkNamespace("ws1"), "2001:db8:10::10", ipv4);

    public static LinkSpec FreeBsd(string? ipv4 = "192.0.2.10") => Create("gw0", LinkTarget.Jail("web"), "2001:db8:10::10", ipv4);
}
