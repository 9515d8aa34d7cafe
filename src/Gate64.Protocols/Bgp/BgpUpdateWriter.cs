using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Gate64.Protocols.Ip;

namespace Gate64.Protocols.Bgp;

/// <summary>
/// Packs originated routes into UPDATE messages of at most 4096 bytes. Each call writes one message with
/// as many of the given prefixes as fit and says how many it took; the caller loops until all are written.
/// <para>
/// Attribute order: MP_REACH_NLRI / MP_UNREACH_NLRI first (RFC 7606 §5.1, so a receiver that finds a
/// malformed attribute can still locate the NLRI to withdraw them; BIRD does the same), then the others
/// in ascending type order (RFC 4271 §5): ORIGIN, AS_PATH, NEXT_HOP, MULTI_EXIT_DISC, COMMUNITIES,
/// LARGE_COMMUNITY.
/// </para>
/// </summary>
public sealed class BgpUpdateWriter
{
    /// <summary>The smallest destination the writer accepts: one message of the largest size.</summary>
    public const int MinDestinationLength = BgpMessageHeader.MaxMessageLength;

    private const int MaxAsnsPerSegment = 255;
    private const int FieldsStart = BgpMessageHeader.Length;          // withdrawn routes length
    private const int MpReachFixedLength = 5;                         // AFI, SAFI, next hop length, reserved
    private const int MpUnreachFixedLength = 3;                       // AFI, SAFI

    /// <summary>
    /// An UPDATE announcing IPv4 unicast <paramref name="prefixes"/> in the NLRI field with NEXT_HOP
    /// <paramref name="nextHop"/>. Returns the message length; 0 (and no bytes) when there are no prefixes.
    /// </summary>
    public int WriteIpv4Announce(BgpRouteAttributes attributes, IPAddress nextHop, ReadOnlySpan<IpPrefix> prefixes, Span<byte> destination, out int prefixesWritten)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(nextHop);
        if (nextHop.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("The IPv4 NEXT_HOP must be an IPv4 address.", nameof(nextHop));
        }

        CheckDestination(destination);
        CheckFamily(prefixes, AddressFamily.InterNetwork);
        prefixesWritten = 0;
        if (prefixes.IsEmpty)
        {
            return 0;
        }

        int attributesLength = CommonAttributesLength(attributes) + BgpPathAttribute.Size(4);
        int nlriStart = FieldsStart + 4 + attributesLength;
        int count = CountFitting(prefixes, BgpMessageHeader.MaxMessageLength - nlriStart);
        if (count == 0)
        {
            throw new ArgumentException("The attributes leave no room for a prefix in a 4096-byte UPDATE.", nameof(attributes));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[FieldsStart..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(FieldsStart + 2)..], (ushort)attributesLength);
        int offset = FieldsStart + 4;
        offset += WriteOriginAndAsPath(attributes, destination[offset..]);
        offset += BgpPathAttribute.WriteHeader(destination[offset..], BgpPathAttribute.TransitiveFlag, BgpPathAttribute.NextHop, 4);
        nextHop.TryWriteBytes(destination[offset..], out int nextHopLength);
        offset += nextHopLength;
        offset += WriteOptionalAttributes(attributes, destination[offset..]);
        offset += WritePrefixes(prefixes[..count], destination[offset..]);
        prefixesWritten = count;
        return Finish(destination, offset);
    }

    /// <summary>
    /// An UPDATE announcing IPv6 unicast <paramref name="prefixes"/> in MP_REACH_NLRI with a 16-byte next hop,
    /// or 32 bytes when <paramref name="linkLocalNextHop"/> is given (RFC 2545 §3). For a session without a
    /// global address, pass <see cref="IPAddress.IPv6Any"/> as the global next hop and the link-local one
    /// (the "::, LL" form BIRD sends). Returns the message length; 0 when there are no prefixes.
    /// </summary>
    public int WriteIpv6Announce(BgpRouteAttributes attributes, IPAddress globalNextHop, IPAddress? linkLocalNextHop, ReadOnlySpan<IpPrefix> prefixes, Span<byte> destination, out int prefixesWritten)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(globalNextHop);
        if (globalNextHop.AddressFamily != AddressFamily.InterNetworkV6 || linkLocalNextHop is { AddressFamily: not AddressFamily.InterNetworkV6 })
        {
            throw new ArgumentException("IPv6 next hops must be IPv6 addresses.", nameof(globalNextHop));
        }

        CheckDestination(destination);
        CheckFamily(prefixes, AddressFamily.InterNetworkV6);
        prefixesWritten = 0;
        if (prefixes.IsEmpty)
        {
            return 0;
        }

        int nextHopLength = linkLocalNextHop is null ? 16 : 32;
        int commonLength = CommonAttributesLength(attributes);
        int mpFixed = MpReachFixedLength + nextHopLength;
        int room = BgpMessageHeader.MaxMessageLength - (FieldsStart + 4 + commonLength + 4 + mpFixed);
        int count = CountFitting(prefixes, room);
        if (count == 0)
        {
            throw new ArgumentException("The attributes leave no room for a prefix in a 4096-byte UPDATE.", nameof(attributes));
        }

        int mpValueLength = mpFixed + EncodedLength(prefixes[..count]);
        int attributesLength = BgpPathAttribute.Size(mpValueLength) + commonLength;
        BinaryPrimitives.WriteUInt16BigEndian(destination[FieldsStart..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(FieldsStart + 2)..], (ushort)attributesLength);
        int offset = FieldsStart + 4;
        offset += BgpPathAttribute.WriteHeader(destination[offset..], BgpPathAttribute.OptionalFlag, BgpPathAttribute.MpReachNlri, mpValueLength);
        offset += WriteFamily(BgpAddressFamily.Ipv6Unicast, destination[offset..]);
        destination[offset++] = (byte)nextHopLength;
        globalNextHop.TryWriteBytes(destination[offset..], out _);
        offset += 16;
        if (linkLocalNextHop is not null)
        {
            linkLocalNextHop.TryWriteBytes(destination[offset..], out _);
            offset += 16;
        }

        destination[offset++] = 0;   // reserved
        offset += WritePrefixes(prefixes[..count], destination[offset..]);
        offset += WriteOriginAndAsPath(attributes, destination[offset..]);
        offset += WriteOptionalAttributes(attributes, destination[offset..]);
        prefixesWritten = count;
        return Finish(destination, offset);
    }

    /// <summary>
    /// An UPDATE withdrawing <paramref name="prefixes"/>: IPv4 unicast in the Withdrawn Routes field, any
    /// other IPv4 or IPv6 family in MP_UNREACH_NLRI. Returns the message length; 0 when there are no prefixes.
    /// </summary>
    public int WriteWithdraw(BgpAddressFamily family, ReadOnlySpan<IpPrefix> prefixes, Span<byte> destination, out int prefixesWritten)
    {
        AddressFamily addressFamily = family.Afi switch
        {
            BgpAddressFamily.AfiIpv4 => AddressFamily.InterNetwork,
            BgpAddressFamily.AfiIpv6 => AddressFamily.InterNetworkV6,
            _ => throw new ArgumentException($"Cannot withdraw prefixes of {family}.", nameof(family)),
        };
        CheckDestination(destination);
        CheckFamily(prefixes, addressFamily);
        prefixesWritten = 0;
        if (prefixes.IsEmpty)
        {
            return 0;
        }

        int offset;
        if (family == BgpAddressFamily.Ipv4Unicast)
        {
            int count = CountFitting(prefixes, BgpMessageHeader.MaxMessageLength - (FieldsStart + 4));
            int withdrawnLength = WritePrefixes(prefixes[..count], destination[(FieldsStart + 2)..]);
            BinaryPrimitives.WriteUInt16BigEndian(destination[FieldsStart..], (ushort)withdrawnLength);
            offset = FieldsStart + 2 + withdrawnLength;
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], 0);
            offset += 2;
            prefixesWritten = count;
        }
        else
        {
            int count = CountFitting(prefixes, BgpMessageHeader.MaxMessageLength - (FieldsStart + 4 + 4 + MpUnreachFixedLength));
            int valueLength = MpUnreachFixedLength + EncodedLength(prefixes[..count]);
            BinaryPrimitives.WriteUInt16BigEndian(destination[FieldsStart..], 0);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(FieldsStart + 2)..], (ushort)BgpPathAttribute.Size(valueLength));
            offset = FieldsStart + 4;
            offset += BgpPathAttribute.WriteHeader(destination[offset..], BgpPathAttribute.OptionalFlag, BgpPathAttribute.MpUnreachNlri, valueLength);
            offset += WriteFamily(family, destination[offset..]);
            offset += WritePrefixes(prefixes[..count], destination[offset..]);
            prefixesWritten = count;
        }

        return Finish(destination, offset);
    }

    /// <summary>
    /// The End-of-RIB marker (RFC 4724 §2): for IPv4 unicast an UPDATE with nothing in it (23 bytes), for
    /// other families an UPDATE whose only attribute is an empty MP_UNREACH_NLRI (29 bytes).
    /// </summary>
    public int WriteEndOfRib(BgpAddressFamily family, Span<byte> destination)
    {
        CheckDestination(destination);
        BinaryPrimitives.WriteUInt16BigEndian(destination[FieldsStart..], 0);
        if (family == BgpAddressFamily.Ipv4Unicast)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(FieldsStart + 2)..], 0);
            return Finish(destination, FieldsStart + 4);
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[(FieldsStart + 2)..], (ushort)BgpPathAttribute.Size(MpUnreachFixedLength));
        int offset = FieldsStart + 4;
        offset += BgpPathAttribute.WriteHeader(destination[offset..], BgpPathAttribute.OptionalFlag, BgpPathAttribute.MpUnreachNlri, MpUnreachFixedLength);
        offset += WriteFamily(family, destination[offset..]);
        return Finish(destination, offset);
    }

    private static void CheckDestination(Span<byte> destination)
    {
        if (destination.Length < MinDestinationLength)
        {
            throw new ArgumentException($"The destination must be at least {MinDestinationLength} bytes.", nameof(destination));
        }
    }

    private static void CheckFamily(ReadOnlySpan<IpPrefix> prefixes, AddressFamily family)
    {
        foreach (IpPrefix prefix in prefixes)
        {
            if (prefix.Family != family)
            {
                throw new ArgumentException($"{prefix} is not of the family {family}.", nameof(prefixes));
            }
        }
    }

    private static int CountFitting(ReadOnlySpan<IpPrefix> prefixes, int room)
    {
        int count = 0;
        foreach (IpPrefix prefix in prefixes)
        {
            room -= BgpPrefixCodec.GetEncodedLength(prefix.Length);
            if (room < 0)
            {
                break;
            }

            count++;
        }

        return count;
    }

    private static int EncodedLength(ReadOnlySpan<IpPrefix> prefixes)
    {
        int length = 0;
        foreach (IpPrefix prefix in prefixes)
        {
            length += BgpPrefixCodec.GetEncodedLength(prefix.Length);
        }

        return length;
    }

    private static int WritePrefixes(ReadOnlySpan<IpPrefix> prefixes, Span<byte> destination)
    {
        int offset = 0;
        foreach (IpPrefix prefix in prefixes)
        {
            offset += BgpPrefixCodec.Write(prefix, destination[offset..]);
        }

        return offset;
    }

    private static int WriteFamily(BgpAddressFamily family, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, family.Afi);
        destination[2] = family.Safi;
        return 3;
    }

    private static int AsPathValueLength(int asns) => asns == 0 ? 0 : (((asns + MaxAsnsPerSegment - 1) / MaxAsnsPerSegment) * 2) + (asns * 4);

    /// <summary>ORIGIN, AS_PATH, MULTI_EXIT_DISC, COMMUNITIES and LARGE_COMMUNITY: everything but the next hop and NLRI.</summary>
    private static int CommonAttributesLength(BgpRouteAttributes attributes)
    {
        int length = BgpPathAttribute.Size(1) + BgpPathAttribute.Size(AsPathValueLength(attributes.AsPath.Count));
        length += attributes.MultiExitDiscriminator is null ? 0 : BgpPathAttribute.Size(4);
        length += attributes.Communities.Count == 0 ? 0 : BgpPathAttribute.Size(attributes.Communities.Count * 4);
        length += attributes.LargeCommunities.Count == 0 ? 0 : BgpPathAttribute.Size(attributes.LargeCommunities.Count * BgpLargeCommunity.Size);
        return length;
    }

    private static int WriteOriginAndAsPath(BgpRouteAttributes attributes, Span<byte> destination)
    {
        int offset = BgpPathAttribute.WriteHeader(destination, BgpPathAttribute.TransitiveFlag, BgpPathAttribute.Origin, 1);
        destination[offset++] = (byte)attributes.Origin;
        IReadOnlyList<uint> path = attributes.AsPath;
        offset += BgpPathAttribute.WriteHeader(destination[offset..], BgpPathAttribute.TransitiveFlag, BgpPathAttribute.AsPath, AsPathValueLength(path.Count));
        for (int start = 0; start < path.Count; start += MaxAsnsPerSegment)
        {
            int segment = Math.Min(MaxAsnsPerSegment, path.Count - start);
            destination[offset++] = BgpPathAttribute.AsSequence;
            destination[offset++] = (byte)segment;
            for (int i = start; i < start + segment; i++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], path[i]);
                offset += 4;
            }
        }

        return offset;
    }

    private static int WriteOptionalAttributes(BgpRouteAttributes attributes, Span<byte> destination)
    {
        int offset = 0;
        if (attributes.MultiExitDiscriminator is uint med)
        {
            offset += BgpPathAttribute.WriteHeader(destination, BgpPathAttribute.OptionalFlag, BgpPathAttribute.MultiExitDiscriminator, 4);
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], med);
            offset += 4;
        }

        if (attributes.Communities.Count > 0)
        {
            offset += BgpPathAttribute.WriteHeader(destination[offset..], BgpPathAttribute.OptionalFlag | BgpPathAttribute.TransitiveFlag, BgpPathAttribute.Communities, attributes.Communities.Count * 4);
            foreach (uint community in attributes.Communities)
            {
                BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], community);
                offset += 4;
            }
        }

        if (attributes.LargeCommunities.Count > 0)
        {
            offset += BgpPathAttribute.WriteHeader(destination[offset..], BgpPathAttribute.OptionalFlag | BgpPathAttribute.TransitiveFlag, BgpPathAttribute.LargeCommunity, attributes.LargeCommunities.Count * BgpLargeCommunity.Size);
            foreach (BgpLargeCommunity community in attributes.LargeCommunities)
            {
                BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], community.GlobalAdministrator);
                BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 4)..], community.LocalData1);
                BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 8)..], community.LocalData2);
                offset += BgpLargeCommunity.Size;
            }
        }

        return offset;
    }

    private static int Finish(Span<byte> destination, int length)
    {
        BgpMessageHeader.Write(destination, BgpMessageType.Update, length);
        return length;
    }
}
