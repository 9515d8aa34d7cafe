using System.Buffers.Binary;
using Gate64.Nat64.State;
using Gate64.Protocols.Ip;
using Microsoft.Extensions.Time.Testing;

namespace Gate64.Tests.Configuration;

/// <summary>A reload changes who may use the NAT64 and their quota in the running table, and cuts no flow.</summary>
public class Nat64PolicyReloadTests
{
    private static readonly UInt128 s_clientA = Address("2001:db8:200::a");
    private static readonly UInt128 s_clientB = Address("2001:db8:300::b");
    private static readonly uint s_server = BinaryPrimitives.ReadUInt32BigEndian([198, 51, 100, 80]);

    [Fact]
    public void UpdatePolicy_NewAllowList_AppliesToNewBindingsAndKeepsTheOldOnes()
    {
        Nat64StateTable table = Table(allow: ["2001:db8:200::/40"], quota: 10);
        Assert.Equal(Nat64Verdict.Forward, Outbound(table, s_clientA, 40000));
        Assert.Equal(Nat64Verdict.NotAllowed, Outbound(table, s_clientB, 40000));

        table.UpdatePolicy([IpPrefix.Parse("2001:db8:300::/40")], 10);

        Assert.Equal(Nat64Verdict.Forward, Outbound(table, s_clientB, 40000));
        Assert.Equal(Nat64Verdict.Forward, Outbound(table, s_clientA, 40000));   // its binding and session live on
        Assert.Equal(Nat64Verdict.NotAllowed, Outbound(table, s_clientA, 40001));  // but it gets no new one
        Assert.Equal(2, table.BindingCount);
    }

    [Fact]
    public void UpdatePolicy_LowerQuota_RefusesNewBindingsAboveItAndKeepsTheOldOnes()
    {
        Nat64StateTable table = Table(allow: ["2001:db8:200::/40"], quota: 3);
        for (ushort port = 40000; port < 40003; port++)
        {
            Assert.Equal(Nat64Verdict.Forward, Outbound(table, s_clientA, port));
        }

        table.UpdatePolicy([IpPrefix.Parse("2001:db8:200::/40")], 1);

        Assert.Equal(Nat64Verdict.QuotaExceeded, Outbound(table, s_clientA, 40003));
        Assert.Equal(Nat64Verdict.Forward, Outbound(table, s_clientA, 40002));
        Assert.Equal(3, table.BindingCount);

        table.UpdatePolicy([IpPrefix.Parse("2001:db8:200::/40")], 5);
        Assert.Equal(Nat64Verdict.Forward, Outbound(table, s_clientA, 40003));
    }

    [Fact]
    public void UpdatePolicy_InvalidValues_AreRefusedAndChangeNothing()
    {
        Nat64StateTable table = Table(allow: ["2001:db8:200::/40"], quota: 3);

        Assert.Throws<ArgumentException>(() => table.UpdatePolicy([IpPrefix.Parse("10.0.0.0/8")], 3));
        Assert.Throws<ArgumentException>(() => table.UpdatePolicy([IpPrefix.Parse("2001:db8:300::/40")], 0));

        Assert.Equal(Nat64Verdict.Forward, Outbound(table, s_clientA, 40000));
        Assert.Equal(Nat64Verdict.NotAllowed, Outbound(table, s_clientB, 40000));
    }

    private static Nat64StateTable Table(string[] allow, int quota) => new(
        new Nat64StateOptions
        {
            Pool4 = IpPrefix.Parse("203.0.113.0/30"),
            Allow = [.. allow.Select(IpPrefix.Parse)],
            PortQuotaPerClient = quota,
        },
        new FakeTimeProvider());

    private static Nat64Verdict Outbound(Nat64StateTable table, UInt128 client, ushort port) =>
        table.Outbound(new Flow6(Nat64Protocol.Udp, client, port, s_server, 53), TcpFlags.None, out _, out _);

    private static UInt128 Address(string text) => BinaryPrimitives.ReadUInt128BigEndian(System.Net.IPAddress.Parse(text).GetAddressBytes());
}
