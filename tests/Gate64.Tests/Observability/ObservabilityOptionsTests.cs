using System.Net;
using Gate64.Diagnostics;

namespace Gate64.Tests.Observability;

public sealed class ObservabilityOptionsTests
{
    [Fact]
    public void Validate_NoListener_IsValid()
    {
        Assert.Empty(new ObservabilityOptions().Validate());
    }

    [Theory]
    [InlineData("127.0.0.1", 9164)]
    [InlineData("::1", 9164)]
    [InlineData("192.0.2.10", 0)]
    [InlineData("2001:db8::10", 9164)]
    public void Validate_OneUnicastAddress_IsValid(string address, int port)
    {
        Assert.Empty(new ObservabilityOptions { Listen = new IPEndPoint(IPAddress.Parse(address), port) }.Validate());
    }

    [Theory]
    [InlineData("0.0.0.0", "0.0.0.0:9164 is every address")]
    [InlineData("::", "[::]:9164 is every address")]
    public void Validate_Wildcard_IsRefusedWithTheWayOut(string address, string expected)
    {
        string error = Assert.Single(new ObservabilityOptions { Listen = new IPEndPoint(IPAddress.Parse(address), 9164) }.Validate());

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:9164", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("224.0.0.1")]
    [InlineData("ff02::1")]
    [InlineData("255.255.255.255")]
    [InlineData("::ffff:192.0.2.1")]
    public void Validate_NotAUnicastAddress_IsRefused(string address)
    {
        string error = Assert.Single(new ObservabilityOptions { Listen = new IPEndPoint(IPAddress.Parse(address), 9164) }.Validate());

        Assert.Contains("not a unicast address", error, StringComparison.Ordinal);
    }
}
