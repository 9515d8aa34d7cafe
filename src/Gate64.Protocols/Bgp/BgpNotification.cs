using System.Text;

namespace Gate64.Protocols.Bgp;

/// <summary>
/// A NOTIFICATION (RFC 4271 §4.5): the error or cease that ends a session. Codecs return one as the
/// error to send; the session sends it, then closes the connection.
/// </summary>
public sealed record BgpNotification(byte Code, byte Subcode, ReadOnlyMemory<byte> Data)
{
    /// <summary>RFC 9003 §2: the shutdown communication is at most 255 bytes of UTF-8.</summary>
    public const int MaxShutdownMessageBytes = 255;

    private const int MaxHexDataBytes = 32;

    /// <summary>Cease/Administrative Shutdown carrying <paramref name="message"/> (RFC 9003), cut to 255 UTF-8 bytes on a character boundary.</summary>
    public static BgpNotification AdministrativeShutdown(string? message) =>
        new(BgpErrorCode.Cease, BgpCeaseSubcode.AdministrativeShutdown, EncodeShutdownMessage(message));

    /// <summary>Cease/Administrative Reset carrying <paramref name="message"/> (RFC 9003), cut like <see cref="AdministrativeShutdown"/>.</summary>
    public static BgpNotification AdministrativeReset(string? message) =>
        new(BgpErrorCode.Cease, BgpCeaseSubcode.AdministrativeReset, EncodeShutdownMessage(message));

    /// <summary>Hold Timer Expired (code 4, no subcode).</summary>
    public static BgpNotification HoldTimerExpired() => new(BgpErrorCode.HoldTimerExpired, 0, ReadOnlyMemory<byte>.Empty);

    /// <summary>A Cease without data (e.g. <see cref="BgpCeaseSubcode.PeerDeconfigured"/>).</summary>
    public static BgpNotification Cease(byte subcode) => new(BgpErrorCode.Cease, subcode, ReadOnlyMemory<byte>.Empty);

    /// <summary>
    /// Human text for logs: <c>Cease/Administrative shutdown: "going down"</c>, <c>Hold timer expired</c>,
    /// <c>OPEN message error/Bad peer AS (data fde9)</c>. Control characters in a peer's text become '?'.
    /// </summary>
    public string Describe()
    {
        StringBuilder text = new(CodeName(Code));
        string? subcode = SubcodeName(Code, Subcode);
        if (subcode is not null)
        {
            text.Append('/').Append(subcode);
        }
        else if (Subcode != 0 || !HasNoSubcodes(Code))
        {
            text.Append("/subcode ").Append(Subcode);
        }

        ReadOnlySpan<byte> data = Data.Span;
        if (Code == BgpErrorCode.Cease && Subcode is BgpCeaseSubcode.AdministrativeShutdown or BgpCeaseSubcode.AdministrativeReset
            && TryDecodeShutdownMessage(data, out string? message))
        {
            if (message.Length > 0)
            {
                text.Append(": \"").Append(message).Append('"');
            }
        }
        else if (Code == BgpErrorCode.Cease && Subcode == BgpCeaseSubcode.HardReset && data.Length >= 2)
        {
            // RFC 8538 §3: the data is the code, subcode and data of the reason for the hard reset.
            text.Append(" (").Append(new BgpNotification(data[0], data[1], Data[2..]).Describe()).Append(')');
        }
        else if (!data.IsEmpty)
        {
            text.Append(" (data ").Append(Convert.ToHexStringLower(data[..Math.Min(data.Length, MaxHexDataBytes)]));
            text.Append(data.Length > MaxHexDataBytes ? "…)" : ")");
        }

        return text.ToString();
    }

    public override string ToString() => Describe();

    /// <summary>Reads the RFC 9003 shutdown communication: one length byte, then that many bytes of UTF-8.</summary>
    public static bool TryDecodeShutdownMessage(ReadOnlySpan<byte> data, out string message)
    {
        message = "";
        if (data.IsEmpty)
        {
            return true;   // RFC 4486 Cease without a communication
        }

        int length = data[0];
        if (length > data.Length - 1)
        {
            return false;
        }

        char[] chars = Encoding.UTF8.GetString(data.Slice(1, length)).ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i]))
            {
                chars[i] = '?';
            }
        }

        message = new string(chars);
        return true;
    }

    private static byte[] EncodeShutdownMessage(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return [0];
        }

        Span<byte> buffer = stackalloc byte[1 + MaxShutdownMessageBytes];
        int written = 1;
        Span<byte> rune = stackalloc byte[4];
        foreach (Rune r in message.EnumerateRunes())
        {
            int length = r.EncodeToUtf8(rune);
            if (written - 1 + length > MaxShutdownMessageBytes)
            {
                break;
            }

            rune[..length].CopyTo(buffer[written..]);
            written += length;
        }

        buffer[0] = (byte)(written - 1);
        return buffer[..written].ToArray();
    }

    private static bool HasNoSubcodes(byte code) => code is BgpErrorCode.HoldTimerExpired or BgpErrorCode.SendHoldTimerExpired;

    private static string CodeName(byte code) => code switch
    {
        BgpErrorCode.MessageHeader => "Message header error",
        BgpErrorCode.Open => "OPEN message error",
        BgpErrorCode.Update => "UPDATE message error",
        BgpErrorCode.HoldTimerExpired => "Hold timer expired",
        BgpErrorCode.FsmError => "Finite state machine error",
        BgpErrorCode.Cease => "Cease",
        BgpErrorCode.RouteRefresh => "ROUTE-REFRESH message error",
        BgpErrorCode.SendHoldTimerExpired => "Send hold timer expired",
        _ => $"Error code {code}",
    };

    private static string? SubcodeName(byte code, byte subcode) => (code, subcode) switch
    {
        (BgpErrorCode.MessageHeader, BgpHeaderErrorSubcode.ConnectionNotSynchronized) => "Connection not synchronized",
        (BgpErrorCode.MessageHeader, BgpHeaderErrorSubcode.BadMessageLength) => "Bad message length",
        (BgpErrorCode.MessageHeader, BgpHeaderErrorSubcode.BadMessageType) => "Bad message type",
        (BgpErrorCode.Open, BgpOpenErrorSubcode.Unspecific) => "Unspecific",
        (BgpErrorCode.Open, BgpOpenErrorSubcode.UnsupportedVersionNumber) => "Unsupported version number",
        (BgpErrorCode.Open, BgpOpenErrorSubcode.BadPeerAs) => "Bad peer AS",
        (BgpErrorCode.Open, BgpOpenErrorSubcode.BadBgpIdentifier) => "Bad BGP identifier",
        (BgpErrorCode.Open, BgpOpenErrorSubcode.UnsupportedOptionalParameter) => "Unsupported optional parameter",
        (BgpErrorCode.Open, BgpOpenErrorSubcode.UnacceptableHoldTime) => "Unacceptable hold time",
        (BgpErrorCode.Open, BgpOpenErrorSubcode.UnsupportedCapability) => "Unsupported capability",
        (BgpErrorCode.Open, BgpOpenErrorSubcode.RoleMismatch) => "Role mismatch",
        (BgpErrorCode.Update, BgpUpdateErrorSubcode.MalformedAttributeList) => "Malformed attribute list",
        (BgpErrorCode.Update, BgpUpdateErrorSubcode.UnrecognizedWellKnownAttribute) => "Unrecognized well-known attribute",
        (BgpErrorCode.Update, BgpUpdateErrorSubcode.MissingWellKnownAttribute) => "Missing well-known attribute",
        (BgpErrorCode.Update, BgpUpdateErrorSubcode.AttributeFlagsError) => "Attribute flags error",
        (BgpErrorCode.Update, BgpUpdateErrorSubcode.AttributeLengthError) => "Attribute length error",
        (BgpErrorCode.Update, BgpUpdateErrorSubcode.InvalidOriginAttribute) => "Invalid ORIGIN attribute",
        (BgpErrorCode.Update, BgpUpdateErrorSubcode.InvalidNextHopAttribute) => "Invalid NEXT_HOP attribute",
        (BgpErrorCode.Update, BgpUpdateErrorSubcode.OptionalAttributeError) => "Optional attribute error",
        (BgpErrorCode.Update, BgpUpdateErrorSubcode.InvalidNetworkField) => "Invalid network field",
        (BgpErrorCode.Update, BgpUpdateErrorSubcode.MalformedAsPath) => "Malformed AS_PATH",
        (BgpErrorCode.FsmError, BgpFsmErrorSubcode.UnexpectedMessageInOpenSent) => "Unexpected message in OpenSent state",
        (BgpErrorCode.FsmError, BgpFsmErrorSubcode.UnexpectedMessageInOpenConfirm) => "Unexpected message in OpenConfirm state",
        (BgpErrorCode.FsmError, BgpFsmErrorSubcode.UnexpectedMessageInEstablished) => "Unexpected message in Established state",
        (BgpErrorCode.Cease, BgpCeaseSubcode.MaximumPrefixesReached) => "Maximum number of prefixes reached",
        (BgpErrorCode.Cease, BgpCeaseSubcode.AdministrativeShutdown) => "Administrative shutdown",
        (BgpErrorCode.Cease, BgpCeaseSubcode.PeerDeconfigured) => "Peer de-configured",
        (BgpErrorCode.Cease, BgpCeaseSubcode.AdministrativeReset) => "Administrative reset",
        (BgpErrorCode.Cease, BgpCeaseSubcode.ConnectionRejected) => "Connection rejected",
        (BgpErrorCode.Cease, BgpCeaseSubcode.OtherConfigurationChange) => "Other configuration change",
        (BgpErrorCode.Cease, BgpCeaseSubcode.ConnectionCollisionResolution) => "Connection collision resolution",
        (BgpErrorCode.Cease, BgpCeaseSubcode.OutOfResources) => "Out of resources",
        (BgpErrorCode.Cease, BgpCeaseSubcode.HardReset) => "Hard reset",
        (BgpErrorCode.Cease, BgpCeaseSubcode.BfdDown) => "BFD down",
        (BgpErrorCode.RouteRefresh, BgpRouteRefreshErrorSubcode.InvalidMessageLength) => "Invalid message length",
        _ => null,
    };
}
