using System.Buffers.Binary;

namespace Gate64.Protocols.Dns;

/// <summary>
/// Validation and name expansion of RDATA read from a message. RDATA of types that embed possibly compressed
/// names (RFC 3597 §4) is described as a sequence of segments: fixed-length fields, names and character-strings.
/// </summary>
internal static class DnsRdataFormat
{
    private const byte NameSegment = 0;
    private const byte CharacterStringSegment = 255;

    /// <summary>
    /// Validates the RDATA at <paramref name="rdataOffset"/> of <paramref name="message"/>. When the type embeds
    /// names, <paramref name="destination"/> (if not empty) receives the RDATA with the names expanded and
    /// <paramref name="expandedLength"/> is its length; otherwise expandedLength is <paramref name="rdataLength"/>.
    /// Does not allocate.
    /// </summary>
    internal static DnsParseError Process(ReadOnlySpan<byte> message, int rdataOffset, int rdataLength, DnsRecordType type, Span<byte> destination, out int expandedLength)
    {
        expandedLength = rdataLength;
        switch (type)
        {
            case DnsRecordType.A:
                return rdataLength == 4 ? DnsParseError.None : DnsParseError.InvalidRdata;
            case DnsRecordType.AAAA:
                return rdataLength == 16 ? DnsParseError.None : DnsParseError.InvalidRdata;
            case DnsRecordType.OPT:
                return ValidateOptions(message.Slice(rdataOffset, rdataLength)) ? DnsParseError.None : DnsParseError.InvalidRdata;
        }

        ReadOnlySpan<byte> layout = GetLayout(type);
        if (layout.IsEmpty)
        {
            return DnsParseError.None;
        }

        // Names may point anywhere before them, but must not run past the end of the RDATA.
        ReadOnlySpan<byte> bounded = message[..(rdataOffset + rdataLength)];
        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        bool write = !destination.IsEmpty;
        int position = rdataOffset;
        int written = 0;
        foreach (byte segment in layout)
        {
            int inputLength;
            int outputLength;
            if (segment == NameSegment)
            {
                if (DnsName.TryRead(bounded, position, name, out outputLength, out inputLength) != DnsParseError.None)
                {
                    return DnsParseError.InvalidRdata;
                }

                if (write)
                {
                    name[..outputLength].CopyTo(destination[written..]);
                }
            }
            else
            {
                inputLength = segment == CharacterStringSegment ? (position < bounded.Length ? 1 + bounded[position] : int.MaxValue) : segment;
                if (inputLength > bounded.Length - position)
                {
                    return DnsParseError.InvalidRdata;
                }

                outputLength = inputLength;
                if (write)
                {
                    bounded.Slice(position, inputLength).CopyTo(destination[written..]);
                }
            }

            position += inputLength;
            written += outputLength;
        }

        if (position != bounded.Length)
        {
            return DnsParseError.InvalidRdata;
        }

        expandedLength = written;
        return DnsParseError.None;
    }

    /// <summary>True when RDATA of this type embeds names that are expanded when read.</summary>
    internal static bool HasNames(DnsRecordType type) => !GetLayout(type).IsEmpty;

    /// <summary>Checks that EDNS options are a well-formed sequence of {code, length, data} (RFC 6891 §6.1.2).</summary>
    internal static bool ValidateOptions(ReadOnlySpan<byte> options)
    {
        while (!options.IsEmpty)
        {
            if (options.Length < 4)
            {
                return false;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(options[2..]);
            if (length > options.Length - 4)
            {
                return false;
            }

            options = options[(4 + length)..];
        }

        return true;
    }

    /// <summary>The segments of name-bearing RDATA; empty for opaque types.</summary>
    private static ReadOnlySpan<byte> GetLayout(DnsRecordType type) => (ushort)type switch
    {
        // NS, MD, MF, CNAME, MB, MG, MR, PTR, DNAME: one name.
        2 or 3 or 4 or 5 or 7 or 8 or 9 or 12 or 39 => [NameSegment],

        // SOA: MNAME, RNAME, SERIAL, REFRESH, RETRY, EXPIRE, MINIMUM.
        6 => [NameSegment, NameSegment, 20],

        // MINFO, RP: two names.
        14 or 17 => [NameSegment, NameSegment],

        // MX, AFSDB, RT, KX: 16-bit preference and a name.
        15 or 18 or 21 or 36 => [2, NameSegment],

        // PX: preference, MAP822, MAPX400.
        26 => [2, NameSegment, NameSegment],

        // SRV: priority, weight, port, target.
        33 => [6, NameSegment],

        // NAPTR: order, preference, flags, services, regexp, replacement.
        35 => [4, CharacterStringSegment, CharacterStringSegment, CharacterStringSegment, NameSegment],

        _ => [],
    };
}
