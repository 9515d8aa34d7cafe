namespace Gate64.Diagnostics;

/// <summary>What <c>gate64 check NAME</c> found: the steps in order, and the verdict they add up to.</summary>
internal sealed class IngressCheckReport
{
    public IngressCheckReport(string name, IReadOnlyList<CheckStep> steps)
    {
        Name = name;
        Steps = steps;
        Verdict = steps.Any(step => step.Status == CheckStatus.Fail) ? IngressVerdict.Broken
            : steps.Any(step => step.Status == CheckStatus.Warn) ? IngressVerdict.WorksWithWarnings
            : IngressVerdict.Works;
    }

    /// <summary>The checked name, normalised.</summary>
    public string Name { get; }

    public IngressVerdict Verdict { get; }

    /// <summary>0 when ingress will work, 1 when it will not, 3 when it works with warnings.</summary>
    public int ExitCode => (int)Verdict;

    /// <summary>The resolver that was asked, as <c>ADDR:PORT</c>.</summary>
    public string? Resolver { get; init; }

    /// <summary>The gateway's IPv4 addresses that A records should point at.</summary>
    public IReadOnlyList<string> Gateway { get; init; } = [];

    /// <summary>The prefixes backends may live in.</summary>
    public IReadOnlyList<string> Permitted { get; init; } = [];

    /// <summary>The name's IPv4 addresses (A records), as resolved.</summary>
    public IReadOnlyList<string> A { get; init; } = [];

    /// <summary>The name's IPv6 addresses (AAAA records), as resolved.</summary>
    public IReadOnlyList<string> Aaaa { get; init; } = [];

    public IReadOnlyList<CheckStep> Steps { get; }

    /// <summary>The fixes to make, failures first, each once.</summary>
    public IReadOnlyList<string> Fixes =>
    [
        .. Steps.Where(step => step.Status == CheckStatus.Fail)
            .Concat(Steps.Where(step => step.Status == CheckStatus.Warn))
            .Select(step => step.Fix)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal),
    ];
}
