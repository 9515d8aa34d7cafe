namespace Gate64.Protocols.Bgp;

/// <summary>The KEEPALIVE message: a bare header (RFC 4271 §4.4).</summary>
public static class BgpKeepalive
{
    /// <summary>Bytes in a KEEPALIVE.</summary>
    public const int Length = BgpMessageHeader.Length;

    /// <summary>Writes the 19 bytes and returns 19.</summary>
    public static int Write(Span<byte> destination) => BgpMessageHeader.Write(destination, BgpMessageType.Keepalive, Length);
}
