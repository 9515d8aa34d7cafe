namespace Gate64.Protocols.Ip;

/// <summary>
/// The <c>gso_type</c> of a <see cref="VirtioNetHeader"/> (virtio 1.2 §5.1.6, <c>linux/virtio_net.h</c>): how the
/// kernel is to cut a super-packet into segments of <see cref="VirtioNetHeader.GsoSize"/> bytes, or that it is one
/// packet already. <see cref="Ecn"/> is a flag on top of the TCP types.
/// </summary>
public enum VirtioGsoType : byte
{
    /// <summary>Not a super-packet.</summary>
    None = 0,

    /// <summary>TCP over IPv4 (TSO).</summary>
    TcpV4 = 1,

    /// <summary>UDP fragmentation offload (UFO): IP fragments of one datagram. Deprecated; never accepted here.</summary>
    Udp = 3,

    /// <summary>TCP over IPv6 (TSO).</summary>
    TcpV6 = 4,

    /// <summary>UDP segmentation (USO): every segment its own datagram, over either family.</summary>
    UdpL4 = 5,

    /// <summary>Flag: the TCP super-packet carries CWR, which only the first segment may keep.</summary>
    Ecn = 0x80,
}
