using System.Globalization;

namespace Gate64.Protocols.Bgp;

/// <summary>RFC 1997 communities as text: "65001:100" (two 16-bit halves) or a well-known name.</summary>
public static class BgpCommunity
{
    public const uint GracefulShutdown = 0xFFFF0000;   // RFC 8326
    public const uint Blackhole = 0xFFFF029A;          // RFC 7999
    public const uint NoExport = 0xFFFFFF01;
    public const uint NoAdvertise = 0xFFFFFF02;
    public const uint NoExportSubconfed = 0xFFFFFF03;
    public const uint NoPeer = 0xFFFFFF04;             // RFC 3765

    /// <summary>Parses "ASN:VALUE" (each 0–65535, digits only) or one of no-export, no-advertise, no-export-subconfed, no-peer, graceful-shutdown, blackhole.</summary>
    public static bool TryParse(string? text, out uint community)
    {
        community = 0;
        if (text is null)
        {
            return false;
        }

        uint? named = text.ToLowerInvariant() switch
        {
            "no-export" => NoExport,
            "no-advertise" => NoAdvertise,
            "no-export-subconfed" => NoExportSubconfed,
            "no-peer" => NoPeer,
            "graceful-shutdown" => GracefulShutdown,
            "blackhole" => Blackhole,
            _ => null,
        };
        if (named is uint value)
        {
            community = value;
            return true;
        }

        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0
            || !ushort.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out ushort high)
            || !ushort.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ushort low))
        {
            return false;
        }

        community = ((uint)high << 16) | low;
        return true;
    }

    /// <summary>"65001:100".</summary>
    public static string Format(uint community) =>
        string.Create(CultureInfo.InvariantCulture, $"{community >> 16}:{community & 0xFFFF}");
}
