using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text;
using Gate64.Protocols.Dns;

namespace Gate64.Dns64;

/// <summary>Reverse-mapping names: ip6.arpa (RFC 3596 §2.5) and in-addr.arpa (RFC 1035 §3.5).</summary>
internal static class ReverseNames
{
    private const int NibbleCount = 32;

    /// <summary>The IPv6 address of a full 32-nibble ip6.arpa name; false for anything else.</summary>
    public static bool TryParseIp6Arpa(DnsName name, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (name.LabelCount != NibbleCount + 2)
        {
            return false;
        }
        string[] labels = name.ToString(trailingDot: false).ToLowerInvariant().Split('.');
        if (labels.Length != NibbleCount + 2 || labels[NibbleCount] != "ip6" || labels[NibbleCount + 1] != "arpa")
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[16];
        for (int i = 0; i < NibbleCount; i++)
        {
            // The first label is the lowest nibble of the address.
            if (labels[i].Length != 1 || !byte.TryParse(labels[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte nibble))
            {
                return false;
            }
            int position = NibbleCount - 1 - i;
            bytes[position / 2] |= (byte)(position % 2 == 0 ? nibble << 4 : nibble);
        }
        address = new IPAddress(bytes);
        return true;
    }

    /// <summary>"d.c.b.a.in-addr.arpa." for the IPv4 address a.b.c.d.</summary>
    public static DnsName InAddrArpa(IPAddress ipv4)
    {
        byte[] b = ipv4.GetAddressBytes();
        return DnsName.Parse(string.Create(CultureInfo.InvariantCulture, $"{b[3]}.{b[2]}.{b[1]}.{b[0]}.in-addr.arpa."));
    }

    /// <summary>The ip6.arpa name of an IPv6 address.</summary>
    public static DnsName Ip6Arpa(IPAddress ipv6)
    {
        byte[] bytes = ipv6.GetAddressBytes();
        StringBuilder text = new(NibbleCount * 2 + 9);
        for (int i = bytes.Length - 1; i >= 0; i--)
        {
            text.Append(CultureInfo.InvariantCulture, $"{bytes[i] & 0xF:x}.{bytes[i] >> 4:x}.");
        }
        return DnsName.Parse(text.Append("ip6.arpa.").ToString());
    }
}
