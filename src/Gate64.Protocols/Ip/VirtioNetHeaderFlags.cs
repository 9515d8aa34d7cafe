namespace Gate64.Protocols.Ip;

/// <summary>The <c>flags</c> of a <see cref="VirtioNetHeader"/> (virtio 1.2 §5.1.6).</summary>
[Flags]
public enum VirtioNetHeaderFlags : byte
{
    None = 0,

    /// <summary>
    /// The checksum is partial: the field at <see cref="VirtioNetHeader.ChecksumStart"/> +
    /// <see cref="VirtioNetHeader.ChecksumOffset"/> holds only the (uncomplemented) pseudo-header sum, and whoever
    /// sends the packet on adds the sum of the bytes from <see cref="VirtioNetHeader.ChecksumStart"/> on.
    /// </summary>
    NeedsChecksum = 1,

    /// <summary>The checksum was verified already (a full checksum is in place).</summary>
    DataValid = 2,

    /// <summary>Receive-segment-coalescing information in the header (not used on TUN).</summary>
    RscInfo = 4,
}
