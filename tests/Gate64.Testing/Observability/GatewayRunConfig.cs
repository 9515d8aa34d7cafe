using System.Globalization;
using System.Text;
using Gate64.Testing.Routing;

namespace Gate64.Testing.Observability;

/// <summary>
/// The <c>gate64.toml</c> of one gateway of a <see cref="TwoGatewayTopology"/>: the ingress on the
/// shared service address (so <c>announce-services</c> gates 198.51.100.129/32 on the ingress's
/// health), one BGP session to the router, and <c>/metrics</c> with <c>/healthz</c> on the
/// gateway's own loopback. The resolver points at a port where nothing answers: requests for any
/// name are refused (dns_failure), which is all these tests need from the ingress.
/// </summary>
public static class GatewayRunConfig
{
    /// <summary>Where the ingress listens on every gateway.</summary>
    public const int IngressPort = 8080;

    /// <summary>Where <c>/metrics</c> and <c>/healthz</c> are served inside each gateway's namespace.</summary>
    public const string MetricsListen = "127.0.0.1:9164";

    /// <summary>Writes the file for gateway <paramref name="number"/> into <paramref name="directory"/>; returns its path.</summary>
    public static string Write(TempDirectory directory, int number)
    {
        ArgumentNullException.ThrowIfNull(directory);
        (string routerId, string neighbor) = TwoGatewayTopology.BgpIdentity(number);
        string[] neighborParts = neighbor.Split(",as=");
        StringBuilder toml = new();
        toml.Append(CultureInfo.InvariantCulture, $"""
            # gateway {number} of a two-gateway test topology
            [resolver]
            upstream = ["127.0.0.1:1"]

            [ingress]
            listen = ["{TwoGatewayTopology.ServiceAddress}:{IngressPort}=80"]
            permit = ["2001:db8::/32"]
            first-bytes-timeout = 2

            [bgp]
            local-as = {BgpTopology.HostAs}
            router-id = "{routerId}"
            no-owned-routes = true
            hold-time = 9

            [[bgp.neighbor]]
            address = "{neighborParts[0]}"
            as = {neighborParts[1]}

            [metrics]
            listen = "{MetricsListen}"

            """);
        string path = directory.Combine($"gateway{number}.toml");
        File.WriteAllText(path, toml.ToString());
        return path;
    }
}
