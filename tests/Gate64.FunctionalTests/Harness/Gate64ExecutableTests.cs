using Gate64.Testing;

namespace Gate64.FunctionalTests.Harness;

public sealed class Gate64ExecutableTests
{
    [Fact]
    public void DefaultDllPath_UsesTheSameConfigurationFolderAsTheTests()
    {
        string path = Gate64Executable.DefaultDllPath("/repo/artifacts/bin/Gate64.FunctionalTests/release/");

        Assert.Equal("/repo/artifacts/bin/Gate64.Cli/release/gate64.dll", path);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Locate_FindsTheBuiltCliAndItRuns()
    {
        Gate64Executable gate64 = Gate64Executable.Locate();

        ChildProcessResult result = await gate64.RunAsync(["--help"], TestTimeouts.CommandLine);

        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
