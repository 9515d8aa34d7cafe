using Gate64.Protocols.Bgp;

namespace Gate64.Bgp.Fsm;

/// <summary>Why a connection attempt or session ended.</summary>
/// <param name="Reason">Human text for the log.</param>
/// <param name="WasEstablished">The session had reached Established: routes sent on it are gone from the peer (or stale under graceful restart).</param>
/// <param name="Sent">The NOTIFICATION we sent, if any.</param>
/// <param name="Received">The NOTIFICATION the peer sent, if any.</param>
/// <param name="RetryIn">When the next connect comes; null when the session was stopped.</param>
internal sealed record BgpSessionDown(string Reason, bool WasEstablished, BgpNotification? Sent, BgpNotification? Received, TimeSpan? RetryIn);
