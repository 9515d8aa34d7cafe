using System.Net;
using Gate64.Platform;

namespace Gate64.Tests.Platform;

public class InterfaceAddressesTests
{
    [Fact]
    public void List_HasTheLoopbackAddressesWithTheirPrefixLengths()
    {
        IReadOnlyList<InterfaceAddress> addresses = InterfaceAddresses.List();

        Assert.Contains(new InterfaceAddress("lo", IPAddress.Loopback, 8), addresses);
        Assert.Contains(new InterfaceAddress("lo", IPAddress.IPv6Loopback, 128), addresses);
    }

    [Fact]
    public void List_AgreesWithTheRuntimesViewOfTheInterfaces()
    {
        HashSet<(string, IPAddress, int)> ours = [.. InterfaceAddresses.List().Select(a => (a.Interface, StripScope(a.Address), a.PrefixLength))];

        foreach (System.Net.NetworkInformation.NetworkInterface networkInterface in System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces())
        {
            foreach (System.Net.NetworkInformation.UnicastIPAddressInformation unicast in networkInterface.GetIPProperties().UnicastAddresses)
            {
                Assert.Contains((networkInterface.Name, StripScope(unicast.Address), unicast.PrefixLength), ours);
            }
        }
    }

    private static IPAddress StripScope(IPAddress address) => new(address.GetAddressBytes());
}
