using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Gate64.Diagnostics;

/// <summary>The IPv4 addresses A records should point at when <c>--gateway</c> is not given.</summary>
internal static class GatewayAddresses
{
    /// <summary>Every IPv4 address configured on this host's interfaces, except loopback, in interface order.</summary>
    public static IReadOnlyList<IPAddress> OfThisHost()
    {
        List<IPAddress> addresses = [];
        foreach (NetworkInterface networkInterface in NetworkInterface.GetAllNetworkInterfaces())
        {
            foreach (UnicastIPAddressInformation unicast in networkInterface.GetIPProperties().UnicastAddresses)
            {
                if (unicast.Address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(unicast.Address) && !addresses.Contains(unicast.Address))
                {
                    addresses.Add(unicast.Address);
                }
            }
        }
        return addresses;
    }
}
