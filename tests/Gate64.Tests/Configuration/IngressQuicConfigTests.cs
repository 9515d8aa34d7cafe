using System.Net;
using Gate64.Configuration;
using Gate64.Ingress;
using static Gate64.Tests.Configuration.ConfigTexts;

namespace Gate64.Tests.Configuration;

/// <summary><c>[ingress] quic</c>, <c>quic-idle-timeout</c> and <c>max-quic-flows</c>: the file's form of <c>--quic</c> and its limits.</summary>
public class IngressQuicConfigTests
{
    private const string WithQuic = """
        [resolver]
        upstream = ["[2001:db8:53::1]:53"]

        [ingress]
        listen = ["192.0.2.10:443"]
        quic = ["192.0.2.10:443", "192.0.2.10:8443=443"]
        quic-idle-timeout = 45
        max-quic-flows = 2000
        permit = ["2001:db8:200::/40"]
        """;

    [Fact]
    public void Parse_QuicKeys_BecomeTheIngressOptions()
    {
        IngressOptions ingress = Build(Valid(WithQuic).Ingress);

        Assert.Equal(
            [new IngressListenerOptions(IPEndPoint.Parse("192.0.2.10:443"), 443), new IngressListenerOptions(IPEndPoint.Parse("192.0.2.10:8443"), 443)],
            ingress.Quic);
        Assert.Equal(TimeSpan.FromSeconds(45), ingress.QuicIdleTimeout);
        Assert.Equal(2000, ingress.MaxQuicFlows);
    }

    [Fact]
    public void Parse_WithoutQuic_HasNoQuicListenerAndTheCommandsDefaults()
    {
        IngressOptions ingress = Build(Valid(WithQuic
            .Replace("quic = [\"192.0.2.10:443\", \"192.0.2.10:8443=443\"]\n", "", StringComparison.Ordinal)
            .Replace("quic-idle-timeout = 45\n", "", StringComparison.Ordinal)
            .Replace("max-quic-flows = 2000\n", "", StringComparison.Ordinal)).Ingress);

        Assert.Empty(ingress.Quic);
        Assert.Equal(TimeSpan.FromSeconds(30), ingress.QuicIdleTimeout);
        Assert.Equal(10_000, ingress.MaxQuicFlows);
    }

    [Theory]
    [InlineData("quic = [\"192.0.2.10\"]", "gate64.toml:6: ingress.quic[0]:")]
    [InlineData("quic = [\"192.0.2.10:443=0\"]", "gate64.toml:6: ingress.quic[0]:")]
    [InlineData("quic-idle-timeout = 0", "gate64.toml:7: ingress.quic-idle-timeout:")]
    [InlineData("max-quic-flows = 0", "gate64.toml:8: ingress.max-quic-flows: expected a whole number from 1 to 1000000, found the number 0.")]
    public void Parse_InvalidQuicValues_AreErrorsWithFileAndLine(string line, string expected)
    {
        string key = line.Split(' ')[0];
        string text = string.Join('\n', WithQuic.Split('\n').Select(original => original.StartsWith(key + " =", StringComparison.Ordinal) ? line : original));

        string error = Assert.Single(Errors(text));

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Reload_QuicLimits_Apply_ButNewQuicAddressesNeedARestart()
    {
        Gate64ConfigStore store = new(Valid(WithQuic));

        ReloadResult limits = store.TryApply(Valid(WithQuic
            .Replace("quic-idle-timeout = 45", "quic-idle-timeout = 60", StringComparison.Ordinal)
            .Replace("max-quic-flows = 2000", "max-quic-flows = 3000", StringComparison.Ordinal)));
        ReloadResult addresses = store.TryApply(Valid(WithQuic.Replace("192.0.2.10:8443=443", "192.0.2.10:9443=443", StringComparison.Ordinal)));

        Assert.Equal(ReloadStatus.Applied, limits.Status);
        Assert.Equal(["ingress.quic-idle-timeout", "ingress.max-quic-flows"], limits.Keys);
        Assert.Equal(ReloadStatus.NeedsRestart, addresses.Status);
        Assert.Equal(["ingress.quic"], addresses.Keys);
    }
}
