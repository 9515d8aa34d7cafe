namespace Gate64.Cli.Demo;

/// <summary>What a cleanup removed, and what it could not.</summary>
/// <param name="ProcessesStopped">Children stopped plus leftovers killed inside the namespaces.</param>
/// <param name="NamespacesRemoved">Namespaces deleted.</param>
/// <param name="Problems">One line per thing left behind; empty when everything is gone.</param>
internal sealed record DemoCleanupReport(int ProcessesStopped, int NamespacesRemoved, IReadOnlyList<string> Problems)
{
    public bool Complete => Problems.Count == 0;
}
