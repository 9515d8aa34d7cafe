using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Gate64.Testing;
using Gate64.Testing.Routing;

namespace Gate64.FunctionalTests.Bgp;

/// <summary>Limits and small steps shared by the end-to-end tests of <c>gate64 bgp</c>.</summary>
internal static class BgpEndToEnd
{
    /// <summary>The hard limit of one test; each normally takes 5–25 s.</summary>
    public const int TestMilliseconds = 60_000;

    /// <summary>The speaker dials at once and BIRD/gobgpd accept at once: sessions come up in about a second, dotnet start-up included.</summary>
    public static TimeSpan Session { get; } = TimeSpan.FromSeconds(20);

    /// <summary>Until announced routes show up at the router (the speaker follows the kernel within a second).</summary>
    public static TimeSpan Routes { get; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a withdrawal may take at most: issue 5 demands 2 s after <c>link down</c>, and so for SIGTERM.</summary>
    public static TimeSpan Withdrawal { get; } = TimeSpan.FromSeconds(2);

    /// <summary>For a process that must exit (SIGTERM, SIGKILL).</summary>
    public static TimeSpan Exit { get; } = TimeSpan.FromSeconds(15);

    /// <summary>The dynamic BIRD protocol of the established session whose name starts with <paramref name="prefix"/> (<c>gate64_v4_</c>, <c>gate64_v6_</c>).</summary>
    public static string SessionName(IReadOnlyList<BirdProtocol> established, string prefix) =>
        Assert.Single(established, p => p.Name.StartsWith(prefix, StringComparison.Ordinal)).Name;

    /// <summary>
    /// Waits for the link-local address of the host's uplink and returns it. The kernel gives a fresh veth
    /// its fe80:: address only once the carrier is seen (about a second after the link comes up); a speaker
    /// started earlier announces IPv6 routes with the 16-byte global next hop only, one started later with
    /// global + link-local (RFC 2545). Tests wait, so that every speaker they start sends the same routes.
    /// </summary>
    public static async Task<IPAddress> WaitForHostLinkLocalAsync(BgpTopology topology) =>
        await Polling.WaitUntilAsync(
            async () =>
            {
                string shown = await topology.Host.IpAsync("-6", "-o", "address", "show", "dev", topology.HostInterface, "scope", "link");
                Match address = Regex.Match(shown, @"inet6 (fe80:[0-9a-f:]+)/64");
                return address.Success ? IPAddress.Parse(address.Groups[1].Value) : null;
            },
            address => address is not null,
            Session,
            $"a link-local address on {topology.HostInterface}") ?? throw new InvalidOperationException("no link-local address");

    /// <summary>
    /// Pings <paramref name="address"/> from <paramref name="from"/> (<c>ping -n -c 1 -W 2</c>) until one reply
    /// comes; the router's kernel route may lag BIRD's table by a moment. Fails the test at the deadline.
    /// </summary>
    public static async Task PingUntilAnsweredAsync(NetworkNamespace from, string address, TimeSpan timeout)
    {
        string ping = RequiredTool.Find("ping");
        Stopwatch elapsed = Stopwatch.StartNew();
        while (true)
        {
            ChildProcessResult result = await from.RunAsync(ping, ["-n", "-c", "1", "-W", "2", address], TimeSpan.FromSeconds(15));
            if (result.ExitCode == 0)
            {
                return;
            }

            if (elapsed.Elapsed > timeout)
            {
                Assert.Fail($"{from} cannot ping {address} within {timeout.TotalSeconds:0} s:\n{result}\n" +
                    $"routes:\n{await from.IpAsync("-4", "route")}{await from.IpAsync("-6", "route")}");
            }

            await Task.Delay(200);
        }
    }
}
