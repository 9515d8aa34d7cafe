using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Gate64.Protocols.Ip;

/// <summary>
/// Strict address parsing for configuration and ACLs. <see cref="IPAddress.TryParse(string?, out IPAddress?)"/>
/// also takes the inet_aton forms ("010.0.0.1" is octal 8.0.0.1, "127.1", "3232235777"), so a
/// typo in an access list would silently name another network; only dotted-quad IPv4 is accepted here.
/// </summary>
public static class IpAddressText
{
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out IPAddress? address)
    {
        if (!IPAddress.TryParse(text, out address))
        {
            return false;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork && !text.SequenceEqual(address.ToString()))
        {
            address = null;
            return false;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            address = null;   // a zone index names an interface, not a network
            return false;
        }
        return true;
    }
}
