using System.Buffers.Binary;

namespace Gate64.Protocols.Bgp;

/// <summary>
/// The 19-byte header in front of every BGP message (RFC 4271 §4.1): a 16-byte all-ones marker, the
/// message length (u16, header included) and the type. <see cref="TryRead"/> frames a TCP receive
/// buffer and applies the §6.1 checks, so a broken stream ends with the right NOTIFICATION.
/// </summary>
public static class BgpMessageHeader
{
    /// <summary>Bytes in the header.</summary>
    public const int Length = 19;

    /// <summary>The largest message without the extended-message capability (RFC 4271 §4, RFC 8654).</summary>
    public const int MaxMessageLength = 4096;

    internal const int MarkerLength = 16;
    internal const int LengthOffset = 16;
    internal const int TypeOffset = 18;

    /// <summary>The smallest valid OPEN: header, version, AS, hold time, identifier, parameter length.</summary>
    internal const int MinOpenLength = Length + 10;

    /// <summary>The smallest valid UPDATE: header and the two length fields.</summary>
    internal const int MinUpdateLength = Length + 4;

    /// <summary>The smallest valid NOTIFICATION: header, code and subcode.</summary>
    internal const int MinNotificationLength = Length + 2;

    /// <summary>A ROUTE-REFRESH: header, AFI, subtype, SAFI (ORF entries may follow, RFC 5291).</summary>
    internal const int MinRouteRefreshLength = Length + 4;

    /// <summary>
    /// Frames the message at the start of <paramref name="data"/>. <paramref name="type"/> and
    /// <paramref name="messageLength"/> are set as soon as the 19 header bytes are there and valid, so a
    /// caller that gets <see cref="BgpFrameStatus.Incomplete"/> may size its buffer. On
    /// <see cref="BgpFrameStatus.Invalid"/>, <paramref name="error"/> is the NOTIFICATION to send:
    /// 1/1 marker not all ones, 1/2 length out of range for the type (data: the length field),
    /// 1/3 unknown type (data: the type byte).
    /// </summary>
    public static BgpFrameStatus TryRead(ReadOnlySpan<byte> data, out BgpMessageType type, out int messageLength, out BgpNotification? error)
    {
        type = default;
        messageLength = 0;
        error = null;
        if (data.Length < Length)
        {
            return BgpFrameStatus.Incomplete;
        }

        if (data[..MarkerLength].ContainsAnyExcept((byte)0xFF))
        {
            error = new BgpNotification(BgpErrorCode.MessageHeader, BgpHeaderErrorSubcode.ConnectionNotSynchronized, ReadOnlyMemory<byte>.Empty);
            return BgpFrameStatus.Invalid;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[LengthOffset..]);
        byte rawType = data[TypeOffset];
        if (length < Length || length > MaxMessageLength)
        {
            error = BadLength(data);
            return BgpFrameStatus.Invalid;
        }

        if (rawType is < (byte)BgpMessageType.Open or > (byte)BgpMessageType.RouteRefresh)
        {
            error = new BgpNotification(BgpErrorCode.MessageHeader, BgpHeaderErrorSubcode.BadMessageType, new[] { rawType });
            return BgpFrameStatus.Invalid;
        }

        BgpMessageType knownType = (BgpMessageType)rawType;
        bool lengthFitsType = knownType switch
        {
            BgpMessageType.Open => length >= MinOpenLength,
            BgpMessageType.Update => length >= MinUpdateLength,
            BgpMessageType.Notification => length >= MinNotificationLength,
            BgpMessageType.Keepalive => length == Length,
            _ => length >= MinRouteRefreshLength,
        };
        if (!lengthFitsType)
        {
            error = BadLength(data);
            return BgpFrameStatus.Invalid;
        }

        type = knownType;
        messageLength = length;
        return data.Length < length ? BgpFrameStatus.Incomplete : BgpFrameStatus.Complete;
    }

    /// <summary>Writes the marker, length and type; returns 19.</summary>
    public static int Write(Span<byte> destination, BgpMessageType type, int messageLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(messageLength, Length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(messageLength, MaxMessageLength);
        if (destination.Length < Length)
        {
            throw new ArgumentException($"The destination must be at least {Length} bytes.", nameof(destination));
        }

        destination[..MarkerLength].Fill(0xFF);
        BinaryPrimitives.WriteUInt16BigEndian(destination[LengthOffset..], (ushort)messageLength);
        destination[TypeOffset] = (byte)type;
        return Length;
    }

    /// <summary>
    /// True when <paramref name="message"/> is exactly one whole, valid message of <paramref name="expected"/>
    /// type; otherwise <paramref name="error"/> says why (a header error, or 1/2 when the span holds more or
    /// fewer bytes than the length field).
    /// </summary>
    internal static bool TryCheckWhole(ReadOnlySpan<byte> message, BgpMessageType expected, out BgpNotification? error)
    {
        BgpFrameStatus status = TryRead(message, out BgpMessageType type, out int length, out error);
        if (status == BgpFrameStatus.Invalid)
        {
            return false;
        }

        if (status == BgpFrameStatus.Incomplete || length != message.Length)
        {
            error = message.Length >= Length ? BadLength(message) : new BgpNotification(BgpErrorCode.MessageHeader, BgpHeaderErrorSubcode.BadMessageLength, ReadOnlyMemory<byte>.Empty);
            return false;
        }

        if (type != expected)
        {
            error = new BgpNotification(BgpErrorCode.MessageHeader, BgpHeaderErrorSubcode.BadMessageType, new[] { (byte)type });
            return false;
        }

        return true;
    }

    private static BgpNotification BadLength(ReadOnlySpan<byte> header) =>
        new(BgpErrorCode.MessageHeader, BgpHeaderErrorSubcode.BadMessageLength, header.Slice(LengthOffset, 2).ToArray());
}
