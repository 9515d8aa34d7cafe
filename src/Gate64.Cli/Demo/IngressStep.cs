namespace Gate64.Cli.Demo;

/// <summary>Step 3: the IPv4 client reaches workload 1's HTTPS site by name through the ingress.</summary>
internal sealed class IngressStep : IDemoStep
{
    public string Title => "An IPv4 client reaches a workload's HTTPS site by name (ingress)";

    public async Task<bool> RunAsync(DemoContext context)
    {
        DemoNarrator narrator = context.Narrator;
        narrator.Say($"{DemoAddresses.SiteName} has A {DemoAddresses.IngressAddress} (the gateway) and AAAA {DemoAddresses.Workload1} (workload 1).");
        narrator.Say("The IPv4-only client connects to the gateway; the ingress reads the name from the TLS ClientHello,");
        narrator.Say("looks up its AAAA record and splices the TCP stream to the workload, which terminates TLS itself.");
        narrator.Say("(No DNS server is reachable from the client in the demo: curl's --resolve stands in for the A record;");
        narrator.Say("the name still travels in the ClientHello exactly as a browser sends it.)");
        DemoCommandResult curl = await SiteFetch.RunAsync(context).ConfigureAwait(false);
        narrator.Command(curl);
        bool fetched = SiteFetch.Succeeded(curl);
        narrator.Check(fetched, "workload 1's page, over TLS verified against site1.demo.test's own certificate");
        string gateway = DemoAddresses.Uplink(DemoRole.Gateway).PeerIpv6!;
        bool viaGateway = curl.StandardOutput.Contains($"[{gateway}]", StringComparison.Ordinal);
        narrator.Check(viaGateway, $"the workload saw the connection come from the gateway ({gateway}) over IPv6");
        return fetched && viaGateway;
    }
}
