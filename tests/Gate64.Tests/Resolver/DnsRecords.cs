using System.Net;
using Gate64.Protocols.Dns;

namespace Gate64.Tests.Resolver;

/// <summary>Builders of records and responses for scripted upstreams and fake resolvers.</summary>
internal static class DnsRecords
{
    public static DnsName Name(string text) => DnsName.Parse(text);

    public static DnsResourceRecord A(string name, string address, uint ttl = 300) =>
        new(Name(name), DnsRecordType.A, DnsClass.IN, ttl, DnsRdata.FromAddress(IPAddress.Parse(address)));

    public static DnsResourceRecord Aaaa(string name, string address, uint ttl = 300) =>
        new(Name(name), DnsRecordType.AAAA, DnsClass.IN, ttl, DnsRdata.FromAddress(IPAddress.Parse(address)));

    public static DnsResourceRecord Cname(string name, string target, uint ttl = 300) =>
        new(Name(name), DnsRecordType.CNAME, DnsClass.IN, ttl, DnsRdata.FromName(Name(target)));

    public static DnsResourceRecord Ptr(string name, string target, uint ttl = 300) =>
        new(Name(name), DnsRecordType.PTR, DnsClass.IN, ttl, DnsRdata.FromName(Name(target)));

    public static DnsResourceRecord Soa(string zone, uint ttl, uint minimum) =>
        new(Name(zone), DnsRecordType.SOA, DnsClass.IN, ttl,
            DnsRdata.FromSoa(new DnsSoa(Name("ns1." + zone), Name("hostmaster." + zone), 2026112401, 7200, 900, 1209600, minimum)));

    /// <summary>A NOERROR response to <paramref name="query"/> with these answers.</summary>
    public static DnsMessage Reply(DnsMessage query, params DnsResourceRecord[] answers) =>
        Reply(query, DnsResponseCode.NoError, answers, []);

    public static DnsMessage Reply(DnsMessage query, DnsResponseCode code, DnsResourceRecord[] answers, DnsResourceRecord[] authorities)
    {
        DnsMessage response = query.CreateResponse();
        response.RecursionAvailable = true;
        response.ResponseCode = code;
        response.Answers.AddRange(answers);
        response.Authorities.AddRange(authorities);
        if (query.Edns is not null)
        {
            response.Edns = DnsEdns.Default with { DnssecOk = query.Edns.DnssecOk };
        }
        return response;
    }

    /// <summary>A response as a resolver returns it: for one question, without a query to answer.</summary>
    public static DnsMessage Response(string name, DnsRecordType type, DnsResponseCode code, DnsResourceRecord[] answers, DnsResourceRecord[]? authorities = null) =>
        Reply(DnsMessage.CreateQuery(0, Name(name), type), code, answers, authorities ?? []);
}
