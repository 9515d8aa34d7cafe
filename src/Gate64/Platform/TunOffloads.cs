namespace Gate64.Platform;

/// <summary>
/// What a TUN device may hand out unfinished (<c>TUNSETOFFLOAD</c>, <c>TUN_F_*</c> in <c>linux/if_tun.h</c>): partial
/// checksums and TCP/UDP super-packets, each described by the virtio header before the packet. The kernel takes such
/// packets written to the device whatever these say.
/// </summary>
[Flags]
internal enum TunOffloads
{
    None = 0,

    /// <summary>TUN_F_CSUM: transport checksums may be partial (the reader completes them or passes them on).</summary>
    Checksum = 0x01,

    /// <summary>TUN_F_TSO4: TCP over IPv4 super-packets.</summary>
    Tso4 = 0x02,

    /// <summary>TUN_F_TSO6: TCP over IPv6 super-packets.</summary>
    Tso6 = 0x04,

    /// <summary>TUN_F_TSO_ECN: TCP super-packets with CWR set.</summary>
    TsoEcn = 0x08,

    /// <summary>TUN_F_USO4: UDP over IPv4 super-packets (Linux 6.2 and later).</summary>
    Uso4 = 0x20,

    /// <summary>TUN_F_USO6: UDP over IPv6 super-packets (Linux 6.2 and later).</summary>
    Uso6 = 0x40,
}
