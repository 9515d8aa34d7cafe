namespace Gate64.Cli.Demo;

/// <summary>How one narrated step went.</summary>
/// <param name="Number">1-based, as narrated.</param>
/// <param name="Title">The step's short title.</param>
/// <param name="Passed">True when everything the step checks held.</param>
/// <param name="Elapsed">How long the step took.</param>
/// <param name="Detail">Why it failed (empty when it passed).</param>
internal sealed record DemoStepResult(int Number, string Title, bool Passed, TimeSpan Elapsed, string Detail = "");
