namespace Gate64.Links;

/// <summary>Picks the link manager for a platform.</summary>
internal static class LinkManagers
{
    public static ILinkManager For(LinkPlatform platform, ICommandRunner runner) => platform switch
    {
        LinkPlatform.Linux => new LinuxLinkManager(runner),
        LinkPlatform.FreeBsd => new FreeBsdLinkManager(runner),
        _ => throw new ArgumentOutOfRangeException(nameof(platform), platform, null),
    };

    /// <summary>The running operating system, or null when links are not supported on it.</summary>
    public static LinkPlatform? Running() =>
        OperatingSystem.IsLinux() ? LinkPlatform.Linux : OperatingSystem.IsFreeBSD() ? LinkPlatform.FreeBsd : null;

    public static LinkPlan PlanUp(LinkPlatform platform, LinkSpec spec) =>
        platform == LinkPlatform.Linux ? LinuxLinkPlanner.Up(spec) : FreeBsdLinkPlanner.Up(spec);

    public static LinkPlan PlanDown(LinkPlatform platform, string name) =>
        platform == LinkPlatform.Linux ? LinuxLinkPlanner.Down(name) : FreeBsdLinkPlanner.Down(name);
}
