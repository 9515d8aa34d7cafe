using System.Buffers.Binary;
using System.Net;
using Gate64.Protocols.Bgp;

namespace Gate64.Testing.Bgp;

/// <summary>
/// What a <see cref="ScriptedBgpPeer"/> sends: valid messages built with the codec of
/// <c>Gate64.Protocols.Bgp</c>, and broken ones made by hand, each broken in exactly one way.
/// </summary>
public static class ScriptedBgpMessages
{
    private const byte WellKnownTransitive = 0x40;
    private const byte OriginType = 1;
    private const byte AsPathType = 2;
    private const byte NextHopType = 3;
    private const byte AsSequence = 2;

    /// <summary>An OPEN (version 4) with multiprotocol IPv4 unicast, route refresh and the 4-octet AS capability.</summary>
    public static byte[] Open(uint autonomousSystem, ushort holdTimeSeconds, IPAddress routerId)
    {
        ArgumentNullException.ThrowIfNull(routerId);
        BgpOpen open = new(autonomousSystem, holdTimeSeconds, BinaryPrimitives.ReadUInt32BigEndian(routerId.GetAddressBytes()), new BgpCapabilities
        {
            Families = [BgpAddressFamily.Ipv4Unicast],
            RouteRefresh = true,
            FourOctetAs = autonomousSystem,
        });
        byte[] buffer = new byte[BgpOpenCodec.MaxLength];
        return buffer[..BgpOpenCodec.Write(open, buffer)];
    }

    /// <summary><see cref="Open"/> with another version number in its first body byte (RFC 4271 §6.2: 2/1 expected).</summary>
    public static byte[] OpenWithVersion(byte version, uint autonomousSystem, ushort holdTimeSeconds, IPAddress routerId)
    {
        byte[] open = Open(autonomousSystem, holdTimeSeconds, routerId);
        open[BgpMessageHeader.Length] = version;
        return open;
    }

    public static byte[] Keepalive()
    {
        byte[] keepalive = new byte[BgpKeepalive.Length];
        BgpKeepalive.Write(keepalive);
        return keepalive;
    }

    /// <summary>A KEEPALIVE whose marker has one byte that is not all ones (RFC 4271 §6.1: 1/1 expected).</summary>
    public static byte[] KeepaliveWithBrokenMarker()
    {
        byte[] keepalive = Keepalive();
        keepalive[5] = 0xFE;
        return keepalive;
    }

    /// <summary>
    /// An UPDATE announcing 203.0.113.0/24 whose ORIGIN is 5 (only 0–2 exist). Everything else is valid, so
    /// RFC 7606 §7.1 says treat-as-withdraw: no NOTIFICATION, the session stays up.
    /// </summary>
    public static byte[] UpdateWithInvalidOrigin(uint originAs, IPAddress nextHop)
    {
        ArgumentNullException.ThrowIfNull(nextHop);
        byte[] attributes = [.. Attribute(OriginType, [5]), .. Attribute(AsPathType, AsPath(originAs)), .. Attribute(NextHopType, nextHop.GetAddressBytes())];
        return Update(attributes, [24, 203, 0, 113], attributes.Length);
    }

    /// <summary>
    /// An UPDATE whose Total Path Attribute Length (200) overruns the message: the NLRI cannot be found, so
    /// RFC 4271 §6.3 / RFC 7606 §4 want a session reset with 3/1 (Malformed Attribute List).
    /// </summary>
    public static byte[] UpdateWithOverrunningAttributeLength(uint originAs, IPAddress nextHop)
    {
        ArgumentNullException.ThrowIfNull(nextHop);
        byte[] attributes = [.. Attribute(OriginType, [0]), .. Attribute(AsPathType, AsPath(originAs)), .. Attribute(NextHopType, nextHop.GetAddressBytes())];
        return Update(attributes, [], declaredAttributesLength: 200);
    }

    /// <summary>An UPDATE with no withdrawn routes, the given attribute bytes and NLRI, and an attribute length field of <paramref name="declaredAttributesLength"/>.</summary>
    public static byte[] Update(ReadOnlySpan<byte> attributes, ReadOnlySpan<byte> nlri, int declaredAttributesLength)
    {
        int length = BgpMessageHeader.Length + 2 + 2 + attributes.Length + nlri.Length;
        byte[] message = new byte[length];
        BgpMessageHeader.Write(message, BgpMessageType.Update, length);
        Span<byte> body = message.AsSpan(BgpMessageHeader.Length);
        BinaryPrimitives.WriteUInt16BigEndian(body, 0);
        BinaryPrimitives.WriteUInt16BigEndian(body[2..], (ushort)declaredAttributesLength);
        attributes.CopyTo(body[4..]);
        nlri.CopyTo(body[(4 + attributes.Length)..]);
        return message;
    }

    private static byte[] Attribute(byte type, ReadOnlySpan<byte> value) => [WellKnownTransitive, type, (byte)value.Length, .. value];

    /// <summary>One AS_SEQUENCE with one 4-byte AS (the speaker negotiates capability 65).</summary>
    private static byte[] AsPath(uint autonomousSystem)
    {
        byte[] path = [AsSequence, 1, 0, 0, 0, 0];
        BinaryPrimitives.WriteUInt32BigEndian(path.AsSpan(2), autonomousSystem);
        return path;
    }
}
