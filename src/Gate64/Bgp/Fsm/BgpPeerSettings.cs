using Gate64.Protocols.Bgp;

namespace Gate64.Bgp.Fsm;

/// <summary>What one session needs to know about us and the neighbor. Timer defaults follow RFC 4271 §10 where it has one.</summary>
internal sealed record BgpPeerSettings
{
    /// <summary>Our AS (4-octet; sent as AS_TRANS in the 2-byte field when above 65535).</summary>
    public required uint LocalAs { get; init; }

    /// <summary>Our BGP identifier, as a big-endian number (192.0.2.1 is 0xC0000201).</summary>
    public required uint RouterId { get; init; }

    /// <summary>The AS the neighbor must announce; a different one is refused with 2/2.</summary>
    public required uint PeerAs { get; init; }

    /// <summary>Our proposed hold time: 0 (no keepalives, no hold timer) or 3–65535 seconds.</summary>
    public ushort HoldTimeSeconds { get; init; } = 90;

    /// <summary>The first reconnect delay after a failure; each further failure doubles it up to <see cref="ConnectRetryMax"/>.</summary>
    public TimeSpan ConnectRetryInitial { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ConnectRetryMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a TCP connect may take before it is abandoned and counted as a failure.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a session must stay Established before the backoff starts again from
    /// <see cref="ConnectRetryInitial"/>, so that a flapping peer is damped. Null: the negotiated hold time
    /// (or <see cref="ConnectRetryMax"/> when it is 0).
    /// </summary>
    public TimeSpan? StableSessionTime { get; init; }

    /// <summary>The families we offer (multiprotocol capabilities); the session carries those the peer offers too.</summary>
    public IReadOnlyList<BgpAddressFamily> Families { get; init; } = [BgpAddressFamily.Ipv4Unicast, BgpAddressFamily.Ipv6Unicast];

    /// <summary>Graceful restart time to advertise (RFC 4724), 0–4095 s; null leaves the capability out.</summary>
    public ushort? GracefulRestartTimeSeconds { get; init; } = 120;

    /// <summary>
    /// Set the F bit for every family: our host routes live in the kernel and keep forwarding while the
    /// speaker restarts, so the router may keep using them for the restart time.
    /// </summary>
    public bool ForwardingPreserved { get; init; } = true;

    /// <summary>This process has just restarted (R bit in the first OPEN, RFC 4724 §3); cleared once a session is Established.</summary>
    public bool Restarted { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (LocalAs == 0 || PeerAs == 0)
        {
            throw new ArgumentException("AS 0 is reserved (RFC 7607).");
        }

        if (RouterId == 0)
        {
            throw new ArgumentException("The router id must not be 0.0.0.0.");
        }

        if (HoldTimeSeconds is 1 or 2)
        {
            throw new ArgumentException("The hold time must be 0 or at least 3 seconds (RFC 4271 §4.2).");
        }

        if (ConnectRetryInitial <= TimeSpan.Zero || ConnectRetryMax < ConnectRetryInitial || ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Connect retry and timeout must be positive, and the maximum retry no less than the first.");
        }

        if (Families.Count == 0)
        {
            throw new ArgumentException("At least one address family is needed.");
        }

        if (GracefulRestartTimeSeconds > BgpGracefulRestart.MaxRestartTimeSeconds)
        {
            throw new ArgumentException("The graceful restart time is at most 4095 seconds.");
        }
    }
}
