using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gate64.Bgp;
using Gate64.Protocols.Bgp;

namespace Gate64.Cli.Commands;

/// <summary>Parsers for <c>gate64 bgp</c>'s values: AS numbers, neighbors and communities.</summary>
internal static class BgpArgumentParsers
{
    /// <summary>An AS number, 1 to 4294967295 (asplain, RFC 5396).</summary>
    public static uint AutonomousSystem(ArgumentResult result)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (TryParseAs(token, out uint value))
        {
            return value;
        }
        result.AddError($"{OptionParsers.OptionName(result)}: '{token}' is not an AS number from 1 to 4294967295.");
        return 0;
    }

    /// <summary>An IPv4 address written as such (the BGP identifier).</summary>
    public static IPAddress RouterId(ArgumentResult result)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (IPAddress.TryParse(token, out IPAddress? address) && address.AddressFamily == AddressFamily.InterNetwork && token.Count(c => c == '.') == 3)
        {
            return address;
        }
        result.AddError($"{OptionParsers.OptionName(result)}: '{token}' is not an IPv4 address such as 198.51.100.2.");
        return IPAddress.Any;
    }

    /// <summary><c>ADDR,as=N[,port=N][,next-hop4=A][,next-hop6=A]</c>.</summary>
    public static BgpNeighborOptions[] Neighbors(ArgumentResult result) =>
        OptionParsers.Each<BgpNeighborOptions>(result, token =>
        {
            string[] parts = token.Split(',');
            if (!IPAddress.TryParse(parts[0], out IPAddress? address))
            {
                return (null, $"'{token}': '{parts[0]}' is not an IP address; write ADDR,as=N.");
            }
            BgpNeighborOptions neighbor = new() { Address = address, PeerAs = 0 };
            foreach (string part in parts.Skip(1))
            {
                int equals = part.IndexOf('=', StringComparison.Ordinal);
                string? error = equals < 0
                    ? $"'{part}' is not KEY=VALUE"
                    : ApplyNeighborSetting(neighbor, part[..equals], part[(equals + 1)..]);
                if (error is not null)
                {
                    return (null, $"'{token}': {error}.");
                }
            }
            return neighbor.PeerAs != 0 ? (neighbor, null) : (null, $"'{token}': the peer's AS is missing; write ADDR,as=N.");
        });

    /// <summary>RFC 1997 communities written <c>ASN:VALUE</c> (16 bits each).</summary>
    public static uint[] Communities(ArgumentResult result) =>
        OptionParsers.Each<uint>(result, token => BgpCommunity.TryParse(token, out uint community)
            ? (community, null)
            : (0, $"'{token}' is not a community such as 65001:100 (two numbers up to 65535)."));

    /// <summary>RFC 8092 large communities written <c>GLOBAL:LOCAL1:LOCAL2</c> (32 bits each).</summary>
    public static BgpLargeCommunity[] LargeCommunities(ArgumentResult result) =>
        OptionParsers.Each<BgpLargeCommunity>(result, token => BgpLargeCommunity.TryParse(token, out BgpLargeCommunity community)
            ? (community, null)
            : (default, $"'{token}' is not a large community such as 65001:1:2 (three numbers up to 4294967295)."));

    private static bool TryParseAs(string text, out uint value) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value != 0;

    /// <summary>Applies one <c>KEY=VALUE</c> of a neighbor; the error text, or null.</summary>
    private static string? ApplyNeighborSetting(BgpNeighborOptions neighbor, string key, string value)
    {
        switch (key)
        {
            case "as" when TryParseAs(value, out uint peerAs):
                neighbor.PeerAs = peerAs;
                return null;
            case "port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is >= 1 and <= 65535:
                neighbor.Port = port;
                return null;
            case "next-hop4" when IPAddress.TryParse(value, out IPAddress? nextHop4):
                neighbor.NextHop4 = nextHop4;
                return null;
            case "next-hop6" when IPAddress.TryParse(value, out IPAddress? nextHop6):
                neighbor.NextHop6 = nextHop6;
                return null;
            case "as" or "port" or "next-hop4" or "next-hop6":
                return $"{key}={value} is not a valid {key}";
            default:
                return $"'{key}' is not one of as, port, next-hop4, next-hop6";
        }
    }
}
