using Gate64.Cli.Commands;
using Gate64.Testing;
using static Gate64.Tests.Configuration.ConfigTexts;

namespace Gate64.Tests.Configuration;

public sealed class RunCommandTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create("run-command");

    [Fact]
    public async Task Check_ValidFile_ExitsZero()
    {
        string path = Write(AllServices);

        Assert.Equal(0, await GateCommandLine.InvokeAsync(["run", "--config", path, "--check"]));
    }

    [Fact]
    public async Task Check_InvalidFile_ExitsTwoLikeAUsageError()
    {
        string path = Write(AllServices.Replace("203.0.113.0/28", "203.0.113.0/33", StringComparison.Ordinal));

        Assert.Equal(GateCommandLine.UsageErrorExitCode, await GateCommandLine.InvokeAsync(["run", "--config", path, "--check"]));
    }

    [Fact]
    public async Task Run_InvalidFile_StartsNothingAndExitsTwo()
    {
        string path = Write("[dns64]\nlisten = \"[::1]:53\"\n");

        Assert.Equal(GateCommandLine.UsageErrorExitCode, await GateCommandLine.InvokeAsync(["run", "--config", path]));
    }

    [Fact]
    public async Task Run_MissingFile_ExitsTwo()
    {
        Assert.Equal(GateCommandLine.UsageErrorExitCode, await GateCommandLine.InvokeAsync(["run", "--config", _directory.Combine("absent.toml"), "--check"]));
    }

    [Fact]
    public void Parse_WithoutConfig_DefaultsToEtcGate64()
    {
        System.CommandLine.ParseResult result = GateCommandLine.Create().Parse(["run", "--check"]);

        Assert.Empty(result.Errors);
        Assert.Equal("/etc/gate64/gate64.toml", result.GetValue<string>("--config"));
    }

    public void Dispose() => _directory.Dispose();

    private string Write(string text)
    {
        string path = _directory.Combine($"{Guid.NewGuid():N}.toml");
        File.WriteAllText(path, text);
        return path;
    }
}
