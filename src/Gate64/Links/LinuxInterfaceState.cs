namespace Gate64.Links;

/// <summary>
/// What <c>ip -j -d address show dev NAME</c> says about one interface. <see cref="PeerIndex"/> is, for a veth, the
/// other end's ifindex in the other end's namespace (<c>link_index</c>); <see cref="Addresses"/> holds every address,
/// any scope.
/// </summary>
internal sealed record LinuxInterfaceState(
    string Name,
    int Index,
    int? PeerIndex,
    string? Kind,
    string? Mac,
    string? Alias,
    bool Up,
    IReadOnlyList<InterfaceAddress> Addresses);
