using System.Net;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Harness;

public sealed class DnsReadinessTests
{
    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task WaitAsync_ServerThatNeverAnswers_FailsAfterTheTimeout()
    {
        await using ChildProcess notDns = ChildProcess.Start(RequiredTool.Find("sleep"), ["30"]);
        using FreePort port = FreePort.Reserve();
        port.Release();

        Exception error = await Assert.ThrowsAnyAsync<Exception>(
            () => DnsReadiness.WaitAsync(notDns, port.IPv4EndPoint, "ready.test.", "TXT", TimeSpan.FromSeconds(1)));

        Assert.Equal("Xunit.Sdk.FailException", error.GetType().FullName);
        Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task StartAsync_Gate64ThatExits_FailsWithItsOutput()
    {
        Gate64Dns64Options options = new()
        {
            Upstream = new IPEndPoint(IPAddress.Loopback, 9),
            Prefix = "2001:db8::/33",
            ListenOnIPv6Loopback = false,
        };

        Exception error = await Assert.ThrowsAnyAsync<Exception>(() => Gate64Dns64Process.StartAsync(options));

        Assert.Equal("Xunit.Sdk.FailException", error.GetType().FullName);
        Assert.Contains("exited before it answered", error.Message, StringComparison.Ordinal);
        Assert.Contains("2001:db8::/33", error.Message, StringComparison.Ordinal);
    }
}
