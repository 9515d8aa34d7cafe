using Gate64.Links;

namespace Gate64.Tests.Links;

/// <summary>
/// Records every command and answers from a script: the first rule that matches the command line (its start, or
/// all of it for a rule ending in '$') wins; anything else succeeds with no output.
/// </summary>
internal sealed class FakeCommandRunner : ICommandRunner
{
    private readonly List<(string Prefix, Func<CommandResult> Answer)> _rules = [];

    public List<string> Commands { get; } = [];

    public FakeCommandRunner On(string prefix, int exitCode, string output = "", string error = "")
    {
        _rules.Add((prefix, () => new CommandResult(exitCode, output, error)));
        return this;
    }

    public FakeCommandRunner On(string prefix, Func<CommandResult> answer)
    {
        _rules.Add((prefix, answer));
        return this;
    }

    public Task<CommandResult> RunAsync(ArgumentVector command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string line = command.ToString();
        Commands.Add(line);
        foreach ((string prefix, Func<CommandResult> answer) in _rules)
        {
            bool matches = prefix.EndsWith('$')
                ? line == prefix[..^1]
                : line.StartsWith(prefix, StringComparison.Ordinal);
            if (matches)
            {
                return Task.FromResult(answer());
            }
        }
        return Task.FromResult(new CommandResult(0, "", ""));
    }
}
