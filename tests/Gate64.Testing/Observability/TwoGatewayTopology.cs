using System.Globalization;
using System.Net;
using Gate64.Protocols.Ip;
using Gate64.Testing.Routing;

namespace Gate64.Testing.Observability;

/// <summary>
/// Two gateways announcing one service prefix to one router, and a client behind the router:
/// <code>
///  client 203.0.113.2/30 ── 203.0.113.1/30  router (BIRD)  198.51.100.1/30 ── 198.51.100.2/30  gateway1 (the BgpTopology host)
///                                                          198.51.100.5/30 ── 198.51.100.6/30  gateway2
/// </code>
/// Both gateways hold the service address 198.51.100.129/32 (inside the service prefix
/// 198.51.100.128/25) on their loopback (anycast), so whichever one the router picks answers; each
/// has a route back to the client via the router. Built on <see cref="BgpTopology"/>, disposed with it.
/// </summary>
public sealed class TwoGatewayTopology : IAsyncDisposable
{
    private TwoGatewayTopology(BgpTopology bgp, NetworkNamespace gateway2, VethLink gateway2Link, NetworkNamespace client, VethLink clientLink)
    {
        Bgp = bgp;
        Gateway2 = gateway2;
        Gateway2Link = gateway2Link;
        Client = client;
        ClientLink = clientLink;
    }

    public BgpTopology Bgp { get; }

    public NetworkNamespace Router => Bgp.Router;

    public NetworkNamespace Gateway1 => Bgp.Host;

    public NetworkNamespace Gateway2 { get; }

    /// <summary>Router (first end) to gateway 2 (second end).</summary>
    public VethLink Gateway2Link { get; }

    public NetworkNamespace Client { get; }

    /// <summary>Router (first end) to the client (second end).</summary>
    public VethLink ClientLink { get; }

    public static IPAddress Gateway2Address { get; } = IPAddress.Parse("198.51.100.6");

    public static IPAddress RouterToGateway2 { get; } = IPAddress.Parse("198.51.100.5");

    public static IPAddress ClientAddress { get; } = IPAddress.Parse("203.0.113.2");

    public static IPAddress RouterToClient { get; } = IPAddress.Parse("203.0.113.1");

    /// <summary>The router↔client link.</summary>
    public static IpPrefix ClientLinkPrefix { get; } = IpPrefix.Parse("203.0.113.0/30");

    /// <summary>The address both gateways serve, inside <see cref="BgpTopology.ServicePrefix4"/>.</summary>
    public static IPAddress ServiceAddress { get; } = IPAddress.Parse("198.51.100.129");

    public static IpPrefix ServicePrefix => BgpTopology.ServicePrefix4;

    /// <summary>The namespace of gateway 1 or 2.</summary>
    public NetworkNamespace Gateway(int number) => number == 1 ? Gateway1 : Gateway2;

    /// <summary>Gateway 1's or 2's address on its link to the router (its router id and next hop).</summary>
    public static IPAddress GatewayAddress(int number) => number == 1 ? BgpTopology.HostAddress4 : Gateway2Address;

    public static async Task<TwoGatewayTopology> StartAsync()
    {
        BgpTopology bgp = await BgpTopology.StartAsync().ConfigureAwait(false);
        try
        {
            NetworkNamespace gateway2 = bgp.Own(await NetworkNamespace.CreateAsync("gateway2", bgp.Tag).ConfigureAwait(false));
            VethLink gateway2Link = bgp.Own(await VethLink.CreateAsync(bgp.Router, [$"{RouterToGateway2}/30"], gateway2, [$"{Gateway2Address}/30"]).ConfigureAwait(false));
            NetworkNamespace client = bgp.Own(await NetworkNamespace.CreateAsync("client", bgp.Tag).ConfigureAwait(false));
            VethLink clientLink = bgp.Own(await VethLink.CreateAsync(bgp.Router, [$"{RouterToClient}/30"], client, [$"{ClientAddress}/30"]).ConfigureAwait(false));
            await client.IpAsync("-4", "route", "add", "default", "via", RouterToClient.ToString()).ConfigureAwait(false);
            foreach ((NetworkNamespace gateway, IPAddress router) in new[] { (bgp.Host, BgpTopology.RouterAddress4), (gateway2, RouterToGateway2) })
            {
                await gateway.IpAsync("-4", "address", "add", $"{ServiceAddress}/32", "dev", "lo").ConfigureAwait(false);
                await gateway.IpAsync("-4", "route", "add", ClientLinkPrefix.ToString(), "via", router.ToString()).ConfigureAwait(false);
            }
            return new TwoGatewayTopology(bgp, gateway2, gateway2Link, client, clientLink);
        }
        catch
        {
            await bgp.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>BIRD with the shipped snippet, accepting hosts from both gateway links (198.51.100.0/29).</summary>
    public Task<BirdRouter> StartBirdAsync() =>
        Bgp.StartBirdAsync(BgpTopology.RouterSettings() with { HostRange4 = IpPrefix.Parse("198.51.100.0/29") });

    /// <summary>
    /// The BGP arguments of gateway <paramref name="number"/> (after <c>gate64 bgp</c>, or for a
    /// config file): AS 65001, its link address as router id, one IPv4 session to the router.
    /// </summary>
    public static (string RouterId, string Neighbor) BgpIdentity(int number) =>
        (GatewayAddress(number).ToString(),
         $"{(number == 1 ? BgpTopology.RouterAddress4 : RouterToGateway2)},as={BgpTopology.RouterAs.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The gateway the router sends the client's packets for <see cref="ServiceAddress"/> to now (1 or 2), or 0 when it has no route.</summary>
    public async Task<int> ChosenGatewayAsync()
    {
        string route = await Router.IpAsync("-4", "route", "get", ServiceAddress.ToString(), "from", ClientAddress.ToString(), "iif", ClientLink.FirstName).ConfigureAwait(false);
        return route.Contains($"via {GatewayAddress(1)} ", StringComparison.Ordinal) ? 1
            : route.Contains($"via {GatewayAddress(2)} ", StringComparison.Ordinal) ? 2
            : 0;
    }

    /// <summary>Takes the service address off gateway <paramref name="number"/>: it no longer answers for it.</summary>
    public Task RemoveServiceAddressAsync(int number) =>
        Gateway(number).IpAsync("-4", "address", "del", $"{ServiceAddress}/32", "dev", "lo");

    public ValueTask DisposeAsync() => Bgp.DisposeAsync();
}
