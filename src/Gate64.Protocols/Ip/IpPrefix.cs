using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Gate64.Protocols.Ip;

/// <summary>
/// An IPv4 or IPv6 prefix (CIDR). Unlike <see cref="IPNetwork"/> it matches raw address bytes,
/// so a server can check a datagram's source without allocating an <see cref="IPAddress"/>.
/// </summary>
public readonly struct IpPrefix : IEquatable<IpPrefix>
{
    private readonly UInt128 _bits;   // network bits, left-aligned in 128 bits for both families
    private readonly UInt128 _mask;

    private IpPrefix(AddressFamily family, UInt128 bits, int length)
    {
        Family = family;
        Length = length;
        _mask = length == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - length);
        _bits = bits & _mask;
    }

    public AddressFamily Family { get; }

    /// <summary>Prefix length in bits (0–32 for IPv4, 0–128 for IPv6).</summary>
    public int Length { get; }

    /// <summary>The network address (host bits cleared).</summary>
    public IPAddress Network => ToAddress(Family, _bits);

    /// <summary>
    /// Writes the network address (4 or 16 bytes, host bits cleared) without allocating an
    /// <see cref="IPAddress"/>, for encoders that write many prefixes.
    /// </summary>
    /// <returns>The bytes written: 4 for IPv4, 16 for IPv6.</returns>
    public int WriteNetworkBytes(Span<byte> destination)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, _bits);
        int length = Family == AddressFamily.InterNetwork ? 4 : 16;
        bytes[..length].CopyTo(destination);
        return length;
    }

    public static IpPrefix Create(IPAddress address, int length)
    {
        ArgumentNullException.ThrowIfNull(address);
        int maxLength = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, maxLength);
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        return new IpPrefix(address.AddressFamily, LeftAligned(bytes[..written]), length);
    }

    /// <summary>Parses "2001:db8::/32" or "192.0.2.0/24"; a bare address means a host prefix.</summary>
    public static bool TryParse(string? text, out IpPrefix prefix)
    {
        prefix = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        string addressText = slash < 0 ? text : text[..slash];
        if (!IpAddressText.TryParse(addressText, out IPAddress? address))
        {
            return false;
        }
        int maxLength = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        int length = maxLength;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, null, out length) || length > maxLength))
        {
            return false;
        }
        prefix = Create(address, length);
        return true;
    }

    public static IpPrefix Parse(string text) =>
        TryParse(text, out IpPrefix prefix) ? prefix : throw new FormatException($"'{text}' is not an IP prefix such as 2001:db8::/32 or 192.0.2.0/24.");

    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        return Contains(bytes[..written]);
    }

    /// <summary>Matches 4 bytes against an IPv4 prefix or 16 bytes against an IPv6 prefix.</summary>
    public bool Contains(ReadOnlySpan<byte> address)
    {
        int expected = Family == AddressFamily.InterNetwork ? 4 : 16;
        return address.Length == expected && (LeftAligned(address) & _mask) == _bits;
    }

    /// <summary>True when every address of <paramref name="other"/> is inside this prefix.</summary>
    public bool Contains(IpPrefix other) =>
        other.Family == Family && other.Length >= Length && (other._bits & _mask) == _bits;

    public bool Overlaps(IpPrefix other) => Contains(other) || other.Contains(this);

    public override string ToString() => $"{Network}/{Length}";

    public bool Equals(IpPrefix other) => Family == other.Family && Length == other.Length && _bits == other._bits;

    public override bool Equals([NotNullWhen(true)] object? obj) => obj is IpPrefix other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Family, Length, _bits);

    public static bool operator ==(IpPrefix left, IpPrefix right) => left.Equals(right);

    public static bool operator !=(IpPrefix left, IpPrefix right) => !left.Equals(right);

    private static UInt128 LeftAligned(ReadOnlySpan<byte> address) => address.Length == 4
        ? (UInt128)BinaryPrimitives.ReadUInt32BigEndian(address) << 96
        : BinaryPrimitives.ReadUInt128BigEndian(address);

    private static IPAddress ToAddress(AddressFamily family, UInt128 bits)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, bits);
        return new IPAddress(family == AddressFamily.InterNetwork ? bytes[..4] : bytes);
    }
}
