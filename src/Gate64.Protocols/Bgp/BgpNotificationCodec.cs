namespace Gate64.Protocols.Bgp;

/// <summary>Writes and reads NOTIFICATION messages: header, code, subcode, data (RFC 4271 §4.5).</summary>
public static class BgpNotificationCodec
{
    /// <summary>The most data bytes one NOTIFICATION can carry.</summary>
    public const int MaxDataLength = BgpMessageHeader.MaxMessageLength - BgpMessageHeader.MinNotificationLength;

    /// <summary>Writes the whole message and returns its length. Data beyond <see cref="MaxDataLength"/> is cut.</summary>
    public static int Write(BgpNotification notification, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ReadOnlySpan<byte> data = notification.Data.Span;
        if (data.Length > MaxDataLength)
        {
            data = data[..MaxDataLength];
        }

        int length = BgpMessageHeader.MinNotificationLength + data.Length;
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination must be at least {length} bytes.", nameof(destination));
        }

        BgpMessageHeader.Write(destination, BgpMessageType.Notification, length);
        destination[BgpMessageHeader.Length] = notification.Code;
        destination[BgpMessageHeader.Length + 1] = notification.Subcode;
        data.CopyTo(destination[BgpMessageHeader.MinNotificationLength..]);
        return length;
    }

    /// <summary>Reads a whole NOTIFICATION message (header included); false when it is not one.</summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out BgpNotification? notification)
    {
        notification = null;
        if (!BgpMessageHeader.TryCheckWhole(message, BgpMessageType.Notification, out _))
        {
            return false;
        }

        notification = new BgpNotification(
            message[BgpMessageHeader.Length],
            message[BgpMessageHeader.Length + 1],
            message[BgpMessageHeader.MinNotificationLength..].ToArray());
        return true;
    }
}
