using Gate64.Bgp.Fsm;
using Gate64.Protocols.Bgp;

namespace Gate64.Bgp;

/// <summary>
/// Collects the state machine's actions while it runs, so the session performs them (with I/O) after
/// the machine returns: the machine is synchronous and must never be re-entered from an action.
/// </summary>
internal sealed class BgpActionQueue : IBgpSessionActions
{
    private readonly Queue<BgpAction> _actions = new();

    public bool TryDequeue(out BgpAction action) => _actions.TryDequeue(out action!);

    public void Connect() => _actions.Enqueue(new BgpAction(BgpActionKind.Connect));

    public void Send(ReadOnlyMemory<byte> message) => _actions.Enqueue(new BgpAction(BgpActionKind.Send) { Message = message });

    public void Disconnect() => _actions.Enqueue(new BgpAction(BgpActionKind.Disconnect));

    public void Established(BgpSessionInfo session) => _actions.Enqueue(new BgpAction(BgpActionKind.Established) { Session = session });

    public void SessionDown(BgpSessionDown down) => _actions.Enqueue(new BgpAction(BgpActionKind.SessionDown) { Down = down });

    public void RouteRefreshRequested(BgpAddressFamily family) => _actions.Enqueue(new BgpAction(BgpActionKind.RouteRefresh) { Family = family });

    public void UpdateReceived(BgpUpdateParseResult update) => _actions.Enqueue(new BgpAction(BgpActionKind.UpdateReceived) { Update = update });
}
