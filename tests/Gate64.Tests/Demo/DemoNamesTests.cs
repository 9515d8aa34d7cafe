using Gate64.Cli.Demo;

namespace Gate64.Tests.Demo;

public class DemoNamesTests
{
    [Fact]
    public void Namespace_EveryRole_IsPrefixTagRole()
    {
        DemoNames names = DemoNames.Create("3fa9c1");

        Assert.Equal("g64demo-3fa9c1-router", names.Namespace(DemoRole.Router));
        Assert.Equal("g64demo-3fa9c1-wl2", names.Namespace(DemoRole.Workload2));
        Assert.Equal(
            ["router", "gateway", "hosta", "hostb", "wl1", "wl2", "client", "web"],
            names.Namespaces.Select(n => n["g64demo-3fa9c1-".Length..]));
        Assert.Equal("g64demo-3fa9c1", names.TempFolderName);
    }

    [Fact]
    public void InterfaceNames_AllOfThem_FitTheKernelsLimitAndCarryThePrefix()
    {
        List<string> interfaces =
        [
            DemoNames.UplinkInterface,
            DemoNames.TunInterface,
            DemoNames.WorkloadLink(DemoRole.Workload1),
            DemoNames.WorkloadLink(DemoRole.Workload2),
            .. new[] { DemoRole.Gateway, DemoRole.HostA, DemoRole.HostB, DemoRole.Client, DemoRole.Web }.Select(DemoNames.RouterInterface),
        ];

        Assert.All(interfaces, name =>
        {
            Assert.StartsWith(DemoNames.Prefix, name, StringComparison.Ordinal);
            Assert.InRange(name.Length, 1, DemoNames.MaxInterfaceNameLength);
        });
        Assert.Equal(interfaces.Count, interfaces.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void RouterInterface_ForTheRouterOrAWorkload_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoNames.RouterInterface(DemoRole.Router));
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoNames.RouterInterface(DemoRole.Workload1));
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoNames.WorkloadLink(DemoRole.HostA));
    }

    [Fact]
    public void NewTag_ManyTimes_AreValidAndVary()
    {
        string[] tags = [.. Enumerable.Range(0, 50).Select(_ => DemoNames.NewTag())];

        Assert.All(tags, tag => Assert.True(DemoNames.IsTag(tag), tag));
        Assert.True(tags.Distinct(StringComparer.Ordinal).Count() > 40);
    }

    [Theory]
    [InlineData("")]
    [InlineData("3fa9c")]
    [InlineData("3fa9c12")]
    [InlineData("3FA9C1")]
    [InlineData("3fa9cg")]
    [InlineData("3fa9c-")]
    public void Create_NotSixLowercaseHexDigits_Throws(string tag) =>
        Assert.Throws<ArgumentException>(() => DemoNames.Create(tag));

    [Theory]
    [InlineData("g64demo-3fa9c1-router", "3fa9c1")]
    [InlineData("g64demo-3fa9c1-wl1", "3fa9c1")]
    [InlineData("g64demo-000000", "000000")]
    [InlineData("g64demo-3fa9c1-routerx", null)]
    [InlineData("g64demo-3fa9c1-", null)]
    [InlineData("g64demo-3fa9c1router", null)]
    [InlineData("g64demo-3FA9C1-router", null)]
    [InlineData("g64t-3fa9c1-router", null)]
    [InlineData("g64demo-uplink", null)]
    [InlineData("router", null)]
    public void TagOf_OnlyNamesADemoMade_GiveTheirTag(string name, string? tag) =>
        Assert.Equal(tag, DemoNames.TagOf(name));
}
