using System.Net;

namespace Gate64.Links;

/// <summary>
/// <c>gate64 link up|down</c> on FreeBSD. An existing link is recognised by the description its host end carries;
/// <c>up</c> compares what that description recorded (jail and addresses) with what is asked, without reading the
/// jail's own configuration back.
/// </summary>
internal sealed class FreeBsdLinkManager : ILinkManager
{
    private readonly ICommandRunner _runner;
    private readonly PlanExecutor _executor;

    public FreeBsdLinkManager(ICommandRunner runner)
    {
        _runner = runner;
        _executor = new PlanExecutor(runner);
    }

    public async Task<LinkOutcome> UpAsync(LinkSpec spec, CancellationToken cancellationToken)
    {
        if (spec.Target.Kind != LinkTargetKind.Jail)
        {
            return LinkOutcome.Failure("on FreeBSD a link goes into a VNET jail (--jail), not a network namespace.");
        }
        (bool exists, string? description, string? error) = await LookAsync(spec.Name, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return LinkOutcome.Failure($"link {spec.Name}: {error}");
        }
        if (!exists)
        {
            PlanResult result = await _executor.RunAsync(FreeBsdLinkPlanner.Up(spec), cancellationToken).ConfigureAwait(false);
            return result.Succeeded ? LinkOutcome.Success($"link {spec} up") : LinkOutcome.Failure($"link {spec.Name}: {result.Describe()}");
        }
        if (!LinkMarker.TryParse(description, out LinkMarker? marker))
        {
            return Foreign(spec.Name);
        }
        List<string> differences = [];
        if (marker.Target != spec.Target)
        {
            differences.Add($"it goes to {marker.Target}, not {spec.Target}");
        }
        if (!Equals(marker.Ipv6, spec.Ipv6))
        {
            differences.Add($"its IPv6 address is {Describe(marker.Ipv6)}, not {spec.Ipv6}");
        }
        if (!Equals(marker.Ipv4, spec.Ipv4))
        {
            differences.Add($"its IPv4 address is {Describe(marker.Ipv4)}, not {Describe(spec.Ipv4)}");
        }
        return differences.Count == 0
            ? LinkOutcome.Success($"link {spec.Name} already up")
            : LinkOutcome.Failure($"link {spec.Name} exists but differs from what was asked: {string.Join("; ", differences)}. Run 'gate64 link down {spec.Name}' first.");
    }

    public async Task<LinkOutcome> DownAsync(string name, CancellationToken cancellationToken)
    {
        (bool exists, string? description, string? error) = await LookAsync(name, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return LinkOutcome.Failure($"link {name}: {error}");
        }
        if (!exists)
        {
            return LinkOutcome.Success($"link {name} not present");
        }
        if (!LinkMarker.TryParse(description, out _))
        {
            return Foreign(name);
        }
        PlanResult result = await _executor.RunAsync(FreeBsdLinkPlanner.Down(name), cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? LinkOutcome.Success($"link {name} down") : LinkOutcome.Failure($"link {name}: {result.Describe()}");
    }

    private async Task<(bool Exists, string? Description, string? Error)> LookAsync(string name, CancellationToken cancellationToken)
    {
        CommandResult result = await _runner.RunAsync(ArgumentVector.Of("ifconfig", name), cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            return (true, FreeBsdIfconfigText.Description(result.StandardOutput), null);
        }
        return result.StandardError.Contains("does not exist", StringComparison.Ordinal)
            ? (false, null, null)
            : (false, null, $"cannot look at interface {name}: {result.Describe()}");
    }

    private static LinkOutcome Foreign(string name) =>
        LinkOutcome.Failure($"interface {name} exists and is not a link made by gate64 (no '{LinkMarker.Prefix.Trim()} …' description); not touching it.");

    private static string Describe(IPAddress? address) => address?.ToString() ?? "none";
}
