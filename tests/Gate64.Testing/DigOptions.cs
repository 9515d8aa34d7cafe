namespace Gate64.Testing;

/// <summary>How <see cref="Dig"/> sends one query.</summary>
public sealed record DigOptions
{
    public static DigOptions Udp { get; } = new();

    public static DigOptions Tcp { get; } = new() { UseTcp = true };

    public DigFlavor Flavor { get; init; } = DigFlavor.Dig;

    /// <summary>TCP (<c>+tcp</c>) instead of UDP (<c>+notcp</c>; a truncated answer is still retried over TCP).</summary>
    public bool UseTcp { get; init; }

    /// <summary>Sets the DO bit (<c>+dnssec</c>).</summary>
    public bool DnssecOk { get; init; }

    /// <summary>Sets the CD bit (<c>+cdflag</c>).</summary>
    public bool CheckingDisabled { get; init; }

    /// <summary>Seconds to wait for each try.</summary>
    public int TimeoutSeconds { get; init; } = 2;

    /// <summary>Tries in all (at least 1).</summary>
    public int Tries { get; init; } = 2;

    public static DigOptions For(bool tcp) => tcp ? Tcp : Udp;
}
