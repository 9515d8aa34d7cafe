using Gate64.Protocols.Bgp;
using Gate64.Protocols.Ip;

namespace Gate64.Bgp;

/// <summary>
/// What one session has announced to its peer, per family (RFC 4271 §3.2 Adj-RIB-Out). Reconciling it
/// with the desired set yields the withdrawals and announcements that bring the peer up to date.
/// </summary>
internal sealed class AdjRibOut
{
    private readonly Dictionary<BgpAddressFamily, HashSet<IpPrefix>> _announced = [];

    public int Count(BgpAddressFamily family) => _announced.TryGetValue(family, out HashSet<IpPrefix>? set) ? set.Count : 0;

    /// <summary>Records <paramref name="desired"/> as announced and returns what changed since the last call.</summary>
    public RibChanges Reconcile(BgpAddressFamily family, IReadOnlySet<IpPrefix> desired)
    {
        if (!_announced.TryGetValue(family, out HashSet<IpPrefix>? announced))
        {
            announced = [];
            _announced[family] = announced;
        }
        List<IpPrefix> withdraw = [.. announced.Where(prefix => !desired.Contains(prefix))];
        List<IpPrefix> announce = [.. desired.Where(prefix => !announced.Contains(prefix))];
        announced.ExceptWith(withdraw);
        announced.UnionWith(announce);
        return new RibChanges(announce, withdraw);
    }

    /// <summary>Forgets everything: the session went down and the next one starts from an empty peer.</summary>
    public void Clear() => _announced.Clear();

    /// <summary>Everything announced in a family, for a ROUTE-REFRESH.</summary>
    public IReadOnlyCollection<IpPrefix> Announced(BgpAddressFamily family) =>
        _announced.TryGetValue(family, out HashSet<IpPrefix>? set) ? set : [];
}
