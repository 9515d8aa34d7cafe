using Gate64.Testing;

namespace Gate64.FunctionalTests.Harness;

public sealed class RequiredToolTests
{
    [Theory]
    [InlineData("unbound")]
    [InlineData("dig")]
    [InlineData("kdig")]
    [InlineData("dnsperf")]
    public void Find_InstalledPeer_ReturnsAnExecutablePath(string name)
    {
        string path = RequiredTool.Find(name);

        Assert.True(File.Exists(path), path);
        Assert.Equal(name, Path.GetFileName(path));
    }

    [Fact]
    public void Find_MissingPeer_FailsTheTestNamingIt()
    {
        Exception error = Assert.ThrowsAny<Exception>(() => RequiredTool.Find("gate64-no-such-peer"));

        Assert.Equal("Xunit.Sdk.FailException", error.GetType().FullName);
        Assert.Contains("gate64-no-such-peer", error.Message, StringComparison.Ordinal);
    }
}
