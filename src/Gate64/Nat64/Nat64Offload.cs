namespace Gate64.Nat64;

/// <summary>Whether the NAT64's TUN device uses offloads (<c>--offload</c>).</summary>
public enum Nat64Offload
{
    /// <summary>
    /// <c>IFF_VNET_HDR</c> with the checksum and TSO/USO offloads the kernel accepts: TCP (and UDP) super-packets of
    /// up to 64 KiB are read, translated and written in one piece.
    /// </summary>
    Auto,

    /// <summary>One packet per read and write, checksums complete (no virtio header).</summary>
    Off,
}
