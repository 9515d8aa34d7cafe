namespace Gate64.Testing.Routing;

/// <summary>What FRR's dry runs made of a config: <c>vtysh -C</c> (grammar of every daemon) and <c>bgpd -C</c> (bgpd applying it).</summary>
/// <param name="ConfigurationText">The rendered config that was checked.</param>
/// <param name="Vtysh">The <c>vtysh --dryrun -f FILE</c> run.</param>
/// <param name="Bgpd">The <c>bgpd --dryrun -f FILE</c> run.</param>
public sealed record FrrDryRunResult(string ConfigurationText, ChildProcessResult Vtysh, ChildProcessResult Bgpd)
{
    /// <summary>
    /// bgpd's dry run exits 0 even when a command fails; it reports each failure as a log line
    /// with an error code (<c>[EC …]</c>) or a <c>%</c> message.
    /// </summary>
    public IReadOnlyList<string> BgpdErrors =>
        Bgpd.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains("[EC ", StringComparison.Ordinal) || line.StartsWith('%'))
            .ToList();

    /// <summary>Both dry runs accepted the config.</summary>
    public bool IsValid => Vtysh.ExitCode == 0 && Bgpd.ExitCode == 0 && BgpdErrors.Count == 0;

    public override string ToString() => $"{Vtysh}\n{Bgpd}\n--- config ---\n{ConfigurationText}";
}
