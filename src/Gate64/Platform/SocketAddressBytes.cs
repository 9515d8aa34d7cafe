using System.Net;
using System.Net.Sockets;

namespace Gate64.Platform;

/// <summary>Reads the IP address out of a native socket address without creating an IPEndPoint.</summary>
internal static class SocketAddressBytes
{
    // sockaddr_in keeps the address at byte 4; sockaddr_in6 at byte 8, after the flow label
    // (Linux and the BSDs alike: the BSDs' sa_len byte shares the 2-byte family field).
    private const int Ipv4Offset = 4;
    private const int Ipv6Offset = 8;

    /// <summary>Copies the 4- or 16-byte address into <paramref name="destination"/> and returns its length.</summary>
    public static int GetAddress(SocketAddress socketAddress, Span<byte> destination)
    {
        ReadOnlySpan<byte> raw = socketAddress.Buffer.Span;
        return socketAddress.Family switch
        {
            AddressFamily.InterNetwork => Copy(raw.Slice(Ipv4Offset, 4), destination),
            AddressFamily.InterNetworkV6 => Copy(raw.Slice(Ipv6Offset, 16), destination),
            _ => 0,
        };
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }
}
