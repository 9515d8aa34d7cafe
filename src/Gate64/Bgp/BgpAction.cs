using Gate64.Bgp.Fsm;
using Gate64.Protocols.Bgp;

namespace Gate64.Bgp;

/// <summary>One action of the state machine, with what it needs (see <see cref="IBgpSessionActions"/>).</summary>
internal sealed record BgpAction(BgpActionKind Kind)
{
    public ReadOnlyMemory<byte> Message { get; init; }

    public BgpSessionInfo? Session { get; init; }

    public BgpSessionDown? Down { get; init; }

    public BgpAddressFamily Family { get; init; }

    public BgpUpdateParseResult Update { get; init; }
}
