using System.Buffers.Binary;

namespace Gate64.Platform.Netlink;

/// <summary>
/// Splits a netlink datagram into messages. Pure and bounded: every length is checked against what is left, and
/// the values are in host byte order (netlink never leaves the machine).
/// </summary>
internal static class NetlinkMessageReader
{
    /// <summary>Reads the message at the start of <paramref name="data"/>; <paramref name="consumed"/> includes the alignment padding.</summary>
    public static NetlinkReadStatus TryRead(ReadOnlySpan<byte> data, out NetlinkHeader header, out ReadOnlySpan<byte> payload, out int consumed)
    {
        header = default;
        payload = default;
        consumed = 0;
        if (data.IsEmpty)
        {
            return NetlinkReadStatus.End;
        }
        if (data.Length < NetlinkConstants.HeaderLength)
        {
            return NetlinkReadStatus.Malformed;
        }
        uint length = ReadUInt32(data);
        if (length < NetlinkConstants.HeaderLength || length > (uint)data.Length)
        {
            return NetlinkReadStatus.Malformed;
        }
        header = new NetlinkHeader((int)length, ReadUInt16(data[4..]), ReadUInt16(data[6..]), ReadUInt32(data[8..]), ReadUInt32(data[12..]));
        payload = data[NetlinkConstants.HeaderLength..(int)length];
        consumed = Math.Min(NetlinkConstants.Align((int)length), data.Length);
        return NetlinkReadStatus.Message;
    }

    public static uint ReadUInt32(ReadOnlySpan<byte> data) =>
        BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(data) : BinaryPrimitives.ReadUInt32BigEndian(data);

    public static ushort ReadUInt16(ReadOnlySpan<byte> data) =>
        BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(data) : BinaryPrimitives.ReadUInt16BigEndian(data);

    public static void WriteUInt32(Span<byte> data, uint value)
    {
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(data, value);
        }
    }

    public static void WriteUInt16(Span<byte> data, ushort value)
    {
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(data, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(data, value);
        }
    }
}
