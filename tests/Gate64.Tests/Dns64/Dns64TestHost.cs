using Gate64.Dns64;
using Gate64.Protocols.Dns;
using Gate64.Protocols.Ip;
using Gate64.Tests.Resolver;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gate64.Tests.Dns64;

/// <summary>Builds the DNS64 responder and query handler over a <see cref="FakeDnsResolver"/>.</summary>
internal static class Dns64TestHost
{
    public static readonly Nat64Prefix TestPrefix = Nat64Prefix.Parse("2001:db8:64::/96");

    public static Dns64Options Options(Nat64Prefix? prefix = null)
    {
        Dns64Options options = new() { Prefix = prefix ?? TestPrefix };
        options.Allow.Add(IpPrefix.Parse("127.0.0.0/8"));
        options.Allow.Add(IpPrefix.Parse("::1/128"));
        return options;
    }

    public static Dns64Responder Responder(FakeDnsResolver resolver, Dns64Options options) =>
        new(resolver, Microsoft.Extensions.Options.Options.Create(options), Metrics());

    public static Dns64QueryHandler Handler(FakeDnsResolver resolver, Dns64Options options, TimeProvider time)
    {
        IOptions<Dns64Options> wrapped = Microsoft.Extensions.Options.Options.Create(options);
        return new Dns64QueryHandler(wrapped, new Dns64Responder(resolver, wrapped, Metrics()), time, Metrics(), NullLogger<Dns64QueryHandler>.Instance);
    }

    public static Dns64Metrics Metrics() => new(TestResolvers.MeterFactory);

    public static DnsMessage Query(string name, DnsRecordType type, ushort id = 0x1234, DnsEdns? edns = null) =>
        DnsMessage.CreateQuery(id, DnsName.Parse(name), type, recursionDesired: true, edns);

    public static byte[] Encode(DnsMessage message)
    {
        byte[] buffer = new byte[65535];
        Assert.True(message.TryWrite(buffer, out int length));
        return buffer[..length];
    }

    public static DnsMessage Decode(ReadOnlySpan<byte> wire)
    {
        Assert.Equal(DnsParseError.None, DnsMessage.TryParse(wire, out DnsMessage? message));
        return message!;
    }
}
