namespace Gate64.Testing.Routing;

/// <summary>Limits for BGP tests, which wait on real session set-up (gobgpd alone waits 5–9 s before it dials).</summary>
public static class BgpTimeouts
{
    /// <summary>The most one BGP test may take, in milliseconds (for <c>[Fact(Timeout = …)]</c>).</summary>
    public const int TestMilliseconds = 120_000;

    /// <summary>Until a session is Established (first connect, or reconnect after a reset).</summary>
    public static TimeSpan Session { get; } = TimeSpan.FromSeconds(40);

    /// <summary>Until routes sent on an established session show up (or go) at the peer.</summary>
    public static TimeSpan Routes { get; } = TimeSpan.FromSeconds(15);
}
