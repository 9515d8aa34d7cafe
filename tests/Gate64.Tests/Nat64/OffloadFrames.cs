using System.Buffers.Binary;
using Gate64.Protocols.Ip;

namespace Gate64.Tests.Nat64;

/// <summary>
/// Frames as a TUN with offloads reads and writes them: a virtio header, then the packet; super-packets and partial
/// checksums built with the reference sum of <see cref="Nat64TestPackets"/>.
/// </summary>
internal static class OffloadFrames
{
    public static byte[] Frame(VirtioNetHeader header, byte[] packet)
    {
        byte[] frame = new byte[VirtioNetHeader.Size + packet.Length];
        header.Write(frame);
        packet.CopyTo(frame, VirtioNetHeader.Size);
        return frame;
    }

    /// <summary>A frame with an all-zero header: one packet, checksum complete.</summary>
    public static byte[] Plain(byte[] packet) => Frame(default, packet);

    public static (VirtioNetHeader Header, byte[] Packet) Split(byte[] frame)
    {
        Assert.True(VirtioNetHeader.TryRead(frame, out VirtioNetHeader header));
        return (header, frame[VirtioNetHeader.Size..]);
    }

    /// <summary>Replaces a transport checksum by the partial (pseudo-header only, uncomplemented) sum.</summary>
    public static void SetPartial(byte[] segment, int checksumOffset, string source, string destination, byte protocol) =>
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(checksumOffset),
            (ushort)~Nat64TestPackets.ReferenceChecksum(Nat64TestPackets.PseudoHeader(Nat64TestPackets.Address(source), Nat64TestPackets.Address(destination), protocol, segment.Length)));

    /// <summary>A TCP super-packet frame (ACK|PSH, <paramref name="payloadLength"/> bytes cut at <paramref name="gsoSize"/>).</summary>
    public static byte[] TcpSuperPacket(string source, string destination, ushort sourcePort, ushort destinationPort, int payloadLength, ushort gsoSize, byte hopLimit = 64)
    {
        byte[] tcp = Nat64TestPackets.Tcp(source, destination, sourcePort, destinationPort, Nat64TestPackets.Data(payloadLength, 5), flags: 0x18);
        SetPartial(tcp, 16, source, destination, Nat64TestPackets.ProtoTcp);
        bool v4 = source.Contains('.', StringComparison.Ordinal);
        byte[] packet = v4
            ? Nat64TestPackets.Ipv4(source, destination, Nat64TestPackets.ProtoTcp, tcp, ttl: hopLimit, dontFragment: true)
            : Nat64TestPackets.Ipv6(source, destination, Nat64TestPackets.ProtoTcp, tcp, hopLimit);
        int ip = v4 ? 20 : 40;
        return Frame(new VirtioNetHeader(VirtioNetHeaderFlags.NeedsChecksum, v4 ? VirtioGsoType.TcpV4 : VirtioGsoType.TcpV6, (ushort)(ip + 20), gsoSize, (ushort)ip, 16), packet);
    }

    /// <summary>A UDP super-packet frame (USO).</summary>
    public static byte[] UdpSuperPacket(string source, string destination, ushort sourcePort, ushort destinationPort, int payloadLength, ushort gsoSize)
    {
        byte[] udp = Nat64TestPackets.Udp(source, destination, sourcePort, destinationPort, Nat64TestPackets.Data(payloadLength, 6));
        SetPartial(udp, 6, source, destination, Nat64TestPackets.ProtoUdp);
        bool v4 = source.Contains('.', StringComparison.Ordinal);
        byte[] packet = v4
            ? Nat64TestPackets.Ipv4(source, destination, Nat64TestPackets.ProtoUdp, udp, dontFragment: true)
            : Nat64TestPackets.Ipv6(source, destination, Nat64TestPackets.ProtoUdp, udp);
        int ip = v4 ? 20 : 40;
        return Frame(new VirtioNetHeader(VirtioNetHeaderFlags.NeedsChecksum, VirtioGsoType.UdpL4, (ushort)(ip + 8), gsoSize, (ushort)ip, 6), packet);
    }

    /// <summary>A single UDP packet with a partial checksum (TUN_F_CSUM without GSO).</summary>
    public static byte[] UdpPartial(string source, string destination, ushort sourcePort, ushort destinationPort, byte[] data)
    {
        byte[] udp = Nat64TestPackets.Udp(source, destination, sourcePort, destinationPort, data);
        SetPartial(udp, 6, source, destination, Nat64TestPackets.ProtoUdp);
        bool v4 = source.Contains('.', StringComparison.Ordinal);
        byte[] packet = v4
            ? Nat64TestPackets.Ipv4(source, destination, Nat64TestPackets.ProtoUdp, udp)
            : Nat64TestPackets.Ipv6(source, destination, Nat64TestPackets.ProtoUdp, udp);
        int ip = v4 ? 20 : 40;
        return Frame(new VirtioNetHeader(VirtioNetHeaderFlags.NeedsChecksum, VirtioGsoType.None, 0, 0, (ushort)ip, 6), packet);
    }

    /// <summary>Completes a written super-packet's partial checksum over the whole packet, and checks every checksum.</summary>
    public static void AssertCompletes(byte[] frame)
    {
        (VirtioNetHeader header, byte[] packet) = Split(frame);
        Assert.True(header.NeedsChecksum);
        Assert.True(header.TryCompleteChecksum(packet));
        Nat64TestPackets.AssertChecksums(packet);
    }
}
