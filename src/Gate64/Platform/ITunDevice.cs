namespace Gate64.Platform;

/// <summary>A TUN interface opened with one or more queues. Disposing closes every queue (a non-persistent TUN then disappears).</summary>
internal interface ITunDevice : IDisposable
{
    /// <summary>The interface name the kernel gave (or confirmed).</summary>
    public string Name { get; }

    public IReadOnlyList<ITunQueue> Queues { get; }

    /// <summary>Makes every blocked and later <see cref="ITunQueue.Read"/> return 0, so that the workers end.</summary>
    public void Stop();
}
