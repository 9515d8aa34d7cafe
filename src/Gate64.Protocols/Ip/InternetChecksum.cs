using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gate64.Protocols.Ip;

/// <summary>
/// The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum of the data taken as
/// big-endian 16-bit words. A <em>partial sum</em> here is a uint in 0..0xFFFF holding a folded one's complement sum,
/// so partial sums of several pieces (pseudo-header, header, payload) can be added with <see cref="Add(uint, uint)"/>
/// in any order. <see cref="Update(ushort, uint, uint)"/> and its overloads are the RFC 1624 incremental update,
/// used to rewrite a TCP/UDP/ICMP checksum after addresses or ports change without summing the payload again.
/// </summary>
public static class InternetChecksum
{
    /// <summary>Adds two partial sums (one's complement addition).</summary>
    public static uint Add(uint partial, uint other) => Fold((ulong)partial + other);

    /// <summary>
    /// Adds the one's complement sum of <paramref name="data"/> to <paramref name="partial"/>. The data is taken as
    /// 16-bit words from its first byte; an odd last byte is padded with a zero byte. When the data of one checksum
    /// is summed in several pieces, every piece but the last must have an even length.
    /// </summary>
    public static uint Add(uint partial, ReadOnlySpan<byte> data)
    {
        // One's complement addition is byte-order independent (RFC 1071 §2(B)): sum little-endian 32-bit words
        // into a 64-bit accumulator (no carries are lost below 2^32 words), fold, and swap the two bytes at the end.
        ref byte start = ref MemoryMarshal.GetReference(data);
        int length = data.Length;
        int i = 0;
        ulong sum = 0;
        while (length - i >= 32)
        {
            ulong a = ReadLittleEndian64(ref start, i);
            ulong b = ReadLittleEndian64(ref start, i + 8);
            ulong c = ReadLittleEndian64(ref start, i + 16);
            ulong d = ReadLittleEndian64(ref start, i + 24);
            sum += (a & 0xFFFF_FFFF) + (a >> 32) + (b & 0xFFFF_FFFF) + (b >> 32)
                 + (c & 0xFFFF_FFFF) + (c >> 32) + (d & 0xFFFF_FFFF) + (d >> 32);
            i += 32;
        }
        while (length - i >= 8)
        {
            ulong a = ReadLittleEndian64(ref start, i);
            sum += (a & 0xFFFF_FFFF) + (a >> 32);
            i += 8;
        }
        if (length - i >= 4)
        {
            sum += BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i, 4));
            i += 4;
        }
        if (length - i >= 2)
        {
            sum += BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(i, 2));
            i += 2;
        }
        if (i < length)
        {
            sum += data[i];   // the low byte of a little-endian word is the high byte of the big-endian one
        }
        uint littleEndian = Fold(sum);
        return Add(partial, BinaryPrimitives.ReverseEndianness((ushort)littleEndian));
    }

    /// <summary>Adds one 16-bit word.</summary>
    public static uint AddWord(uint partial, ushort word) => Fold((ulong)partial + word);

    /// <summary>Adds a 32-bit value as two 16-bit words (an IPv4 address or any aligned 32-bit field).</summary>
    public static uint AddUInt32(uint partial, uint value) => Fold((ulong)partial + (value >> 16) + (value & 0xFFFF));

    /// <summary>Adds a 128-bit value as eight 16-bit words (an IPv6 address).</summary>
    public static uint AddUInt128(uint partial, UInt128 value)
    {
        ulong high = (ulong)(value >> 64);
        ulong low = (ulong)value;
        ulong sum = (ulong)partial
            + (high >> 48) + ((high >> 32) & 0xFFFF) + ((high >> 16) & 0xFFFF) + (high & 0xFFFF)
            + (low >> 48) + ((low >> 32) & 0xFFFF) + ((low >> 16) & 0xFFFF) + (low & 0xFFFF);
        return Fold(sum);
    }

    /// <summary>Folds a wide sum into 16 bits with end-around carries.</summary>
    public static uint Fold(ulong sum)
    {
        sum = (sum & 0xFFFF_FFFF) + (sum >> 32);
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        return (uint)sum;
    }

    /// <summary>The checksum field value for a partial sum: its one's complement.</summary>
    public static ushort Finish(uint partial) => (ushort)~Fold(partial);

    /// <summary>The checksum of <paramref name="data"/> (whose checksum field, if any, must hold zero).</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Add(0, data));

    /// <summary>True when data that includes its checksum field verifies: the sum is all ones.</summary>
    public static bool Verifies(uint partialIncludingChecksum) => Fold(partialIncludingChecksum) == 0xFFFF;

    /// <summary>The partial sum of the IPv4 pseudo-header (RFC 793 §3.1, RFC 768) for 4-byte addresses.</summary>
    public static uint PseudoHeaderIpv4(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, byte protocol, int upperLayerLength)
    {
        uint sum = AddUInt32(0, BinaryPrimitives.ReadUInt32BigEndian(source));
        sum = AddUInt32(sum, BinaryPrimitives.ReadUInt32BigEndian(destination));
        return AddUInt32(sum, (uint)protocol + (uint)upperLayerLength);
    }

    /// <summary>The partial sum of the IPv6 pseudo-header (RFC 8200 §8.1) for 16-byte addresses.</summary>
    public static uint PseudoHeaderIpv6(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, byte nextHeader, int upperLayerLength) =>
        PseudoHeaderIpv6(BinaryPrimitives.ReadUInt128BigEndian(source), BinaryPrimitives.ReadUInt128BigEndian(destination), nextHeader, upperLayerLength);

    /// <summary>The partial sum of the IPv6 pseudo-header for addresses held as big-endian 128-bit values.</summary>
    public static uint PseudoHeaderIpv6(UInt128 source, UInt128 destination, byte nextHeader, int upperLayerLength)
    {
        uint sum = AddUInt128(0, source);
        sum = AddUInt128(sum, destination);
        sum = AddUInt32(sum, (uint)upperLayerLength);
        return AddWord(sum, nextHeader);
    }

    /// <summary>
    /// RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'). Replaces data whose partial sum is <paramref name="removed"/> by data
    /// whose partial sum is <paramref name="added"/> in a checksum. The result equals a full recomputation.
    /// </summary>
    public static ushort Update(ushort checksum, uint removed, uint added)
    {
        ulong sum = (ushort)~checksum;
        sum += (ushort)~Fold(removed);
        sum += added;
        return (ushort)~Fold(sum);
    }

    /// <summary>Replaces one 16-bit word covered by <paramref name="checksum"/>.</summary>
    public static ushort UpdateWord(ushort checksum, ushort oldWord, ushort newWord) => Update(checksum, oldWord, newWord);

    /// <summary>Replaces an address (4 or 16 bytes, or any even-length field) covered by <paramref name="checksum"/>.</summary>
    public static ushort UpdateAddress(ushort checksum, ReadOnlySpan<byte> oldAddress, ReadOnlySpan<byte> newAddress) =>
        Update(checksum, Add(0, oldAddress), Add(0, newAddress));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadLittleEndian64(ref byte start, int offset)
    {
        ulong value = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset));
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }
}
