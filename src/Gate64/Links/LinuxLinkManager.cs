namespace Gate64.Links;

/// <summary>
/// <c>gate64 link up|down</c> on Linux: looks first (so that a second <c>up</c> is "already up" and <c>down</c> only
/// ever deletes a Gate64 link), then runs the plan.
/// </summary>
internal sealed class LinuxLinkManager : ILinkManager
{
    private readonly LinuxLinkInspector _inspector;
    private readonly PlanExecutor _executor;

    public LinuxLinkManager(ICommandRunner runner)
    {
        _inspector = new LinuxLinkInspector(runner);
        _executor = new PlanExecutor(runner);
    }

    public async Task<LinkOutcome> UpAsync(LinkSpec spec, CancellationToken cancellationToken)
    {
        if (spec.Target.Kind != LinkTargetKind.NetworkNamespace)
        {
            return LinkOutcome.Failure("on Linux a link goes into a network namespace (--netns), not a jail.");
        }
        try
        {
            LinuxInterfaceState? hostEnd = await _inspector.FindHostEndAsync(spec.Name, cancellationToken).ConfigureAwait(false);
            if (hostEnd is null)
            {
                PlanResult result = await _executor.RunAsync(LinuxLinkPlanner.Up(spec), cancellationToken).ConfigureAwait(false);
                return result.Succeeded
                    ? LinkOutcome.Success($"link {spec} up")
                    : LinkOutcome.Failure($"link {spec.Name}: {result.Describe()}");
            }
            if (Foreign(hostEnd) is { } foreign)
            {
                return foreign;
            }
            LinkMarker.TryParse(hostEnd.Alias, out LinkMarker? marker);
            LinuxObservedLink observed = await _inspector.InspectAsync(hostEnd, marker!, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> differences = LinuxLinkComparison.Differences(spec, observed);
            return differences.Count == 0
                ? LinkOutcome.Success($"link {spec.Name} already up")
                : LinkOutcome.Failure($"link {spec.Name} exists but differs from what was asked: {string.Join("; ", differences)}. Run 'gate64 link down {spec.Name}' first.");
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException)
        {
            return LinkOutcome.Failure($"link {spec.Name}: {exception.Message}");
        }
    }

    public async Task<LinkOutcome> DownAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            LinuxInterfaceState? hostEnd = await _inspector.FindHostEndAsync(name, cancellationToken).ConfigureAwait(false);
            if (hostEnd is null)
            {
                return LinkOutcome.Success($"link {name} not present");
            }
            if (Foreign(hostEnd) is { } foreign)
            {
                return foreign;
            }
            PlanResult result = await _executor.RunAsync(LinuxLinkPlanner.Down(name), cancellationToken).ConfigureAwait(false);
            return result.Succeeded
                ? LinkOutcome.Success($"link {name} down")
                : LinkOutcome.Failure($"link {name}: {result.Describe()}");
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException)
        {
            return LinkOutcome.Failure($"link {name}: {exception.Message}");
        }
    }

    /// <summary>A refusal when the interface is not a veth carrying Gate64's marker: it is somebody else's.</summary>
    private static LinkOutcome? Foreign(LinuxInterfaceState hostEnd) =>
        hostEnd.Kind == "veth" && LinkMarker.TryParse(hostEnd.Alias, out _)
            ? null
            : LinkOutcome.Failure($"interface {hostEnd.Name} exists and is not a link made by gate64 (no '{LinkMarker.Prefix.Trim()} …' alias on a veth); not touching it.");
}
