using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Gate64.Protocols.Dns;

/// <summary>
/// A domain name held in uncompressed wire form (length-prefixed labels and the final root byte). Immutable.
/// Equality and hashing are ASCII case-insensitive (RFC 4343).
/// </summary>
public sealed class DnsName : IEquatable<DnsName>
{
    /// <summary>The maximum length of a name in wire form, including the root byte (RFC 1035 §3.1).</summary>
    public const int MaxLength = 255;

    /// <summary>The maximum length of one label (RFC 1035 §2.3.4).</summary>
    public const int MaxLabelLength = 63;

    private static readonly DnsName s_root = new([0], 0);

    private readonly byte[] _wire;

    /// <summary>The case-insensitive hash, computed on first use; 0 means not yet computed.</summary>
    private int _hashCode;

    private DnsName(byte[] wire, int labelCount)
    {
        _wire = wire;
        LabelCount = labelCount;
    }

    /// <summary>The root name ".".</summary>
    public static DnsName Root => s_root;

    /// <summary>The uncompressed wire bytes, including the final root byte.</summary>
    public ReadOnlySpan<byte> Wire => _wire;

    /// <summary>The number of labels, not counting the root; 0 for the root.</summary>
    public int LabelCount { get; }

    /// <summary>True for the root name.</summary>
    public bool IsRoot => _wire.Length == 1;

    /// <summary>
    /// Parses presentation form: "www.example.org", "www.example.org." or ".". Labels are 1 to 63 bytes and the
    /// wire form at most 255 bytes. Accepts "\." style escapes and "\DDD" decimal escapes; rejects empty labels
    /// and unescaped characters outside printable ASCII.
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out DnsName? name)
    {
        name = TryParseCore(text, out _);
        return name is not null;
    }

    /// <summary>Parses presentation form; throws <see cref="FormatException"/> naming the problem.</summary>
    public static DnsName Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        DnsName? name = TryParseCore(text, out string? error);
        return name ?? throw new FormatException($"'{text}' is not a valid domain name: {error}.");
    }

    /// <summary>
    /// Creates a name from uncompressed wire bytes, validating them. Throws <see cref="ArgumentException"/> when invalid;
    /// for trusted callers only (use <see cref="TryRead(ReadOnlySpan{byte}, int, out DnsName?, out int)"/> on untrusted bytes).
    /// </summary>
    public static DnsName FromWire(ReadOnlySpan<byte> uncompressedWire)
    {
        if (!TryFromWire(uncompressedWire, out DnsName? name))
        {
            throw new ArgumentException("The bytes are not a valid uncompressed domain name.", nameof(uncompressedWire));
        }

        return name;
    }

    /// <summary>Creates a name from uncompressed wire bytes that must form exactly one valid name.</summary>
    public static bool TryFromWire(ReadOnlySpan<byte> uncompressedWire, [NotNullWhen(true)] out DnsName? name)
    {
        name = null;
        int labels = CountUncompressed(uncompressedWire, out int length);
        if (labels < 0 || length != uncompressedWire.Length)
        {
            return false;
        }

        name = labels == 0 ? s_root : new DnsName(uncompressedWire.ToArray(), labels);
        return true;
    }

    /// <summary>
    /// Reads a possibly compressed name at <paramref name="offset"/> of <paramref name="message"/> into
    /// <paramref name="destination"/> (at least 255 bytes) as uncompressed wire. Does not allocate.
    /// </summary>
    /// <param name="message">The whole message: compression pointers are offsets from its start.</param>
    /// <param name="offset">Where the name starts.</param>
    /// <param name="destination">Receives the uncompressed name; must be at least <see cref="MaxLength"/> bytes.</param>
    /// <param name="nameLength">The length of the uncompressed name written to <paramref name="destination"/>.</param>
    /// <param name="bytesConsumed">The bytes the name occupies at <paramref name="offset"/>, up to and including the first pointer or the root byte.</param>
    /// <remarks>
    /// Every pointer must point strictly before both its own position and the start of the label sequence that contains it,
    /// and not into the 12-byte header; otherwise <see cref="DnsParseError.BadPointer"/>. Loops are therefore impossible.
    /// </remarks>
    public static DnsParseError TryRead(ReadOnlySpan<byte> message, int offset, Span<byte> destination, out int nameLength, out int bytesConsumed)
    {
        if (destination.Length < MaxLength)
        {
            throw new ArgumentException($"The destination must be at least {MaxLength} bytes.", nameof(destination));
        }

        return ReadCore(message, offset, destination, out nameLength, out bytesConsumed);
    }

    /// <summary>Reads a possibly compressed name at <paramref name="offset"/> of <paramref name="message"/>.</summary>
    public static DnsParseError TryRead(ReadOnlySpan<byte> message, int offset, out DnsName? name, out int bytesConsumed)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        DnsParseError error = ReadCore(message, offset, buffer, out int length, out bytesConsumed);
        name = error == DnsParseError.None ? FromValidated(buffer[..length]) : null;
        return error;
    }

    /// <summary>True when this name equals <paramref name="ancestor"/> or is below it, ignoring ASCII case.</summary>
    public bool IsSubdomainOf(DnsName ancestor)
    {
        ArgumentNullException.ThrowIfNull(ancestor);
        int ancestorLength = ancestor._wire.Length;
        int position = 0;
        while (true)
        {
            int remaining = _wire.Length - position;
            if (remaining == ancestorLength)
            {
                return EqualsIgnoreCase(_wire.AsSpan(position), ancestor._wire);
            }

            if (remaining < ancestorLength || _wire[position] == 0)
            {
                return false;
            }

            position += 1 + _wire[position];
        }
    }

    /// <summary>The name with its first <paramref name="count"/> labels removed.</summary>
    public DnsName RemoveLeadingLabels(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, LabelCount);
        if (count == 0)
        {
            return this;
        }

        int position = 0;
        for (int i = 0; i < count; i++)
        {
            position += 1 + _wire[position];
        }

        return FromValidated(_wire.AsSpan(position));
    }

    /// <summary>The parent name; the root's parent is the root.</summary>
    public DnsName Parent => IsRoot ? this : RemoveLeadingLabels(1);

    /// <summary>Presentation form with a trailing dot, "." for the root.</summary>
    public override string ToString() => ToString(trailingDot: true);

    /// <summary>
    /// Presentation form; '.' and '\' inside labels are escaped with a backslash and bytes outside printable
    /// ASCII as \DDD. The root is always ".".
    /// </summary>
    public string ToString(bool trailingDot)
    {
        if (IsRoot)
        {
            return ".";
        }

        StringBuilder builder = new(_wire.Length + 8);
        int position = 0;
        while (_wire[position] != 0)
        {
            int length = _wire[position];
            if (position != 0)
            {
                builder.Append('.');
            }

            foreach (byte b in _wire.AsSpan(position + 1, length))
            {
                if (b is (byte)'.' or (byte)'\\')
                {
                    builder.Append('\\').Append((char)b);
                }
                else if (b is < 0x21 or > 0x7E)
                {
                    builder.Append('\\').Append((char)('0' + (b / 100))).Append((char)('0' + (b / 10 % 10))).Append((char)('0' + (b % 10)));
                }
                else
                {
                    builder.Append((char)b);
                }
            }

            position += 1 + length;
        }

        if (trailingDot)
        {
            builder.Append('.');
        }

        return builder.ToString();
    }

    /// <summary>Compares two uncompressed wire names (or any byte strings) ignoring ASCII case.</summary>
    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> wireA, ReadOnlySpan<byte> wireB)
    {
        if (wireA.Length != wireB.Length)
        {
            return false;
        }

        for (int i = 0; i < wireA.Length; i++)
        {
            if (wireA[i] != wireB[i] && FoldCase(wireA[i]) != FoldCase(wireB[i]))
            {
                return false;
            }
        }

        return true;
    }

    public bool Equals(DnsName? other) => other is not null && (ReferenceEquals(this, other) || EqualsIgnoreCase(_wire, other._wire));

    public override bool Equals(object? obj) => Equals(obj as DnsName);

    public override int GetHashCode()
    {
        int hashCode = _hashCode;
        if (hashCode == 0)
        {
            HashCode hash = default;
            foreach (byte b in _wire)
            {
                hash.Add(FoldCase(b));
            }

            hashCode = hash.ToHashCode() | 1;
            _hashCode = hashCode;
        }

        return hashCode;
    }

    public static bool operator ==(DnsName? left, DnsName? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(DnsName? left, DnsName? right) => !(left == right);

    /// <summary>Creates a name from bytes already known to be a valid uncompressed name.</summary>
    internal static DnsName FromValidated(ReadOnlySpan<byte> wire)
    {
        if (wire.Length == 1)
        {
            return s_root;
        }

        int labels = 0;
        for (int position = 0; wire[position] != 0; position += 1 + wire[position])
        {
            labels++;
        }

        return new DnsName(wire.ToArray(), labels);
    }

    /// <summary>
    /// Validates the uncompressed name at the start of <paramref name="wire"/> (which may continue after it).
    /// Returns the label count, or -1 when invalid; <paramref name="length"/> is the name's wire length.
    /// </summary>
    internal static int CountUncompressed(ReadOnlySpan<byte> wire, out int length)
    {
        length = 0;
        int labels = 0;
        int position = 0;
        while (true)
        {
            if (position >= wire.Length || position >= MaxLength)
            {
                return -1;
            }

            int labelLength = wire[position];
            if (labelLength == 0)
            {
                length = position + 1;
                return labels;
            }

            if (labelLength > MaxLabelLength)
            {
                return -1;
            }

            position += 1 + labelLength;
            labels++;
        }
    }

    internal static byte FoldCase(byte b) => (uint)(b - 'A') <= 'Z' - 'A' ? (byte)(b | 0x20) : b;

    private static DnsParseError ReadCore(ReadOnlySpan<byte> message, int offset, Span<byte> destination, out int nameLength, out int bytesConsumed)
    {
        nameLength = 0;
        bytesConsumed = 0;
        if ((uint)offset >= (uint)message.Length)
        {
            return DnsParseError.Truncated;
        }

        int position = offset;
        int sequenceStart = offset;
        int length = 0;
        int consumed = -1;
        while (true)
        {
            if (position >= message.Length)
            {
                return DnsParseError.Truncated;
            }

            byte lengthByte = message[position];
            switch (lengthByte & 0xC0)
            {
                case 0x00:
                    if (lengthByte == 0)
                    {
                        // length + 1 <= MaxLength is guaranteed by the label check below.
                        destination[length++] = 0;
                        nameLength = length;
                        bytesConsumed = consumed < 0 ? position + 1 - offset : consumed;
                        return DnsParseError.None;
                    }

                    // The label plus at least the root byte must fit in MaxLength.
                    if (length + 1 + lengthByte + 1 > MaxLength)
                    {
                        return DnsParseError.NameTooLong;
                    }

                    if (position + 1 + lengthByte > message.Length)
                    {
                        return DnsParseError.Truncated;
                    }

                    message.Slice(position, 1 + lengthByte).CopyTo(destination[length..]);
                    length += 1 + lengthByte;
                    position += 1 + lengthByte;
                    break;

                case 0xC0:
                    if (position + 1 >= message.Length)
                    {
                        return DnsParseError.Truncated;
                    }

                    int target = ((lengthByte & 0x3F) << 8) | message[position + 1];
                    if (target >= sequenceStart || target < DnsHeader.Size)
                    {
                        return DnsParseError.BadPointer;
                    }

                    if (consumed < 0)
                    {
                        consumed = position + 2 - offset;
                    }

                    sequenceStart = target;
                    position = target;
                    break;

                default:
                    return DnsParseError.InvalidLabelType;
            }
        }
    }

    private static DnsName? TryParseCore(string? text, out string? error)
    {
        if (string.IsNullOrEmpty(text))
        {
            error = "the text is empty";
            return null;
        }

        if (text == ".")
        {
            error = null;
            return s_root;
        }

        // One spare byte so a too-long name is detected after the write rather than before every write.
        Span<byte> buffer = stackalloc byte[MaxLength + 2];
        int labelStart = 0;
        int length = 1;
        int labels = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '.')
            {
                int labelLength = length - labelStart - 1;
                if (labelLength == 0)
                {
                    error = $"empty label at position {i}";
                    return null;
                }

                buffer[labelStart] = (byte)labelLength;
                labels++;
                labelStart = length;
                length++;
                if (length > MaxLength)
                {
                    error = $"longer than {MaxLength} bytes in wire form";
                    return null;
                }

                continue;
            }

            int value;
            if (c == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    error = "a trailing backslash";
                    return null;
                }

                char next = text[i + 1];
                if (char.IsAsciiDigit(next))
                {
                    if (i + 3 >= text.Length || !char.IsAsciiDigit(text[i + 2]) || !char.IsAsciiDigit(text[i + 3]))
                    {
                        error = $"a \\DDD escape needs three digits at position {i}";
                        return null;
                    }

                    value = ((next - '0') * 100) + ((text[i + 2] - '0') * 10) + (text[i + 3] - '0');
                    if (value > 255)
                    {
                        error = $"the escape at position {i} is above \\255";
                        return null;
                    }

                    i += 3;
                }
                else if (next is > (char)0x20 and < (char)0x7F)
                {
                    value = next;
                    i++;
                }
                else
                {
                    error = $"invalid escaped character at position {i + 1}";
                    return null;
                }
            }
            else if (c is > (char)0x20 and < (char)0x7F)
            {
                value = c;
            }
            else
            {
                error = $"character U+{(int)c:X4} at position {i} must be escaped as \\DDD";
                return null;
            }

            if (length - labelStart > MaxLabelLength)
            {
                error = $"a label is longer than {MaxLabelLength} bytes";
                return null;
            }

            buffer[length++] = (byte)value;
            if (length > MaxLength)
            {
                error = $"longer than {MaxLength} bytes in wire form";
                return null;
            }
        }

        int lastLength = length - labelStart - 1;
        if (lastLength == 0)
        {
            // Trailing dot: the reserved length byte becomes the root byte.
            buffer[labelStart] = 0;
        }
        else
        {
            buffer[labelStart] = (byte)lastLength;
            labels++;
            buffer[length++] = 0;
            if (length > MaxLength)
            {
                error = $"longer than {MaxLength} bytes in wire form";
                return null;
            }
        }

        error = null;
        return new DnsName(buffer[..length].ToArray(), labels);
    }
}
