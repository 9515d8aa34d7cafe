namespace Gate64.Protocols.Tls;

/// <summary>Writes the plaintext alert record that the gateway sends instead of a ServerHello.</summary>
public static class TlsAlert
{
    /// <summary>Record header (5) + level (1) + description (1).</summary>
    public const int Size = 7;

    private const byte ContentTypeAlert = 21;
    private const byte LevelWarning = 1;
    private const byte LevelFatal = 2;

    /// <summary>
    /// Writes an alert record: content type 21, legacy record version 0x0303 (RFC 8446 §5.1), length 2, level, description.
    /// The level is fatal (2), except for close_notify, which is a closure alert and is sent with level warning (1):
    /// TLS 1.2 stacks such as OpenSSL report a fatal close_notify as an error.
    /// </summary>
    /// <param name="destination">Where to write; at least <see cref="Size"/> bytes.</param>
    /// <param name="description">The alert to send.</param>
    /// <returns><see cref="Size"/>.</returns>
    public static int Write(Span<byte> destination, TlsAlertDescription description)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"The destination must be at least {Size} bytes.", nameof(destination));
        }

        destination[0] = ContentTypeAlert;
        destination[1] = 0x03;
        destination[2] = 0x03;
        destination[3] = 0x00;
        destination[4] = 0x02;
        destination[5] = description == TlsAlertDescription.CloseNotify ? LevelWarning : LevelFatal;
        destination[6] = (byte)description;
        return Size;
    }
}
