using System.Net;
using Gate64.Ingress;
using Gate64.Ingress.Quic;
using Gate64.Protocols.Dns;
using Gate64.Protocols.Ip;
using Gate64.Protocols.Tls;
using Gate64.Testing.Quic;
using Gate64.Tests.Dns64;
using Gate64.Tests.Resolver;

namespace Gate64.Tests.Ingress;

/// <summary>
/// The QUIC router applies the TCP ingress's lookup and policy: normalised SNI, AAAA only, permitted prefixes, never a
/// special-purpose address, and the settings of the latest reload. (A routed flow's socket is exercised end to end by
/// the functional tests: connecting it needs a route to the backend, which a test host may not have.)
/// </summary>
public sealed class QuicBackendRouterTests
{
    private static readonly IPEndPoint s_client = new(IPAddress.Parse("192.0.2.7"), 50000);

    private readonly FakeDnsResolver _resolver = new();
    private readonly QuicReloadingOptions _options;
    private readonly QuicBackendRouter _router;

    public QuicBackendRouterTests()
    {
        IngressOptions options = Options("2001:db8:1::/48");
        _options = new QuicReloadingOptions(options);
        _router = new QuicBackendRouter(_options, new BackendLookup(_resolver, new BackendPolicy(options.Permit, options.Nat64Prefix, [])));
        Aaaa("local.site.test", "::1");
        Aaaa("mapped.site.test", "::ffff:192.0.2.1");
        Aaaa("nat64.site.test", "64:ff9b::c000:201");
        Aaaa("elsewhere.site.test", "2001:db8:2::10");
        _resolver.Add("v4.site.test", DnsRecordType.AAAA,
            DnsRecords.Response("v4.site.test", DnsRecordType.AAAA, DnsResponseCode.NoError, [], [DnsRecords.Soa("site.test", 300, 60)]));
        _resolver.Add("nosuch.site.test", DnsRecordType.AAAA,
            DnsRecords.Response("nosuch.site.test", DnsRecordType.AAAA, DnsResponseCode.NXDomain, [], [DnsRecords.Soa("site.test", 300, 60)]));
        _resolver.Add("broken.site.test", DnsRecordType.AAAA, DnsRecords.Response("broken.site.test", DnsRecordType.AAAA, DnsResponseCode.ServFail, []));
    }

    [Fact]
    public async Task HelloWithoutServerName_IsRefusedWithoutALookup()
    {
        QuicRoute route = await RouteAsync(null);

        Assert.Equal(IngressRefusal.NoServerName, route.Refusal);
        Assert.Empty(_resolver.Asked);
    }

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("2001-db8--1.site..test")]
    public async Task InvalidName_IsRefusedWithoutALookup(string name)
    {
        QuicRoute route = await RouteAsync(name);

        Assert.Equal(IngressRefusal.InvalidName, route.Refusal);
        Assert.Empty(_resolver.Asked);
    }

    [Fact]
    public async Task NameWithoutAaaa_IsRefusedAsNoAaaa_AndNoARecordIsEverAsked()
    {
        QuicRoute route = await RouteAsync("V4.Site.Test.");

        Assert.Equal(IngressRefusal.NoAaaa, route.Refusal);
        Assert.Equal("v4.site.test", route.Name);
        Assert.False(route.Found);
        Assert.True(_resolver.WasAsked("v4.site.test", DnsRecordType.AAAA));
        Assert.False(_resolver.WasAsked("v4.site.test", DnsRecordType.A));
    }

    [Theory]
    [InlineData("nosuch.site.test", IngressRefusal.NxDomain)]
    [InlineData("broken.site.test", IngressRefusal.DnsFailure)]
    [InlineData("silent.site.test", IngressRefusal.DnsFailure)]
    public async Task LookupFailures_AreRefusedByReason(string name, IngressRefusal expected)
    {
        Assert.Equal(expected, (await RouteAsync(name)).Refusal);
    }

    [Theory]
    [InlineData("local.site.test", "loopback")]
    [InlineData("mapped.site.test", "IPv4-mapped")]
    [InlineData("nat64.site.test", "NAT64")]
    public async Task SpecialPurposeAddresses_AreNotPermitted_EvenUnderEverythingPermitted(string name, string because)
    {
        _options.Reload(Options("::/0"));

        QuicRoute route = await RouteAsync(name);

        Assert.Equal(IngressRefusal.NotPermitted, route.Refusal);
        Assert.Contains(because, route.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddressOutsideThePermittedPrefixes_IsNotPermitted()
    {
        QuicRoute route = await RouteAsync("elsewhere.site.test");

        Assert.Equal(IngressRefusal.NotPermitted, route.Refusal);
        Assert.Contains("2001:db8:2::10 (outside the permitted prefixes)", route.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_NewPermittedPrefixes_ApplyToTheNextFlow()
    {
        _options.Reload(Options("2001:db8:2::/48"));
        QuicRoute route = await RouteAsync("elsewhere.site.test");
        route.Backend?.Dispose();

        // Permitted now: the socket is connected to [2001:db8:2::10]:443, or, on a host with no route there, the
        // connect itself failed; either way the policy let it through.
        Assert.NotEqual(IngressRefusal.NotPermitted, route.Refusal);
        Assert.Contains("[2001:db8:2::10]:443", route.Detail, StringComparison.Ordinal);
    }

    private static IngressOptions Options(string permitted)
    {
        IngressOptions options = new() { Nat64Prefix = IpPrefix.Parse("64:ff9b::/96") };
        options.Permit.Add(new PermittedPrefix(IpPrefix.Parse(permitted), ClientAddressMode.None));
        return options;
    }

    private void Aaaa(string name, string address) =>
        _resolver.Add(name, DnsRecordType.AAAA, DnsRecords.Response(name, DnsRecordType.AAAA, DnsResponseCode.NoError, [DnsRecords.Aaaa(name, address)]));

    private async Task<QuicRoute> RouteAsync(string? serverName)
    {
        Assert.Equal(ClientHelloStatus.Complete, ClientHelloParser.TryParseHandshake(QuicClientInitials.ClientHello(serverName), 16384, out ClientHello? hello, out string? error));
        Assert.Null(error);
        return await _router.RouteAsync(hello!, s_client, 443, CancellationToken.None);
    }
}
