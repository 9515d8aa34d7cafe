using System.Buffers.Binary;

namespace Gate64.Protocols.Tls;

/// <summary>
/// A bounds-checked cursor over TLS presentation-language data (RFC 8446 §3): big-endian integers and length-prefixed
/// vectors. A failed read returns false and leaves the position unchanged.
/// </summary>
internal ref struct TlsVectorReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public TlsVectorReader(ReadOnlySpan<byte> data)
    {
        _data = data;
    }

    public readonly int Remaining => _data.Length - _position;

    public bool TryReadUInt8(out byte value)
    {
        if (Remaining < 1)
        {
            value = 0;
            return false;
        }

        value = _data[_position];
        _position++;
        return true;
    }

    public bool TryReadUInt16(out ushort value)
    {
        if (Remaining < 2)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(_data[_position..]);
        _position += 2;
        return true;
    }

    public bool TrySkip(int count)
    {
        if (count > Remaining)
        {
            return false;
        }

        _position += count;
        return true;
    }

    /// <summary>Reads a vector with a one-byte length prefix (<c>opaque x&lt;0..2^8-1&gt;</c>).</summary>
    public bool TryReadVector8(out ReadOnlySpan<byte> value)
    {
        value = default;
        if (Remaining < 1 || _data[_position] > Remaining - 1)
        {
            return false;
        }

        value = _data.Slice(_position + 1, _data[_position]);
        _position += 1 + value.Length;
        return true;
    }

    /// <summary>Reads a vector with a two-byte length prefix (<c>opaque x&lt;0..2^16-1&gt;</c>).</summary>
    public bool TryReadVector16(out ReadOnlySpan<byte> value)
    {
        value = default;
        if (Remaining < 2)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_data[_position..]);
        if (length > Remaining - 2)
        {
            return false;
        }

        value = _data.Slice(_position + 2, length);
        _position += 2 + length;
        return true;
    }
}
