using System.Net;
using System.Net.Sockets;
using Gate64.Diagnostics;

namespace Gate64.Tests.Diagnostics;

public sealed class GatewayAddressesTests
{
    [Fact]
    public void OfThisHost_IsOnlyIpv4WithoutLoopbackOrDuplicates()
    {
        IReadOnlyList<IPAddress> addresses = GatewayAddresses.OfThisHost();

        Assert.All(addresses, address =>
        {
            Assert.Equal(AddressFamily.InterNetwork, address.AddressFamily);
            Assert.False(IPAddress.IsLoopback(address), $"{address} is loopback");
        });
        Assert.Equal(addresses.Count, addresses.Distinct().Count());
    }
}
