using Gate64.Protocols.Ip;

namespace Gate64.Bgp;

/// <summary>The prefixes to announce and to withdraw to bring one peer's family up to date.</summary>
internal sealed record RibChanges(IReadOnlyList<IpPrefix> Announce, IReadOnlyList<IpPrefix> Withdraw)
{
    public bool IsEmpty => Announce.Count == 0 && Withdraw.Count == 0;
}
