using System.Net;
using Gate64.Bgp;
using Gate64.Configuration;
using Gate64.Dns64;
using Gate64.Ingress;
using Gate64.Nat64;
using Gate64.Protocols.Bgp;
using Gate64.Protocols.Ip;
using Gate64.Resolver;
using static Gate64.Tests.Configuration.ConfigTexts;

namespace Gate64.Tests.Configuration;

public class Gate64ConfigReaderTests
{
    [Fact]
    public void Parse_EveryKeyOfEverySection_FillsTheOptionsLikeTheFlags()
    {
        Gate64Config config = Valid("""
            [resolver]
            upstream = ["[2001:db8:53::1]:53", "192.0.2.53:53"]
            cache-mb = 8

            [dns64]
            listen = ["[2001:db8:100::53]:53", "192.0.2.1:53"]
            prefix = "2001:db8:64::/96"
            allow = ["2001:db8:200::/40", "192.0.2.0/24"]
            exclude = ["2001:db8:bad::/48"]
            cache-mb = 16

            [ingress]
            listen = ["192.0.2.10:443", "192.0.2.10:8080=80"]
            permit = ["2001:db8:200::/40", "2001:db8:300::/48=nat46", "2001:db8:400::/48"]
            proxy-protocol = "v1"
            nat46-prefix = "2001:db8:46::/96"
            first-bytes-timeout = 2.5
            connect-timeout = 3
            idle-timeout = 60
            max-connections = 500

            [nat64]
            tun = "nat64t"
            prefix = "2001:db8:64::/96"
            pool4 = "203.0.113.0/28"
            allow = "2001:db8:200::/40"
            no-routes = true
            queues = 2
            mtu = 1400
            tun-queue-length = 4096
            quota = 100
            address-dependent-filtering = true
            log-mappings = true
            offload = "off"

            [bgp]
            local-as = 4200000001
            router-id = "198.51.100.2"
            announce = ["203.0.113.0/28"]
            no-owned-routes = true
            hold-time = 30
            graceful-restart = 0
            community = ["65001:100", "65001:200"]
            large-community = "4200000001:1:2"

            [[bgp.neighbor]]
            address = "2001:db8:ff::1"
            as = 65001
            next-hop4 = "198.51.100.2"

            [[bgp.neighbor]]
            address = "198.51.100.1"
            as = 65002
            port = 1179
            next-hop6 = "2001:db8:100::1"

            [metrics]
            listen = "127.0.0.1:9164"
            """);

        DnsResolverOptions resolver = Build(config.Resolver);
        Assert.Equal([IPEndPoint.Parse("[2001:db8:53::1]:53"), IPEndPoint.Parse("192.0.2.53:53")], resolver.Upstreams);
        Assert.Equal(8L * 1024 * 1024, resolver.CacheBytes);
        Assert.Equal(TimeSpan.FromSeconds(5), resolver.MaxNegativeTtl);   // the ingress asks it: new AAAA records work at once
        Assert.Null(config.IngressResolver);

        Dns64Options dns64 = Build(config.Dns64);
        Assert.Equal([IPEndPoint.Parse("[2001:db8:100::53]:53"), IPEndPoint.Parse("192.0.2.1:53")], dns64.Listen);
        Assert.Equal(Nat64Prefix.Parse("2001:db8:64::/96"), dns64.Prefix);
        Assert.Equal([IpPrefix.Parse("2001:db8:200::/40"), IpPrefix.Parse("192.0.2.0/24")], dns64.Allow);
        Assert.Equal([IpPrefix.Parse("2001:db8:bad::/48")], dns64.Exclude);
        Assert.Equal(16L * 1024 * 1024, dns64.ResponseCacheBytes);

        IngressOptions ingress = Build(config.Ingress);
        Assert.Equal([new IngressListenerOptions(IPEndPoint.Parse("192.0.2.10:443"), 443), new IngressListenerOptions(IPEndPoint.Parse("192.0.2.10:8080"), 80)], ingress.Listen);
        Assert.Equal(
            [
                new PermittedPrefix(IpPrefix.Parse("2001:db8:200::/40"), ClientAddressMode.ProxyV1),
                new PermittedPrefix(IpPrefix.Parse("2001:db8:300::/48"), ClientAddressMode.Nat46),
                new PermittedPrefix(IpPrefix.Parse("2001:db8:400::/48"), ClientAddressMode.ProxyV1),
            ],
            ingress.Permit);
        Assert.Equal(IpPrefix.Parse("2001:db8:46::/96"), ingress.Nat46Prefix);
        Assert.Equal(IpPrefix.Parse("2001:db8:64::/96"), ingress.Nat64Prefix);   // the NAT64's prefix is never a backend
        Assert.Equal(TimeSpan.FromSeconds(2.5), ingress.FirstBytesTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), ingress.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), ingress.IdleTimeout);
        Assert.Equal(500, ingress.MaxConnections);

        Nat64Options nat64 = Build(config.Nat64);
        Assert.Equal("nat64t", nat64.Tun);
        Assert.Equal(Nat64Prefix.Parse("2001:db8:64::/96"), nat64.Prefix);
        Assert.Equal(IpPrefix.Parse("203.0.113.0/28"), nat64.Pool4);
        Assert.Equal([IpPrefix.Parse("2001:db8:200::/40")], nat64.Allow);
        Assert.True(nat64.NoRoutes);
        Assert.Equal(2, nat64.Queues);
        Assert.Equal(1400, nat64.Mtu);
        Assert.Equal(4096, nat64.TunQueueLength);
        Assert.Equal(100, nat64.PortQuotaPerClient);
        Assert.True(nat64.AddressDependentFiltering);
        Assert.True(nat64.LogMappings);
        Assert.Equal(Nat64Offload.Off, nat64.Offload);

        BgpOptions bgp = Build(config.Bgp);
        Assert.Equal(4200000001u, bgp.LocalAs);
        Assert.Equal(IPAddress.Parse("198.51.100.2"), bgp.RouterId);
        Assert.Equal([IpPrefix.Parse("203.0.113.0/28")], bgp.Announce);
        Assert.False(bgp.AnnounceOwnedRoutes);
        Assert.Equal(30, bgp.HoldTimeSeconds);
        Assert.Equal(0, bgp.GracefulRestartSeconds);
        Assert.True(BgpCommunity.TryParse("65001:200", out uint community));
        Assert.Equal(community, bgp.Communities[1]);
        Assert.Equal([new BgpLargeCommunity(4200000001, 1, 2)], bgp.LargeCommunities);
        Assert.Collection(bgp.Neighbors,
            first =>
            {
                Assert.Equal(IPAddress.Parse("2001:db8:ff::1"), first.Address);
                Assert.Equal(65001u, first.PeerAs);
                Assert.Equal(179, first.Port);
                Assert.Equal(IPAddress.Parse("198.51.100.2"), first.NextHop4);
            },
            second =>
            {
                Assert.Equal(65002u, second.PeerAs);
                Assert.Equal(1179, second.Port);
                Assert.Equal(IPAddress.Parse("2001:db8:100::1"), second.NextHop6);
            });

        Assert.Equal(IPEndPoint.Parse("127.0.0.1:9164"), config.MetricsListen);
        Assert.Equal(["nat64", "dns64", "ingress", "bgp"], config.Services);
    }

    [Fact]
    public void Parse_OnlyRequiredKeys_TakesTheCommandsDefaults()
    {
        Gate64Config config = Valid(AllServices);

        Dns64Options dns64 = Build(config.Dns64);
        Dns64Options dns64Defaults = new();
        Assert.Equal(Nat64Prefix.Parse("2001:db8:64::/96"), dns64.Prefix);   // the NAT64's prefix, not 64:ff9b::/96
        Assert.Equal(dns64Defaults.Exclude, dns64.Exclude);
        Assert.Equal(dns64Defaults.ResponseCacheBytes, dns64.ResponseCacheBytes);

        IngressOptions ingress = Build(config.Ingress);
        IngressOptions ingressDefaults = new();
        Assert.Equal(ClientAddressMode.None, ingress.Permit[0].Mode);
        Assert.Equal(ClientAddressMode.ProxyV2, ingress.Permit[1].Mode);
        Assert.Equal(ingressDefaults.FirstBytesTimeout, ingress.FirstBytesTimeout);
        Assert.Equal(ingressDefaults.IdleTimeout, ingress.IdleTimeout);
        Assert.Equal(ingressDefaults.MaxConnections, ingress.MaxConnections);
        Assert.Null(ingress.Nat46Prefix);

        Nat64Options nat64 = Build(config.Nat64);
        Assert.Equal(1, nat64.Queues);
        Assert.Equal(1500, nat64.Mtu);
        Assert.Equal(2048, nat64.TunQueueLength);
        Assert.Equal(4096, nat64.PortQuotaPerClient);
        Assert.False(nat64.NoRoutes);

        BgpOptions bgp = Build(config.Bgp);
        Assert.True(bgp.AnnounceOwnedRoutes);
        Assert.Equal(90, bgp.HoldTimeSeconds);
        Assert.Equal(120, bgp.GracefulRestartSeconds);
        Assert.Equal(179, bgp.Neighbors[0].Port);
        Assert.Null(config.MetricsListen);
    }

    [Fact]
    public void Parse_UnknownOffloadMode_IsReportedWithTheChoices()
    {
        string[] errors = Errors("""
            [nat64]
            tun = "nat64t"
            pool4 = "203.0.113.0/28"
            offload = "gso"
            """);

        Assert.Equal(["gate64.toml:4: nat64.offload: 'gso' is not an offload mode: auto or off."], errors);
    }

    [Fact]
    public void Parse_FileWithManyMistakes_ReportsEveryOneOnItsLineAndKey()
    {
        string[] errors = Errors("""
            [resolver]
            upstream = ["[2001:db8:53::1]:53", "192.0.2.5353"]

            [dns64]
            listen = ["[2001:db8:100::53]:53"]
            allow = ["2001:db8::/32", 5]
            exclude = ["2001:db8:64::/48"]
            prefix = "2001:db8:64::/96"

            [ingress]
            listen = ["192.0.2.10:443=0"]
            permit = [
                "2001:db8:1::/48",
                "fe80::/10",
                "2001:db8:2::/48=proxy-v3",
            ]
            first-bytes-timeout = -1
            max-connections = "many"
            proxy-protocol = "v9"

            [nat64]
            pool4 = "203.0.113.0/33"
            queues = 65
            no-routes = "yes"

            [bgp]
            router-id = "198.51.100.300"
            hold-time = 2
            community = ["65001:100", "65536:1"]

            [[bgp.neighbor]]
            address = "2001:db8:ff::1"

            [[bgp.neighbor]]
            as = 65001
            """);

        Assert.Equal(
            [
                "gate64.toml:2: resolver.upstream[1]: '192.0.2.5353' is not ADDR:PORT (for IPv6: [ADDR]:PORT).",
                "gate64.toml:6: dns64.allow[1]: expected a string, found the number 5.",
                "gate64.toml:7: dns64.exclude[0]: exclude 2001:db8:64::/48 covers the NAT64 prefix 2001:db8:64::/96; nothing could ever be synthesized.",
                "gate64.toml:11: ingress.listen[0]: '192.0.2.10:443=0': the backend port after '=' must be a number from 1 to 65535.",
                "gate64.toml:14: ingress.permit[1]: permit fe80::/10 can never hold a backend: it is link-local.",
                "gate64.toml:15: ingress.permit[2]: '2001:db8:2::/48=proxy-v3': the mode after '=' is none, proxy-v1, proxy-v2 or nat46.",
                "gate64.toml:17: ingress.first-bytes-timeout: expected a number of seconds above 0 and at most 86400, found the number -1.",
                "gate64.toml:18: ingress.max-connections: expected a whole number from 1 to 1000000, found the string \"many\".",
                "gate64.toml:19: ingress.proxy-protocol: 'v9' is not a PROXY protocol version; write \"v1\" or \"v2\".",
                "gate64.toml:21: nat64.tun: tun NAME is required.",
                "gate64.toml:22: nat64.pool4: '203.0.113.0/33' is not an IP prefix such as 2001:db8::/32 or 192.0.2.0/24.",
                "gate64.toml:23: nat64.queues: expected a whole number from 1 to 64, found the number 65.",
                "gate64.toml:24: nat64.no-routes: expected true or false, found the string \"yes\".",
                "gate64.toml:26: bgp.local-as: our AS number is required (a private one such as 4200000001 per host is common).",
                "gate64.toml:27: bgp.router-id: '198.51.100.300' is not an IPv4 address such as 198.51.100.2.",
                "gate64.toml:28: bgp.hold-time: hold-time 2 must be 0 (no keepalives) or from 3 to 65535 seconds.",
                "gate64.toml:29: bgp.community[1]: '65536:1' is not a community such as 65001:100 (two numbers up to 65535).",
                "gate64.toml:31: bgp.neighbor[0].as: the router's AS number is required.",
                "gate64.toml:34: bgp.neighbor[1].address: the router's address is required.",
            ],
            errors);
    }

    [Fact]
    public void Parse_KeyMissingFromItsSection_BlamesTheSectionHeader()
    {
        string[] errors = Errors("""
            # nothing but a NAT64 without its pool

            [nat64]
            tun = "nat64"
            """);

        Assert.Equal(["gate64.toml:3: nat64.pool4: pool4 CIDR is required."], errors);
    }

    [Fact]
    public void Parse_CheckNamingAListItem_FindsTheItemsLine()
    {
        string[] errors = Errors("""
            [resolver]
            upstream = "[2001:db8:53::1]:53"

            [ingress]
            listen = "192.0.2.10:443"
            permit = [
                "2001:db8:1::/48",
                "2001:db8:2::/48",
                "2001:db8:3::/48=nat46",
            ]
            """);

        Assert.Equal(["gate64.toml:9: ingress.permit[2]: permit 2001:db8:3::/48=nat46: nat46 needs nat46-prefix."], errors);
    }

    [Fact]
    public void Parse_SameNeighborTwice_BlamesTheNeighborTables()
    {
        string[] errors = Errors("""
            [bgp]
            local-as = 4200000001
            router-id = "198.51.100.2"

            [[bgp.neighbor]]
            address = "2001:db8:ff::1"
            as = 65001

            [[bgp.neighbor]]
            address = "2001:db8:ff::1"
            as = 65002
            """);

        Assert.Equal(["gate64.toml:5: bgp.neighbor: a neighbor is listed twice."], errors);
    }

    [Fact]
    public void Parse_TyposInKeysAndSections_AreErrorsThatSuggestTheRightName()
    {
        string[] errors = Errors("""
            listen = "192.0.2.1:53"

            [resolver]
            upstream = ["[2001:db8:53::1]:53"]

            [ingress]
            listen = ["192.0.2.10:443"]
            premit = ["2001:db8::/32"]
            permit = ["2001:db8::/32"]
            colour = "blue"

            [nat46]
            tun = "x"

            [metrcs]
            listen = "127.0.0.1:9164"
            """);

        Assert.Equal(
            [
                "gate64.toml:1: listen: a key outside any section; the sections are [resolver], [dns64], [ingress], [nat64], [bgp], [metrics].",
                "gate64.toml:8: ingress.premit: unknown key; did you mean 'permit'?",
                "gate64.toml:10: ingress.colour: unknown key; the keys of [ingress] are listen, resolver, permit, proxy-protocol, nat46-prefix, first-bytes-timeout, connect-timeout, idle-timeout, max-connections, quic, quic-idle-timeout, max-quic-flows.",
                "gate64.toml:12: nat46: unknown section; did you mean [nat64]?",
                "gate64.toml:15: metrcs: unknown section; did you mean [metrics]?",
            ],
            errors);
    }

    [Fact]
    public void Parse_UnknownKeyInANeighborTable_NamesTheTableArray()
    {
        string[] errors = Errors("""
            [bgp]
            local-as = 4200000001
            router-id = "198.51.100.2"

            [[bgp.neighbor]]
            address = "2001:db8:ff::1"
            as = 65001
            password = "secret"
            """);

        Assert.Equal(["gate64.toml:8: bgp.neighbor[0].password: unknown key; the keys of [[bgp.neighbor]] are address, as, port, next-hop4, next-hop6."], errors);
    }

    [Fact]
    public void Parse_SyntaxErrors_GiveLineAndColumn()
    {
        string[] errors = Errors("""
            [dns64]
            listen = ["[2001:db8::53]:53"
            allow = 3
            name = "unterminated
            """);

        Assert.NotEmpty(errors);
        Assert.StartsWith("gate64.toml:3:1: TOML syntax: ", errors[0], StringComparison.Ordinal);
        Assert.All(errors, error => Assert.Matches(@"^gate64\.toml:\d+:\d+: TOML syntax: ", error));
        Assert.Contains(errors, error => error.StartsWith("gate64.toml:4:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[dns64]\nallow = []\nallow = []\n", 3)]   // a key twice
    [InlineData("[dns64]\n[dns64]\n", 2)]                  // a table twice
    public void Parse_DefinedTwice_IsASyntaxErrorOnTheSecond(string text, int line)
    {
        string[] errors = Errors(text);

        string error = Assert.Single(errors);
        Assert.StartsWith($"gate64.toml:{line}:", error, StringComparison.Ordinal);
        Assert.Contains("already defined", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dns64 = 3", "gate64.toml:1: dns64: expected the table [dns64], found the number 3.")]
    [InlineData("[bgp]\nneighbor = \"2001:db8::1\"", "gate64.toml:2: bgp.neighbor: expected tables written [[bgp.neighbor]], found the string \"2001:db8::1\".")]
    [InlineData("[dns64]\nlisten = { address = \"::1\" }", "gate64.toml:2: dns64.listen: expected a string or an array of strings, found a table.")]
    [InlineData("[ingress]\nresolver = [\"[::1]:53\"]", "gate64.toml:2: ingress.resolver: expected a string, found an array.")]
    [InlineData("[ingress]\nidle-timeout = \"10s\"", "gate64.toml:2: ingress.idle-timeout: expected a number of seconds above 0 and at most 86400, found the string \"10s\".")]
    [InlineData("[nat64]\nmtu = 1500.5", "gate64.toml:2: nat64.mtu: expected a whole number from 1280 to 65535, found the number 1500.5.")]
    [InlineData("[nat64]\ntun-queue-length = 10", "gate64.toml:2: nat64.tun-queue-length: expected a whole number from 64 to 65536, found the number 10.")]
    public void Parse_ValueOfTheWrongType_SaysWhatWasExpectedAndFound(string text, string expected)
    {
        Assert.Contains(expected, Errors(text));
    }

    [Fact]
    public void Parse_NoServiceTable_IsAnError()
    {
        Assert.Equal(
            ["gate64.toml: no service is configured: add at least one of the tables [dns64], [ingress], [nat64], [bgp]."],
            Errors("[metrics]\nlisten = \"127.0.0.1:9164\"\n"));
        Assert.Equal(
            ["gate64.toml: no service is configured: add at least one of the tables [dns64], [ingress], [nat64], [bgp]."],
            Errors("# empty\n"));
    }

    [Fact]
    public void Parse_Dns64WithoutResolver_NamesTheMissingTable()
    {
        string[] errors = Errors("[dns64]\nlisten = \"[::1]:53\"\n");

        Assert.Equal(["gate64.toml:1: dns64: DNS64 forwards to the recursive resolvers of [resolver]: add [resolver] with upstream = [\"ADDR:PORT\", ...]."], errors);
    }

    [Fact]
    public void Parse_IngressWithItsOwnResolver_NeedsNoResolverTableAndGetsItsOwn()
    {
        Gate64Config config = Valid("""
            [ingress]
            listen = "192.0.2.10:443"
            resolver = "[2001:db8:53::9]:53"
            permit = "2001:db8::/32"
            """);

        Assert.Null(config.Resolver);
        DnsResolverOptions own = Build(config.IngressResolver);
        Assert.Equal([IPEndPoint.Parse("[2001:db8:53::9]:53")], own.Upstreams);
        Assert.Equal(TimeSpan.FromSeconds(5), own.MaxNegativeTtl);
    }

    [Fact]
    public void Parse_IngressResolverBesideDns64_KeepsTheSharedOneForDns64()
    {
        Gate64Config config = Valid("""
            [resolver]
            upstream = "[2001:db8:53::1]:53"

            [dns64]
            listen = "[2001:db8:100::53]:53"

            [ingress]
            listen = "192.0.2.10:443"
            resolver = "[2001:db8:53::9]:53"
            permit = "2001:db8:200::/40"
            """);

        DnsResolverOptions shared = Build(config.Resolver);
        Assert.Equal([IPEndPoint.Parse("[2001:db8:53::1]:53")], shared.Upstreams);
        Assert.Equal(new DnsResolverOptions().MaxNegativeTtl, shared.MaxNegativeTtl);   // only DNS64 asks it
        Assert.Equal([IPEndPoint.Parse("[2001:db8:53::9]:53")], Build(config.IngressResolver).Upstreams);
    }

    [Fact]
    public void Parse_Dns64WithoutNat64_PointsTheIngressAwayFromItsPrefix()
    {
        Gate64Config config = Valid("""
            [resolver]
            upstream = "[2001:db8:53::1]:53"

            [dns64]
            listen = "[2001:db8:100::53]:53"
            prefix = "2001:db8:6464::/96"

            [ingress]
            listen = "192.0.2.10:443"
            permit = "2001:db8:200::/40"
            """);

        Assert.Equal(IpPrefix.Parse("2001:db8:6464::/96"), Build(config.Ingress).Nat64Prefix);
    }

    [Fact]
    public void Parse_MetricsOnEveryAddress_IsRefusedOnItsKey()
    {
        string[] errors = Errors("""
            [nat64]
            tun = "nat64"
            pool4 = "203.0.113.0/28"

            [metrics]
            listen = "0.0.0.0:9164"
            """);

        string error = Assert.Single(errors);
        Assert.StartsWith("gate64.toml:6: metrics.listen: listen 0.0.0.0:9164 is every address of the host", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFile_MissingFile_IsOneErrorNamingTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"gate64-missing-{Guid.NewGuid():N}.toml");

        Gate64ConfigResult result = Gate64ConfigReader.ReadFile(path);

        Assert.Null(result.Config);
        ConfigError error = Assert.Single(result.Errors);
        Assert.StartsWith($"{path}: cannot read the file: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BgpBesideNat64AndIngress_GatesTheirPrefixesOnTheirHealth()
    {
        Gate64Config config = Valid(AllServices.Replace("listen = [\"192.0.2.10:443\", \"192.0.2.10:8080=80\"]",
            "listen = [\"192.0.2.10:443\", \"192.0.2.10:8080=80\", \"[2001:db8:443::1]:443\", \"127.0.0.1:8443\", \"0.0.0.0:8444\"]", StringComparison.Ordinal));

        BgpOptions bgp = Build(config.Bgp);

        Assert.Equal(
            [
                new HealthGatedPrefix(IpPrefix.Parse("2001:db8:64::/96"), "nat64"),
                new HealthGatedPrefix(IpPrefix.Parse("203.0.113.0/28"), "nat64"),
                new HealthGatedPrefix(IpPrefix.Parse("192.0.2.10/32"), "ingress"),
                new HealthGatedPrefix(IpPrefix.Parse("2001:db8:443::1/128"), "ingress"),
            ],
            bgp.ServicePrefixes);
        Assert.Empty(bgp.Validate());
    }

    [Fact]
    public void Parse_ServicePrefixAlsoAnnounced_IsAnnouncedAlwaysAndNotGated()
    {
        Gate64Config config = Valid(AllServices.Replace("router-id = \"198.51.100.2\"", "router-id = \"198.51.100.2\"\nannounce = \"203.0.113.0/28\"", StringComparison.Ordinal));

        BgpOptions bgp = Build(config.Bgp);

        Assert.Equal([IpPrefix.Parse("203.0.113.0/28")], bgp.Announce);
        Assert.DoesNotContain(bgp.ServicePrefixes, gated => gated.Prefix == IpPrefix.Parse("203.0.113.0/28"));
        Assert.Empty(bgp.Validate());
    }

    [Fact]
    public void Parse_AnnounceServicesOff_GatesNothing()
    {
        Gate64Config config = Valid(AllServices.Replace("router-id = \"198.51.100.2\"", "router-id = \"198.51.100.2\"\nannounce-services = false", StringComparison.Ordinal));

        Assert.Empty(Build(config.Bgp).ServicePrefixes);
    }

    [Fact]
    public void ErrorText_IsFileLineKeyMessage()
    {
        Assert.Equal("gate64.toml:12: ingress.permit[1]: bad", new ConfigError("gate64.toml", 12, null, "ingress.permit[1]", "bad").ToString());
        Assert.Equal("gate64.toml:3:7: bad", new ConfigError("gate64.toml", 3, 7, "", "bad").ToString());
        Assert.Equal("gate64.toml: bad", new ConfigError("gate64.toml", 0, null, "", "bad").ToString());
    }
}
