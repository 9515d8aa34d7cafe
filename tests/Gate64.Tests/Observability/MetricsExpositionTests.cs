using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Gate64.Bgp;
using Gate64.Dns64;
using Gate64.Ingress;
using Gate64.Ingress.Quic;
using Gate64.Nat64;
using Gate64.Nat64.State;
using Gate64.Protocols.Bgp;
using Gate64.Protocols.Dns;
using Gate64.Protocols.Ip;
using Gate64.Resolver;
using Gate64.Testing;
using Gate64.Testing.Routing;
using Gate64.Tests.Dns64;
using Microsoft.Extensions.DependencyInjection;

namespace Gate64.Tests.Observability;

/// <summary>
/// <c>/metrics</c> as Prometheus scrapes it, fetched with curl from a running gateway after real
/// traffic: the counters moved by exactly that traffic, and every name follows the Prometheus
/// conventions (snake case, <c>_total</c> on counters and only there, units as suffixes).
/// </summary>
[Collection(ProcessMetersCollection.Name)]
public sealed partial class MetricsExpositionTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Metrics_AfterDnsQueriesAndARefusedConnection_ShowThatTraffic()
    {
        await using ObservedGateway gateway = await ObservedGateway.StartAsync();
        string before = await ScrapeAsync(gateway);
        double queriesBefore = Sample(before, "gate64_dns64_queries_total", "transport=\"udp\"") ?? 0;

        for (int i = 0; i < 3; i++)
        {
            await QueryAsync(gateway, "ipv4only.arpa.", (ushort)(100 + i));
        }
        string refusal = await HttpGetAsync(gateway, "nowhere.example");
        Assert.StartsWith("HTTP/1.1 5", refusal, StringComparison.Ordinal);

        string after = await ScrapeAsync(gateway);
        // The health probe of DNS64 is a query too, but nothing runs it here (no /healthz, no BGP gating).
        Assert.Equal(queriesBefore + 3, Sample(after, "gate64_dns64_queries_total", "transport=\"udp\""));
        Assert.Equal(1, Sample(after, "gate64_ingress_connections_refused_total", "reason=\"dns_failure\""));
        Assert.Equal(1, Sample(after, "gate64_ingress_connections_accepted_total"));
        Assert.Equal(0, Sample(after, "gate64_ingress_connections_active"));
        Assert.True(Sample(after, "gate64_dns64_cache_hits_total") >= 2, after);
    }

    [Fact]
    public async Task Metrics_EveryGate64Instrument_ComesOutWithAConventionalName()
    {
        await using ObservedGateway gateway = await ObservedGateway.StartAsync(services =>
        {
            services.AddSingleton<BgpMetrics>();
            services.AddSingleton<Nat64Metrics>();
            services.AddSingleton<QuicIngressMetrics>();
        });
        TouchEveryInstrument(gateway.Services);

        string text = await ScrapeAsync(gateway);
        Dictionary<string, string> types = TypePattern().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["type"].Value);

        foreach ((string name, string type) in types)
        {
            Assert.Matches("^gate64_(dns64|resolver|ingress|nat64|bgp)_[a-z0-9_]+$", name);
            Assert.DoesNotContain("__", name, StringComparison.Ordinal);
            Assert.True(type == "counter" == name.EndsWith("_total", StringComparison.Ordinal), $"{name} is a {type}");
        }
        string[] expected =
        [
            "gate64_dns64_queries_total", "gate64_dns64_cache_hits_total", "gate64_dns64_synthesized_total", "gate64_dns64_dropped_total", "gate64_dns64_refused_total",
            "gate64_resolver_cache_hits_total", "gate64_resolver_cache_misses_total", "gate64_resolver_upstream_queries_total", "gate64_resolver_upstream_failures_total",
            "gate64_ingress_connections_accepted_total", "gate64_ingress_connections_spliced_total", "gate64_ingress_connections_refused_total", "gate64_ingress_connections_active",
            "gate64_ingress_bytes_total",
            "gate64_ingress_quic_flows_relayed_total", "gate64_ingress_quic_flows_refused_total", "gate64_ingress_quic_flows_active",
            "gate64_ingress_quic_datagrams_dropped_total", "gate64_ingress_quic_bytes_total",
            "gate64_nat64_packets_total", "gate64_nat64_dropped_total", "gate64_nat64_bindings", "gate64_nat64_sessions", "gate64_nat64_pool_ports_used", "gate64_nat64_pool_ports_capacity",
            "gate64_bgp_sessions_established_total", "gate64_bgp_updates_sent_total", "gate64_bgp_notifications_total", "gate64_bgp_sessions_up", "gate64_bgp_neighbor_up",
            "gate64_bgp_prefixes_announced", "gate64_bgp_service_prefix_announced",
        ];
        Assert.All(expected, name => Assert.True(types.ContainsKey(name), $"{name} missing from:\n{text}"));
        Assert.Equal(65536 - 1024, Sample(text, "gate64_nat64_pool_ports_capacity", "protocol=\"udp\"") / 256);
        Assert.Equal(1, Sample(text, "gate64_bgp_neighbor_up", "neighbor=\"192.0.2.1\""));
        Assert.Equal(2, Sample(text, "gate64_bgp_prefixes_announced", "family=\"ipv6-unicast\""));
        Assert.Equal(1500, Sample(text, "gate64_ingress_bytes_total", "direction=\"up\""));
        Assert.Equal(1, Sample(text, "gate64_nat64_dropped_total", "reason=\"not_allowed\""));

        // The shipped Grafana dashboard asks only for names that exist.
        string dashboard = File.ReadAllText(Path.Combine(DeployTemplate.RepositoryRoot(), "deploy", "grafana", "gate64.json"));
        string[] used = [.. MetricNamePattern().Matches(dashboard).Select(m => m.Value).Distinct()];
        Assert.True(used.Length >= 20, $"only {used.Length} metric names in the dashboard");
        Assert.All(used, name => Assert.True(types.ContainsKey(name), $"the dashboard asks for {name}, which is not exported"));
    }

    /// <summary>Records once through every instrument, so that each shows up in the exposition.</summary>
    private static void TouchEveryInstrument(IServiceProvider services)
    {
        Dns64Metrics dns64 = services.GetRequiredService<Dns64Metrics>();
        dns64.Query("udp");
        dns64.CacheHit();
        dns64.Synthesized("aaaa");
        dns64.Dropped("malformed");
        dns64.Refused();
        ResolverMetrics resolver = services.GetRequiredService<ResolverMetrics>();
        resolver.CacheHit();
        resolver.CacheMiss();
        resolver.Coalesced();
        resolver.UpstreamQuery();
        resolver.UpstreamFailure(DnsResolutionError.Timeout);
        IngressMetrics ingress = services.GetRequiredService<IngressMetrics>();
        ingress.Accepted();
        ingress.Opened();
        ingress.Spliced(IngressProtocol.Tls);
        ingress.Refused(IngressRefusal.NoAaaa);
        ingress.Bytes(1500, 9000);
        ingress.Closed();
        QuicIngressMetrics quic = services.GetRequiredService<QuicIngressMetrics>();
        quic.Opened();
        quic.Relayed();
        quic.Refused(IngressRefusal.NoAaaa);
        quic.Dropped(QuicDropReason.NotQuic);
        quic.Bytes(1200, 64000);
        quic.Closed();
        Nat64Metrics nat64 = services.GetRequiredService<Nat64Metrics>();
        nat64.AddWorker().Dropped[(int)Nat64DropReason.NotAllowed]++;
        nat64.Observe(new Nat64StateTable(new Nat64StateOptions { Pool4 = IpPrefix.Parse("192.0.2.0/24") }, TimeProvider.System));
        BgpMetrics bgp = services.GetRequiredService<BgpMetrics>();
        bgp.Neighbor("192.0.2.1");
        bgp.SessionUp("192.0.2.1");
        bgp.UpdatesSent("192.0.2.1", 2);
        bgp.Notification("192.0.2.1", "received", 6);
        bgp.Announced("192.0.2.1", BgpAddressFamily.Ipv6Unicast, 2);
        bgp.DesiredRoutes(2);
        bgp.ServicePrefix(new HealthGatedPrefix(IpPrefix.Parse("2001:db8:64::/96"), "nat64"), announced: true);
    }

    internal static async Task<string> ScrapeAsync(ObservedGateway gateway)
    {
        ChildProcessResult curl = await ChildProcess.RunAsync(RequiredTool.Find("curl"), ["-sS", "--fail", "--max-time", "10", gateway.Url("/metrics")], s_timeout);
        Assert.True(curl.ExitCode == 0, curl.ToString());
        return curl.StandardOutput;
    }

    /// <summary>The value of the one series of <paramref name="name"/> whose labels contain <paramref name="label"/>; null when there is none.</summary>
    internal static double? Sample(string exposition, string name, string? label = null)
    {
        foreach (string line in exposition.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length || line[name.Length] is not (' ' or '{'))
            {
                continue;
            }
            if (label is not null && !line.Contains(label, StringComparison.Ordinal))
            {
                continue;
            }
            string value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
            return double.Parse(value, CultureInfo.InvariantCulture);
        }
        return null;
    }

    internal static async Task QueryAsync(ObservedGateway gateway, string name, ushort id)
    {
        using Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(gateway.Dns64);
        await socket.SendAsync(Dns64TestHost.Encode(Dns64TestHost.Query(name, DnsRecordType.A, id)), SocketFlags.None);
        byte[] answer = new byte[512];
        using CancellationTokenSource deadline = new(s_timeout);
        int length = await socket.ReceiveAsync(answer, SocketFlags.None, deadline.Token);
        Assert.Equal(id, Dns64TestHost.Decode(answer.AsSpan(0, length)).Id);
    }

    internal static async Task<string> HttpGetAsync(ObservedGateway gateway, string host)
    {
        using Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(gateway.Ingress);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"), SocketFlags.None);
        using MemoryStream response = new();
        byte[] buffer = new byte[4096];
        using CancellationTokenSource deadline = new(s_timeout);
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token)) > 0)
        {
            response.Write(buffer, 0, read);
        }
        // The connection is counted closed just after the client sees the end; wait for the books to close.
        DateTime closedBy = DateTime.UtcNow + s_timeout;
        while (Sample(await ScrapeAsync(gateway), "gate64_ingress_connections_active") != 0)
        {
            Assert.True(DateTime.UtcNow < closedBy, "the refused connection was not counted closed in time");
            await Task.Delay(50);
        }
        return Encoding.ASCII.GetString(response.ToArray());
    }

    [GeneratedRegex("gate64_[a-z0-9_]+")]
    private static partial Regex MetricNamePattern();

    [GeneratedRegex(@"^# TYPE (?<name>\S+) (?<type>\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypePattern();
}
