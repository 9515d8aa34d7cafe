using Gate64.Links;

namespace Gate64.Tests.Links;

public class FreeBsdLinkManagerTests
{
    /// <summary>FreeBSD 14 <c>ifconfig gw0</c> of a link made by the plan (text, from its manual's format).</summary>
    private const string Ifconfig =
        "gw0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500\n" +
        "\tdescription: gate64 link jail=web ipv6=2001:db8:10::10 ipv4=192.0.2.10\n" +
        "\toptions=8<VLAN_MTU>\n" +
        "\tether 02:6b:9e:1a:3c:0a\n" +
        "\tinet6 fe80::ecee:eeff:feee:eeee%gw0 prefixlen 64 scopeid 0x5\n" +
        "\tgroups: epair\n" +
        "\tmedia: Ethernet 10Gbase-T (10Gbase-T <full-duplex>)\n" +
        "\tstatus: active\n" +
        "\tnd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>\n";

    private const string NoSuchInterface = "ifconfig: interface gw0 does not exist\n";

    [Fact]
    public void Description_IsReadFromTheText()
    {
        Assert.Equal("gate64 link jail=web ipv6=2001:db8:10::10 ipv4=192.0.2.10", FreeBsdIfconfigText.Description(Ifconfig));
        Assert.Null(FreeBsdIfconfigText.Description("em0: flags=8843<UP> metric 0 mtu 1500\n\tether 00:00:00:00:00:01\n"));
    }

    [Fact]
    public async Task UpAsync_NoSuchInterface_RunsThePlan()
    {
        FakeCommandRunner runner = new FakeCommandRunner()
            .On("ifconfig gw0$", 1, error: NoSuchInterface)
            .On("ifconfig epair create", 0, "epair3a\n");

        LinkOutcome outcome = await new FreeBsdLinkManager(runner).UpAsync(LinkSpecs.FreeBsd(), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal(1 + FreeBsdLinkPlanner.Up(LinkSpecs.FreeBsd()).Steps.Count, runner.Commands.Count);
        Assert.Contains("ifconfig epair3b vnet web", runner.Commands);
    }

    [Fact]
    public async Task UpAsync_SameDescription_IsAlreadyUp()
    {
        FakeCommandRunner runner = new FakeCommandRunner().On("ifconfig gw0$", 0, Ifconfig);

        LinkOutcome outcome = await new FreeBsdLinkManager(runner).UpAsync(LinkSpecs.FreeBsd(), CancellationToken.None);

        Assert.True(outcome.Succeeded);
        Assert.Equal("link gw0 already up", outcome.Message);
        Assert.Equal(["ifconfig gw0"], runner.Commands);
    }

    [Fact]
    public async Task UpAsync_OtherAddresses_FailsNamingThem()
    {
        FakeCommandRunner runner = new FakeCommandRunner().On("ifconfig gw0$", 0, Ifconfig);

        LinkOutcome outcome = await new FreeBsdLinkManager(runner).UpAsync(LinkSpecs.FreeBsd(ipv4: null), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("its IPv4 address is 192.0.2.10, not none", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(["ifconfig gw0"], runner.Commands);
    }

    [Fact]
    public async Task UpAsync_NetworkNamespace_IsRefusedOnFreeBsd()
    {
        LinkOutcome outcome = await new FreeBsdLinkManager(new FakeCommandRunner()).UpAsync(LinkSpecs.Linux(), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("--jail", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownAsync_OurLink_IsDestroyed()
    {
        FakeCommandRunner runner = new FakeCommandRunner().On("ifconfig gw0 destroy", 0).On("ifconfig gw0$", 0, Ifconfig);

        LinkOutcome outcome = await new FreeBsdLinkManager(runner).DownAsync("gw0", CancellationToken.None);

        Assert.True(outcome.Succeeded);
        Assert.Equal(["ifconfig gw0", "ifconfig gw0 destroy"], runner.Commands);
    }

    [Fact]
    public async Task DownAsync_ForeignOrAbsent_NothingIsDestroyed()
    {
        FakeCommandRunner foreign = new FakeCommandRunner().On("ifconfig gw0$", 0, "gw0: flags=8843<UP> metric 0 mtu 1500\n\tdescription: uplink\n");
        FakeCommandRunner absent = new FakeCommandRunner().On("ifconfig gw0$", 1, error: NoSuchInterface);

        LinkOutcome refused = await new FreeBsdLinkManager(foreign).DownAsync("gw0", CancellationToken.None);
        LinkOutcome notPresent = await new FreeBsdLinkManager(absent).DownAsync("gw0", CancellationToken.None);

        Assert.False(refused.Succeeded);
        Assert.True(notPresent.Succeeded);
        Assert.Equal("link gw0 not present", notPresent.Message);
        Assert.Equal(["ifconfig gw0"], foreign.Commands);
        Assert.Equal(["ifconfig gw0"], absent.Commands);
    }
}
