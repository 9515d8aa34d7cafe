using System.Net;
using System.Reflection;
using Gate64.Cli.Demo;
using Gate64.Protocols.Ip;

namespace Gate64.Tests.Demo;

/// <summary>The demo uses documentation prefixes only (RFC 5737, RFC 3849), and the plan is consistent.</summary>
public class DemoAddressPlanTests
{
    private static readonly IpPrefix[] s_documentation =
    [
        IpPrefix.Parse("192.0.2.0/24"),
        IpPrefix.Parse("198.51.100.0/24"),
        IpPrefix.Parse("203.0.113.0/24"),
        IpPrefix.Parse("2001:db8::/32"),
    ];

    public static TheoryData<string, string> PlanAddresses()
    {
        TheoryData<string, string> data = [];
        foreach (FieldInfo field in typeof(DemoAddresses).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)))
        {
            string value = (string)field.GetRawConstantValue()!;
            if (IpPrefix.TryParse(value, out _))
            {
                data.Add(field.Name, value);
            }
        }
        foreach (DemoRole role in new[] { DemoRole.Gateway, DemoRole.HostA, DemoRole.HostB, DemoRole.Client, DemoRole.Web })
        {
            DemoUplink uplink = DemoAddresses.Uplink(role);
            foreach (string? address in new[] { uplink.RouterIpv4, uplink.PeerIpv4, uplink.RouterIpv6, uplink.PeerIpv6 })
            {
                if (address is not null)
                {
                    data.Add($"Uplink({role})", address);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PlanAddresses))]
    public void EveryAddressAndPrefix_IsInsideADocumentationPrefix(string what, string value)
    {
        IpPrefix prefix = IpPrefix.Parse(value);

        Assert.True(s_documentation.Any(d => d.Contains(prefix)), $"{what} = {value} is outside the documentation prefixes");
    }

    [Fact]
    public void PlanAddresses_FindsTheConstants() =>
        Assert.True(PlanAddresses().Count() > 20);

    [Fact]
    public void WebVia64_IsTheWebServerEmbeddedInTheNat64Prefix() =>
        Assert.Equal(
            IPAddress.Parse(DemoAddresses.WebVia64),
            Nat64Prefix.Parse(DemoAddresses.Nat64Prefix).Embed(IPAddress.Parse(DemoAddresses.WebAddress)));

    [Fact]
    public void Uplinks_SessionAddresses_AreInsideTheRoutersNeighbourRanges()
    {
        IpPrefix range4 = IpPrefix.Parse(DemoAddresses.HostRange4);
        IpPrefix range6 = IpPrefix.Parse(DemoAddresses.HostRange6);
        foreach (DemoRole role in new[] { DemoRole.Gateway, DemoRole.HostA, DemoRole.HostB })
        {
            DemoUplink uplink = DemoAddresses.Uplink(role);
            Assert.True(range4.Contains(IPAddress.Parse(uplink.PeerIpv4)), $"{role} {uplink.PeerIpv4}");
            Assert.True(range6.Contains(IPAddress.Parse(uplink.PeerIpv6!)), $"{role} {uplink.PeerIpv6}");
        }
        Assert.False(range4.Contains(IPAddress.Parse(DemoAddresses.Uplink(DemoRole.Client).PeerIpv4)));
        Assert.False(range4.Contains(IPAddress.Parse(DemoAddresses.Uplink(DemoRole.Web).PeerIpv4)));
    }

    [Fact]
    public void Workloads_AreInsideThePool_AndTheServicePrefixesDoNotOverlapAnything()
    {
        IpPrefix pool6 = IpPrefix.Parse(DemoAddresses.WorkloadPool6);
        Assert.True(pool6.Contains(IPAddress.Parse(DemoAddresses.Workload1)));
        Assert.True(pool6.Contains(IPAddress.Parse(DemoAddresses.Workload2)));

        IpPrefix[] separate =
        [
            IpPrefix.Parse(DemoAddresses.Nat64Pool),
            IpPrefix.Parse($"{DemoAddresses.IngressAddress}/32"),
            IpPrefix.Parse(DemoAddresses.HostRange4),
            IpPrefix.Parse($"{DemoAddresses.WebAddress}/{DemoAddresses.WebPrefixLength}"),
            IpPrefix.Parse($"{DemoAddresses.ClientAddress}/{DemoAddresses.ClientPrefixLength}"),
            IpPrefix.Parse(DemoAddresses.WorkloadPool4),
            IpPrefix.Parse(DemoAddresses.Nat64Prefix),
            IpPrefix.Parse($"{DemoAddresses.Dns64Address}/128"),
            IpPrefix.Parse(DemoAddresses.HostRange6),
            pool6,
        ];
        for (int i = 0; i < separate.Length; i++)
        {
            for (int j = i + 1; j < separate.Length; j++)
            {
                Assert.False(separate[i].Overlaps(separate[j]), $"{separate[i]} overlaps {separate[j]}");
            }
        }
    }
}
