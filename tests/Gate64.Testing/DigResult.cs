using Xunit;

namespace Gate64.Testing;

/// <summary>The parsed output of one dig/kdig run.</summary>
public sealed class DigResult
{
    public DigResult(
        string commandLine,
        int exitCode,
        string output,
        string? status,
        IReadOnlySet<string> flags,
        IReadOnlyList<DigRecord> answer,
        IReadOnlyList<DigRecord> authority,
        IReadOnlyList<DigRecord> additional)
    {
        CommandLine = commandLine;
        ExitCode = exitCode;
        Output = output;
        Status = status;
        Flags = flags;
        Answer = answer;
        Authority = authority;
        Additional = additional;
    }

    public string CommandLine { get; }

    public int ExitCode { get; }

    /// <summary>Everything the program printed (stdout then stderr).</summary>
    public string Output { get; }

    /// <summary>The response code (NOERROR, NXDOMAIN, REFUSED, …), or null when no response arrived.</summary>
    public string? Status { get; }

    /// <summary>Header flags in lower case (qr, aa, tc, rd, ra, ad, cd).</summary>
    public IReadOnlySet<string> Flags { get; }

    public IReadOnlyList<DigRecord> Answer { get; }

    public IReadOnlyList<DigRecord> Authority { get; }

    public IReadOnlyList<DigRecord> Additional { get; }

    /// <summary>True when a DNS response was received and parsed.</summary>
    public bool Answered => Status is not null;

    /// <summary>The answer records of <paramref name="type"/> (e.g. "AAAA"), in order.</summary>
    public IReadOnlyList<DigRecord> AnswersOfType(string type) =>
        Answer.Where(r => r.Type.Equals(type, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Fails the test unless a response was received.</summary>
    public DigResult EnsureAnswered()
    {
        if (!Answered)
        {
            Assert.Fail($"no DNS response: {this}");
        }

        return this;
    }

    public override string ToString() => $"`{CommandLine}` (exit {ExitCode}) printed:\n{Output}";
}
