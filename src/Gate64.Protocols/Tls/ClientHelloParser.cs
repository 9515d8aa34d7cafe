using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Gate64.Protocols.Tls;

/// <summary>
/// Reads the TLS ClientHello that opens a connection, to route on its server name without terminating TLS.
/// </summary>
/// <remarks>
/// <code>
///  buffered: [16 03 01 len][ handshake bytes … ][16 03 01 len][ … handshake bytes ][ 14 03 03 … anything after ]
///            └──── record 1 ────────────────────┘└──── record 2 ────────────────┘
///            handshake bytes = [01][24-bit length][ClientHello body], reassembled across records
///            RecordBytes     = length of records 1..n (the hello's records), never beyond
/// </code>
/// The ClientHello may be fragmented over several handshake records (RFC 8446 §5.1) and the records over several TCP
/// reads. Real clients do both: OpenSSL with a small max_send_frag, DPI-evasion tools at the SNI, and post-quantum
/// hellos are large. The parser is stateless: the caller passes every byte received so far and calls again after each
/// read. Only the records that carry the hello are examined; whatever follows them is left to the caller.
/// <para>
/// Untrusted input never makes it throw. Work and memory are bounded by the caller's cap, not by declared lengths:
/// a multi-record hello is copied into a pooled buffer only once all its bytes have arrived.
/// </para>
/// </remarks>
public static class ClientHelloParser
{
    /// <summary>The default cap on the handshake message length: four maximum-size records' worth.</summary>
    public const int DefaultMaxHandshakeSize = 64 * 1024;

    /// <summary>
    /// The largest record length accepted. A plaintext record holds at most 2^14 bytes (RFC 8446 §5.1); the extra 256
    /// bytes (the TLSCiphertext allowance) tolerate lax senders without changing the memory bound in any useful way.
    /// </summary>
    public const int MaxRecordLength = (1 << 14) + 256;

    private const int RecordHeaderSize = 5;
    private const int HandshakeHeaderSize = 4;
    private const int MaxHandshakeLength = 0xFFFFFF;
    private const byte ContentTypeHandshake = 22;
    private const byte RecordVersionMajor = 3;
    private const byte HandshakeTypeClientHello = 1;
    private const int RandomSize = 32;
    private const int MaxSessionIdLength = 32;
    private const ushort ExtensionServerName = 0;
    private const ushort ExtensionAlpn = 16;
    private const ushort ExtensionEncryptedClientHello = 0xfe0d;
    private const byte NameTypeHostName = 0;

    /// <summary>
    /// The most bytes, record headers included, that the records carrying a hello may occupy before the parser gives up
    /// with <see cref="ClientHelloStatus.TooLarge"/>: twice the capped message. This leaves room for heavy
    /// fragmentation (a 1 KiB hello sent in 1-byte records needs 6 KiB) while bounding the caller's buffer: with a buffer
    /// of this size, <see cref="TryParse"/> never answers <see cref="ClientHelloStatus.Incomplete"/> on a full buffer.
    /// </summary>
    /// <param name="maxHandshakeSize">The cap passed to <see cref="TryParse"/>.</param>
    public static int GetMaxRecordBytes(int maxHandshakeSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHandshakeSize);
        return 2 * (Math.Min(maxHandshakeSize, MaxHandshakeLength) + HandshakeHeaderSize);
    }

    /// <summary>
    /// Parses the ClientHello at the start of <paramref name="buffered"/>, reassembling it across TLS records.
    /// </summary>
    /// <param name="buffered">Every byte the client has sent so far.</param>
    /// <param name="maxHandshakeSize">
    /// The largest ClientHello body accepted (the handshake message's 24-bit length field); see
    /// <see cref="DefaultMaxHandshakeSize"/>. The records carrying it may occupy at most
    /// <see cref="GetMaxRecordBytes"/> bytes.
    /// </param>
    /// <param name="hello">The parsed hello when the result is <see cref="ClientHelloStatus.Complete"/>, else null.</param>
    /// <param name="error">For any result but Complete and Incomplete, what was wrong, in words, for logs.</param>
    /// <returns>
    /// <see cref="ClientHelloStatus.Incomplete"/> while every byte so far is a valid prefix; otherwise the verdict, which
    /// does not change as more bytes arrive.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxHandshakeSize"/> is not positive.</exception>
    public static ClientHelloStatus TryParse(ReadOnlySpan<byte> buffered, int maxHandshakeSize, out ClientHello? hello, out string? error)
    {
        int recordBytesLimit = GetMaxRecordBytes(maxHandshakeSize);
        hello = null;
        error = null;
        if (buffered.IsEmpty)
        {
            return ClientHelloStatus.Incomplete;
        }

        if (buffered[0] != ContentTypeHandshake)
        {
            error = $"the first byte is 0x{buffered[0]:x2}, not a TLS handshake record (0x16)";
            return ClientHelloStatus.NotTls;
        }

        // Walk the records, collecting the 4-byte handshake header (which may itself be split) and counting payload
        // bytes until the announced message length is covered.
        Span<byte> handshakeHeader = stackalloc byte[HandshakeHeaderSize];
        int headerFilled = 0;
        int messageEnd = -1;
        int handshakeBytes = 0;
        int position = 0;
        int records = 0;
        while (messageEnd < 0 || handshakeBytes < messageEnd)
        {
            ReadOnlySpan<byte> rest = buffered[position..];
            if (!CheckRecordHeaderPrefix(rest, out error))
            {
                return ClientHelloStatus.Malformed;
            }

            if (rest.Length < RecordHeaderSize)
            {
                return NeedMore(buffered.Length, recordBytesLimit, out error);
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(rest[3..]);
            if (length == 0)
            {
                error = "an empty handshake record (RFC 8446 §5.1 forbids zero-length handshake fragments)";
                return ClientHelloStatus.Malformed;
            }

            if (length > MaxRecordLength)
            {
                error = $"a handshake record of {length} bytes, more than the {MaxRecordLength} allowed";
                return ClientHelloStatus.Malformed;
            }

            int recordEnd = position + RecordHeaderSize + length;
            if (recordEnd > recordBytesLimit)
            {
                error = $"the records carrying the ClientHello exceed {recordBytesLimit} bytes";
                return ClientHelloStatus.TooLarge;
            }

            ReadOnlySpan<byte> payload = rest.Slice(RecordHeaderSize, Math.Min(length, rest.Length - RecordHeaderSize));
            if (headerFilled < HandshakeHeaderSize)
            {
                int take = Math.Min(HandshakeHeaderSize - headerFilled, payload.Length);
                payload[..take].CopyTo(handshakeHeader[headerFilled..]);
                headerFilled += take;
                if (headerFilled >= 1 && handshakeHeader[0] != HandshakeTypeClientHello)
                {
                    error = $"the first handshake message has type {handshakeHeader[0]}, not client_hello (1)";
                    return ClientHelloStatus.Malformed;
                }

                if (headerFilled == HandshakeHeaderSize)
                {
                    int bodyLength = (handshakeHeader[1] << 16) | (handshakeHeader[2] << 8) | handshakeHeader[3];
                    if (bodyLength > maxHandshakeSize)
                    {
                        error = $"the ClientHello announces {bodyLength} bytes, more than the {maxHandshakeSize} allowed";
                        return ClientHelloStatus.TooLarge;
                    }

                    messageEnd = HandshakeHeaderSize + bodyLength;
                }
            }

            // The client sends nothing but the hello before the server answers, so the record that completes it must end
            // with it: any handshake bytes after the message are an error, not another message to skip.
            if (messageEnd >= 0 && handshakeBytes + length > messageEnd)
            {
                error = "the record that ends the ClientHello carries more handshake bytes after it";
                return ClientHelloStatus.Malformed;
            }

            if (payload.Length < length)
            {
                return NeedMore(buffered.Length, recordBytesLimit, out error);
            }

            handshakeBytes += length;
            position = recordEnd;
            records++;
        }

        return ParseAssembled(buffered[..position], records, messageEnd - HandshakeHeaderSize, out hello, out error);
    }

    /// <summary>
    /// Parses a ClientHello handshake message without TLS records around it: QUIC carries the handshake in CRYPTO frames
    /// (RFC 9001 §4), so the caller passes the reassembled start of that stream.
    /// </summary>
    /// <param name="handshake">The handshake stream from offset 0: <c>[01][24-bit length][body]</c>, possibly incomplete.</param>
    /// <param name="maxHandshakeSize">The largest ClientHello body accepted.</param>
    /// <param name="hello">
    /// The parsed hello when Complete; its <see cref="ClientHello.RecordBytes"/> is the message length, header included.
    /// </param>
    /// <param name="error">For Malformed and TooLarge, what was wrong.</param>
    /// <returns>
    /// Incomplete while <paramref name="handshake"/> is a valid prefix; Malformed when it is not a ClientHello or bytes
    /// follow the message (a client sends nothing after its hello at this level before the server answers).
    /// </returns>
    public static ClientHelloStatus TryParseHandshake(ReadOnlySpan<byte> handshake, int maxHandshakeSize, out ClientHello? hello, out string? error)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHandshakeSize);
        hello = null;
        error = null;
        if (handshake.IsEmpty)
        {
            return ClientHelloStatus.Incomplete;
        }

        if (handshake[0] != HandshakeTypeClientHello)
        {
            error = $"the first handshake message has type {handshake[0]}, not client_hello (1)";
            return ClientHelloStatus.Malformed;
        }

        if (handshake.Length < HandshakeHeaderSize)
        {
            return ClientHelloStatus.Incomplete;
        }

        int bodyLength = (handshake[1] << 16) | (handshake[2] << 8) | handshake[3];
        if (bodyLength > maxHandshakeSize)
        {
            error = $"the ClientHello announces {bodyLength} bytes, more than the {maxHandshakeSize} allowed";
            return ClientHelloStatus.TooLarge;
        }

        int messageLength = HandshakeHeaderSize + bodyLength;
        if (handshake.Length < messageLength)
        {
            return ClientHelloStatus.Incomplete;
        }

        if (handshake.Length > messageLength)
        {
            error = "handshake bytes follow the ClientHello";
            return ClientHelloStatus.Malformed;
        }

        return ParseBody(handshake[HandshakeHeaderSize..], messageLength, out hello, out error);
    }

    /// <summary>Checks the bytes available of a record header: content type 22 and a 3.x record version.</summary>
    private static bool CheckRecordHeaderPrefix(ReadOnlySpan<byte> header, out string? error)
    {
        error = null;
        if (header.Length >= 1 && header[0] != ContentTypeHandshake)
        {
            error = $"a record of content type {header[0]} arrived before the ClientHello was complete";
            return false;
        }

        if (header.Length >= 2 && header[1] != RecordVersionMajor)
        {
            error = $"a record version of {header[1]}.x, not 3.x";
            return false;
        }

        return true;
    }

    private static ClientHelloStatus NeedMore(int bufferedLength, int recordBytesLimit, out string? error)
    {
        // Every buffered byte belongs to the hello's records, so their end lies beyond what has been buffered.
        if (bufferedLength >= recordBytesLimit)
        {
            error = $"the records carrying the ClientHello exceed {recordBytesLimit} bytes";
            return ClientHelloStatus.TooLarge;
        }

        error = null;
        return ClientHelloStatus.Incomplete;
    }

    private static ClientHelloStatus ParseAssembled(ReadOnlySpan<byte> records, int recordCount, int bodyLength, out ClientHello? hello, out string? error)
    {
        if (recordCount == 1)
        {
            return ParseBody(records.Slice(RecordHeaderSize + HandshakeHeaderSize, bodyLength), records.Length, out hello, out error);
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent(Math.Max(bodyLength, 1));
        try
        {
            Span<byte> body = rented.AsSpan(0, bodyLength);
            int skip = HandshakeHeaderSize;
            int written = 0;
            int position = 0;
            while (position < records.Length)
            {
                int length = BinaryPrimitives.ReadUInt16BigEndian(records[(position + 3)..]);
                ReadOnlySpan<byte> payload = records.Slice(position + RecordHeaderSize, length);
                int skipped = Math.Min(skip, payload.Length);
                skip -= skipped;
                payload[skipped..].CopyTo(body[written..]);
                written += payload.Length - skipped;
                position += RecordHeaderSize + length;
            }

            return ParseBody(body, records.Length, out hello, out error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Parses the ClientHello body (RFC 8446 §4.1.2; TLS 1.0–1.2 hellos have the same layout).</summary>
    private static ClientHelloStatus ParseBody(ReadOnlySpan<byte> body, int recordBytes, out ClientHello? hello, out string? error)
    {
        hello = null;
        TlsVectorReader reader = new(body);
        if (!reader.TryReadUInt16(out ushort legacyVersion) || !reader.TrySkip(RandomSize))
        {
            error = "the ClientHello ends inside its version or random";
            return ClientHelloStatus.Malformed;
        }

        if (!reader.TryReadVector8(out ReadOnlySpan<byte> sessionId) || sessionId.Length > MaxSessionIdLength)
        {
            error = "the legacy_session_id is longer than 32 bytes or overruns the ClientHello";
            return ClientHelloStatus.Malformed;
        }

        if (!reader.TryReadVector16(out ReadOnlySpan<byte> cipherSuites) || cipherSuites.Length < 2 || cipherSuites.Length % 2 != 0)
        {
            error = "the cipher_suites list is empty, odd-sized or overruns the ClientHello";
            return ClientHelloStatus.Malformed;
        }

        if (!reader.TryReadVector8(out ReadOnlySpan<byte> compressionMethods) || compressionMethods.IsEmpty)
        {
            error = "the compression_methods list is empty or overruns the ClientHello";
            return ClientHelloStatus.Malformed;
        }

        string? serverName = null;
        string[] protocols = [];
        bool encryptedClientHello = false;

        // A hello that ends here has no extensions at all (SSL 3.0 style, RFC 5246 §7.4.1.2): valid, but without SNI.
        if (reader.Remaining > 0)
        {
            if (!reader.TryReadVector16(out ReadOnlySpan<byte> extensions) || reader.Remaining != 0)
            {
                error = "the extensions length does not match the end of the ClientHello";
                return ClientHelloStatus.Malformed;
            }

            // RFC 8446 §4.2: at most one extension of each type. A bitmap of all 2^16 types keeps this linear however many
            // extensions an attacker packs in.
            Span<ulong> seen = stackalloc ulong[65536 / 64];
            seen.Clear();
            TlsVectorReader extensionReader = new(extensions);
            while (extensionReader.Remaining > 0)
            {
                if (!extensionReader.TryReadUInt16(out ushort type) || !extensionReader.TryReadVector16(out ReadOnlySpan<byte> data))
                {
                    error = "an extension overruns the extensions block";
                    return ClientHelloStatus.Malformed;
                }

                ulong bit = 1UL << (type & 63);
                if ((seen[type >> 6] & bit) != 0)
                {
                    error = $"extension {type} appears more than once";
                    return ClientHelloStatus.Malformed;
                }

                seen[type >> 6] |= bit;
                switch (type)
                {
                    case ExtensionServerName:
                        if (!TryParseServerName(data, out serverName, out error))
                        {
                            return ClientHelloStatus.Malformed;
                        }

                        break;
                    case ExtensionAlpn:
                        if (!TryParseAlpn(data, out protocols, out error))
                        {
                            return ClientHelloStatus.Malformed;
                        }

                        break;
                    case ExtensionEncryptedClientHello:
                        encryptedClientHello = true;
                        break;
                }
            }
        }

        error = null;
        hello = new ClientHello(serverName, protocols, encryptedClientHello, legacyVersion, recordBytes);
        return ClientHelloStatus.Complete;
    }

    /// <summary>
    /// Parses the server_name extension (RFC 6066 §3): a non-empty list that must hold exactly one non-empty entry of
    /// name_type host_name. RFC 6066 forbids more than one name of a type and defines no other type, so anything else is
    /// rejected rather than guessed at.
    /// </summary>
    private static bool TryParseServerName(ReadOnlySpan<byte> data, out string? serverName, out string? error)
    {
        serverName = null;
        TlsVectorReader reader = new(data);
        if (!reader.TryReadVector16(out ReadOnlySpan<byte> list) || reader.Remaining != 0)
        {
            error = "the server_name list length does not match the extension length";
            return false;
        }

        if (list.IsEmpty)
        {
            error = "the server_name list is empty";
            return false;
        }

        ReadOnlySpan<byte> hostName = default;
        TlsVectorReader listReader = new(list);
        while (listReader.Remaining > 0)
        {
            if (!listReader.TryReadUInt8(out byte nameType) || !listReader.TryReadVector16(out ReadOnlySpan<byte> name))
            {
                error = "a server_name entry overruns the list";
                return false;
            }

            if (nameType != NameTypeHostName)
            {
                error = $"a server_name entry has name_type {nameType}, not host_name (0)";
                return false;
            }

            if (name.IsEmpty)
            {
                error = "the host_name is empty";
                return false;
            }

            if (!hostName.IsEmpty)
            {
                error = "the server_name extension has more than one host_name";
                return false;
            }

            hostName = name;
        }

        // RFC 6066 §3: "the byte string using ASCII encoding". Control bytes, spaces and non-ASCII would be unsafe to log
        // and can never be a DNS name we route.
        foreach (byte b in hostName)
        {
            if (b is < 0x21 or > 0x7E)
            {
                error = $"the host_name contains the byte 0x{b:x2}, which is not printable ASCII";
                return false;
            }
        }

        serverName = Encoding.ASCII.GetString(hostName);
        error = null;
        return true;
    }

    /// <summary>
    /// Parses the application_layer_protocol_negotiation extension (RFC 7301 §3.1): a non-empty list of non-empty
    /// names. Names are opaque bytes (RFC 8701 GREASE names are not ASCII), returned one char per byte.
    /// </summary>
    private static bool TryParseAlpn(ReadOnlySpan<byte> data, out string[] protocols, out string? error)
    {
        protocols = [];
        TlsVectorReader reader = new(data);
        if (!reader.TryReadVector16(out ReadOnlySpan<byte> list) || reader.Remaining != 0)
        {
            error = "the ALPN list length does not match the extension length";
            return false;
        }

        if (list.IsEmpty)
        {
            error = "the ALPN list is empty";
            return false;
        }

        int count = 0;
        TlsVectorReader counter = new(list);
        while (counter.Remaining > 0)
        {
            if (!counter.TryReadVector8(out ReadOnlySpan<byte> name))
            {
                error = "an ALPN protocol name overruns the list";
                return false;
            }

            if (name.IsEmpty)
            {
                error = "an ALPN protocol name is empty";
                return false;
            }

            count++;
        }

        protocols = new string[count];
        TlsVectorReader names = new(list);
        for (int i = 0; i < count; i++)
        {
            names.TryReadVector8(out ReadOnlySpan<byte> name);
            protocols[i] = ProtocolName(name);
        }

        error = null;
        return true;
    }

    private static string ProtocolName(ReadOnlySpan<byte> name)
    {
        if (name.SequenceEqual("h2"u8))
        {
            return "h2";
        }

        if (name.SequenceEqual("http/1.1"u8))
        {
            return "http/1.1";
        }

        return Encoding.Latin1.GetString(name);
    }
}
