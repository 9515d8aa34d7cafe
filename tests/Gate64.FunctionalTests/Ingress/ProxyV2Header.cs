using System.Buffers.Binary;
using System.Net;

namespace Gate64.FunctionalTests.Ingress;

/// <summary>
/// The fixed part of a PROXY protocol v2 header (haproxy proxy-protocol.txt §2.2) read independently
/// of gate64's own codec: signature, version/command, family/protocol, addresses and ports.
/// </summary>
internal sealed record ProxyV2Header(byte VersionCommand, byte FamilyProtocol, IPAddress Source, IPAddress Destination, int SourcePort, int DestinationPort, int Length)
{
    public static ReadOnlySpan<byte> Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>Parses the header at the start of <paramref name="data"/>; <see cref="Length"/> is its whole size (16 + the length field).</summary>
    public static ProxyV2Header Parse(byte[] data)
    {
        Assert.True(data.Length >= 16, $"{data.Length} bytes are too few for a PROXY v2 header: {Convert.ToHexString(data)}");
        Assert.True(data.AsSpan(0, 12).SequenceEqual(Signature), $"no PROXY v2 signature: {Convert.ToHexString(data.AsSpan(0, Math.Min(32, data.Length)))}");
        byte versionCommand = data[12];
        byte familyProtocol = data[13];
        int length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(14, 2));
        Assert.True(data.Length >= 16 + length, $"header announces {length} bytes, {data.Length - 16} present");
        Assert.True(familyProtocol == 0x11, $"family/protocol 0x{familyProtocol:x2}, expected 0x11 (TCP over IPv4)");
        Assert.True(length >= 12, $"length {length} is too short for IPv4 addresses");
        ReadOnlySpan<byte> addresses = data.AsSpan(16, 12);
        return new ProxyV2Header(
            versionCommand,
            familyProtocol,
            new IPAddress(addresses[..4]),
            new IPAddress(addresses.Slice(4, 4)),
            BinaryPrimitives.ReadUInt16BigEndian(addresses.Slice(8, 2)),
            BinaryPrimitives.ReadUInt16BigEndian(addresses.Slice(10, 2)),
            16 + length);
    }
}
