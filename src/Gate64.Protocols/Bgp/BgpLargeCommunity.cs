using System.Globalization;

namespace Gate64.Protocols.Bgp;

/// <summary>A large community (RFC 8092): three 32-bit numbers, written "65001:1:2".</summary>
public readonly record struct BgpLargeCommunity(uint GlobalAdministrator, uint LocalData1, uint LocalData2)
{
    /// <summary>Bytes of one large community on the wire.</summary>
    public const int Size = 12;

    /// <summary>Parses "GLOBAL:LOCAL1:LOCAL2", each 0–4294967295, digits only.</summary>
    public static bool TryParse(string? text, out BgpLargeCommunity community)
    {
        community = default;
        if (text is null)
        {
            return false;
        }

        ReadOnlySpan<char> rest = text;
        Span<uint> parts = stackalloc uint[3];
        for (int i = 0; i < 3; i++)
        {
            int colon = rest.IndexOf(':');
            ReadOnlySpan<char> part = i < 2 ? (colon < 0 ? [] : rest[..colon]) : rest;
            if (part.IsEmpty || !uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out parts[i]))
            {
                return false;
            }

            rest = i < 2 ? rest[(colon + 1)..] : [];
        }

        community = new BgpLargeCommunity(parts[0], parts[1], parts[2]);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{GlobalAdministrator}:{LocalData1}:{LocalData2}");
}
