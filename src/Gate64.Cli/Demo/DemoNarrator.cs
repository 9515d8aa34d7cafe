namespace Gate64.Cli.Demo;

/// <summary>
/// Tells the demo's story on the console: sections, the real commands with their (trimmed) real
/// output, and a ✓ or ✗ for each thing checked. Every call writes whole lines and flushes, so the
/// story reads the same on a terminal and through a pipe.
/// </summary>
internal sealed class DemoNarrator
{
    private const string Indent = "  ";
    private const string OutputIndent = "      ";
    private const int DefaultMaxLines = 16;
    private const int MaxWidth = 110;

    private readonly TextWriter _output;
    private readonly Lock _gate = new();
    private bool _closed;

    public DemoNarrator(TextWriter output)
    {
        _output = output;
    }

    /// <summary>Prints a line as is.</summary>
    public void Line(string text = "") => Write([text]);

    /// <summary>A section heading with a blank line before it.</summary>
    public void Section(string title) => Write(["", title, new string('─', Math.Min(title.Length, MaxWidth))]);

    /// <summary>An indented sentence of the story.</summary>
    public void Say(string text) => Write([Indent + text]);

    /// <summary>A command that was run and what it printed (stdout and stderr interleaved, trimmed).</summary>
    public void Command(DemoCommandResult result, int maxLines = DefaultMaxLines) =>
        Command(result.Display, result.Output, maxLines);

    /// <summary>A command and the output to show for it.</summary>
    public void Command(string display, string output, int maxLines = DefaultMaxLines)
    {
        List<string> lines = [Indent + display];
        lines.AddRange(OutputTrimmer.Trim(output, maxLines, MaxWidth - OutputIndent.Length).Select(line => line.Length == 0 ? "" : OutputIndent + line));
        Write(lines);
    }

    /// <summary>✓ or ✗ and what was checked.</summary>
    public void Check(bool passed, string text) => Write([$"{Indent}{(passed ? "✓" : "✗")} {text}"]);

    private void Write(IEnumerable<string> lines)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }
            try
            {
                foreach (string line in lines)
                {
                    _output.WriteLine(line);
                }
                _output.Flush();
            }
            catch (IOException)
            {
                // The reader went away (`gate64 demo | head`): the story is lost, but the demo must
                // still run to its end and, above all, clean up.
                _closed = true;
            }
        }
    }
}
