using System.Net;
using Gate64.Protocols.Nat64;

namespace Gate64.Protocols.Tests.Nat64;

public class Nat64MappingTests
{
    [Fact]
    public void Create_FromAddressesAndBytes_HoldsBigEndianValues()
    {
        Nat64Mapping fromAddresses = Nat64Mapping.Create(IPAddress.Parse("192.0.2.1"), IPAddress.Parse("198.51.100.7"), 1, 2);
        Nat64Mapping fromBytes = Nat64Mapping.Create([192, 0, 2, 1], [198, 51, 100, 7], 1, 2);

        Assert.Equal(fromAddresses, fromBytes);
        Assert.Equal((UInt128)0xC0000201, fromAddresses.Source);
        Assert.Equal((UInt128)0xC6336407, fromAddresses.Destination);
        Assert.Equal(new UInt128(0x2001_0db8_0000_0000, 1), Nat64Mapping.ToValue(IPAddress.Parse("2001:db8::1")));
    }

    [Fact]
    public void WithInner_SetsOnlyTheInnerRewrite()
    {
        Nat64Mapping outer = Nat64Mapping.Create(IPAddress.Parse("2001:db8::1"), IPAddress.Parse("2001:db8::2"), 3, 4);

        Nat64Mapping both = outer.WithInner(IPAddress.Parse("2001:db8::2"), IPAddress.Parse("2001:db8::3"), 5, 6);

        Assert.Equal(outer.Source, both.Source);
        Assert.Equal(outer.SourcePort, both.SourcePort);
        Assert.Equal(Nat64Mapping.ToValue(IPAddress.Parse("2001:db8::3")), both.InnerDestination);
        Assert.Equal(5, both.InnerSourcePort);
        Assert.Equal(6, both.InnerDestinationPort);
    }

    [Fact]
    public void ToValue_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => Nat64Mapping.ToValue(new byte[5]));
    }

    [Fact]
    public void TranslatorOptions_OutOfRangeMtus_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Translator(new TranslatorOptions { LowestIpv6Mtu = 1279 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Translator(new TranslatorOptions { Ipv6Mtu = 1000 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Translator(new TranslatorOptions { Ipv4Mtu = 67 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Translator(new TranslatorOptions { Ipv4Mtu = 65536 }));
    }
}
