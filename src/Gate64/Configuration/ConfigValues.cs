using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Gate64.Ingress;
using Gate64.Protocols.Bgp;
using Gate64.Protocols.Ip;

namespace Gate64.Configuration;

/// <summary>
/// The configuration file's value parsers: the same parsers (and so the same accepted forms) as
/// the command line's flags, wrapped as <see cref="TextParser{T}"/>.
/// </summary>
internal static class ConfigValues
{
    public static bool Endpoint(string text, [NotNullWhen(true)] out IPEndPoint? value, [NotNullWhen(false)] out string? error) =>
        EndpointText.TryParse(text, out value, out error);

    public static bool Listener(string text, [NotNullWhen(true)] out IngressListenerOptions? value, [NotNullWhen(false)] out string? error) =>
        ListenerText.TryParse(text, out value, out error);

    public static bool Prefix(string text, out IpPrefix value, [NotNullWhen(false)] out string? error)
    {
        error = IpPrefix.TryParse(text, out value) ? null : $"'{text}' is not an IP prefix such as 2001:db8::/32 or 192.0.2.0/24.";
        return error is null;
    }

    public static bool Nat64Prefix(string text, out Nat64Prefix value, [NotNullWhen(false)] out string? error) =>
        Protocols.Ip.Nat64Prefix.TryParse(text, out value, out error);

    /// <summary>A parser for <c>PREFIX[=MODE]</c> whose prefixes without a mode get <paramref name="defaultMode"/>.</summary>
    public static TextParser<PermittedPrefix> Permit(ClientAddressMode defaultMode) =>
        (string text, out PermittedPrefix value, [NotNullWhen(false)] out string? error) =>
        {
            bool parsed = PermitText.TryParse(text, out IpPrefix prefix, out ClientAddressMode? mode, out error);
            value = parsed ? new PermittedPrefix(prefix, mode ?? defaultMode) : default;
            return parsed;
        };

    public static bool Offload(string text, out Nat64.Nat64Offload value, [NotNullWhen(false)] out string? error)
    {
        (bool known, value) = text switch
        {
            "auto" => (true, Nat64.Nat64Offload.Auto),
            "off" => (true, Nat64.Nat64Offload.Off),
            _ => (false, default),
        };
        error = known ? null : $"'{text}' is not an offload mode: auto or off.";
        return known;
    }

    public static bool Address(string text, [NotNullWhen(true)] out IPAddress? value, [NotNullWhen(false)] out string? error)
    {
        error = IpAddressText.TryParse(text, out value) ? null : $"'{text}' is not an IP address such as 2001:db8::1 or 192.0.2.1.";
        return error is null;
    }

    /// <summary>An IPv4 address written as such: the BGP identifier.</summary>
    public static bool Ipv4Address(string text, [NotNullWhen(true)] out IPAddress? value, [NotNullWhen(false)] out string? error)
    {
        if (IpAddressText.TryParse(text, out value) && value.AddressFamily == AddressFamily.InterNetwork)
        {
            error = null;
            return true;
        }
        value = null;
        error = $"'{text}' is not an IPv4 address such as 198.51.100.2.";
        return false;
    }

    public static bool Community(string text, out uint value, [NotNullWhen(false)] out string? error)
    {
        error = BgpCommunity.TryParse(text, out value) ? null : $"'{text}' is not a community such as 65001:100 (two numbers up to 65535).";
        return error is null;
    }

    public static bool LargeCommunity(string text, out BgpLargeCommunity value, [NotNullWhen(false)] out string? error)
    {
        error = BgpLargeCommunity.TryParse(text, out value) ? null : $"'{text}' is not a large community such as 65001:1:2 (three numbers up to 4294967295).";
        return error is null;
    }
}
