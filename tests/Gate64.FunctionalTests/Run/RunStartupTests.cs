using Gate64.Testing;

namespace Gate64.FunctionalTests.Run;

/// <summary>How <c>gate64 run</c> ends when it cannot start: an invalid file, or a service that cannot bind.</summary>
[Collection(RunCollection.Name)]
public sealed class RunStartupTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = TempDirectory.Create("run-startup");
    private NetworkNamespace? _namespace;

    public async Task InitializeAsync() => _namespace = await NetworkNamespace.CreateAsync("run");

    public async Task DisposeAsync()
    {
        if (_namespace is not null)
        {
            await _namespace.DisposeAsync();
        }
        _directory.Dispose();
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Run_ListenAddressNotOnThisHost_ExitsWithOne()
    {
        string path = _directory.Combine("gate64.toml");
        await File.WriteAllTextAsync(path, """
            [ingress]
            listen = "192.0.2.99:80"
            resolver = "127.0.0.1:53"
            permit = "2001:db8::/32"
            """);

        await using ChildProcess gate64 = Gate64Executable.Locate().Start(_namespace!, ["run", "--config", path]);
        int exitCode = await gate64.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.True(exitCode == 1, gate64.Describe());
        Assert.Contains("gate64: ", gate64.StandardError, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Run_InvalidFile_ExitsWithTwoListingEveryError()
    {
        string path = _directory.Combine("invalid.toml");
        await File.WriteAllTextAsync(path, """
            [ingress]
            listen = "192.0.2.99:80"
            permit = "fe80::/10"
            max-connections = 0
            """);

        ChildProcessResult result = await Gate64Executable.Locate().RunAsync(["run", "--config", path], TestTimeouts.CommandLine);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [
                $"{path}:1: ingress: the ingress looks up AAAA records through [resolver] upstream: add [resolver], or give the ingress its own resolver = \"ADDR:PORT\".",
                $"{path}:3: ingress.permit: permit fe80::/10 can never hold a backend: it is link-local.",
                $"{path}:4: ingress.max-connections: expected a whole number from 1 to 1000000, found the number 0.",
                $"gate64: {path}: 3 error(s); nothing started.",
            ],
            result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(result.StandardOutput);
    }
}
