using System.Text.Json;
using Gate64.Diagnostics;
using Gate64.Ingress;
using Gate64.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gate64.Tests.Observability;

/// <summary><c>/healthz</c> and <c>/healthz/SERVICE</c> fetched with curl: status codes, bodies, and what is not served.</summary>
[Collection(ProcessMetersCollection.Name)]
public sealed class HealthEndpointTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Healthz_EveryServiceHealthy_Is200_AndNamesEachService()
    {
        await using ObservedGateway gateway = await ObservedGateway.StartAsync();

        (int code, string body) = await GetAsync(gateway, "/healthz");

        Assert.Equal(200, code);
        using JsonDocument json = JsonDocument.Parse(body);
        Assert.Equal("healthy", json.RootElement.GetProperty("status").GetString());
        JsonElement checks = json.RootElement.GetProperty("checks");
        Assert.Equal("healthy", checks.GetProperty("dns64").GetProperty("status").GetString());
        Assert.Equal("healthy", checks.GetProperty("ingress").GetProperty("status").GetString());
        Assert.Equal("1 listener(s) accept connections", checks.GetProperty("ingress").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Healthz_AStoppedService_Is503_OnItsOwnPathToo_WhileTheOthersStay200()
    {
        await using ObservedGateway gateway = await ObservedGateway.StartAsync();
        IngressService ingress = gateway.Services.GetServices<IHostedService>().OfType<IngressService>().Single();
        await ingress.StopAsync(CancellationToken.None);

        (int all, string body) = await GetAsync(gateway, "/healthz");
        (int one, string ingressBody) = await GetAsync(gateway, "/healthz/ingress");
        (int other, _) = await GetAsync(gateway, "/healthz/dns64");

        Assert.Equal(503, all);
        Assert.Equal(503, one);
        Assert.Equal(200, other);
        Assert.Contains("\"status\":\"unhealthy\"", body, StringComparison.Ordinal);
        Assert.Contains("the ingress has stopped", ingressBody, StringComparison.Ordinal);
        Assert.DoesNotContain("dns64", ingressBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_UnknownService_Is404_AndListsTheKnownOnes()
    {
        await using ObservedGateway gateway = await ObservedGateway.StartAsync();

        (int code, string body) = await GetAsync(gateway, "/healthz/nat64");

        Assert.Equal(404, code);
        Assert.Contains("no health check named nat64;", body, StringComparison.Ordinal);
        Assert.Contains("dns64, ingress", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherPathsAndMethods_AreNotServed()
    {
        await using ObservedGateway gateway = await ObservedGateway.StartAsync();

        Assert.Equal(404, (await GetAsync(gateway, "/")).Code);
        Assert.Equal(404, (await GetAsync(gateway, "/healthzz")).Code);
        Assert.Equal(405, (await GetAsync(gateway, "/healthz", "-X", "POST")).Code);
    }

    [Fact]
    public async Task NoListenAddress_NothingListens()
    {
        await using ObservedGateway gateway = await ObservedGateway.StartAsync(listen: false);

        Assert.Null(gateway.Services.GetRequiredService<ObservabilityEndpoint>().BoundEndpoint);
    }

    private static async Task<(int Code, string Body)> GetAsync(ObservedGateway gateway, string path, params string[] extra)
    {
        ChildProcessResult curl = await ChildProcess.RunAsync(
            RequiredTool.Find("curl"), ["-sS", "--max-time", "10", "-w", "\n%{http_code}", .. extra, gateway.Url(path)], s_timeout);
        Assert.True(curl.ExitCode == 0, curl.ToString());
        string output = curl.StandardOutput.TrimEnd();
        int newline = output.LastIndexOf('\n');
        return (int.Parse(output[(newline + 1)..], System.Globalization.CultureInfo.InvariantCulture), output[..Math.Max(newline, 0)]);
    }
}
