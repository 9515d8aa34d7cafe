namespace Gate64.Platform;

/// <summary>
/// A TUN queue that can also be read without waiting, so that a reader woken for one packet can take the ones queued
/// behind it in the same turn (TUN has no batched read) and write what it translated as one batch.
/// </summary>
internal interface INonBlockingTunReader
{
    /// <summary>Copies the next waiting packet into <paramref name="buffer"/> and returns its length; 0 at once when none is waiting or the device is stopping.</summary>
    public int TryRead(Span<byte> buffer);
}
