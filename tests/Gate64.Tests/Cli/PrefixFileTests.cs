using Gate64.Cli.Commands;
using Gate64.Protocols.Ip;

namespace Gate64.Tests.Cli;

public sealed class PrefixFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"g64-prefixes-{Guid.NewGuid():N}.txt");

    [Fact]
    public void Read_SkipsCommentsAndBlankLines()
    {
        File.WriteAllText(_path, "# service prefixes\n2001:db8:64::/96\n\n  203.0.113.0/28   # the pool\n");
        List<string> errors = [];

        IReadOnlyList<IpPrefix> prefixes = PrefixFile.Read(_path, errors);

        Assert.Empty(errors);
        Assert.Equal([IpPrefix.Parse("2001:db8:64::/96"), IpPrefix.Parse("203.0.113.0/28")], prefixes);
    }

    [Fact]
    public void Read_ReportsEveryBadLineWithItsNumber()
    {
        File.WriteAllText(_path, "192.0.2.0/24\nnot-a-prefix\n2001:db8::/129\n");
        List<string> errors = [];

        IReadOnlyList<IpPrefix> prefixes = PrefixFile.Read(_path, errors);

        Assert.Single(prefixes);
        Assert.Equal(2, errors.Count);
        Assert.Contains($"{_path}:2:", errors[0], StringComparison.Ordinal);
        Assert.Contains($"{_path}:3:", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AMissingFile_IsAnErrorNotAnException()
    {
        List<string> errors = [];

        Assert.Empty(PrefixFile.Read(_path + ".missing", errors));
        Assert.Single(errors);
    }

    [Fact]
    public async Task Invoke_WithABadAnnounceFile_ExitsWithTheUsageCode()
    {
        File.WriteAllText(_path, "bogus\n");

        int exitCode = await GateCommandLine.InvokeAsync(
            ["bgp", "--local-as", "65001", "--router-id", "198.51.100.2", "--neighbor", "198.51.100.1,as=65000", "--announce-file", _path],
            new System.CommandLine.InvocationConfiguration { Error = TextWriter.Null, Output = TextWriter.Null });

        Assert.Equal(GateCommandLine.UsageErrorExitCode, exitCode);
    }

    public void Dispose() => File.Delete(_path);
}
