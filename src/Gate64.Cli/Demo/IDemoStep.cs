namespace Gate64.Cli.Demo;

/// <summary>One narrated step: runs real commands, shows their output, and says whether what it shows held.</summary>
internal interface IDemoStep
{
    /// <summary>The title in the step's heading and the summary table.</summary>
    public string Title { get; }

    /// <summary>Runs the step; true when every check passed. Throws only on cancellation or a broken platform.</summary>
    public Task<bool> RunAsync(DemoContext context);
}
