namespace Gate64.Links;

/// <summary>The network namespace or jail a link's workload end is moved into.</summary>
internal readonly record struct LinkTarget(LinkTargetKind Kind, string Name)
{
    public static LinkTarget NetworkNamespace(string name) => new(LinkTargetKind.NetworkNamespace, name);

    public static LinkTarget Jail(string name) => new(LinkTargetKind.Jail, name);

    /// <summary><c>netns=NAME</c> or <c>jail=NAME</c>: how the target is written in the host end's alias.</summary>
    public override string ToString() => $"{(Kind == LinkTargetKind.Jail ? "jail" : "netns")}={Name}";
}
