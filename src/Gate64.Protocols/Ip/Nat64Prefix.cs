using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Gate64.Protocols.Ip;

/// <summary>
/// An RFC 6052 Pref64::/n and the algorithmic mapping between IPv4 addresses and the
/// IPv4-embedded IPv6 addresses inside it (§2.2). Bits 64–71 (the "u" octet) are always zero;
/// the IPv4 bits that would fall there continue after it.
/// </summary>
public readonly struct Nat64Prefix : IEquatable<Nat64Prefix>
{
    // Declared before WellKnown: static fields initialise in textual order.
    private static readonly int[] s_validLengths = [32, 40, 48, 56, 64, 96];

    /// <summary>The Well-Known Prefix 64:ff9b::/96 (RFC 6052 §2.1).</summary>
    public static readonly Nat64Prefix WellKnown = Parse("64:ff9b::/96");

    private readonly byte[] _prefixBytes;   // 16 bytes, bits beyond Length zero

    private Nat64Prefix(byte[] prefixBytes, int length)
    {
        _prefixBytes = prefixBytes;
        Length = length;
        Prefix = IpPrefix.Create(new IPAddress(prefixBytes), length);
    }

    /// <summary>Prefix length: one of 32, 40, 48, 56, 64, 96.</summary>
    public int Length { get; }

    public IpPrefix Prefix { get; }

    public bool IsWellKnown => Prefix == WellKnown.Prefix;

    /// <summary>Parses a prefix and checks the RFC 6052 rules, with a reason on failure.</summary>
    public static bool TryParse(string? text, out Nat64Prefix prefix, [NotNullWhen(false)] out string? error)
    {
        prefix = default;
        if (!IpPrefix.TryParse(text, out IpPrefix ip) || ip.Family != AddressFamily.InterNetworkV6 || text!.IndexOf('/', StringComparison.Ordinal) < 0)
        {
            error = $"'{text}' is not an IPv6 prefix such as 64:ff9b::/96.";
            return false;
        }
        if (Array.IndexOf(s_validLengths, ip.Length) < 0)
        {
            error = $"'{text}': an RFC 6052 prefix is /32, /40, /48, /56, /64 or /96.";
            return false;
        }
        byte[] bytes = ip.Network.GetAddressBytes();
        if (!IPAddress.Parse(text.AsSpan(0, text.IndexOf('/', StringComparison.Ordinal))).Equals(ip.Network))
        {
            error = $"'{text}' has bits set beyond /{ip.Length}.";
            return false;
        }
        if (ip.Length > 64 && bytes[8] != 0)
        {
            error = $"'{text}': bits 64 to 71 (the RFC 6052 'u' octet) must be zero.";
            return false;
        }
        prefix = new Nat64Prefix(bytes, ip.Length);
        error = null;
        return true;
    }

    public static Nat64Prefix Parse(string text) =>
        TryParse(text, out Nat64Prefix prefix, out string? error) ? prefix : throw new FormatException(error);

    /// <summary>Writes the IPv4-embedded IPv6 address of <paramref name="ipv4"/> (4 bytes) into <paramref name="ipv6"/> (16 bytes).</summary>
    public void Embed(ReadOnlySpan<byte> ipv4, Span<byte> ipv6)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(ipv4.Length, 4);
        ArgumentOutOfRangeException.ThrowIfLessThan(ipv6.Length, 16);
        _prefixBytes.CopyTo(ipv6);
        int position = Length / 8;
        foreach (byte b in ipv4)
        {
            if (position == 8)
            {
                position++;   // skip the u octet
            }
            ipv6[position++] = b;
        }
    }

    public IPAddress Embed(IPAddress ipv4)
    {
        ArgumentNullException.ThrowIfNull(ipv4);
        if (ipv4.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("An IPv4 address is required.", nameof(ipv4));
        }
        Span<byte> v4 = stackalloc byte[4];
        Span<byte> v6 = stackalloc byte[16];
        ipv4.TryWriteBytes(v4, out _);
        Embed(v4, v6);
        return new IPAddress(v6);
    }

    /// <summary>Extracts the embedded IPv4 address; false when <paramref name="ipv6"/> is outside the prefix.</summary>
    public bool TryExtract(ReadOnlySpan<byte> ipv6, Span<byte> ipv4)
    {
        if (!Prefix.Contains(ipv6) || ipv4.Length < 4)
        {
            return false;
        }
        int position = Length / 8;
        for (int i = 0; i < 4; i++)
        {
            if (position == 8)
            {
                position++;
            }
            ipv4[i] = ipv6[position++];
        }
        return true;
    }

    public bool TryExtract(IPAddress ipv6, [NotNullWhen(true)] out IPAddress? ipv4)
    {
        ArgumentNullException.ThrowIfNull(ipv6);
        Span<byte> v6 = stackalloc byte[16];
        Span<byte> v4 = stackalloc byte[4];
        ipv4 = null;
        if (!ipv6.TryWriteBytes(v6, out int written) || written != 16 || !TryExtract(v6, v4))
        {
            return false;
        }
        ipv4 = new IPAddress(v4);
        return true;
    }

    public override string ToString() => Prefix.ToString();

    public bool Equals(Nat64Prefix other) => Prefix == other.Prefix;

    public override bool Equals([NotNullWhen(true)] object? obj) => obj is Nat64Prefix other && Equals(other);

    public override int GetHashCode() => Prefix.GetHashCode();

    public static bool operator ==(Nat64Prefix left, Nat64Prefix right) => left.Equals(right);

    public static bool operator !=(Nat64Prefix left, Nat64Prefix right) => !left.Equals(right);
}
