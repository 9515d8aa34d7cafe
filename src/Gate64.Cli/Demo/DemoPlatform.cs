using System.Globalization;

namespace Gate64.Cli.Demo;

/// <summary>
/// Starts the platform on the built topology, each program in its machine's namespace, and waits
/// until each is ready: BIRD (the shipped snippet), unbound with the demo zone, the IPv4-only web
/// server, the gateway's gate64 dns64, nat64, ingress and bgp, the workloads' links (gate64 link up
/// on host A), workload 1's HTTPS site, and gate64 bgp on both hosts.
/// </summary>
internal static class DemoPlatform
{
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_linkTimeout = TimeSpan.FromSeconds(30);

    public static async Task StartAsync(DemoContext context)
    {
        DemoSupervisor supervisor = context.Supervisor;
        DemoToolPaths tools = context.Tools;
        DemoFiles files = context.Files;
        CancellationToken cancellationToken = context.CancellationToken;

        DemoProcess bird = supervisor.StartIn(
            DemoRole.Router, "router: BIRD with the shipped deploy/bird snippet", tools.Bird,
            ["-f", "-c", files.BirdConfiguration, "-s", files.BirdSocket]);
        DemoCommandResult status = await context.PollAsync(
            () => context.BirdcAsync("show", "status"),
            result => result.Succeeded && result.Output.Contains("Daemon is up and running", StringComparison.Ordinal) || bird.HasExited,
            s_readyTimeout).ConfigureAwait(false);
        Ready(context, bird, status.Output.Contains("Daemon is up and running", StringComparison.Ordinal) && !bird.HasExited);

        DemoProcess unbound = supervisor.StartIn(
            DemoRole.Gateway, $"gateway: unbound serving {DemoAddresses.Zone} on 127.0.0.1:53", tools.Unbound,
            ["-d", "-c", files.UnboundConfiguration]);
        DemoProcess web = supervisor.StartIn(
            DemoRole.Web, $"web: IPv4-only web server {DemoAddresses.WebAddress}", tools.Python,
            ["-u", "-m", "http.server", "80", "--bind", DemoAddresses.WebAddress, "--directory", files.WebRoot]);
        context.WebServer = web;
        await ReadyAsync(context, unbound, line => line.Contains("start of service", StringComparison.Ordinal)).ConfigureAwait(false);
        await ReadyAsync(context, web, line => line.Contains("Serving HTTP", StringComparison.Ordinal)).ConfigureAwait(false);

        // The gateway's services start together: each is its own process, as the single-service commands are.
        DemoProcess dns64 = supervisor.StartGate64In(DemoRole.Gateway, "gateway: gate64 dns64 for the workloads", DemoGate64Arguments.Dns64());
        DemoProcess nat64 = supervisor.StartGate64In(DemoRole.Gateway, "gateway: gate64 nat64 on a TUN", DemoGate64Arguments.Nat64());
        DemoProcess ingress = supervisor.StartGate64In(DemoRole.Gateway, "gateway: gate64 ingress for IPv4 visitors", DemoGate64Arguments.Ingress());
        DemoProcess gatewayBgp = supervisor.StartGate64In(DemoRole.Gateway, "gateway: gate64 bgp announcing the service prefixes", DemoGate64Arguments.GatewayBgp());
        await ReadyAsync(context, dns64, line => line.Contains("DNS64 listening on", StringComparison.Ordinal)).ConfigureAwait(false);
        await ReadyAsync(context, nat64, line => line.Contains("NAT64 running on", StringComparison.Ordinal)).ConfigureAwait(false);
        await ReadyAsync(context, ingress, line => line.Contains($"listening on {DemoAddresses.IngressAddress}:443", StringComparison.Ordinal)).ConfigureAwait(false);
        Started(context, gatewayBgp);

        // Host A makes the workloads' routed links, the way a hosting host does when it starts them.
        foreach (DemoRole workload in new[] { DemoRole.Workload1, DemoRole.Workload2 })
        {
            DemoCommandResult up = await supervisor.RunGate64InAsync(DemoRole.HostA, DemoGate64Arguments.LinkUp(context.Names, workload), s_linkTimeout, cancellationToken)
                .ConfigureAwait(false);
            if (!up.Succeeded)
            {
                throw DemoSetupException.From(up);
            }
            context.Narrator.Check(true, $"host A: link for {DemoNames.RoleName(workload)} ({DemoGate64Arguments.WorkloadAddress(workload)}): {up.StandardOutput.Trim()}");
            context.Narrator.Say("    " + up.Display);
        }

        DemoProcess site = supervisor.StartIn(
            DemoRole.Workload1, $"wl1: https://{DemoAddresses.SiteName}/ (its own certificate)", tools.Python,
            ["-u", files.SiteScript, files.SiteCertificate, files.SiteKey]);
        DemoProcess hostA = supervisor.StartGate64In(DemoRole.HostA, "host A: gate64 bgp announcing its workloads' /128s", DemoGate64Arguments.HostBgp(DemoRole.HostA));
        DemoProcess hostB = supervisor.StartGate64In(DemoRole.HostB, "host B: gate64 bgp (no workloads yet)", DemoGate64Arguments.HostBgp(DemoRole.HostB));
        await ReadyAsync(context, site, line => line.Contains("site1 ready", StringComparison.Ordinal)).ConfigureAwait(false);
        Started(context, hostA);
        Started(context, hostB);
    }

    private static async Task ReadyAsync(DemoContext context, DemoProcess process, Func<string, bool> readyLine)
    {
        bool ready = await process.WaitForLineAsync(readyLine, s_readyTimeout, context.CancellationToken).ConfigureAwait(false);
        Ready(context, process, ready && !process.HasExited);
    }

    private static void Ready(DemoContext context, DemoProcess process, bool ready)
    {
        if (!ready)
        {
            string state = process.HasExited
                ? $"exited with code {process.ExitCode?.ToString(CultureInfo.InvariantCulture)}"
                : $"not ready within {s_readyTimeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s";
            throw new DemoSetupException($"{process.Label}: {state}\n  {process.Display}\n{process.Output.TrimEnd()}");
        }
        Started(context, process);
    }

    private static void Started(DemoContext context, DemoProcess process)
    {
        context.Narrator.Check(true, process.Label);
        context.Narrator.Say("    " + process.Display);
    }
}
