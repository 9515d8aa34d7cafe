using System.Globalization;

namespace Gate64.Testing.Routing;

/// <summary>A large community (RFC 8092), written <c>GLOBAL:LOCAL1:LOCAL2</c>.</summary>
public readonly record struct BgpLargeCommunity(uint GlobalAdministrator, uint LocalData1, uint LocalData2)
{
    /// <summary>Parses <c>65001:1:2</c>; also BIRD's <c>(65001, 1, 2)</c>.</summary>
    public static BgpLargeCommunity Parse(string text)
    {
        string[] parts = text.Trim().Trim('(', ')').Split([':', ','], StringSplitOptions.TrimEntries);
        if (parts.Length != 3 ||
            !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint global) ||
            !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out uint local1) ||
            !uint.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint local2))
        {
            throw new FormatException($"'{text}' is not a large community such as 65001:1:2");
        }

        return new BgpLargeCommunity(global, local1, local2);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{GlobalAdministrator}:{LocalData1}:{LocalData2}");
}
