using System.Buffers.Binary;

namespace Gate64.Protocols.Bgp;

/// <summary>
/// Tolerant parse of a received UPDATE (RFC 4271 §4.3, §6.3 as revised by RFC 7606). Decisions:
/// <list type="bullet">
/// <item>Session reset when the NLRI cannot be located or parsed: Withdrawn Routes or Total Path
/// Attribute Length overrunning the message, a bad prefix in Withdrawn Routes (3/1) or in the NLRI
/// field (3/10), a malformed MP_REACH_NLRI / MP_UNREACH_NLRI (3/9, RFC 7606 §7.11), either of those
/// twice (3/1, RFC 7606 §3.g).</item>
/// <item>Session reset 3/2 for an unrecognized well-known attribute (RFC 4271 §6.3). RFC 7606 would allow
/// treat-as-withdraw, but an attribute every speaker must understand that we do not points at a broken
/// or foreign peer, and BIRD and FRR reset too.</item>
/// <item>Treat-as-withdraw for a malformed ORIGIN, AS_PATH, NEXT_HOP, MULTI_EXIT_DISC, LOCAL_PREF,
/// COMMUNITIES, ORIGINATOR_ID, CLUSTER_LIST, extended or large communities; for optional/transitive
/// flags that contradict the attribute type (RFC 7606 §3.c); for attributes overrunning the attribute
/// field (RFC 7606 §4); for a missing ORIGIN, AS_PATH or (with IPv4 NLRI) NEXT_HOP (RFC 7606 §3.d).</item>
/// <item>Discarded, the UPDATE staying valid: repeats of any other attribute (RFC 7606 §3.g), a malformed
/// ATOMIC_AGGREGATE or AGGREGATOR (RFC 7606 §7.6, §7.7), unknown optional attributes.</item>
/// </list>
/// AS numbers in AS_PATH are 4 bytes: the speaker only establishes sessions that negotiated capability 65.
/// MP_REACH_NLRI is accepted anywhere in the list, with or without the extended-length flag, with IPv6
/// next hops of 16 or 32 bytes (global, link-local, ::+link-local, link-local twice).
/// </summary>
public static class BgpUpdateReader
{
    private const string BadHeader = "the message header is invalid";
    private const string WithdrawnOverrun = "the withdrawn routes length overruns the message";
    private const string WithdrawnMalformed = "a withdrawn prefix is malformed";
    private const string AttributesOverrun = "the total path attribute length overruns the message";
    private const string NlriMalformed = "an NLRI prefix is malformed";
    private const string AttributeTruncated = "an attribute overruns the path attribute field";
    private const string DuplicateMp = "MP_REACH_NLRI or MP_UNREACH_NLRI appears twice";
    private const string DuplicateDiscarded = "a repeated attribute was discarded";
    private const string UnknownWellKnown = "an unrecognized well-known attribute";
    private const string BadFlags = "attribute flags contradict the attribute type";
    private const string BadOrigin = "malformed ORIGIN";
    private const string BadAsPath = "malformed AS_PATH";
    private const string BadNextHop = "malformed NEXT_HOP";
    private const string BadLengthAttribute = "an attribute has an invalid length";
    private const string DiscardedAttribute = "a malformed ATOMIC_AGGREGATE or AGGREGATOR was discarded";
    private const string BadMpReach = "malformed MP_REACH_NLRI";
    private const string BadMpUnreach = "malformed MP_UNREACH_NLRI";
    private const string MissingWellKnown = "a mandatory attribute (ORIGIN, AS_PATH or NEXT_HOP) is missing";

    /// <summary>Parses a whole UPDATE message, header included. Never throws on any input.</summary>
    public static BgpUpdateParseResult Parse(ReadOnlySpan<byte> message)
    {
        if (!BgpMessageHeader.TryCheckWhole(message, BgpMessageType.Update, out BgpNotification? headerError))
        {
            return Reset(headerError!, BadHeader);
        }

        ReadOnlySpan<byte> body = message[BgpMessageHeader.Length..];
        int withdrawnLength = BinaryPrimitives.ReadUInt16BigEndian(body);
        if (withdrawnLength > body.Length - 4)
        {
            return Reset(UpdateError(BgpUpdateErrorSubcode.MalformedAttributeList), WithdrawnOverrun);
        }

        if (!BgpPrefixCodec.TryCount(body.Slice(2, withdrawnLength), 32, out int ipv4Withdrawn))
        {
            return Reset(UpdateError(BgpUpdateErrorSubcode.MalformedAttributeList), WithdrawnMalformed);
        }

        int attributesStart = 2 + withdrawnLength + 2;
        int attributesLength = BinaryPrimitives.ReadUInt16BigEndian(body[(2 + withdrawnLength)..]);
        if (attributesLength > body.Length - attributesStart)
        {
            return Reset(UpdateError(BgpUpdateErrorSubcode.MalformedAttributeList), AttributesOverrun);
        }

        ReadOnlySpan<byte> nlri = body[(attributesStart + attributesLength)..];
        if (!BgpPrefixCodec.TryCount(nlri, 32, out int ipv4Announced))
        {
            return Reset(UpdateError(BgpUpdateErrorSubcode.InvalidNetworkField), NlriMalformed);
        }

        if (withdrawnLength == 0 && attributesLength == 0 && nlri.IsEmpty)
        {
            return new BgpUpdateParseResult { Outcome = BgpUpdateOutcome.EndOfRib, EndOfRibFamily = BgpAddressFamily.Ipv4Unicast };
        }

        BgpUpdateScan scan = new() { Ipv4Announced = ipv4Announced, Ipv4Withdrawn = ipv4Withdrawn };
        Span<ulong> seen = stackalloc ulong[4];
        seen.Clear();
        ReadOnlySpan<byte> attributes = body.Slice(attributesStart, attributesLength);
        while (!attributes.IsEmpty && scan.Error is null)
        {
            if (!TrySplitAttribute(ref attributes, out byte flags, out byte type, out ReadOnlySpan<byte> value, out ReadOnlySpan<byte> whole))
            {
                scan.Withdraw(AttributeTruncated);
                break;
            }

            ref ulong word = ref seen[type >> 6];
            ulong bit = 1UL << (type & 63);
            if ((word & bit) != 0)
            {
                if (type is BgpPathAttribute.MpReachNlri or BgpPathAttribute.MpUnreachNlri)
                {
                    scan.Reset(UpdateError(BgpUpdateErrorSubcode.MalformedAttributeList), DuplicateMp);
                }
                else
                {
                    scan.Note(DuplicateDiscarded);
                }

                continue;
            }

            word |= bit;
            scan.AttributeCount++;
            CheckAttribute(ref scan, flags, type, value, whole);
        }

        if (scan.Error is not null)
        {
            return Reset(scan.Error, scan.Problem!);
        }

        bool announces = scan.Ipv4Announced > 0 || scan.HasMpReach;
        if (announces && !(scan.HasOrigin && scan.HasAsPath && (ipv4Announced == 0 || scan.HasNextHop)))
        {
            scan.Withdraw(MissingWellKnown);
        }

        if (scan.UnreachFamily is { } family && scan.UnreachEmpty && scan.AttributeCount == 1 && withdrawnLength == 0 && nlri.IsEmpty && !scan.TreatAsWithdraw)
        {
            return new BgpUpdateParseResult { Outcome = BgpUpdateOutcome.EndOfRib, EndOfRibFamily = family };
        }

        return new BgpUpdateParseResult
        {
            Outcome = scan.TreatAsWithdraw ? BgpUpdateOutcome.TreatAsWithdraw : BgpUpdateOutcome.Valid,
            Ipv4Announced = scan.Ipv4Announced,
            Ipv4Withdrawn = scan.Ipv4Withdrawn,
            Ipv6Announced = scan.Ipv6Announced,
            Ipv6Withdrawn = scan.Ipv6Withdrawn,
            Problem = scan.Problem,
        };
    }

    private static bool TrySplitAttribute(ref ReadOnlySpan<byte> attributes, out byte flags, out byte type, out ReadOnlySpan<byte> value, out ReadOnlySpan<byte> whole)
    {
        flags = 0;
        type = 0;
        value = default;
        whole = default;
        if (attributes.Length < 3)
        {
            return false;
        }

        flags = attributes[0];
        type = attributes[1];
        bool extended = (flags & BgpPathAttribute.ExtendedLengthFlag) != 0;
        int headerLength = extended ? 4 : 3;
        if (attributes.Length < headerLength)
        {
            return false;
        }

        int length = extended ? BinaryPrimitives.ReadUInt16BigEndian(attributes[2..]) : attributes[2];
        if (length > attributes.Length - headerLength)
        {
            return false;
        }

        whole = attributes[..(headerLength + length)];
        value = whole[headerLength..];
        attributes = attributes[whole.Length..];
        return true;
    }

    private static void CheckAttribute(ref BgpUpdateScan scan, byte flags, byte type, ReadOnlySpan<byte> value, ReadOnlySpan<byte> whole)
    {
        byte? expected = BgpPathAttribute.ExpectedCategory(type);
        if (expected is null)
        {
            if ((flags & BgpPathAttribute.OptionalFlag) == 0)
            {
                scan.Reset(new BgpNotification(BgpErrorCode.Update, BgpUpdateErrorSubcode.UnrecognizedWellKnownAttribute, whole.ToArray()), UnknownWellKnown);
            }

            return;   // unknown optional attributes are ignored (we neither use nor propagate them)
        }

        if ((flags & (BgpPathAttribute.OptionalFlag | BgpPathAttribute.TransitiveFlag)) != expected.Value)
        {
            scan.Withdraw(BadFlags);
        }

        switch (type)
        {
            case BgpPathAttribute.Origin:
                scan.HasOrigin = true;
                scan.WithdrawIf(value.Length != 1 || value[0] > (byte)BgpOrigin.Incomplete, BadOrigin);
                break;
            case BgpPathAttribute.AsPath:
                scan.HasAsPath = true;
                scan.WithdrawIf(!IsValidAsPath(value), BadAsPath);
                break;
            case BgpPathAttribute.NextHop:
                scan.HasNextHop = true;
                scan.WithdrawIf(value.Length != 4, BadNextHop);
                break;
            case BgpPathAttribute.MultiExitDiscriminator or BgpPathAttribute.LocalPreference or BgpPathAttribute.OriginatorId:
                scan.WithdrawIf(value.Length != 4, BadLengthAttribute);
                break;
            case BgpPathAttribute.AtomicAggregate:
                scan.NoteIf(!value.IsEmpty, DiscardedAttribute);
                break;
            case BgpPathAttribute.Aggregator:
                scan.NoteIf(value.Length != 8, DiscardedAttribute);
                break;
            case BgpPathAttribute.Communities or BgpPathAttribute.ClusterList:
                scan.WithdrawIf(value.IsEmpty || value.Length % 4 != 0, BadLengthAttribute);
                break;
            case BgpPathAttribute.ExtendedCommunities:
                scan.WithdrawIf(value.IsEmpty || value.Length % 8 != 0, BadLengthAttribute);
                break;
            case BgpPathAttribute.LargeCommunity:
                scan.WithdrawIf(value.IsEmpty || value.Length % BgpLargeCommunity.Size != 0, BadLengthAttribute);
                break;
            case BgpPathAttribute.MpReachNlri:
                ReadMpReach(ref scan, value, whole);
                break;
            case BgpPathAttribute.MpUnreachNlri:
                ReadMpUnreach(ref scan, value, whole);
                break;
        }
    }

    /// <summary>Segments of type 1–4 (set, sequence, confed sequence, confed set), each non-empty, 4-byte ASNs, filling the value exactly.</summary>
    private static bool IsValidAsPath(ReadOnlySpan<byte> value)
    {
        while (!value.IsEmpty)
        {
            if (value.Length < 2 || value[0] is 0 or > 4 || value[1] == 0)
            {
                return false;
            }

            int length = 2 + (value[1] * 4);
            if (value.Length < length)
            {
                return false;
            }

            value = value[length..];
        }

        return true;
    }

    private static void ReadMpReach(ref BgpUpdateScan scan, ReadOnlySpan<byte> value, ReadOnlySpan<byte> whole)
    {
        scan.HasMpReach = true;
        if (value.Length < 5 || value[3] > value.Length - 5)
        {
            scan.Reset(MpError(whole), BadMpReach);
            return;
        }

        BgpAddressFamily family = new(BinaryPrimitives.ReadUInt16BigEndian(value), value[2]);
        int nextHopLength = value[3];
        bool nextHopFits = family.Afi switch
        {
            BgpAddressFamily.AfiIpv4 => nextHopLength is 4 or 16 or 32,    // 16/32: RFC 8950 IPv6 next hops
            BgpAddressFamily.AfiIpv6 => nextHopLength is 16 or 32,
            _ => true,
        };
        if (!nextHopFits || !TryCountNlri(family, value[(5 + nextHopLength)..], out int count))
        {
            scan.Reset(MpError(whole), BadMpReach);
            return;
        }

        if (family == BgpAddressFamily.Ipv4Unicast)
        {
            scan.Ipv4Announced += count;
        }
        else if (family == BgpAddressFamily.Ipv6Unicast)
        {
            scan.Ipv6Announced += count;
        }
    }

    private static void ReadMpUnreach(ref BgpUpdateScan scan, ReadOnlySpan<byte> value, ReadOnlySpan<byte> whole)
    {
        if (value.Length < 3)
        {
            scan.Reset(MpError(whole), BadMpUnreach);
            return;
        }

        BgpAddressFamily family = new(BinaryPrimitives.ReadUInt16BigEndian(value), value[2]);
        if (!TryCountNlri(family, value[3..], out int count))
        {
            scan.Reset(MpError(whole), BadMpUnreach);
            return;
        }

        scan.UnreachFamily = family;
        scan.UnreachEmpty = value.Length == 3;
        if (family == BgpAddressFamily.Ipv4Unicast)
        {
            scan.Ipv4Withdrawn += count;
        }
        else if (family == BgpAddressFamily.Ipv6Unicast)
        {
            scan.Ipv6Withdrawn += count;
        }
    }

    /// <summary>Plain IPv4/IPv6 unicast and multicast NLRI are checked; other SAFIs (labels, VPNs) are opaque to us.</summary>
    private static bool TryCountNlri(BgpAddressFamily family, ReadOnlySpan<byte> nlri, out int count)
    {
        count = 0;
        if (family.Safi is not (BgpAddressFamily.SafiUnicast or BgpAddressFamily.SafiMulticast))
        {
            return true;
        }

        return family.Afi switch
        {
            BgpAddressFamily.AfiIpv4 => BgpPrefixCodec.TryCount(nlri, 32, out count),
            BgpAddressFamily.AfiIpv6 => BgpPrefixCodec.TryCount(nlri, 128, out count),
            _ => true,
        };
    }

    private static BgpNotification UpdateError(byte subcode) => new(BgpErrorCode.Update, subcode, ReadOnlyMemory<byte>.Empty);

    private static BgpNotification MpError(ReadOnlySpan<byte> whole) =>
        new(BgpErrorCode.Update, BgpUpdateErrorSubcode.OptionalAttributeError, whole.ToArray());

    private static BgpUpdateParseResult Reset(BgpNotification error, string problem) =>
        new() { Outcome = BgpUpdateOutcome.SessionReset, Error = error, Problem = problem };
}
