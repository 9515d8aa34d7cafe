using System.Net;
using Gate64.Bgp;
using Gate64.Dns64;
using Gate64.Ingress;
using Gate64.Nat64;
using Gate64.Protocols.Ip;
using Gate64.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gate64.Tests.Observability;

/// <summary>The per-service health checks against services running on loopback, and what makes each fail.</summary>
[Collection(ProcessMetersCollection.Name)]
public sealed class ServiceHealthCheckTests
{
    [Fact]
    public async Task Registrations_EachServiceAddsItsCheckByName()
    {
        await using ObservedGateway gateway = await ObservedGateway.StartAsync();

        HealthReport report = await gateway.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(["dns64", "ingress"], report.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(HealthStatus.Healthy, report.Status);
    }

    [Fact]
    public async Task Ingress_AListenerAddressNobodyAcceptsOn_IsUnhealthy_AndNamedInTheDescription()
    {
        await using ObservedGateway gateway = await ObservedGateway.StartAsync();
        using FreePort closed = FreePort.Reserve();
        IPEndPoint nobody = closed.IPv4EndPoint;
        closed.Release();
        IngressOptions options = new();
        options.Listen.Add(new IngressListenerOptions(gateway.Ingress, 80));
        options.Listen.Add(new IngressListenerOptions(nobody, 80));
        IngressHealthCheck check = new(gateway.Services.GetServices<IHostedService>(), new FixedOptionsMonitor<IngressOptions>(options));

        HealthCheckResult result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"{nobody}: connection refused (nothing listens there)", result.Description);
    }

    [Fact]
    public async Task Ingress_AWildcardListener_IsProbedOnLoopback()
    {
        await using ObservedGateway gateway = await ObservedGateway.StartAsync();
        IngressOptions options = new();
        options.Listen.Add(new IngressListenerOptions(new IPEndPoint(IPAddress.Any, gateway.Ingress.Port), 80));
        IngressHealthCheck check = new(gateway.Services.GetServices<IHostedService>(), new FixedOptionsMonitor<IngressOptions>(options));

        HealthCheckResult result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task Dns64_AClientOutsideTheAcl_StillCountsTheRefusalAsAnAnswer()
    {
        await using ObservedGateway gateway = await ObservedGateway.StartAsync(services =>
            services.Configure<Dns64Options>(options =>
            {
                options.Allow.Clear();
                options.Allow.Add(IpPrefix.Parse("2001:db8::/32"));
            }));

        HealthReport report = await gateway.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "dns64");

        Assert.Equal(HealthStatus.Healthy, report.Entries["dns64"].Status);
        Assert.Equal("1 listener(s) answer", report.Entries["dns64"].Description);
    }

    [Fact]
    public async Task Dns64_AListenerThatDoesNotAnswer_IsUnhealthy()
    {
        await using ObservedGateway gateway = await ObservedGateway.StartAsync();
        using FreePort closed = FreePort.Reserve();
        IPEndPoint nobody = closed.IPv4EndPoint;
        closed.Release();
        Dns64Options options = new();
        options.Listen.Add(gateway.Dns64);
        options.Listen.Add(nobody);
        Dns64HealthCheck check = new(gateway.Services.GetServices<IHostedService>(), new FixedOptionsMonitor<Dns64Options>(options));

        HealthCheckResult result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith($"{nobody}: ", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checks_OfServicesThisProcessDoesNotRun_AreUnhealthy()
    {
        Nat64Options nat64 = new() { Tun = "nat64" };
        HealthCheckResult result = await new Nat64HealthCheck([], new FixedOptionsMonitor<Nat64Options>(nat64)).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("NAT64 is not part of this gateway", result.Description);
    }

    [Theory]
    [InlineData("0x1090", "1", "TUN t0 is down")]
    [InlineData("0x1091", "0", "TUN t0 is up but has no carrier (no reader attached)")]
    [InlineData("0x1091", "1", null)]
    [InlineData("garbage", "1", "cannot read its flags")]
    public void Nat64_InterfaceState_FromSysfs(string flags, string carrier, string? expected)
    {
        using TempDirectory sysfs = TempDirectory.Create("sysfs");
        Directory.CreateDirectory(sysfs.Combine("t0"));
        File.WriteAllText(sysfs.Combine("t0/flags"), flags + "\n");
        File.WriteAllText(sysfs.Combine("t0/carrier"), carrier + "\n");

        string? why = Nat64HealthCheck.WhyInterfaceNotUp(sysfs.FullPath, "t0");

        if (expected is null)
        {
            Assert.Null(why);
        }
        else
        {
            Assert.Contains(expected, why, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Nat64_AMissingInterface_DoesNotExist()
    {
        using TempDirectory sysfs = TempDirectory.Create("sysfs");

        Assert.StartsWith("TUN t0 does not exist", Nat64HealthCheck.WhyInterfaceNotUp(sysfs.FullPath, "t0"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bgp_NoSessionEstablished_IsDegraded_OneIsHealthy()
    {
        using IHost host = await StartSpeakerAsync(gated: null);
        BgpMetrics metrics = host.Services.GetRequiredService<BgpMetrics>();
        HealthCheckService health = host.Services.GetRequiredService<HealthCheckService>();

        HealthReportEntry down = (await health.CheckHealthAsync(r => r.Name == "bgp")).Entries["bgp"];
        Assert.Equal(HealthStatus.Degraded, down.Status);
        Assert.Equal("0 of 1 session(s) established", down.Description);

        metrics.SessionUp("127.0.0.1:1");
        HealthReportEntry up = (await health.CheckHealthAsync(r => r.Name == "bgp")).Entries["bgp"];
        Assert.Equal(HealthStatus.Healthy, up.Status);
        await host.StopAsync();
    }

    [Fact]
    public async Task Bgp_APrefixGatedOnAServiceThisProcessDoesNotRun_FailsTheStart()
    {
        using IHost host = await StartSpeakerAsync(gated: "nat64");
        BgpSpeakerService speaker = host.Services.GetServices<IHostedService>().OfType<BgpSpeakerService>().Single();

        Exception failure = await Assert.ThrowsAsync<InvalidOperationException>(() => speaker.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Contains("gated on nat64, but this gateway runs no such service", failure.Message, StringComparison.Ordinal);
        await host.StopAsync();
    }

    /// <summary>A speaker whose one neighbor (127.0.0.1 port 1) never answers.</summary>
    private static async Task<IHost> StartSpeakerAsync(string? gated)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(options => options.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        builder.Services.AddBgpSpeaker(options =>
        {
            options.LocalAs = 65001;
            options.RouterId = IPAddress.Parse("198.51.100.2");
            options.AnnounceOwnedRoutes = false;
            options.Neighbors.Add(new BgpNeighborOptions { Address = IPAddress.Loopback, Port = 1, PeerAs = 65000 });
            if (gated is not null)
            {
                options.ServicePrefixes.Add(new HealthGatedPrefix(IpPrefix.Parse("2001:db8:64::/96"), gated));
            }
        });
        IHost host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
