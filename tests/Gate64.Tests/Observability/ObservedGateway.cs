using System.Net;
using Gate64.Diagnostics;
using Gate64.Dns64;
using Gate64.Ingress;
using Gate64.Protocols.Ip;
using Gate64.Resolver;
using Gate64.Testing;
using Gate64.Tests.Dns64;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gate64.Tests.Observability;

/// <summary>
/// A gateway host as <c>gate64 run</c> composes it: DNS64 and ingress on loopback ports, a fake
/// resolver (names it does not know fail as an upstream timeout would), and the metrics and health
/// endpoint on a free loopback port. Disposing stops the host.
/// </summary>
internal sealed class ObservedGateway : IAsyncDisposable
{
    private readonly IHost _host;

    private ObservedGateway(IHost host, IPEndPoint dns64, IPEndPoint ingress)
    {
        _host = host;
        Dns64 = dns64;
        Ingress = ingress;
    }

    public IPEndPoint Dns64 { get; }

    public IPEndPoint Ingress { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>Where <c>/metrics</c> and <c>/healthz</c> are served.</summary>
    public IPEndPoint Endpoint => _host.Services.GetRequiredService<ObservabilityEndpoint>().BoundEndpoint
        ?? throw new InvalidOperationException("the observability endpoint is not listening");

    public string Url(string path) => $"http://{Endpoint}{path}";

    public static async Task<ObservedGateway> StartAsync(Action<IServiceCollection>? more = null, bool listen = true)
    {
        using FreePort dnsPort = FreePort.Reserve();
        using FreePort ingressPort = FreePort.Reserve();
        IPEndPoint dns64 = dnsPort.IPv4EndPoint;
        IPEndPoint ingress = ingressPort.IPv4EndPoint;
        dnsPort.Release();
        ingressPort.Release();

        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IDnsResolver>(new FakeDnsResolver());
        builder.Services.AddDns64(options =>
        {
            options.Listen.Add(dns64);
            options.Prefix = Dns64TestHost.TestPrefix;
            options.Allow.Add(IpPrefix.Parse("127.0.0.0/8"));
        });
        builder.Services.AddIngress(options =>
        {
            options.Listen.Add(new IngressListenerOptions(ingress, 80));
            options.Permit.Add(new PermittedPrefix(IpPrefix.Parse("2001:db8::/32"), ClientAddressMode.None));
        });
        builder.Services.AddGate64Observability(options => options.Listen = listen ? new IPEndPoint(IPAddress.Loopback, 0) : null);
        more?.Invoke(builder.Services);
        IHost host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new ObservedGateway(host, dns64, ingress);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
