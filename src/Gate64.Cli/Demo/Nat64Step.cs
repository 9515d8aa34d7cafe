using System.Net;
using Gate64.Protocols.Ip;

namespace Gate64.Cli.Demo;

/// <summary>Step 2: an IPv6-only workload resolves an IPv4-only name through DNS64 and fetches its page through NAT64.</summary>
internal sealed class Nat64Step : IDemoStep
{
    public string Title => "A workload fetches an IPv4-only site by name (DNS64 + NAT64)";

    public async Task<bool> RunAsync(DemoContext context)
    {
        DemoNarrator narrator = context.Narrator;
        narrator.Say($"Workload 2 has only IPv6; its resolver is the gateway's DNS64 ({DemoAddresses.Dns64Address}).");
        narrator.Say($"{DemoAddresses.Ipv4OnlyName} has only an A record ({DemoAddresses.WebAddress}); DNS64 synthesizes an AAAA inside {DemoAddresses.Nat64Prefix}:");
        DemoCommandResult dig = await context.RunInAsync(
            DemoRole.Workload2, context.Tools.Dig, $"@{DemoAddresses.Dns64Address}", DemoAddresses.Ipv4OnlyName, "AAAA", "+noall", "+answer").ConfigureAwait(false);
        narrator.Command(dig);
        bool synthesized = dig.Succeeded && dig.StandardOutput.Contains(DemoAddresses.WebVia64, StringComparison.Ordinal);
        narrator.Check(synthesized, $"AAAA {DemoAddresses.WebVia64}: {DemoAddresses.WebAddress} embedded in the NAT64 prefix");

        narrator.Say("Any program of the workload just uses the name; the NAT64 translates its packets to IPv4:");
        DemoCommandResult curl = await context.RunInAsync(
            DemoRole.Workload2, context.Tools.Curl, "-sS", "--max-time", "10", $"http://{DemoAddresses.Ipv4OnlyName}/").ConfigureAwait(false);
        narrator.Command(curl);
        bool fetched = curl.Succeeded && curl.StandardOutput == DemoFiles.WebPage;
        narrator.Check(fetched, "the IPv4-only server's page arrived at the IPv6-only workload");

        // http.server logs the request after answering it: give the line a moment to arrive.
        DemoProcess? web = context.WebServer;
        if (web is not null)
        {
            await web.WaitForLineAsync(IsRequest, TimeSpan.FromSeconds(2), context.CancellationToken).ConfigureAwait(false);
        }
        string? access = web?.OutputLines.LastOrDefault(IsRequest);
        bool fromPool = access is not null && FromPool(access);
        if (access is not null)
        {
            narrator.Command("[web] the web server's access log:", access);
        }
        narrator.Check(fromPool, $"the web server saw an address of the NAT64 pool {DemoAddresses.Nat64Pool}, not the workload's");
        return synthesized && fetched && fromPool;
    }

    private static bool IsRequest(string line) => line.Contains("\"GET / ", StringComparison.Ordinal);

    /// <summary>True when the access log line (http.server: "ADDRESS - - [...] ...") starts with a pool address.</summary>
    public static bool FromPool(string accessLogLine)
    {
        string first = accessLogLine.Split(' ', 2)[0];
        return IPAddress.TryParse(first, out IPAddress? address) && IpPrefix.Parse(DemoAddresses.Nat64Pool).Contains(address);
    }
}
