namespace Gate64.Cli.Demo;

/// <summary>Building the platform failed; the message says which command or service and what it printed.</summary>
internal sealed class DemoSetupException : Exception
{
    public DemoSetupException()
    {
    }

    public DemoSetupException(string message)
        : base(message)
    {
    }

    public DemoSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>For a command that failed: its line, exit code and output.</summary>
    public static DemoSetupException From(DemoCommandResult result) =>
        new($"{result.Display} failed (exit code {result.ExitCode}):\n{result.Output.TrimEnd()}");
}
