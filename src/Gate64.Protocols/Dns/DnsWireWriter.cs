using System.Buffers.Binary;

namespace Gate64.Protocols.Dns;

/// <summary>
/// Bounds-checked sequential writer with RFC 1035 §4.1.4 name compression. Every method returns false instead of
/// writing past the destination.
/// </summary>
internal ref struct DnsWireWriter
{
    /// <summary>Pointers hold 14-bit offsets.</summary>
    private const int MaxPointerOffset = 0x3FFF;

    /// <summary>Bounds the cost of the linear suffix search on very large messages; later names are written uncompressed.</summary>
    private const int MaxCompressionEntries = 512;

    private readonly Span<byte> _destination;
    private readonly List<(int Offset, DnsName Name, int Start)> _suffixes;

    public DnsWireWriter(Span<byte> destination, int position)
    {
        _destination = destination;
        _suffixes = [];
        Position = position;
    }

    public int Position { get; private set; }

    public bool TryWriteUInt16(int value)
    {
        if (_destination.Length - Position < 2)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(_destination[Position..], (ushort)value);
        Position += 2;
        return true;
    }

    public bool TryWriteUInt32(uint value)
    {
        if (_destination.Length - Position < 4)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(_destination[Position..], value);
        Position += 4;
        return true;
    }

    public bool TryWriteBytes(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.TryCopyTo(_destination[Position..]))
        {
            return false;
        }

        Position += bytes.Length;
        return true;
    }

    /// <summary>Writes a name, replacing its longest suffix already in the message by a pointer (matched ignoring case).</summary>
    public bool TryWriteCompressedName(DnsName name)
    {
        ReadOnlySpan<byte> wire = name.Wire;
        int start = 0;
        while (wire[start] != 0)
        {
            int pointer = FindSuffix(wire[start..]);
            if (pointer >= 0)
            {
                return TryWriteUInt16(0xC000 | pointer);
            }

            if (Position <= MaxPointerOffset && _suffixes.Count < MaxCompressionEntries)
            {
                _suffixes.Add((Position, name, start));
            }

            int labelLength = 1 + wire[start];
            if (!TryWriteBytes(wire.Slice(start, labelLength)))
            {
                return false;
            }

            start += labelLength;
        }

        return TryWriteBytes(wire[start..]);
    }

    private readonly int FindSuffix(ReadOnlySpan<byte> suffix)
    {
        foreach ((int offset, DnsName name, int start) in _suffixes)
        {
            ReadOnlySpan<byte> candidate = name.Wire[start..];
            if (candidate.Length == suffix.Length && DnsName.EqualsIgnoreCase(candidate, suffix))
            {
                return offset;
            }
        }

        return -1;
    }
}
