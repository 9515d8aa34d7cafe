using System.Buffers.Binary;

namespace Gate64.Protocols.Bgp;

/// <summary>
/// Writes and reads OPEN messages (RFC 4271 §4.2) with their capabilities (RFC 5492). The writer puts
/// every capability into one optional parameter of type 2, as BIRD does. The reader applies the checks
/// of RFC 4271 §6.2 that need no configuration (version, hold time, identifier, parameter syntax);
/// the peer AS and the required capabilities are the session's to check.
/// </summary>
public static class BgpOpenCodec
{
    /// <summary>The longest OPEN <see cref="Write"/> produces: the fixed part and 255 bytes of parameters.</summary>
    public const int MaxLength = BgpMessageHeader.MinOpenLength + byte.MaxValue;

    private const byte CapabilitiesParameter = 2;
    private const byte ExtendedParametersMarker = 255;     // RFC 9072
    internal const ushort RestartFlagRestarted = 0x8000;
    internal const ushort RestartTimeMask = 0x0FFF;
    internal const byte ForwardingPreservedFlag = 0x80;
    private const int FixedLength = 10;                  // version, AS, hold time, identifier, parameter length

    /// <summary>Writes the whole message and returns its length (at most <see cref="MaxLength"/>).</summary>
    public static int Write(BgpOpen open, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(open);
        BgpCapabilities caps = open.Capabilities ?? throw new ArgumentException("The OPEN needs its capabilities.", nameof(open));
        if (open.AutonomousSystem > ushort.MaxValue && caps.FourOctetAs != open.AutonomousSystem)
        {
            throw new ArgumentException("An AS above 65535 can only be sent in capability 65 (FourOctetAs).", nameof(open));
        }

        if (caps.GracefulRestart is { RestartTimeSeconds: > BgpGracefulRestart.MaxRestartTimeSeconds })
        {
            throw new ArgumentException("The graceful restart time is at most 4095 seconds.", nameof(open));
        }

        int capsLength = CapabilitiesLength(caps);
        int parametersLength = capsLength == 0 ? 0 : 2 + capsLength;
        if (parametersLength > byte.MaxValue)
        {
            throw new ArgumentException("The capabilities do not fit in one OPEN parameter.", nameof(open));
        }

        int length = BgpMessageHeader.MinOpenLength + parametersLength;
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination must be at least {length} bytes.", nameof(destination));
        }

        BgpMessageHeader.Write(destination, BgpMessageType.Open, length);
        Span<byte> body = destination[BgpMessageHeader.Length..length];
        body[0] = BgpOpen.Version;
        BinaryPrimitives.WriteUInt16BigEndian(body[1..], open.AutonomousSystem > ushort.MaxValue ? BgpOpen.AsTrans : (ushort)open.AutonomousSystem);
        BinaryPrimitives.WriteUInt16BigEndian(body[3..], open.HoldTimeSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(body[5..], open.RouterId);
        body[9] = (byte)parametersLength;
        if (parametersLength > 0)
        {
            body[FixedLength] = CapabilitiesParameter;
            body[FixedLength + 1] = (byte)capsLength;
            WriteCapabilities(caps, body[(FixedLength + 2)..]);
        }

        return length;
    }

    /// <summary>
    /// Reads a whole OPEN (header included). On failure <paramref name="error"/> is the NOTIFICATION to send:
    /// a header error (1/x), 1/2 when the parameter length disagrees with the message length, 2/1 for a
    /// version other than 4 (data: 0x0004, the version we support), 2/6 for a hold time of 1 or 2 seconds,
    /// 2/3 for identifier 0, 2/4 for an optional parameter other than capabilities, 2/0 for malformed
    /// parameters or a malformed multiprotocol or 4-octet-AS capability.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out BgpOpen? open, out BgpNotification? error)
    {
        open = null;
        if (!BgpMessageHeader.TryCheckWhole(message, BgpMessageType.Open, out error))
        {
            return false;
        }

        ReadOnlySpan<byte> body = message[BgpMessageHeader.Length..];
        if (body[0] != BgpOpen.Version)
        {
            error = OpenError(BgpOpenErrorSubcode.UnsupportedVersionNumber, [0, BgpOpen.Version]);
            return false;
        }

        ushort twoOctetAs = BinaryPrimitives.ReadUInt16BigEndian(body[1..]);
        ushort holdTime = BinaryPrimitives.ReadUInt16BigEndian(body[3..]);
        uint routerId = BinaryPrimitives.ReadUInt32BigEndian(body[5..]);
        if (holdTime is 1 or 2)
        {
            error = OpenError(BgpOpenErrorSubcode.UnacceptableHoldTime, []);
            return false;
        }

        if (routerId == 0)
        {
            error = OpenError(BgpOpenErrorSubcode.BadBgpIdentifier, []);
            return false;
        }

        ReadOnlySpan<byte> parameters = body[FixedLength..];
        bool extended = body[9] == ExtendedParametersMarker && parameters.Length >= 3 && parameters[0] == ExtendedParametersMarker;
        if (extended)
        {
            int extendedLength = BinaryPrimitives.ReadUInt16BigEndian(parameters[1..]);
            parameters = parameters[3..];
            if (extendedLength != parameters.Length)
            {
                error = LengthError(message);
                return false;
            }
        }
        else if (body[9] != parameters.Length)
        {
            error = LengthError(message);
            return false;
        }

        BgpCapabilityReader caps = new();
        while (!parameters.IsEmpty)
        {
            int headerLength = extended ? 3 : 2;
            if (parameters.Length < headerLength)
            {
                error = OpenError(BgpOpenErrorSubcode.Unspecific, []);
                return false;
            }

            byte type = parameters[0];
            int valueLength = extended ? BinaryPrimitives.ReadUInt16BigEndian(parameters[1..]) : parameters[1];
            if (parameters.Length - headerLength < valueLength)
            {
                error = OpenError(BgpOpenErrorSubcode.Unspecific, []);
                return false;
            }

            ReadOnlySpan<byte> value = parameters.Slice(headerLength, valueLength);
            if (type != CapabilitiesParameter)
            {
                error = OpenError(BgpOpenErrorSubcode.UnsupportedOptionalParameter, parameters[..(headerLength + valueLength)].ToArray());
                return false;
            }

            if (!caps.TryAdd(value))
            {
                error = OpenError(BgpOpenErrorSubcode.Unspecific, []);
                return false;
            }

            parameters = parameters[(headerLength + valueLength)..];
        }

        BgpCapabilities capabilities = caps.ToCapabilities();
        open = new BgpOpen(capabilities.FourOctetAs ?? twoOctetAs, holdTime, routerId, capabilities);
        return true;
    }

    private static int CapabilitiesLength(BgpCapabilities caps)
    {
        int length = caps.Families.Count * 6;
        length += caps.RouteRefresh ? 2 : 0;
        length += caps.FourOctetAs is null ? 0 : 6;
        length += caps.GracefulRestart is { } gr ? 4 + (gr.Families.Count * 4) : 0;
        length += caps.EnhancedRouteRefresh ? 2 : 0;
        return length;
    }

    // The order matches the speaker's captured OPEN (routing.md Appendix A): MP, RR, AS4, GR, then ERR.
    private static void WriteCapabilities(BgpCapabilities caps, Span<byte> destination)
    {
        int offset = 0;
        foreach (BgpAddressFamily family in caps.Families)
        {
            destination[offset] = BgpCapabilityCode.Multiprotocol;
            destination[offset + 1] = 4;
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], family.Afi);
            destination[offset + 4] = 0;
            destination[offset + 5] = family.Safi;
            offset += 6;
        }

        if (caps.RouteRefresh)
        {
            destination[offset] = BgpCapabilityCode.RouteRefresh;
            destination[offset + 1] = 0;
            offset += 2;
        }

        if (caps.FourOctetAs is uint fourOctetAs)
        {
            destination[offset] = BgpCapabilityCode.FourOctetAs;
            destination[offset + 1] = 4;
            BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 2)..], fourOctetAs);
            offset += 6;
        }

        if (caps.GracefulRestart is { } gr)
        {
            destination[offset] = BgpCapabilityCode.GracefulRestart;
            destination[offset + 1] = (byte)(2 + (gr.Families.Count * 4));
            ushort flagsAndTime = (ushort)((gr.Restarted ? RestartFlagRestarted : 0) | (gr.RestartTimeSeconds & RestartTimeMask));
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], flagsAndTime);
            offset += 4;
            foreach (BgpGracefulRestartFamily family in gr.Families)
            {
                BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], family.Family.Afi);
                destination[offset + 2] = family.Family.Safi;
                destination[offset + 3] = family.ForwardingPreserved ? ForwardingPreservedFlag : (byte)0;
                offset += 4;
            }
        }

        if (caps.EnhancedRouteRefresh)
        {
            destination[offset] = BgpCapabilityCode.EnhancedRouteRefresh;
            destination[offset + 1] = 0;
        }
    }

    private static BgpNotification OpenError(byte subcode, byte[] data) => new(BgpErrorCode.Open, subcode, data);

    private static BgpNotification LengthError(ReadOnlySpan<byte> message) =>
        new(BgpErrorCode.MessageHeader, BgpHeaderErrorSubcode.BadMessageLength, message.Slice(BgpMessageHeader.LengthOffset, 2).ToArray());
}
