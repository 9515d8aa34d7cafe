namespace Gate64.Platform;

/// <summary>One queue of a TUN device: whole IP packets (no packet information header) in and out.</summary>
internal interface ITunQueue
{
    /// <summary>Blocks until a packet arrives and copies it into <paramref name="buffer"/>; returns its length, or 0 once the device is stopping.</summary>
    public int Read(Span<byte> buffer);

    /// <summary>Hands one packet to the kernel; false when it refused it (the packet is lost, as on a wire).</summary>
    public bool Write(ReadOnlySpan<byte> packet);
}
