using System.Net;

namespace Gate64.Testing.Routing;

/// <summary>How <see cref="GoBgpDaemon"/> configures gobgpd.</summary>
public sealed record GoBgpOptions
{
    public required uint As { get; init; }

    public required IPAddress RouterId { get; init; }

    public IReadOnlyList<GoBgpNeighbor> Neighbors { get; init; } = [];

    public IReadOnlyList<GoBgpDynamicNeighbors> DynamicNeighbors { get; init; } = [];

    /// <summary>
    /// The BGP port gobgpd listens on; null means 179 when there are dynamic or passive
    /// neighbours and no listening at all otherwise (an active-only speaker, like a gate64 host).
    /// </summary>
    public int? ListenPort { get; init; }

    /// <summary>The port gobgpd will actually use (-1: it does not listen).</summary>
    public int EffectiveListenPort =>
        ListenPort ?? (DynamicNeighbors.Count > 0 || Neighbors.Any(n => n.Passive) ? 179 : -1);
}
