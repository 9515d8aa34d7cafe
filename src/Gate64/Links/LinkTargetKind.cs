namespace Gate64.Links;

/// <summary>Where the workload end of a link goes.</summary>
internal enum LinkTargetKind
{
    /// <summary>A Linux network namespace named in <c>/var/run/netns</c> (<c>ip netns</c>).</summary>
    NetworkNamespace,

    /// <summary>A FreeBSD VNET jail, by name or JID.</summary>
    Jail,
}
