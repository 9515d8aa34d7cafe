using Gate64.Testing;

namespace Gate64.FunctionalTests.Dns64;

/// <summary><c>gate64 dns64</c> with a bad value exits non-zero at once and names the value.</summary>
public sealed class Dns64CommandLineTests
{
    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData("--listen", "nonsense")]
    [InlineData("--upstream", "nonsense")]
    [InlineData("--prefix", "2001:db8::/33")]
    [InlineData("--allow", "not-a-prefix")]
    public async Task Dns64_BadValue_ExitsNonZeroNamingIt(string option, string badValue)
    {
        Gate64Executable gate64 = Gate64Executable.Locate();
        using FreePort listen = FreePort.Reserve();
        Dictionary<string, string> values = new(StringComparer.Ordinal)
        {
            ["--listen"] = listen.IPv4EndPoint.ToString(),
            ["--upstream"] = "127.0.0.1:53",
            ["--prefix"] = Dns64TestZone.Prefix,
            ["--allow"] = "127.0.0.0/8",
        };
        values[option] = badValue;
        List<string> arguments = ["dns64", .. values.SelectMany(pair => new[] { pair.Key, pair.Value })];
        listen.Release();

        await using ChildProcess process = gate64.Start(arguments);
        int exitCode;
        try
        {
            exitCode = await process.WaitForExitAsync(TestTimeouts.CommandLine);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"gate64 accepted {option} {badValue} and kept running: {process.Describe()}");
            throw;
        }

        Assert.True(exitCode != 0, $"expected a non-zero exit: {process.Describe()}");
        Assert.True(
            process.Output.Contains(badValue, StringComparison.Ordinal),
            $"expected the message to name '{badValue}': {process.Describe()}");
    }
}
