using Gate64.Cli.Demo;

namespace Gate64.Tests.Demo;

/// <summary>The demo's router is the shipped deploy/bird snippet with every placeholder filled.</summary>
public class RouterSnippetTests
{
    [Fact]
    public void Locate_FromTheTestAssembly_FindsTheCheckoutsSnippet()
    {
        string? folder = RouterSnippet.Locate([AppContext.BaseDirectory]);

        Assert.NotNull(folder);
        Assert.True(File.Exists(Path.Combine(folder, RouterSnippet.ConfigurationFile)));
        Assert.True(File.Exists(Path.Combine(folder, RouterSnippet.PolicyFile)));
    }

    [Fact]
    public void Locate_WhereThereIsNone_IsNull() =>
        Assert.Null(RouterSnippet.Locate(["/proc/self"]));

    [Theory]
    [InlineData(RouterSnippet.ConfigurationFile)]
    [InlineData(RouterSnippet.PolicyFile)]
    public void Render_TheShippedFile_LeavesNoPlaceholder(string file)
    {
        string folder = RouterSnippet.Locate([AppContext.BaseDirectory])!;

        string rendered = RouterSnippet.Render(File.ReadAllText(Path.Combine(folder, file)), RouterSnippet.DemoValues());

        Assert.DoesNotMatch("@[A-Z][A-Z0-9_]*@", rendered);
    }

    [Fact]
    public void Render_ThePolicy_ListsTheGatewaysServicePrefixesInTheSets()
    {
        string folder = RouterSnippet.Locate([AppContext.BaseDirectory])!;

        string rendered = RouterSnippet.Render(File.ReadAllText(Path.Combine(folder, RouterSnippet.PolicyFile)), RouterSnippet.DemoValues());

        Assert.Contains($"define GATE64_SERVICES4 = [ {DemoAddresses.Nat64Pool}, {DemoAddresses.IngressAddress}/32 ];", rendered, StringComparison.Ordinal);
        Assert.Contains($"define GATE64_SERVICES6 = [ {DemoAddresses.Nat64Prefix}, {DemoAddresses.Dns64Address}/128 ];", rendered, StringComparison.Ordinal);
        Assert.Contains($"neighbor range {DemoAddresses.HostRange6} as GATE64_HOST_AS;", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_APlaceholderWithoutValue_ThrowsNamingIt()
    {
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() =>
            RouterSnippet.Render("router id @ROUTER_ID@; x @NEW_THING@;", RouterSnippet.DemoValues()));

        Assert.Contains("@NEW_THING@", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteConfiguration_WritesBothFilesAndAWrapperThatIncludesThem()
    {
        string folder = RouterSnippet.Locate([AppContext.BaseDirectory])!;
        string target = Directory.CreateTempSubdirectory("g64test-snippet-").FullName;
        try
        {
            string wrapper = RouterSnippet.WriteConfiguration(folder, target);

            Assert.Contains($"include \"{Path.Combine(target, RouterSnippet.ConfigurationFile)}\";", File.ReadAllText(wrapper), StringComparison.Ordinal);
            Assert.Contains("log stderr all;", File.ReadAllText(wrapper), StringComparison.Ordinal);
            Assert.Contains($"router id {DemoAddresses.RouterId};", File.ReadAllText(Path.Combine(target, RouterSnippet.ConfigurationFile)), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(target, RouterSnippet.PolicyFile)));
        }
        finally
        {
            Directory.Delete(target, recursive: true);
        }
    }
}
