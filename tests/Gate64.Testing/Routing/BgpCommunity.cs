using System.Globalization;

namespace Gate64.Testing.Routing;

/// <summary>A standard community (RFC 1997), written <c>ASN:VALUE</c>.</summary>
public readonly record struct BgpCommunity(ushort Asn, ushort Value)
{
    /// <summary>Parses <c>65001:100</c>; also BIRD's <c>(65001,100)</c>.</summary>
    public static BgpCommunity Parse(string text)
    {
        string[] parts = text.Trim().Trim('(', ')').Split([':', ','], StringSplitOptions.TrimEntries);
        if (parts.Length != 2 ||
            !ushort.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out ushort asn) ||
            !ushort.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ushort value))
        {
            throw new FormatException($"'{text}' is not a community such as 65001:100");
        }

        return new BgpCommunity(asn, value);
    }

    /// <summary>The 32-bit wire value (ASN in the high half).</summary>
    public uint ToUInt32() => ((uint)Asn << 16) | Value;

    public static BgpCommunity FromUInt32(uint value) => new((ushort)(value >> 16), (ushort)value);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Asn}:{Value}");
}
