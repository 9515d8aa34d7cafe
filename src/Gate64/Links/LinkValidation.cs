using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Gate64.Protocols.Ip;

namespace Gate64.Links;

/// <summary>
/// The rules for a link's names and addresses. Every rule returns the error text or null, so that callers can report
/// every problem at once.
/// </summary>
internal static class LinkValidation
{
    /// <summary>IFNAMSIZ is 16 on Linux and FreeBSD, including the terminating NUL.</summary>
    public const int MaxInterfaceNameLength = 15;

    /// <summary>A generous bound for namespace and jail names: they end up in file names and command lines.</summary>
    public const int MaxTargetNameLength = 64;

    private static readonly IpPrefix[] s_refusedIpv6 =
    [
        IpPrefix.Parse("::ffff:0:0/96"),
        IpPrefix.Parse("::/96"),
        IpPrefix.Parse("fe80::/10"),
        IpPrefix.Parse("fec0::/10"),
        IpPrefix.Parse("ff00::/8"),
    ];

    private static readonly string[] s_refusedIpv6Reasons =
    [
        "an IPv4-mapped address (::ffff:0:0/96)",
        "not a global unicast address (::/96: unspecified, loopback or the deprecated IPv4-compatible form)",
        "a link-local address (fe80::/10)",
        "a site-local address (fec0::/10, deprecated)",
        "a multicast address (ff00::/8)",
    ];

    private static readonly IpPrefix[] s_refusedIpv4 =
    [
        IpPrefix.Parse("0.0.0.0/8"),
        IpPrefix.Parse("127.0.0.0/8"),
        IpPrefix.Parse("169.254.0.0/16"),
        IpPrefix.Parse("224.0.0.0/4"),
        IpPrefix.Parse("240.0.0.0/4"),
    ];

    private static readonly string[] s_refusedIpv4Reasons =
    [
        "in 0.0.0.0/8 (\"this network\")",
        "a loopback address (127.0.0.0/8)",
        "a link-local address (169.254.0.0/16, where the workload's gateway 169.254.1.1 lives)",
        "a multicast address (224.0.0.0/4)",
        "reserved or broadcast (240.0.0.0/4, 255.255.255.255)",
    ];

    /// <summary>The host end's interface name: 1–15 of <c>A-Z a-z 0-9 _ . -</c>, not <c>lo</c>.</summary>
    public static string? InterfaceNameError(string name)
    {
        if (name.Length is 0 or > MaxInterfaceNameLength)
        {
            return $"the link name '{name}' must have 1 to {MaxInterfaceNameLength} characters (an interface name).";
        }
        if (!IsNameText(name))
        {
            return $"the link name '{name}' may only have letters, digits, '_', '.' and '-', and must not start with '-' or be '.' or '..'.";
        }
        if (name == "lo")
        {
            return "the link name must not be 'lo' (the loopback interface).";
        }
        return null;
    }

    /// <summary>A network namespace or jail name: 1–64 of <c>A-Z a-z 0-9 _ . -</c>.</summary>
    public static string? TargetNameError(LinkTarget target)
    {
        string what = target.Kind == LinkTargetKind.Jail ? "jail" : "network namespace";
        if (target.Name.Length is 0 or > MaxTargetNameLength || !IsNameText(target.Name))
        {
            return $"the {what} name '{target.Name}' must have 1 to {MaxTargetNameLength} letters, digits, '_', '.' or '-', and must not start with '-' or be '.' or '..'.";
        }
        return null;
    }

    /// <summary>Parses the workload's IPv6 address: <c>ADDR</c> or <c>ADDR/128</c>, global unicast.</summary>
    public static bool TryParseIpv6(string text, [NotNullWhen(true)] out IPAddress? address, [NotNullWhen(false)] out string? error) =>
        TryParseHost(text, AddressFamily.InterNetworkV6, out address, out error);

    /// <summary>Parses the workload's IPv4 address: <c>ADDR</c> or <c>ADDR/32</c>, unicast.</summary>
    public static bool TryParseIpv4(string text, [NotNullWhen(true)] out IPAddress? address, [NotNullWhen(false)] out string? error) =>
        TryParseHost(text, AddressFamily.InterNetwork, out address, out error);

    private static bool TryParseHost(string text, AddressFamily family, [NotNullWhen(true)] out IPAddress? address, [NotNullWhen(false)] out string? error)
    {
        bool ipv6 = family == AddressFamily.InterNetworkV6;
        int hostLength = ipv6 ? 128 : 32;
        string example = ipv6 ? "2001:db8:10::10" : "192.0.2.10";
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        string addressText = slash < 0 ? text : text[..slash];
        if (slash >= 0 && text[(slash + 1)..] != hostLength.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            address = null;
            error = $"'{text}': a link carries one address, a /{hostLength} (give {example} or {example}/{hostLength}).";
            return false;
        }
        if (!IpAddressText.TryParse(addressText, out address) || address.AddressFamily != family)
        {
            address = null;
            error = $"'{text}' is not an {(ipv6 ? "IPv6" : "IPv4")} address such as {example}.";
            return false;
        }
        error = ipv6 ? Refusal(address, s_refusedIpv6, s_refusedIpv6Reasons) : Refusal(address, s_refusedIpv4, s_refusedIpv4Reasons);
        if (error is not null)
        {
            address = null;
            return false;
        }
        return true;
    }

    private static string? Refusal(IPAddress address, IpPrefix[] refused, string[] reasons)
    {
        for (int i = 0; i < refused.Length; i++)
        {
            if (refused[i].Contains(address))
            {
                return $"'{address}' is {reasons[i]}; a workload needs a unicast address that can be routed to it.";
            }
        }
        return null;
    }

    private static bool IsNameText(string name) =>
        name is not ("." or "..") &&
        name[0] != '-' &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
}
