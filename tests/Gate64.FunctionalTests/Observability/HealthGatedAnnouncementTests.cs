using System.Diagnostics;
using System.Globalization;
using Gate64.Protocols.Ip;
using Gate64.Testing;
using Gate64.Testing.Bgp;
using Gate64.Testing.Observability;
using Gate64.Testing.Routing;
using Xunit.Abstractions;

namespace Gate64.FunctionalTests.Observability;

/// <summary>
/// Issue 6: "killing the ingress health makes BIRD drop the ingress route". Two gateways run
/// <c>gate64 run</c> with the ingress on the shared service address, which <c>announce-services</c>
/// gates on the ingress's health check. The failure is a real one: the address is taken off
/// gateway 1, so its ingress can no longer be reached there (its self-connect fails). BIRD then
/// loses gateway 1's path within seconds while the client's requests go on being answered by
/// gateway 2; putting the address back announces it again. <c>/healthz</c> and <c>/metrics</c>,
/// fetched with curl inside each gateway, tell the same story.
/// </summary>
[Collection(ObservabilityFunctionalCollection.Name)]
public sealed class HealthGatedAnnouncementTests(ITestOutputHelper output)
{
    private static readonly IpPrefix s_ingressRoute = IpPrefix.Create(TwoGatewayTopology.ServiceAddress, 32);

    /// <summary>Two failed rounds one second apart, the probes' own second, BIRD and the kernel: well under this.</summary>
    private static readonly TimeSpan s_withdrawal = TimeSpan.FromSeconds(6);

    [Fact(Timeout = BgpTimeouts.TestMilliseconds)]
    public async Task IngressHealthFails_BirdDropsThatGatewaysIngressRoute_TheOtherServesTheClient_RecoveryAnnouncesAgain()
    {
        await using TwoGatewayTopology topology = await TwoGatewayTopology.StartAsync();
        // The router accepts the ingress address itself as the service prefix (the snippet takes service prefixes as they are).
        BirdRouter bird = await topology.Bgp.StartBirdAsync(BgpTopology.RouterSettings() with
        {
            HostRange4 = IpPrefix.Parse("198.51.100.0/29"),
            ServicePrefix4 = s_ingressRoute,
        });
        using TempDirectory configs = TempDirectory.Create("gate64-run");
        Gate64BgpProcess[] gateways = [StartGateway(topology, configs, 1), StartGateway(topology, configs, 2)];

        await bird.WaitForEstablishedAsync(2, BgpTimeouts.Session);
        await WaitForPathsAsync(bird, 2);
        Assert.Equal(200, (await HealthAsync(topology, 1, "/healthz/ingress")).Code);
        Assert.Contains("gate64_bgp_service_prefix_announced{", await MetricsAsync(topology, 1), StringComparison.Ordinal);

        // The failure: gateway 1's ingress address is gone from the host.
        await topology.RemoveServiceAddressAsync(1);
        Stopwatch sinceFailure = Stopwatch.StartNew();
        IReadOnlyList<BirdRoute> left = await WaitForPathsAsync(bird, 1);
        TimeSpan withdrawnAfter = sinceFailure.Elapsed;
        output.WriteLine($"BIRD dropped gateway 1's path {withdrawnAfter.TotalSeconds:0.0} s after its ingress address went away");
        Assert.True(withdrawnAfter < s_withdrawal, $"withdrawn after {withdrawnAfter.TotalSeconds:0.0} s");
        Assert.Equal(TwoGatewayTopology.GatewayAddress(2), Assert.Single(left).Gateway);
        await gateways[0].WaitForLogLineAsync(TimeSpan.FromSeconds(5), "Service ingress is unhealthy", "withdrawing", s_ingressRoute.ToString());

        (int code, string body) = await HealthAsync(topology, 1, "/healthz/ingress");
        Assert.Equal(503, code);
        Assert.Contains($"{TwoGatewayTopology.ServiceAddress}:{GatewayRunConfig.IngressPort}", body, StringComparison.Ordinal);
        Assert.Equal(0, Sample(await MetricsAsync(topology, 1), "gate64_bgp_service_prefix_announced", $"prefix=\"{s_ingressRoute}\""));
        Assert.Equal(1, Sample(await MetricsAsync(topology, 2), "gate64_bgp_service_prefix_announced", $"prefix=\"{s_ingressRoute}\""));

        // The client is now served by gateway 2 alone; its metrics show the requests just made.
        double before = Sample(await MetricsAsync(topology, 2), "gate64_ingress_connections_refused_total", "reason=\"dns_failure\"") ?? 0;
        for (int i = 0; i < 3; i++)
        {
            await AssertClientIsAnsweredAsync(topology);
        }
        Assert.Equal(before + 3, Sample(await MetricsAsync(topology, 2), "gate64_ingress_connections_refused_total", "reason=\"dns_failure\""));

        // Recovery: the address is back, one healthy round announces it again.
        await topology.Gateway1.IpAsync("-4", "address", "add", $"{TwoGatewayTopology.ServiceAddress}/32", "dev", "lo");
        await WaitForPathsAsync(bird, 2);
        await gateways[0].WaitForLogLineAsync(TimeSpan.FromSeconds(5), "Service ingress is healthy", "announcing", s_ingressRoute.ToString());
        Assert.Equal(200, (await HealthAsync(topology, 1, "/healthz")).Code);
        Assert.All(gateways, gateway => Assert.False(gateway.Process.HasExited, gateway.Describe()));
    }

    private static Gate64BgpProcess StartGateway(TwoGatewayTopology topology, TempDirectory configs, int number) =>
        topology.Bgp.Own(Gate64BgpProcess.Start(topology.Gateway(number), ["run", "--config", GatewayRunConfig.Write(configs, number)]));

    private static Task<IReadOnlyList<BirdRoute>> WaitForPathsAsync(BirdRouter bird, int count) =>
        bird.WaitForRoutesAsync(
            all => all.Count(r => r.Prefix == s_ingressRoute) == count,
            BgpTimeouts.Routes,
            $"{count} path(s) for the ingress address {s_ingressRoute}")
        .ContinueWith(task => (IReadOnlyList<BirdRoute>)[.. task.Result.Where(r => r.Prefix == s_ingressRoute)], TaskScheduler.Default);

    /// <summary>An HTTP request from the client to the service address: some gateway's ingress answers it (with its refusal page).</summary>
    private static async Task AssertClientIsAnsweredAsync(TwoGatewayTopology topology)
    {
        ChildProcessResult curl = await topology.Client.RunAsync(RequiredTool.Find("curl"),
            ["-sS", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Host: site.example",
             $"http://{TwoGatewayTopology.ServiceAddress}:{GatewayRunConfig.IngressPort}/"], TimeSpan.FromSeconds(20));
        Assert.True(curl.ExitCode == 0, curl.ToString());
        Assert.StartsWith("5", curl.StandardOutput.Trim(), StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Body)> HealthAsync(TwoGatewayTopology topology, int gateway, string path)
    {
        ChildProcessResult curl = await topology.Gateway(gateway).RunAsync(RequiredTool.Find("curl"),
            ["-sS", "--max-time", "10", "-w", "\n%{http_code}", $"http://{GatewayRunConfig.MetricsListen}{path}"], TimeSpan.FromSeconds(20));
        Assert.True(curl.ExitCode == 0, curl.ToString());
        string output = curl.StandardOutput.TrimEnd();
        int newline = output.LastIndexOf('\n');
        return (int.Parse(output[(newline + 1)..], CultureInfo.InvariantCulture), output[..Math.Max(newline, 0)]);
    }

    private static async Task<string> MetricsAsync(TwoGatewayTopology topology, int gateway)
    {
        ChildProcessResult curl = await topology.Gateway(gateway).RunAsync(RequiredTool.Find("curl"),
            ["-sS", "--fail", "--max-time", "10", $"http://{GatewayRunConfig.MetricsListen}/metrics"], TimeSpan.FromSeconds(20));
        Assert.True(curl.ExitCode == 0, curl.ToString());
        return curl.StandardOutput;
    }

    /// <summary>The value of the first series of <paramref name="name"/> whose labels contain <paramref name="label"/>; null when there is none.</summary>
    private static double? Sample(string exposition, string name, string label) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) && line.Contains(label, StringComparison.Ordinal))
            .Select(line => (double?)double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture))
            .FirstOrDefault();
}
