using System.Net;
using System.Net.Sockets;
using Gate64.Protocols.Ip;

namespace Gate64.Protocols.Bgp;

/// <summary>
/// The NLRI prefix encoding (RFC 4271 §4.3, RFC 4760 §5): the length in bits (one byte), then the
/// fewest whole bytes that hold those bits. Bits past the length are ignored on receive, as the RFC
/// says, so a reader masks them instead of refusing the prefix.
/// </summary>
public static class BgpPrefixCodec
{
    /// <summary>The bytes a prefix of <paramref name="prefixLength"/> bits takes on the wire.</summary>
    public static int GetEncodedLength(int prefixLength) => 1 + ((prefixLength + 7) >> 3);

    /// <summary>Writes <paramref name="prefix"/> and returns the bytes written.</summary>
    public static int Write(IpPrefix prefix, Span<byte> destination)
    {
        int length = GetEncodedLength(prefix.Length);
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination must be at least {length} bytes.", nameof(destination));
        }

        Span<byte> address = stackalloc byte[16];
        prefix.WriteNetworkBytes(address);
        destination[0] = (byte)prefix.Length;
        address[..(length - 1)].CopyTo(destination[1..]);
        return length;
    }

    /// <summary>
    /// Reads one prefix of <paramref name="family"/> from the start of <paramref name="data"/>. False when the
    /// length byte exceeds 32 (IPv4) or 128 (IPv6) or the bytes run out.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, AddressFamily family, out IpPrefix prefix, out int consumed)
    {
        prefix = default;
        int maxBits = family == AddressFamily.InterNetwork ? 32 : 128;
        if (!TrySkip(data, maxBits, out consumed))
        {
            return false;
        }

        Span<byte> address = stackalloc byte[maxBits / 8];
        address.Clear();
        data[1..consumed].CopyTo(address);
        prefix = IpPrefix.Create(new IPAddress(address), data[0]);
        return true;
    }

    /// <summary>Steps over one prefix of at most <paramref name="maxBits"/> bits; false when it is malformed.</summary>
    public static bool TrySkip(ReadOnlySpan<byte> data, int maxBits, out int consumed)
    {
        consumed = 0;
        if (data.IsEmpty || data[0] > maxBits)
        {
            return false;
        }

        int length = GetEncodedLength(data[0]);
        if (data.Length < length)
        {
            return false;
        }

        consumed = length;
        return true;
    }

    /// <summary>Counts the prefixes of a whole NLRI field; false when any is malformed or the field does not end on a prefix.</summary>
    public static bool TryCount(ReadOnlySpan<byte> field, int maxBits, out int count)
    {
        count = 0;
        while (!field.IsEmpty)
        {
            if (!TrySkip(field, maxBits, out int consumed))
            {
                return false;
            }

            field = field[consumed..];
            count++;
        }

        return true;
    }
}
