using Gate64.Configuration;
using Gate64.Tests.Links;

namespace Gate64.Tests.Configuration;

/// <summary>The commented example shipped in deploy/ is valid and shows every section and key.</summary>
public class DeployExampleTests
{
    [Fact]
    public void DeployExample_IsValidAndRunsEveryService()
    {
        Gate64ConfigResult result = Gate64ConfigReader.ReadFile(RepositoryFiles.Path("deploy/gate64.toml"));

        Assert.True(result.Config is not null, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(["nat64", "dns64", "ingress", "bgp"], result.Config.Services);
        Assert.NotNull(result.Config.Resolver);
        Assert.NotNull(result.Config.MetricsListen);
    }

    [Fact]
    public void DeployExample_WritesOrCommentsEveryKey()
    {
        string text = File.ReadAllText(RepositoryFiles.Path("deploy/gate64.toml"));
        (string Section, string[] Keys)[] sections =
        [
            ("[resolver]", ["upstream", "cache-mb"]),
            ("[dns64]", ["listen", "prefix", "allow", "exclude", "cache-mb"]),
            ("[ingress]", ["listen", "resolver", "permit", "proxy-protocol", "nat46-prefix", "first-bytes-timeout", "connect-timeout", "idle-timeout", "max-connections", "quic", "quic-idle-timeout", "max-quic-flows"]),
            ("[nat64]", ["tun", "prefix", "pool4", "allow", "no-routes", "queues", "mtu", "quota", "address-dependent-filtering", "log-mappings", "offload"]),
            ("[bgp]", ["local-as", "router-id", "announce", "announce-services", "no-owned-routes", "hold-time", "graceful-restart", "community", "large-community"]),
            ("[[bgp.neighbor]]", ["address", "as", "port", "next-hop4", "next-hop6"]),
            ("[metrics]", ["listen"]),
        ];

        foreach ((string section, string[] keys) in sections)
        {
            int start = text.IndexOf($"\n{section}\n", StringComparison.Ordinal);
            Assert.True(start >= 0, $"{section} is missing");
            // The neighbor tables end where the next other table starts: both neighbors count.
            string next = section == "[[bgp.neighbor]]" ? "\n[metrics]" : "\n[";
            int end = text.IndexOf(next, start + section.Length + 1, StringComparison.Ordinal);
            string body = end < 0 ? text[start..] : text[start..end];
            foreach (string key in keys)
            {
                Assert.True(System.Text.RegularExpressions.Regex.IsMatch(body, $@"(?m)^(# )?{System.Text.RegularExpressions.Regex.Escape(key)} = "), $"{section} does not show {key}");
            }
        }
    }
}
