using System.Buffers.Binary;

namespace Gate64.Protocols.Bgp;

/// <summary>ROUTE-REFRESH messages: AFI (u16), subtype (u8, RFC 7313), SAFI (u8) after the header (RFC 2918 §3).</summary>
public static class BgpRouteRefreshCodec
{
    /// <summary>Bytes in a plain ROUTE-REFRESH.</summary>
    public const int Length = BgpMessageHeader.MinRouteRefreshLength;

    /// <summary>Subtype 0: a normal request (RFC 2918).</summary>
    public const byte SubtypeRequest = 0;

    /// <summary>Subtype 1: Beginning of Route Refresh (RFC 7313).</summary>
    public const byte SubtypeBeginning = 1;

    /// <summary>Subtype 2: End of Route Refresh (RFC 7313).</summary>
    public const byte SubtypeEnd = 2;

    /// <summary>Writes a ROUTE-REFRESH for <paramref name="family"/> and returns 23.</summary>
    public static int Write(BgpAddressFamily family, Span<byte> destination, byte subtype = SubtypeRequest)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"The destination must be at least {Length} bytes.", nameof(destination));
        }

        BgpMessageHeader.Write(destination, BgpMessageType.RouteRefresh, Length);
        BinaryPrimitives.WriteUInt16BigEndian(destination[BgpMessageHeader.Length..], family.Afi);
        destination[BgpMessageHeader.Length + 2] = subtype;
        destination[BgpMessageHeader.Length + 3] = family.Safi;
        return Length;
    }

    /// <summary>
    /// Reads a whole ROUTE-REFRESH (header included). False when it is not one, or when a BoRR/EoRR
    /// (subtype 1 or 2) is longer than 23 bytes, which RFC 7313 §5 answers with 7/1. A normal request may
    /// carry ORF entries (RFC 5291); they are ignored. Other subtypes are returned: RFC 7313 says to ignore them.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out BgpAddressFamily family, out byte subtype)
    {
        family = default;
        subtype = 0;
        if (!BgpMessageHeader.TryCheckWhole(message, BgpMessageType.RouteRefresh, out _))
        {
            return false;
        }

        ReadOnlySpan<byte> body = message[BgpMessageHeader.Length..];
        subtype = body[2];
        if (subtype is SubtypeBeginning or SubtypeEnd && body.Length != 4)
        {
            return false;
        }

        family = new BgpAddressFamily(BinaryPrimitives.ReadUInt16BigEndian(body), body[3]);
        return true;
    }
}
