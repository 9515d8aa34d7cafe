using System.Net;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Harness;

public sealed class UnboundServerTests
{
    private static readonly UnboundZone s_zone = new(
        "harness.test.",
        [
            "@ 3600 IN SOA ns.harness.test. hostmaster.harness.test. 1 3600 600 86400 300",
            "@ 3600 IN NS ns",
            "ns 3600 IN A 192.0.2.53",
            "www 1234 IN A 198.51.100.7",
            "www 1234 IN AAAA 2001:db8::7",
            "alias 60 IN CNAME www",
        ]);

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(false, DigFlavor.Dig)]
    [InlineData(true, DigFlavor.Dig)]
    [InlineData(false, DigFlavor.Kdig)]
    [InlineData(true, DigFlavor.Kdig)]
    public async Task StartAsync_ServesTheZoneOverUdpAndTcp(bool tcp, DigFlavor flavor)
    {
        await using UnboundServer unbound = await UnboundServer.StartAsync([s_zone]);
        Dig dig = new(unbound.EndPoint);
        DigOptions options = DigOptions.For(tcp) with { Flavor = flavor };

        DigResult a = await dig.QueryAsync("www.harness.test", "A", options);
        DigResult cname = await dig.QueryAsync("alias.harness.test", "AAAA", options);
        DigResult missing = await dig.QueryAsync("nosuch.harness.test", "A", options);

        Assert.True(a.Status == "NOERROR", a.ToString());
        Assert.Equal(new DigRecord("www.harness.test.", 1234, "IN", "A", "198.51.100.7"), Assert.Single(a.Answer));
        Assert.Equal(2, cname.Answer.Count);
        Assert.Equal("CNAME", cname.Answer[0].Type);
        Assert.Equal(IPAddress.Parse("2001:db8::7"), cname.Answer[1].Address);
        Assert.True(missing.Status == "NXDOMAIN", missing.ToString());
        DigRecord soa = Assert.Single(missing.Authority);
        Assert.Equal(300u, soa.Ttl);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task StartAsync_NamesOutsideTheZonesAreRefusedNotResolved()
    {
        await using UnboundServer unbound = await UnboundServer.StartAsync([s_zone]);

        DigResult result = await new Dig(unbound.EndPoint).QueryAsync("example.com", "A");

        Assert.True(result.Status == "REFUSED", result.ToString());
        Assert.Contains("\"iterator\"", unbound.Configuration, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task DisposeAsync_StopsUnboundAndRemovesItsDirectory()
    {
        UnboundServer unbound = await UnboundServer.StartAsync([s_zone]);
        string directory = unbound.DirectoryPath;
        Assert.True(File.Exists(Path.Combine(directory, "unbound.conf")));

        await unbound.DisposeAsync();

        Assert.True(unbound.Process.HasExited);
        Assert.False(Directory.Exists(directory), $"{directory} was left behind");
        DigResult after = await new Dig(unbound.EndPoint).QueryAsync("www.harness.test", "A", new DigOptions { TimeoutSeconds = 1, Tries = 1 });
        Assert.False(after.Answered, after.ToString());
    }
}
